-- Recorded crime per quarter for every territorial force in one offence group, with its mid-2024 population.
-- params: $offence_group (VARCHAR)
-- extracts: force_crime, force_population
-- returns: quarter DATE, force VARCHAR, pfa_code VARCHAR, crimes BIGINT, population BIGINT
with crime as (
    select * from force_crime
),

population as (
    select * from force_population
),

final as (
    select crime.quarter, crime.force, population.pfa_code, crime.crimes, population.population
    from crime
    inner join population on population.force = crime.force
    where crime.offence_group = $offence_group
)

select * from final order by quarter, force
