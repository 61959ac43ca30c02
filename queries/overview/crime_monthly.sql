-- Recorded crime per month (excluding anti-social behaviour), with how many reached charge/summons and how many were brought to justice.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: crimes, police_uk_outcomes
-- returns: month DATE, crimes_recorded BIGINT, charge_summons BIGINT, brought_to_justice BIGINT
with recorded as (
    select * from crimes where crime_type <> 'Anti-social behaviour'
),

outcome_groups as (
    select * from police_uk_outcomes
),

filtered as (
    select *
    from recorded
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
),

final as (
    select
        filtered.month,
        sum(filtered.crimes)::bigint as crimes_recorded,
        coalesce(sum(filtered.crimes) filter (where outcome_groups.charge_summons), 0)::bigint as charge_summons,
        coalesce(sum(filtered.crimes) filter (where outcome_groups.brought_to_justice), 0)::bigint as brought_to_justice
    from filtered
    left join outcome_groups using (last_outcome_category)
    group by filtered.month
)

select * from final order by month
