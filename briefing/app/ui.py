"""Streamlit building blocks every page uses: page set-up and navigation, tiles, labelled tables."""

from __future__ import annotations

import hashlib
import html
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from briefing.app import gate, pack_download, sidebar
from briefing.areas import area_data
from briefing.areas.site import PAGES
from briefing.config import DEMO_TEXT, REPO_DIR, load_events, load_force
from briefing.present import charts, tables, tile
from briefing.present.markdown import literal
from briefing.stats.compare import Comparison
from briefing.store import contracts, db, kept_views
from briefing.view import View


def page(title: str, question: str, own_calendar: tuple[str, ...] = ()) -> View:
    """Set up a page: config, navigation, shared filters, title and the question it answers. A page
    whose data run on their own calendar names those extracts, so its freshness line is theirs."""
    st.set_page_config(page_title=f"{title} | Briefing", page_icon=":material/policy:", layout="wide")
    gate.gate(title)  # sign-in, role, and a refusal if the role may not see this page
    try:
        force = load_force()
    except (OSError, ValueError) as exc:
        st.error(f"The force configuration cannot be read: {exc}")
        st.stop()
    st.html(PAGE_STYLE)
    # The page links go above the filters (so they show on a 1280 x 720 laptop screen without
    # scrolling), but carry the filters' state, so they are filled in once the filters are read.
    links = st.sidebar.container()
    view = sidebar.render(force, db.earliest_month(), db.latest_month(), page=title)
    with slot():
        for note in sidebar.url_notes():
            # Notes quote the URL, which anyone can write: shown as code, never read as Markdown.
            st.warning(literal(note), icon=":material/link_off:")
    query = view.to_query()
    gate.record_view(title, query)
    pack_download.download_buttons(view)
    with links:
        for path, label, icon in PAGES:
            if (REPO_DIR / path).exists() and gate.current().sees_page(path):
                st.page_link(path, label=label, icon=icon, query_params=query)
        st.divider()
    st.title(title)
    st.caption(f"{question}  \n{view.lpa_label} · what was {view.was.label()} · what is {view.is_.label()}")
    freshness(db.latest_month(own_calendar), date.today(), db.latest_month_is_demo(own_calendar))
    # Once per server: if this data's common views were never worked out, a low-priority process does it.
    kept_views.build_in_background()
    return view


STALE_MONTHS = 3  # warn when the latest month of data is more than this many months before today
# The style every page carries: the tiles (draw_tiles); a printed page has no sidebar or toolbar, the main
# column full width and every table in full.
PAGE_STYLE = """<style>
/* Contrast (WCAG 2.2 1.4.3, 4.5:1 for text): captions carry figures people must read, but Streamlit
   fades them to 60% opacity (3.9:1 on white, 3.8:1 in the sidebar); this grey, opaque, is 6.4:1 and 5.7:1. */
[data-testid="stCaptionContainer"] { color: #5c5f66; opacity: 1; }
/* Focus (WCAG 2.2 2.4.7): whatever a person can Tab to shows a 3px ring in the theme's blue (7.4:1 on white,
   7.0:1 on the sidebar). Streamlit gives page links, chart toolbar buttons and the scrolling main area
   none (a page link only takes the tint of the current page) and a select a 1px border. Chart toolbars,
   hidden until the mouse is over the chart, show while one of their buttons has focus. */
a:focus-visible, summary:focus-visible, [role="tab"]:focus-visible, [data-testid="stMain"]:focus-visible,
[data-testid="stBaseButton-elementToolbar"]:focus-visible, [data-testid="stSelectbox"] div[data-focus-visible] {
  outline: 3px solid #005A8C !important; outline-offset: 1px; }
[data-testid="stMain"]:focus-visible { outline-offset: -3px; }
[data-testid="stElementToolbar"]:focus-within { opacity: 1; }
/* Reflow at 320px (WCAG 2.2 1.4.10): a narrow chart puts its legends under the plot (charts.NARROW) and
   takes the height draw_figure gives it; long choices wrap. */
[class*="st-key-chart-"] { container-type: inline-size; }
[class*="st-key-chart-"] [data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"]) {
  height: auto !important; }
@media (max-width: 640px) {
  [data-testid="stButtonGroup"] button { max-width: 100%; height: auto; }
  [data-testid="stButtonGroup"] button p { white-space: normal; text-overflow: clip; overflow: visible; }
}
.briefing-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.5rem; }
.briefing-tile { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.75rem 1rem; }
.briefing-tile-label { font-size: 0.875rem; line-height: 1.3; }
.briefing-tile-value { font-size: 2.25rem; line-height: 1.4; }
.briefing-tile-change { display: inline-block; font-size: 0.875rem; border-radius: 1rem; padding: 0 0.5rem;
  margin-bottom: 0.5rem; }
.briefing-good { color: #00664a; background: #e3f3ee; }
.briefing-bad { color: #a33f00; background: #fbece3; }
.briefing-off { color: #3d3d3d; background: #eeeeee; }
.briefing-tile-lines, .briefing-tile details { font-size: 0.875rem; color: #555a63; line-height: 1.45; }
.briefing-tile summary { cursor: pointer; margin-top: 0.4rem; }
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


def _months_old(latest: date, today: date) -> int:
    return (today.year - latest.year) * 12 + today.month - latest.month


def freshness_text(latest: date, today: date, demo: bool = False) -> str:
    """How fresh the data is. Demonstration data end where they were generated, so they say so: "out of
    date" is true of the force's own data only."""
    if demo:
        return f"Demonstration data to {latest:%B %Y}."
    if _months_old(latest, today) > STALE_MONTHS:
        return (
            f"Data to {latest:%B %Y}. Out of date: the latest month is {_months_old(latest, today)} months "
            "before today."
        )
    return f"Data to {latest:%B %Y}."


def freshness(latest: date, today: date, demo: bool = False) -> None:
    """Say how fresh the data is, and warn when the latest month of the force's data is old."""
    text = freshness_text(latest, today, demo)
    if not demo and _months_old(latest, today) > STALE_MONTHS:
        # A badge, not a warning box: the page's own warnings (demonstration data) keep their place.
        st.markdown(
            f":orange-badge[:material/schedule: {text}] Data and methods says when each extract was last refreshed."
        )
    else:
        st.caption(f":material/schedule: {text}")


@st.fragment
def parts(key: str, drawn: tuple[tuple[str, Callable[[], None]], ...]) -> None:
    """A page's parts as tabs (a label and what draws it), only the open one worked out and drawn: a
    filter change or a new session sends and draws that part alone, which is most of what a person
    waits for on a long page. A fragment: opening another part redraws this part of the page only."""
    tabs = st.tabs([label for label, _ in drawn], key=key, on_change="rerun")
    for (_, draw), tab in zip(drawn, tabs):
        if tab.open:
            with tab:
                draw()


def when_opened(label: str, key: str, draw: Callable[[], None]) -> None:
    """An expander whose contents are drawn only while it is open (and only then sent to the browser)."""
    expander = st.expander(label, key=key, on_change="rerun")
    if expander.open:
        with expander:
            draw()


def slot():
    """A container that is always drawn, for what a page shows in some views only (a note, a warning): what
    follows keeps its place, so the browser updates it on a filter change instead of drawing it anew."""
    return st.container()


def demo_banner(*extracts: str) -> None:
    """Label the page if any extract it shows is demonstration data."""
    demo = [name for name in extracts if db.is_demo(name)]
    if demo:
        st.warning(
            f"**{DEMO_TEXT}.** {'; '.join(contracts.title(n) for n in demo)}: made by a "
            "seeded generator calibrated to published "
            "figures, to show how the page works until the force supplies its own extract. "
            "See Data and methods.",
            icon=":material/science:",
        )


def load(query: str, view: View, **extra) -> pd.DataFrame | None:
    """A query's protected frame for the view (`db.protected`); if an extract it needs is unavailable,
    say so here and return None."""
    try:
        return db.protected(query, view, **extra)
    except db.ExtractUnavailable as exc:
        unavailable(exc)
        return None


def unavailable(exc: db.ExtractUnavailable) -> None:
    # Problems quote file names and values from the data: shown as code, never read as Markdown.
    st.error(f"{literal(str(exc))}. The rest of the app still works; see Data and methods.", icon=":material/error:")


@dataclass(frozen=True)
class Tile:
    """A headline figure: label, value, its change (arrowed by `up`, coloured by `tone`: "good",
    "bad" or "off"), the answer compared with before (`verdict`) in bold, the lines below (the answer
    against the earlier trend among them, `model_verdict` its words), and what "About this figure" says."""

    label: str
    value: str
    change: str | None = None
    up: bool | None = None
    tone: str = "off"
    verdict: str = ""
    model_verdict: str = ""
    lines: tuple[str, ...] = ()
    about: tuple[str, ...] = ()


def draw_tiles(shown: list[Tile]) -> None:
    """Tiles as one block of HTML (one element, so a rerun redraws them at once; styled by PAGE_STYLE),
    as many to a row as fit. Every text is escaped: labels and values come from data and configuration."""

    def card(t: Tile) -> str:
        e = html.escape
        arrow = {True: "↑", False: "↓", None: ""}[t.up]
        change = (
            (
                f'<div class="briefing-tile-change briefing-{e(t.tone)}"><span aria-hidden="true">{arrow}</span> '
                f"{e(t.change)}</div>"
            )
            if t.change
            else ""
        )
        # The verdict in bold leads the first line: "**Improved** · was 47.1".
        rows = [e(line) for line in t.lines]
        if t.verdict:
            rows[:1] = [" · ".join([f"<strong>{e(t.verdict)}</strong>", *rows[:1]])]
        lines = "<br>".join(rows)
        about = (
            (
                "<details><summary>About this figure</summary>"
                + "".join(f"<p>{e(a)}</p>" for a in t.about if a)
                + "</details>"
            )
            if any(t.about)
            else ""
        )
        return (
            f'<div class="briefing-tile" role="group" aria-label="{e(t.label)}" data-label="{e(t.label)}" '
            f'data-value="{e(t.value)}" data-change-verdict="{e(t.verdict.lower())}" '
            f'data-model-verdict="{e(t.model_verdict.lower())}"><div class="briefing-tile-label">{e(t.label)}</div>'
            f'<div class="briefing-tile-value">{e(t.value)}</div>{change}'
            f'<div class="briefing-tile-lines">{lines}</div>{about}</div>'
        )

    st.html('<div class="briefing-tiles">' + "".join(card(t) for t in shown) + "</div>")


def tiles(
    comparisons: list[Comparison], view: View, withheld: dict[str, frozenset[str]], assurances: dict[str, str]
) -> None:
    """Headline tiles: what is, what was and the change, then both answers apart: compared with before
    (in bold, beside what was) and against the earlier trend (its own line, with its figures). A window
    resting on a count shown as "<5" (`withheld`, from `protect.withheld_windows`) is withheld with
    its change and verdicts. The arrow shows the raw change; its colour follows the first answer (grey
    when there is no clear change). A measure with a target says how it stands against it (`assurances`)."""
    draw_tiles(
        [
            Tile(
                c.measure.label,
                shown.value,
                shown.change,
                None if not c.change else c.change > 0,
                shown.tone,
                shown.change_verdict.capitalize(),
                shown.model_verdict,
                (
                    f"was {shown.was}",
                    *([shown.model_line] if shown.model_line else []),
                    *([assurances[c.measure.key]] if c.measure.key in assurances and not shown.suppressed else []),
                    *(f"⚠ {note.capitalize()}" for note in shown.notes),
                ),
                (shown.definition, shown.sentence, f"Model: {c.model}" if c.model else ""),
            )
            for c, shown in zip(comparisons, tile.shown(comparisons, withheld, view))
        ]
    )


@dataclass(frozen=True)
class Figure:
    """A chart ready to draw (`figure`): its spec as Streamlit sends it (data already as Arrow, so a
    rerun does not convert it again), the full spec for the image download, its description (shown
    beside it) and its short text alternative."""

    spec: dict
    height: int
    summary: str
    full: dict
    alt: str = ""
    narrow_height: int = 0  # on a narrow chart, where the legends go under the plot (charts.NARROW)


ALT_CHARACTERS = 300  # a description longer than this is not repeated in the alt text


def chart_title(spec: dict) -> str:
    title = spec.get("title", {})
    text = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def short_alt(spec: dict, summary: str, finding: str = "") -> str:
    """A chart's alt text: its title and one sentence of finding. Streamlit reads the alt into the name of
    every button of the chart's toolbar, so a screen reader hears it five times: the full description is
    the caption beside the chart. Without a finding, the description if it is short, else a pointer to it."""
    finding = finding or (summary if len(summary) <= ALT_CHARACTERS else "Described below the chart.")
    title = chart_title(spec).rstrip(".")
    return f"{title}. {finding}" if title and not finding.startswith(title) else finding


def figure(spec: dict, summary: str, finding: str = "") -> Figure:
    """A chart spec (from `to_dict`) made ready to draw, with the text that describes it and (for the alt
    text, see `short_alt`) its finding in one sentence."""
    shown = dict(spec)
    # Streamlit squashes a chart whose spec fixes its height; give the height to Streamlit instead,
    # with room for the title, the axis and the legends below the plot.
    height = shown.pop("height", 300) + 150 + 20 * len(shown.get("title", {}).get("text", []))
    wide, narrow = shown.pop("usermeta", {}).get("legend_room", (0, 0))
    shown["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(values))
        for name, values in shown.get("datasets", {}).items()
    }
    return Figure(shown, height + wide, summary, spec, short_alt(spec, summary, finding), height + narrow)


def draw_figure(shown: Figure) -> None:
    key = f"chart-{hashlib.sha1((shown.alt + shown.summary).encode()).hexdigest()[:12]}"
    with st.container(key=key):
        # On a narrow chart the legends go under the plot (charts.NARROW): the chart grows to hold them.
        if shown.narrow_height:
            st.html(
                f"<style>@container (max-width: {charts.NARROW - 1}px) {{ .st-key-{key} "
                f"[data-testid='stVegaLiteChart'] {{ height: {shown.narrow_height}px !important; }} }}</style>"
            )
        st.vega_lite_chart(spec=shown.spec, height=shown.height, alt=shown.alt)
    st.caption(shown.summary)
    # Streamlit turns off Vega's own "Save as PNG" menu, so each chart has a download, drawn on click
    # and audited like any other download.
    if not gate.current().download_csv:
        return
    title = chart_title(shown.full) or "chart"
    stem = tables.slug(title) or "chart"
    st.download_button(
        "Save chart as image (PNG)",
        data=gate.audited_download(f"{stem}.png", lambda: _png(shown.full)),
        file_name=f"{stem}.png",
        mime="image/png",
        icon=":material/image:",
        on_click="ignore",
        key=f"chart_png_{hashlib.sha1((title + shown.summary).encode()).hexdigest()[:12]}",
    )


def _png(spec: dict) -> bytes:
    import vl_convert  # imported on click: it takes a moment to load

    # Drawn off the page, the chart grows to hold its legends: no room reserved in the padding (charts._place_legends).
    return vl_convert.vegalite_to_png(spec | {"padding": 5}, scale=2)


@dataclass(frozen=True)
class Table:
    """A table ready to draw (`people_table`): what a person reads, as Arrow, and its CSV download."""

    title: str
    file_stem: str
    shown: pa.Table
    export: pd.DataFrame
    file_name: str


def people_table(frame: pd.DataFrame, title: str, file_stem: str, demo: bool, view: View) -> Table:
    """A table for people (`tables.for_people`: plain headers, LPA names, "<5" where protected) and its
    CSV, which carries the view it was downloaded in (LPA, both windows, data as at) in its columns and
    file name; demonstration data carries its label in every row."""
    shown = tables.for_people(frame, view.force)
    latest = view.latest  # the view was made from the data's latest month: no need to read it again
    export = tables.with_view(shown, view, latest)
    if demo:
        export = export.assign(**{tables.header("data_status"): DEMO_TEXT})
    return Table(
        title,
        file_stem,
        pa.Table.from_pandas(shown, preserve_index=False),
        export,
        tables.file_name(file_stem, view, latest, demo),
    )


def table_with_download(frame: pd.DataFrame, title: str, file_stem: str, demo: bool, view: View) -> None:
    draw_table(kept_table(frame, title, file_stem, demo, view))


_KEPT_TABLES = 128
_kept_tables: OrderedDict[tuple, Table] = OrderedDict()
_kept_lock = threading.Lock()


def kept_table(frame: pd.DataFrame, title: str, file_stem: str, demo: bool, view: View) -> Table:
    """`people_table`, kept for the same frame (by its pickled bytes), names and view: most tables a page makes
    afresh are the same on every rerun (reference tables, force-level figures), and making one for people is
    most of what they cost (issue 24). The newest _KEPT_TABLES are kept."""
    key = (
        hashlib.sha256(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest(),
        title,
        file_stem,
        demo,
        view,
    )
    with _kept_lock:
        if key in _kept_tables:
            _kept_tables.move_to_end(key)
            return _kept_tables[key]
    table = people_table(frame, title, file_stem, demo, view)
    with _kept_lock:
        _kept_tables[key] = table
        while len(_kept_tables) > _KEPT_TABLES:
            _kept_tables.popitem(last=False)
    return table


SHORT_TABLE_ROWS = 20  # a table this short is plain HTML: drawn at once, read by screen readers, printed whole


def draw_table(table: Table) -> None:
    if table.shown.num_rows <= SHORT_TABLE_ROWS:
        st.table(table.shown, hide_index=True)
    else:
        st.dataframe(table.shown, hide_index=True)
        # The interactive table scrolls inside its box, so a printed page would cut it off: print a plain
        # table instead (shown only in print, see PAGE_STYLE).
        with st.container(key=f"print-only-{table.file_stem}"):
            st.table(table.shown, hide_index=True)
    if not gate.current().download_csv:
        st.caption("Your role does not include downloads.")
        return
    st.download_button(
        f"Download {table.title} (CSV)",
        gate.audited_download(table.file_name, lambda: table.export.to_csv(index=False).encode()),
        file_name=table.file_name,
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"download_{table.file_stem}",
    )


def trend_figure(data, comparison: Comparison, view: View, demo: bool) -> Figure:
    """The trend chart of one measure of an area's data (area_data.trend_chart), ready to draw."""
    return figure(*area_data.trend_chart(data, comparison, view, demo))


def events_timeline(view: View) -> None:
    """The events timeline with its text alternative, and its table when asked for (worked out and drawn
    only then)."""
    draw_figure(_timeline(view.force.model_change))
    when_opened("The events as a table", "events_table", lambda: draw_table(_events_table(view.compared)))


@lru_cache(maxsize=4)
def _timeline(model_change) -> Figure:
    events = load_events()
    summary = "; ".join(charts.event_keys(events)["key"])  # numbered as on the chart and every trend chart
    return figure(
        charts.timeline(events, model_change),
        f"Events drawn on every trend chart: {summary}.",
        f"{len(events)} dated events, each listed with its date below the chart.",
    )


@lru_cache(maxsize=64)
def _events_table(view: View) -> Table:
    return people_table(load_events(), "events", "events", False, view)
