"""Overview: for each cause of concern, is what is better than what was?"""

import dataclasses

import pandas as pd
import streamlit as st

from briefing import charts, compare, pack_ui, ui
from briefing.areas import AREAS, chart_options
from briefing.config import REPO_DIR, load_events

force, chosen = ui.page("Overview", "For each area HMICFRS named a cause of concern: what is, against what was.")
pack_ui.download_buttons(chosen, force)
params = chosen.params(force)
ui.demo_banner(*sorted({name for area in AREAS for name in area.extracts}))

for area in AREAS:
    with st.container(border=True):
        st.subheader(area.title)
        st.caption(area.question)
        demo = ui.is_demo(area.extracts)
        if demo:
            st.caption(f":material/science: **{ui.DEMO_TEXT}**")
        monthly = ui.load(area.headline_query, **params)
        if monthly is not None:
            ui.tiles(compare.compare_all(monthly, area.measures, chosen.was, chosen.is_), chosen)
            # A measure with no LPA (calls) is charted, and titled, force-wide whatever LPA is chosen.
            main_filters = dataclasses.replace(chosen, lpas=()) if area.measures[0].key in area.force_wide_measures \
                else chosen
            ui.trend(monthly, area.measures[0], main_filters, force, demo, **chart_options(area))
        if (REPO_DIR / area.page).exists():
            st.page_link(area.page, label=f"Open {area.title}", icon=":material/arrow_forward:",
                         query_params=chosen.to_query())

st.subheader("Events")
events = load_events()
summary = "; ".join(f"{d:%d %b %Y}: {e}" for d, e in zip(events["date"], events["event"]))
ui.chart(charts.timeline(events, force.model_change), f"Events drawn on every trend chart: {summary}.")
ui.table_with_download(
    events.assign(date=pd.to_datetime(events["date"]).dt.date), "events", "events", demo=False
)
