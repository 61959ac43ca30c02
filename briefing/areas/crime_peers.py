"""Crime and peers, worked out once for an offence group and a comparison: the force's recorded crime
against its peers and England and Wales (tables, the comparative answers and the chart)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from briefing.present import charts
from briefing.stats import peers
from briefing.store import db, kept_views
from briefing.view import View, Window


@dataclass(frozen=True)
class Compared:
    """Everything Crime and peers shows for an offence group and comparison, worked out once (`compared`)."""

    own: str  # the force's name in the data
    was: Window  # quarter-aligned
    is_: Window
    table: pd.DataFrame  # peers.windows_table: the force, its peers and England and Wales
    every_force: pd.DataFrame  # peers.windows_table of all 43 forces
    vs_peers: peers.Comparative
    vs_nation: peers.Comparative
    chart: dict  # charts.peers_trend, a Vega-Lite spec


def compared(group: str, view: View) -> Compared:
    """The peers comparison of `group` for the view's comparison windows. Force-level data: the LPAs
    chosen make no difference, so one result serves every LPA choice. Raises db.ExtractUnavailable."""
    return _compared(group, replace(view.compared, lpas=()), db.version())


def compared_what(group: str, view: View) -> tuple:
    """What the set of views keeps one group's comparison as (the view force-wide, as `compared` makes it)."""
    return ("peers", group, kept_views.identity(view))


@lru_cache(maxsize=32)
def _compared(group: str, view: View, version: str) -> Compared:
    """Read from the data version's set of views if worked out there (each preset's first offence group is, at
    refresh), otherwise worked out and kept there."""
    return kept_views.kept(compared_what(group, view), version, lambda: work_out_compared(group, view))


def work_out_compared(group: str, view: View) -> Compared:
    """The comparison worked out from the data (never read from the set); `view` force-wide."""
    force = view.force
    quarterly = db.protected("crime_and_peers/quarterly", view, offence_group=group)
    rates = peers.series(quarterly, force)
    own = peers.force_name(force, quarterly)
    was, is_ = peers.quarter_windows(view, rates["quarter"].max())
    return Compared(
        own,
        was,
        is_,
        peers.windows_table(rates, own, force, was, is_),
        peers.windows_table(rates, own, force, was, is_, every_force=True),
        peers.crime_comparative(rates, own, peers.PEERS, is_),
        peers.crime_comparative(rates, own, peers.NATIONAL, is_),
        charts.peers_trend(rates, own, force, was, is_, group),
    )
