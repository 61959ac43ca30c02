"""The app's pages: file, title and icon of each, in sidebar order."""

from __future__ import annotations

from briefing.areas.declarations import AREAS

# Every page, in sidebar order: the Overview, each concern area (from its declaration, in AREAS order,
# as on the Overview and in the pack), then the pages that are not areas. Legacy multipage mode:
# Streamlit finds pages/ itself, so a deep link works on a fresh server; the default list is hidden
# and this one carries the filters.
PAGES = (
    ("app.py", "Overview", ":material/dashboard:"),
    *((area.page, area.title, area.icon) for area in AREAS),
    ("pages/crime_and_peers.py", "Crime and peers", ":material/public:"),
    ("pages/force_claims.py", "The force's claims", ":material/fact_check:"),
    ("pages/data_and_methods.py", "Data and methods", ":material/dataset:"),
)
