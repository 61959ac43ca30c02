-- Per crime type and comparison window, for the chosen LPAs: crimes and brought-to-justice outcomes per month, and the charge/summons and brought-to-justice rates (macro investigation_windows).
-- params: $lpas (VARCHAR[], LPA codes), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crime_months, outcome_months
-- returns: crime_type VARCHAR, window_label VARCHAR, crimes_per_month DOUBLE, charge_rate DOUBLE, btj_rate DOUBLE, btj_outcomes_per_month DOUBLE
select breakdown_key as crime_type, * exclude (breakdown_key)
from investigation_windows($lpas, $was_start, $was_end, $is_start, $is_end, 'crime_type')
order by crime_type, window_label desc
