-- Published shares of 999 calls answered within 10 seconds (not the standard), drawn at the last month they cover.
-- params: none
-- extracts: published_figures
-- returns: date DATE, value DOUBLE, label VARCHAR
with figures as (
    select * from published_figures
),

final as (
    select
        date_trunc('month', period_end)::date as date,
        value / 100 as value,
        'Published: ' || value::integer || '% (' || replace(period, '/', ' to ') || ')' as label
    from figures
    where measure like '999 calls answered within 10s%' and unit = 'percent' and period_end is not null
)

select * from final order by date
