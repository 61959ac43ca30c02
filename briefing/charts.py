"""Pure functions from a frame to an Altair chart. Colour-blind-safe (Okabe-Ito), titled axes.

Colour never carries meaning alone: every mark is in a legend, and each kind of mark has its own
shape (special-cause months are diamonds, published figures squares, limits dashed lines, events
numbered dotted rules keyed in the Events legend). The what-was and what-is windows are shaded.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import suppression
from briefing.compare import Measure, Window, monthly_values
from briefing.config import DEMO_TEXT
from briefing.spc import RULE_BEYOND, RULE_SHIFT, RULE_TREND, xmr

# Okabe & Ito (2008), "Color Universal Design".
BLUE, SKY, ORANGE, VERMILLION, PURPLE, GREEN, GREY, BLACK = (
    "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#595959", "#000000",
)
WINDOW_COLOURS = {"What was": SKY, "What is": BLUE}
WINDOW_SHADES = {"What was": GREY, "What is": SKY}  # drawn at 15% opacity
# The chart key: each line kind with its colour and dash (solid unless given).
MEAN, LIMITS, TARGET = "Mean (per phase)", "Process limits (dashed)", "Target or standard"
KEY_COLOURS = {MEAN: GREY, LIMITS: GREY, TARGET: GREEN}
KEY_DASHES = {MEAN: [1, 0], LIMITS: [5, 4], TARGET: [1, 0]}
SUPPRESSED, NO_DATA = "Suppressed (small number)", "No data"
VERDICT_COLOURS = {"improved": GREEN, "worsened": VERMILLION, "increased": BLUE, "decreased": BLUE}
FONT_SIZE = 13  # axis labels and legends: readable when a slide is projected


def _title(title: str, demo: bool) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=[DEMO_TEXT] if demo else [], anchor="start", limit=0,
                           fontSize=FONT_SIZE + 3, subtitleFontSize=FONT_SIZE)


def _legend(title: str, orient: str = "right", **kwargs) -> alt.Legend:
    return alt.Legend(title=title, orient=orient, direction="vertical", labelLimit=0,
                      labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, **kwargs)


def event_keys(events: pd.DataFrame) -> pd.DataFrame:
    """Events numbered in date order, each with its legend text, e.g. '1. 3 Apr 2023: New operating model'."""
    data = events.assign(date=pd.to_datetime(events["date"])).sort_values("date").reset_index(drop=True)
    data["number"] = (data.index + 1).astype(str)
    data["key"] = [f"{n}. {d:%-d %b %Y}: {e}" for n, e, d in zip(data["number"], data["event"], data["date"])]
    return data


def _events(events: pd.DataFrame, start, end) -> list[alt.Chart]:
    """Dotted rules, numbered at the top, keyed in an Events legend. Numbering is over all events, so a
    number means the same event on every chart."""
    keyed = event_keys(events)
    shown = keyed[(keyed["date"] >= pd.Timestamp(start)) & (keyed["date"] <= pd.Timestamp(end))]
    if shown.empty:
        return []
    base = alt.Chart(shown).encode(x=alt.X("date:T"))
    rules = base.mark_rule(strokeDash=[2, 3], strokeWidth=1.5).encode(
        color=alt.Color("key:N", title="Events",
                        scale=alt.Scale(domain=list(shown["key"]), range=[PURPLE] * len(shown)),
                        legend=_legend("Events", "bottom", symbolType="stroke", columns=2)),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %B %Y"), alt.Tooltip("event:N", title="Event")],
    )
    numbers = base.mark_text(baseline="top", dy=2, fontSize=FONT_SIZE - 1, fontWeight="bold", color=PURPLE).encode(
        y=alt.value(0), text="number:N"
    )
    return [rules, numbers]


def _windows(windows: tuple[Window, Window] | None, start, end) -> list[alt.Chart]:
    """The what-was and what-is windows as shaded bands, clipped to the chart's months."""
    if not windows:
        return []
    rows = []
    for label, window in zip(WINDOW_COLOURS, windows):
        lo, hi = max(pd.Timestamp(window.start), pd.Timestamp(start)), min(pd.Timestamp(window.end), pd.Timestamp(end))
        if lo < hi:
            rows.append({"window": f"{label}: {window.label()}", "start": lo, "end": hi,
                         "colour": WINDOW_SHADES[label]})
    if not rows:
        return []
    frame = pd.DataFrame(rows)
    return [alt.Chart(frame).mark_rect(opacity=0.15).encode(
        x="start:T", x2="end:T",
        fill=alt.Fill("window:N", scale=alt.Scale(domain=list(frame["window"]), range=list(frame["colour"])),
                      legend=_legend("Windows compared")),
    )]


def spc(
    frame: pd.DataFrame,
    *,
    value: str,
    title: str,
    y_title: str,
    events: pd.DataFrame,
    demo: bool,
    percent: bool = False,
    target: float | None = None,
    target_label: str = "",
    reference: pd.DataFrame | None = None,
    windows: tuple[Window, Window] | None = None,
    height: int = 320,
) -> alt.LayerChart:
    """XmR chart of a frame from spc.xmr: the series, centre and limits per phase, signals, the
    compared windows shaded, numbered dated events, and optionally a target line and published
    reference points (date, value, label). Months with no value break the line; a `gap` column
    ('' or SUPPRESSED or NO_DATA) marks why, with a hollow marker along the foot of the chart."""
    axis_format = ".0%" if percent else ",.4~g"
    data = frame.assign(month=pd.to_datetime(frame["month"]), value=frame[value])
    data["special_cause"] = data["signal"].fillna("").ne("")
    if "gap" not in data:
        data["gap"] = ""
    x = alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y", labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE,
                                                     labelOverlap="greedy", labelSeparation=10, labelFlush=True))
    base = alt.Chart(data).encode(x=x)
    tooltip = [
        alt.Tooltip("month:T", title="Month", format="%B %Y"),
        alt.Tooltip("value:Q", title=y_title, format=axis_format),
        alt.Tooltip("signal:N", title="Signal"),
    ]
    # A y title longer than the plot is tall makes Streamlit collapse the chart: cap its length.
    y_axis = alt.Axis(format=axis_format, titleLimit=height - 20, labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
    # invalid=None: a month with no value breaks the line instead of joining its neighbours.
    series = base.mark_line(color=BLUE, invalid=None, point=alt.OverlayMarkDef(color=BLUE, size=30)).encode(
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False), axis=y_axis), tooltip=tooltip
    )
    lines = {MEAN: "centre", LIMITS: "upper"}
    key = alt.Color("line:N", title="Key", scale=alt.Scale(domain=list(KEY_COLOURS), range=list(KEY_COLOURS.values())),
                    legend=_legend("Key", symbolType="stroke"))
    dash = alt.StrokeDash("line:N", scale=alt.Scale(domain=list(KEY_DASHES), range=list(KEY_DASHES.values())),
                          legend=None)
    reference_lines = [
        base.transform_calculate(line=f"'{label}'").mark_line(strokeWidth=1.5 if label == MEAN else 1, invalid=None)
        .encode(y=alt.Y(f"{column}:Q"), detail=alt.Detail("phase:N"), color=key, strokeDash=dash)
        for label, column in (*lines.items(), (LIMITS, "lower"))
    ]
    signals = (
        alt.Chart(data[data["special_cause"]])
        .mark_point(shape="diamond", size=140, filled=True)
        .encode(
            x=x,
            y=alt.Y("value:Q"),
            color=alt.Color(
                "signal:N", title="Special cause (diamonds)",
                scale=alt.Scale(domain=[RULE_BEYOND, RULE_SHIFT, RULE_TREND], range=[VERMILLION, ORANGE, PURPLE]),
                legend=_legend("Special cause (diamonds)", symbolType="diamond"),
            ),
            tooltip=tooltip,
        )
    )
    start, end = data["month"].min(), data["month"].max() + pd.offsets.MonthBegin(1)
    if target is not None:
        reference_lines.append(
            alt.Chart(pd.DataFrame({"target": [target], "label": [target_label], "line": [TARGET]}))
            .mark_rule(strokeWidth=2)
            .encode(y=alt.Y("target:Q"), color=key, strokeDash=dash,
                    tooltip=[alt.Tooltip("label:N", title="Reference")])
        )
    # One nested layer shares the key's scales; the outer layers keep their own legends.
    event_layers = _events(events, start, end)
    layers = [*_windows(windows, start, end), *event_layers, alt.layer(*reference_lines), series,
              signals]
    gaps = data[data["gap"].ne("")]
    if len(gaps):
        layers.append(
            alt.Chart(gaps).mark_point(filled=False, size=60, strokeWidth=1.5, color=BLACK)
            .encode(x=x, y=alt.value(height - 6),
                    shape=alt.Shape("gap:N", title="Months not drawn",
                                    scale=alt.Scale(domain=[SUPPRESSED, NO_DATA], range=["triangle-up", "cross"]),
                                    legend=_legend("Months not drawn")),
                    tooltip=[alt.Tooltip("month:T", title="Month", format="%B %Y"), alt.Tooltip("gap:N", title="Why")])
        )
    if reference is not None and len(reference):
        layers.append(
            alt.Chart(reference.assign(date=pd.to_datetime(reference["date"])))
            .mark_point(size=110, filled=True, strokeWidth=1, stroke="white")
            .encode(
                x=alt.X("date:T"), y=alt.Y("value:Q"),
                shape=alt.Shape("label:N", title="Published figures (squares)",
                                scale=alt.Scale(range=["square"]), legend=_legend("Published figures (squares)")),
                color=alt.value(BLACK),
                tooltip=[alt.Tooltip("label:N", title="Published figure"), alt.Tooltip("value:Q", format=axis_format)],
            )
        )
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent", shape="independent", fill="independent")
        .properties(title=_title(title, demo), height=height, padding={"top": 12},
                    # Room the Events legend takes below the plot (two columns), for ui._show.
                    usermeta={"legend_room": 30 + 9 * len(event_layers[0].data) if event_layers else 0})
    )


def measure_spc(monthly: pd.DataFrame, measure: Measure, *, where: str, window: Window, model_change,
                events: pd.DataFrame, demo: bool, **options) -> tuple[alt.LayerChart, pd.DataFrame]:
    """The XmR chart of one measure of a monthly frame over a window, phases split at the model
    change, as the app and the briefing pack draw it. Returns the chart and the charted frame, which
    has a row for every month of the window (a blank value where the month is suppressed or missing)."""
    series = monthly_values(monthly, measure)
    months = pd.to_datetime(series["month"])
    series = series[(months >= pd.Timestamp(window.start)) & (months < pd.Timestamp(window.end))]
    charted = xmr(series, measure.key, [model_change.replace(day=1)])
    charted = _with_gaps(charted, monthly, measure, window)
    chart = spc(charted, value=measure.key, title=f"{measure.label}: {where}", y_title=measure.label, events=events,
                demo=demo, percent=measure.unit == "proportion", **options)
    return chart, charted


def _with_gaps(charted: pd.DataFrame, monthly: pd.DataFrame, measure: Measure, window: Window) -> pd.DataFrame:
    """Every month from the first charted month to the window's end, a blank value where there is none,
    and `gap` saying why: suppressed (the protected source row has a count shown as "<5") or no data."""
    if charted.empty:
        return charted.assign(gap=pd.Series(dtype=object))
    first = max(pd.Timestamp(window.start), pd.to_datetime(monthly["month"]).min())
    every = pd.date_range(first, pd.Timestamp(window.end) - pd.offsets.MonthBegin(1), freq="MS")
    out = charted.assign(month=pd.to_datetime(charted["month"])).set_index("month").reindex(every)
    out.index.name = "month"
    out = out.reset_index()
    out["signal"] = out["signal"].fillna("")
    months = pd.Series(suppression.withheld_rows(monthly), index=pd.to_datetime(monthly["month"]))
    blank = out[measure.key].isna().to_numpy()
    suppressed = blank & months.reindex(every, fill_value=False).to_numpy()
    out["gap"] = [SUPPRESSED if s else NO_DATA if b else "" for s, b in zip(suppressed, blank)]
    # Trailing months with no data (a measure that stops early) are not gaps, just the end of the series.
    last = out.index[~blank].max()
    return out.loc[:last]


def by_lpa(frame: pd.DataFrame, *, value: str, title: str, y_title: str, demo: bool,
           percent: bool = False, target: float | None = None, target_label: str = "") -> alt.Chart:
    """Grouped bars: one LPA per group, what was beside what is, and optionally the target as a line.
    Needs columns lpa_name, window_label. A suppressed (blank) value draws no bar."""
    axis_format = ".0%" if percent else ",.4~g"
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("lpa_name:N", title="Local Policing Area", sort=None,
                    axis=alt.Axis(labelAngle=0, labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)),
            xOffset=alt.XOffset("window_label:N", sort=list(WINDOW_COLOURS)),
            y=alt.Y(f"{value}:Q", title=y_title,
                    axis=alt.Axis(format=axis_format, labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)),
            color=alt.Color(
                "window_label:N", title="Window",
                scale=alt.Scale(domain=list(WINDOW_COLOURS), range=list(WINDOW_COLOURS.values())),
                legend=_legend("Window"),
            ),
            tooltip=[
                alt.Tooltip("lpa_name:N", title="LPA"),
                alt.Tooltip("window_label:N", title="Window"),
                alt.Tooltip(f"{value}:Q", title=y_title, format=axis_format),
            ],
        )
    )
    layers = [bars]
    withheld = frame[frame[value].isna()].assign(gap=SUPPRESSED)
    if len(withheld):
        # A withheld value draws no bar; a hollow triangle on the axis says so (a zero is a flat bar).
        layers.append(
            alt.Chart(withheld).mark_point(filled=False, size=70, strokeWidth=1.5, color=BLACK)
            .encode(x=alt.X("lpa_name:N", sort=None), xOffset=alt.XOffset("window_label:N", sort=list(WINDOW_COLOURS)),
                    y=alt.datum(0),
                    shape=alt.Shape("gap:N", scale=alt.Scale(domain=[SUPPRESSED], range=["triangle-up"]),
                                    legend=_legend("Not drawn")),
                    tooltip=[alt.Tooltip("lpa_name:N", title="LPA"), alt.Tooltip("window_label:N", title="Window"),
                             alt.Tooltip("gap:N", title="Why")])
        )
    if target is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"target": [target], "line": [target_label or TARGET]}))
            .mark_rule(strokeWidth=2)
            .encode(y="target:Q", color=alt.Color("line:N", scale=alt.Scale(range=[GREEN]), legend=_legend("Key")),
                    tooltip=[alt.Tooltip("line:N", title="Target")])
        )
    return (
        alt.layer(*layers).resolve_scale(color="independent", shape="independent")
        .properties(title=_title(title, demo), height=260)
    )


def timeline(events: pd.DataFrame, model_change) -> alt.LayerChart:
    """Dated events on one time axis, labelled, alternating above and below to stay readable."""
    data = event_keys(events)
    data["lane"] = [(i % 4) + 1 for i in range(len(data))]
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y", labelFontSize=FONT_SIZE)),
        y=alt.Y("lane:Q", axis=None, scale=alt.Scale(domain=[0, 5])),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %B %Y"), alt.Tooltip("event:N", title="Event")],
    )
    model = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(model_change)]})).mark_rule(
        color=BLUE, strokeDash=[4, 3]
    ).encode(x=alt.X("date:T"))
    points = base.mark_point(shape="circle", size=80, filled=True, color=PURPLE)
    # Numbered as on every trend chart, so "3" there is the third event here.
    labels = base.mark_text(align="left", dx=7, fontSize=FONT_SIZE - 1).encode(text=alt.Text("key:N"))
    return alt.layer(model, points, labels).properties(
        title=alt.TitleParams(f"Events, {data['date'].min():%B %Y} to {data['date'].max():%B %Y}", anchor="start"),
        height=200,
    )
