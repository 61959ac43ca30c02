-- Online child abuse (OCSET) referrals, enforcements and cases awaiting enforcement at month end, per month and LPA, every LPA listed (zeros included), for small-number suppression.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: ocset_cases
-- returns: month DATE, lpa VARCHAR, referrals BIGINT, awaiting BIGINT, enforced BIGINT
with cases as (select * from ocset_cases where lpa in (select unnest($lpas))),

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
        ) as enforced
    from cells
    left join cases on cases.lpa = cells.lpa
    group by cells.month, cells.lpa
)

select * from final order by month, lpa
