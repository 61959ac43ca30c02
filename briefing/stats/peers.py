"""Is it the force's own change, or the national tide? Real recorded crime and crime outcomes for the
force, its peers and England and Wales: rates, what was and what is, ranks, and the comparative
interrupted time series (the force against the path its peers, or England and Wales, project), one
model for both.

Quarterly data take quarter-aligned windows: the sidebar's comparison, anchored to this data's own
latest quarter, with each window widened to whole quarters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import special

from briefing.config import Force
from briefing.store import db, kept_views
from briefing.view import CUSTOM, View, Window, add_months, preset_windows

PEERS = "Peers (combined)"
NATIONAL = "England and Wales"


def _quarter_floor(month: date) -> date:
    """First month of the financial quarter holding `month` (quarters start Apr, Jul, Oct, Jan)."""
    return add_months(month, -((month.month - 1) % 3))


def quarter_windows(view: View, latest_quarter: date) -> tuple[Window, Window]:
    """(what was, what is) in whole quarters: the view's comparison, anchored to the latest quarter
    of the data (a custom window widened outwards to whole quarters)."""
    if view.preset == CUSTOM:
        was, is_ = view.was, view.is_
    else:
        preset = next(p for p in view.force.presets if p.key == view.preset)
        was, is_ = preset_windows(preset, view.force, add_months(latest_quarter, 2))

    def whole(w: Window) -> Window:
        end = _quarter_floor(w.last)
        return Window(_quarter_floor(w.start), add_months(end, 3))

    return whole(was), whole(is_)


def series(quarterly: pd.DataFrame, force: Force) -> pd.DataFrame:
    """Quarterly rates per 1,000 people a year (a quarter's crimes x 4, over the mid-2024 population)
    for every force, the force's peers combined (summed, as HMICFRS weights its groups) and England
    and Wales. `quarterly`: quarter, force, pfa_code, crimes, population for the 43 forces."""
    forces = quarterly.assign(series=quarterly["force"])
    peers = quarterly[quarterly["force"].isin(force.peers.forces)].assign(series=PEERS)
    national = quarterly.assign(series=NATIONAL)
    combined = (
        pd.concat([forces, peers, national])
        .groupby(["series", "quarter"], as_index=False)[["crimes", "population"]]
        .sum()
    )
    combined["per_1000"] = 4000 * combined["crimes"] / combined["population"]
    combined["quarter"] = pd.to_datetime(combined["quarter"]).dt.date
    return combined.sort_values(["series", "quarter"], ignore_index=True)


def force_name(force: Force, quarterly: pd.DataFrame) -> str:
    """The force's Home Office name, found by its ONS code in the population table."""
    named = quarterly.loc[quarterly["pfa_code"] == force.pfa_code, "force"]
    if named.empty:
        raise ValueError(f"force.toml's pfa_code {force.pfa_code!r} is not a police force area in the data")
    return str(named.iloc[0])


def windows_table(
    rates: pd.DataFrame, own: str, force: Force, was: Window, is_: Window, every_force: bool = False
) -> pd.DataFrame:
    """What was and what is for the force, its peers, the peers combined and England and Wales (or,
    with `every_force`, all 43 forces by rate): mean rate per 1,000 a year in each window, the change
    in per cent, and the ranks among the 43 forces and among the force and its peers (1 = the
    lowest rate, or the biggest fall)."""

    def mean_rate(w: Window) -> pd.Series:
        inside = rates[(rates["quarter"] >= w.start) & (rates["quarter"] < w.end)]
        return inside.groupby("series")["per_1000"].mean()

    table = pd.DataFrame({"was_per_1000": mean_rate(was), "is_per_1000": mean_rate(is_)})
    table["change_pct"] = 100 * (table["is_per_1000"] / table["was_per_1000"] - 1)
    forces = table.drop(index=[PEERS, NATIONAL])
    members = [name for name in (own, *force.peers.forces) if name in forces.index]
    group = forces.loc[members]
    for column in ("is_per_1000", "change_pct"):
        table[f"{column}_rank_of_43"] = forces[column].rank(method="min")
        table[f"{column}_rank_in_group"] = group[column].rank(method="min")
    if every_force:
        return table.loc[forces.index].sort_values("is_per_1000").rename_axis("series").reset_index()
    return table.loc[[*members, PEERS, NATIONAL]].rename_axis("series").reset_index()


def people_table(table: pd.DataFrame, was: Window, is_: Window) -> pd.DataFrame:
    """The windows table with plain headers, rounded, its windows in the column names."""
    out = pd.DataFrame(
        {
            "Force or group": table["series"],
            f"What was ({was.label()}), per 1,000 a year": table["was_per_1000"].round(3),
            f"What is ({is_.label()}), per 1,000 a year": table["is_per_1000"].round(3),
            "Change (%)": table["change_pct"].round(1),
            "Rank of 43, what is (1 = lowest)": table["is_per_1000_rank_of_43"].astype("Int64"),
            "Rank of 43, change (1 = biggest fall)": table["change_pct_rank_of_43"].astype("Int64"),
            "Rank in group, what is": table["is_per_1000_rank_in_group"].astype("Int64"),
        }
    )
    return out.assign(data="Real: Home Office police recorded crime; ONS mid-2024 population")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


EFFECT_QUARTERS = 4  # Q2's effect: averaged over the first 12 months (4 quarters) of what is
MIN_HISTORY_QUARTERS = 8  # quarters before what is needed to fit the force on its comparison
# Short series understate autocorrelation: the estimate is corrected for its small-sample bias
# (Kendall: + (1 + 3 rho) / n) and given a margin, so that with no change the model calls one at most
# 7% of the time at quarter-to-quarter correlation 0.5 and 0.7 with a shared national wander
# (tests/test_peers.py; without the correction 10% and 13%).
RHO_MARGIN = 0.1
RHO_BOUNDS = (-0.9, 0.95)
ITERATIONS = 10  # GLSAR iterates to convergence; ten rounds settle the rates to 0.1 of a point


def its_fit(own: np.ndarray, control: np.ndarray, after: int, corrected: bool = True) -> tuple[np.ndarray, ...]:
    """The comparative interrupted time series, for many series at once: each row of `own` (R x n,
    on the model's scale) regressed on the same row of `control` (the comparison's series) with AR(1)
    errors, the last `after` quarters each given their own indicator, so the model is fitted on the
    quarters before what is and the effect is the mean gap between what is observed and what the
    comparison projects over those quarters.

    GLSAR's algorithm (statsmodels `GLSAR(rho=1).iterative_fit`: OLS, rho by Yule-Walker on the
    residuals, Cochrane-Orcutt whitening dropping the first quarter, repeated), vectorised so that the
    calibration runs thousands of series in a second, with rho corrected as RHO_MARGIN says (without
    `corrected` it gives GLSAR's answer: tests/test_peers.py).
    Returns (effect, standard error, rho, residual degrees of freedom, residual SD), each of length R;
    the residual SD is the quarters' spread about the comparison's path before what is."""
    y, x = np.atleast_2d(np.asarray(own, float)), np.atleast_2d(np.asarray(control, float))
    rows, n = y.shape
    design = np.zeros((rows, n, 2 + after))
    design[:, :, 0], design[:, :, 1] = 1.0, x
    for j in range(after):
        design[:, n - after + j, 2 + j] = 1.0

    def solve(ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
        xt = xs.transpose(0, 2, 1)  # batched matrix products: far faster than einsum here
        return np.linalg.solve(xt @ xs, xt @ ys[..., None])[..., 0]

    params = solve(y, design)
    for _ in range(ITERATIONS):
        resid = y - (design @ params[..., None])[..., 0]
        centred = resid - resid.mean(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):  # a series fitted exactly has no residual
            rho = (centred[:, 1:] * centred[:, :-1]).sum(axis=1) / (n - 1) / ((centred**2).sum(axis=1) / n)
        rho = np.nan_to_num(rho)
        if corrected:
            rho = np.clip(rho + (1 + 3 * rho) / (n - after) + RHO_MARGIN, *RHO_BOUNDS)
        ys, xs = y[:, 1:] - rho[:, None] * y[:, :-1], design[:, 1:] - rho[:, None, None] * design[:, :-1]
        previous, params = params, solve(ys, xs)
        if np.all(np.abs(params - previous) <= 1e-7 * (1 + np.abs(previous))):
            break  # every series has converged
    whitened = ys - (xs @ params[..., None])[..., 0]
    df = n - 1 - (2 + after)
    contrast = np.r_[0.0, 0.0, np.full(after, 1 / after)]
    inverse = np.linalg.inv(xs.transpose(0, 2, 1) @ xs)
    se = np.sqrt(np.maximum((whitened**2).sum(axis=1) / df * np.einsum("i,rij,j->r", contrast, inverse, contrast), 0))
    spread = (y - (design @ params[..., None])[..., 0])[:, : n - after].std(axis=1, ddof=2)
    return params @ contrast, se, rho, np.full(rows, df), spread


def its_called(effect: np.ndarray, se: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Whether each effect's 95% interval leaves out zero."""
    return np.abs(effect) > t_975(df) * se


def t_975(df):
    """Student's t 97.5% point for `df` degrees of freedom: `scipy.stats.t.ppf(0.975, df)`, by the special
    function it calls, so a page with peers does not import scipy.stats (about a second; issue 24)."""
    return special.stdtrit(df, 0.975)


METHOD_SENTENCE = (
    "Against the earlier path, by comparison: the force's quarterly series is fitted on its comparison's (its "
    "peers combined, or England and Wales) over the quarters before what is, with AR(1) errors (a comparative "
    "interrupted time series, Lopez Bernal et al. 2018; statsmodels GLSAR's algorithm); the effect is the gap "
    "between what the force recorded and what that path projects, averaged over the first four quarters (12 "
    "months) of what is, with its 95% interval. 'In line' means the interval lies within one quarter's noise "
    "either side; a wider interval is 'can't tell yet'. A change the peers share is the national tide, not the "
    "force's own."
)
CALIBRATION_QUARTERS = (32, 4)  # quarters before what is, and the effect's quarters, in the simulation


def simulate(
    rng: np.random.Generator, runs: int, rho: float, step: float, peers: int = 5, wander_sd: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """Series shaped like the real ones, on the model's scale: a national wander (a random walk, each
    quarter's move `wander_sd` noise SDs) shared by the force and each of `peers` peers, each with its
    own AR(1) noise (correlation `rho`, marginal SD 1), and a step of `step` SDs in the force from the
    first quarter of what is. Returns (force, the peers' mean), each runs x quarters."""
    before, after = CALIBRATION_QUARTERS
    n = before + after

    def ar1(shape: tuple[int, ...]) -> np.ndarray:
        shocks = rng.normal(size=shape)
        out = np.empty(shape)
        out[..., 0] = shocks[..., 0]
        for t in range(1, n):
            out[..., t] = rho * out[..., t - 1] + np.sqrt(1 - rho**2) * shocks[..., t]
        return out

    wander = np.cumsum(rng.normal(scale=wander_sd, size=(runs, n)), axis=1)
    force = wander + ar1((runs, n)) + step * (np.arange(n) >= before)
    return force, (wander[:, None, :] + ar1((runs, peers, n))).mean(axis=1)


CALIBRATION_CASES = ((0.0, 0.0), (0.5, 0.0), (0.7, 0.0), (0.0, 2.0), (0.5, 2.0), (0.7, 2.0))


CALIBRATION = ("calibration", 1000, 2023)  # what the set of views keeps the shown calibration as: (name, runs, seed)


@lru_cache(maxsize=2)
def calibration(runs: int = 1000, seed: int = 2023) -> tuple[tuple[float, float, float], ...]:
    """(rho, step in SDs, share of runs called a change) for each case of CALIBRATION_CASES: the
    false-verdict rate where the step is 0, the power where it is 2. Read from the set of views
    (briefing.app.precomputed works it out at refresh: about half a second a process otherwise), or simulated."""
    return kept_views.kept(("calibration", runs, seed), db.version(), lambda: simulated_calibration(runs, seed))


def simulated_calibration(runs: int = 1000, seed: int = 2023) -> tuple[tuple[float, float, float], ...]:
    """The calibration worked out by simulation (never read from the set)."""
    rng = np.random.default_rng(seed)
    rates = []
    for rho, step in CALIBRATION_CASES:
        force, peers_mean = simulate(rng, runs, rho, step)
        effect, se, _, df, _ = its_fit(force, peers_mean, CALIBRATION_QUARTERS[1])
        rates.append((rho, step, float(its_called(effect, se, df).mean())))
    return tuple(rates)


def calibration_table() -> pd.DataFrame:
    """The calibration as a table for people (Data and methods)."""
    before, after = CALIBRATION_QUARTERS
    return pd.DataFrame(
        [
            {
                "Case": "no change (false verdicts)" if step == 0 else f"a step of {step:g} noise SDs (power)",
                "Quarter-to-quarter correlation (AR(1))": rho,
                "Called a change": f"{rate:.1%}",
                "Target": "at most 7%" if step == 0 else "as high as four quarters allow",
                "Series": f"1,000 a case; {before} quarters before, {after} after; national wander shared with 5 peers",
            }
            for rho, step, rate in calibration()
        ]
    )


def calibration_sentence() -> str:
    """The model's calibration in words, computed (`calibration`), for the pages that show it."""
    rates = {(rho, step): rate for rho, step, rate in calibration()}
    before, after = CALIBRATION_QUARTERS
    false = [f"{rates[(rho, 0.0)]:.1%}" for rho in (0.0, 0.5, 0.7)]
    power = [f"{rates[(rho, 2.0)]:.0%}" for rho in (0.0, 0.5, 0.7)]
    return (
        f"Checked by simulation ({before} quarters before, {after} after, 1,000 series a case, a national wander "
        f"shared with five peers): with no change it calls one in {false[0]} of series when quarters are "
        f"independent, {false[1]} when each carries half of its noise into the next and {false[2]} at 0.7; a "
        f"step of two noise standard deviations is found in {power[0]}, {power[1]} and {power[2]}. Four "
        "quarters are few: a smaller change, or one in a persistent series, may read 'can't tell yet'."
    )


@dataclass(frozen=True)
class Comparative:
    """Q2 against a comparison: the force's quarters in what is against the path its comparison (its
    peers' mean, or England and Wales) projects from the quarters before, averaged over the first
    EFFECT_QUARTERS quarters of what is. `effect`, `low`, `high` are in `unit`: per cent of the
    projected level for a rate, percentage points for a proportion."""

    against: str  # "its peers" or "England and Wales"
    effect: float | None
    low: float | None
    high: float | None
    unit: str  # "%" or "pts"
    polarity: str  # "higher_better" or "lower_better"
    quarters_before: int
    quarters_after: int
    rho: float | None = None
    margin: float | None = None  # one noise SD, in `unit`: the band for "in line"
    reason: str = ""  # why there is no effect

    @property
    def verdict(self) -> str:
        if self.effect is None:
            return f"can't tell yet: {self.reason}"
        assert self.low is not None and self.high is not None and self.margin is not None  # set with the effect
        path = "its peers' path" if self.against == "its peers" else f"the path of {self.against}"
        if self.low > 0 or self.high < 0:
            better = (self.low > 0) == (self.polarity == "higher_better")
            return f"{'better' if better else 'worse'} than {path}"
        if -self.margin <= self.low and self.high <= self.margin:
            return f"in line with {path}"
        return "can't tell yet: the interval is too wide"

    def interval_text(self) -> str:
        """The effect and its 95% interval, short: "+2.1 pts (-0.4 to +3.9)"; "n/a" without an effect."""
        if self.effect is None:
            return "n/a"
        unit = "%" if self.unit == "%" else " pts"
        return f"{self.effect:+.1f}{unit} ({self.low:+.1f} to {self.high:+.1f})"

    def sentence(self) -> str:
        """The effect in words, with its interval and what it rests on."""
        if self.effect is None:
            return f"Against {self.against}: {self.verdict}."
        unit = "%" if self.unit == "%" else " points"
        return (
            f"Against {self.against}: {self.effect:+.1f}{unit} beyond the path they project over the first "
            f"{self.quarters_after} quarters of what is (95% interval {self.low:+.1f}{unit} to "
            f"{self.high:+.1f}{unit}; fitted on {self.quarters_before} quarters before): **{self.verdict}**."
        )


def _scale(values: np.ndarray, scale: str) -> np.ndarray:
    return np.log(values) if scale == "log" else special.logit(values)


def comparative(
    own: pd.Series,
    comparison: pd.Series,
    is_: Window,
    against: str,
    *,
    scale: str = "log",
    polarity: str = "lower_better",
) -> Comparative:
    """Q2 by the comparative interrupted time series (DESIGN section 5, "Peers"): own = a + b x
    comparison + an effect in each of the first quarters of what is, AR(1) errors (`its_fit`).
    `own` and `comparison` are indexed by quarter (dates), on their own scale: a rate ("log") or a
    proportion between 0 and 1 ("logit"). Quarters missing from either (incomplete, or across a
    declared break) are left out."""
    both = pd.concat([own.rename("own"), comparison.rename("comparison")], axis=1).dropna().sort_index()
    both = both[(both > 0).all(axis=1) & ((both < 1).all(axis=1) if scale == "logit" else True)]
    before = both[both.index < is_.start]
    after = both[(both.index >= is_.start) & (both.index < is_.end)].iloc[:EFFECT_QUARTERS]
    unit = "%" if scale == "log" else "pts"
    if len(before) < MIN_HISTORY_QUARTERS or after.empty:
        reason = "too little history" if len(before) < MIN_HISTORY_QUARTERS else "no quarters in what is"
        return Comparative(against, None, None, None, unit, polarity, len(before), len(after), reason=reason)
    used = pd.concat([before, after])
    y, x = _scale(used["own"].to_numpy(), scale), _scale(used["comparison"].to_numpy(), scale)
    effect, se, rho, df, spread = (float(v[0]) for v in its_fit(y, x, len(after)))
    half = float(t_975(df)) * se
    if scale == "log":
        shown = [100 * math.expm1(v) for v in (effect, effect - half, effect + half)]
        margin = 100 * math.expm1(spread)
    else:
        observed = after["own"].to_numpy()

        def points(v: float) -> float:
            return 100 * float(np.mean(observed - special.expit(special.logit(observed) - v)))

        shown = [points(v) for v in (effect, effect - half, effect + half)]
        margin = abs(points(spread))
    return Comparative(against, shown[0], shown[1], shown[2], unit, polarity, len(before), len(after), rho, margin)


def crime_comparative(rates: pd.DataFrame, own: str, against: str, is_: Window) -> Comparative:
    """Q2 for recorded crime: the force's quarterly rate against its peers' combined rate (or England
    and Wales), the comparative interrupted time series on the log scale; a fall is the better way."""

    def rate(series: str) -> pd.Series:
        return rates[rates["series"] == series].set_index("quarter")["per_1000"]

    return comparative(
        rate(own),
        rate(against),
        is_,
        "its peers" if against == PEERS else NATIONAL,
        scale="log",
        polarity="lower_better",
    )
