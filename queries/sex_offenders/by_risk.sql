-- Registered sex offender caseload by LPA and risk level at the end of each comparison window, with overdue ARMS assessments and visits; every LPA and level listed (zeros included).
-- params: $lpas (VARCHAR[], LPA codes), $was_end, $is_end (DATE, exclusive ends of the windows)
-- extracts: rso_caseload
-- returns: lpa VARCHAR, risk_level VARCHAR, window_label VARCHAR, offenders BIGINT, arms_overdue BIGINT, visits_overdue BIGINT
with windows as (
    select
        window_label,
        (window_end - interval 1 month)::date as month,
        (window_end - interval 1 day)::date as snapshot_date
    from (values ('What was', $was_end::date), ('What is', $is_end::date)) as w(window_label, window_end)
),

levels as (
    select * from (values (1, 'very high'), (2, 'high'), (3, 'medium'), (4, 'low')) as l(rank, risk_level)
),

cells as (
    select lpas.lpa, levels.rank, levels.risk_level, windows.*
    from (select unnest($lpas) as lpa) as lpas cross join levels cross join windows
),

final as (
    select
        cells.lpa,
        cells.risk_level,
        cells.window_label,
        count(rso.offender_id) as offenders,
        count(*) filter (
            where rso.arms_due_date < cells.snapshot_date and coalesce(rso.arms_completed_date < rso.arms_due_date, true)
        ) as arms_overdue,
        count(*) filter (
            where rso.visit_due_date < cells.snapshot_date and coalesce(rso.last_visit_date < rso.visit_due_date, true)
        ) as visits_overdue,
        any_value(cells.rank) as rank
    from cells
    left join rso_caseload as rso
        on rso.lpa = cells.lpa and rso.risk_level = cells.risk_level and rso.month = cells.month
    group by cells.lpa, cells.risk_level, cells.window_label
)

select lpa, risk_level, window_label, offenders, arms_overdue, visits_overdue
from final order by rank, window_label desc, lpa
