-- Registered sex offender caseload at each month end: overdue ARMS assessments, visits and supervisory reviews, offender managers (risk levels: sex_offenders/by_risk).
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: rso_flagged
-- returns: month DATE, caseload BIGINT public, arms_overdue BIGINT sensitive, visits_overdue BIGINT sensitive, reviews_overdue BIGINT sensitive, offender_managers BIGINT public, caseload_per_manager DOUBLE
with final as (
    select
        month,
        count(*) as caseload,
        count(*) filter (where arms_overdue) as arms_overdue,
        count(*) filter (where visit_overdue) as visits_overdue,
        count(*) filter (where review_overdue) as reviews_overdue,
        count(distinct offender_manager_id) as offender_managers,
        count(*) / count(distinct offender_manager_id)::double as caseload_per_manager
    from rso_flagged
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
    group by month
)

select * from final order by month
