-- Arrests per month, per LPA and comparison window.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: arrests
-- returns: lpa VARCHAR, window_label VARCHAR, arrests_per_month DOUBLE
with arrest_records as (
    select * from arrests
),

windows as (
    select 'What was' as window_label, $was_start::date as window_start, $was_end::date as window_end
    union all
    select 'What is', $is_start::date, $is_end::date
),

final as (
    select
        arrest_records.lpa,
        windows.window_label,
        (sum(arrest_records.arrests) / any_value(datediff('month', windows.window_start, windows.window_end)))::double
            as arrests_per_month
    from arrest_records
    inner join windows on arrest_records.month >= windows.window_start and arrest_records.month < windows.window_end
    where arrest_records.lpa in (select unnest($lpas))
    group by arrest_records.lpa, windows.window_label
)

select * from final order by lpa, window_label desc
