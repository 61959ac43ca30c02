-- Arrests per month, for every LPA of the force and comparison window.
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: arrests
-- returns: lpa VARCHAR, window_label VARCHAR, arrests_per_month DOUBLE
with windows as (select * from comparison_windows($was_start, $was_end, $is_start, $is_end)),

final as (
    select
        arrests.lpa,
        windows.window_label,
        (sum(arrests.arrests) / any_value(date_diff('month', windows.window_start, windows.window_end)))::double
            as arrests_per_month
    from arrests
    inner join windows on arrests.month >= windows.window_start and arrests.month < windows.window_end
    where arrests.lpa in (select unnest($force_lpas))
    group by arrests.lpa, windows.window_label
)

select * from final order by lpa, window_label desc
