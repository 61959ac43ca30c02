"""Fixtures: a tiny data folder built in code, with hand-countable values.

Crimes, months Jan-Jun 2023 (the model change, April 2023, splits them 3 and 3):
- Birmingham (E08000025), every month: 10 burglaries, 2 'Awaiting court outcome' (charged) and
  8 'Investigation complete; no suspect identified'; plus 5 anti-social behaviour (not a crime).
- Coventry (E08000026), every month: 4 robberies, 1 'Local resolution' (brought to justice, not
  charged) and 3 'Under investigation'. From April 2023 Coventry has 8 robberies: 2 and 6.
- Solihull (E08000029): no rows at all (an empty LPA).
- One LSOA code is an injection string, to show it is only ever data.

Outcomes: each crime's last outcome is recorded in the month of the crime (Birmingham 2 charges and
8 no-suspect a month; Coventry 1, then 2, local resolutions; Coventry's open robberies have none),
plus in January one caution in Birmingham for a crime recorded before the data ('Not known').
Brought-to-justice outcomes a month: 4, 3, 3, then 4, 4, 4.

Arrests: Birmingham 30 burglary arrests a month, 40 from April; Coventry 10 robbery arrests a month.
Supervision: Birmingham allocates 10 burglaries a month, 5 with documented supervision (8 from
April), median 10 days to first review (6 from April); Coventry 4 robberies, 2 supervised, 4 days.

Calls (force-wide, no LPA), the same six months:
- 999 offered 100, 100, 200 then 100, 100, 200; answered within 10 s 60, 50, 130 (240 of 400: 60%)
  then 90, 95, 190 (375 of 400: 93.75%); abandoned 5, 10, 5 (5%) then 2, 1, 1 (1%); mean answer
  seconds 20, 30, 10 then 4, 5, 3.
- 101 offered 50 a month, 5 answered within 10 s; abandoned 10, 12, 8 (20%) then 5, 6, 4 (10%); mean
  answer seconds 600, 500, 400 then 100, 90, 80 (monthly means 500 then 90).
Incidents, every month: Birmingham 10 emergencies attended, 6, 5, 7 within target (then 8, 7, 9),
and 20 priority incidents (10 within target, never counted as emergencies); Coventry 5 emergencies, 2, 1, 3
within target (then 4, 3, 5); Solihull none. Force-wide emergencies within target: 24 of 45 (53.3%), then
36 of 45 (80%).

Public protection extracts (hand-worked results are in the tests that use them):
- marac_referrals: Birmingham victim V1 referred in Jan, Mar and May 2023 (the last two repeats),
  V2 in Jan 2022 and Feb 2023 (not a repeat: more than 12 months apart), V3 in Jun 2022 and Apr 2023
  (a repeat of a referral before the window); Coventry three first referrals in Jan 2023.
- rso_caseload: snapshots for Mar and Jun 2023 of four offenders (three Birmingham, one Coventry).
- ocset_cases: seven Birmingham and Coventry cases from Jan to Jun 2023, every risk grade.
The 2022 MARAC rows are history for repeats, so that extract declares no period_from (the
fixture's earliest month stays Jan 2023).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from briefing.config import REPO_DIR
from briefing.store import extracts
from briefing.store.extracts import ExtractData, read_manifest, write_extracts

BIRMINGHAM, COVENTRY, SOLIHULL = "E08000025", "E08000026", "E08000029"
INJECTION = "' or 1=1--"
FIXTURE_MONTHS = [date(2023, m, 1) for m in range(1, 7)]


# Parameters of every query, over the whole fixture window (Jan-Jun 2023, the model change in April).
WIDE = {
    "lpas": [BIRMINGHAM, COVENTRY, SOLIHULL],
    "force_lpas": [BIRMINGHAM, COVENTRY, SOLIHULL],
    "start": date(2023, 1, 1),
    "end": date(2023, 7, 1),
    "was_start": date(2023, 1, 1),
    "was_end": date(2023, 4, 1),
    "is_start": date(2023, 4, 1),
    "is_end": date(2023, 7, 1),
    "grades": ["very high", "high", "medium", "low"],
    "guide_days": [1, 7, 14, 30],
    "target_days": 7,
    "deadline": date(2023, 7, 31),
    "offence_group": "All crime (excluding fraud)",
    "basis": "closed",
    "topic": "999",
}


def crimes_frame() -> pd.DataFrame:
    rows = []
    for month in FIXTURE_MONTHS:
        after = month >= date(2023, 4, 1)
        rows += [
            (month, "E01000001", BIRMINGHAM, "Burglary", "Awaiting court outcome", 2),
            (month, "E01000001", BIRMINGHAM, "Burglary", "Investigation complete; no suspect identified", 8),
            (month, INJECTION, BIRMINGHAM, "Anti-social behaviour", "", 5),
            (month, "E01000002", COVENTRY, "Robbery", "Local resolution", 2 if after else 1),
            (month, "E01000002", COVENTRY, "Robbery", "Under investigation", 6 if after else 3),
        ]
    return pd.DataFrame(rows, columns=["month", "lsoa_code", "lpa", "crime_type", "last_outcome_category", "crimes"])


def outcomes_frame() -> pd.DataFrame:
    rows = [(date(2023, 1, 1), None, "E01000001", BIRMINGHAM, "Not known", "Offender given a caution", 1)]
    for month in FIXTURE_MONTHS:
        after = month >= date(2023, 4, 1)
        rows += [
            (month, month, "E01000001", BIRMINGHAM, "Burglary", "Awaiting court outcome", 2),
            (month, month, "E01000001", BIRMINGHAM, "Burglary", "Investigation complete; no suspect identified", 8),
            (month, month, "E01000002", COVENTRY, "Robbery", "Local resolution", 2 if after else 1),
        ]
    columns = ["month", "crime_month", "lsoa_code", "lpa", "crime_type", "outcome_type", "outcomes"]
    return pd.DataFrame(rows, columns=columns)


def arrests_frame() -> pd.DataFrame:
    rows = []
    for month in FIXTURE_MONTHS:
        after = month >= date(2023, 4, 1)
        rows += [(month, BIRMINGHAM, "Burglary", 40 if after else 30), (month, COVENTRY, "Robbery", 10)]
    return pd.DataFrame(rows, columns=["month", "lpa", "offence_group", "arrests"])


def supervision_frame() -> pd.DataFrame:
    rows = []
    for month in FIXTURE_MONTHS:
        after = month >= date(2023, 4, 1)
        rows += [
            (month, BIRMINGHAM, "Burglary", 10, 8 if after else 5, 6.0 if after else 10.0),
            (month, COVENTRY, "Robbery", 4, 2, 4.0),
        ]
    columns = [
        "month",
        "lpa",
        "crime_type",
        "crimes_allocated",
        "with_documented_supervision",
        "median_days_to_first_review",
    ]
    return pd.DataFrame(rows, columns=columns)


def calls_frame() -> pd.DataFrame:
    within_999 = [60, 50, 130, 90, 95, 190]
    abandoned_999 = [5, 10, 5, 2, 1, 1]
    seconds_999 = [20.0, 30.0, 10.0, 4.0, 5.0, 3.0]
    seconds_101 = [600.0, 500.0, 400.0, 100.0, 90.0, 80.0]
    abandoned_101 = [10, 12, 8, 5, 6, 4]
    rows = []
    for i, month in enumerate(FIXTURE_MONTHS):
        rows += [
            (month, "999", 200 if i in (2, 5) else 100, within_999[i], abandoned_999[i], seconds_999[i]),
            (month, "101", 50, 5, abandoned_101[i], seconds_101[i]),
        ]
    return pd.DataFrame(
        rows, columns=["month", "line", "offered", "answered_within_10s", "abandoned", "mean_answer_seconds"]
    )


def incidents_frame() -> pd.DataFrame:
    birmingham_within = [6, 5, 7, 8, 7, 9]
    coventry_within = [2, 1, 3, 4, 3, 5]
    rows = []
    for i, month in enumerate(FIXTURE_MONTHS):
        rows += [
            (month, BIRMINGHAM, "emergency", 10, birmingham_within[i]),
            (month, BIRMINGHAM, "priority", 20, 10),
            (month, COVENTRY, "emergency", 5, coventry_within[i]),
        ]
    return pd.DataFrame(rows, columns=["month", "lpa", "priority", "attended", "attended_within_target"])


def reference_extracts() -> dict[str, ExtractData]:
    outcomes = pd.read_csv(REPO_DIR / "data" / "police_uk_outcomes.csv", dtype=str, keep_default_na=False)
    outcomes = outcomes.replace({"true": True, "false": False})
    lookup = pd.DataFrame(
        [("E01000001", "Birmingham 001A", 2021, BIRMINGHAM), ("E01000002", "Coventry 001A", 2011, COVENTRY)],
        columns=["lsoa_code", "lsoa_name", "vintage", "lpa"],
    )
    population = pd.DataFrame(
        [(BIRMINGHAM, 2021, "adult_women", 400_000, "fixture"), (COVENTRY, 2021, "adult_women", 100_000, "fixture")],
        columns=["lpa", "year", "measure", "value", "source"],
    )
    figures = pd.DataFrame(
        [
            (
                "2023-24",
                date(2024, 3, 31),
                "999 calls received",
                810868.0,
                "calls",
                "fixture source",
                "https://example.org",
            ),
            ("2023-02", date(2023, 2, 28), "999 calls answered within 10s", 47.0, "percent", "fixture source", ""),
            ("standard", None, "999 calls answered within 10s (national standard)", 90.0, "percent", "fixture", ""),
            (
                "standard",
                None,
                "MARAC expected cases per 10k adult women",
                40.0,
                "per_10k",
                "fixture",
                "https://example.org",
            ),
            (
                "12 months to 2024-09-30",
                date(2024, 9, 30),
                "MARAC cases per 10k adult women (England and Wales)",
                47.0,
                "per_10k",
                "fixture",
                "https://example.org",
            ),
        ],
        columns=["period", "period_end", "measure", "value", "unit", "source", "url"],
    )
    return {
        "police_uk_outcomes": ExtractData(outcomes, "fixture", "OGL", demo=False),
        "lsoa_lpa": ExtractData(lookup, "fixture", "OGL", demo=False),
        "population": ExtractData(population, "fixture", "OGL", demo=False),
        "published_figures": ExtractData(figures, "fixture", "OGL", demo=False),
    }


def _dates(rows, columns, date_columns):
    frame = pd.DataFrame(rows, columns=columns)
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


MARAC_COLUMNS = [
    "referral_id",
    "victim_id",
    "lpa",
    "received_date",
    "source",
    "triaged_date",
    "decision_date",
    "decision",
    "heard_date",
    "info_shared_date",
]
RSO_COLUMNS = [
    "month",
    "offender_id",
    "lpa",
    "risk_level",
    "arms_due_date",
    "arms_completed_date",
    "visit_due_date",
    "last_visit_date",
    "review_due_date",
    "last_review_date",
    "offender_manager_id",
]
OCSET_COLUMNS = [
    "case_id",
    "lpa",
    "referral_date",
    "risk_grade",
    "enforcement_date",
    "disclosure_needed",
    "disclosure_date",
]


def marac_frame() -> pd.DataFrame:
    b, c = BIRMINGHAM, COVENTRY
    rows = [
        ("B1", "V1", b, "2023-01-10", "police", "2023-01-12", "2023-01-15", "accepted", "2023-02-03", "2023-01-20"),
        ("B2", "V2", b, "2022-01-05", "police", "2022-01-06", "2022-01-07", "accepted", "2022-01-20", "2022-01-10"),
        ("B3", "V2", b, "2023-02-01", "partner", "2023-02-03", "2023-02-05", "not accepted", None, None),
        ("B4", "V1", b, "2023-03-15", "partner", "2023-03-16", "2023-03-20", "accepted", "2023-04-05", "2023-03-25"),
        ("B5", "V3", b, "2022-06-01", "police", "2022-06-02", "2022-06-03", "accepted", "2022-06-20", "2022-06-05"),
        ("B6", "V3", b, "2023-04-10", "police", "2023-04-11", "2023-04-12", "accepted", "2023-05-01", "2023-04-14"),
        ("B7", "V1", b, "2023-05-20", "police", "2023-05-22", None, "pending", None, None),
    ] + [
        (
            f"C{i}",
            f"W{i}",
            c,
            "2023-01-05",
            "police",
            "2023-01-05",
            "2023-01-06",
            "accepted",
            "2023-01-19",
            "2023-01-06",
        )
        for i in (1, 2, 3)
    ]
    return _dates(rows, MARAC_COLUMNS, [c for c in MARAC_COLUMNS if c.endswith("_date")])


def rso_frame() -> pd.DataFrame:
    b, c = BIRMINGHAM, COVENTRY
    rows = [
        # March 2023 snapshot (as at 31 March).
        ("2023-03-01", "O1", b, "high", "2023-03-30", None, None, None, "2023-03-01", None, "OM1"),
        (
            "2023-03-01",
            "O2",
            b,
            "low",
            "2023-03-31",
            None,
            "2023-03-01",
            "2023-02-15",
            "2023-06-01",
            "2023-01-01",
            "OM1",
        ),
        (
            "2023-03-01",
            "O3",
            b,
            "medium",
            "2023-02-01",
            "2023-02-10",
            "2023-04-10",
            "2023-01-10",
            "2023-05-01",
            "2023-02-01",
            "OM2",
        ),
        (
            "2023-03-01",
            "O4",
            c,
            "very high",
            "2023-01-15",
            "2022-07-15",
            "2023-03-20",
            "2023-03-22",
            "2023-04-15",
            "2023-01-15",
            "OM3",
        ),
        # June 2023 snapshot (as at 30 June).
        ("2023-06-01", "O1", b, "high", "2023-09-30", "2023-04-02", None, None, "2023-09-01", "2023-04-03", "OM1"),
        (
            "2023-06-01",
            "O2",
            b,
            "low",
            "2023-03-31",
            None,
            "2023-09-01",
            "2023-06-01",
            "2023-07-01",
            "2023-04-01",
            "OM1",
        ),
        (
            "2023-06-01",
            "O3",
            b,
            "medium",
            "2024-02-01",
            "2023-02-10",
            "2023-07-10",
            "2023-04-10",
            "2023-08-01",
            "2023-05-01",
            "OM2",
        ),
        (
            "2023-06-01",
            "O4",
            c,
            "very high",
            "2023-07-15",
            "2023-04-01",
            "2023-07-20",
            "2023-06-20",
            "2023-07-15",
            "2023-04-15",
            "OM3",
        ),
    ]
    return _dates(rows, RSO_COLUMNS, [c for c in RSO_COLUMNS if c == "month" or c.endswith("_date")])


def ocset_frame() -> pd.DataFrame:
    b, c = BIRMINGHAM, COVENTRY
    rows = [
        ("K1", b, "2023-01-10", "very high", "2023-01-11", True, "2023-01-12"),
        ("K2", b, "2023-01-20", "high", "2023-02-10", True, "2023-02-20"),
        ("K3", b, "2023-02-05", "medium", "2023-02-15", False, None),
        ("K4", b, "2023-03-01", "low", None, False, None),
        ("K5", c, "2023-06-01", "high", None, False, None),
        ("K6", b, "2023-04-03", "low", "2023-05-08", True, "2023-04-06"),
        ("K7", c, "2023-05-10", "medium", "2023-05-20", True, "2023-05-12"),
    ]
    return _dates(rows, OCSET_COLUMNS, ["referral_date", "enforcement_date", "disclosure_date"])


def protection_extracts() -> dict[str, ExtractData]:
    return {
        "marac_referrals": ExtractData(marac_frame(), "fixture", "demo", demo=True, data_through=date(2023, 6, 30)),
        "rso_caseload": ExtractData(
            rso_frame(), "fixture", "demo", demo=True, period_from=date(2023, 3, 1), data_through=date(2023, 6, 30)
        ),
        "ocset_cases": ExtractData(
            ocset_frame(), "fixture", "demo", demo=True, period_from=date(2023, 1, 1), data_through=date(2023, 6, 30)
        ),
    }


def public_extracts() -> dict[str, ExtractData]:
    """Real-public-data fixtures, hand-countable. Three forces (West Midlands, Greater Manchester, a
    peer, and Kent), eight quarters from Jul 2021, all crime only: West Midlands 100 a quarter, 80
    from Jul 2022; Greater Manchester 100; Kent 50; populations 1,000,000, 1,000,000 and 500,000
    (so 0.4, then 0.32, per 1,000 a year for West Midlands, 0.4 throughout for the other two). Outcomes: sexual
    offences charged 5 of 100 (West Midlands) and 10 of 100 (Greater Manchester). Officers 100 in
    2010, 90 in 2025. Birmingham's partnership total 100 (2023) and 90 (2024). police.uk street
    crime: Birmingham 10 burglaries a month, Jan to Jun 2023, February flagged partial."""
    quarters = [
        date(2021, 7, 1),
        date(2021, 10, 1),
        date(2022, 1, 1),
        date(2022, 4, 1),
        date(2022, 7, 1),
        date(2022, 10, 1),
        date(2023, 1, 1),
        date(2023, 4, 1),
    ]
    crime = pd.DataFrame(
        [(q, "West Midlands", "All crime (excluding fraud)", 80 if q >= date(2022, 7, 1) else 100) for q in quarters]
        + [(q, "Greater Manchester", "All crime (excluding fraud)", 100) for q in quarters]
        + [(q, "Kent", "All crime (excluding fraud)", 50) for q in quarters],
        columns=["quarter", "force", "offence_group", "crimes"],
    )
    population = pd.DataFrame(
        [
            ("West Midlands", "E23000014", 1_000_000),
            ("Greater Manchester", "E23000005", 1_000_000),
            ("Kent", "E23000032", 500_000),
        ],
        columns=["force", "pfa_code", "population"],
    )
    outcomes = pd.DataFrame(
        [
            ("West Midlands", "Sexual offences", 1, "Charged/Summonsed", 5),
            ("West Midlands", "Sexual offences", 0, "Not yet assigned an outcome", 95),
            ("Greater Manchester", "Sexual offences", 1, "Charged/Summonsed", 10),
            ("Greater Manchester", "Sexual offences", 0, "Not yet assigned an outcome", 90),
        ],
        columns=["force", "offence_group", "outcome_type", "outcome_group", "outcomes"],
    )
    officers = pd.DataFrame(
        [("West Midlands", date(2010, 3, 31), 100.0, "fixture"), ("West Midlands", date(2025, 3, 31), 90.0, "fixture")],
        columns=["force", "as_at", "officers_fte", "source"],
    )
    csp = pd.DataFrame(
        [
            (date(2023, 12, 31), BIRMINGHAM, "Birmingham", "Total recorded crime (excluding fraud)", 100),
            (date(2024, 12, 31), BIRMINGHAM, "Birmingham", "Total recorded crime (excluding fraud)", 90),
        ],
        columns=["year_ending", "area_code", "area_name", "offence", "crimes"],
    )
    street = pd.DataFrame(
        [(m, BIRMINGHAM, "Burglary", 10, m.month == 2) for m in FIXTURE_MONTHS],
        columns=["month", "lpa", "crime_type", "crimes", "partial"],
    )
    districts = pd.DataFrame(
        [
            ("E01000001", 2021, BIRMINGHAM, "Birmingham", "E23000014"),
            ("E01000002", 2011, COVENTRY, "Coventry", "E23000014"),
        ],
        columns=["lsoa_code", "vintage", "lad_code", "lad_name", "pfa_code"],
    )
    crime = pd.concat(
        [
            crime,
            pd.DataFrame(
                [
                    (q, f, group, 25)
                    for q in quarters
                    if date(2022, 4, 1) <= q < date(2023, 4, 1)
                    for f in ("West Midlands", "Greater Manchester")
                    for group in ("Robbery", "Sexual offences")
                ],
                columns=crime.columns,
            ),
        ],
        ignore_index=True,
    )
    frames = {
        "force_crime": crime,
        "force_population": population,
        "force_outcomes": outcomes,
        "force_officers": officers,
        "csp_crime": csp,
        "street_crime_lpa": street,
        "lsoa_district": districts,
    }
    frames |= outcome_series_extracts()
    return {name: ExtractData(frame, "fixture", "OGL", demo=False) for name, frame in frames.items()}


def outcome_series_extracts() -> dict[str, pd.DataFrame]:
    """Real-outcomes fixtures, hand-countable. Quarters Apr 2021 to Jan 2024, both bases alike: West
    Midlands 100 positive outcomes a quarter (50 charged) of 1,000 assigned, 130 (65 charged) from Apr
    2023; Greater Manchester 100 (50) throughout, its Jul 2021 quarter incomplete. By offence group,
    offences recorded in 2022/23 (25 robberies and 25 sexual offences a quarter each): robbery
    West Midlands 10 charged and 5 out of court, Greater Manchester 20 and 0; sexual offences 5 and
    10 charged. Arrests: West Midlands 1,200 in each of 2017/18 and 2018/19 (1.2 per 1,000 published),
    Greater Manchester 600 (0.6). Two quoted figures, each with its source."""
    rows = []
    for i in range(12):
        quarter = (pd.Timestamp(2021, 4, 1) + pd.DateOffset(months=3 * i)).date()
        for force in ("West Midlands", "Greater Manchester"):
            later = force == "West Midlands" and quarter >= date(2023, 4, 1)
            charged, positive = (65, 130) if later else (50, 100)
            for basis in ("closed", "recorded"):
                rows.append(
                    (
                        quarter,
                        force,
                        basis,
                        charged,
                        0,
                        0,
                        0,
                        0,
                        positive - charged,
                        0,
                        positive - charged,
                        positive,
                        1000,
                        force == "Greater Manchester" and i == 1,
                        0,
                        "",
                    )
                )
    quarterly = pd.DataFrame(
        rows,
        columns=[
            "quarter",
            "force",
            "basis",
            "charged",
            "youth_caution",
            "adult_caution",
            "penalty_notice",
            "cannabis_khat_warning",
            "community_resolution",
            "diversionary",
            "out_of_court",
            "positive",
            "assigned",
            "incomplete",
            "assigned_series",
            "note",
        ],
    )
    by_offence = pd.DataFrame(
        [(date(2022, 4, 1), "West Midlands", "Robbery", basis, 10, 5) for basis in ("closed", "recorded")]
        + [(date(2022, 4, 1), "Greater Manchester", "Robbery", basis, 20, 0) for basis in ("closed", "recorded")]
        + [(date(2022, 4, 1), "West Midlands", "Sexual offences", basis, 5, 0) for basis in ("closed", "recorded")]
        + [
            (date(2022, 4, 1), "Greater Manchester", "Sexual offences", basis, 10, 0)
            for basis in ("closed", "recorded")
        ],
        columns=["year_start", "force", "offence_group", "basis", "charged", "out_of_court"],
    )
    arrests = pd.DataFrame(
        [
            ("West Midlands", date(2017, 4, 1), 1200, None),
            ("West Midlands", date(2018, 4, 1), 1200, 1.2),
            ("Greater Manchester", date(2017, 4, 1), 600, None),
            ("Greater Manchester", date(2018, 4, 1), 600, 0.6),
        ],
        columns=["force", "year_start", "arrests", "published_per_1000"],
    )
    quoted = pd.DataFrame(
        [
            (
                "999",
                "share of 999 calls answered within 10s (WMP)",
                "2022-05",
                "47",
                "percent",
                "PCC press release",
                "https://example.org/999",
                "",
            ),
            (
                "rape",
                "rape charge share (WMP FOI)",
                "2021",
                "~1%",
                "mixed",
                "news citing WMP FOI",
                "https://example.org/rape",
                "",
            ),
        ],
        columns=["topic", "metric", "period", "value", "unit", "quoted_by", "url", "note"],
    )
    return {
        "force_outcomes_quarterly": quarterly,
        "force_outcomes_by_offence": by_offence,
        "force_arrests": arrests,
        "quoted_figures": quoted,
    }


def make_data_dir(directory: Path, extracts: dict[str, ExtractData] | None = None) -> Path:
    """A data folder with the repo's force.toml and events.csv, the reference and monthly fixtures."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("force.toml", "events.csv"):
        shutil.copy(REPO_DIR / "data" / name, directory / name)
    monthly = {
        "crimes": crimes_frame(),
        "outcomes": outcomes_frame(),
        "arrests": arrests_frame(),
        "crime_supervision": supervision_frame(),
        "calls": calls_frame(),
        "incidents": incidents_frame(),
    }
    fixtures = {
        name: ExtractData(
            frame, "fixture", "demo", demo=True, period_from=FIXTURE_MONTHS[0], data_through=date(2023, 6, 30)
        )
        for name, frame in monthly.items()
    }
    write_extracts(
        reference_extracts() | public_extracts() | fixtures | protection_extracts() | (extracts or {}), directory
    )
    return directory


def damaged(tmp_path, frame: pd.DataFrame, through=date(2023, 6, 30)):
    """A fixture folder whose crimes extract is `frame`, written around the contract's casts."""
    directory = make_data_dir(tmp_path / "data")
    entry = read_manifest(directory)["extracts"]["crimes"]
    path = directory / entry["file"]
    frame.to_parquet(path, index=False)
    manifest = read_manifest(directory)
    manifest["extracts"]["crimes"]["sha256"] = extracts.sha256(path)
    manifest["extracts"]["crimes"]["data_through"] = through.isoformat()
    extracts._atomic_write_bytes(directory / "manifest.json", json.dumps(manifest).encode())
    return directory, manifest["extracts"]["crimes"]


@pytest.fixture(scope="session")
def fixture_template(tmp_path_factory) -> Path:
    """The fixture data folder, written once a run (about a second); tests get a copy of it."""
    return make_data_dir(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def fixture_data(fixture_template, tmp_path, monkeypatch) -> Path:
    """A fixture data folder of the test's own, which it may write, the app pointed at it for the test.

    A fresh copy of the run's template (new files, so new modification times: the app's caches, keyed
    on the folder and its files, start cold as with a folder written for the test). A test that only
    reads takes `shared_fixture_data`."""
    directory = shutil.copytree(fixture_template, tmp_path / "data", copy_function=shutil.copy)
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    return directory


def _listing(directory: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir()}


@pytest.fixture(scope="session")
def _shared_folder(fixture_template, tmp_path_factory) -> Path:
    return shutil.copytree(fixture_template, tmp_path_factory.mktemp("shared") / "data", copy_function=shutil.copy)


@pytest.fixture
def shared_fixture_data(_shared_folder, monkeypatch) -> Path:
    """The fixture data folder one copy of which every test that only reads shares, the app pointed at it
    for the test. The app's caches key on the folder and its files' sizes and modification times, so
    these tests share warm caches, as the sessions of one server do. A test that writes to it fails
    (it would change what the others read): such a test takes `fixture_data`."""
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(_shared_folder))
    before = _listing(_shared_folder)
    yield _shared_folder
    assert _listing(_shared_folder) == before, "the test wrote to the shared fixture data: give it fixture_data"


@pytest.fixture(autouse=True, scope="session")
def separate_cache(tmp_path_factory):
    """The app's remembered validations go to a folder of the test run's own, not the repo's .cache."""
    os.environ["BRIEFING_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    # Refreshes and servers do not work out the common views by themselves (briefing.app.precomputed, about 10 s
    # on the fixtures), but in the tests of that (tests/test_views.py).
    os.environ["BRIEFING_VIEWS_AUTO"] = "0"


@pytest.fixture(scope="module")
def browser(server):
    """Debian's chromium through Playwright, for a browser test module's `server` fixture."""
    from playwright.sync_api import sync_playwright

    from tests.browsing import CHROMIUM_ARGS

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
