-- Per LPA (every LPA of the force) and comparison window: crimes and brought-to-justice outcomes per month, and the charge/summons and brought-to-justice rates (macro investigation_windows).
-- params: $force_lpas (VARCHAR[], every LPA of the force), $was_start, $was_end, $is_start, $is_end (DATE, half-open)
-- extracts: crime_months, outcome_months
-- returns: lpa VARCHAR, window_label VARCHAR, crimes_per_month DOUBLE, charge_rate DOUBLE, btj_rate DOUBLE, btj_outcomes_per_month DOUBLE
select breakdown_key as lpa, * exclude (breakdown_key)
from investigation_windows($force_lpas, $was_start, $was_end, $is_start, $is_end, 'lpa')
order by lpa, window_label desc
