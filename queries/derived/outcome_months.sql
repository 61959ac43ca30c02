-- Outcomes per month they were recorded, LPA, crime type and outcome group, flagged where the group counts as brought to justice.
-- params: none
-- extracts: outcomes, police_uk_outcomes
-- returns: month DATE, lpa VARCHAR, crime_type VARCHAR, outcome_group VARCHAR, brought_to_justice BOOLEAN, outcomes BIGINT
with outcome_records as (
    select * from outcomes
),

outcome_groups as (
    select * from police_uk_outcomes
),

final as (
    select
        outcome_records.month,
        outcome_records.lpa,
        outcome_records.crime_type,
        coalesce(outcome_groups.outcome_group, 'Not mapped: ' || outcome_records.outcome_type) as outcome_group,
        coalesce(outcome_groups.brought_to_justice, false) as brought_to_justice,
        sum(outcome_records.outcomes)::bigint as outcomes
    from outcome_records
    left join outcome_groups on outcome_records.outcome_type = outcome_groups.last_outcome_category
    group by all
)

select * from final order by month, lpa, crime_type, outcome_group
