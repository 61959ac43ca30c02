-- MARAC each month: referrals, repeats (null in months without 12 months of look-back: derived/marac_flagged), police referrals, rate per 10,000 adult women a year, backlog at month end and median days between stages (with the referrals each median rests on, hidden: for an LPA a median of fewer than 5 is not shown).
-- params: $lpas (VARCHAR[], LPA codes), $start (DATE), $end (DATE, exclusive)
-- extracts: marac_flagged, population
-- returns: month DATE, referrals BIGINT sensitive, repeats BIGINT sensitive, police_referrals BIGINT sensitive, per_10k_year DOUBLE from referrals, backlog BIGINT sensitive, triaged BIGINT hidden, decided BIGINT hidden, shared BIGINT hidden, triage_days DOUBLE with triaged, decision_days DOUBLE with decided, sharing_days DOUBLE with shared
with women as (
    select sum(value) as adult_women
    from population
    where measure = 'adult_women' and year = 2021 and lpa in (select unnest($lpas))
),

-- Repeats are flagged over each victim's whole history, before any filter (derived/marac_flagged).
filtered as (select * from marac_flagged where lpa in (select unnest($lpas))),

months as (
    select * from month_spine($start, $end)
    where month <= (select date_trunc('month', max(received_date)) from marac_flagged)
),

received as (
    select
        date_trunc('month', received_date)::date as month,
        count(*) as referrals,
        case when bool_and(repeat_known) then count(*) filter (where is_repeat) end as repeats,
        count(*) filter (where source = 'police') as police_referrals
    from filtered
    group by 1
),

backlog as (
    select months.month, count(filtered.referral_id) as backlog
    from months
    left join filtered
        on marac_awaiting(filtered.received_date, filtered.heard_date, filtered.decision, filtered.decision_date,
                          months.next_month)
    group by months.month
),

triage as (
    select date_trunc('month', triaged_date)::date as month, count(*) as triaged,
        median((triaged_date - received_date)::double) as triage_days
    from filtered where triaged_date is not null group by 1
),

decision as (
    select date_trunc('month', decision_date)::date as month, count(*) as decided,
        median((decision_date - triaged_date)::double) as decision_days
    from filtered where decision_date is not null and triaged_date is not null group by 1
),

sharing as (
    select date_trunc('month', info_shared_date)::date as month, count(*) as shared,
        median((info_shared_date - received_date)::double) as sharing_days
    from filtered where info_shared_date is not null group by 1
),

final as (
    select
        months.month,
        coalesce(received.referrals, 0)::bigint as referrals,
        -- A month with no referrals has no repeats, if its look-back is complete.
        case
            when received.month is null and months.month >= marac_repeats_known_from()
                then 0
            else received.repeats
        end::bigint as repeats,
        coalesce(received.police_referrals, 0)::bigint as police_referrals,
        coalesce(received.referrals, 0) * 12 * 10000 / (select adult_women from women)::double as per_10k_year,
        backlog.backlog::bigint as backlog,
        coalesce(triage.triaged, 0)::bigint as triaged,
        coalesce(decision.decided, 0)::bigint as decided,
        coalesce(sharing.shared, 0)::bigint as shared,
        triage.triage_days,
        decision.decision_days,
        sharing.sharing_days
    from months
    left join received using (month)
    left join backlog using (month)
    left join triage using (month)
    left join decision using (month)
    left join sharing using (month)
)

select * from final order by month
