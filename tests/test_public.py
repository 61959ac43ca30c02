"""The real public extracts: built from the raw files as published, and checked against the figures
the raw data MANIFEST (section 6) records. Skipped where the raw folder is absent."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from briefing.config import REPO_DIR
from briefing.refresh import public
from briefing.store import db
from briefing.store.extracts import read_manifest

RAW = next(
    (
        p
        for p in (REPO_DIR.parent / "shared" / "data" / "raw", REPO_DIR.parents[1] / "shared" / "data" / "raw")
        if (p / "MANIFEST.md").exists()
    ),
    None,
)
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
        "and quarter >= '2022-04-01' and quarter < '2025-04-01' group by 1 order by 1"
    ).fetchall()
    assert rows == [(2022, 365_883), (2023, 328_102), (2024, 308_491)]


def test_every_territorial_force_has_every_quarter_and_a_population(built):
    assert one(built, "select count(distinct force), min(quarter), max(quarter) from force_crime") == (
        43,
        date(2012, 4, 1),
        date(2025, 10, 1),
    )
    assert one(
        built, "select count(*) from (select force, offence_group from force_crime group by all having count(*) <> 55)"
    ) == (0,)
    assert one(built, "select count(*) from force_population where force in (select force from force_crime)") == (43,)
    assert one(built, "select population from force_population where force = 'West Midlands'") == (3_036_605,)


def test_groups_sum_as_the_home_office_groups_do(built):
    # Burglary, vehicle and other theft together are the Home Office theft offences group.
    parts = one(
        built,
        "select sum(crimes) from force_crime where force = 'West Midlands' and offence_group in "
        "('Burglary', 'Vehicle offences', 'Theft (other than burglary and vehicle)')",
    )[0]
    prc = pd.read_parquet(RAW / "home_office_recorded_crime" / "prc_pfa_long.parquet")
    assert parts == prc[(prc["Force"] == "West Midlands") & (prc["Group"] == "Theft offences")]["n"].sum()


def test_calendar_2024_agrees_with_the_ons_partnership_table(built):
    quarters = one(
        built,
        "select sum(crimes) from force_crime where force = 'West Midlands' and offence_group = "
        "'All crime (excluding fraud)' and quarter >= '2024-01-01' and quarter < '2025-01-01'",
    )[0]
    published = one(
        built,
        "select crimes from csp_crime where area_code = 'force' and year_ending = '2024-12-31' "
        "and offence = 'Total recorded crime (excluding fraud)'",
    )[0]
    assert published == 313_763
    assert abs(quarters - published) / published < 0.01  # later revisions only


def test_outcomes_total_and_charges_match_the_manifest(built):
    assert one(
        built,
        "select sum(outcomes), sum(outcomes) filter (outcome_type = 1) from force_outcomes "
        "where force = 'West Midlands'",
    ) == (308_491, 24_560)


def test_seven_boroughs_and_unassigned_sum_to_the_force_total(built):
    rows = built.execute(
        "select year_ending, sum(crimes) filter (area_code <> 'force'), "
        "sum(crimes) filter (area_code = 'force') from csp_crime where offence = "
        "'Total recorded crime (excluding fraud)' group by 1 order by 1"
    ).fetchall()
    assert rows == [(date(2023, 12, 31), 340_743, 340_743), (date(2024, 12, 31), 313_763, 313_763)]


def test_partial_police_uk_months_are_the_listed_ones(built):
    partial = {r[0] for r in built.execute("select distinct month from street_crime_lpa where partial").fetchall()}
    listed = {date(2023, 6, 1), date(2023, 7, 1), date(2023, 8, 1), date(2024, 9, 1), date(2025, 3, 1)}
    assert listed <= partial
    assert partial - listed == {date(2024, 10, 1)}  # 2,902 records: the snapshot's copy is incomplete too
    assert one(built, "select count(distinct lpa), sum(crimes) from street_crime_lpa where month = '2024-09-01'") == (
        4,
        3_767,
    )  # that copy holds four boroughs only


def test_officers_2010_and_2025(built):
    rows = built.execute(
        "select as_at, round(officers_fte) from force_officers where force = 'West Midlands' order by 1"
    ).fetchall()
    assert rows == [(date(2010, 3, 31), 8_626), (date(2025, 3, 31), 7_991)]


def test_national_lookup_places_the_seven_boroughs_lsoas(built):
    rows = built.execute(
        "select vintage, count(*), count(distinct lad_code) from lsoa_district "
        "where pfa_code = 'E23000014' group by 1 order by 1"
    ).fetchall()
    assert rows == [(2011, 1_680, 7), (2021, 1_719, 7)]  # as the drkane lookups count them


def wmp_years(con, column: str, basis: str = "closed") -> dict[int, int]:
    # Column names are this test's own; the force and basis are bound.
    rows = con.execute(
        f"select year(quarter - interval 3 month), sum({column}) from force_outcomes_quarterly "  # noqa: S608
        "where force = 'West Midlands' and basis = $basis group by 1",
        {"basis": basis},
    ).fetchall()
    return dict(rows)


def test_outcomes_reproduce_the_issue_figures_for_the_force(built):
    charged, positive = wmp_years(built, "charged"), wmp_years(built, "positive")
    assert (charged[2022], charged[2023], charged[2024]) == (13_272, 17_330, 25_700)
    assert 100 * (charged[2023] / charged[2022] - 1) == pytest.approx(30.6, abs=0.05)
    assert (positive[2022], positive[2023]) == (20_158, 26_029)
    assert 100 * (positive[2023] / positive[2022] - 1) == pytest.approx(29.1, abs=0.05)
    assigned = wmp_years(built, "assigned")
    assert 90_000 < assigned[2021] - assigned[2020] < 110_000  # the declared recording change
    rate = {y: 100 * charged[y] / assigned[y] for y in (2022, 2023, 2024)}
    assert [round(rate[y], 2) for y in (2022, 2023, 2024)] == [3.65, 5.33, 8.25]


def test_force_had_the_lowest_charge_rate_of_the_former_metropolitan_forces(built):
    metropolitan = [
        "West Midlands",
        "Greater Manchester",
        "Merseyside",
        "Northumbria",
        "South Yorkshire",
        "West Yorkshire",
    ]
    rows = built.execute(
        "select year(quarter - interval 3 month) as fy, force, sum(charged) / sum(assigned) as rate "
        "from force_outcomes_quarterly where basis = 'closed' and list_contains($forces, force) "
        "and quarter >= '2021-04-01' and quarter < '2024-04-01' group by all order by fy, rate",
        {"forces": metropolitan},
    ).fetchall()
    lowest = {fy: force for fy, force, _ in sorted(rows, key=lambda r: (r[0], r[2]), reverse=True)}
    assert lowest == {2021: "West Midlands", 2022: "West Midlands", 2023: "West Midlands"}
    national = built.execute(
        "select sum(charged) / sum(assigned) from force_outcomes_quarterly where basis = "
        "'closed' and quarter >= '2022-04-01' and quarter < '2023-04-01'"
    ).fetchone()[0]
    assert round(100 * national, 2) == 7.09  # England and Wales, the raw MANIFEST's figure


def test_outcomes_identities_forces_and_declared_breaks(built):
    assert one(
        built,
        "select count(*) from force_outcomes_quarterly where out_of_court <> youth_caution + "
        "adult_caution + penalty_notice + cannabis_khat_warning + community_resolution + diversionary "
        "or positive <> charged + out_of_court",
    ) == (0,)
    assert one(
        built,
        "select count(distinct force), count(distinct quarter), min(quarter), max(quarter) "
        "from force_outcomes_quarterly",
    ) == (43, 48, date(2014, 4, 1), date(2026, 1, 1))
    forces = {r[0] for r in built.execute("select distinct force from force_outcomes_quarterly").fetchall()}
    assert forces == {r[0] for r in built.execute("select distinct force from force_crime").fetchall()}
    flagged = built.execute(
        "select force, quarter from force_outcomes_quarterly where incomplete and basis = "
        "'closed' and quarter >= '2015-04-01' order by 1, 2"
    ).fetchall()
    assert flagged == [
        ("Greater Manchester", date(2019, 7, 1)),
        ("Greater Manchester", date(2019, 10, 1)),
        ("Greater Manchester", date(2020, 1, 1)),
    ]
    assert one(built, "select bool_and(incomplete) from force_outcomes_quarterly where quarter < '2015-04-01'") == (
        True,
    )
    assert one(built, "select min(quarter) from force_outcomes_quarterly where assigned_series = 1") == (
        date(2021, 4, 1),
    )
    # Offence groups: the year's charges, and robbery on its own.
    assert one(
        built,
        "select sum(charged) from force_outcomes_by_offence where force = 'West Midlands' and basis = "
        "'closed' and year_start = '2022-04-01'",
    ) == (13_272,)
    assert one(built, "select count(*) from force_outcomes_by_offence where offence_group = 'Robbery'") == (
        43 * 12 * 2,
    )


def test_outcome_identities_catch_a_broken_table():
    folder = RAW / public.OUTCOMES_SERIES
    quarters, years, offences = (
        pd.read_csv(folder / f) for f in ("force_quarter.csv", "force_year.csv", "force_offence_year.csv")
    )
    assert public.outcome_identities(quarters, years, offences) == []
    quarters.loc[0, "closed_all_t2"] += 1
    problems = public.outcome_identities(quarters, years, offences)
    assert any("out-of-court" in p for p in problems) and any("sum to the year" in p for p in problems)


@pytest.mark.parametrize(
    "name",
    [
        "force_crime",
        "force_outcomes",
        "csp_crime",
        "street_crime_lpa",
        "force_officers",
        "force_outcomes_quarterly",
        "force_outcomes_by_offence",
        "force_arrests",
        "quoted_figures",
    ],
)
def test_shipped_extract_is_what_the_command_builds(built, name):
    shipped = (
        duckdb.connect()
        .execute("select * from read_parquet($p)", {"p": str(db.data_dir() / db.entry(name)["file"])})
        .df()
    )
    pd.testing.assert_frame_equal(shipped, built.execute(f"select * from {name}").df())  # noqa: S608


def test_arrests_match_the_home_office_table(built):
    rows = built.execute(
        "select year_start, arrests, published_per_1000 from force_arrests where force = 'West Midlands' order by 1"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(date(2017, 4, 1), 39_868), (date(2018, 4, 1), 36_627)]
    assert rows[1][2] == 13
    assert one(built, "select count(distinct force) from force_arrests") == (42,)  # Lancashire published none
    assert one(built, "select count(*) from quoted_figures where url not like 'http%'") == (0,)
