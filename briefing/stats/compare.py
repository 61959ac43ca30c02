"""What is against what was: two answers for every measure, kept apart (DESIGN section 5).

**Q1, compared with before.** Is what is different from what was, by more than month-to-month
variation explains? The difference of the two windows' levels on the model's scale (below), judged
against the noise of the months before "what is": their month-to-month spread and correlation (AR(1))
about the earlier level and trend. Words: improved / worsened / no clear change (increased /
decreased for a neutral measure).

**Q2, against the earlier trend.** Is what is better than the path the measure was already on? The
earlier level and trend (and month-of-year terms where there are 24 months and they matter) are fitted
to the months before "what is" and projected into it; the effect is the gap between what is observed
and that projection, **averaged over the first 12 months of what is** (fewer if what is is shorter),
so a change that builds over months, starts late or reverses a trend counts, not only a step at the
boundary. Words: better / worse than the earlier trend (above / below for a neutral measure), in line
with the earlier trend (the earlier trend holds, and the effect's 90% interval lies within one noise
standard deviation either side), or can't tell yet.

Both questions share one model of the noise, fitted to the months before "what is" only, so the shape
of a change (a ramp, a drawdown) never widens the intervals that judge it: a regression with AR(1)
errors (generalised least squares; the correlation chosen by restricted maximum likelihood, REML,
which is the least biased in short series, Turner et al. 2021), months apart by their real distance.
For Q2 every month of the first 12 gets its own term, so the projection and its interval are the
forecast from the earlier months alone, including how the last earlier months carry on.

Each unit is modelled on a scale where a projection stays possible:
- count: log of the monthly count (plus a half, so a month of zero is kept); projections exp();
- rate, days (median days): log (offset by half the smallest positive value where there are zeros);
- proportion: logit of the monthly share, each month weighted by its denominator; within 0-100%;
- backlog (a stock): its monthly net flow (inflow less outflow, the first difference), with a level and
  no trend (a trend in a net flow is a curve in the stock and projects negative backlogs), and
  moving-average errors, MA(1), in place of AR(1): the local-level model of a stock (a level that
  wanders, counted with noise) in the form of its net flow. A stock that wanders as a random walk has
  net flows independent month to month (theta 0), so wandering is not a change; a steady stock counted
  with noise has net flows that swing back (theta towards -1), so a drawdown that happens over a few
  months and then holds stands out. The stock is projected as the last earlier stock plus the
  projected net flows, floored at zero.

With fewer than MIN_TREND_MONTHS months before "what is", no trend can be fitted: Q2 is "can't tell
yet: too little history" and Q1 is judged against the noise about the earlier level.

`adjust` controls the false discovery rate over a page's verdicts (Benjamini-Hochberg, each question
its own family). `placebo` runs the same model with the break 12 months earlier, on data before the
change: a measure whose placebo also "changes" moves that much without any change of model.
Calibrated by simulation in tests/test_calibration.py; the rates are on Data and methods.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
from scipy import special

from briefing.view import Window

UNITS = ("count", "rate", "proportion", "days", "backlog")
POLARITIES = ("higher_better", "lower_better", "neutral")
MIN_MONTHS = 3


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
EFFECT_MONTHS = 12  # Q2 averages the gap over the first this many months of what is
ALPHA = 0.05
SEASONAL_ALPHA = 0.1  # the pre-test for month-of-year terms (see `_seasonal`)
IN_LINE_MARGIN = 1.5  # noise standard deviations: "in line" needs the 90% interval within this
HOLDS_RHO = 0.8  # an earlier trend "holds" (can be projected) when its months correlate less than this
RHO_GRID = np.linspace(0.0, 0.95, 20)
THETA_GRID = np.append(np.linspace(-0.95, 0.5, 30), -0.98)  # a net flow's MA(1) parameter, by REML
# Raised by up to this, towards a random walk's independent net flows: an estimate too far below zero
# would understate how far the stock wanders (without it a random walk is called changed about 10% of
# the time). In full at zero, by the square of the distance from -1 below it (a steady stock counted with
# noise, whose estimate is less in doubt).
THETA_MARGIN = 0.15
# REML still understates strong month-to-month correlation in two or three years of months: the estimate
# is raised by up to a margin (in full from RHO_FULL_MARGIN, in proportion below, so months found
# independent keep their power), which holds false verdicts near 5% at rho 0.5-0.7 (tests/test_calibration.py).
# The margin shrinks as more months carry the estimate: RHO_MARGIN_MONTHS over the residual degrees
# of freedom, at most RHO_MARGIN.
RHO_MARGIN = 0.25
RHO_MARGIN_MONTHS = 8.0
RHO_FULL_MARGIN = 0.2
PLACEBO_SHIFT = 12  # months the placebo moves the break earlier
NO_VERDICT = "not enough data"
NOISELESS = 1e-9  # a standard error below this, on the model's scale, is rounding
# Q1 words
IMPROVED, WORSENED, NO_CLEAR_CHANGE, INCREASED, DECREASED = (
    "improved",
    "worsened",
    "no clear change",
    "increased",
    "decreased",
)
# Q2 words
BETTER, WORSE, ABOVE, BELOW = (
    "better than the earlier trend",
    "worse than the earlier trend",
    "above the earlier trend",
    "below the earlier trend",
)
IN_LINE, CANT_TELL = "in line with the earlier trend", "can't tell yet"
TOO_LITTLE_HISTORY = "too little history to fit a trend"
TOO_WIDE = "too uncertain either way"
WANDERS = "the earlier months stray too far from a trend"
ADJUSTED = "not clear once the other verdicts on this page are allowed for (false discovery rate)"


@dataclass(frozen=True)
class Projection:
    """The earlier path carried into what is (Q2's counterfactual), month by month, in the measure's units,
    with a 95% interval for where each month would have fallen; never below zero or outside 0-100%."""

    month: tuple[date, ...]
    value: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]


@dataclass(frozen=True)
class Comparison:
    """Both answers for one measure between two windows.

    Q1 (`change_verdict`): `was`, `is_`, `change` are the windows' descriptive values (see
    UNIT_DEFINITIONS in wording); `change_low`/`change_high` the 95% interval of the change as the
    model judges it, in the measure's units.
    Q2 (`model_verdict`): `effect` is the gap between what is and the earlier path, averaged over
    `effect_months` months, in the measure's units (for a backlog, the stock's gap at the end of those
    months); `low`/`high` its 95% interval. `projection` is that path, month by month.
    """

    measure: Measure
    was: float | None
    is_: float | None
    change: float | None
    months_was: int
    months_is: int
    used_was: str = ""  # the months actually used, e.g. "Apr 2021 to Mar 2023"
    used_is: str = ""
    change_verdict: str = NO_VERDICT
    change_low: float | None = None
    change_high: float | None = None
    change_p: float | None = None
    model_verdict: str = CANT_TELL
    model_reason: str = ""  # why Q2 can't tell, in words
    effect: float | None = None
    low: float | None = None
    high: float | None = None
    model_p: float | None = None
    effect_months: int = 0
    projection: Projection | None = None
    model: str = ""
    placebo_moves: bool = False  # the same model 12 months earlier also finds a change

    @property
    def change_pct(self) -> float | None:
        if self.change is None or not self.was:
            return None
        return 100 * self.change / self.was

    @property
    def tone(self) -> str:
        """'good', 'bad' or 'off': the colour of the change, following Q1."""
        return {IMPROVED: "good", WORSENED: "bad"}.get(self.change_verdict, "off")


@dataclass(frozen=True)
class _Months:
    """A measure's usable months as arrays: month (datetime64[M]), value, weight (a proportion's
    denominator, else 1)."""

    month: np.ndarray
    value: np.ndarray
    weight: np.ndarray

    def where(self, keep: np.ndarray) -> _Months:
        return _Months(self.month[keep], self.value[keep], self.weight[keep])

    def inside(self, window: Window) -> np.ndarray:
        """Which months lie in the window."""
        return (self.month >= np.datetime64(window.start, "M")) & (self.month < np.datetime64(window.end, "M"))

    def within(self, window: Window) -> _Months:
        return self.where(self.inside(window))


def _label(months: np.ndarray) -> str:
    if not len(months):
        return ""
    first, last = pd.Timestamp(months.min()), pd.Timestamp(months.max())
    return f"{first:%b %Y} to {last:%b %Y}"


def _usable(frame: pd.DataFrame, measure: Measure) -> _Months:
    """Months with a value (and, for a proportion, a denominator above zero), sorted."""
    month = pd.to_datetime(frame["month"]).to_numpy().astype("datetime64[M]")
    value = frame[measure.value].to_numpy(float, na_value=np.nan)
    weight = frame[measure.denominator].to_numpy(float, na_value=np.nan) if measure.denominator else np.ones(len(value))
    keep = ~np.isnan(value) & (weight > 0)
    order = np.argsort(month[keep], kind="stable")
    return _Months(month[keep][order], value[keep][order], weight[keep][order])


@dataclass(frozen=True)
class _Scale:
    """A unit's model scale: to it and back (`offset` keeps zeros on a log scale)."""

    unit: str
    offset: float = 0.0

    def to(self, value: np.ndarray, weight: np.ndarray) -> np.ndarray:
        if self.unit == "proportion":
            return special.logit((value + 0.5) / (weight + 1))
        if self.unit == "backlog":
            return value.astype(float)
        return np.log(value + self.offset)

    def back(self, z: np.ndarray) -> np.ndarray:
        if self.unit == "proportion":
            return special.expit(z)
        return np.maximum(np.exp(z) - self.offset, 0.0)


def _scale(months: _Months, unit: str) -> _Scale:
    if unit == "count":
        return _Scale(unit, 0.5)
    if unit in ("rate", "days") and (months.value <= 0).any():
        positive = months.value[months.value > 0]
        return _Scale(unit, 0.5 * positive.min() if len(positive) else 0.5)
    return _Scale(unit)


def _model_series(months: _Months, scale: _Scale) -> _Months:
    """The series on the model's scale, with its weights (normalised to a mean of 1): a backlog's net
    flow, its change from the month before (a month after a gap in the months has none)."""
    if scale.unit == "backlog":
        follows = np.diff(months.month.astype(int)) == 1
        return _Months(months.month[1:][follows], np.diff(months.value)[follows], np.ones(int(follows.sum())))
    weight = np.ones(len(months.value))
    if scale.unit == "proportion" and len(weight):
        weight = months.weight / months.weight.mean()
    return _Months(months.month, scale.to(months.value, months.weight), weight)


def _harmonics(month_of_year: np.ndarray) -> list[np.ndarray]:
    """Month-of-year terms: two harmonics of the year (sine and cosine at 12 and 6 months), 4 terms
    where a dummy for each month would take 11; the shape of most seasons with less fitted noise."""
    angle = 2 * np.pi * month_of_year / 12
    return [f(h * angle) for h in (1, 2) for f in (np.sin, np.cos)]


def _correlation(t: np.ndarray, weight: np.ndarray, rho, moving_average: bool = False) -> np.ndarray:
    """The errors' correlation between months t (their real distance apart), each month scaled by its
    weight: AR(1) at rho, or MA(1) at theta (`moving_average`); for an array of them, a stack."""
    scale = 1 / np.sqrt(weight)
    rho = np.asarray(rho, float)[..., None, None]
    apart = np.abs(t[:, None] - t[None, :])
    if moving_average:
        corr = np.where(apart == 0, 1.0, np.where(apart == 1, rho / (1 + rho**2), 0.0))
    else:
        corr = rho**apart
    return corr * np.outer(scale, scale)


def _whiten(a: np.ndarray, t: np.ndarray, weight: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """a (months x columns) whitened for AR(1) errors at each rho (a stack): each month less rho to the
    power of its distance from the month before times that month, over the innovation's standard
    deviation (Prais-Winsten, for months any distance apart), after weighting."""
    a = a * np.sqrt(weight)[:, None]
    carry = rho[:, None] ** np.diff(t)[None, :]  # (grid, months - 1)
    out = np.empty((len(rho),) + a.shape)
    out[:, 0] = a[0]
    out[:, 1:] = (a[None, 1:] - carry[..., None] * a[None, :-1]) / np.sqrt(1 - carry**2)[..., None]
    return out


def _logdet(t: np.ndarray, weight: np.ndarray, rho: np.ndarray) -> np.ndarray:
    return np.sum(np.log(1 - (rho[:, None] ** np.diff(t)[None, :]) ** 2), axis=1) - np.sum(np.log(weight))


@dataclass(frozen=True)
class _Fit:
    """The model of the noise (`_design`): the months before what is about their level and trend (and
    month-of-year terms), the first EFFECT_MONTHS months of what is each with a term of its own (they fit
    exactly, so their shape, whatever it is, leaves no residual), and each later year of what is about a
    level and trend of its own. AR(1) errors (MA(1) for a backlog's net flow), chosen by REML."""

    columns: tuple[str, ...]  # of the earlier months: "level", "trend", "season"
    rho: float  # AR(1) rho, or a net flow's MA(1) theta
    moving_average: bool
    sigma: float  # marginal noise standard deviation on the model's scale, for a month of weight 1
    df: int
    beta: np.ndarray
    cov: np.ndarray  # of beta, scaled
    first: np.ndarray  # indices (into beta) of the first months' own terms
    season: np.ndarray | None  # fitted month-of-year effect, January to December, if fitted

    def describe(self) -> str:
        words = {"level": "earlier level", "trend": "earlier trend", "season": "month-of-year terms"}
        errors = f"MA(1) errors (theta {self.rho:.2f}" if self.moving_average else f"AR(1) errors (rho {self.rho:.2f}"
        return ", ".join(words[c] for c in self.columns) + f", {errors}, by REML)"


def _corrected(rho: float, df: int) -> float:
    margin = min(RHO_MARGIN, RHO_MARGIN_MONTHS / max(df, 1))
    return float(min(rho + margin * np.clip(rho / RHO_FULL_MARGIN, 0.0, 1.0), 0.95))


def _seasonal(t: np.ndarray, z: np.ndarray, month_of_year: np.ndarray) -> bool:
    """The stated rule: month-of-year terms are fitted when, on the months before "what is", they
    explain more than level and trend alone (F-test at SEASONAL_ALPHA). A lenient test: a season
    left out inflates false verdicts, terms fitted to a series without seasons cost little."""
    base = np.column_stack([np.ones_like(t), t])
    full = np.column_stack([base, *_harmonics(month_of_year)])
    rss = [float(np.sum((z - x @ np.linalg.lstsq(x, z, rcond=None)[0]) ** 2)) for x in (base, full)]
    df = len(z) - full.shape[1]
    if df <= 0 or rss[1] <= 0:
        return False
    return bool(special.fdtrc(4, df, (rss[0] - rss[1]) / 4 / (rss[1] / df)) < SEASONAL_ALPHA)


def _gls(
    z: np.ndarray, x: np.ndarray, t: np.ndarray, weight: np.ndarray, rho: np.ndarray, moving_average: bool = False
):
    """GLS at each rho (or MA(1) theta) of a stack: (beta, gram, rss, REML log-likelihood)."""
    a = np.column_stack([x, z])
    if moving_average:
        chol = np.linalg.cholesky(_correlation(t, weight, rho, True))
        whitened = np.linalg.solve(chol, np.broadcast_to(a, chol.shape[:-1] + a.shape[-1:]))
        logdet = 2 * np.sum(np.log(np.diagonal(chol, axis1=-2, axis2=-1)), axis=-1)
    else:
        whitened, logdet = _whiten(a, t, weight, rho), _logdet(t, weight, rho)
    xw, zw = whitened[..., :-1], whitened[..., -1]
    xt = np.swapaxes(xw, -1, -2)
    gram = xt @ xw
    beta = np.linalg.solve(gram, (xt @ zw[..., None]))[..., 0]
    rss = np.sum((zw - (xw @ beta[..., None])[..., 0]) ** 2, axis=-1)
    df = max(len(z) - x.shape[1], 1)
    reml = -0.5 * (df * np.log(np.maximum(rss / df, 1e-300)) + logdet + np.linalg.slogdet(gram)[1])
    return beta, gram, rss, reml


def _design(
    series: _Months, t: np.ndarray, columns: list[str], first: np.ndarray, after: np.ndarray, unit: str
) -> tuple[np.ndarray, int]:
    """The earlier level and trend run through every month; the first months of what is each add a term
    of their own (so each is its gap from the earlier path); each later year of what is its own level
    and trend, so a change that goes on unfolding after its first year is not taken for noise. A
    backlog's net flow has one level for all its later months: how steady the stock then holds is
    evidence of how little it wanders."""
    parts = [np.ones_like(t)]
    if "trend" in columns:
        parts.append(t)
    if "season" in columns:
        parts += _harmonics(series.month.astype(int) % 12 + 1)
    own = len(parts)
    parts += [(np.arange(len(t)) == i).astype(float) for i in np.flatnonzero(first)]
    year = np.where(after >= EFFECT_MONTHS, 1 if unit == "backlog" else after // 12, 0)
    for block in np.unique(year[year > 0]):
        inside = year == block
        parts.append(inside.astype(float))
        if unit != "backlog" and inside.sum() >= MIN_MONTHS:
            parts.append(np.where(inside, t - t[inside].mean(), 0.0))
    return np.column_stack(parts), own


def _fit(series: _Months, t: np.ndarray, is_start: np.datetime64, unit: str) -> _Fit:
    pre = series.month < is_start
    after = (series.month - is_start).astype(int)
    first = (after >= 0) & (after < EFFECT_MONTHS)
    columns = ["level"]
    if unit != "backlog" and pre.sum() >= MIN_TREND_MONTHS:
        columns.append("trend")
        month_of_year = series.month.astype(int) % 12 + 1
        if pre.sum() >= SEASONAL_MONTHS and _seasonal(t[pre], series.value[pre], month_of_year[pre]):
            columns.append("season")
    z, w = series.value, series.weight
    x, own = _design(series, t, columns, first, after, unit)
    free = len(z) - x.shape[1]
    ma = unit == "backlog"
    rho = 0.0
    if free > 2:
        grid = THETA_GRID if ma else RHO_GRID
        rho = float(grid[int(np.nanargmax(_gls(z, x, t, w, grid, ma)[3]))])
        rho = min(rho + THETA_MARGIN * min(1 + rho, 1.0) ** 2, 0.5) if ma else _corrected(rho, free)
    beta, gram, rss = (v[0] for v in _gls(z, x, t, w, np.array([rho]), ma)[:3])
    df = max(free, 1)
    sigma2 = float(rss) / df
    season = None
    if "season" in columns:
        at = 1 + ("trend" in columns)
        season = np.column_stack(_harmonics(np.arange(1, 13))) @ beta[at : at + 4]
    return _Fit(
        tuple(columns),
        rho,
        ma,
        float(np.sqrt(sigma2)),
        df,
        beta,
        sigma2 * np.linalg.inv(gram),
        np.arange(own, own + int(first.sum())),
        season,
    )


@dataclass(frozen=True)
class _Test:
    effect: float  # on the model's scale
    se: float
    df: int

    @property
    def p_value(self) -> float:
        # A series the model fits exactly (no variation left) has no noise to judge against: an effect
        # beyond rounding is then certain, and one within it is none.
        if self.se <= NOISELESS or not np.isfinite(self.se):
            return 0.0 if abs(self.effect) > 1e3 * NOISELESS else 1.0
        return float(2 * special.stdtr(self.df, -abs(self.effect) / self.se))

    def interval(self, level: float = 1 - ALPHA) -> tuple[float, float]:
        half = float(special.stdtrit(self.df, 0.5 + level / 2)) * self.se if self.se > 0 else 0.0
        return self.effect - half, self.effect + half


def _q1(series: _Months, t: np.ndarray, was: Window, is_: Window, fit: _Fit) -> _Test | None:
    """The difference of the windows' weighted mean levels (a backlog's mean net flows), seasonally
    adjusted where month-of-year terms were fitted, with its standard error from the noise."""
    in_was, in_is = series.inside(was), series.inside(is_)
    if in_was.sum() < 1 or in_is.sum() < 1:
        return None
    z = series.value
    if fit.season is not None:
        z = z - fit.season[series.month.astype(int) % 12]
    w = series.weight
    contrast = np.where(in_is, w / w[in_is].sum(), 0.0) - np.where(in_was, w / w[in_was].sum(), 0.0)
    used = in_was | in_is
    c = contrast[used]
    variance = fit.sigma**2 * float(c @ _correlation(t[used], w[used], fit.rho, fit.moving_average) @ c)
    return _Test(float(contrast @ z), float(np.sqrt(max(variance, 0.0))), fit.df)


def _q2(series: _Months, fit: _Fit, is_: Window) -> tuple[_Test, np.ndarray, np.ndarray, np.ndarray]:
    """The mean gap between the first EFFECT_MONTHS months of what is and the earlier path (the mean of
    their own terms), with each month's projection on the model's scale, the covariance of the gaps
    and the months."""
    start = np.datetime64(is_.start, "M")
    after = (series.month - start).astype(int)
    first = (after >= 0) & (after < EFFECT_MONTHS)
    gaps, cov = fit.beta[fit.first], fit.cov[np.ix_(fit.first, fit.first)]
    mean = series.weight[first] / series.weight[first].sum()  # a proportion's months by their denominators
    test = _Test(float(mean @ gaps), float(np.sqrt(max(mean @ cov @ mean, 0.0))), fit.df)
    return test, series.value[first] - gaps, cov, series.month[first]


def _describe(months: _Months, unit: str) -> float:
    """A window's descriptive value (wording.UNIT_DEFINITIONS)."""
    if unit == "backlog":
        return float(months.value[-1])
    if unit == "proportion":
        return float(months.value.sum() / months.weight.sum())
    if unit == "days":
        return float(np.median(months.value))
    return float(months.value.mean())


def _q1_words(measure: Measure, up: bool, p_value: float) -> str:
    if not p_value < ALPHA:
        return NO_CLEAR_CHANGE
    if measure.polarity == "neutral":
        return INCREASED if up else DECREASED
    return IMPROVED if up == (measure.polarity == "higher_better") else WORSENED


def _q2_words(measure: Measure, up: bool, p_value: float, within_margin: bool, holds: bool) -> tuple[str, str]:
    if not holds:
        return CANT_TELL, WANDERS
    if p_value < ALPHA:
        if measure.polarity == "neutral":
            return (ABOVE if up else BELOW), ""
        return (BETTER if up == (measure.polarity == "higher_better") else WORSE), ""
    if within_margin:
        return IN_LINE, ""
    return CANT_TELL, TOO_WIDE


def _in_units(gap: float, observed: np.ndarray, weight: np.ndarray, scale: _Scale) -> float:
    """A mean gap on the model's scale as an amount in the measure's units: the observed mean over the
    months less what it would be without the gap; a backlog's mean gap in net flow over the months is
    the stock's gap at their end."""
    if scale.unit == "backlog":
        return gap * len(observed)
    if scale.unit == "proportion":
        rate = float(observed.sum() / weight.sum())
        return rate - float(special.expit(special.logit(rate) - gap))
    level = float(observed.mean()) + scale.offset
    return float(level - level * np.exp(-gap))


def _projection(
    forecast: np.ndarray, cov: np.ndarray, months: np.ndarray, last: float, df: int, scale: _Scale
) -> Projection:
    """The earlier path in the measure's units with 95% intervals; a backlog's is the last earlier stock
    plus the projected net flows, floored at zero."""
    z = special.stdtrit(df, 1 - ALPHA / 2)
    if scale.unit == "backlog":
        path = last + np.cumsum(forecast)
        spread = z * np.sqrt([max(cov[: i + 1, : i + 1].sum(), 0.0) for i in range(len(path))])
        value, low, high = (np.maximum(v, 0.0) for v in (path, path - spread, path + spread))
    else:
        se = np.sqrt(np.maximum(np.diag(cov), 0.0))
        value, low, high = (scale.back(v) for v in (forecast, forecast - z * se, forecast + z * se))
    dates = tuple(pd.Timestamp(m).date() for m in months)
    return Projection(dates, *(tuple(map(float, v)) for v in (value, low, high)))


def compare(frame: pd.DataFrame, measure: Measure, was: Window, is_: Window) -> Comparison:
    """Compare one measure between two windows of a monthly frame (a `month` column plus values).

    Both questions read their noise, and Q2 its earlier trend, from the months from the start of what was
    (the baseline chosen) to the end of what is; months outside them are not used.
    """
    usable = _usable(frame, measure)
    # The months from the start of what was to the end of what is: what was is the baseline both questions
    # read their noise and the earlier trend from (the default compares all the months before what is).
    usable = usable.where(
        (usable.month >= np.datetime64(was.start, "M")) & (usable.month < np.datetime64(is_.end, "M"))
    )
    a, b = usable.within(was), usable.within(is_)
    n_a, n_b = len(a.value), len(b.value)
    value_was = _describe(a, measure.unit) if n_a else None
    value_is = _describe(b, measure.unit) if n_b else None
    change = None if value_was is None or value_is is None else value_is - value_was
    described = Comparison(
        measure, value_was, value_is, change, n_a, n_b, _label(a.month), _label(b.month), model_reason=NO_VERDICT
    )
    scale = _scale(usable, measure.unit)
    series = _model_series(usable, scale)
    start = np.datetime64(is_.start, "M")
    n_pre, n_post = int((series.month < start).sum()), int((series.month >= start).sum())
    if change is None or n_pre < MIN_MONTHS or n_post < 1 or (n_a < MIN_MONTHS and measure.unit != "backlog"):
        return described
    t = (series.month - series.month[0]).astype(int).astype(float)
    fit = _fit(series, t, start, measure.unit)
    q1 = _q1(series, t, was, is_, fit)
    if q1 is None:
        return described
    # A backlog's Q1 in its units: the change in the stock over what is beyond the earlier net flow.
    observed_is = series.within(is_).value if scale.unit == "backlog" else b.value
    low1, high1 = (_in_units(v, observed_is, b.weight, scale) for v in q1.interval())
    out = replace(
        described,
        change_verdict=_q1_words(measure, q1.effect > 0, q1.p_value),
        change_low=min(low1, high1),
        change_high=max(low1, high1),
        change_p=q1.p_value,
        model=f"noise from the earlier months and from each later year of what is: {fit.describe()}.",
    )
    if int((usable.month < start).sum()) < MIN_TREND_MONTHS:
        return replace(out, model_reason=TOO_LITTLE_HISTORY)
    test, forecast, cov, months = _q2(series, fit, is_)
    gap_low, gap_high = test.interval(0.90)
    # For a backlog the gap is a mean of net flows: its margin is how far the stock wanders over them.
    margin = IN_LINE_MARGIN * fit.sigma / (np.sqrt(len(months)) if fit.moving_average else 1.0)
    verdict, reason = _q2_words(
        measure,
        test.effect > 0,
        test.p_value,
        -margin <= gap_low and gap_high <= margin,
        fit.moving_average or fit.rho < HOLDS_RHO,
    )
    first = usable.where(np.isin(usable.month, months))
    observed = series.value[np.isin(series.month, months)] if scale.unit == "backlog" else first.value
    effect, low, high = (_in_units(v, observed, first.weight, scale) for v in (test.effect, *test.interval()))
    last = float(usable.value[usable.month < start][-1])
    # A path that cannot be carried on (WANDERS) is not drawn either.
    projection = _projection(forecast, cov, months, last, fit.df, scale) if reason != WANDERS else None
    return replace(
        out,
        model_verdict=verdict,
        model_reason=reason,
        effect=effect,
        low=min(low, high),
        high=max(low, high),
        model_p=test.p_value,
        effect_months=len(months),
        projection=projection,
    )


def compare_all(frame: pd.DataFrame, measures, was: Window, is_: Window) -> list[Comparison]:
    return [compare(frame, m, was, is_) for m in measures]


def fdr_bh(pvalues) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values: statsmodels' `multipletests(p, method="fdr_bh")[1]` step by
    step, the same arithmetic in the same order (tests/test_first_page.py checks they are equal), without
    importing statsmodels, which with scipy.stats takes a server's first page a second or more."""
    p = np.asarray(pvalues, dtype=float)
    order = np.argsort(p)
    ranked = np.take(p, order)
    ecdf = np.arange(1, len(ranked) + 1) / float(len(ranked))
    adjusted = np.minimum.accumulate((ranked / ecdf)[::-1])[::-1]
    adjusted[adjusted > 1] = 1
    out = np.empty_like(adjusted)
    out[order] = adjusted
    return out


def adjust(comparisons: list[Comparison]) -> list[Comparison]:
    """The verdicts of one page, with the false discovery rate controlled (Benjamini-Hochberg) over
    every comparison that has a p-value, each question its own family; the intervals stay unadjusted.
    An adjustment only ever turns a verdict into "no clear change" or "can't tell yet"."""
    out = list(comparisons)
    for field in ("change_p", "model_p"):
        tested = [i for i, c in enumerate(out) if getattr(c, field) is not None]
        if not tested:
            continue
        adjusted = fdr_bh([getattr(out[i], field) for i in tested])
        for i, p in zip(tested, adjusted):
            if p < ALPHA:
                continue
            c = out[i]
            if field == "change_p":
                out[i] = replace(c, change_verdict=NO_CLEAR_CHANGE)
            elif c.model_verdict not in (IN_LINE, CANT_TELL):
                out[i] = replace(c, model_verdict=CANT_TELL, model_reason=ADJUSTED)
    return out


def placebo(frame: pd.DataFrame, measure: Measure, change_month: date) -> Comparison:
    """The same comparison with the break moved `PLACEBO_SHIFT` months before `change_month`, on the
    months before it only: "what is" becomes the 12 months before the change, "what was" every month
    before those (as the default comparison takes every month before the change)."""
    start = (pd.Timestamp(change_month).replace(day=1) - pd.DateOffset(months=PLACEBO_SHIFT)).date()
    end = pd.Timestamp(change_month).replace(day=1).date()
    was = Window(min(pd.to_datetime(frame["month"]).min().date(), start), start)
    return compare(frame[pd.to_datetime(frame["month"]) < pd.Timestamp(end)], measure, was, Window(start, end))


def with_placebo(comparisons: list[Comparison], placebos: dict[str, Comparison]) -> list[Comparison]:
    """Flag each comparison that moved against its earlier trend whose measure's placebo (by measure key)
    also moved, by at least half as much: it "moves this much without any change of model"."""

    def moves(c: Comparison) -> bool:
        p = placebos.get(c.measure.key)
        if not (
            c.model_verdict in (BETTER, WORSE, ABOVE, BELOW)
            and p is not None
            and p.model_p is not None
            and p.model_p < ALPHA
        ):
            return False
        assert p.effect is not None and c.effect is not None  # `compare` sets an effect with model_p and a verdict
        return abs(p.effect) >= abs(c.effect) / 2

    return [replace(c, placebo_moves=moves(c)) for c in comparisons]


def monthly_values(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The measure's value each month (a proportion's numerator over its denominator)."""
    value = frame[measure.value]
    if measure.unit == "proportion":
        value = value / frame[measure.denominator].where(frame[measure.denominator] > 0)
    return pd.DataFrame({"month": frame["month"], measure.key: value.astype(float)}).dropna()
