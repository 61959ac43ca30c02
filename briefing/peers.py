"""Is it the force's own change, or the national tide? Real recorded crime for the force, its peers
and England and Wales: rates per 1,000 people, what was and what is, ranks, and the difference in
differences (the force's change beyond its peers' over the same windows).

Quarterly data take quarter-aligned windows: the sidebar's comparison, anchored to this data's own
latest quarter, with each window widened to whole quarters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import GLSAR

from briefing import db
from briefing.charts import BLUE, GREY, ORANGE, SKY, WINDOW_COLOURS, keyed, layered, tip
from briefing.compare import Window
from briefing.config import Force
from briefing.filters import CUSTOM, View, add_months, preset_windows

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
        end = _quarter_floor(add_months(w.end, -1))
        return Window(_quarter_floor(w.start), add_months(end, 3))

    return whole(was), whole(is_)


def series(quarterly: pd.DataFrame, force: Force) -> pd.DataFrame:
    """Quarterly rates per 1,000 people a year (a quarter's crimes x 4, over the mid-2024 population)
    for every force, the force's peers combined (summed, as HMICFRS weights its groups) and England
    and Wales. `quarterly`: quarter, force, pfa_code, crimes, population for the 43 forces."""
    forces = quarterly.assign(series=quarterly["force"])
    peers = quarterly[quarterly["force"].isin(force.peers.forces)].assign(series=PEERS)
    national = quarterly.assign(series=NATIONAL)
    combined = pd.concat([forces, peers, national]).groupby(["series", "quarter"], as_index=False)[
        ["crimes", "population"]].sum()
    combined["per_1000"] = 4000 * combined["crimes"] / combined["population"]
    combined["quarter"] = pd.to_datetime(combined["quarter"]).dt.date
    return combined.sort_values(["series", "quarter"], ignore_index=True)


def force_name(force: Force, quarterly: pd.DataFrame) -> str:
    """The force's Home Office name, found by its ONS code in the population table."""
    named = quarterly.loc[quarterly["pfa_code"] == force.pfa_code, "force"]
    if named.empty:
        raise ValueError(f"force.toml's pfa_code {force.pfa_code!r} is not a police force area in the data")
    return str(named.iloc[0])


def windows_table(rates: pd.DataFrame, own: str, force: Force, was: Window, is_: Window,
                  every_force: bool = False) -> pd.DataFrame:
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
    out = pd.DataFrame({
        "Force or group": table["series"],
        f"What was ({was.label()}), per 1,000 a year": table["was_per_1000"].round(3),
        f"What is ({is_.label()}), per 1,000 a year": table["is_per_1000"].round(3),
        "Change (%)": table["change_pct"].round(1),
        "Rank of 43, what is (1 = lowest)": table["is_per_1000_rank_of_43"].astype("Int64"),
        "Rank of 43, change (1 = biggest fall)": table["change_pct_rank_of_43"].astype("Int64"),
        "Rank in group, what is": table["is_per_1000_rank_in_group"].astype("Int64"),
    })
    return out.assign(data="Real: Home Office police recorded crime; ONS mid-2024 population")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class DiD:
    """The force's change beyond its comparison group's, in per cent, with a 95% interval."""

    effect_pct: float
    low_pct: float
    high_pct: float
    quarters_was: int
    quarters_is: int
    rho: float  # the gap's estimated quarter-to-quarter (AR(1)) correlation

    @property
    def verdict(self) -> str:
        if self.low_pct <= 0 <= self.high_pct:
            return "no clear difference"
        return "fell more than the comparison" if self.high_pct < 0 else "rose more than the comparison"


def difference_in_differences(own: pd.DataFrame, comparison: pd.DataFrame, was: Window, is_: Window) -> DiD | None:
    """The difference in differences on the quarterly log-rate gap (force minus comparison): the
    gap's mean in what is less its mean in what was, in per cent, with a 95% interval.

    The gap is regressed on indicators of the two windows (the quarters before what was enter as
    a third level) with AR(1) errors (statsmodels GLSAR, iterated), so the interval allows for the
    gap's persistence from quarter to quarter; the earlier quarters sharpen the estimate of that
    persistence. Newey-West errors on the two windows alone were tried and rejected: on 22
    quarters with correlation 0.5 they called a change in a quarter of null series
    (tests/test_peers.py holds the calibration). Frames: quarter, per_1000. None if either window
    has fewer than 4 quarters with data."""
    gap = (np.log(own.set_index("quarter")["per_1000"]) - np.log(comparison.set_index("quarter")["per_1000"]))
    gap = gap[np.isfinite(gap) & (gap.index < is_.end)].sort_index()
    quarters = pd.Series(gap.index, index=gap.index)
    in_is = ((quarters >= is_.start) & (quarters < is_.end)).to_numpy(float)
    in_was = ((quarters >= was.start) & (quarters < was.end)).to_numpy(float)
    if in_is.sum() < 4 or in_was.sum() < 4:
        return None
    history = (in_is + in_was) == 0
    if history.any():
        design, contrast = np.column_stack([np.ones(len(gap)), in_was, in_is]), [0, -1, 1]
    else:
        design, contrast = np.column_stack([np.ones(len(gap)), in_is]), [0, 1]
    fit = GLSAR(gap.to_numpy(), design, rho=1).iterative_fit(maxiter=20)
    test = fit.t_test(contrast)
    low, high = np.asarray(test.conf_int(alpha=0.05))[0]
    pct = lambda x: 100 * math.expm1(float(x))  # noqa: E731
    return DiD(pct(np.asarray(test.effect)[0]), pct(low), pct(high), int(in_was.sum()), int(in_is.sum()),
               float(fit.model.rho[0]))


def trend_chart(rates: pd.DataFrame, own: str, force: Force, was: Window, is_: Window, group: str) -> dict:
    """The force, its peers combined and England and Wales per 1,000 a year by quarter (each peer a
    thin line), the two windows shaded (a Vega-Lite spec). Colour, dash and width all differ, so no
    colour is needed."""
    styles = {own: (BLUE, [1, 0], 3), PEERS: (ORANGE, [6, 3], 2.5), NATIONAL: (GREY, [2, 2], 2.5)}
    styles |= {peer: (SKY, [1, 0], 1) for peer in force.peers.forces}
    data = rates[rates["series"].isin(styles)].assign(quarter=lambda d: pd.to_datetime(d["quarter"]))
    domain = list(styles)
    windows = pd.DataFrame({"window": ["What was", "What is"],
                            "start": pd.to_datetime([was.start, is_.start]), "end": pd.to_datetime([was.end, is_.end])})
    shade = {"data": {"name": "windows"}, "mark": {"type": "rect", "opacity": 0.12},
             "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"},
                          "color": keyed("window", "Window", list(WINDOW_COLOURS), list(WINDOW_COLOURS.values()),
                                         {"orient": "bottom"})}}
    # One legend: the three channels share the field and title, so Vega-Lite merges them.
    lines = {"data": {"name": "rates"}, "mark": {"type": "line"},
             "encoding": {
                 "x": {"field": "quarter", "type": "temporal", "title": "Quarter (first month)",
                       "axis": {"format": "%b %Y"}},
                 "y": {"field": "per_1000", "type": "quantitative", "title": "Per 1,000 people a year",
                       "axis": {"format": ",.3~g"}},
                 "stroke": keyed("series", "Series", domain, [style[0] for style in styles.values()],
                                 {"orient": "bottom", "columns": 4, "labelLimit": 0}),
                 **{channel: {"field": "series", "type": "nominal", "title": "Series",
                              "scale": {"domain": domain, "range": [style[i] for style in styles.values()]}}
                    for i, channel in ((1, "strokeDash"), (2, "strokeWidth"))},
                 "tooltip": [tip("series", "Series"), tip("quarter", "Quarter from", "temporal", "%b %Y"),
                             tip("per_1000", "Per 1,000 a year", "quantitative", ",.3~g"),
                             tip("crimes", "Crimes in the quarter", "quantitative", ",")]}}
    return layered([shade, lines], {"windows": windows, "rates": data[["series", "quarter", "per_1000", "crimes"]]},
                   title={"text": f"{group}: {own} against its peers and England and Wales",
                          "subtitle": ["Real data: Home Office police recorded crime, by quarter"], "anchor": "start"},
                   height=260)


@dataclass(frozen=True)
class Compared:
    """Everything Crime and peers shows for an offence group and comparison, worked out once (`compared`)."""

    own: str  # the force's name in the data
    was: Window  # quarter-aligned
    is_: Window
    table: pd.DataFrame  # windows_table: the force, its peers and England and Wales
    every_force: pd.DataFrame  # windows_table of all 43 forces
    vs_peers: DiD | None
    vs_nation: DiD | None
    chart: dict  # trend_chart as a Vega-Lite spec


def compared(group: str, view: View) -> Compared:
    """The peers comparison of `group` for the view's comparison windows. Force-level data: the LPAs
    chosen make no difference, so one result serves every LPA choice. Raises db.ExtractUnavailable."""
    return _compared(group, replace(view.compared, lpas=()), db.version())


@lru_cache(maxsize=32)
def _compared(group: str, view: View, version: str) -> Compared:
    force = view.force
    quarterly = db.query("crime_and_peers/quarterly", view, offence_group=group)
    rates = series(quarterly, force)
    own = force_name(force, quarterly)
    was, is_ = quarter_windows(view, rates["quarter"].max())
    mine = rates[rates["series"] == own]
    return Compared(
        own, was, is_, windows_table(rates, own, force, was, is_),
        windows_table(rates, own, force, was, is_, every_force=True),
        difference_in_differences(mine, rates[rates["series"] == PEERS], was, is_),
        difference_in_differences(mine, rates[rates["series"] == NATIONAL], was, is_),
        trend_chart(rates, own, force, was, is_, group),
    )
