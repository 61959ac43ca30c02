"""Demonstration recorded crime at police.uk grain: month x LSOA x crime type x last outcome category.

Calibrated so that, as published, the year to June 2024 holds 323,197 crimes (10% down on the year
before), 12,189 burglaries (-12%), 8,122 robberies (-5%), 28,452 vehicle offences (-13%) and 3,236
thefts from the person (-28%). Everything else (LPA and LSOA spread, outcome mix, the rise in
charges after the model change) is invented to show how the app presents such data.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import duckdb
import numpy as np
import pandas as pd

from briefing.config import data_dir, load_force
from briefing.refresh.demo import (
    DEMO_LICENCE,
    FIRST_MONTH,
    last_month,
    month_end,
    months,
    published,
    seasonal,
    split_exact,
    stated,
)
from briefing.store.extracts import ExtractData, read_manifest

# Share of recorded crime (excluding anti-social behaviour) for types without a published figure.
OTHER_TYPE_SHARES = {
    "Violence and sexual offences": 0.47,
    "Public order": 0.10,
    "Criminal damage and arson": 0.08,
    "Other theft": 0.08,
    "Shoplifting": 0.065,
    "Drugs": 0.025,
    "Other crime": 0.03,
    "Possession of weapons": 0.012,
    "Bicycle theft": 0.008,
}
# police.uk type <- (published measure, its YE Jun 2024 change on the previous year, in %).
PUBLISHED_TYPES = {
    "Burglary": "burglary",
    "Robbery": "robbery",
    "Vehicle crime": "vehicle offences",
    "Theft from the person": "theft from the person",
}
ASB_PER_MONTH = 3000  # not calibrated: police.uk WMP months hold about 26,000-30,000 rows including ASB
# Relative crime rate per resident, by LPA (invented; Birmingham's centre draws more crime).
LPA_RATE = {
    "E08000025": 1.15,
    "E08000026": 1.0,
    "E08000027": 0.85,
    "E08000028": 1.05,
    "E08000029": 0.8,
    "E08000030": 1.0,
    "E08000031": 1.1,
}
# Share of crimes that reach charge or summons before the model change, by type (invented,
# in the range of the Home Office outcomes bulletin), and the rise after it (the force's claim).
CHARGE_SHARE = {
    "Violence and sexual offences": 0.06,
    "Public order": 0.07,
    "Criminal damage and arson": 0.04,
    "Other theft": 0.03,
    "Shoplifting": 0.16,
    "Drugs": 0.30,
    "Other crime": 0.08,
    "Possession of weapons": 0.35,
    "Bicycle theft": 0.02,
    "Burglary": 0.04,
    "Robbery": 0.07,
    "Vehicle crime": 0.02,
    "Theft from the person": 0.02,
}
OUTCOME_RISE_AFTER_MODEL = 1.33
COURT_RESULTS = (
    "Offender sent to prison",
    "Offender given suspended prison sentence",
    "Offender given community sentence",
    "Offender fined",
    "Offender given conditional discharge",
    "Defendant found not guilty",
    "Court result unavailable",
    "Offender otherwise dealt with",
    "Suspect charged as part of another case",
)
OUT_OF_COURT = {  # share of crimes, any type, before the model change
    "Offender given a caution": 0.012,
    "Local resolution": 0.02,
    "Offender given penalty notice": 0.003,
    "Offender given a drugs possession warning": 0.004,
}
NO_FURTHER_ACTION = {
    "Investigation complete; no suspect identified": 0.42,
    "Unable to prosecute suspect": 0.45,
    "Further investigation is not in the public interest": 0.05,
    "Action to be taken by another organisation": 0.04,
    "Formal action is not in the public interest": 0.02,
    "Status update unavailable": 0.02,
}


def _year_block(month: pd.Timestamp) -> int:
    """The year ending June that a month falls in (July 2023 - June 2024 -> 2024)."""
    return month.year + (1 if month.month >= 7 else 0)


def _annual_targets() -> tuple[dict[int, dict[str, int]], list[dict]]:
    """Integer crimes per type for each year ending June, calibrated where published."""
    total = published("total recorded crime", "YE Jun 2024")
    total_change = published("total recorded crime: change on the previous year", "YE Jun 2024")
    calibration = [total, total_change]
    year_2024 = {}
    year_2023 = {}
    for crime_type, measure in PUBLISHED_TYPES.items():
        level = published(measure, "YE Jun 2024")
        change = published(f"{measure}: change on the previous year", "YE Jun 2024")
        calibration += [level, change]
        year_2024[crime_type] = int(level["value"])
        year_2023[crime_type] = round(level["value"] / (1 + change["value"] / 100))
    totals = {2024: int(total["value"]), 2023: round(total["value"] / (1 + total_change["value"] / 100))}
    targets = {}
    for year, known in ((2024, year_2024), (2023, year_2023)):
        rest = split_exact(totals[year] - sum(known.values()), list(OTHER_TYPE_SHARES.values()))
        targets[year] = known | dict(zip(OTHER_TYPE_SHARES, rest.tolist()))
    # Outside the published years (assumptions, not calibration): 2% above 2023, then the 6% fall
    # published for the year to June 2025.
    change_2025 = published("total recorded crime excl. fraud: change on the previous year", "YE Jun 2025")
    calibration.append(change_2025)
    targets[2022] = {t: round(v * 1.02) for t, v in targets[2023].items()}
    targets[2021] = targets[2022]
    targets[2025] = {t: round(v * (1 + change_2025["value"] / 100)) for t, v in targets[2024].items()}
    # Later years stay at the year to June 2025 (an assumption), up to the generators' last month.
    for year in range(2026, _year_block(pd.Timestamp(last_month())) + 1):
        targets[year] = targets[2025]
    return targets, calibration


def _monthly_counts(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """Crimes per month and type: each year's total spread over its months by season and noise."""
    index = months()
    targets, _ = _annual_targets()
    rows = []
    years = sorted(targets)
    # Mid-point of each year ending June, as months since the first: the level is interpolated
    # between them, so years join smoothly while each year's total stays exact.
    midpoints = [(y - 1 - FIRST_MONTH.year) * 12 + (12 - FIRST_MONTH.month) + 0.5 for y in years]
    position = np.arange(len(index))
    for crime_type in targets[2024]:
        level = np.interp(position, midpoints, [targets[y][crime_type] for y in years])
        for year in years:
            in_year = np.array([_year_block(m) == year for m in index])
            if not in_year.any():
                continue
            weights = level[in_year] * seasonal(index[in_year], 0.06) * rng.normal(1, 0.03, in_year.sum())
            total = round(targets[year][crime_type] * scale * in_year.sum() / 12)
            for month, count in zip(index[in_year], split_exact(total, weights)):
                rows.append((month, crime_type, count))
    asb = rng.poisson(ASB_PER_MONTH * scale * seasonal(index, 0.15))
    rows += [(m, "Anti-social behaviour", c) for m, c in zip(index, asb)]
    return pd.DataFrame(rows, columns=["month", "crime_type", "crimes"])


def _lsoas(rng: np.random.Generator) -> pd.DataFrame:
    entry = read_manifest()["extracts"]["lsoa_lpa"]
    lsoas = (
        duckdb.connect()
        .execute(
            "select lsoa_code, lpa from read_parquet($path) where vintage = 2021 order by lsoa_code",
            {"path": str(data_dir() / entry["file"])},
        )
        .df()
    )
    lsoas["weight"] = rng.lognormal(0, 0.7, len(lsoas)) * lsoas["lpa"].map(LPA_RATE)
    return lsoas


def still_open_share(age):
    """Share of a month's crimes without an outcome when the data are `age` months old (invented)."""
    return 0.03 + 0.6 * np.exp(-np.asarray(age) / 2.5)


def _outcome_shares(crime_type: str, month: pd.Timestamp, model_change: date) -> dict[str, float]:
    """Last-outcome mix for crimes of one type recorded in one month, given how long ago that was."""
    age = (last_month().year - month.year) * 12 + last_month().month - month.month
    rise = OUTCOME_RISE_AFTER_MODEL if month.date() >= model_change else 1.0
    still_open = still_open_share(age)
    charged = CHARGE_SHARE[crime_type] * rise * (1 - still_open)
    shares = {"Under investigation": still_open}
    awaiting = 0.7 if age < 4 else 0.12
    shares["Awaiting court outcome"] = charged * awaiting
    for result in COURT_RESULTS:
        shares[result] = charged * (1 - awaiting) / len(COURT_RESULTS)
    out_of_court = {k: v * rise * (1 - still_open) for k, v in OUT_OF_COURT.items()}
    shares |= out_of_court
    closed = 1 - sum(shares.values())
    shares |= {k: v * closed for k, v in NO_FURTHER_ACTION.items()}
    return shares


# Cached: outcomes and supervision are derived from the crimes of the same run, so they agree.
@cache
def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 1])
    model_change = load_force().model_change
    counts = _monthly_counts(rng, scale)
    lsoas = _lsoas(rng)
    p_lsoa = (lsoas["weight"] / lsoas["weight"].sum()).to_numpy()
    parts = []
    for row in counts.itertuples():
        per_lsoa = rng.multinomial(row.crimes, p_lsoa)
        present = per_lsoa > 0
        if row.crime_type == "Anti-social behaviour":
            outcomes, by_outcome = [""], per_lsoa[present][:, None]
        else:
            shares = _outcome_shares(row.crime_type, row.month, model_change)
            outcomes = list(shares)
            probs = np.array(list(shares.values()))
            by_outcome = rng.multinomial(per_lsoa[present], probs / probs.sum())
        cells = pd.DataFrame(by_outcome, columns=outcomes)
        cells["lsoa_code"] = lsoas["lsoa_code"].to_numpy()[present]
        cells["lpa"] = lsoas["lpa"].to_numpy()[present]
        long = cells.melt(id_vars=["lsoa_code", "lpa"], var_name="last_outcome_category", value_name="crimes")
        long = long[long["crimes"] > 0]
        long.insert(0, "month", row.month)
        long.insert(3, "crime_type", row.crime_type)
        parts.append(long)
    frame = pd.concat(parts, ignore_index=True).sort_values(
        ["month", "lsoa_code", "crime_type", "last_outcome_category"], ignore_index=True
    )
    _, calibration = _annual_targets()
    calibration.append(stated("Outcomes rose by about a third after April 2023", OUTCOME_RISE_AFTER_MODEL))
    return ExtractData(
        frame,
        source="Demonstration data at data.police.uk street-level grain (briefing.refresh.demo.crime)",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=calibration,
        notes="Replace with real data: python -m briefing.refresh.ingest police-uk PATH. Anti-social behaviour "
        "is not calibrated. Outcomes of recent months are still being recorded, as in real police.uk data.",
    )
