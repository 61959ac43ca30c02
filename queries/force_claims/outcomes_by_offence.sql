-- Charges and out-of-court outcomes per force, offence group and financial year on one basis.
-- params: $basis (VARCHAR, 'closed' or 'recorded')
-- extracts: force_outcomes_by_offence
-- returns: year_start DATE, force VARCHAR, offence_group VARCHAR, charged BIGINT, out_of_court BIGINT
with outcomes as (
    select * from force_outcomes_by_offence
),

final as (
    select year_start, force, offence_group, charged, out_of_court
    from outcomes
    where basis = $basis
)

select * from final order by year_start, force, offence_group
