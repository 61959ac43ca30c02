"""URL parameters become filters; anything unknown or malformed falls back with a note."""

from datetime import date

import pytest

from briefing.config import load_force
from briefing.view import CUSTOM, Window, parse

EARLIEST, LATEST = date(2021, 4, 1), date(2025, 3, 1)


@pytest.fixture
def force():
    return load_force()


def test_defaults_compare_since_the_model_with_the_same_length_before(force):
    f = parse({}, force, EARLIEST, LATEST)
    assert f.force_wide and f.notes == ()
    assert f.is_ == Window(date(2023, 4, 1), date(2025, 4, 1))
    assert f.was == Window(date(2021, 4, 1), date(2023, 4, 1))


@pytest.mark.parametrize(
    ("preset", "was", "is_"),
    [
        ("last12_vs_prev12", (date(2023, 4, 1), date(2024, 4, 1)), (date(2024, 4, 1), date(2025, 4, 1))),
        ("last3_vs_year_earlier", (date(2024, 1, 1), date(2024, 4, 1)), (date(2025, 1, 1), date(2025, 4, 1))),
    ],
)
def test_presets_anchor_to_the_latest_month(force, preset, was, is_):
    f = parse({"cmp": [preset]}, force, EARLIEST, LATEST)
    assert (f.was, f.is_) == (Window(*was), Window(*is_))


def test_lpas_are_validated(force):
    f = parse({"lpa": ["E08000026", "E99999999", "' or 1=1--", "E08000026"]}, force, EARLIEST, LATEST)
    assert f.lpas == ("E08000026",)
    assert len(f.notes) == 2
    assert "E99999999" in f.notes[0]


def test_only_unknown_lpas_means_force_wide(force):
    f = parse({"lpa": ["E99999999"]}, force, EARLIEST, LATEST)
    assert f.force_wide and f.notes


def test_custom_windows(force):
    query = {
        "cmp": [CUSTOM],
        "was_from": ["2022-01"],
        "was_to": ["2022-06"],
        "is_from": ["2024-01"],
        "is_to": ["2024-06"],
    }
    f = parse(query, force, EARLIEST, LATEST)
    assert f.preset == CUSTOM and f.notes == ()
    assert f.was == Window(date(2022, 1, 1), date(2022, 7, 1))
    assert f.is_ == Window(date(2024, 1, 1), date(2024, 7, 1))


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"is_from": ["2024-06"], "is_to": ["2024-01"]}, "ends before it starts"),
        ({"is_from": ["2024-13"]}, "YYYY-MM"),
        ({"is_to": ["June"]}, "YYYY-MM"),
        ({"was_from": ["2019-01"]}, "must lie between"),
    ],
)
def test_bad_custom_windows_fall_back_with_a_note(force, changes, why):
    query = {
        "cmp": [CUSTOM],
        "was_from": ["2022-01"],
        "was_to": ["2022-06"],
        "is_from": ["2024-01"],
        "is_to": ["2024-06"],
    } | changes
    f = parse(query, force, EARLIEST, LATEST)
    assert f.preset == force.presets[0].key
    assert any(why in note for note in f.notes)


def test_unknown_values_and_keys_fall_back(force):
    f = parse({"cmp": ["'; drop table crimes"], "trend": ["99"], "zzz": ["1"]}, force, EARLIEST, LATEST)
    assert f.preset == force.presets[0].key and f.trend == "all"
    assert len(f.notes) == 3


def test_round_trip_through_the_url(force):
    query = {
        "lpa": ["E08000025", "E08000031"],
        "cmp": [CUSTOM],
        "was_from": ["2021-06"],
        "was_to": ["2022-05"],
        "is_from": ["2024-04"],
        "is_to": ["2025-03"],
        "trend": ["24"],
    }
    f = parse(query, force, EARLIEST, LATEST)
    again = parse({k: v if isinstance(v, list) else [v] for k, v in f.to_query().items()}, force, EARLIEST, LATEST)
    assert again == f


def test_trend_window_and_query_span(force):
    f = parse({"cmp": ["last3_vs_year_earlier"], "trend": ["12"]}, force, EARLIEST, LATEST)
    assert f.trend_window == Window(date(2024, 4, 1), date(2025, 4, 1))
    params = f.params
    # From the first month of data, whatever the windows: verdicts project the whole earlier trend.
    assert params["start"] == EARLIEST and params["end"] == date(2025, 4, 1)
    assert params["lpas"] == list(force.lpas)
