-- Online child abuse (OCSET) timeliness each month: enforcements within the guide for their risk grade (by month of enforcement) and disclosures to children's services within the force's target (by month of referral).
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive), $grades (VARCHAR[], risk grades), $guide_days (INTEGER[], guide days for each grade), $target_days (INTEGER, disclosure target)
-- extracts: ocset_cases
-- returns: month DATE, enforced BIGINT sensitive, enforced_within_guide BIGINT sensitive, disclosures_needed BIGINT sensitive, disclosed_on_time BIGINT sensitive
with cases as (select * from ocset_cases),

guide as (
    select unnest($grades) as risk_grade, unnest($guide_days) as guide_days
),

filtered as (
    select cases.*, guide.guide_days
    from cases
    left join guide using (risk_grade)
    where cases.lpa in (select unnest($lpas))
),

months as (
    select month from month_spine($start, $end)
    where month <= (select date_trunc('month', max(referral_date)) from cases)
),

enforced as (
    select
        date_trunc('month', enforcement_date)::date as month,
        count(*) as enforced,
        count(*) filter (where enforcement_date - referral_date <= guide_days) as enforced_within_guide
    from filtered
    where enforcement_date is not null
    group by 1
),

-- A needed disclosure not yet made counts as not on time.
disclosures as (
    select
        date_trunc('month', referral_date)::date as month,
        count(*) as disclosures_needed,
        count(*) filter (where disclosure_date - referral_date <= $target_days) as disclosed_on_time
    from filtered
    where disclosure_needed
    group by 1
),

final as (
    select
        months.month,
        coalesce(enforced.enforced, 0)::bigint as enforced,
        coalesce(enforced.enforced_within_guide, 0)::bigint as enforced_within_guide,
        coalesce(disclosures.disclosures_needed, 0)::bigint as disclosures_needed,
        coalesce(disclosures.disclosed_on_time, 0)::bigint as disclosed_on_time
    from months
    left join enforced using (month)
    left join disclosures using (month)
)

select * from final order by month
