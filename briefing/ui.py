"""Streamlit building blocks every page uses: page set-up and navigation, tiles, labelled tables."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from briefing import charts, compare, db, filters, suppression, wording
from briefing.compare import Comparison, Measure
from briefing.config import REPO_DIR, Force, load_events, load_force

# Every page, in sidebar order. Legacy multipage mode: Streamlit finds pages/ itself, so a deep
# link works on a fresh server; the default list is hidden and this one carries the filters.
PAGES = (
    ("app.py", "Overview", ":material/dashboard:"),
    ("pages/investigations.py", "Investigations and outcomes", ":material/gavel:"),
    ("pages/marac.py", "MARAC", ":material/diversity_1:"),
    ("pages/sex_offenders.py", "Sex offender management", ":material/assignment_ind:"),
    ("pages/online_child_abuse.py", "Online child abuse", ":material/child_care:"),
    ("pages/calls_and_response.py", "Calls and response", ":material/call:"),
    ("pages/data_and_methods.py", "Data and methods", ":material/dataset:"),
)
DEMO_TEXT = "Demonstration data: not force records"


def page(title: str, question: str) -> tuple[Force, filters.Filters]:
    """Set up a page: config, navigation, shared filters, title and the question it answers."""
    st.set_page_config(page_title=f"{title} | Briefing", page_icon=":material/policy:", layout="wide")
    try:
        force = load_force()
    except (OSError, ValueError) as exc:
        st.error(f"The force configuration cannot be read: {exc}")
        st.stop()
    chosen = filters.render(force, db.earliest_month(), db.latest_month())
    query = chosen.to_query()
    st.sidebar.divider()
    for path, label, icon in PAGES:
        if (REPO_DIR / path).exists():
            st.sidebar.page_link(path, label=label, icon=icon, query_params=query)
    st.title(title)
    st.caption(
        f"{question}  \n{chosen.lpa_label(force)} · what was {chosen.was.label()} · what is {chosen.is_.label()}"
    )
    return force, chosen


def is_demo(extracts) -> bool:
    return any(db.is_demo(name) for name in extracts)


def demo_banner(*extracts: str) -> None:
    """Label the page if any extract it shows is demonstration data."""
    demo = [name for name in extracts if db.is_demo(name)]
    if demo:
        st.warning(
            f"**{DEMO_TEXT}.** {', '.join(demo)}: made by a seeded generator calibrated to published "
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
    force = load_force()
    threshold = force.suppression_threshold
    try:
        withheld = suppression.tile_withheld(comparisons, chosen.lpas, chosen.was, chosen.is_, list(force.lpas),
                                             threshold)
    except db.ExtractUnavailable:
        # Cannot tell which LPA figures protect others: withhold every sensitive figure at LPA level.
        withheld = {c.measure.key: frozenset({"What was", "What is"}) for c in comparisons if c.measure.sensitive}
    columns = st.columns(len(comparisons))
    for column, c in zip(columns, comparisons):
        colour = {"higher_better": "normal", "lower_better": "inverse"}.get(c.measure.polarity, "off")
        shown = suppression.tile_values(c, not chosen.force_wide, threshold, withheld.get(c.measure.key, frozenset()),
                                        chosen.was.label(), chosen.is_.label())
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
    st.altair_chart(chart, alt=summary)
    st.caption(summary)


def table_with_download(frame: pd.DataFrame, title: str, file_stem: str, demo: bool) -> None:
    """A table and its CSV download; demonstration data carries its label in every row."""
    st.dataframe(frame, hide_index=True)
    export = frame.assign(data_status=DEMO_TEXT) if demo else frame
    st.download_button(
        f"Download {title} (CSV)",
        export.to_csv(index=False).encode(),
        file_name=f"{file_stem}{'-DEMONSTRATION' if demo else ''}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"download_{file_stem}",
    )


def trend(monthly: pd.DataFrame, measure: Measure, chosen: filters.Filters, force: Force, demo: bool,
          **chart_options) -> pd.DataFrame:
    """The XmR chart of one measure over the trend window, phases split at the model change,
    with its summary sentence. Returns the charted frame (for a table or an export)."""
    series = compare.monthly_values(monthly, measure)
    window = chosen.trend_window
    months = pd.to_datetime(series["month"])
    series = series[(months >= pd.Timestamp(window.start)) & (months < pd.Timestamp(window.end))]
    charted = compare.xmr(series, measure.key, [force.model_change.replace(day=1)])
    summary = wording.spc_summary(charted, measure)
    figure = charts.spc(
        charted, value=measure.key, title=f"{measure.label}: {chosen.lpa_label(force)}",
        y_title=measure.label, events=load_events(), demo=demo,
        percent=measure.unit == "proportion", **chart_options,
    )
    chart(figure, summary)
    return charted
