-- Online child abuse (OCSET) disclosures to children's services on time, for cases referred up to and including the deadline date and after it.
-- params: $lpas (VARCHAR[], LPA codes), $deadline (DATE), $target_days (INTEGER, disclosure target)
-- extracts: ocset_cases
-- months: online_child_abuse/disclosure_months
-- returns: period VARCHAR, disclosures_needed BIGINT sensitive, disclosed_on_time BIGINT sensitive, on_time_pct DOUBLE from disclosed_on_time/disclosures_needed, median_days DOUBLE with disclosures_needed
with needed as (
    select
        case when referral_date <= $deadline then 'before' else 'after' end as period,
        disclosure_date - referral_date as days
    from ocset_cases
    where disclosure_needed and lpa in (select unnest($lpas))
),

periods as (
    select * from (values (1, 'before'), (2, 'after')) as p(rank, period)
),

final as (
    select
        periods.period,
        count(needed.period) as disclosures_needed,
        count(*) filter (where needed.days <= $target_days) as disclosed_on_time,
        count(*) filter (where needed.days <= $target_days) / nullif(count(needed.period), 0)::double as on_time_pct,
        median(needed.days::double) as median_days,
        any_value(periods.rank) as rank
    from periods
    left join needed using (period)
    group by periods.period
)

select period, disclosures_needed, disclosed_on_time, on_time_pct, median_days from final order by rank
