"""Real crime outcomes for the force, its peers and England and Wales (Home Office crime outcomes
open data, by quarter), shown beside (never joined to) the demonstration series: the charge/summons
rate, positive outcomes ("brought to justice" in the Home Office's sense) per 1,000 people and as a
share of assigned outcomes; what was and what is in quarter-aligned windows; ranks among the 43
forces and among the peers; both answers (Q1 by the comparison engine on the force's own quarters,
Q2 by the comparative interrupted time series against its peers, `peers.comparative`).

Rules stated once, here:
- Basis: "closed" by default: outcomes of investigations closed in each quarter, a complete count of
  what the force did that quarter. The "recorded" basis follows offences recorded in each quarter,
  so its recent quarters undercount (investigations still open) and a what-is window ending there
  would look worse than it is.
- Incomplete quarters (flagged in the extract: all of 2014/15, and any quarter whose assigned
  outcomes are under a quarter of the force's median) are left out of every rate, window and model;
  a combined series (peers, England and Wales) sums the forces complete in that quarter.
- A declared recording change in a force's assigned outcomes splits the two shares of assigned
  outcomes: only the force's quarters since its latest change enter a comparison of them (what was
  starts there if it began before). Charges and positive outcomes per 1,000 carry on across it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import pandas as pd

from briefing.config import Force
from briefing.present import charts
from briefing.stats import compare, peers
from briefing.stats.compare import Measure
from briefing.store import db, kept_views
from briefing.view import View, Window, add_months

PEERS, NATIONAL = peers.PEERS, peers.NATIONAL
BASES = {"closed": "Investigations closed in the quarter (default)", "recorded": "Offences recorded in the quarter"}
MEASURES = {
    "charge_rate": Measure(
        "outcomes_charge_rate",
        "Charge/summons rate (share of assigned outcomes)",
        "proportion",
        "higher_better",
        "charged",
        "assigned",
    ),
    "positive_per_1000": Measure(
        "outcomes_positive_per_1000",
        "Positive outcomes per 1,000 people a year",
        "rate",
        "higher_better",
        "positive_per_1000",
    ),
    "positive_share": Measure(
        "outcomes_positive_share",
        "Positive outcomes (share of assigned outcomes)",
        "proportion",
        "higher_better",
        "positive",
        "assigned",
    ),
}
SHARES = ("charge_rate", "positive_share")  # rest on assigned outcomes: a recording change splits them
SOURCE = (
    "Home Office crime outcomes open data tables (via SGilr/oocd-dashboard); ONS mid-2024 population by "
    "police force area"
)
BASIS_WHY = (
    "Closed basis by default: it counts the outcomes of investigations closed in each quarter, whatever "
    "quarter the offence was recorded in, so every quarter is complete. The recorded basis follows the "
    "offences recorded in each quarter and undercounts recent quarters, whose investigations are still "
    "open: a fall at its end is partly immaturity."
)
DEFINITION = (
    "Positive outcomes are what the Home Office counts as brought to justice: charges and summonses "
    "(outcome type 1) plus out-of-court outcomes (cautions, penalty notices for disorder, cannabis or khat "
    "warnings, community resolutions, diversionary outcomes). Assigned outcomes are every outcome given, "
    "including those with no further action."
)


def _numerators(measure_key: str) -> tuple[str, str]:
    measure = MEASURES[measure_key]
    return (measure.value, measure.denominator) if measure.denominator else ("positive", "population")


def usable(quarterly: pd.DataFrame, measure_key: str) -> pd.DataFrame:
    """The quarters a measure may use: complete ones, and for a share of assigned outcomes each force's
    quarters since its latest declared recording change (the module's rules)."""
    kept = quarterly[~quarterly["incomplete"]]
    if measure_key in SHARES:
        latest = kept.groupby("force")["assigned_series"].transform("max")
        kept = kept[kept["assigned_series"] == latest]
    return kept


def series(quarterly: pd.DataFrame, force: Force, measure_key: str) -> pd.DataFrame:
    """Every force, the peers combined and England and Wales by quarter: series, quarter, numerator,
    denominator, value (a proportion 0-1, or per 1,000 people a year), and the count of the numerator
    for tooltips. A combined series sums its forces' numerators and denominators."""
    numerator, denominator = _numerators(measure_key)
    kept, complete = usable(quarterly, measure_key), quarterly[~quarterly["incomplete"]]
    # A force's own series keeps its comparable quarters; a combined one every complete quarter (a
    # force's recording change is a small step in a sum of 43, not a reason to drop it).
    frames = [
        kept.assign(series=kept["force"]),
        complete[complete["force"].isin(force.peers.forces)].assign(series=PEERS),
        complete.assign(series=NATIONAL),
    ]
    combined = pd.concat(frames).groupby(["series", "quarter"], as_index=False)[[numerator, denominator]].sum()
    combined = combined.rename(columns={numerator: "numerator", denominator: "denominator"})
    scale = 4000 if denominator == "population" else 1  # a quarter's outcomes x 4 per 1,000 people
    combined["value"] = scale * combined["numerator"] / combined["denominator"]
    combined["quarter"] = pd.to_datetime(combined["quarter"]).dt.date
    return combined.sort_values(["series", "quarter"], ignore_index=True)


def windows_table(
    rates: pd.DataFrame, own: str, force: Force, was: Window, is_: Window, measure_key: str, every_force: bool = False
) -> pd.DataFrame:
    """What was and what is (pooled over each window's quarters: numerators over denominators), the
    change (points for a share, per cent for a rate) and the ranks among the 43 forces and the force
    and its peers (1 = the highest, the better way), for the force, its peers, the peers combined
    and England and Wales (or all 43 with `every_force`)."""
    rate = "denominator" if MEASURES[measure_key].denominator else None

    def pooled(w: Window) -> pd.Series:
        inside = rates[(rates["quarter"] >= w.start) & (rates["quarter"] < w.end)]
        if rate:
            sums = inside.groupby("series")[["numerator", "denominator"]].sum()
            return sums["numerator"] / sums["denominator"]
        return inside.groupby("series")["value"].mean()

    table = pd.DataFrame({"was": pooled(was), "is": pooled(is_)})
    table["change"] = 100 * (table["is"] - table["was"]) if rate else 100 * (table["is"] / table["was"] - 1)
    forces = table.drop(index=[PEERS, NATIONAL], errors="ignore")
    members = [name for name in (own, *force.peers.forces) if name in forces.index]
    table["rank_of_43"] = forces["is"].rank(method="min", ascending=False)
    table["rank_in_group"] = forces.loc[members, "is"].rank(method="min", ascending=False)
    if every_force:
        return (
            forces.assign(rank_of_43=table["rank_of_43"])
            .sort_values("is", ascending=False)
            .rename_axis("series")
            .reset_index()
        )
    return table.loc[[*members, PEERS, NATIONAL]].rename_axis("series").reset_index()


def people_table(table: pd.DataFrame, measure_key: str, was: Window, is_: Window) -> pd.DataFrame:
    share = bool(MEASURES[measure_key].denominator)
    shown = (lambda v: (100 * v).round(2)) if share else (lambda v: v.round(2))  # noqa: E731
    unit = "%" if share else "per 1,000 a year"
    out = pd.DataFrame(
        {
            "Force or group": table["series"],
            f"What was ({was.label()}), {unit}": shown(table["was"]),
            f"What is ({is_.label()}), {unit}": shown(table["is"]),
            "Change (percentage points)" if share else "Change (%)": table["change"].round(2 if share else 1),
            "Rank of 43, what is (1 = highest)": table["rank_of_43"].astype("Int64"),
        }
    )
    if "rank_in_group" in table:
        out["Rank among the force and its peers"] = table["rank_in_group"].astype("Int64")
    return out.assign(data="Real: Home Office crime outcomes")


def quarters_table(rates: pd.DataFrame, own: str, measure_key: str) -> pd.DataFrame:
    """The force, its peers combined and England and Wales by quarter: the chart's figures as a table."""
    share = bool(MEASURES[measure_key].denominator)
    wide = rates[rates["series"].isin([own, PEERS, NATIONAL])].pivot(index="quarter", columns="series", values="value")
    wide = (100 * wide).round(2) if share else wide.round(2)
    wide = wide.reindex(columns=[own, PEERS, NATIONAL])
    wide.index = [f"{pd.Timestamp(q):%b %Y}" for q in wide.index]
    unit = " (%)" if share else " (per 1,000 a year)"
    return wide.rename(columns=lambda c: f"{c}{unit}").rename_axis("Quarter from").reset_index()


@dataclass(frozen=True)
class Outcomes:
    """Everything the part shows for one basis and measure, worked out once (`compared`)."""

    own: str
    basis: str
    measure_key: str
    was: Window
    is_: Window
    q1: compare.Comparison  # the force's own quarters: Q1 is its `change_verdict`
    vs_peers: peers.Comparative  # Q2 by the comparative model
    vs_nation: peers.Comparative
    table: pd.DataFrame
    every_force: pd.DataFrame
    quarters: pd.DataFrame
    chart: dict
    breaks: tuple[str, ...]  # the declared breaks and flagged quarters that touch what is shown, in words
    used_was: str  # the force's quarters each window actually uses
    used_is: str

    @property
    def measure(self) -> Measure:
        return MEASURES[self.measure_key]

    def value(self, v: float | None) -> str:
        if v is None:
            return "n/a"
        return f"{100 * v:.2f}%" if self.measure.denominator else f"{v:,.2f}"

    def change(self, v: float | None) -> str:
        if v is None:
            return "n/a"
        return f"{100 * v:+.2f} points" if self.measure.denominator else f"{v:+,.2f} per 1,000"

    def answer(self) -> str:
        """Both answers in words: Q1 on the force's own quarters, Q2 against its peers and the nation."""
        row = self.table.set_index("series").loc[self.own]
        q1 = self.q1
        group = len(self.table) - 2
        return (
            f"**{self.measure.label}, {self.own}.** What was {self.value(q1.was)} ({self.used_was}), what is "
            f"{self.value(q1.is_)} ({self.used_is}), a change of {self.change(q1.change)}. **Compared with "
            f"before, on the force's own quarters:** {q1.change_verdict}. **Against the earlier path, by "
            f"comparison:** "
            f"{self.vs_peers.sentence()} {self.vs_nation.sentence()} "
            f"In what is, {self.own} ranks {peers.ordinal(int(row['rank_of_43']))} of the 43 forces and "
            f"{peers.ordinal(int(row['rank_in_group']))} of its group of {group} (1 = the highest)."
        )


def _quarter_frame(rates: pd.DataFrame, own: str, measure_key: str) -> pd.DataFrame:
    """The force's own quarters as the comparison engine reads them (a `month` column)."""
    mine = rates[rates["series"] == own]
    numerator, denominator = _numerators(measure_key)
    measure = MEASURES[measure_key]
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(mine["quarter"]),
            numerator: mine["numerator"].to_numpy(),
            denominator: mine["denominator"].to_numpy(),
        }
    )
    if not measure.denominator:
        frame[measure.value] = mine["value"].to_numpy()
    return frame


def comparisons(
    rates: pd.DataFrame, own: str, measure_key: str, was: Window, is_: Window
) -> tuple[compare.Comparison, peers.Comparative, peers.Comparative]:
    """Q1 (the comparison engine on the force's quarters) and Q2 against the peers and the nation."""
    measure = MEASURES[measure_key]
    with warnings.catch_warnings():
        # The engine's month-of-year pre-test sees quarters only: its six-month harmonic is aliased.
        warnings.simplefilter("ignore")
        q1 = compare.compare(_quarter_frame(rates, own, measure_key), measure, was, is_)
    scale = "logit" if measure.denominator else "log"

    def value(name: str) -> pd.Series:
        return rates[rates["series"] == name].set_index("quarter")["value"]

    return (
        q1,
        peers.comparative(value(own), value(PEERS), is_, "its peers", scale=scale, polarity="higher_better"),
        peers.comparative(value(own), value(NATIONAL), is_, NATIONAL, scale=scale, polarity="higher_better"),
    )


def _breaks(quarterly: pd.DataFrame, force: Force, own: str, measure_key: str) -> tuple[tuple[date, str], ...]:
    shown = quarterly[quarterly["force"].isin([own, *force.peers.forces])]
    notes = shown[shown["note"].str.startswith("recording change")]
    marks = (
        tuple((r.quarter, f"{r.force}: recording change") for r in notes.itertuples()) if measure_key in SHARES else ()
    )
    return marks


def compared(view: View, basis: str, measure_key: str) -> Outcomes:
    """The part for the view's comparison (force-level data: the LPAs chosen make no difference).
    Raises db.ExtractUnavailable."""
    return _compared(replace(view.compared, lpas=()), basis, measure_key, db.version())


def compared_what(view: View, basis: str, measure_key: str) -> tuple:
    """What the set of views keeps one part as (the view force-wide, as `compared` makes it)."""
    return ("outcomes", basis, measure_key, kept_views.identity(view))


@lru_cache(maxsize=32)
def _compared(view: View, basis: str, measure_key: str, version: str) -> Outcomes:
    """Read from the data version's set of views if worked out there (the default basis, every measure, each
    preset: at refresh), otherwise worked out and kept there."""
    return kept_views.kept(
        compared_what(view, basis, measure_key), version, lambda: work_out_compared(view, basis, measure_key)
    )


def work_out_compared(view: View, basis: str, measure_key: str) -> Outcomes:
    """The part worked out from the data (never read from the set); `view` force-wide."""
    force = view.force
    quarterly = db.protected("crime_and_peers/force_outcomes", view, basis=basis)
    own = peers.force_name(force, quarterly)
    rates = series(quarterly, force, measure_key)
    was, is_ = peers.quarter_windows(view, rates["quarter"].max())
    q1, vs_peers, vs_nation = comparisons(rates, own, measure_key, was, is_)
    measure = MEASURES[measure_key]
    share = bool(measure.denominator)
    breaks = _breaks(quarterly, force, own, measure_key)
    flagged = quarterly[
        quarterly["incomplete"]
        & quarterly["force"].isin([own, *force.peers.forces])
        & (pd.to_datetime(quarterly["quarter"]) >= pd.Timestamp(2015, 4, 1))
    ]
    words = tuple(
        f"{d:%b %Y}, {label} (a share of assigned outcomes is compared only from here)" for d, label in breaks
    ) + tuple(f"{r.force} {r.quarter:%b %Y}: incomplete, left out" for r in flagged.itertuples())
    shown = rates
    before_break = f"{own} before its recording change (not compared)" if breaks else None
    if before_break:
        # Shown, not compared: the force's complete quarters before its latest declared change.
        earlier = series(
            quarterly[
                quarterly["assigned_series"] < quarterly.loc[quarterly["force"] == own, "assigned_series"].max()
            ].assign(assigned_series=0),
            force,
            measure_key,
        )
        shown = pd.concat([rates, earlier[earlier["series"] == own].assign(series=before_break)])
    chart = charts.peers_trend(
        shown.assign(**{"count": shown["numerator"]}),
        own,
        force,
        was,
        is_,
        measure.label,
        value="value",
        y_title="Share of assigned outcomes" if share else "Per 1,000 people a year",
        y_format=".1%" if share else ",.2f",
        subtitle=f"Real data: Home Office crime outcomes, by quarter, {basis} basis (2014/15 left out: incomplete)",
        count=("count", "Charges" if measure_key == "charge_rate" else "Positive outcomes"),
        breaks=breaks,
        before_break=before_break,
    )
    return Outcomes(
        own,
        basis,
        measure_key,
        was,
        is_,
        q1,
        vs_peers,
        vs_nation,
        windows_table(rates, own, force, was, is_, measure_key),
        windows_table(rates, own, force, was, is_, measure_key, every_force=True),
        quarters_table(rates, own, measure_key),
        chart,
        words,
        _used(rates, own, was),
        _used(rates, own, is_),
    )


def _used(rates: pd.DataFrame, own: str, window: Window) -> str:
    """The quarters of a window the force's series has, as months ("Apr 2021 to Mar 2023")."""
    quarters = rates.loc[
        (rates["series"] == own) & (rates["quarter"] >= window.start) & (rates["quarter"] < window.end), "quarter"
    ]
    if quarters.empty:
        return "no quarters"
    return Window(quarters.min(), add_months(quarters.max(), 3)).label()


def summary(outcomes: Outcomes) -> str:
    """The chart's text alternative: what was and what is for the force, its peers and the nation, and
    the declared breaks."""
    row = outcomes.table.set_index("series")
    text = (
        f"{outcomes.measure.label}, {outcomes.basis} basis, by quarter: {outcomes.own} "
        f"{outcomes.value(row.at[outcomes.own, 'was'])} in what was and "
        f"{outcomes.value(row.at[outcomes.own, 'is'])} in what is; peers combined "
        f"{outcomes.value(row.at[PEERS, 'was'])} and {outcomes.value(row.at[PEERS, 'is'])}; England and Wales "
        f"{outcomes.value(row.at[NATIONAL, 'was'])} and {outcomes.value(row.at[NATIONAL, 'is'])}."
    )
    return text + (" Declared breaks: " + "; ".join(outcomes.breaks) + "." if outcomes.breaks else "")
