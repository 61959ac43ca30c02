-- Arrests per month, per LPA and comparison window.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: arrests
-- returns: lpa VARCHAR, window_label VARCHAR, arrests_per_month DOUBLE
with arrest_records as (
    select * from arrests
),

labelled as (
    select
        lpa,
        arrests,
        case
            when month >= $was_start and month < $was_end then 'What was'
            when month >= $is_start and month < $is_end then 'What is'
        end as window_label,
        case
            when month >= $was_start and month < $was_end then datediff('month', $was_start, $was_end)
            when month >= $is_start and month < $is_end then datediff('month', $is_start, $is_end)
        end as window_months
    from arrest_records
    where lpa in (select unnest($lpas))
),

final as (
    select lpa, window_label, (sum(arrests) / any_value(window_months))::double as arrests_per_month
    from labelled
    where window_label is not null
    group by lpa, window_label
)

select * from final order by lpa, window_label desc
