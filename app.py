"""Overview: for each cause of concern, is what is better than what was?"""

import streamlit as st

from briefing import access, compare, ui
from briefing.areas import AREAS
from briefing.config import REPO_DIR

force, chosen = ui.page("Overview", "For each area HMICFRS named a cause of concern: what is, against what was.")
params = chosen.params(force)
ui.demo_banner(*sorted({name for area in AREAS for name in area.extracts}))

for area in AREAS:
    with st.container(border=True):
        st.subheader(area.title)
        if not access.current().sees_area(area.key):
            st.caption(":material/block: Not in your role: ask the app's administrator if you need it.")
            continue
        st.caption(area.question)
        demo = ui.is_demo(area.extracts)
        if demo:
            st.caption(f":material/science: **{ui.DEMO_TEXT}**")
        if area.note and not chosen.force_wide:
            st.caption(area.note)
        monthly = ui.load(area.headline_query, **params)
        if monthly is not None:
            # Tiles only: each page, and the briefing pack, carries the area's charts.
            ui.tiles(compare.compare_all(monthly, area.measures, chosen.was, chosen.is_), chosen)
        if (REPO_DIR / area.page).exists():
            st.page_link(area.page, label=f"Open {area.title}", icon=":material/arrow_forward:",
                         query_params=chosen.to_query())

st.subheader("Events")
ui.events_timeline(force)
