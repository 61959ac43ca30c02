"""MARAC: are high-risk domestic abuse cases referred in proportion, and heard and shared promptly?"""

import streamlit as st

from briefing import charts, compare, suppression, ui
from briefing.areas import (
    MARAC_BACKLOG,
    MARAC_DECISION,
    MARAC_PER_10K,
    MARAC_POLICE,
    MARAC_REFERRALS,
    MARAC_REPEATS,
    MARAC_SHARING,
    MARAC_TRIAGE,
)

force, chosen = ui.page(
    "MARAC",
    "Are high-risk domestic abuse cases referred to MARAC in proportion (SafeLives: 40 a year per 10,000 adult "
    "women), and heard and shared with partners without delay?",
)
ui.demo_banner("marac_referrals")
demo = ui.is_demo(("marac_referrals",))
threshold = force.suppression_threshold
params = chosen.params(force)
every_lpa = list(force.lpas)
# Counts suppressed at LPA level, and the rate that would give referrals away.
SENSITIVE = ["referrals", "repeats", "police_referrals", "backlog"]
DEPENDENT = {"per_10k_year": "referrals"}

monthly = ui.load("marac/monthly", **params)
by_lpa = ui.load("marac/by_lpa", **(params | {"lpas": every_lpa}))
counts = ui.load("marac/counts_by_lpa", **(params | {"lpas": every_lpa}))
if monthly is None or by_lpa is None or counts is None:
    st.stop()

headline = compare.compare_all(
    monthly,
    (MARAC_PER_10K, MARAC_REPEATS, MARAC_POLICE, MARAC_BACKLOG, MARAC_REFERRALS, MARAC_TRIAGE, MARAC_DECISION,
     MARAC_SHARING),
    chosen.was, chosen.is_,
)
ui.tiles(headline[:4], chosen)
ui.tiles(headline[4:], chosen)
st.caption(
    "A repeat is a referral within 12 months of the same victim's previous referral (SafeLives; national "
    f"31%). Durations are medians of the monthly medians. {suppression.explanation(threshold)}"
)

st.header("Trends")
charted = suppression.monthly(monthly, counts, SENSITIVE, chosen.lpas, threshold=threshold, dependent=DEPENDENT)
published = ui.load("marac/published")
target = published[published["kind"] == "target"] if published is not None else None
# One chart at a time: each XmR chart costs about 0.2 s of server work to build.
TRENDS = {"Rate per 10,000": MARAC_PER_10K, "Backlog": MARAC_BACKLOG, "Repeats": MARAC_REPEATS,
          "Police share": MARAC_POLICE, "Days to triage": MARAC_TRIAGE, "Days to decision": MARAC_DECISION,
          "Days to sharing": MARAC_SHARING}
choice = st.segmented_control("Trend", list(TRENDS), default="Rate per 10,000", key="marac_trend") or "Rate per 10,000"
if TRENDS[choice] is MARAC_PER_10K and target is not None and len(target):
    ui.trend(charted, MARAC_PER_10K, chosen, force, demo, target=float(target["value"].iloc[0]),
             target_label=target["label"].iloc[0], reference=published[published["kind"] == "reference"])
    st.caption("Green line: the SafeLives expected level; black square: the national rate (SafeLives).")
else:
    ui.trend(charted, TRENDS[choice], chosen, force, demo)
ui.table_with_download(charted, "MARAC by month", "marac-monthly", demo)

st.header("By Local Policing Area")
named = by_lpa.assign(lpa_name=by_lpa["lpa"].map(force.lpa_name))
by_lpa_dependent = {"per_10k_year": "referrals_per_month", "repeat_pct": "referrals_per_month",
                    "police_pct": "referrals_per_month"}
ui.chart(
    charts.by_lpa(
        suppression.blank(named, ["referrals_per_month", "backlog"], threshold=threshold, group=["window_label"],
                          dependent=by_lpa_dependent),
        value="per_10k_year", title="Referrals a year per 10,000 adult women, by LPA",
        y_title="Per 10,000 a year", demo=demo,
        target=float(target["value"].iloc[0]) if target is not None and len(target) else None,
        target_label=target["label"].iloc[0] if target is not None and len(target) else "",
    ),
    f"Referrals a year per 10,000 adult women in each LPA, what was ({chosen.was.label()}) beside what is "
    f"({chosen.is_.label()}); the SafeLives expected level is 40. Suppressed LPAs are not drawn.",
)
ui.table_with_download(
    suppression.table(named[["lpa_name", "window_label", "referrals_per_month", "per_10k_year", "repeat_pct",
                             "police_pct", "backlog"]],
                      ["referrals_per_month", "backlog"], threshold=threshold, group=["window_label"],
                      dependent=by_lpa_dependent),
    "MARAC by LPA", "marac-by-lpa", demo,
)
