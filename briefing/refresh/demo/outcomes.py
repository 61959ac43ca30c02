"""Demonstration outcomes at police.uk grain: outcome month x crime month x LSOA x crime type x outcome type.

Derived from the demonstration crimes of the same run, so the two agree: every crime whose last
outcome is not 'Under investigation' gets one outcome record, in its own month or a later one, with
delays following the same maturity curve the crimes use (so a month's outcomes are complete once
its crimes are). Real police.uk files can hold several outcome records per crime (a charge, then
the court result); the demonstration keeps one, the last. As in a real ingest, outcomes in the first
months include some for crimes recorded before the first month of data: their crime month is null
and their crime type 'Not known' (the demonstration copies them from the first year, a year earlier).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing.refresh.demo import DEMO_LICENCE, FIRST_MONTH, crime, last_month, month_end
from briefing.store.contracts import NOT_KNOWN
from briefing.store.extracts import ExtractData

STILL_OPEN = ("", "Under investigation")


def _records(rng: np.random.Generator, closed: pd.DataFrame) -> pd.DataFrame:
    """Outcome records of some crime cells, counted by outcome month, crime month, LSOA, LPA, crime
    type and outcome type; with the copies, a year earlier, that stand for crimes recorded before
    the first month."""
    each = closed.loc[closed.index.repeat(closed["crimes"])]
    crime_month = pd.to_datetime(each["month"]).dt.to_period("M")
    age = (pd.Period(last_month(), "M") - crime_month).map(lambda offset: offset.n).to_numpy()
    outcome_month = crime_month + _delays(rng, age)
    records = pd.DataFrame(
        {
            "month": outcome_month.dt.to_timestamp().to_numpy(),
            "crime_month": pd.to_datetime(each["month"]).to_numpy(),
            "lsoa_code": each["lsoa_code"].to_numpy(),
            "lpa": each["lpa"].to_numpy(),
            "crime_type": each["crime_type"].to_numpy(),
            "outcome_type": each["last_outcome_category"].to_numpy(),
        }
    )
    first = pd.Timestamp(FIRST_MONTH)
    earlier = records[(records["crime_month"] < first + pd.DateOffset(years=1))].assign(
        month=lambda f: f["month"] - pd.DateOffset(years=1), crime_month=pd.NaT, crime_type=NOT_KNOWN
    )
    records = pd.concat([records, earlier[earlier["month"] >= first]], ignore_index=True)
    return records.groupby(list(records.columns), dropna=False, observed=True).size().rename("outcomes").reset_index()


def _delays(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """Months from crime to outcome for crimes closed by `age` months: drawn from the crimes' own
    maturity curve, truncated at the crime's age so no outcome lies past the last month."""
    closed_by = 1 - crime.still_open_share(np.arange(age.max() + 1))
    return np.searchsorted(closed_by, rng.random(len(age)) * closed_by[age])


CHUNK = 200_000  # crime cells expanded to one record per crime at a time, so national volume fits in memory


def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 2])
    crimes = crime.generate(seed, scale)
    closed = crimes.frame[~crimes.frame["last_outcome_category"].isin(STILL_OPEN)]
    # Text columns as categories: at national volume (about 30 million rows) plain strings do not fit.
    closed = closed.astype({c: "category" for c in ("lsoa_code", "lpa", "crime_type", "last_outcome_category")})
    # Chunk by chunk in order, drawing from the one generator: the same records as in one go.
    parts = [_records(rng, closed.iloc[start : start + CHUNK]) for start in range(0, len(closed), CHUNK)]
    keys = ["month", "crime_month", "lsoa_code", "lpa", "crime_type", "outcome_type"]
    frame = pd.concat(parts, ignore_index=True).groupby(keys, dropna=False, observed=True)["outcomes"].sum()
    frame = frame.reset_index().sort_values(keys, ignore_index=True, na_position="first")
    frame = frame.astype({c: str for c in ("lsoa_code", "lpa", "crime_type", "outcome_type")})
    frame["month"] = frame["month"].dt.date
    frame["crime_month"] = frame["crime_month"].dt.date
    return ExtractData(
        frame,
        source="Demonstration data at data.police.uk outcomes grain (briefing.refresh.demo.outcomes), "
        "derived from the demonstration crimes",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=crimes.calibration,
        notes="Replace with real data: python -m briefing.refresh.ingest police-uk PATH. One outcome record per "
        "crime (its last outcome), recorded after a delay that follows the crimes' maturity curve.",
    )
