"""Every SQL file runs on the fixtures and returns the columns and types its header declares."""

from datetime import date

import pytest

from briefing.store import db, queries
from tests.conftest import BIRMINGHAM, COVENTRY, INJECTION, SOLIHULL, WIDE


@pytest.mark.parametrize("name", queries.names())
def test_query_returns_what_its_header_declares(shared_fixture_data, name):
    query = queries.load(name)
    cursor = db._connection(db.version()).cursor()
    result = cursor.execute(query.sql, {p: WIDE[p] for p in query.params})
    actual = tuple((d[0], str(d[1])) for d in result.description)
    assert actual == query.returns


def test_monthly_crime_counts_by_hand(shared_fixture_data):
    frame = db.exact("investigations/monthly", **WIDE)
    assert frame["month"].dt.date.tolist() == [date(2023, m, 1) for m in range(1, 7)]
    # Jan: Birmingham 10 burglaries + Coventry 4 robberies; anti-social behaviour is not counted.
    assert frame["crimes_recorded"].tolist() == [14, 14, 14, 18, 18, 18]
    assert frame["charge_summons"].tolist() == [2] * 6
    # Brought to justice adds Coventry's local resolutions (1 a month, then 2).
    assert frame["brought_to_justice"].tolist() == [3, 3, 3, 4, 4, 4]


def test_lpa_filter_and_empty_lpa(shared_fixture_data):
    coventry = db.exact("investigations/monthly", **(WIDE | {"lpas": [COVENTRY]}))
    assert coventry["crimes_recorded"].tolist() == [4, 4, 4, 8, 8, 8]
    assert db.exact("investigations/monthly", **(WIDE | {"lpas": [SOLIHULL]})).empty


def test_injection_string_is_only_a_value(shared_fixture_data):
    assert db.exact("investigations/monthly", **(WIDE | {"lpas": [INJECTION]})).empty
    # The tables are still there afterwards.
    assert len(db.exact("investigations/monthly", **WIDE)) == 6


def test_window_edges_are_half_open(shared_fixture_data):
    by_lpa = db.exact("investigations/by_lpa", **WIDE).set_index(["lpa", "window_label"])["crimes_per_month"]
    assert by_lpa[(COVENTRY, "What was")] == 4
    assert by_lpa[(COVENTRY, "What is")] == 8
    march_only = db.exact("investigations/monthly", **(WIDE | {"start": date(2023, 3, 1), "end": date(2023, 4, 1)}))
    assert march_only["month"].dt.date.tolist() == [date(2023, 3, 1)]


def test_missing_parameter_is_refused(shared_fixture_data):
    with pytest.raises(ValueError, match="needs parameter"):
        db.exact("investigations/monthly", lpas=[BIRMINGHAM], start=date(2023, 1, 1))


def test_header_must_match_sql(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "bad.sql").write_text(
        "-- A query that uses a parameter it does not declare.\n-- params: $start\n-- extracts: crimes\n"
        "-- returns: n BIGINT\nselect count(*) as n from crimes where month >= $start and lpa = $lpa\n"
    )
    monkeypatch.setattr(queries, "QUERIES_DIR", tmp_path)
    queries.load.cache_clear()
    try:
        with pytest.raises(ValueError, match="header declares"):
            queries.load("x/bad")
    finally:
        queries.load.cache_clear()


def test_a_count_beside_sensitive_ones_must_say_whether_it_is_sensitive(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "unsaid.sql").write_text(
        "-- A new count added beside a sensitive one, without saying which it is.\n-- params: none\n"
        "-- extracts: ocset_cases\n-- returns: referrals BIGINT sensitive, enforced BIGINT\n"
        "select count(*) as referrals, count(enforcement_date) as enforced from ocset_cases\n"
    )
    monkeypatch.setattr(queries, "QUERIES_DIR", tmp_path)
    queries.load.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"counts \['enforced'\] sit beside sensitive ones"):
            queries.load("x/unsaid")
    finally:
        queries.load.cache_clear()
