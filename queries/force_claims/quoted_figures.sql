-- Figures quoted on public pages about one topic, each with who quoted it and where.
-- params: $topic (VARCHAR)
-- extracts: quoted_figures
-- returns: metric VARCHAR, period VARCHAR, value VARCHAR, unit VARCHAR, quoted_by VARCHAR, url VARCHAR, note VARCHAR
with quoted as (
    select * from quoted_figures
),

final as (
    select metric, period, value, unit, quoted_by, url, note
    from quoted
    where topic = $topic
)

select * from final order by period, metric
