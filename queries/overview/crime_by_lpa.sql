-- Monthly mean of recorded crime (excluding anti-social behaviour) per LPA in each comparison window.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crimes
-- returns: lpa VARCHAR, window_label VARCHAR, crimes_per_month DOUBLE
with recorded as (
    select * from crimes where crime_type <> 'Anti-social behaviour' and lpa in (select unnest($lpas))
),

windowed as (
    select
        lpa,
        month,
        crimes,
        case
            when month >= $was_start and month < $was_end then 'What was'
            when month >= $is_start and month < $is_end then 'What is'
        end as window_label
    from recorded
),

final as (
    select lpa, window_label, sum(crimes) / count(distinct month) as crimes_per_month
    from windowed
    where window_label is not null
    group by lpa, window_label
)

select * from final order by lpa, window_label desc
