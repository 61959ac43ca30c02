"""Demonstration supervision of crime investigations: month x LPA x crime type.

Crimes allocated are a share of the demonstration crimes of the same run (so volumes carry their
calibration to published recorded crime). The force told HMICFRS that documented supervisory
oversight is below where it wants it but gave no figure, so the supervision levels and review times
here are invented: about half of allocated crimes show a documented review before the new model,
rising to about 70% by the latest month, with the median wait for a first review falling from
about 12 days to about 7.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing.config import load_force
from briefing.refresh.demo import DEMO_LICENCE, FIRST_MONTH, crime, last_month, month_end
from briefing.store.extracts import ExtractData

ALLOCATED = 0.55  # share of recorded crimes allocated to an investigator (invented)
SUPERVISED_BEFORE, SUPERVISED_LATEST = 0.50, 0.70
DAYS_BEFORE, DAYS_LATEST = 12.0, 7.0


def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 4])
    crimes = crime.generate(seed, scale)
    recorded = crimes.frame[crimes.frame["crime_type"] != "Anti-social behaviour"]
    cells = recorded.groupby(["month", "lpa", "crime_type"], as_index=False)["crimes"].sum()
    model_month = pd.Timestamp(load_force().model_change.replace(day=1))
    month = pd.to_datetime(cells["month"])
    progress = ((month - model_month).dt.days / (pd.Timestamp(last_month()) - model_month).days).clip(0, 1)
    supervised = SUPERVISED_BEFORE + (SUPERVISED_LATEST - SUPERVISED_BEFORE) * progress
    days = DAYS_BEFORE + (DAYS_LATEST - DAYS_BEFORE) * progress
    cells["crimes_allocated"] = rng.binomial(cells["crimes"], ALLOCATED)
    cells["with_documented_supervision"] = rng.binomial(cells["crimes_allocated"], supervised.clip(0, 1))
    cells["median_days_to_first_review"] = np.round(2 * days * rng.lognormal(0, 0.15, len(cells))) / 2
    frame = cells[cells["crimes_allocated"] > 0].drop(columns="crimes").reset_index(drop=True)
    return ExtractData(
        frame,
        source="Demonstration data (briefing.refresh.demo.supervision), derived from the demonstration crimes",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=crimes.calibration[:1],
        notes="Allocation share, supervision levels and review times are invented: the force says documented "
        "supervision is below where it wants it but published no figure.",
    )
