"""Demonstration outcomes at police.uk grain: outcome month x crime month x LSOA x crime type x outcome type.

Derived from the demonstration crimes of the same run, so the two agree: every crime whose last
outcome is not 'Under investigation' gets one outcome record, in its own month or a later one (a
truncated geometric delay, median under a month, as the Home Office reports a 14-day median to an
outcome). Real police.uk files can hold several outcome records per crime (a charge, then the court
result); the demonstration keeps one, the last.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing.demo import DEMO_LICENCE, FIRST_MONTH, LAST_MONTH, crime, month_end
from briefing.extracts import ExtractData

STILL_OPEN = ("", "Under investigation")
SAME_MONTH = 0.55  # chance an outcome is recorded in the month the crime was (invented)


def _delays(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """Months from crime to outcome: geometric, truncated so no outcome lies past the last month."""
    q = 1 - SAME_MONTH
    v = 1 - rng.random(len(age)) * (1 - q ** (age + 1))
    return np.clip(np.ceil(np.log(v) / np.log(q)) - 1, 0, age).astype(int)


def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 2])
    crimes = crime.generate(seed, scale)
    closed = crimes.frame[~crimes.frame["last_outcome_category"].isin(STILL_OPEN)]
    each = closed.loc[closed.index.repeat(closed["crimes"])]
    crime_month = pd.to_datetime(each["month"]).dt.to_period("M")
    age = (pd.Period(LAST_MONTH, "M") - crime_month).map(lambda offset: offset.n).to_numpy()
    outcome_month = (crime_month + _delays(rng, age)).dt.to_timestamp()
    records = pd.DataFrame({
        "month": outcome_month.dt.date.to_numpy(),
        "crime_month": each["month"].to_numpy(),
        "lsoa_code": each["lsoa_code"].to_numpy(),
        "lpa": each["lpa"].to_numpy(),
        "crime_type": each["crime_type"].to_numpy(),
        "outcome_type": each["last_outcome_category"].to_numpy(),
    })
    keys = list(records.columns)
    frame = records.groupby(keys).size().rename("outcomes").reset_index().sort_values(keys, ignore_index=True)
    return ExtractData(
        frame,
        source="Demonstration data at data.police.uk outcomes grain (briefing.demo.outcomes), "
        "derived from the demonstration crimes",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(LAST_MONTH),
        calibration=crimes.calibration,
        notes="Replace with real data: python -m briefing.ingest police-uk PATH. One outcome record per "
        "crime (its last outcome), recorded after a delay with a median under a month (invented).",
    )
