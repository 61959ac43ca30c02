"""Tables and CSVs for people: plain-English headers, LPA names, months as "Apr 2023", shares as
percentages, sensible rounding, "<5" and "[c]" where suppressed (never blank, never "None"), and
every CSV carrying its view (LPA, both windows with their dates, data as at) in columns and file name.

Column names are turned into headers here, once, for every table and download in the app.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from briefing import protect
from briefing.config import Force
from briefing.view import View

# Column name -> header. A column not listed gets its name with underscores as spaces, capitalised.
HEADERS = {
    "month": "Month",
    "lpa": "Local Policing Area",
    "lpa_name": "Local Policing Area",
    "window_label": "Window",
    "area_code": "Area code",
    "area_name": "Area",
    "as_at": "As at",
    "change_pct": "Change",
    "charged": "Charged",
    "crimes": "Crimes",
    "force": "Force",
    "offence": "Offence",
    "offence_group": "Offence group",
    "offences": "Offences",
    "officers_fte": "Officers (full-time equivalent)",
    "partial": "Partial month",
    "pfa_code": "Police force area code",
    "population": "Population",
    "quarter": "Quarter",
    "ye_dec_2023": "Year ending Dec 2023",
    "ye_dec_2024": "Year ending Dec 2024",
    "date": "Date",
    "event": "Event",
    "source_title": "Source",
    "source_url": "Source link",
    "crime_type": "Crime type",
    "outcome_group": "Outcome group",
    "risk_level": "Risk level",
    "risk_grade": "Risk grade",
    "priority": "Priority",
    "crimes_recorded": "Crimes recorded",
    "crimes_per_month": "Crimes recorded per month",
    "charge_summons": "Charged or summonsed",
    "charge_rate": "Charge/summons rate",
    "brought_to_justice": "Brought to justice",
    "btj_outcomes": "Brought to justice outcomes",
    "btj_outcomes_per_month": "Brought to justice outcomes per month",
    "btj_rate": "Brought to justice rate",
    "outcomes_per_month": "Outcomes per month",
    "outcomes_recorded": "Outcomes recorded",
    "outcomes": "Outcomes",
    "arrests": "Arrests",
    "arrests_per_month": "Arrests per month",
    "crimes_allocated": "Crimes allocated",
    "with_documented_supervision": "With documented supervision",
    "supervised_pct": "With documented supervision (%)",
    "days_to_first_review": "Days to first review (median)",
    "maturing": "Outcomes still maturing",
    "calls_999_offered": "999 calls offered",
    "calls_999_within_10s": "999 calls answered within 10 s",
    "calls_999_abandoned": "999 calls abandoned",
    "calls_999_mean_answer_seconds": "999 mean answer time (s)",
    "calls_101_offered": "101 calls offered",
    "calls_101_abandoned": "101 calls abandoned",
    "calls_101_mean_answer_seconds": "101 mean answer time (s)",
    "emergency_attended": "Emergency incidents attended",
    "emergency_within_target": "Attended within target",
    "attended": "Attended",
    "within_target": "Attended within target",
    "within_target_rate": "Within target (%)",
    "referrals": "Referrals",
    "referrals_per_month": "Referrals per month",
    "per_10k_year": "Referrals a year per 10,000 adult women",
    "repeats": "Repeat referrals",
    "repeat_pct": "Repeat referrals (%)",
    "police_referrals": "Referrals from police",
    "police_pct": "Referrals from police (%)",
    "backlog": "Awaiting a hearing at month end",
    "triage_days": "Days to triage (median)",
    "decision_days": "Days to decision (median)",
    "sharing_days": "Days to sharing (median)",
    "caseload": "Offenders managed",
    "offenders": "Offenders",
    "arms_overdue": "ARMS assessments overdue",
    "visits_overdue": "Home visits overdue",
    "reviews_overdue": "Supervisory reviews overdue",
    "offender_managers": "Offender managers",
    "caseload_per_manager": "Offenders per offender manager",
    "awaiting": "Awaiting enforcement at month end",
    "enforced": "Enforced",
    "enforced_within_guide": "Enforced within the guide",
    "within_guide_pct": "Enforced within the guide (%)",
    "disclosures_needed": "Disclosures needed",
    "disclosed_on_time": "Disclosed on time",
    "on_time_pct": "Disclosed on time (%)",
    "median_days": "Days (median)",
    "guide_days": "Guide (days)",
    "very_high_days": "Days to enforcement, very high risk (median)",
    "high_days": "Days to enforcement, high risk (median)",
    "medium_days": "Days to enforcement, medium risk (median)",
    "low_days": "Days to enforcement, low risk (median)",
    # Hidden counts (the cases behind a median): never shown, but named in case a table ever carries one.
    "very_high_enforced": "Enforced, very high risk",
    "high_enforced": "Enforced, high risk",
    "medium_enforced": "Enforced, medium risk",
    "low_enforced": "Enforced, low risk",
    "triaged": "Triaged",
    "decided": "Decided",
    "shared": "Shared with partners",
    "phase": "Phase",
    "centre": "Mean",
    "lower": "Lower limit",
    "upper": "Upper limit",
    "signal": "Special cause",
    "gap": "Not drawn because",
    "suppression_note": "Note on small numbers",
    "data_status": "Data status",
    "value": "Value",
    "label": "Label",
    "period": "Period",
    "unit": "Unit",
    "url": "Source link",
    "measure": "Measure",
    "kind": "Kind",
    "period_end": "Period end",
    "source": "Source",
    "referral_id": "Referral",
    "victim_id": "Victim (pseudonymous)",
    "received_date": "Received",
    "triaged_date": "Triaged",
    "decision_date": "Decided",
    "decision": "Decision",
    "heard_date": "Heard at MARAC",
    "info_shared_date": "Shared with partners",
    "is_repeat": "Repeat referral",
    "still_open": "Still open",
    "repeat_known": "Repeat status known",
    "offender_id": "Offender (pseudonymous)",
    "offender_manager_id": "Offender manager",
    "visit_overdue": "Home visit overdue",
    "review_overdue": "Supervisory review overdue",
    "within_guide": "Within the guide",
    "assigned": "Outcomes assigned",
    "assigned_series": "Outcomes assigned (series)",
    "incomplete": "Incomplete quarter",
    "metric": "Figure",
    "note": "Note",
    "out_of_court": "Out-of-court outcomes",
    "positive": "Positive outcomes (charges and out-of-court)",
    "published_per_1000": "Arrests per 1,000 people",
    "quoted_by": "Quoted by",
    "year_start": "Financial year starting",
}
# Columns holding a share from 0 to 1, shown as a percentage.
SHARE = re.compile(r"(_rate|_pct|_share)$")
MISSING = "n/a"
DERIVED_MARK = protect.CENSORED_MARK  # a figure worked out from a count shown as "<5", so withheld with it


def header(column: str) -> str:
    # Only the first letter is raised: "What was (Jul 2020 to Mar 2023)" keeps its months' capitals.
    text = column.replace("_", " ")
    return HEADERS.get(column, text[:1].upper() + text[1:])


def _number(number: float, share: bool) -> str:
    if number != number:  # NaN
        return MISSING
    if share:
        return f"{number:.1%}"
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def _cell(value, share: bool) -> str:
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return MISSING
    if isinstance(value, (pd.Timestamp, date)):
        return f"{value:%-d %b %Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _number(float(value), share)


def _texts(values: pd.Series, share: bool) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        # A plain loop over floats: a table is formatted on every rerun of its page.
        return pd.Series([_number(v, share) for v in values.to_numpy(float)], index=values.index)
    return values.map(lambda v: _cell(v, share))


def for_people(frame: pd.DataFrame, force: Force) -> pd.DataFrame:
    """A copy of a frame as a person reads it: every value a string, headers in plain English.

    A protected frame (`db.protected`) first has its blank counts marked "<5" (`protect.marked`);
    any other value blanked in a row so marked (a figure worked out from the count) reads "[c]", any
    other missing value "n/a". Marks already in the frame are kept as they are."""
    frame = protect.marked(frame)
    out = {}
    noted = frame["suppression_note"].fillna("").ne("") if "suppression_note" in frame else None
    for column in frame.columns:
        values = frame[column]
        if column == "lpa":
            text = values.map(lambda code: force.lpa_name(code) if isinstance(code, str) else MISSING)
        elif column == "month" or (pd.api.types.is_datetime64_any_dtype(values) and column != "date"):
            text = pd.to_datetime(values).map(lambda m: MISSING if pd.isna(m) else f"{m:%b %Y}")
        else:
            text = _texts(values, bool(SHARE.search(column)))
            if noted is not None and column != "suppression_note":
                text = text.mask(noted & values.isna(), DERIVED_MARK)
        out[header(column)] = text.to_numpy(dtype=object)
    return pd.DataFrame(out, columns=list(out))


def with_view(frame: pd.DataFrame, view: View, latest: date) -> pd.DataFrame:
    """The view (briefing.view.View) a CSV was downloaded in, as leading columns: LPA, both windows with
    dates, data as at."""
    columns = {
        "Area": view.lpa_label,
        "What was": view.was.label(),
        "What is": view.is_.label(),
        "Data as at": f"{latest:%b %Y}",
    }
    return pd.concat([pd.DataFrame(columns, index=frame.index), frame], axis=1)


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, for file names: "By LPA, what was" -> "by-lpa-what-was"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_name(stem: str, view: View, latest: date, demo: bool) -> str:
    """e.g. marac-by-lpa-Birmingham-was-2021-04-to-2023-03-is-2023-04-to-2025-03-data-to-2025-03.csv"""
    where = "force-wide" if view.force_wide else "-".join(view.force.lpa_name(c) for c in view.lpas)
    windows = "-".join(
        f"{name}-{window.start:%Y-%m}-to-{window.last:%Y-%m}" for name, window in (("was", view.was), ("is", view.is_))
    )
    name = f"{stem}-{where}-{windows}-data-to-{latest:%Y-%m}{'-DEMONSTRATION' if demo else ''}.csv"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name)
