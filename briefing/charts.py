"""Pure functions from a frame to an Altair chart. Colour-blind-safe (Okabe-Ito), titled axes.

Colour never carries meaning alone: special-cause points are also larger diamonds, limits are
dashed, events are dotted rules listed in the table beside the chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.compare import Measure, Window, monthly_values
from briefing.config import DEMO_TEXT
from briefing.spc import RULE_BEYOND, RULE_SHIFT, RULE_TREND, xmr

# Okabe & Ito (2008), "Color Universal Design".
BLUE, SKY, ORANGE, VERMILLION, PURPLE, GREEN, GREY = (
    "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#595959",
)
WINDOW_COLOURS = {"What was": SKY, "What is": BLUE}


def _title(title: str, demo: bool) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=[DEMO_TEXT] if demo else [], anchor="start")


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
) -> alt.LayerChart:
    """XmR chart of a frame from spc.xmr: the series, centre and limits per phase, signals,
    dated events, and optionally a target line and published reference points (date, value, label).
    """
    axis_format = ".0%" if percent else ",.4~g"
    data = frame.assign(month=pd.to_datetime(frame["month"]), value=frame[value])
    data["special_cause"] = data["signal"].ne("")
    x = alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y"))
    y_scale = alt.Scale(zero=False)
    base = alt.Chart(data).encode(x=x)
    tooltip = [
        alt.Tooltip("month:T", title="Month", format="%B %Y"),
        alt.Tooltip("value:Q", title=y_title, format=axis_format),
        alt.Tooltip("signal:N", title="Signal"),
    ]
    # A y title longer than the plot is tall makes Streamlit collapse the chart: cap its length.
    y_axis = alt.Axis(format=axis_format, titleLimit=280)
    series = base.mark_line(color=BLUE, point=alt.OverlayMarkDef(color=BLUE, size=30)).encode(
        y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=y_axis), tooltip=tooltip
    )
    centre = base.mark_line(color=GREY, strokeWidth=1.5).encode(y=alt.Y("centre:Q"), detail=alt.Detail("phase:N"))
    limits = [
        base.mark_line(color=GREY, strokeDash=[5, 4], strokeWidth=1).encode(
            y=alt.Y(f"{bound}:Q"), detail=alt.Detail("phase:N")
        )
        for bound in ("upper", "lower")
    ]
    signals = (
        alt.Chart(data[data["special_cause"]])
        .mark_point(shape="diamond", size=140, filled=True)
        .encode(
            x=x,
            y=alt.Y("value:Q"),
            color=alt.Color(
                "signal:N", title="Special cause",
                scale=alt.Scale(domain=[RULE_BEYOND, RULE_SHIFT, RULE_TREND], range=[VERMILLION, ORANGE, PURPLE]),
                legend=alt.Legend(orient="bottom", labelLimit=0),
            ),
            tooltip=tooltip,
        )
    )
    in_range = events[(events["date"] >= data["month"].min()) & (events["date"] <= data["month"].max())]
    event_rules = (
        alt.Chart(in_range)
        .mark_rule(color=PURPLE, strokeDash=[2, 3])
        .encode(x=alt.X("date:T"), tooltip=[alt.Tooltip("date:T", title="Date"), alt.Tooltip("event:N", title="Event")])
    )
    layers = [event_rules, centre, *limits, series, signals]
    if target is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"target": [target], "label": [target_label]}))
            .mark_rule(color=GREEN, strokeWidth=2)
            .encode(y=alt.Y("target:Q"), tooltip=[alt.Tooltip("label:N", title="Reference")])
        )
    if reference is not None and len(reference):
        layers.append(
            alt.Chart(reference.assign(date=pd.to_datetime(reference["date"])))
            .mark_point(shape="square", size=90, color=ORANGE, filled=True)
            .encode(
                x=alt.X("date:T"), y=alt.Y("value:Q"),
                tooltip=[alt.Tooltip("label:N", title="Published figure"), alt.Tooltip("value:Q", format=axis_format)],
            )
        )
    return alt.layer(*layers).properties(title=_title(title, demo), height=320, padding={"top": 12})


def measure_spc(monthly: pd.DataFrame, measure: Measure, *, where: str, window: Window, model_change,
                events: pd.DataFrame, demo: bool, **options) -> tuple[alt.LayerChart, pd.DataFrame]:
    """The XmR chart of one measure of a monthly frame over a window, phases split at the model
    change, as the app and the briefing pack draw it. Returns the chart and the charted frame."""
    series = monthly_values(monthly, measure)
    months = pd.to_datetime(series["month"])
    series = series[(months >= pd.Timestamp(window.start)) & (months < pd.Timestamp(window.end))]
    charted = xmr(series, measure.key, [model_change.replace(day=1)])
    chart = spc(charted, value=measure.key, title=f"{measure.label}: {where}", y_title=measure.label, events=events,
                demo=demo, percent=measure.unit == "proportion", **options)
    return chart, charted


def by_lpa(frame: pd.DataFrame, *, value: str, title: str, y_title: str, demo: bool,
           percent: bool = False) -> alt.Chart:
    """Grouped bars: one LPA per group, what was beside what is. Needs columns lpa_name, window_label."""
    axis_format = ".0%" if percent else ",.4~g"
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("lpa_name:N", title="Local Policing Area", sort=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("window_label:N", sort=list(WINDOW_COLOURS)),
            y=alt.Y(f"{value}:Q", title=y_title, axis=alt.Axis(format=axis_format)),
            color=alt.Color(
                "window_label:N", title="Window",
                scale=alt.Scale(domain=list(WINDOW_COLOURS), range=list(WINDOW_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("lpa_name:N", title="LPA"),
                alt.Tooltip("window_label:N", title="Window"),
                alt.Tooltip(f"{value}:Q", title=y_title, format=axis_format),
            ],
        )
        .properties(title=_title(title, demo), height=260)
    )


def timeline(events: pd.DataFrame, model_change) -> alt.LayerChart:
    """Dated events on one time axis, labelled, alternating above and below to stay readable."""
    data = events.assign(date=pd.to_datetime(events["date"]), lane=[(i % 4) + 1 for i in range(len(events))])
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("lane:Q", axis=None, scale=alt.Scale(domain=[0, 5])),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %B %Y"), alt.Tooltip("event:N", title="Event")],
    )
    model = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(model_change)]})).mark_rule(
        color=BLUE, strokeDash=[4, 3]
    ).encode(x=alt.X("date:T"))
    points = base.mark_point(shape="circle", size=80, filled=True, color=PURPLE)
    labels = base.mark_text(align="left", dx=7, fontSize=11).encode(text=alt.Text("event:N"))
    return alt.layer(model, points, labels).properties(
        title=alt.TitleParams(f"Events, {data['date'].min():%B %Y} to {data['date'].max():%B %Y}", anchor="start"),
        height=200,
    )
