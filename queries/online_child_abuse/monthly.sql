-- Online child abuse (OCSET) each month: referrals, cases awaiting enforcement at month end, enforcements and median days to enforcement by risk grade.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: ocset_cases
-- returns: month DATE, referrals BIGINT sensitive, awaiting BIGINT sensitive, enforced BIGINT sensitive, very_high_days DOUBLE, high_days DOUBLE, medium_days DOUBLE, low_days DOUBLE
with filtered as (
    select *, (enforcement_date - referral_date) as enforcement_days
    from ocset_cases
    where lpa in (select unnest($lpas))
),

months as (
    select * from month_spine($start, $end)
    where month <= (select date_trunc('month', max(referral_date)) from ocset_cases)
),

referred as (
    select date_trunc('month', referral_date)::date as month, count(*) as referrals
    from filtered
    group by 1
),

awaiting as (
    select months.month, count(filtered.case_id) as awaiting
    from months
    left join filtered on ocset_awaiting(filtered.referral_date, filtered.enforcement_date, months.next_month)
    group by months.month
),

enforced as (
    select
        date_trunc('month', enforcement_date)::date as month,
        count(*) as enforced,
        median(enforcement_days::double) filter (where risk_grade = 'very high') as very_high_days,
        median(enforcement_days::double) filter (where risk_grade = 'high') as high_days,
        median(enforcement_days::double) filter (where risk_grade = 'medium') as medium_days,
        median(enforcement_days::double) filter (where risk_grade = 'low') as low_days
    from filtered
    where enforcement_date is not null
    group by 1
),

final as (
    select
        months.month,
        coalesce(referred.referrals, 0)::bigint as referrals,
        awaiting.awaiting::bigint as awaiting,
        coalesce(enforced.enforced, 0)::bigint as enforced,
        enforced.very_high_days,
        enforced.high_days,
        enforced.medium_days,
        enforced.low_days
    from months
    left join referred using (month)
    left join awaiting using (month)
    left join enforced using (month)
)

select * from final order by month
