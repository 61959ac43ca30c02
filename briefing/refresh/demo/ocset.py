"""Demonstration online child sexual abuse (OCSET) cases: one row per referral.

Calibrated to the force's statements (claims, not verified statistics) that 81 cases were awaiting
enforcement in June 2023 and about 20 by the autumn, after the rapid improvement plan; and to the
HMICFRS guide (very high risk within a day; high, medium and low within 1 week, 2 weeks and 30 days).
Referral volumes, the risk mix and disclosure times (slow before the 31 July 2023 deadline, mostly
within the force's target after it) are invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from briefing.config import load_force
from briefing.refresh.demo import DEMO_LICENCE, FIRST_MONTH, last_month, lpa_weights, month_end, months, stated
from briefing.store.extracts import ExtractData

REFERRALS_PER_MONTH = 80
RISK_SHARES = {"very high": 0.05, "high": 0.25, "medium": 0.40, "low": 0.30}
AWAITING_JUNE_2023 = 81
AWAITING_AUTUMN_2023 = 20
IMPROVEMENT_PLAN = pd.Timestamp("2023-07-01")
BACKLOG_CLEARED_BY = pd.Timestamp("2023-09-30")
# Median days to enforcement as a multiple of the guide, after the improvement plan (invented).
AFTER_FACTOR = {"very high": 1.0, "high": 0.6, "medium": 0.5, "low": 0.4}
DISCLOSURE_NEEDED_SHARE = 0.55


def _awaiting(referred: pd.Series, enforced: pd.Series, on: pd.Timestamp) -> int:
    return int(((referred <= on) & ~(enforced <= on)).sum())


def generate(seed: int, scale: float = 1.0) -> ExtractData:
    rng = np.random.default_rng([seed, 4])
    guide = dict(load_force().protection.enforcement_guide_days)
    weights = lpa_weights()
    index = months()
    counts = rng.poisson(REFERRALS_PER_MONTH * scale, len(index))
    referred = pd.DatetimeIndex(
        np.concatenate(
            [
                (month + pd.to_timedelta(rng.integers(0, month.days_in_month, count), unit="D")).to_numpy()
                for month, count in zip(index, counts)
            ]
        )
    ).sort_values()
    n = len(referred)
    frame = pd.DataFrame(
        {
            "case_id": [f"K{i + 1:06d}" for i in range(n)],
            "lpa": rng.choice(list(weights.index), n, p=weights.to_numpy()),
            "referral_date": referred,
            "risk_grade": rng.choice(list(RISK_SHARES), n, p=list(RISK_SHARES.values())),
        }
    )
    guide_days = frame["risk_grade"].map(guide).to_numpy(float)
    spread = rng.lognormal(0, 0.5, n)
    after = (frame["referral_date"] >= IMPROVEMENT_PLAN).to_numpy()
    fast = np.ceil(guide_days * frame["risk_grade"].map(AFTER_FACTOR).to_numpy() * spread)
    june = pd.Timestamp("2023-06-30")
    ramp = np.clip((frame["referral_date"] - pd.Timestamp(FIRST_MONTH)).dt.days / 800, 0, 1).to_numpy()
    clearing = pd.Series(
        IMPROVEMENT_PLAN + pd.to_timedelta(rng.integers(0, (BACKLOG_CLEARED_BY - IMPROVEMENT_PLAN).days, n), unit="D"),
        index=frame.index,
    )
    clearing = clearing.clip(lower=frame["referral_date"])

    def enforced_with(slowness: float) -> pd.Series:
        # Before the plan, waits grow from the guide towards `slowness` times it by June 2023; cases
        # still waiting when the plan starts are cleared by the end of September.
        slow = np.ceil(guide_days * (1 + (slowness - 1) * ramp) * spread + 3 * ramp * spread)
        days = np.where(after, fast, slow)
        dates = frame["referral_date"] + pd.to_timedelta(days, unit="D")
        stuck = (~after) & (dates > IMPROVEMENT_PLAN).to_numpy()
        return dates.where(~stuck, clearing)

    # Find the slowness that leaves 81 cases awaiting at the end of June 2023 (the force's figure):
    # the backlog grows with slowness, so bisect on it with the same random draws each time.
    low, high = 1.0, 20.0
    for _ in range(40):
        middle = (low + high) / 2
        if _awaiting(frame["referral_date"], enforced_with(middle), june) < AWAITING_JUNE_2023 * scale:
            low = middle
        else:
            high = middle
    enforced = enforced_with(high)
    through = pd.Timestamp(month_end(last_month()))
    frame["enforcement_date"] = enforced.where(enforced <= through).dt.date
    deadline = pd.Timestamp(load_force().protection.disclosure_deadline)
    needed = rng.random(n) < DISCLOSURE_NEEDED_SHARE
    median_days = np.where(frame["referral_date"] <= deadline, 12.0, 3.0)
    disclosed = frame["referral_date"] + pd.to_timedelta(np.round(median_days * rng.lognormal(0, 0.6, n)), unit="D")
    frame["disclosure_needed"] = needed
    frame["disclosure_date"] = disclosed.where(needed & (disclosed <= through)).dt.date
    frame["referral_date"] = frame["referral_date"].dt.date
    autumn = _awaiting(
        pd.to_datetime(frame["referral_date"]), pd.to_datetime(frame["enforcement_date"]), pd.Timestamp("2023-10-31")
    )
    calibration = [
        stated("OCSET cases awaiting enforcement, June 2023", AWAITING_JUNE_2023),
        stated("OCSET cases awaiting enforcement, autumn 2023 (about)", AWAITING_AUTUMN_2023),
    ]
    return ExtractData(
        frame,
        source="Demonstration OCSET cases (briefing.refresh.demo.ocset)",
        licence=DEMO_LICENCE,
        demo=True,
        period_from=FIRST_MONTH,
        data_through=month_end(last_month()),
        calibration=calibration,
        notes=f"Replace with the force's OCSET case extract. The waits before July 2023 are set so that "
        f"{AWAITING_JUNE_2023} cases await enforcement at the end of June 2023; {autumn} do at the end of "
        "October 2023. Referral volumes, risk mix and disclosure times are invented.",
    )
