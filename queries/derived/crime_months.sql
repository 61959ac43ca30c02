-- Crimes (not anti-social behaviour) per month, LPA and type, with how many reached charge/summons, were brought to justice or are still open, and whether the month's outcomes are still maturing.
-- params: none
-- extracts: crimes, police_uk_outcomes
-- returns: month DATE, lpa VARCHAR, crime_type VARCHAR, crimes_recorded BIGINT, charge_summons BIGINT, brought_to_justice BIGINT, still_open BIGINT, maturing BOOLEAN
with recorded as (
    select * from crimes where crime_type <> 'Anti-social behaviour'
),

outcome_groups as (
    select * from police_uk_outcomes
),

cells as (
    select
        recorded.month,
        recorded.lpa,
        recorded.crime_type,
        sum(recorded.crimes)::bigint as crimes_recorded,
        coalesce(sum(recorded.crimes) filter (where outcome_groups.charge_summons), 0)::bigint as charge_summons,
        coalesce(sum(recorded.crimes) filter (where outcome_groups.brought_to_justice), 0)::bigint as brought_to_justice,
        coalesce(
            sum(recorded.crimes) filter (where recorded.last_outcome_category in ('', 'Under investigation')), 0
        )::bigint as still_open
    from recorded
    left join outcome_groups using (last_outcome_category)
    group by all
),

open_share as (
    -- Force-wide, so every LPA, type and query agrees on which months are still maturing.
    select month, sum(still_open) / sum(crimes_recorded) as open_share
    from cells
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

final as (
    select cells.*, maturing_months.month is not null as maturing
    from cells
    left join maturing_months using (month)
)

select * from final order by month, lpa, crime_type
