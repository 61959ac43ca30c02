-- Per crime type and comparison window (for the chosen LPAs): crimes and brought-to-justice outcomes per month, and the charge/summons and brought-to-justice rates of crimes recorded in the window (months still maturing left out of the rates).
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crimes, outcomes, police_uk_outcomes
-- returns: crime_type VARCHAR, window_label VARCHAR, crimes_per_month DOUBLE, charge_rate DOUBLE, btj_rate DOUBLE, btj_outcomes_per_month DOUBLE
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
    -- Force-wide, as in investigations/monthly.
    select
        month,
        sum(crimes) filter (where last_outcome_category in ('', 'Under investigation')) / sum(crimes) as open_share
    from recorded
    group by month
),

maturing_months as (
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

cells as (
    -- A month's crimes per crime type and last outcome: small, so the joins below are cheap.
    select crime_type, month, last_outcome_category, sum(crimes) as crimes
    from recorded
    where lpa in (select unnest($lpas))
    group by all
),

crime_windows as (
    select
        cells.crime_type,
        case
            when cells.month >= $was_start and cells.month < $was_end then 'What was'
            when cells.month >= $is_start and cells.month < $is_end then 'What is'
        end as window_label,
        sum(cells.crimes) as crimes,
        coalesce(sum(cells.crimes) filter (where outcome_groups.charge_summons and maturing_months.month is null), 0)
            / nullif(sum(cells.crimes) filter (where maturing_months.month is null), 0) as charge_rate,
        coalesce(sum(cells.crimes) filter (where outcome_groups.brought_to_justice and maturing_months.month is null), 0)
            / nullif(sum(cells.crimes) filter (where maturing_months.month is null), 0) as btj_rate
    from cells
    left join outcome_groups using (last_outcome_category)
    left join maturing_months on cells.month = maturing_months.month
    group by all
),

outcome_windows as (
    select
        outcome_records.crime_type,
        case
            when outcome_records.month >= $was_start and outcome_records.month < $was_end then 'What was'
            when outcome_records.month >= $is_start and outcome_records.month < $is_end then 'What is'
        end as window_label,
        coalesce(sum(outcome_records.outcomes) filter (where outcome_records.outcome_type in (
            select last_outcome_category from outcome_groups where brought_to_justice
        )), 0) as btj_outcomes
    from outcome_records
    where outcome_records.lpa in (select unnest($lpas))
    group by all
),

window_months as (
    select 'What was' as window_label, datediff('month', $was_start, $was_end) as months
    union all
    select 'What is', datediff('month', $is_start, $is_end)
),

final as (
    select
        crime_type,
        window_label,
        (coalesce(crime_windows.crimes, 0) / window_months.months)::double as crimes_per_month,
        crime_windows.charge_rate::double as charge_rate,
        crime_windows.btj_rate::double as btj_rate,
        (coalesce(outcome_windows.btj_outcomes, 0) / window_months.months)::double as btj_outcomes_per_month
    from crime_windows
    full join outcome_windows using (crime_type, window_label)
    inner join window_months using (window_label)
)

select * from final order by crime_type, window_label desc
