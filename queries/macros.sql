-- Rules more than one query uses, defined once as DuckDB macros when the connection opens (db._connection),
-- after the derived tables, which they may read (so the derived tables cannot use them).

-- The two comparison windows, labelled as on every page: window_label, window_start, window_end (half-open months).
create macro comparison_windows(was_start, was_end, is_start, is_end) as table
    select * from (values ('What was', was_start::date, was_end::date), ('What is', is_start::date, is_end::date))
        as w(window_label, window_start, window_end);

-- Every LPA given in each comparison window, with the window's length and its last month (a snapshot's month).
create macro lpa_windows(lpas, was_start, was_end, is_start, is_end) as table
    select
        lpas.lpa,
        windows.*,
        date_diff('month', windows.window_start, windows.window_end) as months,
        (windows.window_end - interval 1 month)::date as last_month
    from (select unnest(lpas) as lpa) as lpas
    cross join comparison_windows(was_start, was_end, is_start, is_end) as windows;

-- Every month from start_month up to (not including) end_month, with the month after it.
create macro month_spine(start_month, end_month) as table
    select month::date as month, (month + interval 1 month)::date as next_month
    from generate_series(start_month::timestamp, end_month::timestamp - interval 1 month, interval 1 month) as t(month);

-- MARAC: a referral awaits a hearing at `moment` if it was received before then, not heard by then and not
-- screened out ('not accepted') before then.
create macro marac_awaiting(received_date, heard_date, decision, decision_date, moment) as
    received_date < moment
    and coalesce(heard_date >= moment, true)
    and not coalesce(decision = 'not accepted' and decision_date < moment, false);

-- MARAC: the first month whose referrals all have 12 months of look-back, so whose repeats are counted: the rule
-- is derived/marac_flagged's (repeat_known), read from it here rather than stated again.
create macro marac_repeats_known_from() as (
    select min(date_trunc('month', received_date))::date from marac_flagged where repeat_known
);

-- Online child abuse: a case awaits enforcement at `moment` if referred before then and not enforced by then.
create macro ocset_awaiting(referral_date, enforcement_date, moment) as
    referral_date < moment and coalesce(enforcement_date >= moment, true);

-- Investigations in each comparison window, by LPA or by crime type (`breakdown`: 'lpa' or 'crime_type'), for
-- the LPAs given: crimes and brought-to-justice outcomes per month, and the charge/summons and brought-to-justice
-- rates of crimes recorded in the window (months still maturing left out of the rates).
create macro investigation_windows(lpas, was_start, was_end, is_start, is_end, breakdown) as table
    with windows as (
        select *, date_diff('month', window_start, window_end) as months
        from comparison_windows(was_start, was_end, is_start, is_end)
    ),

    crime_windows as (
        select
            case breakdown when 'lpa' then crime_months.lpa else crime_months.crime_type end as breakdown_key,
            windows.window_label,
            sum(crime_months.crimes_recorded) as crimes,
            sum(crime_months.charge_summons) filter (where not crime_months.maturing)
                / nullif(sum(crime_months.crimes_recorded) filter (where not crime_months.maturing), 0) as charge_rate,
            sum(crime_months.brought_to_justice) filter (where not crime_months.maturing)
                / nullif(sum(crime_months.crimes_recorded) filter (where not crime_months.maturing), 0) as btj_rate
        from crime_months
        inner join windows
            on crime_months.month >= windows.window_start and crime_months.month < windows.window_end
        where crime_months.lpa in (select unnest(lpas))
        group by all
    ),

    outcome_windows as (
        select
            case breakdown when 'lpa' then outcome_months.lpa else outcome_months.crime_type end as breakdown_key,
            windows.window_label,
            coalesce(sum(outcome_months.outcomes) filter (where outcome_months.brought_to_justice), 0) as btj_outcomes
        from outcome_months
        inner join windows
            on outcome_months.month >= windows.window_start and outcome_months.month < windows.window_end
        where outcome_months.lpa in (select unnest(lpas))
        group by all
    )

    select
        breakdown_key,
        window_label,
        (coalesce(crime_windows.crimes, 0) / windows.months)::double as crimes_per_month,
        crime_windows.charge_rate::double as charge_rate,
        crime_windows.btj_rate::double as btj_rate,
        (coalesce(outcome_windows.btj_outcomes, 0) / windows.months)::double as btj_outcomes_per_month
    from crime_windows
    full join outcome_windows using (breakdown_key, window_label)
    inner join windows using (window_label);
