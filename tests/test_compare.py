"""The comparison engine against hand-worked examples: what changed (descriptive), and its two answers:
compared with before (Q1) and against the earlier trend (Q2)."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from briefing.areas.declarations import CALLS_AND_RESPONSE
from briefing.present import wording
from briefing.stats import compare as engine
from briefing.stats.compare import Comparison, Measure, Projection, adjust, compare, placebo, with_placebo
from briefing.store import db
from briefing.view import Window

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
    backlog = compare(
        monthly([10, 12, 11, 9, 7, 5]), Measure("b", "Backlog", "backlog", "lower_better", "value"), WAS, IS
    )
    assert (backlog.was, backlog.is_, backlog.change) == (11, 5, -6)  # the value at each window's end
    # Pooled: 33/120 and 71/120, not the mean of the monthly shares.
    share = compare(
        monthly([1, 2, 30, 5, 6, 60], column="charged", recorded=[10, 10, 100, 10, 10, 100]),
        Measure("r", "Charge rate", "proportion", "higher_better", "charged", "recorded"),
        WAS,
        IS,
    )
    assert (share.was, share.is_) == (pytest.approx(33 / 120), pytest.approx(71 / 120))


def test_the_months_actually_used_are_stated():
    # A rate whose last month is still maturing (no value) stops a month early.
    c = compare(monthly([10, 12, 14, 20, 22, np.nan]), Measure("n", "n", "rate", "neutral", "value"), WAS, IS)
    assert c.used_is == "Apr 2023 to May 2023" and c.months_is == 2


def test_a_continuing_trend_differs_from_before_but_not_from_its_own_path():
    # 2% a month for two years (a straight line on the rate's log scale): what is is about 27% higher
    # (Q1: improved), all of it the earlier trend (Q2).
    t = np.arange(24)
    trend = 100 * 1.02**t * (1 + WIGGLE / 100)
    c = compare(
        monthly(trend, first=date(2021, 1, 1)), Measure("n", "n", "rate", "higher_better", "value"), YEAR1, YEAR2
    )
    assert c.change_pct == pytest.approx(100 * (1.02**12 - 1), abs=1)
    assert c.change_verdict == "improved"
    assert c.effect == pytest.approx(0, abs=0.5)
    assert c.model_verdict in (engine.IN_LINE, engine.CANT_TELL)
    # The same with 10% more where what is starts: found against the trend, about a eleventh of what is.
    stepped = compare(
        monthly(trend * np.where(t >= 12, 1.1, 1.0), first=date(2021, 1, 1)),
        Measure("n", "n", "rate", "higher_better", "value"),
        YEAR1,
        YEAR2,
    )
    assert stepped.effect == pytest.approx(stepped.is_ / 11, rel=0.05)
    assert stepped.low < stepped.is_ / 11 < stepped.high
    assert stepped.model_verdict == "better than the earlier trend"


@pytest.mark.parametrize("shape", ["ramp over 6 months", "step 3 months late", "reversal of a falling trend"])
def test_a_change_that_builds_starts_late_or_reverses_counts(shape):
    # What the first engine missed: it judged the step at the boundary alone.
    t = np.arange(36)
    after = np.clip(t - 23, 0, None)
    base, change = {
        "ramp over 6 months": (100 + 0 * t, 6 * np.clip(after / 6, 0, 1)),
        "step 3 months late": (100 + 0 * t, 6.0 * (after > 3)),
        "reversal of a falling trend": (140 - 0.5 * t, 1.0 * after),
    }[shape]
    c = compare(
        monthly(base + change + np.tile(WIGGLE, 2)[:36], first=date(2021, 1, 1)),
        Measure("n", "n", "rate", "higher_better", "value"),
        Window(date(2021, 1, 1), date(2023, 1, 1)),
        Window(date(2023, 1, 1), date(2024, 1, 1)),
    )
    assert c.model_verdict == "better than the earlier trend", c.model_reason
    assert c.effect == pytest.approx(change[24:].mean(), rel=0.1)


def test_polarity_decides_the_words():
    t = np.arange(24)
    data = monthly(100 + 10 * (t >= 12) + WIGGLE, first=date(2021, 1, 1))
    lower = compare(data, Measure("n", "n", "rate", "lower_better", "value"), YEAR1, YEAR2)
    assert (lower.change_verdict, lower.model_verdict) == ("worsened", "worse than the earlier trend")
    neutral = compare(data, Measure("n", "n", "rate", "neutral", "value"), YEAR1, YEAR2)
    assert (neutral.change_verdict, neutral.model_verdict) == ("increased", "above the earlier trend")


def test_counts_grow_on_a_log_scale():
    # 2% a month compounding: a straight line on the log scale, so nothing beyond the trend...
    t = np.arange(24)
    counts = np.round(1000 * 1.02**t * np.exp(WIGGLE / 100))
    c = compare(monthly(counts, first=date(2021, 1, 1)), Measure("n", "n", "count", "neutral", "value"), YEAR1, YEAR2)
    assert c.model_verdict in (engine.IN_LINE, engine.CANT_TELL) and abs(c.effect) < 0.02 * c.is_
    # ...and 20% more from the start of what is is about a sixth of what is.
    stepped = compare(
        monthly(counts * np.where(t >= 12, 1.2, 1.0), first=date(2021, 1, 1)),
        Measure("n", "n", "count", "neutral", "value"),
        YEAR1,
        YEAR2,
    )
    assert stepped.model_verdict == "above the earlier trend"
    assert stepped.effect == pytest.approx(stepped.is_ * (1 - 1 / 1.2), rel=0.05)


def test_a_backlog_is_judged_by_its_net_flow():
    # Growing by 5 a month throughout: the backlog rises by 60, but its net flow never changed.
    t = np.arange(24)
    flow = 5 + WIGGLE
    c = compare(
        monthly(100 + np.cumsum(flow), first=date(2021, 1, 1)),
        Measure("b", "b", "backlog", "lower_better", "value"),
        YEAR1,
        YEAR2,
    )
    assert c.change == pytest.approx(60, abs=1)
    assert c.change_verdict == "no clear change"
    assert c.model_verdict in (engine.IN_LINE, engine.CANT_TELL)
    # From what is, it shrinks by 5 a month instead: 10 a month less, 120 less after 12 months.
    turned = compare(
        monthly(100 + np.cumsum(np.where(t >= 12, -5, 5) + WIGGLE), first=date(2021, 1, 1)),
        Measure("b", "b", "backlog", "lower_better", "value"),
        YEAR1,
        YEAR2,
    )
    assert (turned.change_verdict, turned.model_verdict) == ("improved", "better than the earlier trend")
    assert turned.effect == pytest.approx(-10 * 12, rel=0.1)
    assert turned.projection.value[-1] == pytest.approx(turned.was + 5 * 12, rel=0.05)


def test_a_drawdown_over_a_few_months_that_then_holds_counts():
    # A steady stock counted with noise, rising slowly, then cleared over three months and held low
    # (OCSET's shape): 24 months' net-flow mean would dilute it; the stock's noise model does not.
    rng = np.random.default_rng(3)
    t = np.arange(48)
    level = np.where(t < 24, 50 + t, np.maximum(74 - 18 * (t - 23), 20))
    stock = np.round(level + rng.normal(0, 6, 48))
    c = compare(
        monthly(stock, first=date(2021, 1, 1)),
        Measure("b", "b", "backlog", "lower_better", "value"),
        Window(date(2021, 1, 1), date(2023, 1, 1)),
        Window(date(2023, 1, 1), date(2025, 1, 1)),
    )
    assert (c.change_verdict, c.model_verdict) == ("improved", "better than the earlier trend")


def test_projections_stay_possible():
    # A falling backlog projects to zero, never below, and says when it would have cleared; a share
    # rising 37% to 86% projects within 0-100% (on the logit scale), however far it is carried.
    t = np.arange(36)
    falling = compare(
        monthly(np.r_[400 - 14 * t[:24], [70] * 12] + np.tile(WIGGLE, 2)[:36], first=date(2021, 1, 1)),
        Measure("b", "Referrals awaiting", "backlog", "lower_better", "value"),
        Window(date(2021, 1, 1), date(2023, 1, 1)),
        Window(date(2023, 1, 1), date(2024, 1, 1)),
    )
    assert min(falling.projection.low) >= 0 and min(falling.projection.value) == 0
    assert "would have cleared by" in wording.model_line(falling)
    answered = np.round(1000 / (1 + np.exp(0.5 - 2.3 * t / 35)) + np.tile(WIGGLE, 2)[:36] * 3)  # 38% to 86%
    share = compare(
        monthly(answered, column="a", o=[1000] * 36, first=date(2021, 1, 1)),
        Measure("p", "p", "proportion", "higher_better", "a", "o"),
        Window(date(2021, 1, 1), date(2023, 1, 1)),
        Window(date(2023, 1, 1), date(2024, 1, 1)),
    )
    assert 0 <= min(share.projection.low) and max(share.projection.high) <= 1


def test_a_proportion_weights_each_month_by_its_denominator():
    # A tiny month with a wild share barely moves the answer; weighted equally it would.
    t = np.arange(24)
    offered = np.where(t == 20, 5, 1000)
    answered = np.round(offered * np.where(t == 20, 1.0, 0.6 + WIGGLE / 100))
    c = compare(
        monthly(answered, column="answered", offered=offered, first=date(2021, 1, 1)),
        Measure("p", "p", "proportion", "higher_better", "answered", "offered"),
        YEAR1,
        YEAR2,
    )
    assert abs(c.effect) < 0.01
    assert c.change_verdict == "no clear change"


def test_too_little_history_answers_q1_but_not_q2():
    c = compare(monthly([10, 12, 11, 20, 22, 21]), Measure("n", "n", "rate", "higher_better", "value"), WAS, IS)
    assert c.change_verdict == "improved"
    assert (c.model_verdict, c.model_reason) == ("can't tell yet", engine.TOO_LITTLE_HISTORY)
    assert "too little history" in wording.model_line(c)


def test_too_few_months_gives_no_verdict():
    c = compare(
        monthly([10, 12, 20, 22], first=date(2023, 2, 1)), Measure("n", "n", "count", "neutral", "value"), WAS, IS
    )
    assert c.change_verdict == engine.NO_VERDICT and c.model_verdict == engine.CANT_TELL
    assert c.low is None and c.change_p is None and c.model_p is None


def test_an_empty_window_gives_no_value_change_or_verdict():
    c = compare(monthly([10, 12, 14]), Measure("n", "n", "count", "neutral", "value"), WAS, IS)
    assert (c.was, c.is_, c.change, c.change_verdict) == (12, None, None, engine.NO_VERDICT)


@pytest.mark.parametrize(
    "values", [[7.0] * 30, [0.0] * 30, [0.0] * 24 + [3.0] * 6, [5.0] * 24 + [np.nan] * 6, [np.nan] * 30]
)
@pytest.mark.parametrize("unit", ["count", "rate", "days", "backlog", "proportion"])
def test_a_series_with_no_variation_or_no_months_gets_an_answer_never_a_crash(values, unit):
    # The crash the issue found: Sandwell, latest 12 vs previous 12, a series that leaves no residual.
    frame = monthly(values, first=date(2021, 1, 1), d=[10.0] * 30)
    measure = Measure("m", "m", unit, "lower_better", "value", "d" if unit == "proportion" else None)
    c = compare(frame, measure, Window(date(2022, 1, 1), date(2023, 1, 1)), Window(date(2023, 1, 1), date(2023, 7, 1)))
    assert c.change_verdict in (engine.NO_CLEAR_CHANGE, engine.IMPROVED, engine.WORSENED, engine.NO_VERDICT)
    assert c.model_verdict in (engine.IN_LINE, engine.CANT_TELL, engine.BETTER, engine.WORSE)
    if len(set(v for v in values if v == v)) == 1 and c.change_p is not None:
        assert c.change_verdict == engine.NO_CLEAR_CHANGE


def _tested(p1: float, p2: float = 0.5, effect: float = 1.0) -> Comparison:
    m = Measure("n", "n", "rate", "higher_better", "value")
    return Comparison(
        m,
        1.0,
        2.0,
        1.0,
        12,
        12,
        change_verdict="improved",
        change_p=p1,
        model_verdict="better than the earlier trend",
        model_p=p2,
        effect=effect,
    )


def test_benjamini_hochberg_within_a_page_for_each_question():
    # Q1 p 0.01, 0.04, 0.06 -> adjusted 0.03, 0.06, 0.06: only the first stays improved.
    adjusted = adjust([_tested(0.01, 0.001), _tested(0.04, 0.002), _tested(0.06, 0.5)])
    assert [c.change_verdict for c in adjusted] == ["improved", "no clear change", "no clear change"]
    # Q2 is its own family: 0.001 and 0.002 hold, 0.5 does not.
    assert [c.model_verdict for c in adjusted] == ["better than the earlier trend"] * 2 + ["can't tell yet"]
    assert adjusted[2].model_reason == engine.ADJUSTED
    untested = Comparison(Measure("n", "n", "rate", "neutral", "value"), None, None, None, 0, 0)
    assert adjust([untested, _tested(0.01)])[0] is untested


def test_a_placebo_before_the_change_finds_nothing_and_flags_a_measure_that_moves_anyway():
    t = np.arange(36)
    stepped = monthly(100 + 0.5 * t + 8 * (t >= 24) + np.tile(WIGGLE, 2)[:36], first=date(2021, 1, 1))
    measure = Measure("n", "n", "rate", "higher_better", "value")
    quiet = placebo(stepped, measure, date(2023, 1, 3))  # the break moves to Jan 2022, on 2021-22 only
    assert quiet.used_is == "Jan 2022 to Dec 2022" and quiet.model_verdict in (engine.IN_LINE, engine.CANT_TELL)
    restless = placebo(
        monthly(100 + 8 * (t >= 12) + np.tile(WIGGLE, 2)[:36], first=date(2021, 1, 1)), measure, date(2023, 1, 3)
    )
    assert restless.model_verdict == "better than the earlier trend"
    flagged = with_placebo([_tested(0.01)], {"n": restless})
    assert flagged[0].placebo_moves and not with_placebo([_tested(0.01)], {"n": quiet})[0].placebo_moves


def test_a_measure_must_be_well_formed():
    with pytest.raises(ValueError):
        Measure("x", "x", "proportion", "higher_better", "a")  # no denominator
    with pytest.raises(ValueError):
        Measure("x", "x", "count", "sideways", "a")


def test_tiles_say_both_answers_in_plain_words():
    m = Measure("b", "ARMS assessments overdue", "backlog", "lower_better", "a")
    projection = Projection(
        tuple(date(2023, k, 1) for k in range(4, 13)) + tuple(date(2024, k, 1) for k in (1, 2, 3)),
        tuple(float(v) for v in range(560, 872, 26))[:12],
        (0.0,) * 12,
        (900.0,) * 12,
    )
    c = Comparison(
        m,
        566.0,
        156.0,
        -410.0,
        24,
        24,
        "Apr 2021 to Mar 2023",
        "Apr 2023 to Mar 2025",
        change_verdict="improved",
        model_verdict="better than the earlier trend",
        effect=-61.0,
        low=-88.0,
        high=-34.0,
        effect_months=12,
        projection=projection,
    )
    assert wording.model_line(c) == (
        "Better than the earlier trend: -61 (-88 to -34) over its first 12 months; "
        "at the earlier rate it would have been 846 by Mar 2024"
    )
    assert wording.describe(c, "", "").startswith(
        "ARMS assessments overdue fell by 410 (-72%), from 566 (Apr 2021 to Mar 2023) to 156 (Apr 2023 to Mar 2025): "
        "compared with before, improved. Better than the earlier trend"
    )
    # A change too small to show is +0, never -0.
    tiny = Comparison(
        Measure("n", "n", "rate", "neutral", "v"),
        10.0,
        9.99,
        -0.01,
        12,
        12,
        change_verdict="no clear change",
        effect=-0.001,
        low=-0.04,
        high=0.02,
        effect_months=12,
    )
    assert "-0.0" not in wording.model_line(tiny) + wording.format_change(tiny)


SHIPPED = {
    "lpas": ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031"],
    "start": date(2021, 4, 1),
    "end": date(2025, 4, 1),
}


def test_shipped_999_answering_climbing_before_the_model_change_is_not_credited_to_it():
    # The held-back check: both windows before April 2023, while the rate climbed back from its May
    # 2022 fall. It did improve (Q1), but the climb was under way before what is starts, and six months
    # of what was cannot carry a trend: Q2 cannot credit a change to that window.
    monthly = db.exact("calls_and_response/monthly", **SHIPPED)
    c = compare(
        monthly,
        CALLS_AND_RESPONSE.measure("calls_999_within_10s_rate"),
        Window(date(2022, 4, 1), date(2022, 10, 1)),
        Window(date(2022, 10, 1), date(2023, 4, 1)),
    )
    assert c.change == pytest.approx(0.208, abs=0.001)
    assert c.change_verdict == "improved"
    assert (c.model_verdict, c.model_reason) == (engine.CANT_TELL, engine.TOO_LITTLE_HISTORY)


@pytest.mark.parametrize("rho", [0.0, 0.4, 0.8])
def test_the_engines_regression_is_statsmodels_gls(rho):
    """The engine's GLS (whitened for AR(1) errors, months any distance apart, weighted) gives statsmodels'
    GLS estimates and covariance for the same correlation matrix."""
    from statsmodels.regression.linear_model import GLS

    rng = np.random.default_rng(7)
    t = np.sort(rng.choice(60, 40, replace=False)).astype(float)
    weight = rng.uniform(0.5, 2.0, 40)
    x = np.column_stack([np.ones(40), t, (t > 30).astype(float)])
    z = 1 + 0.1 * t + rng.normal(size=40)
    beta, gram, rss, _ = (v[0] for v in engine._gls(z, x, t, weight, np.array([rho])))
    reference = GLS(z, x, sigma=engine._correlation(t, weight, rho)).fit()
    assert beta == pytest.approx(reference.params, rel=1e-8)
    assert rss / (40 - 3) * np.linalg.inv(gram) == pytest.approx(reference.cov_params(), rel=1e-6)
