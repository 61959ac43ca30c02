"""Sex offender management: are registered sex offenders' risk assessments, visits and reviews done by their own
due dates, and is the caseload per offender manager manageable?"""

import streamlit as st

from briefing import charts, compare, suppression, ui
from briefing.areas import RSO_ARMS, RSO_CASELOAD, RSO_PER_MANAGER, RSO_REVIEWS, RSO_VISITS

force, chosen = ui.page(
    "Sex offender management",
    "Are registered sex offenders' ARMS assessments, home visits and supervisory reviews done by the due dates "
    "in their own plans, and how many offenders does each offender manager hold?",
)
ui.demo_banner("rso_caseload")
demo = ui.is_demo(("rso_caseload",))
threshold = force.suppression_threshold
params = chosen.params(force)
every_lpa = list(force.lpas)
OVERDUE = ["arms_overdue", "visits_overdue", "reviews_overdue"]

monthly = ui.load("sex_offenders/monthly", **params)
by_lpa = ui.load("sex_offenders/by_lpa", **(params | {"lpas": every_lpa}))
overdue = ui.load("sex_offenders/overdue_by_lpa", **(params | {"lpas": every_lpa}))
by_risk = ui.load("sex_offenders/by_risk", **(params | {"lpas": every_lpa}))
if monthly is None or by_lpa is None or overdue is None or by_risk is None:
    st.stop()

measures = (RSO_CASELOAD, RSO_ARMS, RSO_VISITS, RSO_REVIEWS, RSO_PER_MANAGER)
ui.tiles(compare.adjust(compare.compare_all(monthly, measures, chosen.was, chosen.is_)), chosen)
st.caption(
    "Counts are at the end of each window's last month. Overdue means past the due date set in that offender's "
    "own plan (there has been no national fixed visit frequency since 2017), with nothing done on or after it. "
    f"Offenders per manager is the monthly average. {suppression.explanation(threshold)}"
)

st.header("Trends")
charted = suppression.monthly(monthly, overdue, OVERDUE, chosen.lpas, threshold=threshold)
# One chart at a time: each XmR chart costs about 0.2 s of server work to build.
TRENDS = {"ARMS assessments": RSO_ARMS, "Home visits": RSO_VISITS, "Supervisory reviews": RSO_REVIEWS,
          "Caseload": RSO_CASELOAD, "Per offender manager": RSO_PER_MANAGER}
choice = st.segmented_control("Trend", list(TRENDS), default="ARMS assessments", key="rso_trend") or "ARMS assessments"
ui.trend(charted, TRENDS[choice], chosen, force, demo)
ui.table_with_download(charted, "sex offender caseload by month", "sex-offenders-monthly", demo)

st.header("By risk level")
st.caption(
    f"{chosen.lpa_label(force)}, at the end of what was ({chosen.was.label()}) and what is "
    f"({chosen.is_.label()}). A small count is protected against both the LPA's caseload and the "
    "force-wide count at that risk level."
)
ui.table_with_download(
    suppression.selection_table(by_risk, ["offenders", "arms_overdue", "visits_overdue"], chosen.lpas,
                                threshold=threshold, group=["window_label"], over="risk_level"),
    "caseload by risk level", "sex-offenders-by-risk", demo,
)

st.header("By Local Policing Area")
named = by_lpa.assign(lpa_name=by_lpa["lpa"].map(force.lpa_name))
ui.chart(
    charts.by_lpa(suppression.blank(named, OVERDUE, threshold=threshold, group=["window_label"]),
                  value="arms_overdue", title="ARMS assessments overdue, by LPA", y_title="Overdue",
                  demo=demo),
    f"ARMS assessments overdue in each LPA at the end of what was ({chosen.was.label()}) and what is "
    f"({chosen.is_.label()}). Suppressed LPAs are not drawn.",
)
ui.table_with_download(
    suppression.table(named[["lpa_name", "window_label", "caseload", *OVERDUE, "caseload_per_manager"]], OVERDUE,
                      threshold=threshold, group=["window_label"]),
    "sex offender management by LPA", "sex-offenders-by-lpa", demo,
)
