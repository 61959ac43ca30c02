"""MARAC: repeats, month-end backlog and stage durations worked by hand from the fixture (conftest.py)."""

from datetime import date

from briefing.store import db
from tests.conftest import BIRMINGHAM, COVENTRY, WIDE
from tests.pages import chart_data, every_trend_renders, metrics, open_page, table_with, tile_text, tiles

BIRMINGHAM_ONLY = WIDE | {"lpas": [BIRMINGHAM]}


def test_repeats_count_a_victims_history_within_12_months(shared_fixture_data):
    frame = db.exact("marac/monthly", **BIRMINGHAM_ONLY)
    # Months stop at the latest referral (May): an extract's last month is not read as empty.
    assert frame["month"].dt.date.tolist() == [date(2023, m, 1) for m in range(1, 6)]
    assert frame["referrals"].tolist() == [1, 1, 1, 1, 1]
    # Jan B1: V1's first. Feb B3: V2's previous was Jan 2022, over 12 months before. Mar B4 and May B7:
    # V1 again. Apr B6: V3's previous (Jun 2022) lies before the window but within 12 months.
    assert frame["repeats"].tolist() == [0, 0, 1, 1, 1]
    assert frame["police_referrals"].tolist() == [1, 0, 0, 1, 1]


def test_repeats_are_unknown_until_12_months_of_look_back_exist(shared_fixture_data):
    # The extract starts in Jan 2022 (B2), so Jun 2022 (B5) cannot know its victim's last 12 months:
    # its repeats are null, not 0, and the repeat share leaves it out. From Jan 2023 they are known.
    frame = db.exact("marac/monthly", **(BIRMINGHAM_ONLY | {"start": date(2022, 1, 1)})).set_index("month")
    assert frame.loc["2022-06-01", "referrals"] == 1 and frame["repeats"].loc[:"2022-12-01"].isna().all()
    assert frame["repeats"].loc["2023-01-01":].tolist() == [0, 0, 1, 1, 1]


def test_backlog_at_month_end(shared_fixture_data):
    frame = db.exact("marac/monthly", **BIRMINGHAM_ONLY)
    # Jan: B1 (heard 3 Feb). Feb: none (B1 heard, B3 screened out). Mar: B4 (heard 5 Apr). Apr: B6,
    # heard on 1 May, so still waiting at the end of April. May: B7, no decision yet.
    assert frame["backlog"].tolist() == [1, 0, 1, 1, 1]


def test_stage_durations_are_medians_by_month_of_the_later_event(shared_fixture_data):
    frame = db.exact("marac/monthly", **BIRMINGHAM_ONLY)
    jan, mar = frame.iloc[0], frame.iloc[2]
    assert (jan["triage_days"], jan["decision_days"], jan["sharing_days"]) == (2, 3, 10)  # B1: 12, 15, 20 Jan
    assert (mar["triage_days"], mar["decision_days"], mar["sharing_days"]) == (1, 4, 10)  # B4: 16, 20, 25 Mar


def test_rate_per_10000_adult_women_a_year(shared_fixture_data):
    frame = db.exact("marac/monthly", **WIDE)
    # January: 1 Birmingham + 3 Coventry referrals; 400,000 + 100,000 adult women.
    assert frame["per_10k_year"].iloc[0] == 4 * 12 * 10_000 / 500_000


def test_by_lpa_windows(shared_fixture_data):
    by_lpa = db.exact("marac/by_lpa", **WIDE).set_index(["lpa", "window_label"])
    was, is_ = by_lpa.loc[(BIRMINGHAM, "What was")], by_lpa.loc[(BIRMINGHAM, "What is")]
    # What was (Jan-Mar): B1, B3, B4; one repeat (B4), one from police (B1); B4 waiting at 31 March.
    assert (was["referrals_per_month"], was["repeat_pct"], was["police_pct"], was["backlog"]) == (1, 1 / 3, 1 / 3, 1)
    assert was["per_10k_year"] == 3 * 12 * 10_000 / 3 / 400_000
    # What is (Apr-Jun): B6 and B7, both repeats from police; B7 waiting at 30 June.
    assert (is_["referrals_per_month"], is_["repeat_pct"], is_["police_pct"], is_["backlog"]) == (2 / 3, 1, 1, 1)
    assert by_lpa.loc[(COVENTRY, "What was"), "referrals_per_month"] == 1


def test_published_reference_figures(shared_fixture_data):
    published = db.exact("marac/published").set_index("kind")
    assert published.loc["target", "value"] == 40
    assert published.loc["reference", "value"] == 47


def test_page_for_two_lpas(shared_fixture_data):
    birmingham, coventry = open_page("pages/marac.py", BIRMINGHAM), open_page("pages/marac.py", COVENTRY)
    for at in (birmingham, coventry):
        assert not at.exception
        assert "Demonstration data" in at.warning[0].value
        assert len(tiles(at)) == 8
        # Every count is small in the fixture: withheld on the tiles, "<5" in the tables, and the rate,
        # shares and per-month mean that rest on them blank.
        assert metrics(at)["Referrals per month"] == "<5"
        assert "Withheld (small numbers) · was <5" in tile_text(at)
        by_lpa = table_with(at, "lpa_name")
        # Three months, each "<5": none counted in the window's total.
        assert set(by_lpa["referrals"]) == {"<5 in each of 3 months"}
        # Worked out from the referrals, so withheld with them.
        assert by_lpa[["referrals_per_month", "per_10k_year", "repeat_pct"]].eq("[c]").all(axis=None)


def test_every_trend_renders(shared_fixture_data):
    assert every_trend_renders(open_page("pages/marac.py", COVENTRY)) == []


def test_rate_chart_draws_the_safelives_level_and_national_rate(shared_fixture_data):
    frames = chart_data(open_page("pages/marac.py"))
    # On the rate chart and on the by-LPA bars.
    assert sum("target" in f.columns and f["target"].tolist() == [40] for f in frames) == 2
    # The national rate as a published figure: a labelled point.
    assert any({"date", "value", "label"} <= set(f.columns) and f["value"].tolist() == [47] for f in frames)


def test_a_trend_window_shortens_the_trend_chart_and_leaves_the_tiles():
    # The shipped data: four years of months.
    def trend_months(at) -> int:
        series = next(f for f in chart_data(at) if {"month", "value", "centre"} <= set(f.columns))
        return len(series)

    every, latest = open_page("pages/marac.py"), open_page("pages/marac.py", trend="12")
    assert trend_months(latest) == 12 < trend_months(every)
    assert metrics(latest) == metrics(every)
