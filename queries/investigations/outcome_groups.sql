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

labelled as (
    select
        outcome_type,
        outcomes,
        case
            when month >= $was_start and month < $was_end then 'What was'
            when month >= $is_start and month < $is_end then 'What is'
        end as window_label,
        case
            when month >= $was_start and month < $was_end then datediff('month', $was_start, $was_end)
            when month >= $is_start and month < $is_end then datediff('month', $is_start, $is_end)
        end as window_months
    from outcome_records
    where lpa in (select unnest($lpas))
),

final as (
    select
        coalesce(outcome_groups.outcome_group, 'Not mapped: ' || labelled.outcome_type) as outcome_group,
        coalesce(outcome_groups.brought_to_justice, false) as brought_to_justice,
        labelled.window_label,
        (sum(labelled.outcomes) / any_value(labelled.window_months))::double as outcomes_per_month
    from labelled
    left join outcome_groups on labelled.outcome_type = outcome_groups.last_outcome_category
    where labelled.window_label is not null
    group by 1, 2, 3
)

select * from final order by brought_to_justice desc, outcome_group, window_label desc
