-- police.uk street-level crime per month for the chosen LPAs (anti-social behaviour left out), with the partial-month flag.
-- params: $lpas (VARCHAR[], LPA codes)
-- extracts: street_crime_lpa
-- returns: month DATE, lpa VARCHAR, crimes BIGINT, partial BOOLEAN
with street as (
    select * from street_crime_lpa
),

final as (
    select month, lpa, sum(crimes)::bigint as crimes, bool_or(partial) as partial
    from street
    where lpa in (select unnest($lpas)) and crime_type <> 'Anti-social behaviour'
    group by month, lpa
)

select * from final order by month, lpa
