-- MARAC for every LPA, each month of each comparison window: what the month adds to marac/by_lpa's counts (referrals, repeats where the month has 12 months of look-back, police referrals; the backlog in the window's last month only), the protected months an LPA's window figures are built from.
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: marac_flagged
-- returns: lpa VARCHAR, window_label VARCHAR, month DATE, referrals BIGINT sensitive, repeats BIGINT sensitive, police_referrals BIGINT sensitive, backlog BIGINT sensitive
with cells as (select * from lpa_windows($force_lpas, $was_start, $was_end, $is_start, $is_end)),

months as (
    select
        cells.lpa,
        cells.window_label,
        cells.last_month,
        cells.window_end,
        unnest(generate_series(cells.window_start::timestamp, cells.last_month::timestamp, interval 1 month))::date
            as month
    from cells
),

received as (
    select
        lpa,
        date_trunc('month', received_date)::date as month,
        count(*) as referrals,
        count(*) filter (where is_repeat and repeat_known) as repeats,
        count(*) filter (where source = 'police') as police_referrals
    from marac_flagged
    where lpa in (select unnest($force_lpas))
    group by all
),

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
        months.lpa,
        months.window_label,
        months.month,
        coalesce(received.referrals, 0)::bigint as referrals,
        case when months.month >= marac_repeats_known_from() then coalesce(received.repeats, 0) end::bigint
            as repeats,
        coalesce(received.police_referrals, 0)::bigint as police_referrals,
        case when months.month = months.last_month then backlog.backlog end::bigint as backlog
    from months
    left join received using (lpa, month)
    left join backlog using (lpa, window_label)
)

select * from final order by lpa, window_label desc, month
