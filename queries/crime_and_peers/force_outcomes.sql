-- Crime outcomes per quarter for every territorial force on one basis, with its mid-2024 population.
-- params: $basis (VARCHAR, 'closed' or 'recorded')
-- extracts: force_outcomes_quarterly, force_population
-- returns: quarter DATE, force VARCHAR, pfa_code VARCHAR, charged BIGINT, out_of_court BIGINT, positive BIGINT, assigned BIGINT, incomplete BOOLEAN, assigned_series INTEGER, note VARCHAR, population BIGINT
with outcomes as (
    select * from force_outcomes_quarterly
),

population as (
    select * from force_population
),

final as (
    select
        outcomes.quarter,
        outcomes.force,
        population.pfa_code,
        outcomes.charged,
        outcomes.out_of_court,
        outcomes.positive,
        outcomes.assigned,
        outcomes.incomplete,
        outcomes.assigned_series,
        outcomes.note,
        population.population
    from outcomes
    inner join population on population.force = outcomes.force
    where outcomes.basis = $basis
)

select * from final order by quarter, force
