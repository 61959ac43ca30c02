"""Demonstration arrests: month x LPA x offence group.

Calibrated to the force's statement that arrests rose from about 3,200 a month to about 4,200 a
month after the new operating model (April 2023): a claim, shown as the app would present it, not
verified. The rise is spread over the model's first three months; LPA shares follow resident
population (ONS mid-2024) and the offence mix is invented.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from briefing.config import data_dir, load_force
from briefing.refresh.demo import DEMO_LICENCE, FIRST_MONTH, last_month, month_end, months, seasonal, stated
from briefing.refresh.demo.crime import LPA_RATE
from briefing.store.contracts import OFFENCE_GROUPS
from briefing.store.extracts import ExtractData, read_manifest

BEFORE, AFTER, RAMP_MONTHS = 3200, 4200, 3
OFFENCE_SHARES = (0.36, 0.05, 0.04, 0.06, 0.12, 0.06, 0.12, 0.04, 0.08, 0.07)  # invented, in OFFENCE_GROUPS order


def _lpa_weights() -> pd.Series:
    entry = read_manifest()["extracts"]["population"]
    population = (
        duckdb.connect()
        .execute(
            "select lpa, value from read_parquet($path) where measure = 'persons' "
            "and year = (select max(year) from read_parquet($path) where measure = 'persons') order by lpa",
            {"path": str(data_dir() / entry["file"])},
        )
        .df()
        .set_index("lpa")["value"]
    )
    return population * population.index.map(LPA_RATE)


def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 3])
    model_month = pd.Timestamp(load_force().model_change.replace(day=1))
    index = months()
    since = np.array([(m.year - model_month.year) * 12 + m.month - model_month.month for m in index])
    level = BEFORE + (AFTER - BEFORE) * np.clip((since + 1) / RAMP_MONTHS, 0, 1)
    totals = rng.poisson(level * scale * seasonal(index, 0.04) * rng.normal(1, 0.025, len(index)))
    lpas = _lpa_weights()
    cells = [(lpa, group) for lpa in lpas.index for group in OFFENCE_GROUPS]
    p = np.outer(lpas / lpas.sum(), OFFENCE_SHARES).ravel()
    rows = [
        (month.date(), lpa, group, count)
        for month, total in zip(index, totals)
        for (lpa, group), count in zip(cells, rng.multinomial(total, p / p.sum()))
    ]
    return ExtractData(
        pd.DataFrame(rows, columns=["month", "lpa", "offence_group", "arrests"]),
        source="Demonstration data (briefing.refresh.demo.arrests)",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=[
            stated("Arrests a month before the new operating model (about)", BEFORE),
            stated("Arrests a month after the new operating model (about)", AFTER),
        ],
        notes="LPA shares follow ONS mid-2024 resident population; offence mix and month-to-month "
        "variation are invented.",
    )
