"""Numbers and comparisons in words: the same text on tiles, beside charts and in exports."""

from __future__ import annotations

import pandas as pd

from briefing.stats import compare
from briefing.stats.compare import Comparison, Measure

UNIT_DEFINITIONS = {
    "count": "the average a month in each window",
    "rate": "the average a month in each window",
    "proportion": "the total of the numerator over the total of the denominator in each window",
    "days": "the median of the monthly medians in each window",
    "backlog": "the figure at the end of each window's last month",
}
PLACEBO_FLAG = "this measure moves this much without any change of model"


def _signed(value: float, digits: int) -> str:
    # Rounded first, so a change too small to show reads +0.0, never -0.0.
    return f"{round(value, digits) + 0.0:+,.{digits}f}"


def _digits(measure: Measure) -> int:
    return 1 if measure.unit in ("days", "rate", "proportion") else 0


def format_value(value: float | None, measure: Measure) -> str:
    if value is None:
        return "n/a"
    if measure.unit == "proportion":
        return f"{value:.1%}"
    if measure.unit == "days":
        return f"{value:,.1f} days"
    if measure.unit == "rate":
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def format_amount(amount: float, measure: Measure) -> str:
    """A signed amount of change in the measure's unit (percentage points for proportions)."""
    if measure.unit == "proportion":
        return f"{_signed(100 * amount, 1)} pts"
    return _signed(amount, _digits(measure)) + (" days" if measure.unit == "days" else "")


def format_change(comparison: Comparison) -> str | None:
    """Signed change in the measure's unit (percentage points for proportions), with % where useful."""
    if comparison.change is None:
        return None
    text = format_amount(comparison.change, comparison.measure)
    if comparison.measure.unit != "proportion" and comparison.change_pct is not None:
        text += f" ({_signed(comparison.change_pct, 0)}%)"
    return text


def format_interval(low: float | None, high: float | None, measure: Measure) -> str:
    """A 95% interval of an amount of change, e.g. "-88 to -34" or "+1.2 to +4.1 pts"."""
    if low is None or high is None:
        return "no interval (too few months)"
    if measure.unit == "proportion":
        return f"{_signed(100 * low, 1)} to {_signed(100 * high, 1)} pts"
    digits = _digits(measure)
    return f"{_signed(low, digits)} to {_signed(high, digits)}"


def _month(day) -> str:
    return f"{day:%b %Y}"


def projected(comparison: Comparison) -> str:
    """Where the earlier path leads by the end of the months Q2 reads, e.g. "at the earlier rate it
    would have been 870 by Mar 2024", or "at the earlier rate it would have cleared by Nov 2023"."""
    p, m = comparison.projection, comparison.measure
    if p is None or not p.value:
        return ""
    if m.unit == "backlog":
        cleared = next((month for month, value in zip(p.month, p.value) if value <= 0), None)
        if cleared is not None:
            return f"at the earlier rate it would have cleared by {_month(cleared)}"
        return f"at the earlier rate it would have been {format_value(p.value[-1], m)} by {_month(p.month[-1])}"
    return f"the earlier trend projects {format_value(p.value[-1], m)} for {_month(p.month[-1])}"


def model_figures(comparison: Comparison) -> str:
    """Q2 in words, the answer first, with its figures: "Better than the earlier trend: -61 (-88 to -34)
    over its first 12 months" (of what is)."""
    c, m = comparison, comparison.measure
    if c.model_verdict == compare.CANT_TELL:
        # No figures: an interval too wide, or a path that cannot be carried on, says nothing either way.
        return f"Can't tell yet against the earlier trend: {c.model_reason}" if c.model_reason else ""
    months = "its first month" if c.effect_months == 1 else f"its first {c.effect_months} months"
    head = c.model_verdict[:1].upper() + c.model_verdict[1:]
    assert c.effect is not None  # `compare` sets an effect with any verdict but "can't tell yet"
    return f"{head}: {format_amount(c.effect, m)} ({format_interval(c.low, c.high, m)}) over {months}"


def model_line(comparison: Comparison) -> str:
    """`model_figures` and where the earlier path leads: "...; at the earlier rate it would have been 870
    by Mar 2024"."""
    text, where = model_figures(comparison), projected(comparison)
    return text + (f"; {where}" if text and where and comparison.model_verdict != compare.CANT_TELL else "")


def notes(comparison: Comparison) -> list[str]:
    """What a reader must know beside the verdicts: the placebo."""
    return [PLACEBO_FLAG] if comparison.placebo_moves else []


def definition(measure: Measure) -> str:
    """What a tile's figures are, for its help."""
    return f"{measure.label}: {UNIT_DEFINITIONS[measure.unit]}."


def describe(comparison: Comparison, was_label: str, is_label: str) -> str:
    """What changed, then its context, in the manner of official statistics: "ARMS assessments overdue
    fell by 397 (-72%), from 553 (Mar 2023) to 156 (Mar 2025): improved. Better than the earlier trend:
    ...". For a chart's text alternative, a slide or a tile's help."""
    c, m = comparison, comparison.measure
    if c.was is None or c.is_ is None:
        return f"{m.label}: not enough data in one of the windows to compare."
    used_was, used_is = c.used_was or was_label, c.used_is or is_label
    if c.is_ == c.was:
        moved = "stayed the same"
    else:
        change = format_change(c)
        assert change is not None  # `compare` works out a change whenever both windows have a value
        moved = f"{'rose' if c.is_ > c.was else 'fell'} by {change.lstrip('+-')}"
    extra = "".join(f" ({note})" for note in notes(c))
    line = model_line(c)
    return (
        f"{m.label} {moved}, from {format_value(c.was, m)} ({used_was}) to {format_value(c.is_, m)} "
        f"({used_is}): compared with before, {c.change_verdict}{extra}." + (f" {line}." if line else "")
    )


def _phase_means(chart_frame: pd.DataFrame, measure: Measure) -> list[str]:
    months = pd.to_datetime(chart_frame["month"])
    return [
        f"{phase['month'].min():%b %Y} to {phase['month'].max():%b %Y} averaged "
        f"{format_value(phase[measure.key].mean(), measure)}"
        for _, phase in chart_frame.assign(month=months).groupby("phase")
    ]


def spc_finding(chart_frame: pd.DataFrame, measure: Measure) -> str:
    """An XmR chart's finding in one sentence, for its alt text (a screen reader hears the alt with every
    button of the chart's toolbar, so the months themselves are left to `spc_summary`)."""
    flagged = int(chart_frame["signal"].ne("").sum())
    signals = (
        "no month shows special-cause variation"
        if not flagged
        else f"{flagged} month{'s show' if flagged > 1 else ' shows'} special-cause variation (listed below)"
    )
    sentence = "; ".join([*_phase_means(chart_frame, measure), signals])
    return sentence[:1].upper() + sentence[1:] + "."


def spc_summary(chart_frame: pd.DataFrame, measure: Measure) -> str:
    """The text description of an XmR chart (shown beside it): the mean of each phase and every
    special-cause month (the whole list: a list cut short hides months from a screen reader)."""
    months = pd.to_datetime(chart_frame["month"])
    flagged = chart_frame.assign(month=months)[chart_frame["signal"].ne("")]
    signals = (
        "no month shows special-cause variation"
        if flagged.empty
        else f"{len(flagged)} month(s) show special-cause variation ("
        + "; ".join(f"{m:%b %Y}: {s}" for m, s in zip(flagged["month"], flagged["signal"]))
        + ")"
    )
    return f"{measure.label}, monthly: " + "; ".join(_phase_means(chart_frame, measure)) + f"; {signals}."


def chart_summary(chart_frame: pd.DataFrame, comparison: Comparison, assurance: str = "") -> str:
    """A trend chart's text description: the SPC reading (`spc_summary`), then the earlier trend carried
    into what is, and where the measure stands against its target."""
    parts = [spc_summary(chart_frame, comparison.measure), model_line(comparison), assurance]
    return " ".join(part if part.endswith(".") else part + "." for part in parts if part)
