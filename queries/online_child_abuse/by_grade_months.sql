-- Online child abuse (OCSET) enforcements by risk grade, each month of each comparison window, and those within the guide for the grade: the protected months online_child_abuse/by_grade's LPA figures are built from.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open), $grades (VARCHAR[], risk grades), $guide_days (INTEGER[], guide days for each grade)
-- extracts: ocset_cases
-- returns: risk_grade VARCHAR, window_label VARCHAR, month DATE, enforced BIGINT sensitive, within_guide BIGINT sensitive
with guide as (
    select unnest($grades) as risk_grade, unnest($guide_days) as guide_days
),

months as (
    select
        window_label,
        unnest(generate_series(window_start::timestamp, window_end::timestamp - interval 1 month, interval 1 month))::date
            as month
    from comparison_windows($was_start, $was_end, $is_start, $is_end)
),

enforced as (
    select
        cases.risk_grade,
        date_trunc('month', cases.enforcement_date)::date as month,
        count(*) as enforced,
        count(*) filter (where cases.enforcement_date - cases.referral_date <= guide.guide_days) as within_guide
    from ocset_cases as cases
    join guide using (risk_grade)
    where cases.enforcement_date is not null and cases.lpa in (select unnest($lpas))
    group by all
),

final as (
    select
        guide.risk_grade,
        months.window_label,
        months.month,
        coalesce(enforced.enforced, 0)::bigint as enforced,
        coalesce(enforced.within_guide, 0)::bigint as within_guide
    from guide
    cross join months
    left join enforced on enforced.risk_grade = guide.risk_grade and enforced.month = months.month
)

select * from final order by risk_grade, window_label desc, month
