-- Online child abuse (OCSET) days from referral to enforcement by risk grade in each comparison window, against the guide for that grade.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open), $grades (VARCHAR[], risk grades), $guide_days (INTEGER[], guide days for each grade)
-- extracts: ocset_cases
-- months: online_child_abuse/by_grade_months
-- returns: risk_grade VARCHAR, guide_days INTEGER public, window_label VARCHAR, enforced BIGINT sensitive, within_guide BIGINT sensitive, within_guide_pct DOUBLE from within_guide/enforced, median_days DOUBLE with enforced
with guide as (
    select unnest($grades) as risk_grade, unnest($guide_days) as guide_days, unnest(range(len($grades))) as rank
),

windows as (select * from comparison_windows($was_start, $was_end, $is_start, $is_end)),

enforced as (
    select cases.risk_grade, windows.window_label, (cases.enforcement_date - cases.referral_date) as days
    from ocset_cases as cases
    join windows
        on cases.enforcement_date >= windows.window_start and cases.enforcement_date < windows.window_end
    where cases.lpa in (select unnest($lpas))
),

final as (
    select
        guide.risk_grade,
        guide.guide_days::integer as guide_days,
        windows.window_label,
        count(enforced.days) as enforced,
        count(*) filter (where enforced.days <= guide.guide_days) as within_guide,
        count(*) filter (where enforced.days <= guide.guide_days) / nullif(count(enforced.days), 0)::double
            as within_guide_pct,
        median(enforced.days::double) as median_days,
        any_value(guide.rank) as rank
    from guide
    cross join windows
    left join enforced on enforced.risk_grade = guide.risk_grade and enforced.window_label = windows.window_label
    group by guide.risk_grade, guide.guide_days, windows.window_label
)

select risk_grade, guide_days, window_label, enforced, within_guide, within_guide_pct, median_days
from final order by rank, window_label desc
