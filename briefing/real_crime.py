"""Real recorded crime for the LPAs, shown beside (never merged with) the demonstration series: the
ONS community safety partnership tables (years ending December) and police.uk street crime by month."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import streamlit as st

from briefing import db, ui, views
from briefing.charts import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, keyed, layered, tip
from briefing.config import Force
from briefing.filters import View

# Okabe-Ito (charts.py), black for its yellow, which is 1.2:1 on white: a line must stand out by 3:1.
LPA_COLOURS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, GREY)
HEADLINE_OFFENCES = ("Total recorded crime (excluding fraud)", "Violence against the person", "Sexual offences",
                     "Robbery", "Burglary", "Vehicle offences", "Shoplifting", "Criminal damage and arson")


def street_change(monthly: pd.DataFrame, months: int = 12) -> tuple[float, str, list[str]] | None:
    """Per cent change of the latest `months` months on the same months a year earlier, over the
    months complete in both years (a partial or missing month is left out with its pair, so the
    seasons still match). Returns (change, the months compared, the months left out), or None if
    fewer than half the months can be compared."""
    totals = monthly.groupby("month").agg(crimes=("crimes", "sum"), partial=("partial", "any"))
    totals.index = pd.to_datetime(totals.index)
    calendar = pd.date_range(totals.index.min(), totals.index.max(), freq="MS")
    totals = totals.reindex(calendar)
    complete = totals["crimes"].notna() & ~totals["partial"].fillna(True).astype(bool)
    latest = calendar[-months:]
    pairs = [(m, m - pd.DateOffset(years=1)) for m in latest]
    usable = [(m, e) for m, e in pairs if e in calendar and complete[m] and complete[e]]
    if len(usable) < months / 2:
        return None
    now = sum(totals.at[m, "crimes"] for m, _ in usable)
    then = sum(totals.at[e, "crimes"] for _, e in usable)
    left_out = [f"{m:%B}" for m, e in pairs if (m, e) not in usable]
    return 100 * (now / then - 1), f"{latest[0]:%b %Y} to {latest[-1]:%b %Y}", left_out


def street_chart(monthly: pd.DataFrame, force: Force) -> dict:
    """police.uk street crime by LPA and month (a Vega-Lite spec); partial months are crosses."""
    # Floats: Vega formats a 64-bit integer column in e-notation.
    data = monthly.assign(month=pd.to_datetime(monthly["month"]), lpa_name=monthly["lpa"].map(force.lpa_name),
                          crimes=monthly["crimes"].astype(float),
                          status=monthly["partial"].map({True: "Partial month (left out)", False: "Complete month"}))
    names = list(dict.fromkeys(force.lpa_name(c) for c in force.lpas if c in set(monthly["lpa"])))
    encoding = {
        "x": {"field": "month", "type": "temporal", "title": "Month", "axis": {"format": "%b %Y"}},
        "y": {"field": "crimes", "type": "quantitative", "title": "Street-level crimes a month",
              "axis": {"format": ",.0f"}},
        "color": keyed("lpa_name", "LPA", names, list(LPA_COLOURS[:len(names)]), {"orient": "bottom", "columns": 4}),
        "tooltip": [tip("lpa_name", "LPA"), tip("month", "Month", "temporal", "%B %Y"),
                    tip("crimes", "Crimes", "quantitative", ","), tip("status", "Status")],
    }
    complete = {"data": {"name": "street"}, "transform": [{"filter": "!datum.partial"}],
                "mark": {"type": "line", "point": True}, "encoding": encoding}
    partial = {"data": {"name": "street"}, "transform": [{"filter": "datum.partial"}],
               "mark": {"type": "point", "size": 120, "filled": True},
               "encoding": encoding | {"shape": keyed("status", "Month", ["Partial month (left out)"], ["cross"],
                                                      {"orient": "bottom"})}}
    return layered([complete, partial], {"street": data[["month", "lpa_name", "crimes", "status", "partial"]]},
                   title={"text": "police.uk street-level crime by LPA (anti-social behaviour left out)",
                          "subtitle": ["Real data: police.uk, by month"], "anchor": "start"},
                   height=300)


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


SECTION_TITLE = "Recorded crime: real public figures"


def lpa_section(view: View) -> None:
    """The Investigations page's section of real recorded crime for the view's LPAs (a part of the page
    titled SECTION_TITLE)."""
    st.caption("Real data, shown beside the demonstration series above and never joined to them. These run on their "
               "own calendars: the partnership tables to December 2024, police.uk to its latest month.")
    partnerships, street = shown(view)
    if partnerships.problem:
        ui.unavailable(partnerships.problem)
    elif not partnerships.totals:
        st.info("No community safety partnership figures are held for these LPAs.")
    else:
        st.subheader("Community safety partnerships (ONS), years ending December")
        st.markdown(f"**Total recorded crime (excluding fraud), year ending December 2024 on 2023:** "
                    f"{partnerships.totals}.")
        ui.draw_table(partnerships.table)
        st.caption("Source: ONS Police force area data tables, year ending December 2024, tables C2 and C5. "
                   "'Unassigned' are crimes the force could not place in a borough.")
    if street.problem:
        ui.unavailable(street.problem)
        return
    if street.figure is None:
        st.info("No police.uk street-level months are held for these LPAs.")
        return
    st.subheader("police.uk street-level crime by month")
    ui.draw_figure(street.figure)
    ui.draw_table(street.table)
    st.caption("Source: police.uk street-level crime (the police.uk API), LSOAs summed to LPAs.")


def shown(view: View) -> tuple[Partnerships, Street]:
    """Both parts of the section for the view, worked out once per compared view and data version."""
    return _shown(view.compared, db.version())


def shown_what(view: View) -> tuple:
    """What the set of views keeps the section for a compared view as."""
    return ("real_crime", views.identity(view))


@lru_cache(maxsize=32)
def _shown(view: View, version: str) -> tuple[Partnerships, Street]:
    """Read from the data version's set of views if worked out there (each common view is, at refresh),
    otherwise worked out and kept there, unless an extract was unavailable (that is reported afresh)."""
    return views.kept(shown_what(view), version, lambda: work_out(view),
                      lambda parts: not any(part.problem for part in parts))


def work_out(view: View) -> tuple[Partnerships, Street]:
    """Both parts worked out from the data (never read from the set)."""
    return _partnerships(view), _street(view)


def _partnerships(view: View) -> Partnerships:
    try:
        partnerships = db.query("crime_and_peers/lpa_recorded_crime", view)
    except db.ExtractUnavailable as exc:
        return Partnerships(problem=exc)
    if not view.force_wide:
        partnerships = partnerships[partnerships["area_code"].isin(view.params["lpas"])]
    headline = partnerships[partnerships["offence"].isin(HEADLINE_OFFENCES)]
    if headline.empty:
        return Partnerships()
    total = headline[headline["offence"] == HEADLINE_OFFENCES[0]]
    totals = "; ".join(f"{r.area_name} {r.ye_dec_2024:,} ({r.change_pct:+.1f}%)" for r in total.itertuples())
    table = headline.rename(columns={
        "area_name": "Partnership (borough)", "offence": "Offence", "ye_dec_2023": "Year ending Dec 2023",
        "ye_dec_2024": "Year ending Dec 2024", "change_pct": "Change (%)"}).drop(columns="area_code")
    return Partnerships(totals=totals, table=ui.people_table(table.round({"Change (%)": 1}),
                        "recorded crime by partnership", "recorded-crime-by-partnership", False, view))


def _street(view: View) -> Street:
    try:
        street = db.query("crime_and_peers/lpa_street_crime", view)
    except db.ExtractUnavailable as exc:
        return Street(problem=exc)
    if street.empty:
        return Street()
    force = view.force
    change = street_change(street)
    flagged = sorted(set(pd.to_datetime(street.loc[street["partial"], "month"])))
    latest = pd.to_datetime(street["month"]).max()
    sentence = f"These data run to {latest:%B %Y}; the demonstration pages to {view.latest:%B %Y}. "
    if change is not None:
        pct, span, left_out = change
        sentence += (f"{span} against the same months a year earlier: {pct:+.1f}% for {view.lpa_label}"
                     + (f", leaving out {', '.join(left_out)} (partial or missing in one of the years)" if left_out
                        else "") + ". ")
    flagged_text = ", ".join(f"{m:%b %Y}" for m in flagged) or "none"
    sentence += ("Partial months (an incomplete copy: the force total under 75% of the median month) are marked "
                 f"with a cross and left out of every comparison: {flagged_text}.")
    table = street.assign(lpa=street["lpa"].map(force.lpa_name), month=pd.to_datetime(street["month"]).dt.strftime(
        "%b %Y")).rename(columns={"month": "Month", "lpa": "LPA", "crimes": "Street-level crimes",
                                  "partial": "Partial month (left out)"})
    return Street(figure=ui.figure(street_chart(street, force), sentence),
                  table=ui.people_table(table, "police.uk street crime by LPA", "police-uk-street-crime-by-lpa",
                                        False, view))
