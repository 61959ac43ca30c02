-- Per LPA and comparison window (for the chosen LPAs): crimes and brought-to-justice outcomes per month, and the charge/summons and brought-to-justice rates of crimes recorded in the window (months still maturing left out of the rates).
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crime_months, outcome_months
-- returns: lpa VARCHAR, window_label VARCHAR, crimes_per_month DOUBLE, charge_rate DOUBLE, btj_rate DOUBLE, btj_outcomes_per_month DOUBLE
with window_months as (
    select 'What was' as window_label, $was_start as window_start, $was_end as window_end
    union all
    select 'What is', $is_start, $is_end
),

crime_windows as (
    select
        crime_months.lpa,
        window_months.window_label,
        sum(crime_months.crimes_recorded) as crimes,
        sum(crime_months.charge_summons) filter (where not crime_months.maturing)
            / nullif(sum(crime_months.crimes_recorded) filter (where not crime_months.maturing), 0) as charge_rate,
        sum(crime_months.brought_to_justice) filter (where not crime_months.maturing)
            / nullif(sum(crime_months.crimes_recorded) filter (where not crime_months.maturing), 0) as btj_rate
    from crime_months
    inner join window_months
        on crime_months.month >= window_months.window_start and crime_months.month < window_months.window_end
    where crime_months.lpa in (select unnest($lpas))
    group by all
),

outcome_windows as (
    select
        outcome_months.lpa,
        window_months.window_label,
        coalesce(sum(outcome_months.outcomes) filter (where outcome_months.brought_to_justice), 0) as btj_outcomes
    from outcome_months
    inner join window_months
        on outcome_months.month >= window_months.window_start and outcome_months.month < window_months.window_end
    where outcome_months.lpa in (select unnest($lpas))
    group by all
),

final as (
    select
        lpa,
        window_label,
        (coalesce(crime_windows.crimes, 0) / datediff('month', window_start, window_end))::double as crimes_per_month,
        crime_windows.charge_rate::double as charge_rate,
        crime_windows.btj_rate::double as btj_rate,
        (coalesce(outcome_windows.btj_outcomes, 0) / datediff('month', window_start, window_end))::double
            as btj_outcomes_per_month
    from crime_windows
    full join outcome_windows using (lpa, window_label)
    inner join window_months using (window_label)
)

select * from final order by lpa, window_label desc
