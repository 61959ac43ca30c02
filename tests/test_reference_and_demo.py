"""Reference extracts are parsed as published; demonstration data is reproducible and calibrated."""

from datetime import date

import duckdb
import pandas as pd
import pytest

from briefing.refresh.demo import crime
from briefing.refresh.reference import period_end
from briefing.store import db
from briefing.store.extracts import _arrow_table


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("2022-05", date(2022, 5, 31)),
        ("2023-24", date(2024, 3, 31)),
        ("2010-11", date(2011, 3, 31)),
        ("2021-11-01/2022-04-30", date(2022, 4, 30)),
        ("2022-05/2023-04", date(2023, 4, 30)),
        ("YE Jun 2024", date(2024, 6, 30)),
        ("2019-03-31", date(2019, 3, 31)),
        ("standard", None),
    ],
)
def test_period_end(period, end):
    assert period_end(period) == end


def test_shipped_lookup_covers_every_lsoa_of_the_seven_lpas():
    entry = db.entry("lsoa_lpa")
    path = db.data_dir() / entry["file"]
    rows = (
        duckdb.connect()
        .execute(
            "select vintage, count(*), count(distinct lpa) from read_parquet($p) group by 1 order by 1",
            {"p": str(path)},
        )
        .fetchall()
    )
    assert rows == [(2011, 1680, 7), (2021, 1719, 7)]  # MANIFEST.md: 1,680 and 1,719 LSOAs


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    con = duckdb.connect()
    con.register("generated", _arrow_table("crimes", crime.generate(seed=2023).frame))
    return con.execute("select * from generated").df()


def test_shipped_crimes_are_what_the_generator_makes(generated):
    shipped = (
        duckdb.connect()
        .execute("select * from read_parquet($p)", {"p": str(db.data_dir() / db.entry("crimes")["file"])})
        .df()
    )
    pd.testing.assert_frame_equal(shipped, generated, check_dtype=False)


def test_crimes_hit_the_published_calibration_points(generated):
    month = generated["month"]
    year = generated[(month >= "2023-07-01") & (month < "2024-07-01")]
    crimes = year[year["crime_type"] != "Anti-social behaviour"]
    assert crimes["crimes"].sum() == 323_197
    by_type = crimes.groupby("crime_type")["crimes"].sum()
    assert (by_type["Burglary"], by_type["Robbery"], by_type["Vehicle crime"]) == (12_189, 8_122, 28_452)
    earlier = generated[(month >= "2022-07-01") & (month < "2023-07-01")]
    earlier_total = earlier.loc[earlier["crime_type"] != "Anti-social behaviour", "crimes"].sum()
    assert round(100 * (323_197 / earlier_total - 1)) == -10
    calibration = db.entry("crimes")["calibration"]
    assert all(point["source"] for point in calibration)
    assert {"total recorded crime, YE Jun 2024", "burglary, YE Jun 2024"} <= {p["point"] for p in calibration}
