"""Investigations and outcomes: are more offenders being brought to justice now than before?"""

import streamlit as st

from briefing.app import area_page, crime_section, outcomes_section
from briefing.areas.area_data import AreaData
from briefing.areas.declarations import INVESTIGATIONS
from briefing.present import wording


def answer_and_maturity(data: AreaData) -> None:
    """The headline answer in a sentence, and which recent months' outcomes are still being recorded."""
    view, monthly = data.view, data.frames.get("investigations/monthly")
    if monthly is None:
        return
    first = data.comparisons_of([INVESTIGATIONS.measure("btj_outcomes")])[0]
    st.markdown(f"**Answer.** {wording.describe(first, view.was.label(), view.is_.label())}")
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


area_page.render(
    INVESTIGATIONS,
    after_tiles=answer_and_maturity,
    more_parts=(
        (outcomes_section.SECTION_TITLE, outcomes_section.section),
        (crime_section.SECTION_TITLE, crime_section.lpa_section),
    ),
)
