-- Registered sex offender caseload of the chosen LPAs by risk level at the end of each comparison window, with overdue ARMS assessments and visits; every level listed (zeros included).
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: rso_flagged
-- returns: risk_level VARCHAR, window_label VARCHAR, offenders BIGINT sensitive, arms_overdue BIGINT sensitive, visits_overdue BIGINT sensitive
with levels as (
    select * from (values (1, 'very high'), (2, 'high'), (3, 'medium'), (4, 'low')) as l(rank, risk_level)
),

-- Each window is read at its last month's snapshot, like a backlog.
cells as (
    select levels.*, windows.window_label, (windows.window_end - interval 1 month)::date as month
    from levels cross join comparison_windows($was_start, $was_end, $is_start, $is_end) as windows
),

final as (
    select
        cells.risk_level,
        cells.window_label,
        count(rso.offender_id) as offenders,
        count(*) filter (where rso.arms_overdue) as arms_overdue,
        count(*) filter (where rso.visit_overdue) as visits_overdue,
        any_value(cells.rank) as rank
    from cells
    left join rso_flagged as rso
        on rso.risk_level = cells.risk_level and rso.month = cells.month and rso.lpa in (select unnest($lpas))
    group by cells.risk_level, cells.window_label
)

select risk_level, window_label, offenders, arms_overdue, visits_overdue from final order by rank, window_label desc
