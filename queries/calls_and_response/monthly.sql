-- Calls each month (force-wide: calls carry no LPA) and emergency incidents attended in the chosen LPAs.
-- params: $lpas (VARCHAR[], LPA codes; incidents only), $start (DATE), $end (DATE, exclusive)
-- extracts: calls, incidents
-- returns: month DATE, calls_999_offered BIGINT, calls_999_within_10s BIGINT, calls_999_abandoned BIGINT, calls_999_mean_answer_seconds DOUBLE, calls_101_offered BIGINT, calls_101_abandoned BIGINT, calls_101_mean_answer_seconds DOUBLE, emergency_attended BIGINT, emergency_within_target BIGINT
with calls_offered as (
    select * from calls where month >= $start and month < $end
),

emergencies as (
    select *
    from incidents
    where priority = 'emergency' and lpa in (select unnest($lpas)) and month >= $start and month < $end
),

calls_by_month as (
    select
        month,
        sum(offered) filter (where line = '999')::bigint as calls_999_offered,
        sum(answered_within_10s) filter (where line = '999')::bigint as calls_999_within_10s,
        sum(abandoned) filter (where line = '999')::bigint as calls_999_abandoned,
        -- Answer time is a mean over answered calls, so months and rows are weighted by calls answered.
        sum(mean_answer_seconds * (offered - abandoned)) filter (where line = '999')
            / nullif(sum(offered - abandoned) filter (where line = '999'), 0) as calls_999_mean_answer_seconds,
        sum(offered) filter (where line = '101')::bigint as calls_101_offered,
        sum(abandoned) filter (where line = '101')::bigint as calls_101_abandoned,
        sum(mean_answer_seconds * (offered - abandoned)) filter (where line = '101')
            / nullif(sum(offered - abandoned) filter (where line = '101'), 0) as calls_101_mean_answer_seconds
    from calls_offered
    group by month
),

emergencies_by_month as (
    select
        month,
        sum(attended)::bigint as emergency_attended,
        sum(attended_within_target)::bigint as emergency_within_target
    from emergencies
    group by month
),

final as (
    select
        coalesce(calls_by_month.month, emergencies_by_month.month) as month,
        calls_999_offered,
        calls_999_within_10s,
        calls_999_abandoned,
        calls_999_mean_answer_seconds::double as calls_999_mean_answer_seconds,
        calls_101_offered,
        calls_101_abandoned,
        calls_101_mean_answer_seconds::double as calls_101_mean_answer_seconds,
        emergency_attended,
        emergency_within_target
    from calls_by_month
    full outer join emergencies_by_month using (month)
)

select * from final order by month
