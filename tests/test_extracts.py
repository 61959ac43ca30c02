"""Extracts are checked against their contracts; a bad one is reported and the rest keeps working."""

from datetime import date

import pyarrow.parquet as pq
import pytest

from briefing.store import db, extracts
from briefing.store.extracts import ExtractData, read_manifest, write_extracts
from briefing.store.validation import validate
from tests.conftest import crimes_frame, damaged, reference_extracts


def test_shipped_style_fixture_passes(shared_fixture_data):
    manifest = read_manifest(shared_fixture_data)
    assert all(validate(name, entry, shared_fixture_data).ok for name, entry in manifest["extracts"].items())


def test_missing_column(tmp_path):
    directory, entry = damaged(tmp_path, crimes_frame().drop(columns=["crime_type"]))
    assert validate("crimes", entry, directory).problems == ("missing column 'crime_type'",)


def test_wrong_type(tmp_path):
    directory, entry = damaged(tmp_path, crimes_frame().assign(crimes=lambda f: f["crimes"].astype(str)))
    assert validate("crimes", entry, directory).problems == ("column 'crimes' is VARCHAR, expected BIGINT",)


def test_unknown_lpa_code(tmp_path):
    frame = crimes_frame()
    frame.loc[0, "lpa"] = "E99999999"
    directory, entry = damaged(tmp_path, frame)
    (problem,) = validate("crimes", entry, directory).problems
    assert problem.startswith("column 'lpa' must be an LPA code in force.toml: 1 row(s), e.g. row 1: ")
    assert "lpa='E99999999'" in problem


def test_rows_after_data_through(tmp_path):
    directory, entry = damaged(tmp_path, crimes_frame(), through=date(2023, 4, 30))
    (problem,) = validate("crimes", entry, directory).problems
    assert problem.startswith(
        "column 'month' must not be after data_through 2023-04-30: 10 row(s), e.g. row 21: month=2023-05-01"
    )


def test_changed_file_fails_its_checksum(fixture_data):
    entry = read_manifest(fixture_data)["extracts"]["crimes"]
    with open(fixture_data / entry["file"], "ab") as fh:
        fh.write(b"x")
    assert "has changed since the manifest was written" in validate("crimes", entry, fixture_data).problems[0]


def test_unavailable_extract_is_reported_where_used_and_others_still_work(tmp_path, monkeypatch):
    directory, _ = damaged(tmp_path, crimes_frame().drop(columns=["lpa"]))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    # investigations/monthly reads a table derived from crimes: the problem is traced to the extract.
    with pytest.raises(db.ExtractUnavailable, match="crimes: missing column 'lpa'"):
        db.exact("investigations/monthly", lpas=["E08000025"], start=date(2023, 1, 1), end=date(2023, 7, 1))
    assert len(db.exact("data_and_methods/published_figures")) == len(reference_extracts()["published_figures"].frame)


def test_a_write_that_fails_half_way_leaves_everything_as_it_was(fixture_data, monkeypatch):
    before = {p.name: p.read_bytes() for p in fixture_data.iterdir()}
    real_write = pq.write_table
    calls = []

    def fail_on_second(table, where, **kwargs):
        calls.append(where)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(table, where, **kwargs)

    monkeypatch.setattr(extracts.pq, "write_table", fail_on_second)
    crimes = ExtractData(crimes_frame().assign(crimes=1), "x", "x", demo=True)
    lookup = reference_extracts()["lsoa_lpa"]
    with pytest.raises(extracts.DataWriteError, match="disk full"):
        write_extracts({"crimes": crimes, "lsoa_lpa": lookup}, fixture_data)
    # The first new file was written, then removed again when the second failed.
    assert {p.name: p.read_bytes() for p in fixture_data.iterdir()} == before


def test_writing_the_same_data_twice_is_idempotent(fixture_data):
    first = read_manifest(fixture_data)["extracts"]["crimes"]
    write_extracts(
        {
            "crimes": ExtractData(
                crimes_frame(),
                "fixture",
                "demo",
                demo=True,
                period_from=date(2023, 1, 1),
                data_through=date(2023, 6, 30),
            )
        },
        fixture_data,
    )
    second = read_manifest(fixture_data)["extracts"]["crimes"]
    assert first["sha256"] == second["sha256"] and first["file"] == second["file"]
