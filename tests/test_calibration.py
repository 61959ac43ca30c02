"""The verdicts calibrated by simulation (seeded): series shaped like the shipped ones (48 months, what was
the first 24, what is the last 24), run through `compare`, the function every tile uses.

Null series (no change at the boundary: AR(1) noise at 0, 0.5 and 0.7, a trend that continues, a
seasonal pattern, a backlog whose net flow only drifts) must give a false verdict at most 7% of the
time at the nominal 5%; a real step of two noise standard deviations where what is starts must be found
at least 80% of the time (independent months; with autocorrelation the same step is found less often,
see Data and methods). A noise standard deviation is the marginal one, as an analyst would estimate it
from a series with no change (`noise_sd`), on the scale the unit is read on (`scale`). Each rate is
estimated from REPS series, so it is asserted within binomial error (two standard errors) of its
target: a test fails when the engine is clearly off target.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from briefing.compare import Measure, Window, compare

MONTHS = pd.date_range("2021-04-01", periods=48, freq="MS")
WAS, IS = Window(date(2021, 4, 1), date(2023, 4, 1)), Window(date(2023, 4, 1), date(2025, 4, 1))
T = np.arange(48)
REPS = 160  # per null case
DETECTION_REPS = 400  # per step case: few cases, and power near its target needs a tighter estimate
FALSE_TARGET, DETECTION_TARGET = 0.07, 0.80


def tolerance(target: float, reps: int) -> float:
    return 2 * np.sqrt(target * (1 - target) / reps)


def ar1(rng: np.random.Generator, rho: float, reps: int) -> np.ndarray:
    """reps x 48 AR(1) series with unit marginal standard deviation (after a burn-in)."""
    e = rng.standard_normal((reps, 48 + 50)) * np.sqrt(1 - rho**2)
    x = np.zeros_like(e)
    x[:, 0] = rng.standard_normal(reps)
    for i in range(1, e.shape[1]):
        x[:, i] = rho * x[:, i - 1] + e[:, i]
    return x[:, 50:]


SHAPES = {
    "flat": lambda: 0.0,
    "continuing trend": lambda: 0.1 * T,
    "seasonal": lambda: np.sin(2 * np.pi * T / 12),
}


def frames(unit: str, shape: str, rho: float, seed: int, reps: int,
           step: float = 0.0) -> tuple[Measure, list[pd.DataFrame]]:
    """Simulated monthly frames of one unit; `shape` plus AR(1) noise drives the series (for a backlog,
    its monthly net flow, so a flat shape is a random walk). `step` is added where what is starts, on
    the scale an analyst reads the unit on (see `scale`)."""
    rng = np.random.default_rng(seed)
    driver = SHAPES[shape]() + ar1(rng, rho, reps)
    after = step * (T >= 24)
    measure = Measure("m", "m", unit, "neutral", "v", "d" if unit == "proportion" else None)
    if unit == "count":
        # 15% a standard deviation on the log scale, on top of Poisson variation in about 4,000 a month.
        values = rng.poisson(np.exp(np.log(4000) + 0.15 * driver + after))
        return measure, [pd.DataFrame({"month": MONTHS, "v": v}) for v in values]
    if unit == "proportion":
        offered = rng.integers(800, 1200, size=(reps, 48))
        answered = rng.binomial(offered, 1 / (1 + np.exp(-0.25 * driver)) + after)
        return measure, [pd.DataFrame({"month": MONTHS, "v": a, "d": d}) for a, d in zip(answered, offered)]
    if unit == "backlog":
        values = 500 + np.cumsum(10 * driver + after, axis=1)
    else:  # days (monthly medians) and rates: continuous values
        values = 20 + 2 * driver + after
    return measure, [pd.DataFrame({"month": MONTHS, "v": v}) for v in values]


def scale(unit: str, f: pd.DataFrame) -> np.ndarray:
    """The monthly series as an analyst reads it: log counts, shares, values, a backlog's net flow."""
    v = f["v"].to_numpy(float)
    return {"count": lambda: np.log(v), "proportion": lambda: v / f["d"].to_numpy(float),
            "backlog": lambda: np.diff(v)}.get(unit, lambda: v)()


def noise_sd(unit: str) -> float:
    """One noise standard deviation: the marginal standard deviation of the monthly series (on `scale`)
    with no change and independent months, as an analyst would estimate it from a series (the mean of
    the sample standard deviations of 200 such series). For a share it includes the binomial variation
    of about 1,000 calls a month."""
    measure, simulated = frames(unit, "flat", 0.0, 99, 200)
    return float(np.mean([np.std(scale(unit, f), ddof=1) for f in simulated]))


def called_changed(unit: str, shape: str, rho: float, seed: int, reps: int = REPS, step: float = 0.0) -> float:
    measure, simulated = frames(unit, shape, rho, seed, reps, step)
    return float(np.mean([compare(f, measure, WAS, IS).verdict != "no clear change" for f in simulated]))


UNITS = ("count", "proportion", "days", "rate", "backlog")
NULLS = [("flat", 0.0), ("flat", 0.5), ("flat", 0.7), ("continuing trend", 0.5), ("seasonal", 0.5)]


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("shape,rho", NULLS)
def test_no_change_is_rarely_called_a_change(unit, shape, rho):
    seed = UNITS.index(unit) * 100 + NULLS.index((shape, rho))
    assert called_changed(unit, shape, rho, seed) <= FALSE_TARGET + tolerance(FALSE_TARGET, REPS)


@pytest.mark.parametrize("unit", UNITS)
def test_a_step_of_two_standard_deviations_is_found(unit):
    found = called_changed(unit, "flat", 0.0, 1000 + UNITS.index(unit), DETECTION_REPS, 2 * noise_sd(unit))
    assert found >= DETECTION_TARGET - tolerance(DETECTION_TARGET, DETECTION_REPS)
