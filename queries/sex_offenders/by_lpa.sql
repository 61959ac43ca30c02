-- Registered sex offender caseload for every LPA at the end of each comparison window: caseload, overdue ARMS assessments, visits and reviews, caseload per offender manager.
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: rso_flagged
-- returns: lpa VARCHAR, window_label VARCHAR, caseload BIGINT public, arms_overdue BIGINT sensitive, visits_overdue BIGINT sensitive, reviews_overdue BIGINT sensitive, caseload_per_manager DOUBLE
-- Each window is read at its last month's snapshot, like a backlog.
with cells as (select * from lpa_windows($force_lpas, $was_start, $was_end, $is_start, $is_end)),

final as (
    select
        cells.lpa,
        cells.window_label,
        count(rso.offender_id) as caseload,
        count(*) filter (where rso.arms_overdue) as arms_overdue,
        count(*) filter (where rso.visit_overdue) as visits_overdue,
        count(*) filter (where rso.review_overdue) as reviews_overdue,
        count(rso.offender_id) / nullif(count(distinct rso.offender_manager_id), 0)::double as caseload_per_manager
    from cells
    left join rso_flagged as rso on rso.lpa = cells.lpa and rso.month = cells.last_month
    group by cells.lpa, cells.window_label
)

select * from final order by lpa, window_label desc
