"""Overview: for each cause of concern, is what is better than what was?"""

import streamlit as st

from briefing import compare, ui, wording
from briefing.areas import AREAS
from briefing.config import REPO_DIR

force, chosen = ui.page("Overview", "For each area HMICFRS named a cause of concern: what is, against what was.")
params = chosen.params(force)
ui.demo_banner(*sorted({name for area in AREAS for name in area.extracts}))

monthly = {area.key: ui.load(area.headline_query, **params) for area in AREAS}
# One family of verdicts for the page (Benjamini-Hochberg), every area's tiles together.
found = compare.adjust([c for area in AREAS if monthly[area.key] is not None
                        for c in compare.compare_all(monthly[area.key], area.measures, chosen.was, chosen.is_)])
by_area = {area.key: [c for c in found if c.measure in area.measures] for area in AREAS}

BADGE = {"improved": "green", "worsened": "red"}
st.subheader("Headline per area")
for area in AREAS:
    primary = next((c for c in by_area[area.key] if c.measure == area.primary), None)
    line = st.container(horizontal=True, vertical_alignment="center")
    line.markdown(f"**{area.title}**: {area.primary.label}")
    if primary is None:
        line.badge("data unavailable", color="gray")
        continue
    shown = ui.shown_tile(primary, chosen)
    line.badge(shown.verdict.capitalize(), color=BADGE.get(shown.verdict, "gray"), help=shown.sentence)
    line.caption(f"{shown.value} (was {shown.was}); {shown.beyond or wording.format_change(primary)}")

for area in AREAS:
    with st.container(border=True):
        st.subheader(area.title)
        st.caption(area.question)
        demo = ui.is_demo(area.extracts)
        if demo:
            st.caption(f":material/science: **{ui.DEMO_TEXT}**")
        if area.note and not chosen.force_wide:
            st.caption(area.note)
        if monthly[area.key] is not None:
            # Tiles only: each page, and the briefing pack, carries the area's charts.
            ui.tiles(by_area[area.key], chosen)
        if (REPO_DIR / area.page).exists():
            st.page_link(area.page, label=f"Open {area.title}", icon=":material/arrow_forward:",
                         query_params=chosen.to_query())

st.subheader("Events")
ui.events_timeline(force)
