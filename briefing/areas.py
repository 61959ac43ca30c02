"""The concern areas: each names its page, its headline query and measures.

The Overview (and the briefing pack) iterate over AREAS, so a new concern page appears there by
adding one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    primary: Measure  # the one measure whose verdict leads on the Overview and in the pack
    extracts: tuple[str, ...]  # for the demonstration-data label
    # Optional extras on the main chart: a target line and published figures (a query returning
    # date, value, label and optionally kind, where kind 'target' rows give the target line) drawn
    # as reference points.
    target: float | None = None
    target_label: str = ""
    reference_query: str | None = None
    # The main chart is the first measure. If it is a sensitive count, this query (params $lpas,
    # $start, $end; returns month, lpa and its column for every LPA) lets the pack suppress it.
    monthly_lpa_query: str | None = None
    # Measures whose data have no LPA (the same whatever LPA is chosen), and a note saying so.
    force_wide_measures: tuple[str, ...] = ()
    note: str = ""

    def where(self, measure: Measure, filters, force) -> str:
        """Where a measure's figures are for: force-wide for data with no LPA, else the LPAs chosen."""
        return "force-wide" if measure.key in self.force_wide_measures else filters.lpa_label(force)
    # Small-number suppression: a query of every LPA's value in each window (params $lpas, $was_start,
    # $was_end, $is_start, $is_end; returns lpa, window_label, ...) and, for each sensitive measure key,
    # the column holding its window value, so a tile anywhere can be protected against subtraction.
    lpa_query: str | None = None
    lpa_columns: dict[str, str] = field(default_factory=dict)


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

# MARAC (marac/monthly). Sensitive counts are suppressed at LPA level (briefing.suppression).
MARAC_PER_10K = Measure("marac_per_10k", "Referrals a year per 10,000 adult women", "rate", "neutral", "per_10k_year")
MARAC_REFERRALS = Measure("marac_referrals", "Referrals per month", "count", "neutral", "referrals", sensitive=True)
MARAC_REPEATS = Measure("marac_repeats", "Repeat referrals", "proportion", "neutral", "repeats", "referrals")
MARAC_POLICE = Measure("marac_police", "Referrals from police", "proportion", "neutral", "police_referrals",
                       "referrals")
MARAC_BACKLOG = Measure("marac_backlog", "Referrals awaiting a hearing at month end", "backlog", "lower_better",
                        "backlog", sensitive=True)
MARAC_TRIAGE = Measure("marac_triage", "Days from referral to triage (median)", "days", "lower_better", "triage_days")
MARAC_DECISION = Measure("marac_decision", "Days from triage to decision (median)", "days", "lower_better",
                         "decision_days")
MARAC_SHARING = Measure("marac_sharing", "Days from referral to sharing with partners (median)", "days",
                        "lower_better", "sharing_days")

# Sex offender management (sex_offenders/monthly): month-end snapshots, so backlogs.
RSO_CASELOAD = Measure("rso_caseload", "Registered sex offenders managed", "backlog", "neutral", "caseload")
RSO_ARMS = Measure("rso_arms", "ARMS assessments overdue", "backlog", "lower_better", "arms_overdue", sensitive=True)
RSO_VISITS = Measure("rso_visits", "Home visits overdue", "backlog", "lower_better", "visits_overdue", sensitive=True)
RSO_REVIEWS = Measure("rso_reviews", "Supervisory reviews overdue", "backlog", "lower_better", "reviews_overdue",
                      sensitive=True)
RSO_PER_MANAGER = Measure("rso_per_manager", "Offenders per offender manager", "rate", "lower_better",
                          "caseload_per_manager")

# Online child abuse (online_child_abuse/monthly and, with force settings, online_child_abuse/timeliness).
OCSET_AWAITING = Measure("ocset_awaiting", "Cases awaiting enforcement at month end", "backlog", "lower_better",
                         "awaiting", sensitive=True)
OCSET_REFERRALS = Measure("ocset_referrals", "Referrals per month", "count", "neutral", "referrals", sensitive=True)
OCSET_VERY_HIGH_DAYS = Measure("ocset_very_high_days", "Days to enforcement, very high risk (median)", "days",
                               "lower_better", "very_high_days")
OCSET_HIGH_DAYS = Measure("ocset_high_days", "Days to enforcement, high risk (median)", "days", "lower_better",
                          "high_days")
OCSET_MEDIUM_DAYS = Measure("ocset_medium_days", "Days to enforcement, medium risk (median)", "days", "lower_better",
                            "medium_days")
OCSET_LOW_DAYS = Measure("ocset_low_days", "Days to enforcement, low risk (median)", "days", "lower_better",
                         "low_days")
# Risk grade (as in the extract and force.toml) -> its days-to-enforcement measure.
OCSET_DAYS_BY_GRADE = {"very high": OCSET_VERY_HIGH_DAYS, "high": OCSET_HIGH_DAYS, "medium": OCSET_MEDIUM_DAYS,
                       "low": OCSET_LOW_DAYS}
OCSET_WITHIN_GUIDE = Measure("ocset_within_guide", "Enforced within the guide for the risk grade", "proportion",
                             "higher_better", "enforced_within_guide", "enforced")
OCSET_DISCLOSED = Measure("ocset_disclosed", "Disclosures to children's services on time", "proportion",
                          "higher_better", "disclosed_on_time", "disclosures_needed")

AREAS: tuple[Area, ...] = (
    Area(
        key="investigations",
        title="Investigations and outcomes",
        page="pages/investigations.py",
        question="Are more offenders being brought to justice now than before?",
        headline_query="investigations/monthly",
        measures=(BTJ_OUTCOMES, BROUGHT_TO_JUSTICE_RATE, CHARGE_RATE),
        primary=BROUGHT_TO_JUSTICE_RATE,
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
        primary=CALLS_999_WITHIN_10S,
        extracts=("calls", "incidents"),
        target=0.9,
        target_label="National standard: 90% within 10 s",
        reference_query="calls_and_response/published_999_within_10s",
        force_wide_measures=("calls_999_within_10s_rate", "calls_999_abandoned_rate", "calls_101_answer_seconds",
                             "calls_101_abandoned_rate"),
        note="Calls are answered force-wide and carry no LPA: the 999 and 101 figures are for the whole force "
        "whatever LPA is chosen. Emergency attendance is for the LPAs chosen.",
    ),
    Area(
        key="marac",
        title="MARAC",
        page="pages/marac.py",
        question="Are high-risk domestic abuse cases referred in proportion, and heard and shared promptly?",
        headline_query="marac/monthly",
        measures=(MARAC_PER_10K, MARAC_BACKLOG, MARAC_REPEATS, MARAC_TRIAGE),
        primary=MARAC_BACKLOG,
        extracts=("marac_referrals", "population"),
        reference_query="marac/published",
        lpa_query="marac/by_lpa",
        lpa_columns={MARAC_REFERRALS.key: "referrals_per_month", MARAC_BACKLOG.key: "backlog"},
    ),
    Area(
        key="sex_offenders",
        title="Sex offender management",
        page="pages/sex_offenders.py",
        question="Are registered sex offenders' risk assessments, visits and reviews done by their due dates?",
        headline_query="sex_offenders/monthly",
        measures=(RSO_ARMS, RSO_VISITS, RSO_CASELOAD, RSO_PER_MANAGER),
        primary=RSO_ARMS,
        extracts=("rso_caseload",),
        monthly_lpa_query="sex_offenders/overdue_by_lpa",
        lpa_query="sex_offenders/by_lpa",
        lpa_columns={
            RSO_ARMS.key: "arms_overdue", RSO_VISITS.key: "visits_overdue", RSO_REVIEWS.key: "reviews_overdue",
        },
    ),
    Area(
        key="online_child_abuse",
        title="Online child abuse",
        page="pages/online_child_abuse.py",
        question="Are online child abuse suspects dealt with in time for the risk they pose?",
        headline_query="online_child_abuse/monthly",
        measures=(OCSET_HIGH_DAYS, OCSET_AWAITING, OCSET_REFERRALS),
        primary=OCSET_AWAITING,
        extracts=("ocset_cases",),
        lpa_query="online_child_abuse/by_lpa",
        lpa_columns={OCSET_AWAITING.key: "awaiting", OCSET_REFERRALS.key: "referrals_per_month"},
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
            reference = db.run(area.reference_query)
        except db.ExtractUnavailable:
            return options
        if "kind" in reference.columns:
            target = reference[reference["kind"] == "target"]
            if len(target):
                options |= {"target": float(target["value"].iloc[0]), "target_label": target["label"].iloc[0]}
            reference = reference[reference["kind"] != "target"].drop(columns="kind")
        options["reference"] = reference
    return options
