"""Crime and peers: quarter-aligned windows, rates and ranks by hand, and the comparative interrupted
time series checked against statsmodels and calibrated by simulation (null and alternative)."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.linear_model import GLSAR

from briefing.config import load_force
from briefing.stats import peers
from briefing.store import db
from briefing.view import Window, add_months, parse
from tests.conftest import public_extracts


@pytest.fixture
def wmp():
    return load_force()


def test_windows_are_whole_quarters_anchored_to_the_data(wmp):
    chosen = parse({}, wmp, date(2021, 4, 1), date(2025, 3, 1))  # the demonstration months
    was, is_ = peers.quarter_windows(chosen, date(2025, 10, 1))  # data to December 2025
    assert (was, is_) == (Window(date(2020, 7, 1), date(2023, 4, 1)), Window(date(2023, 4, 1), date(2026, 1, 1)))
    custom = parse(
        {
            "cmp": ["custom"],
            "was_from": ["2022-02"],
            "was_to": ["2022-05"],
            "is_from": ["2023-08"],
            "is_to": ["2024-01"],
        },
        wmp,
        date(2021, 4, 1),
        date(2025, 3, 1),
    )
    was, is_ = peers.quarter_windows(custom, date(2025, 10, 1))
    assert was == Window(date(2022, 1, 1), date(2022, 7, 1))  # Feb-May widened to Jan-Jun
    assert is_ == Window(date(2023, 7, 1), date(2024, 4, 1))


def fixture_rates(force):
    extracts = public_extracts()
    crime = extracts["force_crime"].frame
    crime = crime[crime["offence_group"] == "All crime (excluding fraud)"].merge(
        extracts["force_population"].frame, on="force"
    )
    return peers.series(crime, force)


def test_rates_ranks_and_changes_by_hand(wmp):
    rates = fixture_rates(wmp)
    table = peers.windows_table(
        rates,
        "West Midlands",
        wmp,
        Window(date(2021, 7, 1), date(2022, 7, 1)),
        Window(date(2022, 7, 1), date(2023, 7, 1)),
    ).set_index("series")
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


def test_vectorised_fit_is_glsar():
    rng = np.random.default_rng(5)
    n, after = 36, 4
    control = np.cumsum(rng.normal(size=n))
    own = 0.5 + 0.9 * control + rng.normal(size=n)
    effect, se, rho, _, _ = peers.its_fit(own, control, after, corrected=False)
    design = np.column_stack([np.ones(n), control, *(np.eye(n)[:, n - after + j] for j in range(after))])
    fit = GLSAR(own, design, rho=1).iterative_fit(maxiter=20)
    test = fit.t_test(np.r_[0, 0, np.full(after, 1 / after)])
    assert effect[0] == pytest.approx(float(np.squeeze(test.effect)), rel=1e-4)
    assert se[0] == pytest.approx(float(np.squeeze(test.sd)), rel=1e-3)
    assert rho[0] == pytest.approx(float(fit.model.rho[0]), rel=1e-3)


def test_the_t_point_is_scipy_stats():
    from scipy import stats

    df = np.array([1, 2, 3, 5, 7.5, 10, 29, 30, 120, 1e6])
    assert np.array_equal(peers.t_975(df), stats.t.ppf(0.975, df))
    assert float(peers.t_975(12)) == float(stats.t.ppf(0.975, 12))


def test_the_peer_pages_import_no_scipy_stats():
    """Investigations and Crime and peers rest on peers: opening them does not import scipy.stats (about a
    second of a page's first open; issue 24)."""
    import subprocess
    import sys

    from briefing.config import REPO_DIR

    code = (
        "import sys; from briefing.app import area_page, crime_section, outcomes_section, ui; "
        "from briefing.areas import crime_peers, real_outcomes; "
        "print('scipy.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_DIR, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("rho", "step", "low", "high"),
    [
        (0.0, 0, 0.0, 0.08),  # about the nominal 5%
        (0.5, 0, 0.0, 0.07),  # the bound: within 7% (the difference in differences: about 11%)
        (0.7, 0, 0.0, 0.07),
        (0.0, 2, 0.70, 1.0),  # a step of two noise SDs over four quarters
        (0.5, 2, 0.45, 1.0),  # four persistent quarters are few: about half (measured 51%)
    ],
)
def test_comparative_model_calibration(rho, step, low, high):
    # 2,000 series a case with a shared national wander, fitted at once: under a second each.
    force, peers_mean = peers.simulate(np.random.default_rng(2023), 2000, rho, step)
    called = peers.its_called(*(v for i, v in enumerate(peers.its_fit(force, peers_mean, 4)) if i in (0, 1, 3)))
    assert low <= called.mean() <= high


def test_calibration_shown_is_computed():
    rates = {(rho, step): rate for rho, step, rate in peers.calibration()}
    assert rates[(0.5, 0.0)] <= 0.07 and rates[(0.7, 0.0)] <= 0.07
    assert f"{rates[(0.5, 0.0)]:.1%}" in peers.calibration_sentence()


def quarterly(values, start=date(2014, 4, 1)) -> pd.Series:
    return pd.Series(values, index=[add_months(start, 3 * i) for i in range(len(values))])


def test_comparative_effect_by_hand():
    # The force is exactly its peers plus 10%, then 20% above their path for the four quarters of what is.
    rng = np.random.default_rng(3)
    peer = np.exp(np.cumsum(rng.normal(0, 0.05, 36)) + rng.normal(0, 0.01, 36))
    own = 1.1 * peer * np.exp(rng.normal(0, 0.01, 36))
    own[32:] *= 1.2
    is_ = Window(add_months(date(2014, 4, 1), 96), add_months(date(2014, 4, 1), 108))
    result = peers.comparative(quarterly(own), quarterly(peer), is_, "its peers", polarity="higher_better")
    assert result.effect == pytest.approx(20, abs=2) and result.low > 0
    assert result.verdict == "better than its peers' path"
    assert (result.quarters_before, result.quarters_after) == (32, 4)
    lower = peers.comparative(quarterly(own), quarterly(peer), is_, "its peers", polarity="lower_better")
    assert lower.verdict == "worse than its peers' path"
    # A proportion on the logit scale, in points: 5% against a path of 4%.
    share = peers.comparative(
        quarterly(0.04 * own / 1.1 / 1.2 ** (np.arange(36) >= 32) * (1 + 0.25 * (np.arange(36) >= 32))),
        quarterly(0.04 * peer),
        is_,
        "its peers",
        scale="logit",
        polarity="higher_better",
    )
    assert share.unit == "pts" and share.effect == pytest.approx(1.0, abs=0.2)
    later = add_months(date(2014, 4, 1), 3 * 26)
    short = peers.comparative(quarterly(own[26:], later), quarterly(peer[26:], later), is_, "its peers")
    assert short.effect is None and short.verdict == "can't tell yet: too little history"


def test_shipped_rates_reproduce_the_manifest_figure(monkeypatch):
    # West Midlands, 2024/25: 308,491 crimes (raw MANIFEST section 6) over 3,036,605 people.
    quarterly = db.exact("crime_and_peers/quarterly", offence_group="All crime (excluding fraud)")
    rates = peers.series(quarterly, load_force())
    year = rates[
        (rates["series"] == "West Midlands")
        & (rates["quarter"] >= date(2024, 4, 1))
        & (rates["quarter"] < date(2025, 4, 1))
    ]
    assert year["crimes"].sum() == 308_491
    assert year["per_1000"].mean() == pytest.approx(1000 * 308_491 / 3_036_605)
