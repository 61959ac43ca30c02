"""Calls and response: are 999 and 101 calls answered, and emergencies attended, faster now than before?"""

import streamlit as st

from briefing import charts, compare, ui
from briefing.areas import (
    AREAS,
    CALLS_101_ABANDONED,
    CALLS_101_ANSWER_SECONDS,
    CALLS_999_ABANDONED,
    EMERGENCY_WITHIN_TARGET,
    chart_options,
)

AREA = next(area for area in AREAS if area.key == "calls_and_response")

force, chosen = ui.page("Calls and response", AREA.question)
ui.demo_banner(*AREA.extracts)
demo = ui.is_demo(AREA.extracts)
if not chosen.force_wide:
    st.info(AREA.note, icon=":material/call:")

monthly = ui.load(AREA.headline_query, **chosen.params(force))
if monthly is None:
    st.stop()
ui.tiles(compare.adjust(compare.compare_all(monthly, AREA.measures, chosen.was, chosen.is_)), chosen)

st.header("999 calls answered within 10 seconds")
st.write(
    "Against the national standard of 90% answered within 10 seconds. Orange squares are the published "
    "figures the demonstration data are calibrated to (hover for the period and source)."
)
# Calls carry no LPA: their charts are titled force-wide whatever LPA is chosen.
ui.trend(monthly, AREA.measures[0], chosen, force, demo, where="force-wide", **chart_options(AREA))
published = ui.load("calls_and_response/published_calls")
if published is not None:
    with st.expander("Published 999 and 101 figures"):
        ui.table_with_download(published, "published call figures", "published_calls", demo=False)

st.header("Abandoned calls and 101 answer times")
# One chart at a time: each XmR chart is a sizeable part of a rerun's server work.
trends = {"999 abandoned": CALLS_999_ABANDONED, "101 answer time": CALLS_101_ANSWER_SECONDS,
          "101 abandoned": CALLS_101_ABANDONED}
first = next(iter(trends))
choice = st.segmented_control("Trend", list(trends), default=first, key="calls_trend") or first
ui.trend(monthly, trends[choice], chosen, force, demo, where="force-wide")

st.header("Emergency incidents attended within target")
ui.trend(monthly, EMERGENCY_WITHIN_TARGET, chosen, force, demo)
by_lpa = ui.load("calls_and_response/emergency_by_lpa", **chosen.params(force))
if by_lpa is not None:
    by_lpa = by_lpa.assign(lpa_name=by_lpa["lpa"].map(force.lpa_name))
    summary = "; ".join(
        f"{row.lpa_name} {row.window_label.lower()}: {row.within_target_rate:.1%} of {row.attended:,}"
        for row in by_lpa.itertuples()
    )
    ui.chart(
        charts.by_lpa(by_lpa, value="within_target_rate", title="Emergency incidents attended within target, by LPA",
                      y_title="Share within target", demo=demo, percent=True),
        f"Emergency incidents attended within target, by LPA and window: {summary}.",
    )
    ui.table_with_download(by_lpa, "emergency attendance by LPA", "emergency_by_lpa", demo)

st.header("Monthly figures")
ui.table_with_download(monthly, "calls and emergency attendance by month", "calls_and_response_monthly", demo)
