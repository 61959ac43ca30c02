"""Online child abuse: cases awaiting enforcement and days to enforcement, worked by hand from the fixture."""

from datetime import date

import pytest

from briefing.areas.declarations import ONLINE_CHILD_ABUSE
from briefing.config import REPO_DIR, _load_force
from briefing.store import db
from tests.conftest import BIRMINGHAM, COVENTRY, WIDE
from tests.pages import every_trend_renders, metrics, open_page, table_with, tiles


def test_awaiting_enforcement_at_month_end(shared_fixture_data):
    frame = db.exact("online_child_abuse/monthly", **WIDE)
    # Jan: K2 (enforced 10 Feb). Feb: none. Mar: K4. Apr: K4 and K6 (enforced 8 May). May: K4.
    # Jun: K4 and Coventry's K5.
    assert frame["awaiting"].tolist() == [1, 0, 1, 2, 1, 2]
    assert db.exact("online_child_abuse/monthly", **(WIDE | {"lpas": [BIRMINGHAM]}))["awaiting"].tolist() == [
        1,
        0,
        1,
        2,
        1,
        1,
    ]


def test_days_to_enforcement_by_grade(shared_fixture_data):
    frame = db.exact("online_child_abuse/monthly", **WIDE).set_index("month")
    jan, feb, may = (frame.loc[f"2023-{m:02d}-01"] for m in (1, 2, 5))
    assert jan["very_high_days"] == 1  # K1: 10 to 11 Jan
    assert (feb["high_days"], feb["medium_days"]) == (21, 10)  # K2: 20 Jan to 10 Feb; K3: 5 to 15 Feb
    assert (may["medium_days"], may["low_days"]) == (10, 35)  # K7: 10 to 20 May; K6: 3 Apr to 8 May
    by_grade = db.exact("online_child_abuse/by_grade", **WIDE).set_index(["risk_grade", "window_label"])
    assert by_grade.loc[("very high", "What was"), "within_guide_pct"] == 1  # 1 day, guide 1
    assert by_grade.loc[("high", "What was"), "within_guide_pct"] == 0  # 21 days, guide 7
    assert by_grade.loc[("low", "What is"), ["enforced", "median_days", "within_guide_pct"]].tolist() == [1, 35, 0]
    assert by_grade.loc[("very high", "What is"), "enforced"] == 0


def test_within_guide_and_disclosures_on_time(shared_fixture_data):
    frame = db.exact("online_child_abuse/timeliness", **WIDE)
    assert frame["month"].dt.date.tolist()[0] == date(2023, 1, 1)
    # Enforced: Jan K1 (in guide); Feb K2 (21 days, guide 7), K3 (in guide); May K6 (35 > 30), K7 (in guide).
    assert frame["enforced"].tolist() == [1, 2, 0, 0, 2, 0]
    assert frame["enforced_within_guide"].tolist() == [1, 1, 0, 0, 1, 0]
    # Disclosures by month of referral: Jan K1 (2 days) and K2 (31 days); Apr K6 (3); May K7 (2).
    assert frame["disclosures_needed"].tolist() == [2, 0, 0, 1, 1, 0]
    assert frame["disclosed_on_time"].tolist() == [1, 0, 0, 1, 1, 0]


def test_disclosures_before_and_after_the_deadline(shared_fixture_data):
    split = db.exact("online_child_abuse/disclosure", **(WIDE | {"deadline": date(2023, 4, 30)})).set_index("period")
    assert split.loc["before", ["disclosures_needed", "disclosed_on_time"]].tolist() == [3, 2]  # K1, K2, K6
    assert split.loc["after", ["disclosures_needed", "disclosed_on_time"]].tolist() == [1, 1]  # K7


def test_page_for_two_lpas(shared_fixture_data):
    birmingham, coventry = (open_page("pages/online_child_abuse.py", lpa) for lpa in (BIRMINGHAM, COVENTRY))
    for at in (birmingham, coventry):
        assert not at.exception
        assert "Demonstration data" in at.warning[0].value
        assert len(tiles(at)) == len(ONLINE_CHILD_ABUSE.measures)
        assert metrics(at)["Cases awaiting enforcement at month end"] == "<10"  # a stock beside its flows
        # Every count is small in the fixture: "<5" in every table, and the shares resting on them blank.
        assert set(table_with(at, "risk_grade")["enforced"]) == {"<5 in each of 3 months"}
        assert table_with(at, "risk_grade")["within_guide_pct"].eq("[c]").all()  # withheld with the count
        assert set(table_with(at, "lpa_name")["awaiting"]) == {"<10"}


def test_every_trend_renders(shared_fixture_data):
    assert every_trend_renders(open_page("pages/online_child_abuse.py", COVENTRY)) == []


def test_enforcement_guide_must_name_every_risk_grade(tmp_path):
    text = (REPO_DIR / "data" / "force.toml").read_text().replace('"very high" = 1\n', "")
    (tmp_path / "force.toml").write_text(text)
    with pytest.raises(ValueError, match="enforcement_guide_days"):
        _load_force(tmp_path / "force.toml")
