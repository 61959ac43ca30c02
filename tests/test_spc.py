"""XmR limits and special-cause rules against hand-worked series."""

from datetime import date

import pandas as pd
import pytest

from briefing.stats.spc import RULE_BEYOND, RULE_SHIFT, RULE_TREND, xmr


def series(values):
    return pd.DataFrame({"month": pd.date_range("2022-01-01", periods=len(values), freq="MS"), "v": values})


def test_limits_are_mean_plus_minus_2_66_moving_ranges():
    # mean 11.6; moving ranges 2, 1, 2, 1 -> 1.5; limits 11.6 -/+ 3.99
    out = xmr(series([10, 12, 11, 13, 12]), "v", [])
    assert out["centre"].tolist() == pytest.approx([11.6] * 5)
    assert out["upper"].iloc[0] == pytest.approx(15.59)
    assert out["lower"].iloc[0] == pytest.approx(7.61)
    assert out["signal"].tolist() == [""] * 5


def test_point_beyond_limits():
    # mean 13.33; moving ranges 0, 0, 0, 0, 20 -> 4; upper 23.97: the 30 is beyond.
    out = xmr(series([10, 10, 10, 10, 10, 30]), "v", [])
    assert out["signal"].tolist() == [""] * 5 + [RULE_BEYOND]


def test_eight_in_a_row_on_one_side():
    out = xmr(series([5, 6] * 4 + [9, 8] * 4), "v", [])
    assert (out["signal"] == RULE_SHIFT).all()
    seven = xmr(series([5, 6, 5, 6, 5, 6, 5, 9, 8, 9, 8, 9, 8, 9]), "v", [])
    assert not (seven["signal"] == RULE_SHIFT).any()


def test_six_rising_in_a_row():
    out = xmr(series([3, 4, 3, 1, 2, 3, 4, 5, 6, 4, 3]), "v", [])
    assert out.index[out["signal"] == RULE_TREND].tolist() == [3, 4, 5, 6, 7, 8]
    five = xmr(series([3, 4, 3, 1, 2, 3, 4, 5, 3, 4, 3]), "v", [])
    assert not (five["signal"] == RULE_TREND).any()


def test_phases_are_calculated_separately():
    out = xmr(series([10, 11, 10, 20, 21, 20]), "v", [date(2022, 4, 1)])
    assert out["phase"].tolist() == [0, 0, 0, 1, 1, 1]
    assert out["centre"].tolist() == pytest.approx([31 / 3] * 3 + [61 / 3] * 3)
