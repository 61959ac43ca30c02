-- Registered sex offender caseload at each month end: overdue ARMS assessments, visits and supervisory reviews, offender managers (risk levels: sex_offenders/by_risk).
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: rso_caseload
-- returns: month DATE, caseload BIGINT, arms_overdue BIGINT, visits_overdue BIGINT, reviews_overdue BIGINT, offender_managers BIGINT, caseload_per_manager DOUBLE
with snapshots as (
    select *, (month + interval 1 month - interval 1 day)::date as snapshot_date
    from rso_caseload
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
),

-- Overdue: the record's own due date has passed by the snapshot date and nothing was done on or
-- after it (no national fixed frequency, so never a fixed interval).
flagged as (
    select
        *,
        coalesce(arms_due_date < snapshot_date and coalesce(arms_completed_date < arms_due_date, true), false)
            as arms_overdue,
        coalesce(visit_due_date < snapshot_date and coalesce(last_visit_date < visit_due_date, true), false)
            as visit_overdue,
        coalesce(review_due_date < snapshot_date and coalesce(last_review_date < review_due_date, true), false)
            as review_overdue
    from snapshots
),

final as (
    select
        month,
        count(*) as caseload,
        count(*) filter (where arms_overdue) as arms_overdue,
        count(*) filter (where visit_overdue) as visits_overdue,
        count(*) filter (where review_overdue) as reviews_overdue,
        count(distinct offender_manager_id) as offender_managers,
        count(*) / count(distinct offender_manager_id)::double as caseload_per_manager
    from flagged
    group by month
)

select * from final order by month
