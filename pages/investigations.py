"""Investigations and outcomes: are more offenders being brought to justice now than before?"""

import streamlit as st

from briefing import charts, compare, real_crime, ui, wording
from briefing.areas import (
    ARRESTS,
    BROUGHT_TO_JUSTICE_RATE,
    BTJ_OUTCOMES,
    CHARGE_RATE,
    CRIMES_RECORDED,
    DAYS_TO_REVIEW,
    SUPERVISED,
)
from briefing.compare import Measure

OUTCOMES_RECORDED = Measure("outcomes_recorded", "Outcomes recorded per month", "count", "neutral", "outcomes_recorded")
DEFINITION = (
    "**Brought to justice** is this app's labelled definition (no current official one exists): charge or "
    "summons, cautions, offences taken into consideration, penalty notices, cannabis/khat warnings and "
    "community resolutions (Home Office outcomes 1, 1A, 2, 3, 4, 6, 7, 8; police.uk does not publish "
    "taken into consideration separately). The **charge/summons rate** and "
    "**brought to justice rate** are shares of the crimes recorded in a month (excluding anti-social "
    "behaviour) that have reached those outcomes; **outcomes per month** count outcomes by the month they "
    "were recorded, whenever the crime was."
)

force, chosen = ui.page("Investigations and outcomes", "Are more offenders being brought to justice now than before?")
ui.demo_banner("crimes", "outcomes", "arrests", "crime_supervision")
params = chosen.params(force)
crime_demo, arrests_demo = ui.is_demo(("crimes", "outcomes")), ui.is_demo(("arrests",))
supervision_demo = ui.is_demo(("crime_supervision",))


def by_lpa(query: str, measure: Measure, value: str, demo: bool) -> None:
    """Grouped bars of one value per LPA, what was beside what is, then the same as a table."""
    frame = ui.load(query, **params)
    if frame is None:
        return
    frame = frame.assign(lpa_name=frame["lpa"].map(force.lpa_name))
    summary = "; ".join(f"{r.lpa_name} {r.window_label.lower()} {wording.format_value(getattr(r, value), measure)}"
                        for r in frame.itertuples())
    percent = measure.unit == "proportion"
    ui.chart(charts.by_lpa(frame, value=value, title=f"{measure.label} by LPA", y_title=measure.label,
                           demo=demo, percent=percent), f"{measure.label} by LPA: {summary}.")
    ui.table_with_download(frame, f"{measure.label} by LPA", f"{measure.key}-by-lpa", demo)


monthly = ui.load("investigations/monthly", **params)
arrests = ui.load("investigations/arrests_monthly", **params)
supervision = ui.load("investigations/supervision_monthly", **params)
comparisons = []
if monthly is not None:
    comparisons += compare.compare_all(monthly, (BTJ_OUTCOMES, BROUGHT_TO_JUSTICE_RATE, CHARGE_RATE),
                                       chosen.was, chosen.is_)
    st.markdown(f"**Answer.** {wording.describe(comparisons[0], chosen.was.label(), chosen.is_.label())}")
if arrests is not None:
    comparisons.append(compare.compare(arrests, ARRESTS, chosen.was, chosen.is_))
if supervision is not None:
    comparisons.append(compare.compare(supervision, SUPERVISED, chosen.was, chosen.is_))
if comparisons:
    ui.tiles(comparisons, chosen)
st.caption(DEFINITION)

st.header("Outcomes")
if monthly is not None:
    maturing = monthly[monthly["maturing"]]
    if not maturing.empty:
        latest = maturing.iloc[-1]
        st.info(
            f"**Data maturity.** Outcomes of crimes recorded from {maturing['month'].min():%B %Y} are still "
            f"being recorded ({latest['still_open'] / latest['crimes_recorded']:.0%} of {latest['month']:%B %Y}'s "
            "crimes have none yet), so the charge/summons and brought to justice rates leave those months out. "
            "Outcomes per month are counted when recorded and include them.",
            icon=":material/hourglass_top:",
        )
    # One chart at a time: each XmR chart is a sizeable part of a rerun's server work.
    trends = {"Brought to justice outcomes": BTJ_OUTCOMES, "Brought to justice rate": BROUGHT_TO_JUSTICE_RATE,
              "Charge/summons rate": CHARGE_RATE, "All outcomes recorded": OUTCOMES_RECORDED,
              "Crimes recorded": CRIMES_RECORDED}
    first = next(iter(trends))
    choice = st.segmented_control("Trend", list(trends), default=first, key="investigations_trend") or first
    ui.trend(monthly, trends[choice], chosen, force, crime_demo)
    ui.table_with_download(monthly, "outcomes by month", "outcomes-monthly", crime_demo)

st.subheader("By Local Policing Area")
by_lpa("investigations/by_lpa", BROUGHT_TO_JUSTICE_RATE, "btj_rate", crime_demo)

st.subheader("By crime type")
st.caption("Monthly means and rates in each window for the chosen LPAs. 'Not known': outcomes for crimes "
           "recorded before the first month of data. The force says it leads its comparison forces for "
           "burglary, robbery and homicide; the app holds no other force's data, so it shows the force's own "
           "rates (police.uk counts homicide within violence and sexual offences).")
by_type = ui.load("investigations/by_crime_type", **params)
if by_type is not None:
    ui.table_with_download(by_type, "outcomes by crime type", "outcomes-by-crime-type", crime_demo)

st.subheader("By outcome")
groups = ui.load("investigations/outcome_groups", **params)
if groups is not None:
    ui.table_with_download(groups, "outcomes by group", "outcome-groups", crime_demo)

real_crime.lpa_section(force, chosen)

st.header("Arrests")
st.caption("The force states arrests rose from about 3,200 to about 4,200 a month after April 2023: its "
           "claim, which this page shows as recorded, not a verified statistic.")
if arrests is not None:
    ui.trend(arrests, ARRESTS, chosen, force, arrests_demo)
by_lpa("investigations/arrests_by_lpa", ARRESTS, "arrests_per_month", arrests_demo)

st.header("Documented supervision")
st.caption("Crimes allocated to an investigator and how many show a supervisor's review on the investigation "
           "log; days to first review are allocation-weighted means of monthly medians.")
if supervision is not None:
    ui.tiles([compare.compare(supervision, DAYS_TO_REVIEW, chosen.was, chosen.is_)], chosen)
    ui.trend(supervision, SUPERVISED, chosen, force, supervision_demo)
by_lpa("investigations/supervision_by_lpa", SUPERVISED, "supervised_pct", supervision_demo)
