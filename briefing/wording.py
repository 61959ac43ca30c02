"""Numbers and comparisons in words: the same text on tiles, beside charts and in exports."""

from __future__ import annotations

import pandas as pd

from briefing.compare import NO_TREND_CHECK, Comparison, Measure

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


def format_interval(comparison: Comparison) -> str:
    """The 95% interval of the beyond-trend effect."""
    if comparison.low is None:
        return "no interval (too few months)"
    m = comparison.measure
    if m.unit == "proportion":
        return f"{_signed(100 * comparison.low, 1)} to {_signed(100 * comparison.high, 1)} pts"
    digits = _digits(m)
    return f"{_signed(comparison.low, digits)} to {_signed(comparison.high, digits)}"


def beyond_trend(comparison: Comparison) -> str:
    """The change and the beyond-trend effect in plain words, e.g. "+20.8 pts; the earlier trend alone
    projects +19.3 pts; beyond trend +1.5 pts (-1.2 to +4.1 pts)"."""
    c, m = comparison, comparison.measure
    if c.change is None:
        return "not enough data in one of the windows to compare"
    if c.effect is None:
        return f"{format_change(c)}; too few months to judge it"
    if not c.trend_checked:
        return f"{format_change(c)}; {NO_TREND_CHECK}; beyond the earlier level {format_amount(c.effect, m)} " \
               f"({format_interval(c)})"
    return (f"{format_change(c)}; the earlier trend alone projects {format_amount(c.projected_change, m)}; "
            f"beyond trend {format_amount(c.effect, m)} ({format_interval(c)})")


def notes(comparison: Comparison) -> list[str]:
    """What a reader must know beside the verdict: no trend check, the page's adjustment, the placebo."""
    c = comparison
    out = []
    if c.effect is not None and not c.trend_checked:
        out.append(NO_TREND_CHECK)
    if c.p_adjusted is not None and (c.p_value < 0.05) != (c.p_adjusted < 0.05):
        out.append("not clear once the other verdicts on this page are allowed for (false discovery rate)")
    if c.placebo_moves:
        out.append(PLACEBO_FLAG)
    return out


def definition(measure: Measure) -> str:
    """What a tile's figures are, for its help."""
    return f"{measure.label}: {UNIT_DEFINITIONS[measure.unit]}."


def describe(comparison: Comparison, was_label: str, is_label: str) -> str:
    """One sentence saying what changed and whether it is beyond the earlier trend, e.g. for a chart's
    text alternative or a slide."""
    m = comparison.measure
    if comparison.was is None or comparison.is_ is None:
        return f"{m.label}: not enough data in one of the windows to compare."
    c = comparison
    verb = "rose" if c.is_ > c.was else "fell" if c.is_ < c.was else "stayed"
    used_was, used_is = c.used_was or was_label, c.used_is or is_label
    extra = "".join(f"; {note}" for note in notes(c))
    return (
        f"{m.label} {verb} from {format_value(c.was, m)} ({used_was}) to {format_value(c.is_, m)} ({used_is}): "
        f"{beyond_trend(c)}: {c.verdict}{extra}."
    )


def _phase_means(chart_frame: pd.DataFrame, measure: Measure) -> list[str]:
    months = pd.to_datetime(chart_frame["month"])
    return [f"{phase['month'].min():%b %Y} to {phase['month'].max():%b %Y} averaged "
            f"{format_value(phase[measure.key].mean(), measure)}"
            for _, phase in chart_frame.assign(month=months).groupby("phase")]


def spc_finding(chart_frame: pd.DataFrame, measure: Measure) -> str:
    """An XmR chart's finding in one sentence, for its alt text (a screen reader hears the alt with every
    button of the chart's toolbar, so the months themselves are left to `spc_summary`)."""
    flagged = int(chart_frame["signal"].ne("").sum())
    signals = ("no month shows special-cause variation" if not flagged else
               f"{flagged} month{'s show' if flagged > 1 else ' shows'} special-cause variation (listed below)")
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
