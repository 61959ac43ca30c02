-- Registered sex offender caseload by LPA at the end of each comparison window: caseload, overdue ARMS assessments, visits and reviews, caseload per offender manager.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: rso_caseload
-- returns: lpa VARCHAR, window_label VARCHAR, caseload BIGINT, arms_overdue BIGINT, visits_overdue BIGINT, reviews_overdue BIGINT, caseload_per_manager DOUBLE
with windows as (
    select * from (values ('What was', $was_start::date, $was_end::date), ('What is', $is_start::date, $is_end::date))
        as w(window_label, window_start, window_end)
),

-- Each window is read at its last month's snapshot, like a backlog.
cells as (
    select
        lpas.lpa,
        windows.window_label,
        (windows.window_end - interval 1 month)::date as month,
        (windows.window_end - interval 1 day)::date as snapshot_date
    from (select unnest($lpas) as lpa) as lpas cross join windows
),

flagged as (
    select
        cells.lpa,
        cells.window_label,
        rso.offender_id,
        rso.offender_manager_id,
        coalesce(rso.arms_due_date < cells.snapshot_date and coalesce(rso.arms_completed_date < rso.arms_due_date, true), false)
            as arms_overdue,
        coalesce(rso.visit_due_date < cells.snapshot_date and coalesce(rso.last_visit_date < rso.visit_due_date, true), false)
            as visit_overdue,
        coalesce(rso.review_due_date < cells.snapshot_date and coalesce(rso.last_review_date < rso.review_due_date, true), false)
            as review_overdue
    from cells
    left join rso_caseload as rso on rso.lpa = cells.lpa and rso.month = cells.month
),

final as (
    select
        lpa,
        window_label,
        count(offender_id) as caseload,
        count(*) filter (where arms_overdue) as arms_overdue,
        count(*) filter (where visit_overdue) as visits_overdue,
        count(*) filter (where review_overdue) as reviews_overdue,
        count(offender_id) / nullif(count(distinct offender_manager_id), 0)::double as caseload_per_manager
    from flagged
    group by lpa, window_label
)

select * from final order by lpa, window_label desc
