-- Share of allocated crimes with documented supervision and days to first review, for every LPA of the force and comparison window.
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crime_supervision
-- returns: lpa VARCHAR, window_label VARCHAR, supervised_pct DOUBLE, days_to_first_review DOUBLE
with windows as (select * from comparison_windows($was_start, $was_end, $is_start, $is_end)),

final as (
    select
        supervision.lpa,
        windows.window_label,
        sum(supervision.with_documented_supervision) / nullif(sum(supervision.crimes_allocated), 0) as supervised_pct,
        sum(supervision.median_days_to_first_review * supervision.crimes_allocated)
            / nullif(sum(supervision.crimes_allocated), 0) as days_to_first_review
    from crime_supervision as supervision
    inner join windows on supervision.month >= windows.window_start and supervision.month < windows.window_end
    where supervision.lpa in (select unnest($force_lpas))
    group by supervision.lpa, windows.window_label
)

select * from final order by lpa, window_label desc
