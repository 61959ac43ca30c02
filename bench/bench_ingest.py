"""Ingest speed on a realistic police.uk download, and the Investigations page's query latencies.

    python bench/bench_ingest.py [--months 12] [--rows 30000]

Writes a generated download (street ~30,000 rows a month as WMP's are, outcomes and stop and
search alongside) and a copy of data/ under a temporary folder, ingests it there, and prints rows
per second. Then times every investigations query on the shipped data: cold (result cache cleared,
as after a filter change) and warm, force-wide and for one LPA. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.config import REPO_DIR, load_force  # noqa: E402
from briefing.refresh import ingest  # noqa: E402
from briefing.store import db, queries  # noqa: E402
from briefing.store.contracts import POLICE_UK_CRIME_TYPES  # noqa: E402
from briefing.store.extracts import read_manifest  # noqa: E402
from briefing.view import parse  # noqa: E402

STREET = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
OUTCOMES = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
]
SEARCHES = [
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of clothing",
]
LAST_OUTCOMES = [
    "Under investigation",
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Awaiting court outcome",
    "Local resolution",
    "Offender given a caution",
]
FORCE = "West Midlands Police"


def write_download(root: Path, lsoas: list[str], months: int, rows: int, rng: np.random.Generator) -> int:
    """A data.police.uk-shaped folder; returns the number of rows written."""
    written, ids = 0, []
    for m in range(months):
        month = f"2024-{m + 1:02d}" if m < 12 else f"2025-{m - 11:02d}"
        folder = root / month
        folder.mkdir(parents=True)
        types = rng.choice(POLICE_UK_CRIME_TYPES, rows)
        codes = rng.choice(lsoas + ["E01099999", ""], rows, p=[0.97 / len(lsoas)] * len(lsoas) + [0.02, 0.01])
        month_ids = [f"{x:064x}" for x in rng.integers(0, 2**62, rows)]
        buffer = io.StringIO()
        out = csv.writer(buffer, lineterminator="\r\n")
        out.writerow(STREET)
        for i in range(rows):
            asb = types[i] == "Anti-social behaviour"
            crime_id = "" if asb else month_ids[i]
            out.writerow(
                [
                    crime_id,
                    month,
                    FORCE,
                    FORCE,
                    "-1.89",
                    "52.48",
                    "On or near Station Road, Aston",
                    codes[i],
                    "Birmingham 001A",
                    types[i],
                    "" if asb else LAST_OUTCOMES[i % len(LAST_OUTCOMES)],
                    "",
                ]
            )
            if crime_id:
                ids.append((crime_id, codes[i]))
        (folder / f"{month}-west-midlands-street.csv").write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
        buffer = io.StringIO()
        out = csv.writer(buffer)
        out.writerow(OUTCOMES)
        for k in rng.integers(0, len(ids), int(rows * 0.8)):
            crime_id, code = ids[k]
            out.writerow(
                [
                    crime_id,
                    month,
                    FORCE,
                    FORCE,
                    "-1.89",
                    "52.48",
                    "On or near Station Road",
                    code,
                    "Birmingham 001A",
                    LAST_OUTCOMES[k % len(LAST_OUTCOMES)],
                ]
            )
        (folder / f"{month}-west-midlands-outcomes.csv").write_text(buffer.getvalue(), encoding="utf-8")
        buffer = io.StringIO()
        out = csv.writer(buffer)
        out.writerow(SEARCHES)
        for k in range(rows // 15):
            out.writerow(
                [
                    "Person search",
                    f"{month}-03T10:00:00+00:00",
                    "False",
                    "",
                    f"52.{k % 97:02d}",
                    "-1.89",
                    "Male",
                    "18-24",
                    "",
                    "",
                    "Misuse of Drugs Act 1971 (section 23)",
                    "Controlled drugs",
                    "A no further action disposal",
                    "False",
                    "False",
                ]
            )
        (folder / f"{month}-west-midlands-stop-and-search.csv").write_text(buffer.getvalue(), encoding="utf-8")
        written += rows + int(rows * 0.8) + rows // 15
    return written


def bench_ingest(months: int, rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(REPO_DIR / "data", data)
        os.environ["BRIEFING_DATA_DIR"] = str(data)
        entry = read_manifest(data)["extracts"]["lsoa_lpa"]
        lsoas = [
            r[0]
            for r in duckdb.connect()
            .execute("select lsoa_code from read_parquet($path) order by 1", {"path": str(data / entry["file"])})
            .fetchall()
        ]
        started = time.perf_counter()
        total = write_download(Path(tmp) / "download", lsoas, months, rows, np.random.default_rng(1))
        print(f"generated {total:,} rows ({months} months) in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        report = ingest.ingest_police_uk(Path(tmp) / "download")
        seconds = time.perf_counter() - started
        read = sum(report.rows.values())
        print(f"ingest: {read:,} rows in {seconds:.1f}s = {read / seconds:,.0f} rows/s (read, join, write)")
        for name, e in read_manifest(data)["extracts"].items():
            if name in ("crimes", "outcomes", "stop_and_search"):
                size = (data / e["file"]).stat().st_size
                print(f"  {name}: {e['rows']:,} rows, {size / 1e6:.2f} MB")
        del os.environ["BRIEFING_DATA_DIR"]


def timed(name: str, params: dict) -> tuple[float, float]:
    cold = []
    for _ in range(5):
        db._run_cached.cache_clear()
        started = time.perf_counter()
        db.exact(name, **params)
        cold.append(time.perf_counter() - started)
    started = time.perf_counter()
    db.exact(name, **params)
    return statistics.median(cold) * 1000, (time.perf_counter() - started) * 1000


def bench_queries() -> None:
    force = load_force()
    chosen = parse({}, force, db.earliest_month(), db.latest_month())
    db.validations()
    for label, lpas in (("force-wide", list(force.lpas)), ("one LPA", [next(iter(force.lpas))])):
        params = chosen.params | {"lpas": lpas}
        total = 0.0
        print(f"page queries, shipped data, {label} (median cold of 5 / warm, ms):")
        for name in queries.names():
            if name.startswith("investigations/"):
                cold, warm = timed(name, params)
                total += cold
                print(f"  {name:<40} {cold:8.1f} {warm:8.2f}")
        print(f"  {'all, cold':<40} {total:8.1f}")
    for name in ("crimes", "outcomes", "arrests", "crime_supervision"):
        entry = db.entry(name)
        print(f"shipped {name}: {entry['rows']:,} rows, {(db.data_dir() / entry['file']).stat().st_size / 1e6:.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--rows", type=int, default=30_000, help="street rows a month")
    args = parser.parse_args()
    bench_ingest(args.months, args.rows)
    bench_queries()


if __name__ == "__main__":
    main()
