-- MARAC for every LPA in each comparison window: referrals (and per month), rate per 10,000 adult women a year, repeats and police referrals (and their shares; the repeat share of referrals with 12 months of look-back: derived/marac_flagged), backlog at the window's end.
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: marac_flagged, population
-- months: marac/by_lpa_months
-- returns: lpa VARCHAR, window_label VARCHAR, referrals BIGINT sensitive, referrals_per_month DOUBLE from referrals, per_10k_year DOUBLE from referrals, repeats BIGINT sensitive, repeat_pct DOUBLE from repeats/referrals, police_referrals BIGINT sensitive, police_pct DOUBLE from police_referrals/referrals, backlog BIGINT sensitive
with women as (
    select lpa, value as adult_women from population where measure = 'adult_women' and year = 2021
),

cells as (select * from lpa_windows($force_lpas, $was_start, $was_end, $is_start, $is_end)),

received as (
    select
        cells.lpa,
        cells.window_label,
        count(flagged.referral_id) as referrals,
        count(flagged.referral_id) filter (where flagged.is_repeat and flagged.repeat_known) as repeats,
        count(flagged.referral_id) filter (where flagged.repeat_known) as repeat_known,
        count(flagged.referral_id) filter (where flagged.source = 'police') as police_referrals,
        any_value(cells.months) as months
    from cells
    left join marac_flagged as flagged
        on flagged.lpa = cells.lpa
        and flagged.received_date >= cells.window_start and flagged.received_date < cells.window_end
    group by cells.lpa, cells.window_label
),

-- Backlog at the end of the window's last month, as on the monthly chart.
backlog as (
    select cells.lpa, cells.window_label, count(flagged.referral_id) as backlog
    from cells
    left join marac_flagged as flagged
        on flagged.lpa = cells.lpa
        and marac_awaiting(flagged.received_date, flagged.heard_date, flagged.decision, flagged.decision_date,
                           cells.window_end)
    group by cells.lpa, cells.window_label
),

final as (
    select
        received.lpa,
        received.window_label,
        received.referrals::bigint as referrals,
        received.referrals / received.months::double as referrals_per_month,
        received.referrals * 12 * 10000 / received.months / women.adult_women::double as per_10k_year,
        received.repeats::bigint as repeats,
        received.repeats / nullif(received.repeat_known, 0)::double as repeat_pct,
        received.police_referrals::bigint as police_referrals,
        received.police_referrals / nullif(received.referrals, 0)::double as police_pct,
        backlog.backlog::bigint as backlog
    from received
    left join backlog using (lpa, window_label)
    left join women using (lpa)
)

select * from final order by lpa, window_label desc
