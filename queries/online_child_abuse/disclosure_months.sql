-- Online child abuse (OCSET) disclosures to children's services needed and made on time, by month of referral, in the period up to and including the deadline date or after it: the protected months online_child_abuse/disclosure's LPA figures are built from.
-- params: $lpas (VARCHAR[], LPA codes), $deadline (DATE), $target_days (INTEGER, disclosure target)
-- extracts: ocset_cases
-- returns: period VARCHAR, month DATE, disclosures_needed BIGINT sensitive, disclosed_on_time BIGINT sensitive
with spine as (
    select month
    from month_spine(
        (select date_trunc('month', min(referral_date)) from ocset_cases),
        (select date_trunc('month', max(referral_date)) + interval 1 month from ocset_cases)
    )
),

-- A month is in a period if any of its days is (a deadline inside a month splits it in two).
cells as (
    select periods.period, spine.month
    from (values ('before'), ('after')) as periods(period)
    cross join spine
    where (periods.period = 'before' and spine.month <= $deadline)
        or (periods.period = 'after' and spine.month + interval 1 month > $deadline + interval 1 day)
),

needed as (
    select
        case when referral_date <= $deadline then 'before' else 'after' end as period,
        date_trunc('month', referral_date)::date as month,
        count(*) as disclosures_needed,
        count(*) filter (where disclosure_date - referral_date <= $target_days) as disclosed_on_time
    from ocset_cases
    where disclosure_needed and lpa in (select unnest($lpas))
    group by all
),

final as (
    select
        cells.period,
        cells.month,
        coalesce(needed.disclosures_needed, 0)::bigint as disclosures_needed,
        coalesce(needed.disclosed_on_time, 0)::bigint as disclosed_on_time
    from cells
    left join needed using (period, month)
)

select * from final order by period desc, month
