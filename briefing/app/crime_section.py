"""The Investigations page's section of real recorded crime for the view's LPAs (`real_crime` works the
figures out): the partnership tables and police.uk street crime, with the chart's text and its table."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import streamlit as st

from briefing.app import ui
from briefing.areas import real_crime
from briefing.present import charts
from briefing.store import db, kept_views
from briefing.view import View

SECTION_TITLE = "Recorded crime: real public figures"


@dataclass(frozen=True)
class Partnerships:
    """The partnership tables' part of the section, ready to draw (`shown`)."""

    problem: db.ExtractUnavailable | None = None
    totals: str = ""  # the headline offence per partnership, in a sentence; "" when none is held
    table: ui.Table | None = None


@dataclass(frozen=True)
class Street:
    """The police.uk part of the section, ready to draw (`shown`)."""

    problem: db.ExtractUnavailable | None = None
    figure: ui.Figure | None = None  # None when no month is held for the view's LPAs
    table: ui.Table | None = None


def lpa_section(view: View) -> None:
    """The Investigations page's section of real recorded crime for the view's LPAs (a part of the page
    titled SECTION_TITLE)."""
    st.caption(
        "Real data, shown beside the demonstration series above and never joined to them. These run on their "
        "own calendars: the partnership tables to December 2024, police.uk to its latest month."
    )
    partnerships, street = shown(view)
    if partnerships.problem:
        ui.unavailable(partnerships.problem)
    elif not partnerships.totals:
        st.info("No community safety partnership figures are held for these LPAs.")
    else:
        st.subheader("Community safety partnerships (ONS), years ending December")
        st.markdown(
            f"**Total recorded crime (excluding fraud), year ending December 2024 on 2023:** {partnerships.totals}."
        )
        assert partnerships.table is not None  # held with its totals
        ui.draw_table(partnerships.table)
        st.caption(
            "Source: ONS Police force area data tables, year ending December 2024, tables C2 and C5. "
            "'Unassigned' are crimes the force could not place in a borough."
        )
    if street.problem:
        ui.unavailable(street.problem)
        return
    if street.figure is None:
        st.info("No police.uk street-level months are held for these LPAs.")
        return
    st.subheader("police.uk street-level crime by month")
    ui.draw_figure(street.figure)
    assert street.table is not None  # held with its figure
    ui.draw_table(street.table)
    st.caption("Source: police.uk street-level crime (the police.uk API), LSOAs summed to LPAs.")


def shown(view: View) -> tuple[Partnerships, Street]:
    """Both parts of the section for the view, worked out once per compared view and data version."""
    return _shown(view.compared, db.version())


def shown_what(view: View) -> tuple:
    """What the set of views keeps the section for a compared view as."""
    return ("real_crime", kept_views.identity(view))


@lru_cache(maxsize=32)
def _shown(view: View, version: str) -> tuple[Partnerships, Street]:
    """Read from the data version's set of views if worked out there (each common view is, at refresh),
    otherwise worked out and kept there, unless an extract was unavailable (that is reported afresh)."""
    return kept_views.kept(shown_what(view), version, lambda: work_out(view), complete)


def complete(parts: tuple[Partnerships, Street]) -> bool:
    """Whether both parts were worked out (no extract unavailable): only then are they kept."""
    return not any(part.problem for part in parts)


def work_out(view: View) -> tuple[Partnerships, Street]:
    """Both parts worked out from the data (never read from the set)."""
    return _partnerships(view), _street(view)


def _partnerships(view: View) -> Partnerships:
    try:
        held = real_crime.partnerships(view)
    except db.ExtractUnavailable as exc:
        return Partnerships(problem=exc)
    if held is None:
        return Partnerships()
    totals, table = held
    return Partnerships(
        totals=totals,
        table=ui.people_table(table, "recorded crime by partnership", "recorded-crime-by-partnership", False, view),
    )


def _street(view: View) -> Street:
    try:
        held = real_crime.street(view)
    except db.ExtractUnavailable as exc:
        return Street(problem=exc)
    if held is None:
        return Street()
    street, sentence, table = held
    return Street(
        figure=ui.figure(charts.street_crime(street, view.force), sentence),
        table=ui.people_table(table, "police.uk street crime by LPA", "police-uk-street-crime-by-lpa", False, view),
    )
