-- MARAC by LPA in each comparison window: referrals per month, rate per 10,000 adult women a year, repeat share (of referrals with 12 months of look-back: derived/marac_flagged) and police share, backlog at the window's end.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: marac_flagged, population
-- returns: lpa VARCHAR, window_label VARCHAR, referrals_per_month DOUBLE, per_10k_year DOUBLE, repeat_pct DOUBLE, police_pct DOUBLE, backlog BIGINT
with women as (
    select lpa, value as adult_women from population where measure = 'adult_women' and year = 2021
),

flagged as (select * from marac_flagged),

windows as (
    select * from (values ('What was', $was_start::date, $was_end::date), ('What is', $is_start::date, $is_end::date))
        as w(window_label, window_start, window_end)
),

cells as (
    select lpas.lpa, windows.*
    from (select unnest($lpas) as lpa) as lpas cross join windows
),

received as (
    select
        cells.lpa,
        cells.window_label,
        count(flagged.referral_id) as referrals,
        count(flagged.referral_id) filter (where flagged.is_repeat and flagged.repeat_known) as repeats,
        count(flagged.referral_id) filter (where flagged.repeat_known) as repeat_known,
        count(flagged.referral_id) filter (where flagged.source = 'police') as police_referrals,
        any_value(date_diff('month', cells.window_start, cells.window_end)) as months
    from cells
    left join flagged
        on flagged.lpa = cells.lpa
        and flagged.received_date >= cells.window_start and flagged.received_date < cells.window_end
    group by cells.lpa, cells.window_label
),

-- Backlog at the end of the window's last month, as on the monthly chart.
backlog as (
    select cells.lpa, cells.window_label, count(flagged.referral_id) as backlog
    from cells
    left join flagged
        on flagged.lpa = cells.lpa
        and flagged.received_date < cells.window_end
        and coalesce(flagged.heard_date >= cells.window_end, true)
        and not coalesce(flagged.decision = 'not accepted' and flagged.decision_date < cells.window_end, false)
    group by cells.lpa, cells.window_label
),

final as (
    select
        received.lpa,
        received.window_label,
        received.referrals / received.months::double as referrals_per_month,
        received.referrals * 12 * 10000 / received.months / women.adult_women::double as per_10k_year,
        received.repeats / nullif(received.repeat_known, 0)::double as repeat_pct,
        received.police_referrals / nullif(received.referrals, 0)::double as police_pct,
        backlog.backlog::bigint as backlog
    from received
    left join backlog using (lpa, window_label)
    left join women using (lpa)
)

select * from final order by lpa, window_label desc
