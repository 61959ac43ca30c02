-- Every published figure shipped with the app, newest first.
-- params: none
-- extracts: published_figures
-- returns: period VARCHAR, period_end DATE, measure VARCHAR, value DOUBLE, unit VARCHAR, source VARCHAR, url VARCHAR
select period, period_end, measure, value, unit, source, url
from published_figures
order by period_end desc nulls last, measure
