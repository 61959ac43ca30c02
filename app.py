"""Overview: for each cause of concern, is what is better than what was?"""

import streamlit as st

from briefing import protect
from briefing.app import gate, ui
from briefing.areas import area_data
from briefing.areas.declarations import AREAS
from briefing.config import DEMO_TEXT, REPO_DIR
from briefing.present import tile
from briefing.store import db

view = ui.page("Overview", "For each area HMICFRS named a cause of concern: what is, against what was.")
ui.demo_banner(*sorted({name for area in AREAS for name in area.extracts}))
st.caption(protect.explanation(view.force.suppression_threshold))

# The same comparisons as each area's page (one family of verdicts per page), so they cannot disagree.
shown_areas = [area for area in AREAS if gate.current().sees_area(area.key)]
loaded = {area.key: area_data.load(area, view) for area in shown_areas}

BADGE = {"improved": "green", "worsened": "red"}
st.subheader("Headline per area")
lines = []
for area in shown_areas:
    data = loaded[area.key]
    primary = next(iter(data.comparisons_of([area.primary])), None)
    line = f"- **{area.title}**: {area.primary.label}"
    if primary is None:
        lines.append(f"{line} :gray-badge[data unavailable]")
        continue
    (shown,) = tile.shown([primary], data.withheld, view)
    # Both answers are visible text, not the badge's tooltip (which a keyboard cannot reach).
    figures = "; ".join(part for part in (f"{shown.value} (was {shown.was})", shown.change, shown.model_line) if part)
    lines.append(
        f"{line} :{BADGE.get(shown.change_verdict, 'gray')}-badge[{shown.change_verdict.capitalize()}] {figures}"
    )
# One text for every area's line: each element is a message the browser draws (issue 24).
st.markdown("\n".join(lines))

for area in AREAS:
    with st.container(border=True):
        st.subheader(area.title)
        if not gate.current().sees_area(area.key):
            st.caption(":material/block: Not in your role: ask the app's administrator if you need it.")
            continue
        st.caption(area.question + (f"  \n:material/science: **{DEMO_TEXT}**" if db.is_demo(*area.extracts) else ""))
        # Tiles only: the page and the pack carry its charts.
        data = loaded[area.key]
        with ui.slot():
            if area.note and not view.force_wide:
                st.caption(area.note)
            for problem in data.distinct_problems:
                ui.unavailable(problem)
        headline = data.comparisons_of(area.headline_measures)
        if headline:
            ui.tiles(headline, view, data.withheld, data.assurances)
        if (REPO_DIR / area.page).exists():
            st.page_link(
                area.page, label=f"Open {area.title}", icon=":material/arrow_forward:", query_params=view.to_query()
            )

st.subheader("Events")
ui.events_timeline(view)
