-- Crimes recorded per month with how many reached charge/summons or were brought to justice (by the month the crime was recorded; empty while that month's outcomes are still being recorded), and outcomes by the month they were recorded.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: crimes, outcomes, police_uk_outcomes
-- returns: month DATE, crimes_recorded BIGINT, charge_summons BIGINT, brought_to_justice BIGINT, still_open BIGINT, maturing BOOLEAN, outcomes_recorded BIGINT, btj_outcomes BIGINT
with recorded as (
    select * from crimes where crime_type <> 'Anti-social behaviour'
),

outcome_records as (
    select * from outcomes
),

outcome_groups as (
    select * from police_uk_outcomes
),

open_share as (
    -- Force-wide, so every LPA and query agrees on which months are still maturing.
    select
        month,
        sum(crimes) filter (where last_outcome_category in ('', 'Under investigation')) / sum(crimes) as open_share
    from recorded
    group by month
),

maturing_months as (
    -- The latest run of months whose share without an outcome is over twice the usual share.
    select month
    from (
        select
            month,
            bool_and(open_share > 2 * (select median(open_share) from open_share))
                over (order by month desc rows between unbounded preceding and current row) as maturing
        from open_share
    )
    where maturing
),

crime_months as (
    select
        recorded.month,
        sum(recorded.crimes)::bigint as crimes_recorded,
        coalesce(sum(recorded.crimes) filter (where outcome_groups.charge_summons), 0)::bigint as charge_summons,
        coalesce(sum(recorded.crimes) filter (where outcome_groups.brought_to_justice), 0)::bigint as brought_to_justice,
        coalesce(
            sum(recorded.crimes) filter (where recorded.last_outcome_category in ('', 'Under investigation')), 0
        )::bigint as still_open
    from recorded
    left join outcome_groups using (last_outcome_category)
    where recorded.lpa in (select unnest($lpas)) and recorded.month >= $start and recorded.month < $end
    group by recorded.month
),

outcome_months as (
    select
        outcome_records.month,
        sum(outcome_records.outcomes)::bigint as outcomes_recorded,
        coalesce(sum(outcome_records.outcomes) filter (where outcome_groups.brought_to_justice), 0)::bigint
            as btj_outcomes
    from outcome_records
    left join outcome_groups on outcome_records.outcome_type = outcome_groups.last_outcome_category
    where outcome_records.lpa in (select unnest($lpas)) and outcome_records.month >= $start and outcome_records.month < $end
    group by outcome_records.month
),

final as (
    select
        month,
        coalesce(crime_months.crimes_recorded, 0)::bigint as crimes_recorded,
        case when maturing_months.month is null then crime_months.charge_summons end as charge_summons,
        case when maturing_months.month is null then crime_months.brought_to_justice end as brought_to_justice,
        coalesce(crime_months.still_open, 0)::bigint as still_open,
        maturing_months.month is not null as maturing,
        coalesce(outcome_months.outcomes_recorded, 0)::bigint as outcomes_recorded,
        coalesce(outcome_months.btj_outcomes, 0)::bigint as btj_outcomes
    from crime_months
    full join outcome_months using (month)
    left join maturing_months using (month)
)

select * from final order by month
