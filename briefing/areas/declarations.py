"""The concern areas: one declaration each, read by navigation, the page, the Overview, the briefing
pack and the tests.

An Area names its page, the question it answers, the monthly queries and the measures read from
each (every measure is a tile and a trend choice), its headline and primary measures, the marks on
its trend charts (targets, published figures) and its breakdowns. Adding a measure is one column in
a monthly SQL file and one line in its Series here (and its definition in methods_measures.md, which
a test checks); adding a page is one Area here, its SQL, its page file (a few lines) and its test.
Which columns are sensitive is said in the SQL headers, never here.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.stats.compare import Measure
from briefing.view import View


@dataclass(frozen=True)
class Series:
    """A monthly query (a `month` column plus values) and the measures read from it."""

    query: str
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Marks:
    """What a measure's trend chart draws besides the series: a target line, published figures (a query
    returning kind 'target' or 'reference', date, value, label), or the force's enforcement guide for a
    risk grade (force.toml)."""

    target: float | None = None
    target_label: str = ""
    published: str | None = None
    guide_grade: str | None = None


@dataclass(frozen=True)
class Section:
    """A breakdown below the trends: a table with its download and, for a frame with one row per LPA and
    window, grouped bars of `chart_value`."""

    title: str
    query: str
    caption: str = ""
    columns: tuple[str, ...] = ()  # the table's columns, in order (default: all but the LPA code)
    chart_value: str | None = None
    chart_title: str = ""
    y_title: str = ""
    percent: bool = False
    target_of: str | None = None  # a measure whose target (in its Marks) the bars draw as a line
    expander: bool = False  # reference material, folded away


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    icon: str
    page: str  # path from the repo root, for navigation and st.page_link
    question: str
    extracts: tuple[str, ...]  # for the demonstration-data label and sources
    series: tuple[Series, ...]
    headline: tuple[str, ...]  # measure keys on the Overview and the pack, in order
    primary_key: str  # the measure whose verdict leads on the Overview and in the pack
    marks: dict[str, Marks]  # measure key -> its chart's marks
    sections: tuple[Section, ...] = ()
    caption: str = ""  # definitions, beneath the tiles
    # Measures whose data have no LPA (the same whatever LPA is chosen), and a note saying so.
    force_wide_measures: tuple[str, ...] = ()
    note: str = ""

    @property
    def measures(self) -> tuple[Measure, ...]:
        """Every measure of the area, in declaration order: its tiles and its trend choices."""
        return tuple(m for s in self.series for m in s.measures)

    def measure(self, key: str) -> Measure:
        return next(m for m in self.measures if m.key == key)

    @property
    def primary(self) -> Measure:
        return self.measure(self.primary_key)

    @property
    def headline_measures(self) -> tuple[Measure, ...]:
        return tuple(self.measure(key) for key in self.headline)

    def query_of(self, measure: Measure) -> str:
        return next(s.query for s in self.series if measure in s.measures)

    @property
    def main_measure(self) -> Measure:
        """The measure of the main chart (the pack's): the first headline measure."""
        return self.measure(self.headline[0])

    def where(self, measure: Measure, view: View) -> str:
        """Where a measure's figures are for: force-wide for data with no LPA, else the LPAs chosen."""
        return "force-wide" if measure.key in self.force_wide_measures else view.lpa_label


def count(key, label, column, polarity="neutral") -> Measure:
    return Measure(key, label, "count", polarity, column)


def share(key, label, numerator, denominator, polarity="neutral") -> Measure:
    return Measure(key, label, "proportion", polarity, numerator, denominator)


def days(key, label, column) -> Measure:
    return Measure(key, label, "days", "lower_better", column)


def backlog(key, label, column, polarity="lower_better") -> Measure:
    return Measure(key, label, "backlog", polarity, column)


def rate(key, label, column, polarity="neutral") -> Measure:
    return Measure(key, label, "rate", polarity, column)


BY_LPA_TABLE = "By Local Policing Area"

INVESTIGATIONS = Area(
    key="investigations",
    title="Investigations and outcomes",
    icon=":material/gavel:",
    page="pages/investigations.py",
    question="Are more offenders being brought to justice now than before?",
    extracts=("crimes", "outcomes", "arrests", "crime_supervision"),
    series=(
        Series(
            "investigations/monthly",
            (
                count("btj_outcomes", "Brought to justice outcomes per month", "btj_outcomes", "higher_better"),
                share("btj_rate", "Brought to justice rate", "brought_to_justice", "crimes_recorded", "higher_better"),
                share("charge_rate", "Charge/summons rate", "charge_summons", "crimes_recorded", "higher_better"),
                count("outcomes_recorded", "Outcomes recorded per month", "outcomes_recorded"),
                count("crimes_recorded", "Crimes recorded per month", "crimes_recorded"),
            ),
        ),
        Series("investigations/arrests_monthly", (count("arrests", "Arrests per month", "arrests"),)),
        Series(
            "investigations/supervision_monthly",
            (
                share(
                    "supervised",
                    "Allocated crimes with documented supervision",
                    "with_documented_supervision",
                    "crimes_allocated",
                    "higher_better",
                ),
                days("days_to_first_review", "Days to first supervisory review", "days_to_first_review"),
            ),
        ),
    ),
    headline=("btj_outcomes", "btj_rate", "charge_rate"),
    primary_key="btj_rate",
    marks={},
    caption=(
        "**Brought to justice** is this app's labelled definition (no current official one exists): charge or "
        "summons, cautions, offences taken into consideration, penalty notices, cannabis/khat warnings and "
        "community resolutions (Home Office outcomes 1, 1A, 2, 3, 4, 6, 7, 8; police.uk does not publish "
        "taken into consideration separately). The **charge/summons rate** and **brought to justice rate** are "
        "shares of the crimes recorded in a month (excluding anti-social behaviour) that have reached those "
        "outcomes; **outcomes per month** count outcomes by the month they were recorded, whenever the crime was. "
        "The force states arrests rose from about 3,200 to about 4,200 a month after April 2023: its claim, which "
        "this page shows as recorded, not a verified statistic."
    ),
    sections=(
        Section(
            "Brought to justice by LPA",
            "investigations/by_lpa",
            chart_value="btj_rate",
            chart_title="Brought to justice rate by LPA",
            y_title="Brought to justice rate",
            percent=True,
        ),
        Section(
            "By crime type",
            "investigations/by_crime_type",
            caption="Monthly means and rates in each window for the chosen LPAs. 'Not known': outcomes for "
            "crimes recorded before the first month of data. The force says it leads its comparison forces for "
            "burglary, robbery and homicide; this page shows the force's own rates (police.uk counts homicide "
            "within violence and sexual offences).",
        ),
        Section("By outcome", "investigations/outcome_groups"),
        Section(
            "Arrests by LPA",
            "investigations/arrests_by_lpa",
            chart_value="arrests_per_month",
            chart_title="Arrests per month by LPA",
            y_title="Arrests per month",
        ),
        Section(
            "Documented supervision by LPA",
            "investigations/supervision_by_lpa",
            chart_value="supervised_pct",
            chart_title="Allocated crimes with documented supervision, by LPA",
            y_title="Share supervised",
            percent=True,
            caption="Crimes allocated to an investigator and how many show a supervisor's review on the "
            "investigation log; days to first review are allocation-weighted means of monthly medians.",
        ),
    ),
)

CALLS_AND_RESPONSE = Area(
    key="calls_and_response",
    title="Calls and response",
    icon=":material/call:",
    page="pages/calls_and_response.py",
    question="Are 999 and 101 calls answered, and emergencies attended, faster now than before?",
    extracts=("calls", "incidents"),
    series=(
        Series(
            "calls_and_response/monthly",
            (
                share(
                    "calls_999_within_10s_rate",
                    "999 calls answered within 10 s",
                    "calls_999_within_10s",
                    "calls_999_offered",
                    "higher_better",
                ),
                share(
                    "calls_999_abandoned_rate",
                    "999 calls abandoned",
                    "calls_999_abandoned",
                    "calls_999_offered",
                    "lower_better",
                ),
                rate(
                    "calls_101_answer_seconds",
                    "101 mean answer time (seconds)",
                    "calls_101_mean_answer_seconds",
                    "lower_better",
                ),
                share(
                    "calls_101_abandoned_rate",
                    "101 calls abandoned",
                    "calls_101_abandoned",
                    "calls_101_offered",
                    "lower_better",
                ),
                share(
                    "emergency_within_target_rate",
                    "Emergency incidents attended within target",
                    "emergency_within_target",
                    "emergency_attended",
                    "higher_better",
                ),
            ),
        ),
    ),
    headline=(
        "calls_999_within_10s_rate",
        "calls_999_abandoned_rate",
        "calls_101_answer_seconds",
        "calls_101_abandoned_rate",
        "emergency_within_target_rate",
    ),
    primary_key="calls_999_within_10s_rate",
    marks={
        "calls_999_within_10s_rate": Marks(
            0.9, "National standard: 90% within 10 s", "calls_and_response/published_999_within_10s"
        )
    },
    force_wide_measures=(
        "calls_999_within_10s_rate",
        "calls_999_abandoned_rate",
        "calls_101_answer_seconds",
        "calls_101_abandoned_rate",
    ),
    note="Calls are answered force-wide and carry no LPA: the 999 and 101 figures are for the whole force "
    "whatever LPA is chosen. Emergency attendance is for the LPAs chosen.",
    caption="999 answering is against the national standard of 90% within 10 seconds; black squares on its chart "
    "are the published figures the demonstration data are calibrated to (hover for the period and source).",
    sections=(
        Section("Published 999 and 101 figures", "calls_and_response/published_calls", expander=True),
        Section(
            "Emergency attendance by LPA",
            "calls_and_response/emergency_by_lpa",
            chart_value="within_target_rate",
            chart_title="Emergency incidents attended within target, by LPA",
            y_title="Share within target",
            percent=True,
        ),
    ),
)

MARAC = Area(
    key="marac",
    title="MARAC",
    icon=":material/diversity_1:",
    page="pages/marac.py",
    question="Are high-risk domestic abuse cases referred to MARAC in proportion (SafeLives: 40 a year per 10,000 "
    "adult women), and heard and shared with partners without delay?",
    extracts=("marac_referrals", "population"),
    series=(
        Series(
            "marac/monthly",
            (
                rate("marac_per_10k", "Referrals a year per 10,000 adult women", "per_10k_year"),
                backlog("marac_backlog", "Referrals awaiting a hearing at month end", "backlog"),
                share("marac_repeats", "Repeat referrals", "repeats", "referrals"),
                share("marac_police", "Referrals from police", "police_referrals", "referrals"),
                count("marac_referrals", "Referrals per month", "referrals"),
                days("marac_triage", "Days from referral to triage (median)", "triage_days"),
                days("marac_decision", "Days from triage to decision (median)", "decision_days"),
                days("marac_sharing", "Days from referral to sharing with partners (median)", "sharing_days"),
            ),
        ),
    ),
    headline=("marac_per_10k", "marac_backlog", "marac_repeats", "marac_triage"),
    primary_key="marac_backlog",
    marks={"marac_per_10k": Marks(published="marac/published")},
    caption="A repeat is a referral within 12 months of the same victim's previous referral (SafeLives; national "
    "31%). Repeats are counted only from the 13th month of the data, the first with 12 months of look-back: "
    "earlier months would understate them. Durations are medians of the monthly medians. On the rate chart "
    "the green line is the SafeLives "
    "expected level and the black square the national rate (SafeLives).",
    sections=(
        Section(
            BY_LPA_TABLE,
            "marac/by_lpa",
            chart_value="per_10k_year",
            chart_title="Referrals a year per 10,000 adult women, by LPA",
            y_title="Per 10,000 a year",
            target_of="marac_per_10k",
        ),
    ),
)

SEX_OFFENDERS = Area(
    key="sex_offenders",
    title="Sex offender management",
    icon=":material/assignment_ind:",
    page="pages/sex_offenders.py",
    question="Are registered sex offenders' ARMS assessments, home visits and supervisory reviews done by the due "
    "dates in their own plans, and how many offenders does each offender manager hold?",
    extracts=("rso_caseload",),
    series=(
        Series(
            "sex_offenders/monthly",
            (
                backlog("rso_caseload", "Registered sex offenders managed", "caseload", "neutral"),
                backlog("rso_arms", "ARMS assessments overdue", "arms_overdue"),
                backlog("rso_visits", "Home visits overdue", "visits_overdue"),
                backlog("rso_reviews", "Supervisory reviews overdue", "reviews_overdue"),
                rate("rso_per_manager", "Offenders per offender manager", "caseload_per_manager", "lower_better"),
            ),
        ),
    ),
    # The overdue ARMS assessments (the cause of concern) first: the pack charts the first headline measure.
    headline=("rso_arms", "rso_visits", "rso_caseload", "rso_per_manager"),
    primary_key="rso_arms",
    marks={},
    caption="Counts are at the end of each window's last month. Overdue means past the due date set in that "
    "offender's own plan (there has been no national fixed visit frequency since 2017), with nothing done on or "
    "after it. Offenders per manager is the monthly average.",
    sections=(
        Section(
            "By risk level", "sex_offenders/by_risk", caption="The LPAs chosen, at the end of what was and what is."
        ),
        Section(
            BY_LPA_TABLE,
            "sex_offenders/by_lpa",
            chart_value="arms_overdue",
            chart_title="ARMS assessments overdue, by LPA",
            y_title="Overdue",
        ),
    ),
)

ONLINE_CHILD_ABUSE = Area(
    key="online_child_abuse",
    title="Online child abuse",
    icon=":material/child_care:",
    page="pages/online_child_abuse.py",
    question="Are online child sexual abuse cases enforced within the guide for their risk grade, is the queue "
    "awaiting enforcement short, and are children's services told in time?",
    extracts=("ocset_cases",),
    series=(
        Series(
            "online_child_abuse/monthly",
            (
                backlog("ocset_awaiting", "Cases awaiting enforcement at month end", "awaiting"),
                count("ocset_referrals", "Referrals per month", "referrals"),
                days("ocset_very_high_days", "Days to enforcement, very high risk (median)", "very_high_days"),
                days("ocset_high_days", "Days to enforcement, high risk (median)", "high_days"),
                days("ocset_medium_days", "Days to enforcement, medium risk (median)", "medium_days"),
                days("ocset_low_days", "Days to enforcement, low risk (median)", "low_days"),
            ),
        ),
        Series(
            "online_child_abuse/timeliness",
            (
                share(
                    "ocset_within_guide",
                    "Enforced within the guide for the risk grade",
                    "enforced_within_guide",
                    "enforced",
                    "higher_better",
                ),
                share(
                    "ocset_disclosed",
                    "Disclosures to children's services on time",
                    "disclosed_on_time",
                    "disclosures_needed",
                    "higher_better",
                ),
            ),
        ),
    ),
    headline=("ocset_high_days", "ocset_awaiting", "ocset_referrals"),
    primary_key="ocset_awaiting",
    marks={
        f"ocset_{grade.replace(' ', '_')}_days": Marks(guide_grade=grade)
        for grade in ("very high", "high", "medium", "low")
    },
    caption="The guide from referral to enforcement for each risk grade is HMICFRS's (2023 national inspection); "
    "the disclosure target is the force's own. A disclosure still not made counts as late.",
    sections=(
        Section(
            "Days to enforcement by risk grade",
            "online_child_abuse/by_grade",
            caption="Cases enforced in what was and what is, for the LPAs chosen, against the guide for each grade.",
        ),
        Section(
            "Disclosures before and after the deadline",
            "online_child_abuse/disclosure",
            caption="Cases referred up to and including the HMICFRS disclosure deadline and after it, "
            "where children's services had to be told.",
        ),
        Section(
            BY_LPA_TABLE,
            "online_child_abuse/by_lpa",
            chart_value="awaiting",
            chart_title="Cases awaiting enforcement, by LPA",
            y_title="Awaiting",
        ),
    ),
)

AREAS: tuple[Area, ...] = (INVESTIGATIONS, MARAC, SEX_OFFENDERS, ONLINE_CHILD_ABUSE, CALLS_AND_RESPONSE)


def area(key: str) -> Area:
    return next(a for a in AREAS if a.key == key)
