"""Tables and CSVs for people: headers, LPA names, months, percentages, rounding, suppression marks,
and the view a CSV was downloaded in."""

from datetime import date

import numpy as np
import pandas as pd

from briefing.config import load_force
from briefing.present import tables
from briefing.protect import LPA, Rule, explanation, protect
from briefing.view import parse

BIRMINGHAM = "E08000025"


def view(**query):
    return parse(query, load_force(), date(2021, 4, 1), date(2025, 3, 1))


def test_a_table_reads_as_a_person_would():
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2023-04-01", "2023-05-01"]),
            "lpa": [BIRMINGHAM, BIRMINGHAM],
            "btj_rate": [0.0666, np.nan],
            "per_10k_year": [46.61234, 3.0],
            "referrals": [1200.0, None],
            "window_label": ["What was", "What is"],
        }
    )
    shown = tables.for_people(frame, load_force())
    assert list(shown.columns) == [
        "Month",
        "Local Policing Area",
        "Brought to justice rate",
        "Referrals a year per 10,000 adult women",
        "Referrals",
        "Window",
    ]
    assert shown.iloc[0].tolist() == ["Apr 2023", "Birmingham", "6.7%", "46.6", "1,200", "What was"]
    assert shown.iloc[1].tolist() == ["May 2023", "Birmingham", "n/a", "3", "n/a", "What is"]
    assert not shown.isin(["None", "nan", ""]).any().any()


def test_protected_values_read_as_marks_never_blank():
    rules = {"referrals_per_month": Rule("sensitive"), "per_10k_year": Rule("from", ("referrals_per_month",))}
    frame = pd.DataFrame(
        {
            "lpa_name": ["Coventry", "Solihull", "Dudley"],
            "referrals_per_month": [3.0, 12.0, 8.0],
            "per_10k_year": [1.5, 6.0, np.nan],
        }
    )
    shown = tables.for_people(protect(frame, rules, threshold=5, level=LPA), load_force())
    assert shown["Referrals per month"].tolist() == ["<5", "10", "10"]
    # A rate blanked because its count is shown as "<5" is withheld; one simply missing is "n/a".
    assert shown["Referrals a year per 10,000 adult women"].tolist() == ["[c]", "5", "n/a"]
    assert shown["Note on small numbers"].tolist() == [explanation(5), "", ""]


def test_a_csv_carries_its_view_in_columns_and_name():
    chosen = view(lpa=[BIRMINGHAM])
    frame = tables.with_view(pd.DataFrame({"Month": ["Apr 2023"]}), chosen, date(2025, 3, 1))
    assert frame.iloc[0].to_dict() == {
        "Area": "Birmingham",
        "What was": "Apr 2021 to Mar 2023",
        "What is": "Apr 2023 to Mar 2025",
        "Data as at": "Mar 2025",
        "Month": "Apr 2023",
    }
    assert tables.file_name("marac-by-lpa", chosen, date(2025, 3, 1), demo=True) == (
        "marac-by-lpa-Birmingham-was-2021-04-to-2023-03-is-2023-04-to-2025-03-data-to-2025-03-DEMONSTRATION.csv"
    )
    assert tables.file_name("events", view(), date(2025, 3, 1), demo=False).startswith("events-force-wide-")


def test_every_query_column_has_a_plain_header():
    """Every column any query returns is named in HEADERS, so no raw name reaches a table."""
    from briefing.store import queries

    missing = set()
    for name in queries.names():
        for column, _ in queries.load(name).returns:
            if column not in tables.HEADERS:
                missing.add(column)
    assert not missing, sorted(missing)


def test_a_header_raises_only_its_first_letter():
    assert tables.header("was (Jul 2020 to Mar 2023), per 1,000") == "Was (Jul 2020 to Mar 2023), per 1,000"
    assert tables.header("crimes_per_lpa") == "Crimes per lpa"


def test_a_table_made_for_people_is_kept_for_the_same_frame_and_view(monkeypatch):
    from briefing.app import ui

    made = []
    people_table = ui.people_table
    monkeypatch.setattr(ui, "people_table", lambda *a: made.append(a) or people_table(*a))
    ui._kept_tables.clear()
    frame = pd.DataFrame({"lpa": ["E08000025", "E08000026"], "crimes": [10, 20]})
    first = ui.kept_table(frame, "crimes", "crimes", False, view())
    assert ui.kept_table(frame.copy(), "crimes", "crimes", False, view()) is first and len(made) == 1
    # Another frame, view or name is made afresh.
    other = ui.kept_table(frame.assign(crimes=[10, 21]), "crimes", "crimes", False, view())
    assert other is not first and other.shown.column(1).to_pylist() == ["10", "21"]
    assert ui.kept_table(frame, "crimes", "crimes", False, view(lpa=["E08000025"])).file_name != first.file_name
    assert ui.kept_table(frame, "crimes", "crimes", True, view()) is not first
    assert len(made) == 4
    # Only the newest are kept.
    for n in range(ui._KEPT_TABLES + 5):
        ui.kept_table(frame.assign(crimes=[n, n]), "crimes", "crimes", False, view())
    assert len(ui._kept_tables) == ui._KEPT_TABLES
