-- Online child abuse (OCSET) for every LPA, each month of each comparison window: referrals in the month, and cases awaiting enforcement in the window's last month only; the protected months online_child_abuse/by_lpa's LPA figures are built from.
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: ocset_cases
-- returns: lpa VARCHAR, window_label VARCHAR, month DATE, awaiting BIGINT sensitive stock, referrals BIGINT sensitive
with cells as (select * from lpa_windows($force_lpas, $was_start, $was_end, $is_start, $is_end)),

months as (
    select
        cells.lpa,
        cells.window_label,
        cells.last_month,
        unnest(generate_series(cells.window_start::timestamp, cells.last_month::timestamp, interval 1 month))::date
            as month
    from cells
),

referred as (
    select lpa, date_trunc('month', referral_date)::date as month, count(*) as referrals
    from ocset_cases
    where lpa in (select unnest($force_lpas))
    group by all
),

awaiting as (
    select cells.lpa, cells.window_label, count(cases.case_id) as awaiting
    from cells
    left join ocset_cases as cases
        on cases.lpa = cells.lpa and ocset_awaiting(cases.referral_date, cases.enforcement_date, cells.window_end)
    group by cells.lpa, cells.window_label
),

final as (
    select
        months.lpa,
        months.window_label,
        months.month,
        case when months.month = months.last_month then awaiting.awaiting end::bigint as awaiting,
        coalesce(referred.referrals, 0)::bigint as referrals
    from months
    left join referred using (lpa, month)
    left join awaiting using (lpa, window_label)
)

select * from final order by lpa, window_label desc, month
