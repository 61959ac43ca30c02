-- Recorded crime by community safety partnership (borough) for the chosen LPAs, years ending December.
-- params: $lpas (VARCHAR[], LPA codes)
-- extracts: csp_crime
-- returns: area_code VARCHAR, area_name VARCHAR, offence VARCHAR, ye_dec_2023 BIGINT, ye_dec_2024 BIGINT, change_pct DOUBLE
with partnerships as (
    select * from csp_crime
),

final as (
    select
        area_code,
        area_name,
        offence,
        sum(crimes) filter (where year_ending = date '2023-12-31')::bigint as ye_dec_2023,
        sum(crimes) filter (where year_ending = date '2024-12-31')::bigint as ye_dec_2024,
        100.0 * (ye_dec_2024 / nullif(ye_dec_2023, 0) - 1) as change_pct
    from partnerships
    where area_code in (select unnest($lpas)) or area_code in ('unassigned', 'force')
    group by area_code, area_name, offence
)

select * from final order by area_code = 'force', area_code = 'unassigned', area_name, offence
