"""The police.uk ingest on the small download in tests/police_uk_download.py."""

from __future__ import annotations

import errno
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from briefing.refresh import ingest
from briefing.store import extracts
from briefing.store.extracts import read_manifest
from tests.conftest import BIRMINGHAM, COVENTRY
from tests.police_uk_download import JANUARY, STREET, write_download


def rows(directory: Path, name: str) -> list[tuple]:
    entry = read_manifest(directory)["extracts"][name]
    return (
        duckdb.connect()
        .execute("select * from read_parquet($path)", {"path": str(directory / entry["file"])})
        .fetchall()
    )


def shas(directory: Path) -> dict[str, str]:
    return {k: v["sha256"] for k, v in read_manifest(directory)["extracts"].items()}


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_ingest_counts_every_case_by_hand(fixture_data, tmp_path, capsys):
    # The download covers Jan-Mar 2023, fewer months than the fixture's crimes: --replace allows it.
    assert ingest.main(["police-uk", str(write_download(tmp_path / "download")), "--replace"]) == 0
    jan, mar = date(2023, 1, 1), date(2023, 3, 1)
    # Quoted comma, BOM and CRLF read cleanly; ASB has no crime ID; the 2011 code maps to Coventry.
    assert rows(fixture_data, "crimes") == [
        (jan, "E01000001", BIRMINGHAM, "Anti-social behaviour", "", 1),
        (jan, "E01000001", BIRMINGHAM, "Burglary", "Awaiting court outcome", 1),
        (jan, "E01000001", BIRMINGHAM, "Burglary", "Investigation complete; no suspect identified", 1),
        (jan, "E01000002", COVENTRY, "Robbery", "Local resolution", 1),
        (mar, "E01000001", BIRMINGHAM, "Robbery", "Under investigation", 1),
    ]
    # Outcomes are joined to their crime's month and type through the crime ID, which is not kept.
    # An outcome for a crime recorded before the first street file keeps its month and LSOA.
    assert rows(fixture_data, "outcomes") == [
        (mar, None, "E01000001", BIRMINGHAM, "Not known", "Unable to prosecute suspect", 1),
        (mar, jan, "E01000001", BIRMINGHAM, "Burglary", "Offender sent to prison", 1),
        (mar, jan, "E01000002", COVENTRY, "Robbery", "Local resolution", 1),
    ]
    assert rows(fixture_data, "stop_and_search") == [
        (mar, None, None, "Vehicle search", "Stolen goods", "Arrest", 1),
        (mar, 52.48, -1.89, "Person search", "Controlled drugs", "A no further action disposal", 2),
    ]
    manifest = read_manifest(fixture_data)["extracts"]
    for name in ("crimes", "outcomes", "stop_and_search"):
        assert manifest[name]["demo"] is False
        assert manifest[name]["source"] == "data.police.uk"
        assert manifest[name]["licence"] == "Open Government Licence v3.0"
    assert manifest["crimes"]["period_from"] == "2023-01-01"
    assert manifest["crimes"]["data_through"] == "2023-03-31"
    out, err = capsys.readouterr()
    assert "rows/s" in err and "100%" in err  # the progress bar
    for line in (
        "read 10 street rows",
        "read 4 outcomes rows",
        "read 4 stop-and-search rows",
        "no street file for 1 month(s): 2023-02",
        "1 street rows lie outside the force's LPAs",
        "1 outcomes are for crimes not in these street files",
        "rejected 6 rows:",
        "1 street rows: malformed line",
        "1 street rows: bad month",
        "1 street rows: unknown crime type",
        "1 street rows: missing LSOA",
        "1 outcomes rows: missing crime ID",
        "1 stop-and-search rows: bad month",
        "e.g. [unknown crime type] 2023-01/2023-01-west-midlands-street.csv:9: a7,2023-01",
    ):
        assert line in out


def test_zip_gives_the_same_extracts_as_the_folder(fixture_data, tmp_path):
    folder = write_download(tmp_path / "download")
    ingest.ingest_police_uk(folder, replace=True)
    from_folder = shas(fixture_data)
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*.csv")):
            zf.write(path, path.relative_to(folder))
    ingest.ingest_police_uk(archive, replace=True)
    assert shas(fixture_data) == from_folder


def test_same_input_twice_gives_the_same_extracts(fixture_data, tmp_path):
    folder = write_download(tmp_path / "download")
    ingest.ingest_police_uk(folder, replace=True)
    first = shas(fixture_data)
    ingest.ingest_police_uk(folder, replace=True)
    assert shas(fixture_data) == first
    assert len(list(fixture_data.glob("crimes-*.parquet"))) == 1


def test_a_failure_half_way_leaves_the_previous_data_intact(fixture_data, tmp_path, monkeypatch):
    before = snapshot(fixture_data)
    written = []
    real_write = extracts.pq.write_table

    def write_then_fail(table, where, **options):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(where)
        real_write(table, where, **options)

    monkeypatch.setattr(extracts.pq, "write_table", write_then_fail)
    with pytest.raises(extracts.DataWriteError, match="No space left on device"):
        ingest.ingest_police_uk(write_download(tmp_path / "download"), replace=True)
    # The first extract's new file is removed again: the folder is byte-identical.
    assert snapshot(fixture_data) == before


def test_bad_input_gives_a_clear_message_and_writes_nothing(fixture_data, tmp_path, capsys):
    before = snapshot(fixture_data)
    assert ingest.main(["police-uk", str(tmp_path / "nowhere")]) == 2
    assert "does not exist. Nothing was written." in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert ingest.main(["police-uk", str(tmp_path / "empty")]) == 2
    assert "no data.police.uk street files for 'west-midlands'" in capsys.readouterr().err
    wrong = tmp_path / "wrong" / "2023-01" / "2023-01-west-midlands-street.csv"
    wrong.parent.mkdir(parents=True)
    wrong.write_text("Month,Crime type\n2023-01,Burglary\n")
    assert ingest.main(["police-uk", str(tmp_path / "wrong")]) == 2
    assert "no column(s) Crime ID, LSOA code, Last outcome category" in capsys.readouterr().err
    elsewhere = tmp_path / "elsewhere" / "2023-03" / "2023-03-west-midlands-street.csv"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text("\n".join([STREET, JANUARY[6]]) + "\n")
    assert ingest.main(["police-uk", str(tmp_path / "elsewhere")]) == 2
    assert "no street rows lie in the force's LPAs" in capsys.readouterr().err
    not_zip = tmp_path / "download.zip"
    not_zip.write_text("not a zip")
    assert ingest.main(["police-uk", str(not_zip)]) == 2
    assert "neither a folder nor a zip" in capsys.readouterr().err
    assert snapshot(fixture_data) == before
