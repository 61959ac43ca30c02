"""The concern areas: each names its page, its headline query and measures.

The Overview (and the briefing pack) iterate over AREAS, so a new concern page appears there by
adding one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing import db
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
    # Optional extras on the main chart: a target line and published figures (a query returning
    # date, value, label) drawn as reference points.
    target: float | None = None
    target_label: str = ""
    reference_query: str | None = None
    # Measures whose data have no LPA (the same whatever LPA is chosen), and a note saying so.
    force_wide_measures: tuple[str, ...] = ()
    note: str = ""

    def where(self, measure: Measure, filters, force) -> str:
        """Where a measure's figures are for: force-wide for data with no LPA, else the LPAs chosen."""
        return "force-wide" if measure.key in self.force_wide_measures else filters.lpa_label(force)


CRIMES_RECORDED = Measure("crimes_recorded", "Crimes recorded per month", "count", "neutral", "crimes_recorded")
CHARGE_RATE = Measure(
    "charge_rate", "Charge/summons rate", "proportion", "higher_better", "charge_summons", "crimes_recorded"
)
BROUGHT_TO_JUSTICE_RATE = Measure(
    "btj_rate", "Brought to justice rate", "proportion", "higher_better", "brought_to_justice", "crimes_recorded"
)
CALLS_999_WITHIN_10S = Measure(
    "calls_999_within_10s_rate", "999 calls answered within 10 s", "proportion", "higher_better",
    "calls_999_within_10s", "calls_999_offered",
)
CALLS_999_ABANDONED = Measure(
    "calls_999_abandoned_rate", "999 calls abandoned", "proportion", "lower_better",
    "calls_999_abandoned", "calls_999_offered",
)
CALLS_101_ANSWER_SECONDS = Measure(
    "calls_101_answer_seconds", "101 mean answer time (seconds)", "rate", "lower_better",
    "calls_101_mean_answer_seconds",
)
CALLS_101_ABANDONED = Measure(
    "calls_101_abandoned_rate", "101 calls abandoned", "proportion", "lower_better",
    "calls_101_abandoned", "calls_101_offered",
)
EMERGENCY_WITHIN_TARGET = Measure(
    "emergency_within_target_rate", "Emergency incidents attended within target", "proportion", "higher_better",
    "emergency_within_target", "emergency_attended",
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
    Area(
        key="calls_and_response",
        title="Calls and response",
        page="pages/calls_and_response.py",
        question="Are 999 and 101 calls answered, and emergencies attended, faster now than before?",
        headline_query="calls_and_response/monthly",
        measures=(CALLS_999_WITHIN_10S, CALLS_999_ABANDONED, CALLS_101_ANSWER_SECONDS, CALLS_101_ABANDONED,
                  EMERGENCY_WITHIN_TARGET),
        extracts=("calls", "incidents"),
        target=0.9,
        target_label="National standard: 90% within 10 s",
        reference_query="calls_and_response/published_999_within_10s",
        force_wide_measures=("calls_999_within_10s_rate", "calls_999_abandoned_rate", "calls_101_answer_seconds",
                             "calls_101_abandoned_rate"),
        note="Calls are answered force-wide and carry no LPA: the 999 and 101 figures are for the whole force "
        "whatever LPA is chosen. Emergency attendance is for the LPAs chosen.",
    ),
)


def chart_options(area: Area) -> dict:
    """Keyword arguments for charts.spc drawing the area's target and published reference points.

    Reference points are left out (not an error) if the published figures are unavailable.
    """
    options = {}
    if area.target is not None:
        options |= {"target": area.target, "target_label": area.target_label}
    if area.reference_query:
        try:
            options["reference"] = db.run(area.reference_query)
        except db.ExtractUnavailable:
            pass
    return options
