"""What is against what was: one comparison for every measure.

Each tile answers two questions, kept apart:
1. What changed? What was and what is in the two windows (monthly mean for counts and rates, pooled
   rate for proportions, median of the monthly medians for durations, the value at each window's end
   for backlogs), the change, and the months actually used.
2. Is it real, and more than the path the measure was already on? An interrupted time series on the
   whole monthly series (segmented regression): the level and trend of every month before "what is"
   (plus month-of-year terms, two harmonics of the year, where there are at least 24 such months
   and they matter, see `_seasonal`), projected into "what is", which gets its own level and slope. The beyond-trend
   effect is the step where "what is" starts: its own line there against the earlier trend projected
   to that month, with a 95% interval and p-value from a regression with AR(1) errors (statsmodels
   GLSAR; the autocorrelation estimated from the residuals, bias-corrected). The verdict answers
   only this. (The step, not the gap averaged over "what is": projecting a trend two years ahead is
   so uncertain that a real step of two standard deviations would be missed half the time.)

Each unit is modelled as what it is:
- count: log of the monthly count (plus a half, so a month of zero is kept);
- proportion: the monthly proportion, weighted by its denominator;
- days: the monthly medians;
- rate: the monthly values;
- backlog: a stock, so its monthly net change (the first difference): a backlog that merely drifts
  is not a change, a change in its net flow is.
With fewer than MIN_TREND_MONTHS months before "what is", no trend can be checked: the verdict is a
level-only comparison (all months before against "what is", AR(1) errors) and says so.

Within a page, `adjust` controls the false discovery rate over the page's verdicts
(Benjamini-Hochberg). `placebo` runs the same model with the break 12 months earlier, on data before
the change: a measure whose placebo also "changes" moves that much without any change of model.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import GLSAR, OLS
from statsmodels.stats.multitest import multipletests

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

    def __post_init__(self):
        if self.unit not in UNITS or self.polarity not in POLARITIES:
            raise ValueError(f"measure {self.key}: unknown unit or polarity")
        if (self.unit == "proportion") != (self.denominator is not None):
            raise ValueError(f"measure {self.key}: a proportion, and only a proportion, has a denominator")


MIN_TREND_MONTHS = 12  # months before "what is" needed to fit and project a trend
SEASONAL_MONTHS = 24  # months before "what is" needed to fit month-of-year terms
ALPHA = 0.05
SEASONAL_ALPHA = 0.1  # the pre-test for month-of-year terms (see `_seasonal`)
# Added to the corrected autocorrelation, in full once it is estimated at RHO_FULL_MARGIN or more and
# in proportion below: short series understate strong autocorrelation even after the correction
# (without the margin a null series with autocorrelation 0.5-0.7 is called changed about 8% of the
# time, not 5%), while months estimated independent keep their power to find a step
# (tests/test_calibration.py).
RHO_MARGIN = 0.2
RHO_FULL_MARGIN = 0.15
PLACEBO_SHIFT = 12  # months the placebo moves the break earlier
NO_TREND_CHECK = "no trend check: too little history"
NO_VERDICT = "not enough data"


@dataclass(frozen=True)
class Comparison:
    """What changed (was, is_, change over the months used) and the verdict on the beyond-trend effect.

    `effect` is the beyond-trend step and `low`/`high` its 95% interval, in the measure's units: for a
    count, what is less what is would be without the step; for a backlog, the step in monthly net
    flow times the months of "what is" (the extra change in the backlog it makes).
    `projected_change` = change - effect: the change the earlier trend alone projected.
    """

    measure: Measure
    was: float | None
    is_: float | None
    change: float | None
    low: float | None
    high: float | None
    verdict: str
    months_was: int
    months_is: int
    used_was: str = ""  # the months actually used, e.g. "Apr 2021 to Mar 2023"
    used_is: str = ""
    effect: float | None = None  # beyond-trend effect, in the measure's units
    p_value: float | None = None
    p_adjusted: float | None = None  # after Benjamini-Hochberg over the page's verdicts
    model: str = ""
    trend_checked: bool = False
    placebo_moves: bool = False  # the same model 12 months earlier also finds a change

    @property
    def change_pct(self) -> float | None:
        if self.change is None or not self.was:
            return None
        return 100 * self.change / self.was

    @property
    def projected_change(self) -> float | None:
        if self.change is None or self.effect is None:
            return None
        return self.change - self.effect


@dataclass(frozen=True)
class _Fit:
    effect: float  # on the model's scale
    low: float
    high: float
    p_value: float
    model: str
    trend: bool


def _label(months: np.ndarray) -> str:
    if not len(months):
        return ""
    first, last = pd.Timestamp(months.min()), pd.Timestamp(months.max())
    return f"{first:%b %Y} to {last:%b %Y}"


def _verdict(measure: Measure, up: bool, p_value: float) -> str:
    if not p_value < ALPHA:
        return "no clear change"
    if measure.polarity == "neutral":
        return "increased" if up else "decreased"
    return "improved" if up == (measure.polarity == "higher_better") else "worsened"


@dataclass(frozen=True)
class _Months:
    """A measure's usable months as arrays: month (datetime64[M]), value, weight (a proportion's
    denominator, else 1)."""

    month: np.ndarray
    value: np.ndarray
    weight: np.ndarray

    def where(self, keep: np.ndarray) -> _Months:
        return _Months(self.month[keep], self.value[keep], self.weight[keep])

    def within(self, window: Window) -> _Months:
        start, end = np.datetime64(window.start, "M"), np.datetime64(window.end, "M")
        return self.where((self.month >= start) & (self.month < end))


def _usable(frame: pd.DataFrame, measure: Measure) -> _Months:
    """Months with a value (and, for a proportion, a denominator above zero), sorted."""
    month = pd.to_datetime(frame["month"]).to_numpy().astype("datetime64[M]")
    value = frame[measure.value].to_numpy(float, na_value=np.nan)
    weight = frame[measure.denominator].to_numpy(float, na_value=np.nan) if measure.denominator else np.ones(len(value))
    keep = ~np.isnan(value) & (weight > 0)
    order = np.argsort(month[keep], kind="stable")
    return _Months(month[keep][order], value[keep][order], weight[keep][order])


def _model_series(months: _Months, unit: str) -> _Months:
    """The series on the model's scale (see the module docstring), with its weights."""
    if unit == "count":
        return _Months(months.month, np.log(months.value + 0.5), np.ones(len(months.value)))
    if unit == "proportion":
        return _Months(months.month, months.value / months.weight, months.weight)
    if unit == "backlog":
        # Net change from the month before; a month after a gap in the months has none.
        follows = np.diff(months.month.astype(int)) == 1
        return _Months(months.month[1:][follows], np.diff(months.value)[follows], np.ones(int(follows.sum())))
    return _Months(months.month, months.value, np.ones(len(months.value)))


def _harmonics(month_of_year: np.ndarray) -> list[np.ndarray]:
    """Month-of-year terms: two harmonics of the year (sine and cosine at 12 and 6 months), 4 terms
    where a dummy for each month would take 11; the shape of most seasons with less fitted noise."""
    angle = 2 * np.pi * month_of_year / 12
    return [f(h * angle) for h in (1, 2) for f in (np.sin, np.cos)]


def _seasonal(t: np.ndarray, z: np.ndarray, month_of_year: np.ndarray) -> bool:
    """The stated rule: month-of-year terms are fitted when, on the months before "what is", they
    explain more than level and trend alone (F-test at SEASONAL_ALPHA). A lenient test: a season
    left out inflates false verdicts, terms fitted to a series without seasons cost little."""
    base = np.column_stack([np.ones_like(t), t])
    full = OLS(z, np.column_stack([base, *_harmonics(month_of_year)])).fit()
    return bool(full.compare_f_test(OLS(z, base).fit())[1] < SEASONAL_ALPHA)


def _rho(z: np.ndarray, x: np.ndarray, post: np.ndarray) -> float:
    """Month-to-month correlation of the errors: the lag-1 correlation of the least-squares residuals
    within each segment (before and during "what is"), pooled. Residuals of a short fitted series
    understate it (by about (k + 2k rho) / n for k fitted terms and n months, in the spirit of
    Marriott and Pope 1954; found by simulation), so it is corrected for that, then raised by up to
    RHO_MARGIN (see there) and kept within 0 to 0.95."""
    k, n = x.shape[1], len(z)
    if n <= 2 * k + 2:
        return RHO_MARGIN
    e = OLS(z, x).fit().resid
    rho = sum(float(e[part][1:] @ e[part][:-1]) for part in (~post, post)) / float(e @ e)
    if not np.isfinite(rho):
        return RHO_MARGIN
    corrected = (rho + k / n) / (1 - 2 * k / n)
    return float(np.clip(corrected + RHO_MARGIN * np.clip(corrected / RHO_FULL_MARGIN, 0, 1), 0.0, 0.95))


def _fit(series: _Months, is_start: date, seasons: bool) -> _Fit:
    """Segmented regression with AR(1) errors. The months from `is_start` (all in "what is") get their
    own level and slope, so the earlier trend rests on earlier months only; the beyond-trend effect is
    the step at `is_start`: what is's own line there against the earlier trend projected to it.
    `seasons`: there are at least SEASONAL_MONTHS months of data before "what is" (a backlog's net
    flow has one fewer), so month-of-year terms may be fitted."""
    t = (series.month.astype(int) - series.month.astype(int)[0]).astype(float)
    z, w = series.value, series.weight
    month_of_year = series.month.astype(int) % 12 + 1
    post = series.month >= np.datetime64(is_start, "M")
    n_pre = int((~post).sum())
    trend = n_pre >= MIN_TREND_MONTHS
    t0 = t[post][0]
    columns = [np.ones_like(t)]
    parts = []
    if trend:
        columns.append(t)
        parts.append("pre-period level and trend")
        if seasons and _seasonal(t[~post], z[~post], month_of_year[~post]):
            columns += _harmonics(month_of_year)
            parts.append("month-of-year terms")
    else:
        parts.append("level only (no trend check: too little history)")
    step = len(columns)
    columns.append(post.astype(float))
    contrast = np.zeros(len(columns) + (trend and post.sum() >= 3))
    contrast[step] = 1.0
    if trend and post.sum() >= 3:
        columns.append(np.where(post, t - t0, 0.0))
    x = np.column_stack(columns)
    scale = np.sqrt(w / w.mean())
    zs, xs = z * scale, x * scale[:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # near-perfect fits on tiny series warn; the interval still holds
        rho = _rho(zs, xs, post)
        result = GLSAR(zs, xs, rho=rho).fit()
        test = result.t_test(contrast)
    low, high = (float(v) for v in np.asarray(test.conf_int(alpha=ALPHA)).ravel())
    p_value = float(np.asarray(test.pvalue).ravel()[0])
    parts.append(f"AR(1) errors (rho {rho:.2f})")
    # A series the lines fit exactly has no error to test against: no evidence of a step.
    return _Fit(float(np.asarray(test.effect).ravel()[0]), low, high, p_value if np.isfinite(p_value) else 1.0,
                "segmented regression: " + ", ".join(parts), trend)


def _describe(months: _Months, unit: str) -> float:
    """A window's descriptive value (see the module docstring)."""
    if unit == "backlog":
        return float(months.value[-1])
    if unit == "proportion":
        return float(months.value.sum() / months.weight.sum())
    if unit == "days":
        return float(np.median(months.value))
    return float(months.value.mean())


def _to_units(value: float, measure: Measure, is_: float, months_is: int) -> float:
    """A beyond-trend effect on the model's scale in the measure's units."""
    if measure.unit == "count":
        # Observed over projected is exp(effect): the effect is what is less its projection.
        return is_ * (1 - np.exp(-value))
    if measure.unit == "backlog":
        return value * months_is  # extra net change a month, over the months of what is
    return value


def compare(frame: pd.DataFrame, measure: Measure, was: Window, is_: Window) -> Comparison:
    """Compare one measure between two windows of a monthly frame (a `month` column plus values).

    The frame should hold every month available before "what is" too: the verdict projects their
    trend. Months after "what is" are not used.
    """
    usable = _usable(frame, measure)
    a, b = usable.within(was), usable.within(is_)
    n_a, n_b = len(a.value), len(b.value)
    value_was = _describe(a, measure.unit) if n_a else None
    value_is = _describe(b, measure.unit) if n_b else None
    change = None if value_was is None or value_is is None else value_is - value_was
    described = Comparison(measure, value_was, value_is, change, None, None, NO_VERDICT, n_a, n_b,
                           _label(a.month), _label(b.month))
    series = _model_series(usable.where(usable.month < np.datetime64(is_.end, "M")), measure.unit)
    n_after = int((series.month >= np.datetime64(is_.start, "M")).sum())
    n_before = len(series.month) - n_after
    if change is None or n_before < MIN_MONTHS or n_after < MIN_MONTHS or (n_a < MIN_MONTHS and
                                                                           measure.unit != "backlog"):
        return described
    seasons = int((usable.month < np.datetime64(is_.start, "M")).sum()) >= SEASONAL_MONTHS
    fit = _fit(series, is_.start, seasons)
    effect, low, high = (float(_to_units(v, measure, value_is, n_after)) for v in (fit.effect, fit.low, fit.high))
    return replace(described, low=min(low, high), high=max(low, high), effect=effect, p_value=fit.p_value,
                   verdict=_verdict(measure, fit.effect > 0, fit.p_value), model=fit.model,
                   trend_checked=fit.trend)


def compare_all(frame: pd.DataFrame, measures, was: Window, is_: Window) -> list[Comparison]:
    return [compare(frame, m, was, is_) for m in measures]


def adjust(comparisons: list[Comparison]) -> list[Comparison]:
    """The verdicts of one page, with the false discovery rate controlled (Benjamini-Hochberg) over
    every comparison that has a p-value; the intervals stay unadjusted."""
    tested = [i for i, c in enumerate(comparisons) if c.p_value is not None]
    out = list(comparisons)
    if not tested:
        return out
    adjusted = multipletests([comparisons[i].p_value for i in tested], alpha=ALPHA, method="fdr_bh")[1]
    for i, p in zip(tested, adjusted):
        c = comparisons[i]
        out[i] = replace(c, p_adjusted=float(p), verdict=_verdict(c.measure, c.effect > 0, float(p)))
    return out


def placebo(frame: pd.DataFrame, measure: Measure, change_month: date, months: int = PLACEBO_SHIFT) -> Comparison:
    """The same comparison with the break moved `PLACEBO_SHIFT` months before `change_month`, on the
    months before it only: "what is" becomes the 12 months before the change, "what was" the
    12 before those (descriptive only)."""
    start = (pd.Timestamp(change_month).replace(day=1) - pd.DateOffset(months=PLACEBO_SHIFT)).date()
    end = pd.Timestamp(change_month).replace(day=1).date()
    was = Window((pd.Timestamp(start) - pd.DateOffset(months=months)).date(), start)
    return compare(frame[pd.to_datetime(frame["month"]) < pd.Timestamp(end)], measure, was, Window(start, end))


def with_placebo(comparisons: list[Comparison], placebos: dict[str, Comparison]) -> list[Comparison]:
    """Flag each comparison whose measure's placebo (by measure key) also found a change."""
    return [replace(c, placebo_moves=c.measure.key in placebos and placebos[c.measure.key].p_value is not None
                    and placebos[c.measure.key].p_value < ALPHA) for c in comparisons]


def monthly_values(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The measure's value each month (a proportion's numerator over its denominator)."""
    value = frame[measure.value]
    if measure.unit == "proportion":
        value = value / frame[measure.denominator].where(frame[measure.denominator] > 0)
    return pd.DataFrame({"month": frame["month"], measure.key: value.astype(float)}).dropna()
