-- Online child abuse (OCSET) counts per month and LPA, every LPA listed (zeros included), for small-number suppression: referrals, cases awaiting enforcement at month end, enforcements (and those within the guide), disclosures needed and made on time (by referral month).
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive), $grades (VARCHAR[], risk grades), $guide_days (INTEGER[], guide days for each grade), $target_days (INTEGER, disclosure target)
-- extracts: ocset_cases
-- returns: month DATE, lpa VARCHAR, referrals BIGINT, awaiting BIGINT, enforced BIGINT, enforced_within_guide BIGINT, disclosures_needed BIGINT, disclosed_on_time BIGINT
with guide as (
    select unnest($grades) as risk_grade, unnest($guide_days) as guide_days
),

cases as (
    select ocset_cases.*, guide.guide_days
    from ocset_cases
    left join guide using (risk_grade)
    where ocset_cases.lpa in (select unnest($lpas))
),

months as (
    select month::date as month, (month + interval 1 month)::date as next_month
    from generate_series($start::timestamp, $end::timestamp - interval 1 month, interval 1 month) as t(month)
    where month <= (select date_trunc('month', max(referral_date)) from ocset_cases)
),

cells as (
    select months.*, lpas.lpa from months cross join (select unnest($lpas) as lpa) as lpas
),

final as (
    select
        cells.month,
        cells.lpa,
        count(cases.case_id) filter (where cases.referral_date >= cells.month and cases.referral_date < cells.next_month)
            as referrals,
        count(cases.case_id) filter (
            where cases.referral_date < cells.next_month and coalesce(cases.enforcement_date >= cells.next_month, true)
        ) as awaiting,
        count(cases.case_id) filter (
            where cases.enforcement_date >= cells.month and cases.enforcement_date < cells.next_month
        ) as enforced,
        count(cases.case_id) filter (
            where cases.enforcement_date >= cells.month and cases.enforcement_date < cells.next_month
            and cases.enforcement_date - cases.referral_date <= cases.guide_days
        ) as enforced_within_guide,
        count(cases.case_id) filter (
            where cases.referral_date >= cells.month and cases.referral_date < cells.next_month
            and cases.disclosure_needed
        ) as disclosures_needed,
        count(cases.case_id) filter (
            where cases.referral_date >= cells.month and cases.referral_date < cells.next_month
            and cases.disclosure_needed and cases.disclosure_date - cases.referral_date <= $target_days
        ) as disclosed_on_time
    from cells
    left join cases on cases.lpa = cells.lpa
    group by cells.month, cells.lpa
)

select * from final order by month, lpa
