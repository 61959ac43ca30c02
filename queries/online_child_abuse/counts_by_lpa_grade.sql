-- Online child abuse (OCSET) cases enforced by LPA and risk grade in each comparison window, every LPA and grade listed (zeros included), for small-number suppression.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open), $grades (VARCHAR[], risk grades)
-- extracts: ocset_cases
-- returns: lpa VARCHAR, risk_grade VARCHAR, window_label VARCHAR, enforced BIGINT
with grades as (
    select unnest($grades) as risk_grade, unnest(range(len($grades))) as rank
),

windows as (
    select * from (values ('What was', $was_start::date, $was_end::date), ('What is', $is_start::date, $is_end::date))
        as w(window_label, window_start, window_end)
),

cells as (
    select lpas.lpa, grades.*, windows.*
    from (select unnest($lpas) as lpa) as lpas cross join grades cross join windows
),

final as (
    select cells.lpa, cells.risk_grade, cells.window_label, count(cases.case_id) as enforced, any_value(cells.rank) as rank
    from cells
    left join ocset_cases as cases
        on cases.lpa = cells.lpa and cases.risk_grade = cells.risk_grade
        and cases.enforcement_date >= cells.window_start and cases.enforcement_date < cells.window_end
    group by cells.lpa, cells.risk_grade, cells.window_label
)

select lpa, risk_grade, window_label, enforced from final order by rank, window_label desc, lpa
