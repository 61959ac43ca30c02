"""Demonstration registered sex offender caseload: a snapshot per month per offender.

Calibrated to the MAPPA figure of 3,655 registered sex offenders in the West Midlands on 31 March
2021 (144 per 100,000), growing slowly to about 3,900; and to the force's statement that outstanding
risk assessments fell by 58% between April and November 2023 (a force claim). Risk mix, review
cycles, overdue visits and reviews and the number of offender managers are invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing.refresh.demo import (
    DEMO_LICENCE,
    FIRST_MONTH,
    last_month,
    lpa_weights,
    month_end,
    months,
    published,
    stated,
)
from briefing.store.extracts import ExtractData

RISK_SHARES = {"very high": 0.02, "high": 0.14, "medium": 0.34, "low": 0.50}
# Days between ARMS assessments and between visits by risk level: an assumption standing in for each
# offender's own plan (there is no national fixed frequency).
ARMS_CYCLE = {"very high": 91, "high": 182, "medium": 365, "low": 365}
VISIT_CYCLE = {"very high": 30, "high": 91, "medium": 182, "low": 365}
REVIEW_CYCLE = 182
REACTIVE_SHARE_OF_LOW = 0.4  # low-risk offenders managed reactively: no planned visits
MONTHLY_EXIT = 0.011
NET_GROWTH_PER_MONTH = 5
ASSESSMENT_FALL = 0.58  # outstanding risk assessments, April to November 2023 (force statement)
CASELOAD_PER_MANAGER = {"before": 62, "after": 52}


def _overdue_share(index: pd.DatetimeIndex, start: float, peak: float, end: float, fall: float) -> np.ndarray:
    """Share overdue each month: rising to April 2023, then falling by `fall` by November 2023."""
    position = np.arange(len(index), dtype=float)
    april, november = (index.get_loc(pd.Timestamp(f"2023-{m:02d}-01")) for m in (4, 11))
    return np.interp(position, [0, april, november, len(index) - 1], [start, peak, peak * (1 - fall), end])


def _population(rng: np.random.Generator, scale: float, first: int, weights: pd.Series):
    """Offenders on the register each month: ids, LPA, risk level; leavers replaced, slow growth."""
    lpas, levels = list(weights.index), list(RISK_SHARES)
    serial = 0

    def join(k: int) -> pd.DataFrame:
        nonlocal serial
        ids = [f"R{serial + i + 1:06d}" for i in range(k)]
        serial += k
        return pd.DataFrame(
            {
                "offender_id": ids,
                "lpa": rng.choice(lpas, k, p=weights.to_numpy()),
                "risk_level": rng.choice(levels, k, p=list(RISK_SHARES.values())),
                "reactive": rng.random(k) < REACTIVE_SHARE_OF_LOW,
            }
        )

    register = join(round(first * scale))
    for _ in months():
        yield register
        stay = rng.random(len(register)) >= MONTHLY_EXIT
        joiners = (len(register) - stay.sum()) + round(NET_GROWTH_PER_MONTH * scale)
        register = pd.concat([register[stay], join(int(joiners))], ignore_index=True)


def _due(rng, snapshot: pd.Timestamp, cycle: np.ndarray, overdue: np.ndarray):
    """(due date, date last done): overdue records are 1-120 days past due; others are due later."""
    n = len(cycle)
    done = snapshot - pd.to_timedelta(rng.integers(0, cycle), unit="D")
    late_by = pd.to_timedelta(rng.integers(1, 121, n), unit="D")
    due = np.where(overdue, snapshot - late_by, done + pd.to_timedelta(cycle, unit="D"))
    done = np.where(overdue, pd.DatetimeIndex(due) - pd.to_timedelta(cycle, unit="D"), done)
    return pd.DatetimeIndex(due), pd.DatetimeIndex(done)


def _pick(rng, k: int, weights: np.ndarray) -> np.ndarray:
    chosen = np.zeros(len(weights), dtype=bool)
    chosen[rng.choice(len(weights), size=min(k, len(weights)), replace=False, p=weights / weights.sum())] = True
    return chosen


def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 3])
    first = published("registered sex offenders", "2021-03-31")
    index = months()
    arms_share = _overdue_share(index, 0.07, 0.15, 0.04, ASSESSMENT_FALL)
    visit_share = _overdue_share(index, 0.04, 0.09, 0.025, 0.5)
    review_share = _overdue_share(index, 0.05, 0.12, 0.03, 0.6)
    april_2023 = None
    parts = []
    for i, (month, register) in enumerate(zip(index, _population(rng, scale, int(first["value"]), lpa_weights()))):
        snapshot = pd.Timestamp(month_end(month.date()))
        frame = register.copy()
        n = len(frame)
        level = frame["risk_level"]
        # Lower-risk cases are more likely to slip (invented).
        slip = level.map({"very high": 0.3, "high": 0.6, "medium": 1.0, "low": 1.3}).to_numpy()
        arms_count = round(arms_share[i] * n)
        if month == pd.Timestamp("2023-04-01"):
            april_2023 = arms_count
        if month == pd.Timestamp("2023-11-01"):
            assert april_2023 is not None  # the months run in order: April came first
            arms_count = round(april_2023 * (1 - ASSESSMENT_FALL))
        arms_due, arms_done = _due(rng, snapshot, level.map(ARMS_CYCLE).to_numpy(), _pick(rng, arms_count, slip))
        planned = ~(frame["reactive"] & level.eq("low")).to_numpy()
        visit_due, visit_done = _due(
            rng, snapshot, level.map(VISIT_CYCLE).to_numpy(), _pick(rng, round(visit_share[i] * n), slip * planned)
        )
        review_due, review_done = _due(
            rng, snapshot, np.full(n, REVIEW_CYCLE), _pick(rng, round(review_share[i] * n), slip)
        )
        era = "after" if month >= pd.Timestamp("2023-04-01") else "before"
        order = frame.groupby("lpa").cumcount().to_numpy()
        managers = frame.groupby("lpa")["offender_id"].transform("size").to_numpy() / CASELOAD_PER_MANAGER[era]
        team = np.ceil(managers).astype(int)
        manager = pd.Series(order % team + 1).astype(str).str.zfill(2)
        frame["offender_manager_id"] = frame["lpa"].str[-2:] + "-OM" + manager
        frame["month"] = month.date()
        frame["arms_due_date"] = arms_due.date
        frame["arms_completed_date"] = arms_done.date
        frame["visit_due_date"] = pd.Series(visit_due.date).where(planned, None)
        frame["last_visit_date"] = visit_done.date
        frame["review_due_date"] = review_due.date
        frame["last_review_date"] = review_done.date
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    calibration = [
        first,
        published("registered sex offenders per 100,000 population", "2021-03-31"),
        stated(
            "Outstanding RSO risk assessments fell by 58% between April and November 2023 (fall as a fraction)",
            ASSESSMENT_FALL,
        ),
    ]
    return ExtractData(
        frame[
            [
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
        ],
        source="Demonstration registered sex offender caseload (briefing.refresh.demo.rso)",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=calibration,
        notes="Replace with the force's monthly ViSOR/case-management snapshot. Caseload and the fall in "
        "overdue ARMS assessments follow the calibration points; each month's due dates are drawn afresh, and "
        "the risk mix, review cycles and offender-manager numbers are invented.",
    )
