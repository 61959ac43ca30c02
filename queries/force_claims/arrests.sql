-- Persons arrested per force and financial year (2017/18 and 2018/19), with the mid-2024 population.
-- params: none
-- extracts: force_arrests, force_population
-- returns: force VARCHAR, pfa_code VARCHAR, year_start DATE, arrests BIGINT, published_per_1000 DOUBLE, population BIGINT
with arrests as (
    select * from force_arrests
),

population as (
    select * from force_population
),

final as (
    select arrests.force, population.pfa_code, arrests.year_start, arrests.arrests, arrests.published_per_1000, population.population
    from arrests
    inner join population on population.force = arrests.force
)

select * from final order by force, year_start
