"""Calls and response: queries and comparisons worked by hand on the fixtures, the demonstration data's
calibration, and the page through AppTest."""

from datetime import date

import pandas as pd
import pytest

from briefing.areas.declarations import CALLS_AND_RESPONSE as AREA
from briefing.config import load_force
from briefing.present import wording
from briefing.refresh.demo import calls
from briefing.stats import compare
from briefing.store import db
from briefing.view import Window, parse
from tests.conftest import BIRMINGHAM, COVENTRY, SOLIHULL, WIDE
from tests.pages import open_page, tiles

WAS = Window(date(2023, 1, 1), date(2023, 4, 1))
IS = Window(date(2023, 4, 1), date(2023, 7, 1))
CALLS_999_WITHIN_10S, CALLS_101_ANSWER_SECONDS, EMERGENCY_WITHIN_TARGET = (
    AREA.measure(key)
    for key in ("calls_999_within_10s_rate", "calls_101_answer_seconds", "emergency_within_target_rate")
)


def test_monthly_calls_are_force_wide_and_incidents_follow_the_lpa(shared_fixture_data):
    wide = db.exact("calls_and_response/monthly", **WIDE)
    assert wide["calls_999_offered"].tolist() == [100, 100, 200, 100, 100, 200]
    assert wide["calls_999_within_10s"].tolist() == [60, 50, 130, 90, 95, 190]
    assert wide["calls_101_mean_answer_seconds"].tolist() == [600, 500, 400, 100, 90, 80]
    # Emergencies only (Birmingham's priority incidents are not counted): 10 + 5 a month.
    assert wide["emergency_attended"].tolist() == [15] * 6
    assert wide["emergency_within_target"].tolist() == [8, 6, 10, 12, 10, 14]
    coventry = db.exact("calls_and_response/monthly", **(WIDE | {"lpas": [COVENTRY]}))
    assert coventry["calls_999_offered"].tolist() == wide["calls_999_offered"].tolist()
    assert coventry["emergency_within_target"].tolist() == [2, 1, 3, 4, 3, 5]
    solihull = db.exact("calls_and_response/monthly", **(WIDE | {"lpas": [SOLIHULL]}))
    assert len(solihull) == 6 and solihull["emergency_attended"].isna().all()


def test_comparisons_by_hand(shared_fixture_data):
    monthly = db.exact("calls_and_response/monthly", **WIDE)
    within, seconds, emergency = compare.compare_all(
        monthly, [CALLS_999_WITHIN_10S, CALLS_101_ANSWER_SECONDS, EMERGENCY_WITHIN_TARGET], WAS, IS
    )
    # Pooled: 240 of 400 answered within 10 s, then 375 of 400 (not the mean of monthly shares).
    assert within.was == pytest.approx(0.6) and within.is_ == pytest.approx(0.9375)
    assert wording.format_change(within) == "+33.8 pts"
    assert seconds.was == pytest.approx(500) and seconds.is_ == pytest.approx(90)
    assert seconds.change_verdict == "improved"
    assert emergency.was == pytest.approx(24 / 45) and emergency.is_ == pytest.approx(36 / 45)
    solihull = db.exact("calls_and_response/monthly", **(WIDE | {"lpas": [SOLIHULL]}))
    assert compare.compare(solihull, EMERGENCY_WITHIN_TARGET, WAS, IS).change_verdict == "not enough data"


def test_emergency_attendance_by_lpa(shared_fixture_data):
    frame = db.exact("calls_and_response/emergency_by_lpa", **WIDE).set_index(["lpa", "window_label"])
    assert frame.loc[(BIRMINGHAM, "What was"), "within_target"] == 18
    assert frame.loc[(BIRMINGHAM, "What is"), "within_target_rate"] == pytest.approx(0.8)
    assert frame.loc[(COVENTRY, "What was"), "attended"] == 15
    assert SOLIHULL not in frame.index.get_level_values("lpa")


def test_published_points_exclude_the_standard(shared_fixture_data):
    points = db.exact("calls_and_response/published_999_within_10s")
    assert points.to_dict("records") == [
        {"date": pd.Timestamp("2023-02-01"), "value": pytest.approx(0.47), "label": "Published: 47% (2023-02)"}
    ]


def test_demonstration_calls_hit_the_published_figures():
    frame = calls.generate_calls(2023).frame
    assert frame.equals(calls.generate_calls(2023).frame), "deterministic for a seed"
    line_999 = frame[frame["line"] == "999"].set_index("month")
    year = line_999.loc["2023-04-01":"2024-03-01"]
    assert year["offered"].sum() == 810_868
    assert year["answered_within_10s"].sum() / year["offered"].sum() == pytest.approx(0.93, abs=5e-6)
    year = line_999.loc["2024-04-01":"2025-03-01"]
    assert year["offered"].sum() == 732_440
    assert year["answered_within_10s"].sum() / year["offered"].sum() == pytest.approx(0.96, abs=5e-6)
    may = line_999.loc["2022-05-01"]
    assert may["answered_within_10s"] / may["offered"] == pytest.approx(0.47, abs=5e-5)
    assert (frame["answered_within_10s"] + frame["abandoned"] <= frame["offered"]).all()
    cited = {point["point"] for point in calls.generate_calls(2023).calibration}
    assert {"999 calls answered within 10s, 2022-05", "999 calls received, 2023-24"} <= cited


def test_demonstration_emergencies_rise_by_about_a_quarter():
    frame = calls.generate_incidents(2023).frame
    emergencies = frame[frame["priority"] == "emergency"].set_index("month")

    def rate(first, last):
        year = emergencies.loc[first:last]
        return year["attended_within_target"].sum() / year["attended"].sum()

    assert rate("2024-04-01", "2025-03-01") / rate("2022-04-01", "2023-03-01") == pytest.approx(1.25, abs=0.01)


def test_page_for_an_lpa_shows_the_engine_s_figures_and_says_calls_are_force_wide():
    at = open_page("pages/calls_and_response.py", lpa=COVENTRY)
    assert not at.exception
    force = load_force()
    chosen = parse({"lpa": [COVENTRY]}, force, db.earliest_month(), db.latest_month())
    monthly = db.exact("calls_and_response/monthly", **chosen.params)
    expected = compare.compare_all(monthly, AREA.measures, chosen.was, chosen.is_)
    assert tiles(at) == [(c.measure.label, wording.format_value(c.is_, c.measure)) for c in expected]
    assert any("force-wide" in i.value for i in at.info)
    assert any("Demonstration data" in w.value for w in at.warning)
    assert [b.label for b in at.sidebar.get("download_button")] == ["Briefing pack (PowerPoint)", "Briefing pack (PDF)"]


def test_page_force_wide_has_no_lpa_note():
    at = open_page("pages/calls_and_response.py")
    assert not at.exception
    assert not at.info
    assert tiles(at)[0][0] == "999 calls answered within 10 s"
