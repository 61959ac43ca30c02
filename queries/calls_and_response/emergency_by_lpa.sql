-- Emergency incidents attended, and the share within target, for every LPA of the force in each comparison window.
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: incidents
-- returns: lpa VARCHAR, window_label VARCHAR, attended BIGINT, within_target BIGINT, within_target_rate DOUBLE
with windows as (select * from comparison_windows($was_start, $was_end, $is_start, $is_end)),

final as (
    select
        incidents.lpa,
        windows.window_label,
        sum(incidents.attended)::bigint as attended,
        sum(incidents.attended_within_target)::bigint as within_target,
        sum(incidents.attended_within_target) / nullif(sum(incidents.attended), 0) as within_target_rate
    from incidents
    inner join windows on incidents.month >= windows.window_start and incidents.month < windows.window_end
    where incidents.priority = 'emergency' and incidents.lpa in (select unnest($force_lpas))
    group by incidents.lpa, windows.window_label
)

select * from final order by lpa, window_label desc
