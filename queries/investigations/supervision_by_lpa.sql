-- Share of allocated crimes with documented supervision and days to first review, per LPA and comparison window.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crime_supervision
-- returns: lpa VARCHAR, window_label VARCHAR, supervised_pct DOUBLE, days_to_first_review DOUBLE
with supervision as (
    select * from crime_supervision
),

labelled as (
    select
        *,
        case
            when month >= $was_start and month < $was_end then 'What was'
            when month >= $is_start and month < $is_end then 'What is'
        end as window_label
    from supervision
    where lpa in (select unnest($lpas))
),

final as (
    select
        lpa,
        window_label,
        sum(with_documented_supervision) / nullif(sum(crimes_allocated), 0) as supervised_pct,
        sum(median_days_to_first_review * crimes_allocated) / nullif(sum(crimes_allocated), 0)
            as days_to_first_review
    from labelled
    where window_label is not null
    group by lpa, window_label
)

select * from final order by lpa, window_label desc
