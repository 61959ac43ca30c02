"""A concern area's page, drawn from its declaration (briefing.areas.declarations): question, tiles, trends, monthly
figures and breakdowns. A page file calls `render` and adds only what is its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import streamlit as st

from briefing import protect
from briefing.app import ui
from briefing.areas import area_data, declarations
from briefing.areas.area_data import AreaData
from briefing.areas.declarations import Area, Section
from briefing.present import charts, tables, tile
from briefing.store import db, kept_views, queries
from briefing.view import View


def is_sensitive(area: Area) -> bool:
    """Whether any query of the area has a column protected at LPA level."""
    names = [s.query for s in area.series] + [s.query for s in area.sections]
    return any(queries.load(q).protection for q in names)


@dataclass(frozen=True)
class ShownSection:
    """A breakdown ready to draw: why it is unavailable, or its chart (if declared) and table."""

    section: Section
    problem: db.ExtractUnavailable | None = None
    figure: ui.Figure | None = None
    table: ui.Table | None = None


def sections(area: Area, view: View) -> tuple[ShownSection, ...]:
    """The area's breakdowns for the view, worked out once per view and data version."""
    return _sections(area.key, view.compared, db.version())


@lru_cache(maxsize=64)
def _sections(key: str, view: View, version: str) -> tuple[ShownSection, ...]:
    area = declarations.area(key)
    return tuple(_section(area, s, view, db.is_demo(*area.extracts)) for s in area.sections)


def monthly_tables(area: Area, view: View) -> tuple[ui.Table, ...]:
    """The area's monthly figures for the view as tables, worked out once per view and data version."""
    return _monthly_tables(area.key, view.compared, db.version())


@lru_cache(maxsize=64)
def _monthly_tables(key: str, view: View, version: str) -> tuple[ui.Table, ...]:
    area = declarations.area(key)
    return tuple(
        ui.people_table(
            frame,
            f"{area.title}, {query.split('/')[1].replace('_', ' ')}",
            f"{area.key}-{query.split('/')[1]}",
            db.is_demo(*area.extracts),
            view,
        )
        for query, frame in area_data.load(area, view).frames.items()
    )


def render(
    area: Area,
    after_tiles: Callable[[AreaData], None] | None = None,
    more_parts: tuple[tuple[str, Callable[[View], None]], ...] = (),
) -> AreaData:
    """Draw the area's page for the current view. `after_tiles` draws what is the page's own, below
    the tiles; `more_parts` are the page's own parts (a label and what draws it), after Trends,
    Breakdowns and Monthly figures.
    Returns what was drawn."""
    view = ui.page(area.title, area.question)
    ui.demo_banner(*area.extracts)
    data = area_data.load(area, view)
    with ui.slot():
        if area.note and not view.force_wide:
            st.info(area.note, icon=area.icon)
        for problem in data.distinct_problems:
            ui.unavailable(problem)
    if not data.comparisons:
        st.stop()
    tiles(data)
    if after_tiles:
        after_tiles(data)

    def breakdowns() -> None:
        for section in sections(area, view):
            draw_section(section)

    def monthly() -> None:
        ui.draw_table(tiles_table(data, view))
        for table in monthly_tables(area, view):
            ui.draw_table(table)

    own = tuple((label, lambda draw=draw: draw(view)) for label, draw in more_parts)
    trend = ("Trends", lambda: trends(data, view, db.is_demo(*area.extracts)))
    ui.parts(f"{area.key}_part", (trend, ("Breakdowns", breakdowns), ("Monthly figures", monthly), *own))
    return data


def tiles_table(data: AreaData, view: View) -> ui.Table:
    """The tiles as a table with its download: each measure's what was, what is, change and both answers
    (protected as on the tiles)."""
    comparisons = list(data.comparisons)
    frame = pd.DataFrame(
        [
            {
                "measure": c.measure.label,
                "what_was": shown.was,
                "what_is": shown.value,
                "change": shown.change or "n/a",
                "compared_with_before": shown.change_verdict,
                "against_the_earlier_trend": shown.model_verdict,
                "against_the_earlier_trend_in_figures": shown.model_line or shown.model_verdict,
            }
            for c, shown in zip(comparisons, tile.shown(comparisons, data.withheld, view))
        ]
    )
    return ui.people_table(
        frame, f"{data.area.title}, the tiles", f"{data.area.key}-tiles", db.is_demo(*data.area.extracts), view
    )


def tiles(data: AreaData) -> None:
    """Every tile of the area (as many to a row as fit), the definitions, and the protection sentence
    where it applies."""
    view, area = data.view, data.area
    ui.tiles(list(data.comparisons), view, data.withheld, data.assurances)
    notes = [area.caption] if area.caption else []
    if is_sensitive(area):
        notes.append(protect.explanation(view.force.suppression_threshold))
    st.caption(" ".join(notes))
    with ui.slot():
        if is_sensitive(area) and view.level == protect.SELECTION:
            st.info(
                "Sensitive figures are shown force-wide or for one LPA at a time: choose one LPA to see them.",
                icon=":material/shield:",
            )


@st.fragment
def trends(data: AreaData, view: View, demo: bool) -> None:
    """One XmR chart at a time, over the view's trend window, chosen from every measure with data. A
    fragment: choosing another measure redraws this part of the page only."""
    area = data.area
    choices = {c.measure.label: c.measure for c in data.comparisons}
    first = next(iter(choices))
    choice = st.segmented_control("Trend", list(choices), default=first, key=f"{area.key}_trend") or first
    ui.draw_figure(_trend(area.key, choices[choice].key, view, db.version(), demo))


@lru_cache(maxsize=256)
def _trend(key: str, measure_key: str, view: View, version: str, demo: bool) -> ui.Figure:
    """One measure's chart: read from the data version's set of views (`kept_views`) if it was worked out
    before (the chart each common view opens on is, at refresh), otherwise worked out and kept there."""
    data = area_data.load(declarations.area(key), view)
    return kept_views.kept(
        kept_views.trend_what(key, measure_key, view, demo),
        version,
        lambda: trend_figure(data, measure_key, view, demo),
        lambda _: not data.problems,
    )


def trend_figure(data: AreaData, measure_key: str, view: View, demo: bool) -> ui.Figure:
    comparison = next(c for c in data.comparisons if c.measure.key == measure_key)
    return ui.trend_figure(data, comparison, view, demo)


def kept_trends(data: AreaData) -> dict[tuple, ui.Figure]:
    """What the set of views keeps of an area's trend charts for one of its views (data.view): the chart the
    page opens on (its first measure, over every month)."""
    if not data.comparisons:
        return {}
    view, demo, first = data.view, db.is_demo(*data.area.extracts), data.comparisons[0].measure.key
    return {kept_views.trend_what(data.area.key, first, view, demo): trend_figure(data, first, view, demo)}


def _summary(frame: pd.DataFrame, value: str, percent: bool) -> str:
    def shown(v) -> str:
        if pd.isna(v):
            return "not shown (small numbers)"
        return f"{v:.1%}" if percent else f"{v:,.1f}"

    return "; ".join(f"{r.lpa_name} {r.window_label.lower()}: {shown(getattr(r, value))}" for r in frame.itertuples())


def _finding(frame: pd.DataFrame, value: str) -> str:
    """A grouped bar chart's finding in one sentence: in how many LPAs what is is above what was."""
    pairs = frame.pivot_table(index="lpa_name", columns="window_label", values=value, aggfunc="first").dropna()
    if not {"What was", "What is"} <= set(pairs.columns) or pairs.empty:
        return "Each LPA's figures are listed below the chart."
    higher = int((pairs["What is"] > pairs["What was"]).sum())
    return (
        f"Higher in what is than in what was in {higher} of the {len(pairs)} LPAs with both figures; each "
        "LPA's figures are listed below the chart."
    )


def _section(area: Area, section: Section, view: View, demo: bool) -> ShownSection:
    """A breakdown's grouped bars by LPA (if declared) and its table with a download, for the view."""
    try:
        frame = db.protected(section.query, view)
    except db.ExtractUnavailable as exc:
        return ShownSection(section, problem=exc)
    if "lpa" in frame.columns:
        names = frame["lpa"].map(view.force.lpa_name)
        frame = frame.drop(columns="lpa")
        frame.insert(0, "lpa_name", names)
    figure = None
    if section.chart_value:
        marks = area_data.chart_marks(area.marks.get(section.target_of), view) if section.target_of else {}
        spec = charts.by_lpa(
            frame,
            value=section.chart_value,
            title=section.chart_title,
            y_title=section.y_title,
            demo=demo,
            percent=section.percent,
            target=marks.get("target"),
            target_label=marks.get("target_label", ""),
        )
        figure = ui.figure(
            spec,
            f"{section.chart_title}, what was ({view.was.label()}) beside what is ({view.is_.label()}): "
            f"{_summary(frame, section.chart_value, section.percent)}.",
            _finding(frame, section.chart_value),
        )
    columns = list(section.columns) or list(frame.columns)
    table = ui.people_table(frame[columns], section.title, f"{area.key}-{tables.slug(section.title)}", demo, view)
    return ShownSection(section, figure=figure, table=table)


def draw_section(shown_section: ShownSection) -> None:
    section = shown_section.section
    container = st.expander(section.title) if section.expander else st.container()
    with container:
        if not section.expander:
            st.subheader(section.title)
        if section.caption:
            st.caption(section.caption)
        if shown_section.problem:
            ui.unavailable(shown_section.problem)
            return
        if shown_section.figure:
            ui.draw_figure(shown_section.figure)
        assert shown_section.table is not None  # a section without a problem has its table
        ui.draw_table(shown_section.table)
