"""The concern areas: each names its page, its headline query and measures.

The Overview (and the briefing pack) iterate over AREAS, so a new concern page appears there by
adding one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.compare import Measure


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    page: str  # path from the repo root, for st.page_link
    question: str
    headline_query: str  # monthly frame: month plus the measures' columns
    measures: tuple[Measure, ...]
    extracts: tuple[str, ...]  # for the demonstration-data label


CRIMES_RECORDED = Measure("crimes_recorded", "Crimes recorded per month", "count", "neutral", "crimes_recorded")
CHARGE_RATE = Measure(
    "charge_rate", "Charge/summons rate", "proportion", "higher_better", "charge_summons", "crimes_recorded"
)
BROUGHT_TO_JUSTICE_RATE = Measure(
    "btj_rate", "Brought to justice rate", "proportion", "higher_better", "brought_to_justice", "crimes_recorded"
)

BTJ_OUTCOMES = Measure(
    "btj_outcomes", "Brought to justice outcomes per month", "count", "higher_better", "btj_outcomes"
)
ARRESTS = Measure("arrests", "Arrests per month", "count", "neutral", "arrests")
SUPERVISED = Measure(
    "supervised", "Allocated crimes with documented supervision", "proportion", "higher_better",
    "with_documented_supervision", "crimes_allocated",
)
DAYS_TO_REVIEW = Measure(
    "days_to_first_review", "Days to first supervisory review", "days", "lower_better", "days_to_first_review"
)

AREAS: tuple[Area, ...] = (
    Area(
        key="investigations",
        title="Investigations and outcomes",
        page="pages/investigations.py",
        question="Are more offenders being brought to justice now than before?",
        headline_query="investigations/monthly",
        measures=(BTJ_OUTCOMES, BROUGHT_TO_JUSTICE_RATE, CHARGE_RATE),
        extracts=("crimes", "outcomes"),
    ),
)
