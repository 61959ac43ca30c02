-- Online child abuse (OCSET) disclosures needed and made on time by LPA, for cases referred up to and including the deadline date and after it; every LPA listed (zeros included), for small-number suppression.
-- params: $lpas (VARCHAR[], LPA codes), $deadline (DATE), $target_days (INTEGER, disclosure target)
-- extracts: ocset_cases
-- returns: lpa VARCHAR, period VARCHAR, disclosures_needed BIGINT, disclosed_on_time BIGINT
with periods as (
    select * from (values (1, 'before'), (2, 'after')) as p(rank, period)
),

needed as (
    select
        lpa,
        case when referral_date <= $deadline then 'before' else 'after' end as period,
        disclosure_date - referral_date as days
    from ocset_cases
    where disclosure_needed
),

cells as (
    select lpas.lpa, periods.* from (select unnest($lpas) as lpa) as lpas cross join periods
),

final as (
    select
        cells.lpa,
        cells.period,
        count(needed.period) as disclosures_needed,
        count(*) filter (where needed.days <= $target_days) as disclosed_on_time,
        any_value(cells.rank) as rank
    from cells
    left join needed using (lpa, period)
    group by cells.lpa, cells.period
)

select lpa, period, disclosures_needed, disclosed_on_time from final order by rank, lpa
