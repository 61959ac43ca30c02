-- Outcomes recorded per month in each comparison window, by outcome group, flagged where the group counts as brought to justice.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: outcomes, police_uk_outcomes
-- returns: outcome_group VARCHAR, brought_to_justice BOOLEAN, window_label VARCHAR, outcomes_per_month DOUBLE
with outcome_records as (
    select * from outcomes
),

outcome_groups as (
    select * from police_uk_outcomes
),

windows as (
    select 'What was' as window_label, $was_start::date as window_start, $was_end::date as window_end
    union all
    select 'What is', $is_start::date, $is_end::date
),

final as (
    select
        coalesce(outcome_groups.outcome_group, 'Not mapped: ' || outcome_records.outcome_type) as outcome_group,
        coalesce(outcome_groups.brought_to_justice, false) as brought_to_justice,
        windows.window_label,
        (sum(outcome_records.outcomes) / any_value(datediff('month', windows.window_start, windows.window_end)))::double
            as outcomes_per_month
    from outcome_records
    inner join windows on outcome_records.month >= windows.window_start and outcome_records.month < windows.window_end
    left join outcome_groups on outcome_records.outcome_type = outcome_groups.last_outcome_category
    where outcome_records.lpa in (select unnest($lpas))
    group by 1, 2, 3
)

select * from final order by brought_to_justice desc, outcome_group, window_label desc
