"""XmR (SPC) charts, as in NHS England's "Making Data Count": limits per phase, special-cause rules.

The second opinion beside the verdicts of briefing.stats.compare.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

RULE_BEYOND = "point beyond the limits"
MEETS, FAILS, HIT_AND_MISS = "consistently meets the target", "consistently fails the target", "hit and miss"
RULE_SHIFT = "8 in a row on one side of the mean"
RULE_TREND = "6 rising or falling in a row"


def _runs(flags: np.ndarray, length: int) -> np.ndarray:
    """Mark every element of a run of at least `length` consecutive True values."""
    marked = np.zeros(len(flags), dtype=bool)
    start = None
    for i, flag in enumerate(list(flags) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= length:
                marked[start:i] = True
            start = None
    return marked


def xmr(frame: pd.DataFrame, value: str, phase_starts: list[date]) -> pd.DataFrame:
    """Add centre, limits and special-cause signals to a monthly series, recalculated per phase.

    Returns the frame sorted by month with columns phase, centre, lower, upper, signal (a rule
    name, or '' for common-cause variation).
    """
    out = frame.sort_values("month").reset_index(drop=True).copy()
    months = pd.to_datetime(out["month"])
    out["phase"] = sum((months >= pd.Timestamp(s)).astype(int) for s in phase_starts)
    out["centre"] = np.nan
    out["lower"] = np.nan
    out["upper"] = np.nan
    out["signal"] = ""
    for _, idx in out.groupby("phase").groups.items():
        x = out.loc[idx, value].to_numpy(float)
        if len(x) < 2:
            continue
        centre = x.mean()
        mr_bar = np.mean(np.abs(np.diff(x)))
        out.loc[idx, ["centre", "lower", "upper"]] = [centre, centre - 2.66 * mr_bar, centre + 2.66 * mr_bar]
        beyond = (x > centre + 2.66 * mr_bar) | (x < centre - 2.66 * mr_bar)
        shift = _runs(x > centre, 8) | _runs(x < centre, 8)
        diffs = np.diff(x)
        # 6 points rising means 5 consecutive rises; mark the points, not the steps.
        trend = np.zeros(len(x), dtype=bool)
        for steps in (diffs > 0, diffs < 0):
            run = _runs(steps, 5)
            trend[1:] |= run
            trend[:-1] |= run
        signal = np.where(beyond, RULE_BEYOND, np.where(shift, RULE_SHIFT, np.where(trend, RULE_TREND, "")))
        out.loc[idx, "signal"] = signal
    return out


def assurance(charted: pd.DataFrame, target: float, higher_better: bool) -> str | None:
    """NHS Making Data Count's assurance on the latest phase of an XmR frame (from `xmr`): where the
    target lies against the process limits. Beyond the limits on the bad side, every month meets it
    (consistently meets); beyond them on the good side, none is expected to (consistently fails);
    between them, hit and miss. None when the latest phase has no limits."""
    latest = charted[charted["phase"] == charted["phase"].max()].dropna(subset=["lower", "upper"])
    if latest.empty:
        return None
    lower, upper = float(latest["lower"].iloc[0]), float(latest["upper"].iloc[0])
    if lower <= target <= upper:
        return HIT_AND_MISS
    below = target < lower
    return MEETS if below == higher_better else FAILS
