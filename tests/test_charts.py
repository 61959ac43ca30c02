"""Every chart is a valid Vega-Lite spec (Altair validates in to_dict), titled, in the safe palette."""

from datetime import date

import pandas as pd

from briefing import charts
from briefing.config import DEMO_TEXT, load_events
from briefing.spc import xmr

PALETTE = {charts.BLUE, charts.SKY, charts.ORANGE, charts.VERMILLION, charts.PURPLE, charts.GREEN, charts.GREY}


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


def spc_frame():
    values = [10, 12, 11, 13, 12, 30, 14, 15, 16, 17, 18, 19]
    frame = pd.DataFrame({"month": pd.date_range("2023-01-01", periods=12, freq="MS"), "arrests": values})
    return xmr(frame, "arrests", [date(2023, 4, 1)])


def test_spc_chart_is_valid_titled_and_labelled_as_demo():
    chart = charts.spc(spc_frame(), value="arrests", title="Arrests", y_title="Arrests per month",
                       events=load_events(), demo=True, target=15, target_label="Target",
                       reference=pd.DataFrame({"date": ["2023-06-30"], "value": [14.0], "label": ["Published"]}))
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Arrests"
    assert spec["title"]["subtitle"] == [DEMO_TEXT]
    assert {"Month", "Arrests per month"} <= set(axis_titles(spec))
    assert colours(spec) <= PALETTE
    assert len(spec["layer"]) == 8  # events, centre, 2 limits, series, signals, target, reference


def test_spc_chart_of_real_data_has_no_demo_label():
    spec = charts.spc(spc_frame(), value="arrests", title="Arrests", y_title="n", events=load_events(),
                      demo=False).to_dict()
    assert spec["title"]["subtitle"] == []


def test_lpa_comparison_chart():
    frame = pd.DataFrame({"lpa_name": ["Birmingham", "Birmingham", "Coventry", "Coventry"],
                          "window_label": ["What was", "What is"] * 2, "rate": [0.1, 0.12, 0.2, 0.18]})
    spec = charts.by_lpa(frame, value="rate", title="Charge rate", y_title="Charge rate", demo=False,
                         percent=True).to_dict()
    assert spec["encoding"]["y"]["axis"]["format"] == ".0%"
    assert set(axis_titles(spec)) == {"Local Policing Area", "Charge rate"}
    assert colours(spec) <= PALETTE


def test_timeline():
    spec = charts.timeline(load_events(), date(2023, 4, 3)).to_dict()
    assert "Date" in axis_titles(spec)
    assert colours(spec) <= PALETTE
