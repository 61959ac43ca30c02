-- MARAC counts per month and LPA (referrals, repeats, police referrals, month-end backlog), every LPA listed (zeros included), for small-number suppression.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: marac_flagged
-- returns: month DATE, lpa VARCHAR, referrals BIGINT, repeats BIGINT, police_referrals BIGINT, backlog BIGINT
with flagged as (select * from marac_flagged),

referrals as (select * from flagged where lpa in (select unnest($lpas))),

months as (
    select month::date as month, (month + interval 1 month)::date as next_month
    from generate_series($start::timestamp, $end::timestamp - interval 1 month, interval 1 month) as t(month)
    where month <= (select date_trunc('month', max(received_date)) from flagged)
),

cells as (
    select months.*, lpas.lpa from months cross join (select unnest($lpas) as lpa) as lpas
),

final as (
    select
        cells.month,
        cells.lpa,
        count(referrals.referral_id) filter (where referrals.received_date >= cells.month) as referrals,
        count(referrals.referral_id) filter (where referrals.received_date >= cells.month and referrals.is_repeat)
            as repeats,
        count(referrals.referral_id) filter (where referrals.received_date >= cells.month and referrals.source = 'police')
            as police_referrals,
        count(referrals.referral_id) filter (
            where coalesce(referrals.heard_date >= cells.next_month, true)
            and not coalesce(referrals.decision = 'not accepted' and referrals.decision_date < cells.next_month, false)
        ) as backlog
    from cells
    left join referrals on referrals.lpa = cells.lpa and referrals.received_date < cells.next_month
    group by cells.month, cells.lpa
)

select * from final order by month, lpa
