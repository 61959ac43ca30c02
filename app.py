"""Overview: for each cause of concern, is what is better than what was?"""

import streamlit as st

from briefing import area_data, suppression, ui
from briefing.areas import AREAS
from briefing.config import DEMO_TEXT, REPO_DIR

view = ui.page("Overview", "For each area HMICFRS named a cause of concern: what is, against what was.")
ui.demo_banner(*sorted({name for area in AREAS for name in area.extracts}))
st.caption(suppression.explanation(view.force.suppression_threshold))

for area in AREAS:
    with st.container(border=True):
        st.subheader(area.title)
        st.caption(area.question)
        if ui.is_demo(area.extracts):
            st.caption(f":material/science: **{DEMO_TEXT}**")
        if area.note and not view.force_wide:
            st.caption(area.note)
        # The same comparisons as the area's page; tiles only: the page and the pack carry its charts.
        data = area_data.load(area, view)
        for problem in data.problems.values():
            ui.unavailable(problem)
        headline = data.comparisons_of(area.headline_measures)
        if headline:
            ui.tiles(headline, view, data.withheld)
        if (REPO_DIR / area.page).exists():
            st.page_link(area.page, label=f"Open {area.title}", icon=":material/arrow_forward:",
                         query_params=view.to_query())

st.subheader("Events")
ui.events_timeline(view)
