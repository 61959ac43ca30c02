-- Online child abuse (OCSET) each month: referrals, cases awaiting enforcement at month end, enforcement within the guide, median days to enforcement by risk grade, disclosures on time.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive), $grades (VARCHAR[], risk grades), $guide_days (INTEGER[], guide days for each grade), $target_days (INTEGER, disclosure target)
-- extracts: ocset_cases
-- returns: month DATE, referrals BIGINT, awaiting BIGINT, enforced BIGINT, enforced_within_guide BIGINT, very_high_days DOUBLE, high_days DOUBLE, medium_days DOUBLE, low_days DOUBLE, disclosures_needed BIGINT, disclosed_on_time BIGINT
with cases as (select * from ocset_cases),

guide as (
    select unnest($grades) as risk_grade, unnest($guide_days) as guide_days
),

filtered as (
    select cases.*, guide.guide_days, (cases.enforcement_date - cases.referral_date) as enforcement_days
    from cases
    left join guide using (risk_grade)
    where cases.lpa in (select unnest($lpas))
),

months as (
    select month::date as month, (month + interval 1 month)::date as next_month
    from generate_series($start::timestamp, $end::timestamp - interval 1 month, interval 1 month) as t(month)
    where month <= (select date_trunc('month', max(referral_date)) from cases)
),

referred as (
    select
        date_trunc('month', referral_date)::date as month,
        count(*) as referrals,
        count(*) filter (where disclosure_needed) as disclosures_needed,
        count(*) filter (where disclosure_needed and disclosure_date - referral_date <= $target_days)
            as disclosed_on_time
    from filtered
    group by 1
),

-- Referred by the month end and not enforced by then.
awaiting as (
    select months.month, count(filtered.case_id) as awaiting
    from months
    left join filtered
        on filtered.referral_date < months.next_month
        and coalesce(filtered.enforcement_date >= months.next_month, true)
    group by months.month
),

enforced as (
    select
        date_trunc('month', enforcement_date)::date as month,
        count(*) as enforced,
        count(*) filter (where enforcement_days <= guide_days) as enforced_within_guide,
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
        coalesce(enforced.enforced_within_guide, 0)::bigint as enforced_within_guide,
        enforced.very_high_days,
        enforced.high_days,
        enforced.medium_days,
        enforced.low_days,
        coalesce(referred.disclosures_needed, 0)::bigint as disclosures_needed,
        coalesce(referred.disclosed_on_time, 0)::bigint as disclosed_on_time
    from months
    left join referred using (month)
    left join awaiting using (month)
    left join enforced using (month)
)

select * from final order by month
