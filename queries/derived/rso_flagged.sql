-- Every monthly caseload record flagged overdue for its ARMS assessment, home visit and supervisory review at the month-end snapshot: past the record's own due date with nothing done on or after it (no national fixed frequency, so never a fixed interval).
-- params: none
-- extracts: rso_caseload
-- returns: month DATE, lpa VARCHAR, offender_id VARCHAR, offender_manager_id VARCHAR, risk_level VARCHAR, arms_overdue BOOLEAN, visit_overdue BOOLEAN, review_overdue BOOLEAN
with snapshots as (
    select *, (month + interval 1 month - interval 1 day)::date as snapshot_date from rso_caseload
)

select
    month,
    lpa,
    offender_id,
    offender_manager_id,
    risk_level,
    coalesce(arms_due_date < snapshot_date and coalesce(arms_completed_date < arms_due_date, true), false)
        as arms_overdue,
    coalesce(visit_due_date < snapshot_date and coalesce(last_visit_date < visit_due_date, true), false)
        as visit_overdue,
    coalesce(review_due_date < snapshot_date and coalesce(last_review_date < review_due_date, true), false)
        as review_overdue
from snapshots
