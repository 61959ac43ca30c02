-- Police officers (full-time equivalent) by force at each 31 March held.
-- params: none
-- extracts: force_officers
-- returns: force VARCHAR, as_at DATE, officers_fte DOUBLE, source VARCHAR
with officers as (
    select * from force_officers
),

final as (
    select force, as_at, officers_fte, source from officers
)

select * from final order by force, as_at
