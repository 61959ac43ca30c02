"""Small-number protection (briefing.protect, pure) on hand-made frames, and on a fixture where one
LPA has 3 cases awaiting enforcement, through the page."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from briefing import protect
from briefing.present import tile
from briefing.protect import FORCE, LPA, SELECTION, Rule
from briefing.stats.compare import Comparison, Measure
from briefing.store import db
from briefing.store.extracts import ExtractData
from tests.conftest import make_data_dir, ocset_frame
from tests.pages import chart_data, metrics, open_page, table_with

LPAS = ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031"]
AWAITING = dict(zip(LPAS, [20, 3, 8, 12, 6, 9, 15]))
SENSITIVE = Measure("awaiting", "Cases awaiting", "backlog", "lower_better", "awaiting")
RULES = {
    "referrals": Rule("sensitive"),
    "repeats": Rule("sensitive"),
    "per_month": Rule("from", ("referrals",)),
    "repeat_pct": Rule("from", ("repeats", "referrals")),
    "median_days": Rule("with", ("referrals",)),
}


def frame() -> pd.DataFrame:
    referrals = np.array([0, 3, 5, 7, 8, 12, 23], dtype=float)
    repeats = np.array([0, 1, 2, 6, 8, 4, 11], dtype=float)
    return pd.DataFrame(
        {
            "month": pd.date_range("2024-01-01", periods=7, freq="MS"),
            "referrals": referrals,
            "repeats": repeats,
            "per_month": referrals / 3,
            "repeat_pct": repeats / referrals.clip(1),
            "median_days": np.arange(7.0),
        }
    )


def test_counts_round_to_the_nearest_5_and_below_5_is_blank():
    assert protect.rounded(pd.Series([0, 1, 4, 5, 7, 8, 12, 13, 23]), 5).tolist()[3:] == [5, 5, 10, 10, 15, 25]
    assert protect.rounded(pd.Series([0, 1, 4]), 5).isna().all()  # zero too


def test_derived_figures_come_from_the_rounded_counts():
    shown = protect.protect(frame(), RULES, threshold=5, level=LPA)
    assert shown["referrals"].tolist()[2:] == [5, 5, 10, 10, 25]
    assert shown["per_month"].tolist()[2:] == pytest.approx([5 / 3, 5 / 3, 10 / 3, 10 / 3, 25 / 3])
    # A share of two counts: both rounded; blank where either is "<5".
    assert shown["repeat_pct"].isna().tolist() == [True, True, True, False, False, True, False]
    assert shown.loc[3, "repeat_pct"] == pytest.approx(5 / 5) and shown.loc[6, "repeat_pct"] == pytest.approx(10 / 25)
    assert shown["median_days"].isna().tolist() == [True, True, False, False, False, False, False]
    assert shown.attrs["protected"] == ("referrals", "repeats")


def test_force_wide_is_exact_several_lpas_are_withheld_and_rows_per_lpa_always_protected():
    assert protect.protect(frame(), RULES, threshold=5, level=FORCE) is not None
    assert protect.protect(frame(), RULES, threshold=5, level=FORCE)["referrals"].tolist()[1] == 3
    assert protect.protect(frame(), RULES, threshold=5, level=SELECTION)[list(RULES)].isna().all(axis=None)
    per_lpa = frame().assign(lpa=LPAS)
    assert protect.protect(per_lpa, RULES, threshold=5, level=FORCE)["referrals"].isna().sum() == 2


def test_header_rules_are_parsed_and_checked():
    assert protect.parse_rule("") is None
    assert protect.parse_rule("sensitive") == Rule("sensitive")
    assert protect.parse_rule("from repeats/referrals") == Rule("from", ("repeats", "referrals"))
    assert protect.parse_rule("sensitive stock") == Rule("sensitive", stock=True)
    with pytest.raises(ValueError, match="unknown protection"):
        protect.parse_rule("secret")


def test_a_stock_beside_its_flows_reads_below_10():
    """Cases awaiting 4, 6, 9, 10, 12: "<10" for the first three, then rounded to the nearest 5 as any count."""
    awaiting = pd.DataFrame({"awaiting": [4, 6, 9, 10, 12]})
    shown = protect.protect(awaiting, {"awaiting": Rule("sensitive", stock=True)}, threshold=5, level=LPA)
    assert protect.marked(shown)["awaiting"].tolist() == ["<10", "<10", "<10", "10", "10"]
    assert shown.attrs["floors"] == {"awaiting": 10}


def test_for_people_marks_blank_counts_and_says_why():
    people = protect.marked(protect.protect(frame(), RULES, threshold=5, level=LPA))
    assert people["referrals"].tolist() == ["<5", "<5", "5", "5", "10", "10", "25"]
    assert people["suppression_note"].ne("").tolist() == [True, True, True, False, False, True, False]
    withheld = protect.marked(protect.protect(frame(), RULES, threshold=5, level=SELECTION))
    assert set(withheld["referrals"]) == {"withheld"}


def test_tile_windows_resting_on_a_blank_month_are_withheld():
    shown = protect.protect(frame(), RULES, threshold=5, level=LPA)
    windows = {"What was": (date(2024, 1, 1), date(2024, 4, 1)), "What is": (date(2024, 4, 1), date(2024, 8, 1))}
    count = Measure("referrals", "Referrals", "count", "neutral", "referrals")
    backlog = Measure("backlog", "Backlog", "backlog", "neutral", "referrals")
    withheld = protect.withheld_windows(shown, [count, backlog], windows)
    assert withheld == {"referrals": frozenset({"What was"}), "backlog": frozenset()}
    c = Comparison(SENSITIVE, 3.0, 12.0, 9.0, 3, 3, change_verdict="no clear change")
    shown = tile.values(c, frozenset({"What was"}), 5)
    assert (shown.value, shown.was, shown.change, shown.change_verdict, shown.model_verdict) == (
        "12",
        "<5",
        None,
        "withheld (small numbers)",
        "withheld (small numbers)",
    )
    assert tile.values(c, frozenset(), 5).was == "3"


@pytest.fixture
def one_lpa_has_three(tmp_path, monkeypatch):
    """OCSET cases referred on 10 Jan 2023, none enforced: each LPA's AWAITING count at every month end.
    One more Birmingham case, referred and enforced in June, marks June as a month with data."""
    rows = [
        (f"{lpa[-2:]}-{i}", lpa, date(2023, 1, 10), "low", None, False, None)
        for lpa, count in AWAITING.items()
        for i in range(count)
    ] + [("25-june", "E08000025", date(2023, 6, 10), "high", date(2023, 6, 12), False, None)]
    frame = pd.DataFrame(rows, columns=ocset_frame().columns)
    cases = ExtractData(
        frame, "fixture", "demo", demo=True, period_from=date(2023, 1, 1), data_through=date(2023, 6, 30)
    )
    directory = make_data_dir(tmp_path / "data", {"ocset_cases": cases})
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    return directory


def test_page_protects_the_lpa_with_three_on_tiles_tables_and_charts(one_lpa_has_three):
    by_lpa_frame = db.exact(
        "online_child_abuse/by_lpa",
        force_lpas=LPAS,
        was_start=date(2023, 1, 1),
        was_end=date(2023, 4, 1),
        is_start=date(2023, 4, 1),
        is_end=date(2023, 7, 1),
    )
    assert by_lpa_frame.groupby("lpa")["awaiting"].first().to_dict() == AWAITING
    label = "Cases awaiting enforcement at month end"
    # A stock shown beside its flows reads "<10" below 10 (protect.STOCK_FLOOR).
    assert metrics(open_page("pages/online_child_abuse.py", "E08000026"))[label] == "<10"  # Coventry, 3
    assert metrics(open_page("pages/online_child_abuse.py", "E08000029"))[label] == "<10"  # Solihull, 6
    assert metrics(open_page("pages/online_child_abuse.py", "E08000028"))[label] == "10"  # Sandwell, 12
    force_wide = open_page("pages/online_child_abuse.py")
    assert metrics(force_wide)[label] == "73"  # force-wide is exact
    table = table_with(force_wide, "lpa_name").set_index(["lpa_name", "window_label"])["awaiting"]
    assert table[("Coventry", "What is")] == "<10"
    assert table[("Solihull", "What is")] == "<10"
    assert table[("Sandwell", "What is")] == "10"
    # Coventry's charts and by-month download hold no awaiting figure for Coventry at all; the by-LPA
    # chart leaves Coventry out and draws the others rounded.
    coventry = open_page("pages/online_child_abuse.py", "E08000026")
    assert (table_with(coventry, "month")["awaiting"] == "<10").all()
    frames = chart_data(coventry)
    assert all(f["ocset_awaiting"].isna().all() for f in frames if "ocset_awaiting" in f.columns)
    bars = next(f for f in frames if "lpa_name" in f.columns).set_index(["lpa_name", "window_label"])["awaiting"]
    assert pd.isna(bars[("Coventry", "What is")]) and pd.isna(bars[("Dudley", "What is")])
    assert bars[("Sandwell", "What is")] == 10


def test_a_window_is_the_sum_of_its_months_as_shown():
    """Hand-worked: three months of referrals 7, 3, 12 (shown 5, <5, 10) and repeats unknown, 1, 6
    (shown n/a, <5, 5); a backlog of 4 read at the last month."""
    rules = {
        "referrals": Rule("sensitive"),
        "repeats": Rule("sensitive"),
        "backlog": Rule("sensitive"),
        "per_month": Rule("from", ("referrals",)),
        "repeat_pct": Rule("from", ("repeats", "referrals")),
        "police_pct": Rule("from", ("police", "referrals")),
        "police": Rule("sensitive"),
        "median_days": Rule("with", ("referrals",)),
    }
    exact = pd.DataFrame(
        {
            "window_label": ["What is", "One month"],
            "referrals": [22, 12],
            "repeats": [7, 6],
            "backlog": [4, 4],
            "per_month": [22 / 3, 12.0],
            "repeat_pct": [7 / 15, 6 / 12],
            "police": [11, 6],
            "police_pct": [0.5, 0.5],
            "median_days": [9.0, 8.0],
        }
    )
    months = pd.DataFrame(
        {
            "window_label": ["What is"] * 3 + ["One month"],
            "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-03-01"]),
            "referrals": [7, 3, 12, 12],
            "repeats": [None, 1, 6, 6],
            "backlog": [None, None, 4, 4],
            "police": [5, 0, 6, 6],
        }
    )
    shown = protect.protect(exact, rules, threshold=5, level=LPA)
    built = protect.from_months(shown, exact, months, rules)
    # 5 + 10, the "<5" month not counted (rounded afresh, 22 would have shown 20).
    assert built["referrals"].tolist() == [15, 10] and built.attrs["uncounted"]["referrals"].tolist() == [1, 0]
    assert np.isnan(built.loc[0, "per_month"]) and built.loc[1, "per_month"] == 10  # rests on a "<5" month
    # Repeats: the unknown month is missing, not small; one "<5" month left out, so the share is withheld.
    assert built.loc[0, "repeats"] == 5 and built.attrs["uncounted"]["repeats"].tolist() == [1, 0]
    assert np.isnan(built.loc[0, "repeat_pct"]) and built.loc[1, "repeat_pct"] == pytest.approx(5 / 10)
    assert np.isnan(built.loc[0, "backlog"]) and built.attrs["uncounted"]["backlog"].tolist() == [1, 1]
    assert built["median_days"].tolist() == [9.0, 8.0]
    people = protect.marked(built)
    assert people["referrals"].tolist() == ["15 (1 month <5 not counted)", "10"]
    assert people["backlog"].tolist() == ["<5", "<5"] and people["police"].tolist()[0] == "10 (1 month <5 not counted)"


def test_a_median_of_fewer_than_5_cases_or_none_is_marked_the_same():
    rules = {"cases": Rule("hidden"), "median_days": Rule("with", ("cases",))}
    frame = pd.DataFrame(
        {
            "month": pd.date_range("2024-01-01", periods=4, freq="MS"),
            "cases": [0, 2, 5, 9],
            "median_days": [np.nan, 3.0, 4.0, 6.0],
        }
    )
    shown = protect.protect(frame, rules, threshold=5, level=LPA)
    assert "cases" not in shown and shown["median_days"].isna().tolist() == [True, True, False, False]
    assert protect.marked(shown)["median_days"].tolist()[:2] == ["[c]", "[c]"]
    assert protect.withheld_rows(shown).tolist() == [True, True, False, False]
    # Force-wide: exact, the hidden count dropped all the same.
    assert protect.protect(frame, rules, threshold=5, level=FORCE)["median_days"].tolist()[1:] == [3.0, 4.0, 6.0]
    assert "cases" not in protect.protect(frame, rules, threshold=5, level=FORCE)
