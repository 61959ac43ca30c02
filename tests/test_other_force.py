"""Another force adopts the app by configuration: Cambridgeshire's real data.police.uk files (from
../shared/data/raw/police_uk_samples) through a Cambridgeshire force.toml that lists no LPAs, so its
LPAs are its districts, found through the national LSOA lookup."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest

from briefing.config import REPO_DIR, load_force
from briefing.refresh import ingest
from briefing.store import db
from briefing.store.extracts import ExtractData, read_manifest, write_extracts
from tests.conftest import make_data_dir
from tests.pages import lpa_chooser, open_page, table_with

SAMPLES = next(
    (
        p
        for p in (REPO_DIR.parent / "shared", REPO_DIR.parents[1] / "shared")
        if (p / "data" / "raw" / "police_uk_samples" / "cambridgeshire").exists()
    ),
    None,
)
DISTRICTS = ["Cambridge", "East Cambridgeshire", "Fenland", "Huntingdonshire", "Peterborough", "South Cambridgeshire"]
CAMBRIDGESHIRE = """
[force]
name = "Cambridgeshire Constabulary"
short_name = "Cambs"
police_uk_slug = "cambridgeshire"
pfa_code = "E23000023"
model_change = "2024-04-01"

[[presets]]
key = "latest_vs_previous"
label = "Latest month vs the one before"
kind = "latest_vs_previous"
months = 1
"""


def cambridgeshire(directory, monkeypatch):
    """A data folder for Cambridgeshire: its force.toml, the shipped events, the national lookup and
    the police.uk outcome map (West Midlands' own extracts do not belong to another force)."""
    directory.mkdir()
    shutil.copy(REPO_DIR / "data" / "events.csv", directory)
    (directory / "force.toml").write_text(CAMBRIDGESHIRE, encoding="utf-8")
    shipped = read_manifest(REPO_DIR / "data")["extracts"]
    write_extracts(
        {
            name: ExtractData(
                pd.read_parquet(REPO_DIR / "data" / shipped[name]["file"]),
                shipped[name]["source"],
                shipped[name]["licence"],
                demo=False,
            )
            for name in ("lsoa_district", "police_uk_outcomes")
        },
        directory,
    )
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    return directory


@pytest.mark.skipif(SAMPLES is None, reason="the Cambridgeshire police.uk samples (../shared) are absent")
def test_cambridgeshire_files_give_its_districts_on_the_investigations_page(tmp_path, monkeypatch):
    cambridgeshire(tmp_path / "data", monkeypatch)
    assert sorted(load_force().lpas.values()) == DISTRICTS
    report = ingest.ingest_police_uk(
        SAMPLES / "data" / "raw" / "police_uk_samples" / "cambridgeshire", ingest.Progress(1, stream=io.StringIO())
    )
    assert report.rows["street"] > 13_000
    # Almost every row lies in a district (the rest: no LSOA, or just over the county line).
    assert report.outside["street"] < 0.01 * report.rows["street"]
    assert db.latest_month() == pd.Timestamp("2024-04-01").date()
    at = open_page("pages/investigations.py")
    assert not at.exception
    assert sorted(lpa_chooser(at).options) == DISTRICTS
    # Tables are for people: the by-LPA table names each LPA under its plain header.
    assert sorted(set(table_with(at, "lpa_name")["lpa_name"])) == DISTRICTS


def test_a_force_with_other_lpas_supplies_an_lsoa_to_lpa_table(tmp_path, monkeypatch):
    directory = make_data_dir(tmp_path / "data")
    (directory / "lsoa_to_lpa.csv").write_text("lsoa_code,lpa\nE01000001,E08000026\nE01000002,E08000026\n")
    text = (directory / "force.toml").read_text(encoding="utf-8")
    (directory / "force.toml").write_text(
        text.replace('pfa_code = "E23000014"', 'pfa_code = "E23000014"\nlsoa_lpa_table = "lsoa_to_lpa.csv"')
    )
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    assert ingest._lsoa_lookup(load_force()) == {"E01000001": "E08000026", "E01000002": "E08000026"}
    (directory / "lsoa_to_lpa.csv").write_text("lsoa_code,lpa\nE01000001,NOT_AN_LPA\n")
    with pytest.raises(ingest.IngestError, match="not in force.toml"):
        ingest._lsoa_lookup(load_force())


def test_without_a_table_districts_come_from_the_national_lookup(shared_fixture_data):
    # The fixture lookup: E01000001 (2021) in Birmingham, E01000002 (2011) in Coventry.
    assert ingest._lsoa_lookup(load_force()) == {"E01000001": "E08000025", "E01000002": "E08000026"}
