"""Investigations and outcomes: the queries against hand-worked fixture values, data maturity, the page.

Fixture values are described in tests/conftest.py. What was is Jan-Mar 2023, what is Apr-Jun 2023.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from briefing.areas.declarations import INVESTIGATIONS
from briefing.stats import compare
from briefing.store import db
from briefing.store.extracts import ExtractData
from briefing.view import Window
from tests.conftest import BIRMINGHAM, COVENTRY, SOLIHULL, crimes_frame, make_data_dir
from tests.pages import metrics, open_page, tiles

BROUGHT_TO_JUSTICE_RATE, CHARGE_RATE = INVESTIGATIONS.measure("btj_rate"), INVESTIGATIONS.measure("charge_rate")

WINDOWS = {
    "lpas": [BIRMINGHAM, COVENTRY, SOLIHULL],
    "force_lpas": [BIRMINGHAM, COVENTRY, SOLIHULL],
    "was_start": date(2023, 1, 1),
    "was_end": date(2023, 4, 1),
    "is_start": date(2023, 4, 1),
    "is_end": date(2023, 7, 1),
}
SPAN = {"lpas": WINDOWS["lpas"], "start": date(2023, 1, 1), "end": date(2023, 7, 1)}
WAS, IS = Window(date(2023, 1, 1), date(2023, 4, 1)), Window(date(2023, 4, 1), date(2023, 7, 1))


def test_monthly_counts_by_hand(shared_fixture_data):
    frame = db.exact("investigations/monthly", **SPAN)
    assert frame["crimes_recorded"].tolist() == [14, 14, 14, 18, 18, 18]
    assert frame["charge_summons"].tolist() == [2] * 6
    assert frame["brought_to_justice"].tolist() == [3, 3, 3, 4, 4, 4]
    assert frame["still_open"].tolist() == [3, 3, 3, 6, 6, 6]
    assert not frame["maturing"].any()
    # January adds a caution for a crime recorded before the data: 12 outcomes, 4 brought to justice.
    assert frame["outcomes_recorded"].tolist() == [12, 11, 11, 12, 12, 12]
    assert frame["btj_outcomes"].tolist() == [4, 3, 3, 4, 4, 4]


def test_charge_and_brought_to_justice_rates_by_hand(shared_fixture_data):
    monthly = db.exact("investigations/monthly", **SPAN)
    btj = compare.compare(monthly, BROUGHT_TO_JUSTICE_RATE, WAS, IS)
    charge = compare.compare(monthly, CHARGE_RATE, WAS, IS)
    # What was: 3 months x 14 crimes = 42, of which 3 x (2 charged + 1 local resolution) = 9.
    assert btj.was == pytest.approx(9 / 42)
    assert btj.is_ == pytest.approx(12 / 54)
    assert charge.was == pytest.approx(6 / 42)
    assert charge.is_ == pytest.approx(6 / 54)
    by_lpa = db.exact("investigations/by_lpa", **WINDOWS).set_index(["lpa", "window_label"])
    assert by_lpa.loc[(BIRMINGHAM, "What was")].tolist() == pytest.approx([10, 0.2, 0.2, 7 / 3])
    assert by_lpa.loc[(BIRMINGHAM, "What is")].tolist() == pytest.approx([10, 0.2, 0.2, 2])
    assert by_lpa.loc[(COVENTRY, "What was")].tolist() == pytest.approx([4, 0, 0.25, 1])
    assert by_lpa.loc[(COVENTRY, "What is")].tolist() == pytest.approx([8, 0, 0.25, 2])
    assert SOLIHULL not in by_lpa.index.get_level_values("lpa")


def test_breakdowns_by_hand(shared_fixture_data):
    by_type = db.exact("investigations/by_crime_type", **WINDOWS).set_index(["crime_type", "window_label"])
    assert by_type.loc[("Burglary", "What was"), "charge_rate"] == pytest.approx(0.2)
    assert by_type.loc[("Robbery", "What is"), "btj_rate"] == pytest.approx(0.25)
    assert by_type.loc[("Not known", "What was"), "btj_outcomes_per_month"] == pytest.approx(1 / 3)
    assert pd.isna(by_type.loc[("Not known", "What was"), "btj_rate"])
    groups = db.exact("investigations/outcome_groups", **WINDOWS).set_index(["outcome_group", "window_label"])
    assert groups.loc[("Charged or summonsed", "What was"), "outcomes_per_month"] == 2
    assert groups.loc[("Community resolution", "What is"), "outcomes_per_month"] == 2
    assert groups.loc[("Caution", "What was"), "outcomes_per_month"] == pytest.approx(1 / 3)
    assert not groups.loc[("No suspect identified", "What was"), "brought_to_justice"]
    arrests = db.exact("investigations/arrests_by_lpa", **WINDOWS).set_index(["lpa", "window_label"])
    assert arrests["arrests_per_month"].tolist() == [30, 40, 10, 10]
    assert db.exact("investigations/arrests_monthly", **SPAN)["arrests"].tolist() == [40] * 3 + [50] * 3
    supervision = db.exact("investigations/supervision_monthly", **SPAN)
    assert supervision["with_documented_supervision"].tolist() == [7] * 3 + [10] * 3
    assert supervision["days_to_first_review"].tolist() == pytest.approx([116 / 14] * 3 + [76 / 14] * 3)
    by_lpa = db.exact("investigations/supervision_by_lpa", **WINDOWS).set_index(["lpa", "window_label"])
    assert by_lpa.loc[(BIRMINGHAM, "What is")].tolist() == pytest.approx([0.8, 6])
    assert by_lpa.loc[(COVENTRY, "What was")].tolist() == pytest.approx([0.5, 4])


def test_maturing_months_are_left_out_of_rates(tmp_path, monkeypatch):
    # June gains 30 Birmingham burglaries still under investigation: 36 of June's 48 crimes have no
    # outcome (75%), over twice the median month's share (3/14 and 6/18 -> 27%). Only June is maturing.
    extra = pd.DataFrame(
        [(date(2023, 6, 1), "E01000001", BIRMINGHAM, "Burglary", "Under investigation", 30)],
        columns=crimes_frame().columns,
    )
    crimes = ExtractData(
        pd.concat([crimes_frame(), extra]),
        "fixture",
        "demo",
        demo=True,
        period_from=date(2023, 1, 1),
        data_through=date(2023, 6, 30),
    )
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(make_data_dir(tmp_path / "data", {"crimes": crimes})))
    monthly = db.exact("investigations/monthly", **SPAN)
    assert monthly["maturing"].tolist() == [False] * 5 + [True]
    assert pd.isna(monthly["brought_to_justice"].iloc[-1]) and monthly["crimes_recorded"].iloc[-1] == 48
    # Birmingham's rate in what is counts April and May only: 4 charged of 20, not 6 of 60.
    by_lpa = db.exact("investigations/by_lpa", **WINDOWS).set_index(["lpa", "window_label"])
    assert by_lpa.loc[(BIRMINGHAM, "What is"), "charge_rate"] == pytest.approx(0.2)
    assert by_lpa.loc[(BIRMINGHAM, "What is"), "crimes_per_month"] == pytest.approx(20)


def test_page_shows_different_values_for_two_lpas(shared_fixture_data):
    birmingham, coventry = (open_page("pages/investigations.py", lpa) for lpa in (BIRMINGHAM, COVENTRY))
    tiles = {at: metrics(at) for at in (birmingham, coventry)}
    # What is (Apr-Jun): Birmingham 6 brought to justice of 30 crimes; Coventry 6 of 24.
    assert tiles[birmingham]["Brought to justice rate"] == "20.0%"
    assert tiles[coventry]["Brought to justice rate"] == "25.0%"
    assert tiles[birmingham]["Arrests per month"] == "40"
    assert tiles[coventry]["Arrests per month"] == "10"
    for at in (birmingham, coventry):
        assert "Demonstration data: not force records" in at.warning[0].value
        assert any(md.value.startswith("**Answer.** Brought to justice outcomes per month") for md in at.markdown)
        assert "Brought to justice** is this app's labelled definition" in " ".join(c.value for c in at.caption)
    assert "Birmingham ·" in birmingham.caption[0].value and "Coventry ·" in coventry.caption[0].value


def test_overview_uses_the_investigations_headline(shared_fixture_data):
    at = open_page()
    assert not at.exception
    assert "Brought to justice outcomes per month" in [label for label, _ in tiles(at)]
