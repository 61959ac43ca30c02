-- Crimes recorded per month with how many reached charge/summons or were brought to justice (by the month the crime was recorded; empty while that month's outcomes are still being recorded), and outcomes by the month they were recorded.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: crime_months, outcome_months
-- returns: month DATE, crimes_recorded BIGINT, charge_summons BIGINT, brought_to_justice BIGINT, still_open BIGINT, maturing BOOLEAN, outcomes_recorded BIGINT, btj_outcomes BIGINT
with crimes_by_month as (
    select
        month,
        sum(crimes_recorded)::bigint as crimes_recorded,
        sum(charge_summons)::bigint as charge_summons,
        sum(brought_to_justice)::bigint as brought_to_justice,
        sum(still_open)::bigint as still_open,
        bool_or(maturing) as maturing
    from crime_months
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
    group by month
),

outcomes_by_month as (
    select
        month,
        sum(outcomes)::bigint as outcomes_recorded,
        coalesce(sum(outcomes) filter (where brought_to_justice), 0)::bigint as btj_outcomes
    from outcome_months
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
    group by month
),

final as (
    select
        month,
        coalesce(crimes_by_month.crimes_recorded, 0)::bigint as crimes_recorded,
        case when not crimes_by_month.maturing then crimes_by_month.charge_summons end as charge_summons,
        case when not crimes_by_month.maturing then crimes_by_month.brought_to_justice end as brought_to_justice,
        coalesce(crimes_by_month.still_open, 0)::bigint as still_open,
        coalesce(crimes_by_month.maturing, false) as maturing,
        coalesce(outcomes_by_month.outcomes_recorded, 0)::bigint as outcomes_recorded,
        coalesce(outcomes_by_month.btj_outcomes, 0)::bigint as btj_outcomes
    from crimes_by_month
    full join outcomes_by_month using (month)
)

select * from final order by month
