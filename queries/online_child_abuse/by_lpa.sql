-- Online child abuse (OCSET) for every LPA in each comparison window: cases awaiting enforcement at the window's end, and referrals (and per month).
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: ocset_cases
-- months: online_child_abuse/by_lpa_months
-- returns: lpa VARCHAR, window_label VARCHAR, awaiting BIGINT sensitive stock, referrals BIGINT sensitive, referrals_per_month DOUBLE from referrals
with cells as (select * from lpa_windows($force_lpas, $was_start, $was_end, $is_start, $is_end)),

final as (
    select
        cells.lpa,
        cells.window_label,
        count(cases.case_id) filter (
            where ocset_awaiting(cases.referral_date, cases.enforcement_date, cells.window_end)
        )::bigint as awaiting,
        count(cases.case_id) filter (where cases.referral_date >= cells.window_start)::bigint as referrals,
        count(cases.case_id) filter (where cases.referral_date >= cells.window_start)
            / any_value(cells.months)::double as referrals_per_month
    from cells
    left join ocset_cases as cases on cases.lpa = cells.lpa and cases.referral_date < cells.window_end
    group by cells.lpa, cells.window_label
)

select * from final order by lpa, window_label desc
