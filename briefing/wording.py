"""Numbers and comparisons in words: the same text on tiles, beside charts and in exports."""

from __future__ import annotations

import pandas as pd

from briefing.compare import Comparison, Measure


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


def format_change(comparison: Comparison) -> str | None:
    """Signed change in the measure's unit (percentage points for proportions), with % where useful."""
    change, measure = comparison.change, comparison.measure
    if change is None:
        return None
    if measure.unit == "proportion":
        return f"{100 * change:+.1f} pts"
    text = f"{change:+,.1f}" if measure.unit in ("days", "rate") else f"{change:+,.0f}"
    if measure.unit == "days":
        text += " days"
    if comparison.change_pct is not None:
        text += f" ({comparison.change_pct:+.0f}%)"
    return text


def format_interval(comparison: Comparison) -> str:
    if comparison.low is None:
        return "no interval (too few months)"
    unit = comparison.measure.unit
    if unit == "proportion":
        return f"{100 * comparison.low:+.1f} to {100 * comparison.high:+.1f} pts"
    digits = 1 if unit in ("days", "rate") else 0
    return f"{comparison.low:+,.{digits}f} to {comparison.high:+,.{digits}f}"


def describe(comparison: Comparison, was_label: str, is_label: str) -> str:
    """One sentence saying what changed, e.g. for a chart's text alternative or a slide."""
    m = comparison.measure
    if comparison.was is None or comparison.is_ is None:
        return f"{m.label}: not enough data in one of the windows to compare."
    verb = "rose" if comparison.is_ > comparison.was else "fell" if comparison.is_ < comparison.was else "stayed"
    return (
        f"{m.label} {verb} from {format_value(comparison.was, m)} ({was_label}) "
        f"to {format_value(comparison.is_, m)} ({is_label}); change {format_change(comparison)}, "
        f"95% interval {format_interval(comparison)}: {comparison.verdict}."
    )


def spc_summary(chart_frame: pd.DataFrame, measure: Measure) -> str:
    """The text alternative of an XmR chart: the mean of each phase and any special-cause months."""
    months = pd.to_datetime(chart_frame["month"])
    parts = []
    for _, phase in chart_frame.assign(month=months).groupby("phase"):
        parts.append(
            f"{phase['month'].min():%b %Y} to {phase['month'].max():%b %Y} averaged "
            f"{format_value(phase[measure.key].mean(), measure)}"
        )
    flagged = chart_frame.assign(month=months)[chart_frame["signal"].ne("")]
    signals = (
        "no month shows special-cause variation"
        if flagged.empty
        else f"{len(flagged)} month(s) show special-cause variation ("
        + "; ".join(f"{m:%b %Y}: {s}" for m, s in zip(flagged["month"].head(6), flagged["signal"].head(6)))
        + ("; ..." if len(flagged) > 6 else "")
        + ")"
    )
    return f"{measure.label}, monthly: " + "; ".join(parts) + f"; {signals}."
