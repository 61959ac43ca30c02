"""A concern area's page, drawn from its declaration (briefing.areas): question, tiles, trends, monthly
figures and breakdowns. A page file calls `render` and adds only what is its own."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from briefing import area_data, charts, db, suppression, ui
from briefing.area_data import AreaData
from briefing.areas import Area, Section

TILES_PER_ROW = 4


def is_sensitive(area: Area) -> bool:
    """Whether any query of the area has a column protected at LPA level."""
    queries = [s.query for s in area.series] + [s.query for s in area.sections]
    return any(db.load_query(q).protection for q in queries)


def render(area: Area, after_tiles: Callable[[AreaData], None] | None = None) -> AreaData:
    """Draw the area's page for the current view. `after_tiles` draws what is the page's own, below
    the tiles. Returns what was drawn."""
    view = ui.page(area.title, area.question)
    demo = ui.is_demo(area.extracts)
    ui.demo_banner(*area.extracts)
    if area.note and not view.force_wide:
        st.info(area.note, icon=area.icon)
    data = area_data.load(area, view)
    for problem in data.distinct_problems:
        ui.unavailable(problem)
    if not data.comparisons:
        st.stop()
    tiles(data)
    if after_tiles:
        after_tiles(data)
    trends(data, demo)
    st.header("Breakdowns")
    for section in area.sections:
        draw_section(area, section, view, demo)
    st.header("Monthly figures")
    for query, frame in data.frames.items():
        name = query.split("/")[1]
        ui.table_with_download(frame, f"{area.title}, {name.replace('_', ' ')}", f"{area.key}-{name}", demo,
                               view)
    return data


def tiles(data: AreaData) -> None:
    """Every tile of the area in rows, the definitions, and the protection sentence where it applies."""
    view, area = data.view, data.area
    for start in range(0, len(data.comparisons), TILES_PER_ROW):
        ui.tiles(list(data.comparisons[start:start + TILES_PER_ROW]), view, data.withheld)
    notes = [area.caption] if area.caption else []
    if is_sensitive(area):
        notes.append(suppression.explanation(view.force.suppression_threshold))
    st.caption(" ".join(notes))
    if is_sensitive(area) and view.level == suppression.SELECTION:
        st.info("Sensitive figures are shown force-wide or for one LPA at a time: choose one LPA to see them.",
                icon=":material/shield:")


def trends(data: AreaData, demo: bool) -> None:
    """One XmR chart at a time (each is a sizeable part of a rerun's server work), chosen from every
    measure with data."""
    area, view = data.area, data.view
    st.header("Trends")
    choices = {c.measure.label: c.measure for c in data.comparisons}
    first = next(iter(choices))
    choice = st.segmented_control("Trend", list(choices), default=first, key=f"{area.key}_trend") or first
    measure = choices[choice]
    ui.trend(data.frame_of(measure), measure, view, demo, where=area.where(measure, view),
             **area_data.chart_marks(area.marks.get(measure.key), view))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _summary(frame: pd.DataFrame, value: str, percent: bool) -> str:
    def shown(v) -> str:
        if pd.isna(v):
            return "not shown (small numbers)"
        return f"{v:.1%}" if percent else f"{v:,.1f}"

    return "; ".join(f"{r.lpa_name} {r.window_label.lower()}: {shown(getattr(r, value))}" for r in frame.itertuples())


def draw_section(area: Area, section: Section, view, demo: bool) -> None:
    """A breakdown: its grouped bars by LPA (if declared) and its table with a download."""
    frame = ui.load(section.query, view)
    container = st.expander(section.title) if section.expander else st.container()
    with container:
        if not section.expander:
            st.subheader(section.title)
        if section.caption:
            st.caption(section.caption)
        if frame is None:
            return
        if "lpa" in frame.columns:
            names = frame["lpa"].map(view.force.lpa_name)
            frame = frame.drop(columns="lpa")
            frame.insert(0, "lpa_name", names)
        if section.chart_value:
            marks = area_data.chart_marks(area.marks.get(section.target_of), view) if section.target_of else {}
            ui.chart(
                charts.by_lpa(frame, value=section.chart_value, title=section.chart_title, y_title=section.y_title,
                              demo=demo, percent=section.percent, target=marks.get("target"),
                              target_label=marks.get("target_label", "")),
                f"{section.chart_title}, what was ({view.was.label()}) beside what is ({view.is_.label()}): "
                f"{_summary(frame, section.chart_value, section.percent)}.",
            )
        columns = list(section.columns) or list(frame.columns)
        ui.table_with_download(frame[columns], section.title, f"{area.key}-{_slug(section.title)}", demo, view)
