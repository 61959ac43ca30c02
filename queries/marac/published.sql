-- Published MARAC reference figures: the SafeLives expected rate, the national rate and repeat share, WMP's referral counts.
-- params: none
-- extracts: published_figures
-- returns: period VARCHAR, period_end DATE, measure VARCHAR, value DOUBLE, source VARCHAR, url VARCHAR
select period, period_end, measure, value, source, url
from published_figures
where measure ilike '%marac%'
order by measure, period
