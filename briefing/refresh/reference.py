"""Build the real reference extracts from the raw public files.

    python -m briefing.refresh.reference [RAW_DIR]

RAW_DIR defaults to ../shared/data/raw (see its MANIFEST.md for where each file came from). The
app never reads RAW_DIR: this command writes compact extracts into data/ and the app reads those.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from briefing.config import REPO_DIR, data_dir, load_force
from briefing.refresh.cli import command, raw_folder
from briefing.store.extracts import ExtractData, write_extracts

OGL = "Open Government Licence v3.0"


def _month_end(year: int, month: int) -> date:
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()


def period_end(period: str) -> date | None:
    """Last day of a period as the public reports write it; None if it is not a period."""
    period = period.strip()
    if "/" in period:
        return period_end(period.split("/")[1])
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", period):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        if int(m[2]) <= 12 and int(m[2]) != int(str(int(m[1]) + 1)[2:]):
            return _month_end(int(m[1]), int(m[2]))
        return date(int(m[1]) + 1, 3, 31)  # financial year, e.g. 2023-24
    if m := re.fullmatch(r"YE (\w{3}) (\d{4})", period):
        return _month_end(int(m[2]), pd.Timestamp(f"1 {m[1]} 2000").month)
    return None


def lsoa_lookup(raw: Path) -> pd.DataFrame:
    frames = []
    for vintage, file, code, name in (
        (2011, "wm_lsoa11_lad_lookup.csv", "LSOA11CD", "LSOA11NM"),
        (2021, "wm_lsoa21_lad_lookup.csv", "LSOA21CD", "LSOA21NM"),
    ):
        df = pd.read_csv(raw / "ons_geography_drkane" / file)
        frames.append(
            pd.DataFrame({"lsoa_code": df[code], "lsoa_name": df[name], "vintage": vintage, "lpa": df["LADCD"]})
        )
    lookup = pd.concat(frames, ignore_index=True)
    return lookup[lookup["lpa"].isin(load_force().lpas)].sort_values(["vintage", "lsoa_code"])


def population(raw: Path) -> pd.DataFrame:
    census = pd.read_csv(raw / "ons_census2021" / "wm_census2021_population_by_la.csv")
    census = census[census["area_code"].isin(load_force().lpas)]
    source = "ONS Census 2021 first results (28 June 2022), tables P01 and P03"
    rows = []
    for _, r in census.iterrows():
        rows += [
            (r.area_code, 2021, "persons", r.all_persons, source),
            (r.area_code, 2021, "females", r.females, source),
            (
                r.area_code,
                2021,
                "adult_women",
                round(r.females_16_plus_approx),
                source + "; females aged 16+ approximated as females 20+ plus 0.8 x females 15-19",
            ),
        ]
    mid = pd.read_csv(raw / "bcc_phm_imd_lookup" / "wm_lsoa21_master_lookup.csv")
    mid = mid.groupby("LAD24CD", as_index=False)["POP_2024"].sum()
    for _, r in mid[mid["LAD24CD"].isin(load_force().lpas)].iterrows():
        rows.append((r.LAD24CD, 2024, "persons", r.POP_2024, "ONS mid-2024 small-area population estimates (LSOA sum)"))
    return pd.DataFrame(rows, columns=["lpa", "year", "measure", "value", "source"])


def published_figures(raw: Path) -> tuple[pd.DataFrame, list[str]]:
    """Numeric published figures from the public reports; returns the frame and what was skipped."""
    rows, skipped = [], []
    reports = raw / "public_reports"
    calls = pd.read_csv(reports / "wmp_999_call_handling.csv", dtype=str)
    for r in calls.itertuples():
        try:
            value = float(r.value)
        except ValueError:
            skipped.append(f"999 call handling {r.period} {r.metric}: value {r.value!r} is a range")
            continue
        rows.append((r.period, period_end(r.period), r.metric, value, r.unit, r.source_title, r.source_url))
    mappa = pd.read_csv(reports / "wmp_mappa_rso.csv", dtype=str)
    for r in mappa[mappa["area"] == "West Midlands police area"].itertuples():
        for column, measure, unit in (
            ("registered_sexual_offenders", "registered sex offenders", "offenders"),
            ("rso_per_100k", "registered sex offenders per 100,000 population", "per_100k"),
        ):
            value = getattr(r, column)
            if isinstance(value, str) and value:
                rows.append((r.as_at, period_end(r.as_at), measure, float(value), unit, r.source_title, r.source_url))
    crime = pd.read_csv(reports / "wmp_recorded_crime_headlines.csv", dtype=str)
    for r in crime.itertuples():
        measure = r.measure if r.value_type == "total" else f"fall in {r.measure} on the previous year"
        unit = "officers" if "officers" in r.measure else "crimes"
        rows.append((r.period, period_end(r.period), measure, float(r.value), unit, r.source_title, r.source_url))
        if isinstance(r.change_pct_vs_prev_year, str) and r.change_pct_vs_prev_year:
            rows.append(
                (
                    r.period,
                    period_end(r.period),
                    f"{r.measure}: change on the previous year",
                    float(r.change_pct_vs_prev_year),
                    "percent",
                    r.source_title,
                    r.source_url,
                )
            )
    extra = pd.read_csv(REPO_DIR / "data" / "published_extra.csv", dtype=str, keep_default_na=False)
    for r in extra.itertuples():
        end = date.fromisoformat(r.period_end) if r.period_end else None
        rows.append((r.period, end, r.measure, float(r.value), r.unit, r.source, r.url))
    frame = pd.DataFrame(rows, columns=["period", "period_end", "measure", "value", "unit", "source", "url"])
    return frame, skipped


def build(raw: Path, out: Path | None = None) -> list[str]:
    """Write the three reference extracts; returns notes on anything skipped."""
    figures, skipped = published_figures(raw)
    write_extracts(
        {
            "lsoa_lpa": ExtractData(
                lsoa_lookup(raw),
                source="ONS Geoportal LSOA boundaries (2011, 2021) via drkane/geo-lookups",
                licence=OGL,
                demo=False,
                notes="LPAs are coterminous with the seven metropolitan boroughs (WMP, April 2023).",
            ),
            "population": ExtractData(
                population(raw), source="ONS Census 2021; ONS mid-2024 estimates", licence=OGL, demo=False
            ),
            "police_uk_outcomes": ExtractData(
                pd.read_csv(REPO_DIR / "data" / "police_uk_outcomes.csv", dtype=str, keep_default_na=False).replace(
                    {"true": True, "false": False}
                ),
                source="data.police.uk outcome categories, mapped to Home Office outcome groups (see anchors)",
                licence=OGL,
                demo=False,
                notes="police.uk does not separate taken-into-consideration (outcome 4); it falls under court "
                "or 'otherwise dealt with'. Cautions (2, 3) are one police.uk category.",
            ),
            "published_figures": ExtractData(
                figures,
                source="Public reports of official statistics (each row cites its own source)",
                licence="Facts as published; see each row's URL",
                demo=False,
                notes="Secondary reports (press, PCC, HMICFRS, SafeLives, FOI). Check before publishing.",
            ),
        },
        out,
    )
    return skipped


@command
def main(argv: list[str] | None = None) -> int:
    raw = raw_folder(argv, "briefing.refresh.reference", __doc__)
    if raw is None:
        return 2
    for note in build(raw):
        print(f"skipped: {note}")
    print(f"wrote reference extracts to {data_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
