"""The comparison engine against hand-worked examples."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from briefing.compare import Measure, Window, compare

WAS = Window(date(2023, 1, 1), date(2023, 4, 1))
IS = Window(date(2023, 4, 1), date(2023, 7, 1))


def monthly(values: list[float], column: str = "value", first=date(2023, 1, 1), **more) -> pd.DataFrame:
    months = pd.date_range(first, periods=len(values), freq="MS")
    return pd.DataFrame({"month": months, column: values, **more})


def test_window_months_and_label():
    assert WAS.months == 3
    assert Window(date(2021, 4, 1), date(2023, 4, 1)).months == 24
    assert WAS.label() == "Jan 2023 to Mar 2023"


def test_count_is_compared_as_monthly_means_with_welch_interval():
    # was 10, 12, 14 (mean 12, variance 4); is 20, 22, 24 (mean 22, variance 4).
    # SE = sqrt(4/3 + 4/3) = 1.63299; Welch df = 4; t(0.975, 4) = 2.776445.
    measure = Measure("n", "Arrests", "count", "higher_better", "value")
    c = compare(monthly([10, 12, 14, 20, 22, 24]), measure, WAS, IS)
    assert (c.was, c.is_, c.change) == (12, 22, 10)
    assert c.low == pytest.approx(10 - 2.776445 * 1.632993, abs=1e-4)
    assert c.high == pytest.approx(10 + 2.776445 * 1.632993, abs=1e-4)
    assert c.verdict == "improved"
    assert c.change_pct == pytest.approx(100 * 10 / 12)


def test_polarity_decides_the_verdict():
    data = monthly([10, 12, 14, 20, 22, 24])
    assert compare(data, Measure("n", "n", "count", "lower_better", "value"), WAS, IS).verdict == "worsened"
    assert compare(data, Measure("n", "n", "count", "neutral", "value"), WAS, IS).verdict == "increased"


def test_month_to_month_variation_beats_a_naive_poisson_test():
    # 12 months each; totals 27,000 and 27,600 (+2.2%), but the months swing by +/-250.
    was = [2000, 2500] * 6
    is_ = [2050, 2550] * 6
    naive_z = (sum(is_) - sum(was)) / np.sqrt(sum(is_) + sum(was))
    assert naive_z > 1.96  # a Poisson test on the totals would call this a real rise
    windows = Window(date(2022, 1, 1), date(2023, 1, 1)), Window(date(2023, 1, 1), date(2024, 1, 1))
    c = compare(monthly(was + is_, first=date(2022, 1, 1)), Measure("n", "Crimes", "count", "lower_better", "value"),
                *windows)
    # By hand: monthly variance 250^2 * 12/11 = 68,181.8 in each window; SE = sqrt(2 * 68,181.8 / 12)
    # = 106.60; df = 22; t = 2.073873.
    assert c.change == 50
    assert c.low == pytest.approx(50 - 2.073873 * 106.6004, abs=0.01)
    assert c.high == pytest.approx(50 + 2.073873 * 106.6004, abs=0.01)
    assert c.verdict == "no clear change"


def test_proportion_is_pooled_with_width_from_monthly_variation():
    # was: 1/10, 2/10, 30/100 -> pooled 33/120; monthly 0.1, 0.2, 0.3 (mean 0.2, variance 0.01)
    # is: 5/10, 6/10, 60/100 -> pooled 71/120; monthly 0.5, 0.6, 0.6 (mean 0.5667, variance 0.003333)
    frame = monthly([1, 2, 30, 5, 6, 60], column="charged", recorded=[10, 10, 100, 10, 10, 100])
    measure = Measure("rate", "Charge rate", "proportion", "higher_better", "charged", "recorded")
    c = compare(frame, measure, WAS, IS)
    assert c.was == pytest.approx(33 / 120)
    assert c.is_ == pytest.approx(71 / 120)
    v_a, v_b = 0.01 / 3, (0.01 / 3) / 3  # variance of the monthly mean in each window
    se = np.sqrt(v_a + v_b)
    df = (v_a + v_b) ** 2 / (v_a**2 / 2 + v_b**2 / 2)
    half = stats.t.ppf(0.975, df) * se
    assert c.low == pytest.approx(c.change - half, abs=1e-6)
    assert c.high == pytest.approx(c.change + half, abs=1e-6)
    assert c.verdict == "improved"


def test_backlog_is_the_value_at_each_window_end():
    # 10, 12, 11 | 9, 7, 5: ends 11 and 5. Moving ranges 2, 1, 2, 2, 2 -> mean 1.8; sigma = 1.8 / 1.128.
    c = compare(monthly([10, 12, 11, 9, 7, 5]), Measure("b", "Backlog", "backlog", "lower_better", "value"), WAS, IS)
    assert (c.was, c.is_, c.change) == (11, 5, -6)
    half = 1.959964 * np.sqrt(2) * 1.8 / 1.128
    assert c.low == pytest.approx(-6 - half, abs=1e-4)
    assert c.high == pytest.approx(-6 + half, abs=1e-4)
    assert c.verdict == "improved"


def test_days_are_medians_with_a_bootstrap_interval():
    # Every resample of is (5, 6, 7) has a median 3 to 9 days below any resample of was (10, 12, 14).
    c = compare(monthly([10, 12, 14, 5, 6, 7]), Measure("d", "Days", "days", "lower_better", "value"), WAS, IS)
    assert (c.was, c.is_, c.change) == (12, 6, -6)
    assert -9 <= c.low <= c.high <= -3
    assert c.verdict == "improved"


def test_too_few_months_gives_no_verdict():
    c = compare(monthly([10, 12, 20, 22], first=date(2023, 2, 1)), Measure("n", "n", "count", "neutral", "value"),
                WAS, IS)
    assert c.verdict == "not enough data"
    assert c.low is None


def test_empty_window_gives_no_values():
    c = compare(monthly([10, 12, 14]), Measure("n", "n", "count", "neutral", "value"), WAS, IS)
    assert (c.was, c.is_, c.verdict) == (None, None, "not enough data")


def test_a_measure_must_be_well_formed():
    with pytest.raises(ValueError):
        Measure("x", "x", "proportion", "higher_better", "a")  # no denominator
    with pytest.raises(ValueError):
        Measure("x", "x", "count", "sideways", "a")
