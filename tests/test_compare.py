"""The comparison engine against hand-worked examples: what changed (descriptive), and the verdict on
the step beyond the earlier trend."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from briefing import db, wording
from briefing.areas import CALLS_AND_RESPONSE, MARAC
from briefing.compare import NO_TREND_CHECK, Comparison, Measure, Window, adjust, compare, placebo, with_placebo

WAS = Window(date(2023, 1, 1), date(2023, 4, 1))
IS = Window(date(2023, 4, 1), date(2023, 7, 1))
# Two years: what was is the first year, what is the second.
YEAR1 = Window(date(2021, 1, 1), date(2022, 1, 1))
YEAR2 = Window(date(2022, 1, 1), date(2023, 1, 1))
WIGGLE = np.tile([0.3, -0.3, 0.1, -0.1], 6)  # a small fixed irregularity, so the fit is not exact


def monthly(values, column: str = "value", first=date(2023, 1, 1), **more) -> pd.DataFrame:
    months = pd.date_range(first, periods=len(values), freq="MS")
    return pd.DataFrame({"month": months, column: values, **more})


def test_window_months_and_label():
    assert WAS.months == 3
    assert Window(date(2021, 4, 1), date(2023, 4, 1)).months == 24
    assert WAS.label() == "Jan 2023 to Mar 2023"


def test_what_changed_is_described_per_unit():
    values = [10, 12, 14, 20, 22, 24]
    count = compare(monthly(values), Measure("n", "Arrests", "count", "higher_better", "value"), WAS, IS)
    assert (count.was, count.is_, count.change) == (12, 22, 10)
    assert count.change_pct == pytest.approx(100 * 10 / 12)
    assert (count.used_was, count.used_is) == ("Jan 2023 to Mar 2023", "Apr 2023 to Jun 2023")
    days = compare(monthly([10, 12, 14, 5, 6, 7]), Measure("d", "Days", "days", "lower_better", "value"), WAS, IS)
    assert (days.was, days.is_) == (12, 6)  # medians of the monthly medians
    backlog = compare(monthly([10, 12, 11, 9, 7, 5]), Measure("b", "Backlog", "backlog", "lower_better", "value"),
                      WAS, IS)
    assert (backlog.was, backlog.is_, backlog.change) == (11, 5, -6)  # the value at each window's end
    # Pooled: 33/120 and 71/120, not the mean of the monthly shares.
    share = compare(monthly([1, 2, 30, 5, 6, 60], column="charged", recorded=[10, 10, 100, 10, 10, 100]),
                    Measure("r", "Charge rate", "proportion", "higher_better", "charged", "recorded"), WAS, IS)
    assert (share.was, share.is_) == (pytest.approx(33 / 120), pytest.approx(71 / 120))


def test_the_months_actually_used_are_stated():
    # A rate whose last month is still maturing (no value) stops a month early.
    c = compare(monthly([10, 12, 14, 20, 22, np.nan]), Measure("n", "n", "rate", "neutral", "value"), WAS, IS)
    assert c.used_is == "Apr 2023 to May 2023" and c.months_is == 2


def test_a_continuing_trend_is_no_change_beyond_it():
    # 10 + 2 a month for two years: what is is 24 higher, all of it the earlier trend.
    t = np.arange(24)
    c = compare(monthly(10 + 2 * t + WIGGLE, first=date(2021, 1, 1)),
                Measure("n", "n", "rate", "higher_better", "value"), YEAR1, YEAR2)
    assert c.change == pytest.approx(24, abs=0.1)
    assert c.effect == pytest.approx(0, abs=0.5)
    assert c.projected_change == pytest.approx(24, abs=0.5)
    assert c.verdict == "no clear change" and c.trend_checked
    # The same with a step of 10 where what is starts: the step is found, the trend is not counted.
    stepped = compare(monthly(10 + 2 * t + 10 * (t >= 12) + WIGGLE, first=date(2021, 1, 1)),
                      Measure("n", "n", "rate", "higher_better", "value"), YEAR1, YEAR2)
    assert stepped.effect == pytest.approx(10, abs=0.5)
    assert stepped.low < 10 < stepped.high
    assert stepped.verdict == "improved"


def test_polarity_decides_the_verdict():
    t = np.arange(24)
    data = monthly(10 + 10 * (t >= 12) + WIGGLE, first=date(2021, 1, 1))
    assert compare(data, Measure("n", "n", "rate", "lower_better", "value"), YEAR1, YEAR2).verdict == "worsened"
    assert compare(data, Measure("n", "n", "rate", "neutral", "value"), YEAR1, YEAR2).verdict == "increased"


def test_counts_grow_on_a_log_scale():
    # 2% a month compounding: a straight line on the log scale, so no step beyond the trend...
    t = np.arange(24)
    counts = np.round(1000 * 1.02 ** t * np.exp(WIGGLE / 100))
    c = compare(monthly(counts, first=date(2021, 1, 1)), Measure("n", "n", "count", "neutral", "value"),
                YEAR1, YEAR2)
    assert c.verdict == "no clear change" and abs(c.effect) < 0.02 * c.is_
    # ...and 20% more from the start of what is is a step of about a sixth of what is.
    stepped = compare(monthly(counts * np.where(t >= 12, 1.2, 1.0), first=date(2021, 1, 1)),
                      Measure("n", "n", "count", "neutral", "value"), YEAR1, YEAR2)
    assert stepped.verdict == "increased"
    assert stepped.effect == pytest.approx(stepped.is_ * (1 - 1 / 1.2), rel=0.05)


def test_a_backlog_is_judged_by_its_net_flow():
    # Growing by 5 a month throughout: the backlog rises by 60, but its net flow never changed.
    t = np.arange(24)
    flow = 5 + WIGGLE
    c = compare(monthly(100 + np.cumsum(flow), first=date(2021, 1, 1)),
                Measure("b", "b", "backlog", "lower_better", "value"), YEAR1, YEAR2)
    assert c.change == pytest.approx(60, abs=1)
    assert c.verdict == "no clear change"
    # From what is, it shrinks by 5 a month instead: 10 a month less over 12 months is about -120.
    turned = compare(monthly(100 + np.cumsum(np.where(t >= 12, -5, 5) + WIGGLE), first=date(2021, 1, 1)),
                     Measure("b", "b", "backlog", "lower_better", "value"), YEAR1, YEAR2)
    assert turned.verdict == "improved"
    assert turned.effect == pytest.approx(-10 * 12, rel=0.1)


def test_a_proportion_weights_each_month_by_its_denominator():
    # A tiny month with a wild share barely moves the verdict; weighted equally it would.
    t = np.arange(24)
    offered = np.where(t == 20, 5, 1000)
    answered = np.round(offered * np.where(t == 20, 1.0, 0.6 + WIGGLE / 100))
    c = compare(monthly(answered, column="answered", offered=offered, first=date(2021, 1, 1)),
                Measure("p", "p", "proportion", "higher_better", "answered", "offered"), YEAR1, YEAR2)
    assert abs(c.effect) < 0.01
    assert c.verdict == "no clear change"


def test_too_little_history_gives_a_level_only_comparison():
    c = compare(monthly([10, 12, 11, 20, 22, 21]), Measure("n", "n", "rate", "higher_better", "value"), WAS, IS)
    assert not c.trend_checked and "level only" in c.model
    assert c.verdict == "improved"


def test_too_few_months_gives_no_verdict():
    c = compare(monthly([10, 12, 20, 22], first=date(2023, 2, 1)), Measure("n", "n", "count", "neutral", "value"),
                WAS, IS)
    assert c.verdict == "not enough data"
    assert c.low is None and c.p_value is None


def test_an_empty_window_gives_no_value_change_or_verdict():
    c = compare(monthly([10, 12, 14]), Measure("n", "n", "count", "neutral", "value"), WAS, IS)
    assert (c.was, c.is_, c.change, c.verdict) == (12, None, None, "not enough data")


def _tested(p: float, effect: float = 1.0) -> Comparison:
    m = Measure("n", "n", "rate", "higher_better", "value")
    return Comparison(m, 1.0, 2.0, 1.0, 0.5, 1.5, "improved", 12, 12, effect=effect, p_value=p)


def test_benjamini_hochberg_within_a_page():
    # p 0.01, 0.04, 0.06 -> ranked x 3 / rank: 0.03, 0.06, 0.06 (monotone from the top).
    adjusted = adjust([_tested(0.01), _tested(0.04), _tested(0.06)])
    assert [c.p_adjusted for c in adjusted] == pytest.approx([0.03, 0.06, 0.06])
    assert [c.verdict for c in adjusted] == ["improved", "no clear change", "no clear change"]
    # Comparisons without a verdict pass through untouched.
    untested = Comparison(Measure("n", "n", "rate", "neutral", "value"), None, None, None, None, None,
                          "not enough data", 0, 0)
    assert adjust([untested, _tested(0.01)])[0] is untested


def test_a_placebo_before_the_change_finds_nothing_and_flags_a_measure_that_moves_anyway():
    t = np.arange(36)
    stepped = monthly(10 + 0.5 * t + 8 * (t >= 24) + np.tile(WIGGLE, 2)[:36], first=date(2021, 1, 1))
    measure = Measure("n", "n", "rate", "higher_better", "value")
    quiet = placebo(stepped, measure, date(2023, 1, 3))  # the break moves to Jan 2022, on 2021-22 only
    assert quiet.used_is == "Jan 2022 to Dec 2022" and quiet.verdict == "no clear change"
    restless = placebo(monthly(10 + 8 * (t >= 12) + np.tile(WIGGLE, 2)[:36], first=date(2021, 1, 1)), measure,
                       date(2023, 1, 3))
    assert restless.verdict == "improved"
    flagged = with_placebo([_tested(0.01)], {"n": restless})
    assert flagged[0].placebo_moves and not with_placebo([_tested(0.01)], {"n": quiet})[0].placebo_moves


def test_a_measure_must_be_well_formed():
    with pytest.raises(ValueError):
        Measure("x", "x", "proportion", "higher_better", "a")  # no denominator
    with pytest.raises(ValueError):
        Measure("x", "x", "count", "sideways", "a")


def test_tiles_say_the_change_and_the_step_beyond_the_trend_in_plain_words():
    m = Measure("p", "999 answered", "proportion", "higher_better", "a", "o")
    c = Comparison(m, 0.6, 0.808, 0.208, -0.012, 0.041, "no clear change", 6, 6, effect=0.015, p_value=0.3,
                   trend_checked=True)
    assert wording.beyond_trend(c) == ("+20.8 pts; the earlier trend alone projects +19.3 pts; "
                                       "beyond trend +1.5 pts (-1.2 to +4.1 pts)")
    # A change too small to show is +0, never -0.
    tiny = Comparison(Measure("n", "n", "rate", "neutral", "v"), 10.0, 9.99, -0.01, -0.04, 0.02, "no clear change",
                      12, 12, effect=-0.001, p_value=0.9, trend_checked=True)
    assert "-0.0" not in wording.beyond_trend(tiny) + wording.format_change(tiny)
    short = Comparison(m, 0.6, 0.8, 0.2, 0.1, 0.3, "improved", 6, 6, effect=0.2, p_value=0.01)
    assert wording.notes(short) == [NO_TREND_CHECK]


SHIPPED = {"lpas": ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031"],
           "start": date(2021, 4, 1), "end": date(2025, 4, 1)}


def test_shipped_999_answering_before_the_model_change_is_no_clear_change():
    # The held-back check: both windows before April 2023, while the rate climbed back from
    # its May 2022 fall. Welch called it "improved +20.8 pts"; the climb was already under way.
    monthly = db.run("calls_and_response/monthly", **SHIPPED)
    c = compare(monthly, CALLS_AND_RESPONSE.measure("calls_999_within_10s_rate"),
                Window(date(2022, 4, 1), date(2022, 10, 1)), Window(date(2022, 10, 1), date(2023, 4, 1)))
    assert c.change == pytest.approx(0.208, abs=0.001)
    assert c.verdict == "no clear change" and c.trend_checked
    assert abs(c.effect) < c.change / 2


def test_shipped_marac_rate_per_10000_with_correlated_months_is_no_clear_change():
    # Month-to-month correlation about 0.7: Welch on independent months read "decreased -3.6".
    monthly = db.run("marac/monthly", **SHIPPED)
    c = compare(monthly, MARAC.measure("marac_per_10k"), Window(date(2021, 4, 1), date(2023, 4, 1)),
                Window(date(2023, 4, 1), date(2025, 4, 1)))
    assert c.change == pytest.approx(-3.6, abs=0.05)
    assert c.verdict == "no clear change" and c.low < 0 < c.high
