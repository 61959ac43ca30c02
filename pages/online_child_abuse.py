"""Online child abuse: are suspects dealt with in time for the risk they pose, and are children's services told
promptly?"""

import streamlit as st

from briefing import charts, compare, suppression, ui
from briefing.areas import (
    OCSET_AWAITING,
    OCSET_DAYS_BY_GRADE,
    OCSET_DISCLOSED,
    OCSET_HIGH_DAYS,
    OCSET_REFERRALS,
    OCSET_WITHIN_GUIDE,
)

force, chosen = ui.page(
    "Online child abuse",
    "Are online child sexual abuse cases enforced within the guide for their risk grade, is the queue awaiting "
    "enforcement short, and are children's services told in time?",
)
ui.demo_banner("ocset_cases")
demo = ui.is_demo(("ocset_cases",))
threshold = force.suppression_threshold
settings = force.protection
guide = {"grades": [g for g, _ in settings.enforcement_guide_days],
         "guide_days": [d for _, d in settings.enforcement_guide_days]}
params = chosen.params(force)
every_lpa = list(force.lpas)
SENSITIVE = ["referrals", "awaiting", "enforced"]
TIMELINESS = ["enforced", "enforced_within_guide", "disclosures_needed", "disclosed_on_time"]

monthly = ui.load("online_child_abuse/monthly", **params)
timeliness = ui.load("online_child_abuse/timeliness", **params, **guide, target_days=settings.disclosure_target_days)
by_lpa = ui.load("online_child_abuse/by_lpa", **(params | {"lpas": every_lpa}))
counts = ui.load("online_child_abuse/counts_by_lpa", **(params | {"lpas": every_lpa}), **guide,
                 target_days=settings.disclosure_target_days)
by_grade = ui.load("online_child_abuse/by_grade", **params, **guide)
grade_counts = ui.load("online_child_abuse/counts_by_lpa_grade", **(params | {"lpas": every_lpa}), **guide)
disclosure_settings = {"deadline": settings.disclosure_deadline, "target_days": settings.disclosure_target_days}
disclosure = ui.load("online_child_abuse/disclosure", **params, **disclosure_settings)
disclosure_counts = ui.load("online_child_abuse/disclosure_by_lpa", lpas=every_lpa, **disclosure_settings)
if any(frame is None for frame in (monthly, timeliness, by_lpa, counts, by_grade, grade_counts, disclosure,
                                   disclosure_counts)):
    st.stop()

ui.tiles(compare.compare_all(monthly, (OCSET_AWAITING, OCSET_REFERRALS, OCSET_HIGH_DAYS), chosen.was, chosen.is_)
         + compare.compare_all(timeliness, (OCSET_WITHIN_GUIDE, OCSET_DISCLOSED), chosen.was, chosen.is_),
         chosen)
guide_text = "; ".join(f"{grade}: {days} day{'' if days == 1 else 's'}"
                       for grade, days in settings.enforcement_guide_days)
st.caption(
    f"Guide from referral to enforcement (HMICFRS 2023): {guide_text}. A disclosure is on time within "
    f"{settings.disclosure_target_days} days of the referral (the force's own target); one "
    f"still not made counts as late. {suppression.explanation(threshold)}"
)

st.header("Trends")
charted = suppression.monthly(monthly, counts, SENSITIVE, chosen.lpas, threshold=threshold)
timely = suppression.monthly(timeliness, counts, TIMELINESS, chosen.lpas, threshold=threshold)
# One chart at a time: each XmR chart costs about 0.2 s of server work to build.
TRENDS = {"Awaiting enforcement": (charted, OCSET_AWAITING), "Within the guide": (timely, OCSET_WITHIN_GUIDE),
          "Disclosures on time": (timely, OCSET_DISCLOSED)}
TRENDS |= {f"Days, {grade} risk": (charted, OCSET_DAYS_BY_GRADE[grade]) for grade, _ in settings.enforcement_guide_days}
GUIDE = {f"Days, {grade} risk": (days, f"Guide for {grade} risk: {days} day{'' if days == 1 else 's'}")
         for grade, days in settings.enforcement_guide_days}
choice = st.segmented_control("Trend", list(TRENDS), default="Awaiting enforcement", key="ocset_trend")
choice = choice or "Awaiting enforcement"
frame, measure = TRENDS[choice]
if choice in GUIDE:
    ui.trend(frame, measure, chosen, force, demo, target=GUIDE[choice][0], target_label=GUIDE[choice][1])
else:
    ui.trend(frame, measure, chosen, force, demo)
ui.table_with_download(charted, "online child abuse by month", "online-child-abuse-monthly", demo)

st.header("Days to enforcement by risk grade")
st.caption(f"{chosen.lpa_label(force)}: cases enforced in what was ({chosen.was.label()}) and what is "
           f"({chosen.is_.label()}), against the guide for each grade.")
ui.table_with_download(
    suppression.selection_table(grade_counts, ["enforced"], chosen.lpas, threshold=threshold, group=["window_label"],
                                over="risk_grade", detail=by_grade, dependent=["median_days", "within_guide_pct"]),
    "days to enforcement by risk grade", "online-child-abuse-by-grade", demo,
)

st.header(f"Disclosures before and after {settings.disclosure_deadline:%d %B %Y}")
st.caption(f"Cases referred up to and including {settings.disclosure_deadline:%d %B %Y} (the HMICFRS deadline) and "
           "after it, where children's services had to be told.")
ui.table_with_download(
    suppression.selection_table(disclosure_counts, ["disclosures_needed", "disclosed_on_time"], chosen.lpas,
                                threshold=threshold, group=[], over="period", detail=disclosure,
                                dependent=["on_time_pct", "median_days"]),
    "disclosures before and after the deadline", "online-child-abuse-disclosure", demo,
)

st.header("By Local Policing Area")
named = by_lpa.assign(lpa_name=by_lpa["lpa"].map(force.lpa_name))
ui.chart(
    charts.by_lpa(suppression.blank(named, ["awaiting"], threshold=threshold, group=["window_label"]),
                  value="awaiting", title="Cases awaiting enforcement, by LPA", y_title="Awaiting",
                  demo=demo),
    f"Cases awaiting enforcement in each LPA at the end of what was ({chosen.was.label()}) and what is "
    f"({chosen.is_.label()}). Suppressed LPAs are not drawn.",
)
ui.table_with_download(
    suppression.table(named[["lpa_name", "window_label", "awaiting", "referrals_per_month"]],
                      ["awaiting", "referrals_per_month"], threshold=threshold, group=["window_label"]),
    "online child abuse by LPA", "online-child-abuse-by-lpa", demo,
)
