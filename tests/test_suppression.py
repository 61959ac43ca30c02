"""Small-number suppression: primary ("<5") and complementary ("[c]") on hand-made frames, and on a
fixture where one LPA has 3 cases awaiting enforcement, through the page."""

from datetime import date

import pandas as pd
import pytest

from briefing import db, suppression
from briefing.compare import Comparison, Measure
from briefing.extracts import ExtractData
from tests.conftest import make_data_dir, ocset_frame
from tests.pages import chart_data, metrics, run_page, table_with

LPAS = ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031"]
# Coventry has 3; Solihull's 6 is the next-smallest.
AWAITING = dict(zip(LPAS, [20, 3, 8, 12, 6, 9, 15]))
SENSITIVE = Measure("awaiting", "Cases awaiting", "backlog", "lower_better", "awaiting", sensitive=True)
RATE = Measure("rate", "A rate", "rate", "neutral", "rate")


def by_lpa(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"lpa": list(values), "window_label": "What is", "awaiting": list(values.values())})


def comparison(measure: Measure, was: float, is_: float) -> Comparison:
    return Comparison(measure, was, is_, is_ - was, -1.0, 1.0, "no clear change", 3, 3)


def test_one_small_lpa_and_the_next_smallest_are_suppressed():
    flags = suppression.flags(by_lpa(AWAITING), ["awaiting"], threshold=5, group=["window_label"])["awaiting"]
    assert dict(zip(LPAS, flags)) == {lpa: "" for lpa in LPAS} | {
        "E08000026": suppression.PRIMARY, "E08000029": suppression.COMPLEMENTARY,
    }


def test_zero_is_shown_and_two_small_cells_protect_each_other():
    flags = suppression.flags(by_lpa(dict(zip(LPAS, [0, 1, 4, 5, 30, 0, 7]))), ["awaiting"], threshold=5)
    # 1 and 4 are suppressed; 5 is not; zeros are shown; the total gives only 1 + 4 = 5 together.
    assert flags["awaiting"].tolist() == ["", "primary", "primary", "", "", "", ""]


def test_a_selection_is_withheld_if_any_lpa_in_it_is():
    frame = by_lpa(AWAITING)
    hidden = suppression.window_withheld(frame, {"awaiting": "awaiting"}, ["E08000029"], threshold=5)
    assert hidden == {"awaiting": frozenset({"What is"})}
    assert suppression.window_withheld(frame, {"awaiting": "awaiting"}, ["E08000025", "E08000026"],
                                       threshold=5) == {"awaiting": frozenset({"What is"})}
    assert suppression.window_withheld(frame, {"awaiting": "awaiting"}, ["E08000025"], threshold=5) == {
        "awaiting": frozenset()}
    # Force-wide (no selection, or every LPA) is always shown.
    assert suppression.window_withheld(frame, {"awaiting": "awaiting"}, [], threshold=5)["awaiting"] == frozenset()
    assert suppression.window_withheld(frame, {"awaiting": "awaiting"}, LPAS, threshold=5)["awaiting"] == frozenset()


def test_tile_values():
    small = suppression.tile_values(comparison(SENSITIVE, 3, 12), lpa_level=True, threshold=5)
    assert (small.value, small.was, small.change, small.suppressed) == ("12", "<5", None, True)
    assert small.verdict == "withheld (small numbers)"
    protecting = suppression.tile_values(comparison(SENSITIVE, 20, 6), True, 5, frozenset({"What is"}))
    assert (protecting.value, protecting.was, protecting.change) == ("[c]", "20", None)
    force_wide = suppression.tile_values(comparison(SENSITIVE, 3, 12), lpa_level=False, threshold=5)
    assert (force_wide.value, force_wide.was, force_wide.suppressed) == ("12", "3", False)
    assert force_wide.change == "+9 (+300%)"
    assert suppression.tile_values(comparison(RATE, 3, 1), lpa_level=True, threshold=5).value == "1.0"


def test_table_marks_and_blanks_what_rests_on_a_suppressed_count():
    frame = by_lpa(AWAITING).assign(median_days=range(7))
    shown = suppression.table(frame, ["awaiting"], threshold=5, group=["window_label"],
                              dependent={"median_days": "awaiting"})
    assert shown["awaiting"].tolist() == ["20", "<5", "8", "12", "[c]", "9", "15"]
    assert shown["median_days"].isna().tolist() == [False, True, False, False, True, False, False]
    assert shown["suppression_note"].ne("").tolist() == [False, True, False, False, True, False, False]
    assert suppression.table(frame, ["awaiting"], threshold=5, lpa_level=False) is frame


def test_monthly_chart_data_is_blanked_where_withheld():
    counts = pd.concat([by_lpa(AWAITING).assign(month=pd.Timestamp("2023-01-01")),
                        by_lpa(dict.fromkeys(LPAS, 10)).assign(month=pd.Timestamp("2023-02-01"))])
    monthly = pd.DataFrame({"month": pd.to_datetime(["2023-01-01", "2023-02-01"]), "awaiting": [6, 10],
                            "share": [0.5, 0.4]})
    shown = suppression.monthly(monthly, counts, ["awaiting"], ["E08000029"], threshold=5,
                                dependent={"share": "awaiting"})
    assert shown["awaiting"].isna().tolist() == [True, False]
    assert shown["share"].isna().tolist() == [True, False]
    assert suppression.monthly(monthly, counts, ["awaiting"], [], threshold=5)["awaiting"].tolist() == [6, 10]


def test_two_way_table_protects_against_lpa_and_force_totals():
    # Very high risk: A 3, B 10, C 12; low: A 40, B 50, C 60 (one window).
    frame = pd.DataFrame({
        "lpa": ["A", "B", "C"] * 2,
        "risk_level": ["very high"] * 3 + ["low"] * 3,
        "window_label": "What is",
        "offenders": [3, 10, 12, 40, 50, 60],
    })

    def shown(selected):
        table = suppression.selection_table(frame, ["offenders"], selected, threshold=5, group=["window_label"],
                                            over="risk_level")
        return table.set_index("risk_level")["offenders"].to_dict()

    # A's 3 is suppressed; A's low (A's caseload is shown) and B's very high (the force-wide very high
    # is shown) are withheld; then B's low, so B's caseload cannot give B's very high away.
    assert shown(["A"]) == {"very high": "<5", "low": "[c]"}
    assert shown(["B"]) == {"very high": "[c]", "low": "[c]"}
    assert shown(["C"]) == {"very high": "12", "low": "60"}
    assert shown(["B", "C"]) == {"very high": "[c]", "low": "[c]"}
    assert shown([]) == {"very high": 25, "low": 150}


def test_selection_table_blanks_derived_columns_that_rest_on_a_mark():
    counts = pd.DataFrame({"lpa": ["A", "B", "C"] * 2, "period": ["before"] * 3 + ["after"] * 3,
                           "needed": [2, 20, 30, 12, 25, 40]})
    detail = pd.DataFrame({"period": ["before", "after"], "median_days": [9.0, 3.0]})
    table = suppression.selection_table(counts, ["needed"], ["A"], threshold=5, group=[], over="period",
                                        detail=detail, dependent=["median_days"])
    assert table["needed"].tolist() == ["<5", "[c]"]  # A's 'after' would be A's total minus 2
    assert table["median_days"].isna().all()
    force_wide = suppression.selection_table(counts, ["needed"], [], threshold=5, group=[], over="period",
                                             detail=detail, dependent=["median_days"])
    assert force_wide["needed"].tolist() == [52, 77]
    assert force_wide["median_days"].tolist() == [9.0, 3.0]


@pytest.fixture
def one_lpa_has_three(tmp_path, monkeypatch):
    """OCSET cases referred on 10 Jan 2023, none enforced: each LPA's AWAITING count at every month end.
    One more Birmingham case, referred and enforced in June, marks June as a month with data."""
    rows = [
        (f"{lpa[-2:]}-{i}", lpa, date(2023, 1, 10), "low", None, False, None)
        for lpa, count in AWAITING.items() for i in range(count)
    ] + [("25-june", "E08000025", date(2023, 6, 10), "high", date(2023, 6, 12), False, None)]
    frame = pd.DataFrame(rows, columns=ocset_frame().columns)
    cases = ExtractData(frame, "fixture", "demo", demo=True, period_from=date(2023, 1, 1),
                        data_through=date(2023, 6, 30))
    directory = make_data_dir(tmp_path / "data", {"ocset_cases": cases})
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    return directory


def test_page_suppresses_the_lpa_with_three_and_its_complement(one_lpa_has_three):
    by_lpa_frame = db.run("online_child_abuse/by_lpa", lpas=LPAS, was_start=date(2023, 1, 1),
                          was_end=date(2023, 4, 1), is_start=date(2023, 4, 1), is_end=date(2023, 7, 1))
    assert by_lpa_frame.groupby("lpa")["awaiting"].first().to_dict() == AWAITING
    tile = "Cases awaiting enforcement at month end"
    assert metrics(run_page("pages/online_child_abuse.py", "E08000026"))[tile] == "<5"  # Coventry, 3
    assert metrics(run_page("pages/online_child_abuse.py", "E08000029"))[tile] == "[c]"  # Solihull, 6
    assert metrics(run_page("pages/online_child_abuse.py", "E08000027"))[tile] == "8"  # Dudley
    force_wide = run_page("pages/online_child_abuse.py")
    assert metrics(force_wide)[tile] == "73"
    table = table_with(force_wide, "lpa_name").set_index(["lpa_name", "window_label"])["awaiting"]
    assert table[("Coventry", "What is")] == "<5"
    assert table[("Solihull", "What is")] == "[c]"
    assert table[("Dudley", "What is")] == "8"
    # Coventry's charts and by-month download hold no awaiting figure for Coventry at all; the by-LPA
    # chart draws neither Coventry nor Solihull in what is.
    coventry = run_page("pages/online_child_abuse.py", "E08000026")
    assert table_with(coventry, "month")["awaiting"].eq("[c]").all()
    frames = chart_data(coventry)
    assert all(f["ocset_awaiting"].isna().all() for f in frames if "ocset_awaiting" in f.columns)
    bars = next(f for f in frames if "lpa_name" in f.columns).set_index(["lpa_name", "window_label"])["awaiting"]
    assert bars[[("Coventry", "What is"), ("Solihull", "What is")]].isna().all()
    assert bars[("Dudley", "What is")] == 8
