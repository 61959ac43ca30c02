-- Online child abuse (OCSET) by LPA in each comparison window: cases awaiting enforcement at the window's end and referrals per month.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: ocset_cases
-- returns: lpa VARCHAR, window_label VARCHAR, awaiting BIGINT, referrals_per_month DOUBLE
with cases as (select * from ocset_cases),

windows as (
    select * from (values ('What was', $was_start::date, $was_end::date), ('What is', $is_start::date, $is_end::date))
        as w(window_label, window_start, window_end)
),

cells as (
    select lpas.lpa, windows.*
    from (select unnest($lpas) as lpa) as lpas cross join windows
),

final as (
    select
        cells.lpa,
        cells.window_label,
        count(cases.case_id) filter (
            where cases.referral_date < cells.window_end and coalesce(cases.enforcement_date >= cells.window_end, true)
        )::bigint as awaiting,
        count(cases.case_id) filter (where cases.referral_date >= cells.window_start)
            / any_value(date_diff('month', cells.window_start, cells.window_end))::double as referrals_per_month
    from cells
    left join cases on cases.lpa = cells.lpa and cases.referral_date < cells.window_end
    group by cells.lpa, cells.window_label
)

select * from final order by lpa, window_label desc
