-- Overdue ARMS assessments, visits and supervisory reviews per month and LPA, every LPA listed (zeros included), for small-number suppression.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: rso_caseload
-- returns: month DATE, lpa VARCHAR, arms_overdue BIGINT, visits_overdue BIGINT, reviews_overdue BIGINT
with snapshots as (
    select *, (month + interval 1 month - interval 1 day)::date as snapshot_date
    from rso_caseload
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
),

cells as (
    select months.month, lpas.lpa
    from (select distinct month from snapshots) as months cross join (select unnest($lpas) as lpa) as lpas
),

final as (
    select
        cells.month,
        cells.lpa,
        count(*) filter (where s.arms_due_date < s.snapshot_date and coalesce(s.arms_completed_date < s.arms_due_date, true))
            as arms_overdue,
        count(*) filter (where s.visit_due_date < s.snapshot_date and coalesce(s.last_visit_date < s.visit_due_date, true))
            as visits_overdue,
        count(*) filter (where s.review_due_date < s.snapshot_date and coalesce(s.last_review_date < s.review_due_date, true))
            as reviews_overdue
    from cells
    left join snapshots as s using (month, lpa)
    group by cells.month, cells.lpa
)

select * from final order by month, lpa
