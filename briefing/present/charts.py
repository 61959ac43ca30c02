"""Pure functions from a frame to a Vega-Lite chart. Colour-blind-safe (Okabe-Ito), titled axes.

Charts are written as plain Vega-Lite specs: building them through Altair's objects costs about
0.1 s a layered chart, on every filter change, and importing Altair a fifth of a second on a fresh
server's first page. Tests validate every kind against the Vega-Lite schema Altair carries.

Colour never carries meaning alone: every mark is in a legend, and each kind of mark has its own
shape (special-cause months are diamonds, published figures squares, limits dashed lines, events
numbered dotted rules keyed in the Events legend). The what-was and what-is windows are shaded.
"""

from __future__ import annotations

import textwrap
from datetime import date

import pandas as pd

from briefing import protect
from briefing.config import DEMO_TEXT, Force
from briefing.stats import peers
from briefing.stats.compare import Measure, Projection, monthly_values
from briefing.stats.spc import RULE_BEYOND, RULE_SHIFT, RULE_TREND, xmr
from briefing.view import Window

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Okabe & Ito (2008), "Color Universal Design", with the three light colours darkened in their own hue
# so that every mark stands out from the white background by at least 3:1 (WCAG 2.2 1.4.11): sky blue
# (#56B4E9, 2.3:1) to 3.5:1, orange (#E69F00, 2.3:1) to 3.8:1 and reddish purple (#CC79A7, 3.1:1) to
# 5.5:1, enough for the event numbers, which are text (1.4.3, 4.5:1). Blue, vermillion, green and grey
# already pass. tests/test_charts.py checks every colour of every chart kind.
BLUE, SKY, ORANGE, VERMILLION, PURPLE, GREEN, GREY, BLACK = (
    "#0072B2",
    "#3A8FC9",
    "#AD7800",
    "#D55E00",
    "#A4497F",
    "#009E73",
    "#595959",
    "#000000",
)
# Titles, axis and legend text: the app's text colour (12.5:1), not the chart theme's lighter grey (3.7:1).
# Marks are hidden from screen readers (`aria`): the chart's alt text and the description beside it say
# what it shows, where a screen reader would otherwise announce each of a hundred points in turn.
TEXT = "#31333F"
# On a wide chart the legends sit right of the plot, the Events legend under it; on a narrow one (a phone, a
# 320px window) all of them go under the plot, one under another, so the plot keeps the chart's width.
# Vega-Lite cannot switch a legend's side with the width, so `_place_legends` places each legend itself and
# reserves its room in the chart's padding. containerSize() is 0 where there is no page (the pack): wide.
NARROW = 640  # pixels of chart width
IS_NARROW = f"(containerSize()[0] > 0 && containerSize()[0] < {NARROW})"
WRAP_CHARACTERS = 24  # a long legend label wraps, at spaces, onto lines of at most this many characters
WRAPPED_LABEL = (
    rf"split(trim(replace(datum.label, regexp('(.{{1,{WRAP_CHARACTERS}}})(\\s+|$)', 'g'), '$1\n')), "
    r"'\n')"
)
LEGEND_LINE, LEGEND_GAP, LEGEND_TITLE, LEGEND_SYMBOL, CHARACTER = 17, 16, 24, 28, 6.5  # pixels, at FONT_SIZE
LEGEND_POINT_LINE = 30
AXIS_ROOM, AXIS_HEIGHT = 60, 45  # under the plot: room left for the x axis and its title; their height
TITLE_CHARACTERS = 34  # a chart's title wraps onto lines of at most this many characters
CONFIG = {
    "mark": {"aria": False},
    "title": {"color": TEXT, "subtitleColor": TEXT},
    "axis": {"labelColor": TEXT, "titleColor": TEXT, "domainColor": GREY, "tickColor": GREY},
    "legend": {"labelColor": TEXT, "titleColor": TEXT},
    "text": {"color": TEXT},
}
WINDOW_COLOURS = {"What was": SKY, "What is": BLUE}
WINDOW_SHADES = {"What was": GREY, "What is": SKY}  # drawn at 15% opacity
# The chart key: each line kind with its colour and dash (solid unless given).
MEAN, LIMITS, TARGET = "Mean (per phase)", "Process limits (dashed)", "Target or standard"
PROJECTED = "Earlier trend carried on (dotted, 95% band)"
KEY_COLOURS = {MEAN: GREY, LIMITS: GREY, TARGET: GREEN, PROJECTED: VERMILLION}
KEY_DASHES = {MEAN: [1, 0], LIMITS: [5, 4], TARGET: [1, 0], PROJECTED: [2, 3]}
SUPPRESSED, NO_DATA = "Suppressed (small number)", "No data"
VERDICT_COLOURS = {"improved": GREEN, "worsened": VERMILLION, "increased": BLUE, "decreased": BLUE}
FONT_SIZE = 13  # axis labels and legends: readable when a slide is projected


def _title(title: str, demo: bool) -> dict:
    return {
        "text": title,
        "subtitle": [DEMO_TEXT] if demo else [],
        "anchor": "start",
        "limit": 0,
        "fontSize": FONT_SIZE + 3,
        "subtitleFontSize": FONT_SIZE,
    }


def _legend(title: str, orient: str = "right", **extra) -> dict:
    """A legend right of the plot or under it (`orient`) on a wide chart, its long labels wrapped; placed by
    `_place_legends`."""
    return {
        "title": title,
        "orient": orient,
        "direction": "vertical",
        "labelLimit": 0,
        "labelFontSize": FONT_SIZE,
        "titleFontSize": FONT_SIZE,
        "labelExpr": WRAPPED_LABEL,
        **extra,
    }


def _place_legends(spec: dict) -> tuple[int, int]:
    """Place a spec's legends for a wide and a narrow chart (see NARROW) from the lines and widths of their
    labels, and reserve their room in its padding. Returns the height they add under the plot on a wide
    chart and on a narrow one, for the page to give the chart (ui.figure)."""
    legends: dict[str, tuple[list, list[dict], list[bool]]] = {}

    def visit(layer: dict, data: str | None) -> None:
        data = layer.get("data", {}).get("name", data)
        for inner in layer.get("layer", []):
            visit(inner, data)
        for channel in layer.get("encoding", {}).values():
            legend = channel.get("legend") if isinstance(channel, dict) else None
            if legend:  # every legend, `_legend`'s or another's (peers, real_crime): wrapped and placed alike
                legend.setdefault("title", channel.get("title", channel["field"]))
                legend.setdefault("orient", "right")
                legend |= {"labelExpr": WRAPPED_LABEL, "labelLimit": 0}
                labels = channel.get("scale", {}).get("domain") or sorted(
                    {str(row[channel["field"]]) for row in spec["datasets"].get(data, [])}
                )
                mark = layer.get("mark", {})
                # A line drawn with points keys each entry with a point on a line: a taller row.
                points = isinstance(mark, dict) and mark.get("type") == "line" and mark.get("point")
                entry = legends.setdefault(legend["title"], (labels, [], []))
                entry[1].append(legend)
                entry[2].append(bool(points))

    visit(spec, None)
    if not legends:
        return 0, 0
    plot, top = spec.get("height", 300), spec.get("padding", {}).get("top", 5)
    right = narrow = bottom = bottom_x = 0
    right_width = 0.0
    for title, (labels, copies, points) in legends.items():
        line = LEGEND_POINT_LINE if any(points) else LEGEND_LINE
        lines = [textwrap.wrap(str(label), WRAP_CHARACTERS) or [""] for label in labels]
        columns = copies[0].get("columns", 1)
        rows = [max(len(label) for label in lines[i : i + columns]) for i in range(0, len(lines), columns)]
        wide_height = LEGEND_TITLE + line * sum(rows)
        narrow_height = LEGEND_TITLE + line * sum(len(label) for label in lines)
        width = max(
            [len(title) * CHARACTER] + [LEGEND_SYMBOL + len(line) * CHARACTER for label in lines for line in label]
        )
        if copies[0]["orient"] == "right":
            wide_x, wide_y = "width + 20", str(right)
            right, right_width = right + wide_height + LEGEND_GAP, max(right_width, width)
        else:  # under the plot, side by side
            wide_x, wide_y = str(bottom_x), f"height + {AXIS_ROOM}"
            bottom, bottom_x = max(bottom, wide_height + LEGEND_GAP), bottom_x + int(width) * columns + LEGEND_GAP
        for legend in copies:
            legend.update(
                orient="none",
                legendX={"expr": f"{IS_NARROW} ? 0 : {wide_x}"},
                legendY={"expr": f"{IS_NARROW} ? height + {AXIS_ROOM + narrow} : {wide_y}"},
            )
            if columns > 1:
                legend["columns"] = {"expr": f"{IS_NARROW} ? 1 : {columns}"}
        narrow += narrow_height + LEGEND_GAP
    wide_bottom = bottom + max(0, right - plot - bottom)
    # The padding holds what reaches past the plot and its axes (which the chart's size already includes).
    below = AXIS_ROOM - AXIS_HEIGHT
    spec["padding"] = {
        "expr": f"{IS_NARROW} ? {{top: {top}, left: 5, right: 10, bottom: {narrow + below}}} : "
        f"{{top: {top}, left: 5, right: {int(right_width) + 30}, bottom: "
        f"{wide_bottom + below}}}"
    }
    return wide_bottom, narrow


def _axis(**extra) -> dict:
    return {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, **extra}


def keyed(field: str, title: str, domain: list, colours: list, legend: dict | None) -> dict:
    """A nominal channel whose every value has its own colour (or dash, or shape) and its legend."""
    return {
        "field": field,
        "type": "nominal",
        "title": title,
        "scale": {"domain": domain, "range": colours},
        "legend": legend,
    }


def tip(field: str, title: str, kind: str = "nominal", format: str | None = None) -> dict:
    return {"field": field, "type": kind, "title": title} | ({"format": format} if format else {})


def _records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as a Vega-Lite dataset: dates as ISO text, missing values as null and numbers as Python's.
    Column by column through numpy (a chart's build spent a third of its time here through pandas)."""
    columns, values = list(frame.columns), []
    for column in columns:
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            series = series.dt.strftime("%Y-%m-%dT%H:%M:%S")
        array = series.to_numpy(dtype=object)
        missing = series.isna().to_numpy()
        if missing.any():
            array = array.copy()
            array[missing] = None
        values.append(array.tolist())
    return [dict(zip(columns, row)) for row in zip(*values)]


def layered(layers: list[dict], datasets: dict[str, pd.DataFrame], **top) -> dict:
    """A layered Vega-Lite spec, its data as named datasets."""
    title = top.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), str):
        # Lines a phone's width can hold, never cut short: Vega-Lite does not wrap a title, and cuts one
        # longer than the chart is wide with an ellipsis.
        lines = textwrap.wrap(title["text"], TITLE_CHARACTERS) or [title["text"]]
        top["title"] = {"limit": 0} | title | {"text": lines}
    spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "layer": layers,
        "datasets": {name: _records(frame) for name, frame in datasets.items()},
        "config": CONFIG,
        **top,
    }
    return spec | {"usermeta": {"legend_room": list(_place_legends(spec))}}


def event_keys(events: pd.DataFrame) -> pd.DataFrame:
    """Events numbered in date order, each with its legend text, e.g. '1. 3 Apr 2023: New operating model'."""
    data = events.assign(date=pd.to_datetime(events["date"])).sort_values("date").reset_index(drop=True)
    data["number"] = (data.index + 1).astype(str)
    data["key"] = [f"{n}. {d:%-d %b %Y}: {e}" for n, e, d in zip(data["number"], data["event"], data["date"])]
    return data


def _events(events: pd.DataFrame, start, end) -> tuple[list[dict], pd.DataFrame]:
    """Dotted rules, numbered at the top, keyed in an Events legend, and their data. Numbering is over
    all events, so a number means the same event on every chart."""
    numbered = event_keys(events)
    shown = numbered[(numbered["date"] >= pd.Timestamp(start)) & (numbered["date"] <= pd.Timestamp(end))]
    if shown.empty:
        return [], shown
    x = {"field": "date", "type": "temporal"}
    rules = {
        "data": {"name": "events"},
        "mark": {"type": "rule", "strokeDash": [2, 3], "strokeWidth": 1.5},
        "encoding": {
            "x": x,
            "color": keyed(
                "key",
                "Events",
                list(shown["key"]),
                [PURPLE] * len(shown),
                _legend("Events", "bottom", symbolType="stroke", columns=2),
            ),
            "tooltip": [tip("date", "Date", "temporal", "%d %B %Y"), tip("event", "Event")],
        },
    }
    numbers = {
        "data": {"name": "events"},
        "mark": {
            "type": "text",
            "baseline": "top",
            "dy": 2,
            "fontSize": FONT_SIZE - 1,
            "fontWeight": "bold",
            "color": PURPLE,
        },
        "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "number", "type": "nominal"}},
    }
    return [rules, numbers], shown[["date", "number", "key", "event"]]


def _windows(windows: tuple[Window, Window] | None, start, end) -> tuple[list[dict], pd.DataFrame]:
    """The what-was and what-is windows as shaded bands, clipped to the chart's months, and their data."""
    rows = []
    for label, window in zip(WINDOW_COLOURS, windows or ()):
        lo, hi = max(pd.Timestamp(window.start), pd.Timestamp(start)), min(pd.Timestamp(window.end), pd.Timestamp(end))
        if lo < hi:
            rows.append({"window": label, "dates": window.label(), "start": lo, "end": hi})
    frame = pd.DataFrame(rows)
    if not rows:
        return [], frame
    # The legend names the windows and the data carry their dates (in the tooltip), so another
    # comparison changes only the chart's data: the browser updates the chart instead of drawing it anew.
    shown = list(frame["window"])
    return [
        {
            "data": {"name": "windows"},
            "mark": {"type": "rect", "opacity": 0.15},
            "encoding": {
                "x": {"field": "start", "type": "temporal"},
                "x2": {"field": "end"},
                "fill": keyed(
                    "window", "Windows compared", shown, [WINDOW_SHADES[w] for w in shown], _legend("Windows compared")
                ),
                "tooltip": [tip("window", "Window"), tip("dates", "Months")],
            },
        }
    ], frame


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
    projection: pd.DataFrame | None = None,
    height: int = 320,
) -> dict:
    """XmR chart (a Vega-Lite spec) of a frame from spc.xmr: the series, centre and limits per phase,
    signals, the compared windows shaded, numbered dated events, and optionally a target line and
    published reference points (date, value, label), and the earlier trend carried into what is
    (`projection`: month, value, low, high; at most 12 months). Months with no value break the line; a `gap`
    column ('' or SUPPRESSED or NO_DATA) marks why, with a hollow marker along the foot of the chart.
    Its datasets carry only the columns drawn."""
    axis_format = ".0%" if percent else ",.4~g"
    data = pd.DataFrame(
        {
            "month": pd.to_datetime(frame["month"]),
            "value": frame[value],
            "centre": frame["centre"],
            "upper": frame["upper"],
            "lower": frame["lower"],
            "phase": frame["phase"],
            "signal": frame["signal"].fillna(""),
            "gap": frame["gap"] if "gap" in frame else "",
        }
    )
    x = {
        "field": "month",
        "type": "temporal",
        "title": "Month",
        "axis": _axis(format="%b %Y", labelOverlap="greedy", labelSeparation=10, labelFlush=True),
    }
    tooltip = [
        tip("month", "Month", "temporal", "%B %Y"),
        tip("value", y_title, "quantitative", axis_format),
        tip("signal", "Signal"),
    ]
    # A month with no value breaks the line (Vega-Lite 6 draws a null as zero under invalid=None).
    series = {
        "data": {"name": "series"},
        "mark": {
            "type": "line",
            "color": BLUE,
            "invalid": "break-paths-show-domains",
            "point": {"color": BLUE, "size": 30},
        },
        "encoding": {
            "x": x,
            "tooltip": tooltip,
            # A y title longer than the plot is tall makes Streamlit collapse the chart: cap it.
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": y_title,
                "scale": {"zero": False},
                "axis": _axis(format=axis_format, titleLimit=height - 20),
            },
        },
    }
    projected = projection is not None and len(projection) > 0
    # The key lists only lines drawn.
    lines = [MEAN, LIMITS] + ([TARGET] if target is not None else []) + ([PROJECTED] if projected else [])
    key = keyed("line", "Key", lines, [KEY_COLOURS[line] for line in lines], _legend("Key", symbolType="stroke"))
    dash = keyed("line", "Key", lines, [KEY_DASHES[line] for line in lines], None)
    reference_lines = [
        {
            "data": {"name": "series"},
            "transform": [{"calculate": f"'{label}'", "as": "line"}],
            "mark": {"type": "line", "strokeWidth": 1.5 if label == MEAN else 1, "invalid": "break-paths-show-domains"},
            "encoding": {
                "x": x,
                "y": {"field": column, "type": "quantitative"},
                "detail": {"field": "phase", "type": "nominal"},
                "color": key,
                "strokeDash": dash,
            },
        }
        for label, column in ((MEAN, "centre"), (LIMITS, "upper"), (LIMITS, "lower"))
    ]
    datasets = {"series": data}
    if target is not None:
        datasets["target"] = pd.DataFrame({"target": [target], "label": [target_label], "line": [TARGET]})
        reference_lines.append(
            {
                "data": {"name": "target"},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "y": {"field": "target", "type": "quantitative"},
                    "color": key,
                    "strokeDash": dash,
                    "tooltip": [tip("label", "Reference")],
                },
            }
        )
    if projected and projection is not None:
        datasets["projection"] = projection.assign(month=pd.to_datetime(projection["month"]), line=PROJECTED)
        band_tip = [
            tip("month", "Month", "temporal", "%B %Y"),
            tip("value", "Earlier trend carried on", "quantitative", axis_format),
            tip("low", "95% band from", "quantitative", axis_format),
            tip("high", "95% band to", "quantitative", axis_format),
        ]
        reference_lines += [
            {
                "data": {"name": "projection"},
                "mark": {"type": "area", "opacity": 0.15, "color": VERMILLION},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                    "tooltip": band_tip,
                },
            },
            {
                "data": {"name": "projection"},
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative"},
                    "color": key,
                    "strokeDash": dash,
                    "tooltip": band_tip,
                },
            },
        ]
    start, end = data["month"].min(), data["month"].max() + pd.offsets.MonthBegin(1)
    window_layers, window_data = _windows(windows, start, end)
    event_layers, event_data = _events(events, start, end)
    datasets |= {"windows": window_data} if window_layers else {}
    datasets |= {"events": event_data} if event_layers else {}
    # One nested layer shares the key's scales; the outer layers keep their own legends.
    layers = [*window_layers, *event_layers, {"layer": reference_lines}, series]
    datasets["signals"] = data[data["signal"].ne("")]
    layers.append(
        {
            "data": {"name": "signals"},
            "mark": {"type": "point", "shape": "diamond", "size": 140, "filled": True},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative"},
                "tooltip": tooltip,
                "color": keyed(
                    "signal",
                    "Special cause (diamonds)",
                    [RULE_BEYOND, RULE_SHIFT, RULE_TREND],
                    [VERMILLION, ORANGE, PURPLE],
                    _legend("Special cause (diamonds)", symbolType="diamond"),
                ),
            },
        }
    )
    gaps = data[data["gap"].ne("")]
    if len(gaps):
        datasets["gaps"] = gaps
        layers.append(
            {
                "data": {"name": "gaps"},
                "mark": {"type": "point", "filled": False, "size": 60, "strokeWidth": 1.5, "color": BLACK},
                "encoding": {
                    "x": x,
                    "y": {"value": height - 6},
                    "shape": keyed(
                        "gap",
                        "Months not drawn",
                        [SUPPRESSED, NO_DATA],
                        ["triangle-up", "cross"],
                        _legend("Months not drawn"),
                    ),
                    "tooltip": [tip("month", "Month", "temporal", "%B %Y"), tip("gap", "Why")],
                },
            }
        )
    if reference is not None and len(reference):
        datasets["reference"] = reference.assign(date=pd.to_datetime(reference["date"]))[["date", "value", "label"]]
        layers.append(
            {
                "data": {"name": "reference"},
                "mark": {"type": "point", "size": 110, "filled": True, "strokeWidth": 1, "stroke": "white"},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "y": {"field": "value", "type": "quantitative"},
                    "shape": {
                        "field": "label",
                        "type": "nominal",
                        "title": "Published figures (squares)",
                        "scale": {"range": ["square"]},
                        "legend": _legend("Published figures (squares)"),
                    },
                    "color": {"value": BLACK},
                    "tooltip": [tip("label", "Published figure"), tip("value", "Value", "quantitative", axis_format)],
                },
            }
        )
    return layered(
        layers,
        datasets,
        resolve={"scale": {"color": "independent", "shape": "independent", "fill": "independent"}},
        title=_title(title, demo),
        height=height,
        padding={"top": 12},
    )


def projection_frame(projection: Projection | None, window: Window) -> pd.DataFrame | None:
    """A comparison's projection (compare.Projection) as chart data, within the chart's window."""
    if projection is None:
        return None
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(list(projection.month)),
            "value": projection.value,
            "low": projection.low,
            "high": projection.high,
        }
    )
    return frame[(frame["month"] >= pd.Timestamp(window.start)) & (frame["month"] < pd.Timestamp(window.end))]


def measure_spc(
    monthly: pd.DataFrame,
    measure: Measure,
    *,
    where: str,
    window: Window,
    model_change,
    events: pd.DataFrame,
    demo: bool,
    projection: Projection | None = None,
    **options,
) -> tuple[dict, pd.DataFrame]:
    """The XmR chart of one measure of a monthly frame over a window, phases split at the model
    change, with the earlier trend carried into what is (`projection`), as the app and the briefing
    pack draw it. Returns the chart and the charted frame, which has a row for every month of the
    window (a blank value where the month is suppressed or missing)."""
    series = monthly_values(monthly, measure)
    months = pd.to_datetime(series["month"])
    series = series[(months >= pd.Timestamp(window.start)) & (months < pd.Timestamp(window.end))]
    charted = xmr(series, measure.key, [model_change.replace(day=1)])
    charted = _with_gaps(charted, monthly, measure, window)
    chart = spc(
        charted,
        value=measure.key,
        title=f"{measure.label}: {where}",
        y_title=measure.label,
        events=events,
        demo=demo,
        percent=measure.unit == "proportion",
        projection=projection_frame(projection, window),
        **options,
    )
    return chart, charted


def _with_gaps(charted: pd.DataFrame, monthly: pd.DataFrame, measure: Measure, window: Window) -> pd.DataFrame:
    """Every month from the first charted month to the window's end, a blank value where there is none,
    and `gap` saying why: suppressed (the protected source row has a count shown as "<5") or no data."""
    if charted.empty:
        return charted.assign(gap=pd.Series(dtype=object))
    first = max(pd.Timestamp(window.start), pd.to_datetime(monthly["month"]).min())
    every = pd.date_range(first, window.last, freq="MS")
    out = charted.assign(month=pd.to_datetime(charted["month"])).set_index("month").reindex(every)
    out.index.name = "month"
    out = out.reset_index()
    out["signal"] = out["signal"].fillna("")
    months = pd.Series(protect.withheld_rows(monthly), index=pd.to_datetime(monthly["month"]))
    blank = out[measure.key].isna().to_numpy()
    suppressed = blank & months.reindex(every, fill_value=False).to_numpy()
    out["gap"] = [SUPPRESSED if s else NO_DATA if b else "" for s, b in zip(suppressed, blank)]
    # Trailing months with no data (a measure that stops early) are not gaps, just the end of the series;
    # trailing months withheld are (a chart that simply stopped would hide that they exist).
    last = out.index[~blank | suppressed].max()
    return out.loc[:last]


def by_lpa(
    frame: pd.DataFrame,
    *,
    value: str,
    title: str,
    y_title: str,
    demo: bool,
    percent: bool = False,
    target: float | None = None,
    target_label: str = "",
) -> dict:
    """Grouped bars (a Vega-Lite spec): one LPA per group, what was beside what is, and optionally the
    target as a line. Needs columns lpa_name, window_label. A suppressed (blank) value draws no bar."""
    axis_format = ".0%" if percent else ",.4~g"
    data = frame[["lpa_name", "window_label", value]]
    x = {
        "field": "lpa_name",
        "type": "nominal",
        "title": "Local Policing Area",
        "sort": None,
        "axis": _axis(labelAngle=0),
    }
    offset = {"field": "window_label", "type": "nominal", "sort": list(WINDOW_COLOURS)}
    layers = [
        {
            "data": {"name": "bars"},
            "mark": {"type": "bar"},
            "encoding": {
                "x": x,
                "xOffset": offset,
                "y": {"field": value, "type": "quantitative", "title": y_title, "axis": _axis(format=axis_format)},
                "color": keyed(
                    "window_label", "Window", list(WINDOW_COLOURS), list(WINDOW_COLOURS.values()), _legend("Window")
                ),
                "tooltip": [
                    tip("lpa_name", "LPA"),
                    tip("window_label", "Window"),
                    tip(value, y_title, "quantitative", axis_format),
                ],
            },
        }
    ]
    datasets = {"bars": data}
    withheld = data[data[value].isna()].assign(gap=SUPPRESSED)
    if len(withheld):
        # A withheld value draws no bar; a hollow triangle on the axis says so (a zero is a flat bar).
        datasets["withheld"] = withheld
        layers.append(
            {
                "data": {"name": "withheld"},
                "mark": {"type": "point", "filled": False, "size": 70, "strokeWidth": 1.5, "color": BLACK},
                "encoding": {
                    "x": {k: x[k] for k in ("field", "type", "sort")},
                    "xOffset": offset,
                    "y": {"datum": 0},
                    "shape": keyed("gap", "Not drawn", [SUPPRESSED], ["triangle-up"], _legend("Not drawn")),
                    "tooltip": [tip("lpa_name", "LPA"), tip("window_label", "Window"), tip("gap", "Why")],
                },
            }
        )
    if target is not None:
        datasets["target"] = pd.DataFrame({"target": [target], "line": [target_label or TARGET]})
        layers.append(
            {
                "data": {"name": "target"},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "y": {"field": "target", "type": "quantitative"},
                    "color": {
                        "field": "line",
                        "type": "nominal",
                        "scale": {"range": [GREEN]},
                        "legend": _legend("Key"),
                    },
                    "tooltip": [tip("line", "Target")],
                },
            }
        )
    return layered(
        layers,
        datasets,
        resolve={"scale": {"color": "independent", "shape": "independent"}},
        title=_title(title, demo),
        height=260,
    )


def timeline(events: pd.DataFrame, model_change) -> dict:
    """Dated events on one time axis (a Vega-Lite spec), each on its own lane so no label overlaps
    another; the later half labelled to the left of its point, so no label runs off the chart."""
    data = event_keys(events)
    data["lane"] = range(len(data), 0, -1)
    data["later"] = data["date"] > data["date"].min() + (data["date"].max() - data["date"].min()) / 2
    x = {"field": "date", "type": "temporal", "title": "Date", "axis": {"format": "%b %Y", "labelFontSize": FONT_SIZE}}
    encoding = {
        "x": x,
        "y": {"field": "lane", "type": "quantitative", "axis": None, "scale": {"domain": [0, len(data) + 1]}},
        "tooltip": [tip("date", "Date", "temporal", "%d %B %Y"), tip("event", "Event")],
    }
    # Numbered as on every trend chart, so "3" there is the third event here.
    # On a narrow chart an event's words would run off it: its number only, the list being in the
    # description under the chart (ui.events_timeline).
    label = {"calculate": f"{IS_NARROW} ? datum.number : datum.key", "as": "label"}
    labels = [
        {
            "data": {"name": "events"},
            "transform": [{"filter": f"{'' if later else '!'}datum.later"}, label],
            "mark": {
                "type": "text",
                "align": "right" if later else "left",
                "dx": -7 if later else 7,
                "fontSize": FONT_SIZE - 1,
            },
            "encoding": encoding | {"text": {"field": "label", "type": "nominal"}},
        }
        for later in (False, True)
    ]
    layers: list[dict] = [
        {
            "data": {"name": "model"},
            "mark": {"type": "rule", "color": BLUE, "strokeDash": [4, 3]},
            "encoding": {"x": {"field": "date", "type": "temporal"}},
        },
        {
            "data": {"name": "events"},
            "mark": {"type": "point", "shape": "circle", "size": 80, "filled": True, "color": PURPLE},
            "encoding": encoding,
        },
        *labels,
    ]
    return layered(
        layers,
        {
            "model": pd.DataFrame({"date": [pd.Timestamp(model_change)]}),
            "events": data[["date", "lane", "later", "number", "key", "event"]],
        },
        title={"text": f"Events, {data['date'].min():%B %Y} to {data['date'].max():%B %Y}", "anchor": "start"},
        height=28 * len(data) + 40,
    )


def peers_trend(
    rates: pd.DataFrame,
    own: str,
    force: Force,
    was: Window,
    is_: Window,
    group: str,
    *,
    value: str = "per_1000",
    y_title: str = "Per 1,000 people a year",
    y_format: str = ",.3~g",
    subtitle: str = "Real data: Home Office police recorded crime, by quarter",
    count: tuple[str, str] = ("crimes", "Crimes in the quarter"),
    breaks: tuple[tuple[date, str], ...] = (),
    before_break: str | None = None,
) -> dict:
    """The force, its peers combined and England and Wales by quarter (each peer a thin line), the two
    windows shaded, declared breaks as labelled rules (a Vega-Lite spec). Colour, dash and width all
    differ, so no colour is needed. `rates`: series, quarter, `value` and the `count` column.
    `before_break` names a series of the force's quarters before a declared break: drawn thin and
    dotted, shown but not compared."""
    styles = {own: (BLUE, [1, 0], 3), peers.PEERS: (ORANGE, [6, 3], 2.5), peers.NATIONAL: (GREY, [2, 2], 2.5)}
    if before_break:
        styles[before_break] = (BLUE, [1, 2], 1.5)
    styles |= {peer: (SKY, [1, 0], 1) for peer in force.peers.forces}
    data = rates[rates["series"].isin(styles)].assign(quarter=lambda d: pd.to_datetime(d["quarter"]))
    domain = list(styles)
    windows = pd.DataFrame(
        {
            "window": ["What was", "What is"],
            "start": pd.to_datetime([was.start, is_.start]),
            "end": pd.to_datetime([was.end, is_.end]),
        }
    )
    shade = {
        "data": {"name": "windows"},
        "mark": {"type": "rect", "opacity": 0.12},
        "encoding": {
            "x": {"field": "start", "type": "temporal"},
            "x2": {"field": "end"},
            "color": keyed(
                "window", "Window", list(WINDOW_COLOURS), list(WINDOW_COLOURS.values()), {"orient": "bottom"}
            ),
        },
    }
    # One legend: the three channels share the field and title, so Vega-Lite merges them.
    lines = {
        "data": {"name": "rates"},
        "mark": {"type": "line"},
        "encoding": {
            "x": {
                "field": "quarter",
                "type": "temporal",
                "title": "Quarter (first month)",
                "axis": {"format": "%b %Y"},
            },
            "y": {"field": value, "type": "quantitative", "title": y_title, "axis": {"format": y_format}},
            "stroke": keyed(
                "series",
                "Series",
                domain,
                [style[0] for style in styles.values()],
                {"orient": "bottom", "columns": 4, "labelLimit": 0},
            ),
            **{
                channel: {
                    "field": "series",
                    "type": "nominal",
                    "title": "Series",
                    "scale": {"domain": domain, "range": [style[i] for style in styles.values()]},
                }
                for i, channel in ((1, "strokeDash"), (2, "strokeWidth"))
            },
            "tooltip": [
                tip("series", "Series"),
                tip("quarter", "Quarter from", "temporal", "%b %Y"),
                tip(value, y_title, "quantitative", y_format),
                tip(count[0], count[1], "quantitative", ","),
            ],
        },
    }
    layers, datasets = [shade, lines], {"windows": windows, "rates": data[["series", "quarter", value, count[0]]]}
    if breaks:
        marked = pd.DataFrame({"quarter": pd.to_datetime([d for d, _ in breaks]), "label": [t for _, t in breaks]})
        layers += [
            {
                "data": {"name": "breaks"},
                "mark": {"type": "rule", "color": BLACK, "strokeDash": [4, 2]},
                "encoding": {
                    "x": {"field": "quarter", "type": "temporal"},
                    "tooltip": [tip("label", "Declared break")],
                },
            },
            {
                "data": {"name": "breaks"},
                "mark": {"type": "text", "align": "left", "dx": 3, "dy": -4, "baseline": "bottom", "y": 0},
                "encoding": {"x": {"field": "quarter", "type": "temporal"}, "text": {"field": "label"}},
            },
        ]
        datasets["breaks"] = marked
    return layered(
        layers,
        datasets,
        title={
            "text": f"{group}: {own} against its peers and England and Wales",
            "subtitle": [subtitle],
            "anchor": "start",
        },
        height=260,
    )


# Okabe-Ito, black for its yellow, which is 1.2:1 on white: a line must stand out by 3:1.
LPA_COLOURS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, GREY)


def street_crime(monthly: pd.DataFrame, force: Force) -> dict:
    """police.uk street crime by LPA and month (a Vega-Lite spec); partial months are crosses."""
    # Floats: Vega formats a 64-bit integer column in e-notation.
    data = monthly.assign(
        month=pd.to_datetime(monthly["month"]),
        lpa_name=monthly["lpa"].map(force.lpa_name),
        crimes=monthly["crimes"].astype(float),
        status=monthly["partial"].map({True: "Partial month (left out)", False: "Complete month"}),
    )
    names = list(dict.fromkeys(force.lpa_name(c) for c in force.lpas if c in set(monthly["lpa"])))
    encoding = {
        "x": {"field": "month", "type": "temporal", "title": "Month", "axis": {"format": "%b %Y"}},
        "y": {
            "field": "crimes",
            "type": "quantitative",
            "title": "Street-level crimes a month",
            "axis": {"format": ",.0f"},
        },
        "color": keyed("lpa_name", "LPA", names, list(LPA_COLOURS[: len(names)]), {"orient": "bottom", "columns": 4}),
        "tooltip": [
            tip("lpa_name", "LPA"),
            tip("month", "Month", "temporal", "%B %Y"),
            tip("crimes", "Crimes", "quantitative", ","),
            tip("status", "Status"),
        ],
    }
    complete = {
        "data": {"name": "street"},
        "transform": [{"filter": "!datum.partial"}],
        "mark": {"type": "line", "point": True},
        "encoding": encoding,
    }
    partial = {
        "data": {"name": "street"},
        "transform": [{"filter": "datum.partial"}],
        "mark": {"type": "point", "size": 120, "filled": True},
        "encoding": encoding
        | {"shape": keyed("status", "Month", ["Partial month (left out)"], ["cross"], {"orient": "bottom"})},
    }
    return layered(
        [complete, partial],
        {"street": data[["month", "lpa_name", "crimes", "status", "partial"]]},
        title={
            "text": "police.uk street-level crime by LPA (anti-social behaviour left out)",
            "subtitle": ["Real data: police.uk, by month"],
            "anchor": "start",
        },
        height=300,
    )
