-- Share of allocated crimes with documented supervision and days to first review, per LPA and comparison window.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crime_supervision
-- returns: lpa VARCHAR, window_label VARCHAR, supervised_pct DOUBLE, days_to_first_review DOUBLE
with supervision as (
    select * from crime_supervision
),

windows as (
    select 'What was' as window_label, $was_start::date as window_start, $was_end::date as window_end
    union all
    select 'What is', $is_start::date, $is_end::date
),

final as (
    select
        supervision.lpa,
        windows.window_label,
        sum(supervision.with_documented_supervision) / nullif(sum(supervision.crimes_allocated), 0) as supervised_pct,
        sum(supervision.median_days_to_first_review * supervision.crimes_allocated)
            / nullif(sum(supervision.crimes_allocated), 0) as days_to_first_review
    from supervision
    inner join windows on supervision.month >= windows.window_start and supervision.month < windows.window_end
    where supervision.lpa in (select unnest($lpas))
    group by supervision.lpa, windows.window_label
)

select * from final order by lpa, window_label desc
