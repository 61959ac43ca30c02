-- Registered sex offender caseload by risk level at the end of each comparison window, with overdue ARMS assessments and visits.
-- params: $lpas (VARCHAR[], LPA codes), $was_end, $is_end (DATE, exclusive ends of the windows)
-- extracts: rso_caseload
-- returns: risk_level VARCHAR, window_label VARCHAR, offenders BIGINT, arms_overdue BIGINT, visits_overdue BIGINT
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

flagged as (
    select
        windows.window_label,
        rso.risk_level,
        coalesce(rso.arms_due_date < windows.snapshot_date and coalesce(rso.arms_completed_date < rso.arms_due_date, true), false)
            as arms_overdue,
        coalesce(rso.visit_due_date < windows.snapshot_date and coalesce(rso.last_visit_date < rso.visit_due_date, true), false)
            as visit_overdue
    from windows
    join rso_caseload as rso on rso.month = windows.month
    where rso.lpa in (select unnest($lpas))
),

final as (
    select
        levels.risk_level,
        windows.window_label,
        count(flagged.risk_level) as offenders,
        count(*) filter (where flagged.arms_overdue) as arms_overdue,
        count(*) filter (where flagged.visit_overdue) as visits_overdue,
        any_value(levels.rank) as rank
    from levels
    cross join windows
    left join flagged using (risk_level, window_label)
    group by levels.risk_level, windows.window_label
)

select risk_level, window_label, offenders, arms_overdue, visits_overdue
from final order by rank, window_label desc
