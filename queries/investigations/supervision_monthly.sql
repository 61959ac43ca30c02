-- Crimes allocated per month, how many show documented supervision, and days to the first review (the allocation-weighted mean of the cells' medians).
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: crime_supervision
-- returns: month DATE, crimes_allocated BIGINT, with_documented_supervision BIGINT, days_to_first_review DOUBLE
with supervision as (
    select * from crime_supervision
),

final as (
    select
        month,
        sum(crimes_allocated)::bigint as crimes_allocated,
        sum(with_documented_supervision)::bigint as with_documented_supervision,
        sum(median_days_to_first_review * crimes_allocated) / nullif(sum(crimes_allocated), 0) as days_to_first_review
    from supervision
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
    group by month
)

select * from final order by month
