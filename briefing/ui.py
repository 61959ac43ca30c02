"""Streamlit building blocks every page uses: page set-up and navigation, tiles, labelled tables."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from briefing import charts, db, filters, pack_ui, present, suppression, wording
from briefing.areas import AREAS
from briefing.compare import Comparison, Measure
from briefing.config import REPO_DIR, Force, load_events, load_force
from briefing.contracts import CONTRACTS

# Every page, in sidebar order: the concern areas in AREAS order, as on the Overview and in the pack.
# Legacy multipage mode: Streamlit finds pages/ itself, so a deep link works on a fresh server; the
# default list is hidden and this one carries the filters.
AREA_ICONS = {"investigations": ":material/gavel:", "calls_and_response": ":material/call:",
              "marac": ":material/diversity_1:", "sex_offenders": ":material/assignment_ind:",
              "online_child_abuse": ":material/child_care:"}
PAGES = (
    ("app.py", "Overview", ":material/dashboard:"),
    *((area.page, area.title, AREA_ICONS.get(area.key, ":material/article:")) for area in AREAS),
    ("pages/data_and_methods.py", "Data and methods", ":material/dataset:"),
)
DEMO_TEXT = "Demonstration data: not force records"
VIEW_KEY = "briefing_view"  # the page's Filters, for downloads that record the view they came from


def page(title: str, question: str) -> tuple[Force, filters.Filters]:
    """Set up a page: config, navigation, shared filters, title and the question it answers."""
    st.set_page_config(page_title=f"{title} | Briefing", page_icon=":material/policy:", layout="wide")
    try:
        force = load_force()
    except (OSError, ValueError) as exc:
        st.error(f"The force configuration cannot be read: {exc}")
        st.stop()
    st.markdown(PRINT_STYLE, unsafe_allow_html=True)
    # The page links go above the filters (so they show on a 1280 x 720 laptop screen without
    # scrolling), but carry the filters' state, so they are filled in once the filters are read.
    links = st.sidebar.container()
    chosen = filters.render(force, db.earliest_month(), db.latest_month(), page=title)
    st.session_state[VIEW_KEY] = chosen
    pack_ui.download_buttons(chosen, force)
    query = chosen.to_query()
    with links:
        for path, label, icon in PAGES:
            if (REPO_DIR / path).exists():
                st.page_link(path, label=label, icon=icon, query_params=query)
        st.divider()
    st.title(title)
    st.caption(
        f"{question}  \n{chosen.lpa_label(force)} · what was {chosen.was.label()} · what is {chosen.is_.label()}"
    )
    freshness(db.latest_month(), date.today())
    return force, chosen


STALE_MONTHS = 3  # warn when the latest month of data is more than this many months before today
# Printing a page: no sidebar or toolbar, the main column full width, every table printed in full.
PRINT_STYLE = """<style>
[class*="st-key-print-only"] { position: absolute !important; left: -20000px !important; width: 1100px !important; }
@media print {
  [class*="st-key-print-only"] { position: static !important; width: auto !important; }
  [data-testid="stDataFrame"] { display: none !important; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stDownloadButton"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { margin: 0 !important; padding: 0 1rem !important;
    max-width: 100% !important; width: 100% !important; }
  [data-testid="stVegaLiteChart"] { break-inside: avoid; }
  [data-testid="stTable"], [data-testid="stTable"] * { overflow: visible !important; max-height: none !important; }
}
</style>"""


def freshness(latest: date, today: date) -> None:
    """Say how fresh the data is, and warn when the latest month is old."""
    months_old = (today.year - latest.year) * 12 + today.month - latest.month
    text = f"Data to {latest:%B %Y}."
    if months_old > STALE_MONTHS:
        # A badge, not a warning box: the page's own warnings (demonstration data) keep their place.
        st.markdown(f":orange-badge[:material/schedule: {text} Out of date: the latest month is {months_old} "
                    "months before today.] Data and methods says when each extract was last refreshed.")
    else:
        st.caption(f":material/schedule: {text}")


def is_demo(extracts) -> bool:
    return any(db.is_demo(name) for name in extracts)


def demo_banner(*extracts: str) -> None:
    """Label the page if any extract it shows is demonstration data."""
    demo = [name for name in extracts if db.is_demo(name)]
    if demo:
        st.warning(
            f"**{DEMO_TEXT}.** {'; '.join(CONTRACTS[n].title if n in CONTRACTS else n for n in demo)}: made by a "
            "seeded generator calibrated to published "
            "figures, to show how the page works until the force supplies its own extract. "
            "See Data and methods.",
            icon=":material/science:",
        )


def load(query: str, **params) -> pd.DataFrame | None:
    """Run a query; if an extract it needs is unavailable, say so here and return None."""
    try:
        return db.run(query, **params)
    except db.ExtractUnavailable as exc:
        st.error(f"{exc}. The rest of the app still works; see Data and methods.", icon=":material/error:")
        return None


def tiles(comparisons: list[Comparison], chosen: filters.Filters) -> None:
    """Headline tiles: what is, the change on what was, and the verdict in words.

    Sensitive counts are suppressed at LPA level, including any withheld to protect another LPA
    (`suppression.tile_values`, `suppression.tile_withheld`).
    """
    columns = st.columns(len(comparisons))
    for column, c, shown in zip(columns, comparisons, suppression.shown_tiles(comparisons, chosen, load_force())):
        colour = {"higher_better": "normal", "lower_better": "inverse"}.get(c.measure.polarity, "off")
        with column:
            st.metric(
                c.measure.label,
                shown.value,
                delta=shown.change,
                delta_color=colour,
                border=True,
                help=shown.sentence,
            )
            st.caption(f"**{shown.verdict.capitalize()}** · was {shown.was} · 95% interval {shown.interval}")


def chart(chart: alt.TopLevelMixin, summary: str) -> None:
    """A chart with its text alternative: the same sentence as alt text and beneath the chart."""
    # Schema validation costs ~0.15 s a chart on every rerun; the tests validate every chart kind.
    _show(chart.to_dict(validate=False), summary)


def _show(spec: dict, summary: str) -> None:
    # Streamlit squashes a chart whose spec fixes its height; give the height to Streamlit instead,
    # with room for the title and the legend.
    full = spec
    spec = dict(spec)
    height = spec.pop("height", 300)
    st.vega_lite_chart(spec=spec, height=height + 150, alt=summary)
    st.caption(summary)
    # Streamlit turns off Vega's own "Save as PNG" menu, so each chart has a download; drawn on click.
    title = full.get("title", {})
    title = title.get("text", "chart") if isinstance(title, dict) else str(title)
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "chart"
    st.download_button("Save chart as image (PNG)", data=lambda: _png(full), file_name=f"{stem}.png",
                       mime="image/png", icon=":material/image:", on_click="ignore",
                       key=f"chart_png_{hashlib.sha1((title + summary).encode()).hexdigest()[:12]}")


def _png(spec: dict) -> bytes:
    import vl_convert  # imported on click: it takes a moment to load

    return vl_convert.vegalite_to_png(spec, scale=2)


def table_with_download(frame: pd.DataFrame, title: str, file_stem: str, demo: bool) -> None:
    """A table for people (`present.for_people`) and its CSV download, which carries the view it was
    downloaded in (LPA, both windows, data as at) in its columns and file name; demonstration data
    carries its label in every row."""
    force, chosen = load_force(), st.session_state.get(VIEW_KEY)
    shown = present.for_people(frame, force)
    st.dataframe(shown, hide_index=True)
    # The interactive table scrolls inside its box, so a printed page would cut it off: print a plain
    # table instead (shown only in print, see PRINT_STYLE).
    with st.container(key=f"print-only-{file_stem}"):
        st.table(shown.set_index(shown.columns[0]))
    if chosen is None:  # a table drawn before the page set up its filters: no view to record
        return
    latest = db.latest_month()
    export = present.with_view(shown, chosen, force, latest)
    if demo:
        export = export.assign(**{present.header("data_status"): DEMO_TEXT})
    st.download_button(
        f"Download {title} (CSV)",
        export.to_csv(index=False).encode(),
        file_name=present.file_name(file_stem, chosen, force, latest, demo),
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"download_{file_stem}",
    )


def trend(monthly: pd.DataFrame, measure: Measure, chosen: filters.Filters, force: Force, demo: bool,
          where: str | None = None, **chart_options) -> pd.DataFrame:
    """The XmR chart of one measure over the trend window, with its summary sentence. `where`
    titles it (default: the LPAs chosen). Returns the charted frame."""
    window = chosen.trend_window
    spec, summary, charted = _trend(monthly, measure, where or chosen.lpa_label(force), window, force.model_change,
                                    demo, chart_options | {"windows": (chosen.was, chosen.is_)})
    _show(spec, summary)
    return charted


@st.cache_data(max_entries=256, show_spinner=False)
def _trend(monthly, measure, where, window, model_change, demo, chart_options):
    # Cached: building and serialising the chart is most of a rerun's work.
    figure, charted = charts.measure_spc(monthly, measure, where=where, window=window, model_change=model_change,
                                         events=load_events(), demo=demo, **chart_options)
    return figure.to_dict(validate=False), wording.spc_summary(charted, measure), charted


def events_timeline(force: Force) -> None:
    """The events timeline with its text alternative and table."""
    _show(*_timeline(force.model_change))
    table_with_download(load_events(), "events", "events", demo=False)


@st.cache_data(max_entries=4, show_spinner=False)
def _timeline(model_change):
    events = load_events()
    summary = "; ".join(f"{d:%d %b %Y}: {e}" for d, e in zip(events["date"], events["event"]))
    spec = charts.timeline(events, model_change).to_dict(validate=False)
    return spec, f"Events drawn on every trend chart: {summary}."
