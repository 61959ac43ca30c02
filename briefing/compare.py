"""What is against what was: one comparison for every measure, and XmR (SPC) charts.

Every measure is compared on its monthly values, so a change is called real only when it stands
out from month-to-month variation:
- count and rate: monthly means, Welch's t-interval on the monthly values;
- proportion: pooled rates (sum of numerators over sum of denominators), with the interval's width
  from Welch's test on the monthly proportions;
- days: median of the monthly medians, percentile bootstrap interval over months;
- backlog: the value at the end of each window, with an interval from the moving range of the
  monthly series (XmR sigma).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats

UNITS = ("count", "rate", "proportion", "days", "backlog")
POLARITIES = ("higher_better", "lower_better", "neutral")
MIN_MONTHS = 3


@dataclass(frozen=True)
class Window:
    """Whole months, half-open: start is the first month, end the month after the last."""

    start: date
    end: date

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    def label(self) -> str:
        last = (pd.Timestamp(self.end) - pd.offsets.MonthBegin(1)).date()
        return f"{self.start:%b %Y} to {last:%b %Y}"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    polarity: str
    value: str  # column of monthly values (the numerator, for a proportion)
    denominator: str | None = None  # proportion only
    sensitive: bool = False  # small counts are suppressed at LPA level

    def __post_init__(self):
        if self.unit not in UNITS or self.polarity not in POLARITIES:
            raise ValueError(f"measure {self.key}: unknown unit or polarity")
        if (self.unit == "proportion") != (self.denominator is not None):
            raise ValueError(f"measure {self.key}: a proportion, and only a proportion, has a denominator")


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    was: float | None
    is_: float | None
    change: float | None
    low: float | None  # 95% interval of the change
    high: float | None
    verdict: str
    months_was: int
    months_is: int

    @property
    def change_pct(self) -> float | None:
        if self.change is None or not self.was:
            return None
        return 100 * self.change / self.was


def _in(frame: pd.DataFrame, window: Window) -> pd.DataFrame:
    months = pd.to_datetime(frame["month"])
    return frame[(months >= pd.Timestamp(window.start)) & (months < pd.Timestamp(window.end))].sort_values("month")


def _verdict(measure: Measure, low: float, high: float) -> str:
    if low <= 0 <= high:
        return "no clear change"
    up = low > 0
    if measure.polarity == "neutral":
        return "increased" if up else "decreased"
    return "improved" if up == (measure.polarity == "higher_better") else "worsened"


def compare(frame: pd.DataFrame, measure: Measure, was: Window, is_: Window) -> Comparison:
    """Compare one measure between two windows of a monthly frame (a `month` column plus values)."""
    a, b = _in(frame, was), _in(frame, is_)
    a, b = a[a[measure.value].notna()], b[b[measure.value].notna()]
    if measure.unit == "proportion":
        a, b = a[a[measure.denominator] > 0], b[b[measure.denominator] > 0]
    n_a, n_b = len(a), len(b)

    def insufficient(value_was=None, value_is=None) -> Comparison:
        change = None if value_was is None or value_is is None else value_is - value_was
        return Comparison(measure, value_was, value_is, change, None, None, "not enough data", n_a, n_b)

    if n_a == 0 or n_b == 0:
        return insufficient()
    if measure.unit == "backlog":
        value_was, value_is = float(a[measure.value].iloc[-1]), float(b[measure.value].iloc[-1])
        both = pd.concat([a, b])[measure.value].to_numpy(float)
        if len(both) < MIN_MONTHS:
            return insufficient(value_was, value_is)
        sigma = np.mean(np.abs(np.diff(both))) / 1.128
        half = stats.norm.ppf(0.975) * np.sqrt(2) * sigma
        change = value_is - value_was
        low, high = change - half, change + half
    elif n_a < MIN_MONTHS or n_b < MIN_MONTHS:
        return insufficient()
    elif measure.unit == "days":
        x_a, x_b = a[measure.value].to_numpy(float), b[measure.value].to_numpy(float)
        value_was, value_is = float(np.median(x_a)), float(np.median(x_b))
        change = value_is - value_was
        result = stats.bootstrap(
            (x_b, x_a), lambda p, q, axis=-1: np.median(p, axis=axis) - np.median(q, axis=axis),
            n_resamples=2000, method="percentile", rng=np.random.default_rng(0),
        )
        low, high = result.confidence_interval
    else:
        if measure.unit == "proportion":
            x_a = (a[measure.value] / a[measure.denominator]).to_numpy(float)
            x_b = (b[measure.value] / b[measure.denominator]).to_numpy(float)
            value_was = float(a[measure.value].sum() / a[measure.denominator].sum())
            value_is = float(b[measure.value].sum() / b[measure.denominator].sum())
        else:
            x_a, x_b = a[measure.value].to_numpy(float), b[measure.value].to_numpy(float)
            value_was, value_is = float(x_a.mean()), float(x_b.mean())
        change = value_is - value_was
        if np.var(x_a) == 0 and np.var(x_b) == 0:
            low = high = x_b.mean() - x_a.mean()
        else:
            with warnings.catch_warnings():
                # Near-constant months (a rate that barely moves) make scipy warn of precision loss;
                # the interval is still right to the precision shown.
                warnings.simplefilter("ignore", RuntimeWarning)
                interval = stats.ttest_ind(x_b, x_a, equal_var=False).confidence_interval(0.95)
            # Centre Welch's interval on the pooled change (the same as the mean change for counts).
            shift = change - (x_b.mean() - x_a.mean())
            low, high = interval.low + shift, interval.high + shift
    return Comparison(measure, value_was, value_is, change, float(low), float(high),
                      _verdict(measure, low, high), n_a, n_b)


def compare_all(frame: pd.DataFrame, measures, was: Window, is_: Window) -> list[Comparison]:
    return [compare(frame, m, was, is_) for m in measures]


def monthly_values(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The measure's value each month (a proportion's numerator over its denominator)."""
    value = frame[measure.value]
    if measure.unit == "proportion":
        value = value / frame[measure.denominator].where(frame[measure.denominator] > 0)
    return pd.DataFrame({"month": frame["month"], measure.key: value.astype(float)}).dropna()
