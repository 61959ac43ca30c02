-- Online child abuse (OCSET) each month: referrals, cases awaiting enforcement at month end, enforcements and median days to enforcement by risk grade (with the cases each median rests on, hidden: for an LPA a median of fewer than 5 is not shown).
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: ocset_cases
-- returns: month DATE, referrals BIGINT sensitive, awaiting BIGINT sensitive stock, enforced BIGINT sensitive, very_high_enforced BIGINT hidden, high_enforced BIGINT hidden, medium_enforced BIGINT hidden, low_enforced BIGINT hidden, very_high_days DOUBLE with very_high_enforced, high_days DOUBLE with high_enforced, medium_days DOUBLE with medium_enforced, low_days DOUBLE with low_enforced
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
        count(*) filter (where risk_grade = 'very high') as very_high_enforced,
        count(*) filter (where risk_grade = 'high') as high_enforced,
        count(*) filter (where risk_grade = 'medium') as medium_enforced,
        count(*) filter (where risk_grade = 'low') as low_enforced,
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
        coalesce(enforced.very_high_enforced, 0)::bigint as very_high_enforced,
        coalesce(enforced.high_enforced, 0)::bigint as high_enforced,
        coalesce(enforced.medium_enforced, 0)::bigint as medium_enforced,
        coalesce(enforced.low_enforced, 0)::bigint as low_enforced,
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
