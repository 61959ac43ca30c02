"""Streamlit building blocks every page uses: page set-up and navigation, tiles, labelled tables."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from briefing import access, charts, db, filters, pack_ui, suppression, wording
from briefing.areas import AREAS
from briefing.compare import Comparison, Measure
from briefing.config import DEMO_TEXT, REPO_DIR, load_events, load_force

# Every page, in sidebar order: the Overview, each concern area (from its declaration), then the
# pages that are not areas. Legacy multipage mode: Streamlit finds pages/ itself, so a deep link
# works on a fresh server; the default list is hidden and this one carries the filters.
PAGES = (
    ("app.py", "Overview", ":material/dashboard:"),
    *((area.page, area.title, area.icon) for area in AREAS),
    ("pages/crime_and_peers.py", "Crime and peers", ":material/public:"),
    ("pages/force_claims.py", "The force's claims", ":material/fact_check:"),
    ("pages/data_and_methods.py", "Data and methods", ":material/dataset:"),
)


def page(title: str, question: str) -> filters.View:
    """Set up a page: config, navigation, shared filters, title and the question it answers."""
    st.set_page_config(page_title=f"{title} | Briefing", page_icon=":material/policy:", layout="wide")
    access.gate(title)  # sign-in, role, and a refusal if the role may not see this page
    try:
        force = load_force()
    except (OSError, ValueError) as exc:
        st.error(f"The force configuration cannot be read: {exc}")
        st.stop()
    view = filters.render(force, db.earliest_month(), db.latest_month(), page=title)
    access.record_view(title, view.to_query())
    pack_ui.download_buttons(view)
    query = view.to_query()
    st.sidebar.divider()
    for path, label, icon in PAGES:
        if (REPO_DIR / path).exists() and access.current().sees_page(path):
            st.sidebar.page_link(path, label=label, icon=icon, query_params=query)
    st.title(title)
    st.caption(f"{question}  \n{view.lpa_label} · what was {view.was.label()} · what is {view.is_.label()}")
    return view


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


def load(query: str, view: filters.View, **extra) -> pd.DataFrame | None:
    """A query's protected frame for the view (`db.query`); if an extract it needs is unavailable,
    say so here and return None."""
    try:
        return db.query(query, view, **extra)
    except db.ExtractUnavailable as exc:
        unavailable(exc)
        return None


def unavailable(exc: db.ExtractUnavailable) -> None:
    # Problems quote file names and values from the data: shown as code, never read as Markdown.
    st.error(f"{filters.literal(str(exc))}. The rest of the app still works; see Data and methods.",
             icon=":material/error:")


def shown_tile(comparison: Comparison, view: filters.View, withheld: dict[str, frozenset[str]]
               ) -> suppression.TileValues:
    """One tile's texts (protected), for a headline line."""
    return suppression.shown_tiles([comparison], withheld, view)[0]


def tiles(comparisons: list[Comparison], view: filters.View, withheld: dict[str, frozenset[str]]) -> None:
    """Headline tiles: what is, what was and the change, then the verdict on the step beyond the
    earlier trend, with the change and that step in plain words. They wrap onto more rows when narrow.
    A window resting on a count shown as "<5" (`withheld`, from `suppression.withheld_windows`) is
    withheld with its change."""
    with st.container(horizontal=True, wrap=True, gap="small"):
        for c, shown in zip(comparisons, suppression.shown_tiles(comparisons, withheld, view)):
            # The arrow shows the raw change; its colour follows the verdict (grey when no clear change).
            up = (c.change or 0) > 0
            colour = {"good": "normal" if up else "inverse", "bad": "inverse" if up else "normal"}.get(shown.tone,
                                                                                                     "off")
            help_text = "  \n".join([shown.definition, shown.sentence, f"Model: {c.model}." if c.model else ""])
            with st.container(border=True, width=230):
                # The label as text above the figure, so a long one wraps instead of being cut off.
                st.markdown(c.measure.label, help=help_text)
                st.metric(c.measure.label, shown.value, delta=shown.change, delta_color=colour,
                          label_visibility="collapsed")
                lines = [f"**{shown.verdict.capitalize()}** · was {shown.was}"]
                if shown.beyond:
                    lines.append(shown.beyond)
                lines += [f":material/warning: {note.capitalize()}" for note in shown.notes]
                st.caption("  \n".join(lines))


def chart(chart: alt.TopLevelMixin, summary: str) -> None:
    """A chart with its text alternative: the same sentence as alt text and beneath the chart."""
    # Schema validation costs ~0.15 s a chart on every rerun; the tests validate every chart kind.
    _show(chart.to_dict(validate=False), summary)


def _show(spec: dict, summary: str) -> None:
    # Streamlit squashes a chart whose spec fixes its height; give the height to Streamlit instead,
    # with room for the title and the legend.
    spec = dict(spec)
    height = spec.pop("height", 300)
    st.vega_lite_chart(spec=spec, height=height + 150, alt=summary)
    st.caption(summary)


def table_with_download(frame: pd.DataFrame, title: str, file_stem: str, demo: bool) -> None:
    """A table and its CSV download; demonstration data carries its label in every row. Protected
    counts read "<5" (`suppression.for_people`)."""
    frame = suppression.for_people(frame)
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    frame = frame.assign(**{c: frame[c].dt.date for c in dates})
    st.dataframe(frame, hide_index=True)
    if not access.current().download_csv:
        st.caption("Your role does not include downloads.")
        return
    export = frame.assign(data_status=DEMO_TEXT) if demo else frame
    file_name = f"{file_stem}{'-DEMONSTRATION' if demo else ''}.csv"
    st.download_button(
        f"Download {title} (CSV)",
        access.audited_download(file_name, lambda: export.to_csv(index=False).encode()),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"download_{file_stem}",
    )


def trend(monthly: pd.DataFrame, measure: Measure, view: filters.View, demo: bool,
          where: str | None = None, **chart_options) -> pd.DataFrame:
    """The XmR chart of one measure over the trend window, with its summary sentence. `where`
    titles it (default: the LPAs chosen). Returns the charted frame."""
    window = view.trend_window
    spec, summary, charted = _trend(monthly, measure, where or view.lpa_label, window, view.force.model_change,
                                    demo, chart_options)
    _show(spec, summary)
    return charted


@st.cache_data(max_entries=256, show_spinner=False)
def _trend(monthly, measure, where, window, model_change, demo, chart_options):
    # Cached: building and serialising the chart is most of a rerun's work.
    figure, charted = charts.measure_spc(monthly, measure, where=where, window=window, model_change=model_change,
                                         events=load_events(), demo=demo, **chart_options)
    return figure.to_dict(validate=False), wording.spc_summary(charted, measure), charted


def events_timeline(view: filters.View) -> None:
    """The events timeline with its text alternative and table."""
    _show(*_timeline(view.force.model_change))
    table_with_download(load_events(), "events", "events", demo=False)


@st.cache_data(max_entries=4, show_spinner=False)
def _timeline(model_change):
    events = load_events()
    summary = "; ".join(f"{d:%d %b %Y}: {e}" for d, e in zip(events["date"], events["event"]))
    spec = charts.timeline(events, model_change).to_dict(validate=False)
    return spec, f"Events drawn on every trend chart: {summary}."
