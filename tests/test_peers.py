"""Crime and peers: quarter-aligned windows, rates and ranks by hand, and the difference in
differences calibrated by simulation (null and alternative)."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from briefing import db, peers
from briefing.compare import Window
from briefing.config import load_force
from briefing.filters import add_months, parse
from tests.conftest import public_extracts


@pytest.fixture
def wmp():
    return load_force()


def test_windows_are_whole_quarters_anchored_to_the_data(wmp):
    chosen = parse({}, wmp, date(2021, 4, 1), date(2025, 3, 1))  # the demonstration months
    was, is_ = peers.quarter_windows(chosen, date(2025, 10, 1))  # data to December 2025
    assert (was, is_) == (Window(date(2020, 7, 1), date(2023, 4, 1)), Window(date(2023, 4, 1), date(2026, 1, 1)))
    custom = parse({"cmp": ["custom"], "was_from": ["2022-02"], "was_to": ["2022-05"], "is_from": ["2023-08"],
                    "is_to": ["2024-01"]}, wmp, date(2021, 4, 1), date(2025, 3, 1))
    was, is_ = peers.quarter_windows(custom, date(2025, 10, 1))
    assert was == Window(date(2022, 1, 1), date(2022, 7, 1))  # Feb-May widened to Jan-Jun
    assert is_ == Window(date(2023, 7, 1), date(2024, 4, 1))


def fixture_rates(force):
    extracts = public_extracts()
    crime = extracts["force_crime"].frame.merge(extracts["force_population"].frame, on="force")
    return peers.series(crime, force)


def test_rates_ranks_and_changes_by_hand(wmp):
    rates = fixture_rates(wmp)
    table = peers.windows_table(rates, "West Midlands", wmp, Window(date(2021, 7, 1), date(2022, 7, 1)),
                                Window(date(2022, 7, 1), date(2023, 7, 1))).set_index("series")
    assert table.at["West Midlands", "was_per_1000"] == pytest.approx(0.4)
    assert table.at["West Midlands", "is_per_1000"] == pytest.approx(0.32)
    assert table.at["West Midlands", "change_pct"] == pytest.approx(-20)
    assert table.at[peers.PEERS, "change_pct"] == pytest.approx(0)  # Greater Manchester alone, flat
    # England and Wales: 250 crimes a quarter, then 230, over 2.5 million people.
    assert table.at[peers.NATIONAL, "was_per_1000"] == pytest.approx(0.4)
    assert table.at[peers.NATIONAL, "change_pct"] == pytest.approx(-8)
    assert table.at["West Midlands", "is_per_1000_rank_of_43"] == 1
    assert table.at["West Midlands", "change_pct_rank_of_43"] == 1
    assert list(table.index) == ["West Midlands", "Greater Manchester", peers.PEERS, peers.NATIONAL]  # Kent: no peer


def simulate(rng, rho: float, step: float, n: int = 44, start: int = 22) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A force and a comparison whose log-rate gap is AR(1) noise (sd 0.03) plus a step from `start`."""
    quarters = [add_months(date(2012, 4, 1), 3 * i) for i in range(n)]
    noise = np.zeros(n)
    shocks = rng.normal(size=n)
    for t in range(n):
        noise[t] = (rho * noise[t - 1] if t else 0) + shocks[t] * np.sqrt(1 - rho**2)
    gap = 0.03 * noise + 0.03 * step * (np.arange(n) >= start + 11)
    own = pd.DataFrame({"quarter": quarters, "per_1000": 100 * np.exp(gap)})
    return own, pd.DataFrame({"quarter": quarters, "per_1000": 100.0})


@pytest.mark.parametrize(("rho", "step", "low", "high"), [
    (0.0, 0, 0.0, 0.10),   # independent quarters: about the nominal 5%
    (0.5, 0, 0.0, 0.16),   # persistent gap: about 11% (measured), the price of 44 quarters
    (0.5, 2, 0.85, 1.0),   # a step of two noise standard deviations is found
])
def test_difference_in_differences_calibration(rho, step, low, high):
    rng = np.random.default_rng(2023)
    was = Window(add_months(date(2012, 4, 1), 3 * 22), add_months(date(2012, 4, 1), 3 * 33))
    is_ = Window(was.end, add_months(date(2012, 4, 1), 3 * 44))
    runs = 200
    called = 0
    for _ in range(runs):
        did = peers.difference_in_differences(*simulate(rng, rho, step), was, is_)
        called += did.verdict != "no clear difference"
    assert low <= called / runs <= high


def test_difference_in_differences_recovers_a_known_gap_change():
    rng = np.random.default_rng(7)
    own, comparison = simulate(rng, 0.3, 0)
    was = Window(own["quarter"][22], own["quarter"][33])
    is_ = Window(own["quarter"][33], add_months(own["quarter"][43], 3))
    shifted = own.assign(per_1000=np.where(own["quarter"] >= is_.start, own["per_1000"] * 0.9, own["per_1000"]))
    base = peers.difference_in_differences(own, comparison, was, is_)
    moved = peers.difference_in_differences(shifted, comparison, was, is_)
    # A 10% fall in what is moves the estimate by exactly that, on the log scale.
    assert (1 + moved.effect_pct / 100) / (1 + base.effect_pct / 100) == pytest.approx(0.9)
    assert peers.difference_in_differences(own, comparison, was, Window(is_.start, add_months(is_.start, 9))) is None


def test_shipped_rates_reproduce_the_manifest_figure(monkeypatch):
    # West Midlands, 2024/25: 308,491 crimes (raw MANIFEST section 6) over 3,036,605 people.
    quarterly = db.run("crime_and_peers/quarterly", offence_group="All crime (excluding fraud)")
    rates = peers.series(quarterly, load_force())
    year = rates[(rates["series"] == "West Midlands") & (rates["quarter"] >= date(2024, 4, 1))
                 & (rates["quarter"] < date(2025, 4, 1))]
    assert year["crimes"].sum() == 308_491
    assert year["per_1000"].mean() == pytest.approx(1000 * 308_491 / 3_036_605)
