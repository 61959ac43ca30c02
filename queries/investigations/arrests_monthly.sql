-- Arrests per month.
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: arrests
-- returns: month DATE, arrests BIGINT
with arrest_records as (
    select * from arrests
),

final as (
    select month, sum(arrests)::bigint as arrests
    from arrest_records
    where lpa in (select unnest($lpas)) and month >= $start and month < $end
    group by month
)

select * from final order by month
