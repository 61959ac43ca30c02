-- Published MARAC reference figures for the rate chart: the SafeLives expected level (a target line) and the national rate (a dated point).
-- params: none
-- extracts: published_figures
-- returns: kind VARCHAR, date DATE, value DOUBLE, label VARCHAR
with figures as (select * from published_figures),

final as (
    select 'target' as kind, period_end as date, value, 'SafeLives expected level: ' || value || ' per 10,000' as label
    from figures
    where measure = 'MARAC expected cases per 10k adult women'
    union all
    select 'reference', period_end, value, 'England and Wales, ' || period || ': ' || value || ' per 10,000'
    from figures
    where measure = 'MARAC cases per 10k adult women (England and Wales)'
)

select * from final order by kind desc, date
