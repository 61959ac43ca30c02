-- Outcomes recorded per month in each comparison window, by outcome group, flagged where the group counts as brought to justice.
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: outcome_months
-- returns: outcome_group VARCHAR, brought_to_justice BOOLEAN, window_label VARCHAR, outcomes_per_month DOUBLE
with window_months as (select * from comparison_windows($was_start, $was_end, $is_start, $is_end)),

final as (
    select
        outcome_months.outcome_group,
        outcome_months.brought_to_justice,
        window_months.window_label,
        (sum(outcome_months.outcomes) / any_value(datediff('month', window_start, window_end)))::double
            as outcomes_per_month
    from outcome_months
    inner join window_months
        on outcome_months.month >= window_months.window_start and outcome_months.month < window_months.window_end
    where outcome_months.lpa in (select unnest($lpas))
    group by all
)

select * from final order by brought_to_justice desc, outcome_group, window_label desc
