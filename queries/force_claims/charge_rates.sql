-- Offences recorded in 2024/25 and how many were charged or summonsed (outcome type 1), by force and offence group.
-- params: none
-- extracts: force_outcomes
-- returns: force VARCHAR, offence_group VARCHAR, charged BIGINT, offences BIGINT
with outcomes as (
    select * from force_outcomes
),

final as (
    select
        force,
        offence_group,
        sum(outcomes) filter (where outcome_type = 1)::bigint as charged,
        sum(outcomes)::bigint as offences
    from outcomes
    group by force, offence_group
)

select * from final order by force, offence_group
