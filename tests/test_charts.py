"""Every chart is a valid Vega-Lite spec (checked against the schema Altair carries), titled, in the safe palette."""

from datetime import date

import altair as alt
import pandas as pd

from briefing.areas import crime_peers
from briefing.config import DEMO_TEXT, load_events
from briefing.present import charts
from briefing.stats.compare import Measure
from briefing.stats.spc import xmr
from briefing.view import Window

PALETTE = {
    charts.BLUE,
    charts.SKY,
    charts.ORANGE,
    charts.VERMILLION,
    charts.PURPLE,
    charts.GREEN,
    charts.GREY,
    charts.BLACK,
    charts.TEXT,
    "white",
}


def colours(spec) -> set[str]:
    found = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("color", "range") and isinstance(value, (str, list)):
                found |= {v for v in ([value] if isinstance(value, str) else value) if str(v).startswith("#")}
            else:
                found |= colours(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= colours(item)
    return found


def axis_titles(spec) -> list[str]:
    titles = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("x", "y") and isinstance(value, dict) and "title" in value:
                titles.append(value["title"])
            titles += axis_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            titles += axis_titles(item)
    return titles


def valid(spec: dict) -> dict:
    """The spec, once Altair has checked it against the Vega-Lite schema (it raises if invalid)."""
    alt.LayerChart.from_dict(spec)
    return spec


def spc_frame():
    values = [10, 12, 11, 13, 12, 30, 14, 15, 16, 17, 18, 19]
    frame = pd.DataFrame({"month": pd.date_range("2023-01-01", periods=12, freq="MS"), "arrests": values})
    return xmr(frame, "arrests", [date(2023, 4, 1)])


def layers(spec) -> list[dict]:
    """Every unit layer of a (nested) layer spec."""
    out = []
    for layer in spec.get("layer", []):
        out += layers(layer) if "layer" in layer else [layer]
    return out


def legend_titles(spec) -> set[str]:
    titles = set()
    for layer in layers(spec):
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and channel.get("legend") and "title" in channel["legend"]:
                titles.add(channel["legend"]["title"])
    return titles


WINDOWS = (Window(date(2023, 1, 1), date(2023, 4, 1)), Window(date(2023, 4, 1), date(2024, 1, 1)))


def test_spc_chart_is_valid_titled_keyed_and_labelled_as_demo():
    chart = charts.spc(
        spc_frame(),
        value="arrests",
        title="Arrests",
        y_title="Arrests per month",
        events=load_events(),
        demo=True,
        target=15,
        target_label="Target",
        reference=pd.DataFrame({"date": ["2023-06-30"], "value": [14.0], "label": ["Published"]}),
        windows=WINDOWS,
    )
    spec = valid(chart)
    assert spec["title"]["text"] == ["Arrests"] and spec["title"]["limit"] == 0
    assert spec["title"]["subtitle"] == [DEMO_TEXT]
    assert {"Month", "Arrests per month"} <= set(axis_titles(spec))
    assert colours(spec) <= PALETTE
    # Every kind of mark is in a legend: windows, events, mean/limits/target, signals, published figures.
    assert legend_titles(spec) == {
        "Windows compared",
        "Events",
        "Key",
        "Special cause (diamonds)",
        "Published figures (squares)",
    }
    marks = [layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"] for layer in layers(spec)]
    assert marks.count("rect") == 1 and "text" in marks  # shaded windows; event numbers


def test_events_are_numbered_the_same_on_every_chart():
    keyed = charts.event_keys(load_events())
    assert keyed["number"].tolist() == [str(i) for i in range(1, len(keyed) + 1)]
    assert keyed["key"].iloc[0] == "1. 3 Apr 2023: New operating model: seven Local Policing Areas"
    # A chart of later months shows later events under their own numbers, not renumbered from 1.
    frame = spc_frame().assign(month=pd.date_range("2024-01-01", periods=12, freq="MS"))
    spec = charts.spc(frame, value="arrests", title="t", y_title="n", events=load_events(), demo=False)
    valid(spec)
    domain = next(
        layer["encoding"]["color"]["scale"]["domain"]
        for layer in layers(spec)
        if layer.get("encoding", {}).get("color", {}).get("field") == "key"
    )
    assert domain[0].startswith("7. 23 Jul 2024")


def test_a_suppressed_or_missing_month_breaks_the_line_and_is_marked():
    measure = Measure("arrests", "Arrests", "count", "neutral", "arrests")
    # A protected frame (as db.protected hands it out): April's count is blank because it is below 5;
    # August has no row at all.
    monthly = pd.DataFrame(
        {
            "month": pd.date_range("2023-01-01", periods=12, freq="MS"),
            "arrests": [10, 12, 11, None, 12, 30, 14, 15, 16, 17, 18, 19],
        }
    ).drop(index=7)
    monthly.attrs = {"protected": ("arrests",), "level": "lpa", "threshold": 5}
    chart, charted = charts.measure_spc(
        monthly,
        measure,
        where="x",
        window=Window(date(2023, 1, 1), date(2024, 1, 1)),
        model_change=date(2023, 4, 3),
        events=load_events(),
        demo=False,
    )
    assert len(charted) == 12
    gaps = dict(zip(pd.to_datetime(charted["month"]).dt.month, charted["gap"]))
    assert gaps[4] == charts.SUPPRESSED and gaps[8] == charts.NO_DATA and gaps[5] == ""
    spec = valid(chart)
    series = next(
        layer for layer in layers(spec) if layer["mark"].get("color") == charts.BLUE if isinstance(layer["mark"], dict)
    )
    # Vega-Lite 6 breaks the path at a null only so: under invalid=None it draws the null as zero.
    assert series["mark"]["invalid"] == "break-paths-show-domains"
    assert "Months not drawn" in legend_titles(spec)


def test_spc_chart_of_real_data_has_no_demo_label():
    spec = charts.spc(spc_frame(), value="arrests", title="Arrests", y_title="n", events=load_events(), demo=False)
    assert valid(spec)["title"]["subtitle"] == []


def key_lines(spec) -> list[str]:
    return next(
        layer["encoding"]["color"]["scale"]["domain"]
        for layer in layers(spec)
        if layer["encoding"].get("color", {}).get("title") == "Key"
    )


def test_the_key_lists_a_target_only_where_one_is_drawn():
    without = charts.spc(spc_frame(), value="arrests", title="Arrests", y_title="n", events=load_events(), demo=False)
    with_target = charts.spc(
        spc_frame(),
        value="arrests",
        title="Arrests",
        y_title="n",
        events=load_events(),
        demo=False,
        target=15,
        target_label="Target",
    )
    assert key_lines(valid(without)) == [charts.MEAN, charts.LIMITS]
    assert key_lines(valid(with_target)) == [charts.MEAN, charts.LIMITS, charts.TARGET]


def test_the_trend_chart_is_the_same_spec_whatever_the_comparison():
    # Only its data change, so the browser updates the chart instead of drawing it anew.
    other = (Window(date(2023, 2, 1), date(2023, 4, 1)), Window(date(2023, 4, 1), date(2023, 6, 1)))
    specs = [
        charts.spc(
            spc_frame(),
            value="arrests",
            title="Arrests",
            y_title="n",
            events=load_events(),
            demo=False,
            windows=windows,
        )
        for windows in (WINDOWS, other)
    ]
    shapes = [{k: v for k, v in spec.items() if k != "datasets"} for spec in specs]
    assert shapes[0] == shapes[1]
    assert specs[0]["datasets"]["windows"] != specs[1]["datasets"]["windows"]


def test_lpa_comparison_chart_draws_its_target():
    frame = pd.DataFrame(
        {
            "lpa_name": ["Birmingham", "Birmingham", "Coventry", "Coventry"],
            "window_label": ["What was", "What is"] * 2,
            "rate": [41.0, 46.0, None, 38.0],
        }
    )
    spec = charts.by_lpa(
        frame,
        value="rate",
        title="Referrals per 10,000 by LPA",
        y_title="Per 10,000",
        demo=False,
        target=40,
        target_label="SafeLives expected level: 40",
    )
    valid(spec)
    assert spec["title"]["text"] == ["Referrals per 10,000 by LPA"]
    bars, withheld, target = spec["layer"]
    assert spec["datasets"][withheld["data"]["name"]][0]["lpa_name"] == "Coventry"  # no bar: marked instead
    assert set(axis_titles(spec)) >= {"Local Policing Area", "Per 10,000"}
    assert target["mark"]["type"] == "rule" and spec["datasets"][target["data"]["name"]][0]["target"] == 40
    assert colours(spec) <= PALETTE


def test_percent_lpa_chart():
    frame = pd.DataFrame(
        {"lpa_name": ["Birmingham", "Birmingham"], "window_label": ["What was", "What is"], "rate": [0.1, 0.12]}
    )
    spec = charts.by_lpa(frame, value="rate", title="Charge rate", y_title="Charge rate", demo=False, percent=True)
    valid(spec)
    assert spec["layer"][0]["encoding"]["y"]["axis"]["format"] == ".0%"


def test_timeline():
    spec = valid(charts.timeline(load_events(), date(2023, 4, 3)))
    assert "Date" in axis_titles(spec)
    assert colours(spec) <= PALETTE


def test_peers_and_street_charts_are_valid_and_keyed():
    from briefing.config import load_force
    from briefing.store import db
    from briefing.view import parse

    force = load_force()
    view = parse({"lpa": ["E08000026"]}, force, db.earliest_month(), db.latest_month())
    spec = valid(crime_peers.compared("All crime (excluding fraud)", view).chart)
    lines = spec["layer"][1]["encoding"]
    # Colour, dash and width share one legend (none turned off), so a line is told apart without colour.
    assert {"stroke", "strokeDash", "strokeWidth"} <= set(lines) and all(
        "legend" not in lines[c] for c in ("strokeDash", "strokeWidth")
    )
    assert colours(spec) <= PALETTE
    street = valid(charts.street_crime(db.protected("crime_and_peers/lpa_street_crime", view), force))
    keyed = {
        channel["title"]
        for layer in layers(street)
        for channel in layer["encoding"].values()
        if isinstance(channel, dict) and channel.get("legend")
    }
    assert keyed == {"LPA", "Month"} and "Street-level crimes a month" in axis_titles(street)


def contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2.2's contrast ratio of two colours given as #rrggbb."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colours(spec) -> set[str]:
    """The colours of a spec's text: its text marks and the configured title, axis and legend text."""
    found = {
        layer["mark"]["color"]
        for layer in layers(spec)
        if layer["mark"].get("type") == "text" and "color" in layer["mark"]
    }
    for part in spec.get("config", {}).values():
        found |= {
            v for k, v in part.items() if k.endswith("Color") and k not in ("domainColor", "tickColor") or k == "color"
        }
    return found


def every_chart_kind() -> dict[str, dict]:
    from briefing.config import load_force
    from briefing.store import db
    from briefing.view import parse

    force = load_force()
    view = parse({"lpa": ["E08000026"]}, force, db.earliest_month(), db.latest_month())
    frame = pd.DataFrame(
        {"lpa_name": ["A", "A", "B", "B"], "window_label": ["What was", "What is"] * 2, "share": [0.1, 0.2, None, 0.3]}
    )
    gaps = spc_frame().assign(gap="")
    gaps.loc[3, ["arrests", "gap"]] = [None, charts.SUPPRESSED]
    return {
        "spc": charts.spc(
            gaps,
            value="arrests",
            title="Arrests",
            y_title="Arrests",
            events=load_events(),
            demo=True,
            target=15,
            target_label="Target",
            windows=WINDOWS,
            reference=pd.DataFrame({"date": ["2023-06-30"], "value": [14.0], "label": ["Published"]}),
        ),
        "by_lpa": charts.by_lpa(
            frame,
            value="share",
            title="Share",
            y_title="Share",
            demo=False,
            percent=True,
            target=0.2,
            target_label="Target",
        ),
        "timeline": charts.timeline(load_events(), date(2023, 4, 3)),
        "peers": crime_peers.compared("All crime (excluding fraud)", view).chart,
        "street": charts.street_crime(db.protected("crime_and_peers/lpa_street_crime", view), force),
    }


def test_every_mark_and_text_of_every_chart_stands_out_from_the_background():
    """WCAG 2.2 AA: marks 3:1 against white (1.4.11), text 4.5:1 (1.4.3); the chart theme's grey text is
    replaced by the app's text colour. Fails with the old light Okabe-Ito sky, orange, purple or yellow."""
    for kind, spec in every_chart_kind().items():
        faint = {c: round(contrast(c), 2) for c in colours(spec) if contrast(c) < 3}
        assert not faint, f"{kind}: marks below 3:1 on white: {faint}"
        text = text_colours(spec)
        assert text and all(contrast(c) >= 4.5 for c in text), f"{kind}: text colours {text}"


def test_a_dataset_is_the_frame_as_pandas_gives_its_records():
    """charts._records (numpy, column by column) reads as pandas' records: dates as ISO text, every missing
    value as null, numbers and flags as Python's own."""
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2023-01-01", None, "2023-03-01"]),
            "value": [1.5, float("nan"), 3.0],
            "count": [1, 2, 3],
            "label": pd.Series(["a", None, "c"], dtype="str"),
            "flag": [True, False, True],
            "nullable": pd.array([1, None, 3], dtype="Int64"),
            "mixed": ["x", 2, None],
        }
    )
    out = frame.copy()
    out["month"] = out["month"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    expected = out.astype(object).where(out.notna(), None).to_dict("records")
    records = charts._records(frame)
    assert records == expected
    assert [[type(v) for v in row.values()] for row in records] == [[type(v) for v in row.values()] for row in expected]
    assert records[1] == {
        "month": None,
        "value": None,
        "count": 2,
        "label": None,
        "flag": False,
        "nullable": None,
        "mixed": 2,
    }
