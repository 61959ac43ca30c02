"""The real public extracts: built from the raw files as published, and checked against the figures
the raw data MANIFEST (section 6) records. Skipped where the raw folder is absent."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from briefing import db, public
from briefing.config import REPO_DIR
from briefing.extracts import read_manifest

RAW = next((p for p in (REPO_DIR.parent / "shared" / "data" / "raw", REPO_DIR.parents[1] / "shared" / "data" / "raw")
            if (p / "MANIFEST.md").exists()), None)
pytestmark = pytest.mark.skipif(RAW is None, reason="the raw public data folder (../shared/data/raw) is absent")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("public")
    public.build(RAW, out)
    con = duckdb.connect()
    for name, entry in read_manifest(out)["extracts"].items():
        # Names are the manifest's own (contract names) and paths its files: test data, not input.
        con.execute(f"create view {name} as select * from read_parquet('{out / entry['file']}')")  # noqa: S608
    return con


def one(con, sql: str):
    return con.execute(sql).fetchone()


def test_wmp_recorded_crime_by_financial_year_matches_the_manifest(built):
    rows = built.execute(
        "select year(quarter - interval 3 month) as fy, sum(crimes) from force_crime "
        "where force = 'West Midlands' and offence_group = 'All crime (excluding fraud)' "
        "and quarter >= '2022-04-01' and quarter < '2025-04-01' group by 1 order by 1").fetchall()
    assert rows == [(2022, 365_883), (2023, 328_102), (2024, 308_491)]


def test_every_territorial_force_has_every_quarter_and_a_population(built):
    assert one(built, "select count(distinct force), min(quarter), max(quarter) from force_crime") == (
        43, date(2012, 4, 1), date(2025, 10, 1))
    assert one(built, "select count(*) from (select force, offence_group from force_crime group by all "
                      "having count(*) <> 55)") == (0,)
    assert one(built, "select count(*) from force_population where force in (select force from force_crime)") == (43,)
    assert one(built, "select population from force_population where force = 'West Midlands'") == (3_036_605,)


def test_groups_sum_as_the_home_office_groups_do(built):
    # Burglary, vehicle and other theft together are the Home Office theft offences group.
    parts = one(built, "select sum(crimes) from force_crime where force = 'West Midlands' and offence_group in "
                       "('Burglary', 'Vehicle offences', 'Theft (other than burglary and vehicle)')")[0]
    prc = pd.read_parquet(RAW / "home_office_recorded_crime" / "prc_pfa_long.parquet")
    assert parts == prc[(prc["Force"] == "West Midlands") & (prc["Group"] == "Theft offences")]["n"].sum()


def test_calendar_2024_agrees_with_the_ons_partnership_table(built):
    quarters = one(built, "select sum(crimes) from force_crime where force = 'West Midlands' and offence_group = "
                          "'All crime (excluding fraud)' and quarter >= '2024-01-01' and quarter < '2025-01-01'")[0]
    published = one(built, "select crimes from csp_crime where area_code = 'force' and year_ending = '2024-12-31' "
                           "and offence = 'Total recorded crime (excluding fraud)'")[0]
    assert published == 313_763
    assert abs(quarters - published) / published < 0.01  # later revisions only


def test_outcomes_total_and_charges_match_the_manifest(built):
    assert one(built, "select sum(outcomes), sum(outcomes) filter (outcome_type = 1) from force_outcomes "
                      "where force = 'West Midlands'") == (308_491, 24_560)


def test_seven_boroughs_and_unassigned_sum_to_the_force_total(built):
    rows = built.execute("select year_ending, sum(crimes) filter (area_code <> 'force'), "
                         "sum(crimes) filter (area_code = 'force') from csp_crime where offence = "
                         "'Total recorded crime (excluding fraud)' group by 1 order by 1").fetchall()
    assert rows == [(date(2023, 12, 31), 340_743, 340_743), (date(2024, 12, 31), 313_763, 313_763)]


def test_partial_police_uk_months_are_the_listed_ones(built):
    partial = {r[0] for r in built.execute("select distinct month from street_crime_lpa where partial").fetchall()}
    listed = {date(2023, 6, 1), date(2023, 7, 1), date(2023, 8, 1), date(2024, 9, 1), date(2025, 3, 1)}
    assert listed <= partial
    assert partial - listed == {date(2024, 10, 1)}  # 2,902 records: the snapshot's copy is incomplete too
    assert one(built, "select count(distinct lpa), sum(crimes) from street_crime_lpa where month = '2024-09-01'") == (
        4, 3_767)  # that copy holds four boroughs only


def test_officers_2010_and_2025(built):
    rows = built.execute("select as_at, round(officers_fte) from force_officers where force = 'West Midlands' "
                         "order by 1").fetchall()
    assert rows == [(date(2010, 3, 31), 8_626), (date(2025, 3, 31), 7_991)]


def test_national_lookup_places_the_seven_boroughs_lsoas(built):
    rows = built.execute("select vintage, count(*), count(distinct lad_code) from lsoa_district "
                         "where pfa_code = 'E23000014' group by 1 order by 1").fetchall()
    assert rows == [(2011, 1_680, 7), (2021, 1_719, 7)]  # as the drkane lookups count them


@pytest.mark.parametrize("name", ["force_crime", "force_outcomes", "csp_crime", "street_crime_lpa", "force_officers"])
def test_shipped_extract_is_what_the_command_builds(built, name):
    shipped = duckdb.connect().execute(
        "select * from read_parquet($p)", {"p": str(db.data_dir() / db.entry(name)["file"])}).df()
    pd.testing.assert_frame_equal(shipped, built.execute(f"select * from {name}").df())  # noqa: S608
