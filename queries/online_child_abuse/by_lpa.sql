-- Online child abuse (OCSET) by LPA in each comparison window: cases awaiting enforcement at the window's end, referrals per month, share enforced within the guide.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open), $grades (VARCHAR[], risk grades), $guide_days (INTEGER[], guide days for each grade)
-- extracts: ocset_cases
-- returns: lpa VARCHAR, window_label VARCHAR, awaiting BIGINT, referrals_per_month DOUBLE, within_guide_pct DOUBLE
with cases as (select * from ocset_cases),

guide as (
    select unnest($grades) as risk_grade, unnest($guide_days) as guide_days
),

windows as (
    select * from (values ('What was', $was_start::date, $was_end::date), ('What is', $is_start::date, $is_end::date))
        as w(window_label, window_start, window_end)
),

cells as (
    select lpas.lpa, windows.*
    from (select unnest($lpas) as lpa) as lpas cross join windows
),

awaiting as (
    select cells.lpa, cells.window_label, count(cases.case_id) as awaiting
    from cells
    left join cases
        on cases.lpa = cells.lpa
        and cases.referral_date < cells.window_end
        and coalesce(cases.enforcement_date >= cells.window_end, true)
    group by cells.lpa, cells.window_label
),

referred as (
    select
        cells.lpa,
        cells.window_label,
        count(cases.case_id) / any_value(date_diff('month', cells.window_start, cells.window_end))::double
            as referrals_per_month
    from cells
    left join cases
        on cases.lpa = cells.lpa
        and cases.referral_date >= cells.window_start and cases.referral_date < cells.window_end
    group by cells.lpa, cells.window_label
),

enforced as (
    select
        cells.lpa,
        cells.window_label,
        count(cases.case_id) filter (where cases.enforcement_date - cases.referral_date <= guide.guide_days)
            / nullif(count(cases.case_id), 0)::double as within_guide_pct
    from cells
    left join cases
        on cases.lpa = cells.lpa
        and cases.enforcement_date >= cells.window_start and cases.enforcement_date < cells.window_end
    left join guide on guide.risk_grade = cases.risk_grade
    group by cells.lpa, cells.window_label
),

final as (
    select awaiting.lpa, awaiting.window_label, awaiting.awaiting::bigint as awaiting,
        referred.referrals_per_month, enforced.within_guide_pct
    from awaiting
    left join referred using (lpa, window_label)
    left join enforced using (lpa, window_label)
)

select * from final order by lpa, window_label desc
