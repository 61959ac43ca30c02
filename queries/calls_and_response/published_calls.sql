-- Every published figure on 999 and 101 calls, the ones the demonstration data are calibrated to.
-- params: none
-- extracts: published_figures
-- returns: period VARCHAR, measure VARCHAR, value DOUBLE, unit VARCHAR, source VARCHAR, url VARCHAR
select period, measure, value, unit, source, url
from published_figures
where measure like '999 %' or measure like '101 %'
order by period_end nulls first, measure
