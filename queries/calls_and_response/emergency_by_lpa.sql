-- Emergency incidents attended, and the share within target, per LPA in each comparison window.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: incidents
-- returns: lpa VARCHAR, window_label VARCHAR, attended BIGINT, within_target BIGINT, within_target_rate DOUBLE
with emergencies as (
    select * from incidents where priority = 'emergency' and lpa in (select unnest($lpas))
),

windowed as (
    select
        lpa,
        attended,
        attended_within_target,
        case
            when month >= $was_start and month < $was_end then 'What was'
            when month >= $is_start and month < $is_end then 'What is'
        end as window_label
    from emergencies
),

final as (
    select
        lpa,
        window_label,
        sum(attended)::bigint as attended,
        sum(attended_within_target)::bigint as within_target,
        sum(attended_within_target) / nullif(sum(attended), 0) as within_target_rate
    from windowed
    where window_label is not null
    group by lpa, window_label
)

select * from final order by lpa, window_label desc
