"""Rebuild extracts from public data files.

    python -m briefing.refresh.ingest police-uk PATH [--replace]

PATH is a folder of data.police.uk monthly files or the archive zip, laid out as
`YYYY-MM/YYYY-MM-<force>-street.csv`, `-outcomes.csv` and `-stop-and-search.csv`, where <force> is
`police_uk_slug` in force.toml (other forces' files are ignored). It writes three extracts at the
grain the pages need, with crime IDs used only to join outcomes to their crimes and never stored:
- crimes: month x LSOA x crime type x last outcome category;
- outcomes: outcome month x crime month x LSOA x crime type x outcome type;
- stop_and_search: month x location x type x object of search x outcome (police.uk publishes no
  LSOA for searches, only a snap point, so searches carry no LPA).
LSOA codes (2011 or 2021) map to LPAs through the national LSOA-to-district lookup (the shipped
`lsoa_district` extract), the LPAs being districts (by default those of the force's pfa_code), or
through the force's own LSOA-to-LPA table named in force.toml; rows in other LSOAs are counted as
outside the force's LPAs. Rejected rows are reported by reason. All three extracts
and the manifest are written as one atomic change, so an interrupted ingest leaves the previous
data intact, and the same input always gives byte-identical extracts. A download covering fewer
months than the extracts it replaces is refused, saying which months it would drop, unless
--replace is given.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import duckdb
import pandas as pd

from briefing.config import Force, command_parser, data_dir, load_force
from briefing.refresh.cli import command
from briefing.store.contracts import NOT_KNOWN, POLICE_UK_CRIME_TYPES
from briefing.store.extracts import ExtractData, read_manifest, write_extracts

SOURCE = "data.police.uk"
LICENCE = "Open Government Licence v3.0"
KINDS = ("street", "outcomes", "stop-and-search")  # street first: outcomes join to its crime IDs
REQUIRED = {
    "street": ("Crime ID", "Month", "LSOA code", "Crime type", "Last outcome category"),
    "outcomes": ("Crime ID", "Month", "LSOA code", "Outcome type"),
    "stop-and-search": ("Type", "Date", "Latitude", "Longitude", "Object of search", "Outcome"),
}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^(\d{4}-(0[1-9]|1[0-2]))-\d{2}")
CRIME_TYPES = frozenset(POLICE_UK_CRIME_TYPES)
EXAMPLES_PER_REASON = 3


class IngestError(Exception):
    """Input the ingest cannot use; the message says what to fix. Nothing has been written."""


@dataclass(frozen=True)
class MonthlyFile:
    month: str
    kind: str
    name: str  # path inside the folder or zip, for messages
    size: int


@dataclass
class Report:
    rows: Counter = field(default_factory=Counter)  # by kind
    rejected: Counter = field(default_factory=Counter)  # by (kind, reason)
    examples: dict = field(default_factory=dict)  # reason -> ["file:line: text", ...]
    outside: Counter = field(default_factory=Counter)  # by kind: LSOA not in the force's LPAs
    unlinked_outcomes: int = 0  # outcomes for a crime ID not in the street files read
    unmapped_outcome_types: Counter = field(default_factory=Counter)
    missing_months: dict = field(default_factory=dict)  # kind -> ["YYYY-MM", ...]
    duplicates: list = field(default_factory=list)

    def reject(self, kind: str, reason: str, where: str, row: list[str]) -> None:
        self.rejected[(kind, reason)] += 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < EXAMPLES_PER_REASON:
            shown.append(f"{where}: {','.join(row)[:120]}")

    def lines(self) -> list[str]:
        out = [f"read {self.rows[k]:,} {k} rows" for k in KINDS]
        for kind, months in self.missing_months.items():
            if months:
                out.append(f"no {kind} file for {len(months)} month(s): {', '.join(months)}")
        out += [f"ignored a second copy of {name}" for name in self.duplicates]
        for kind in KINDS:
            if self.outside[kind]:
                out.append(f"{self.outside[kind]:,} {kind} rows lie outside the force's LPAs (not counted)")
        if self.unlinked_outcomes:
            out.append(
                f"{self.unlinked_outcomes:,} outcomes are for crimes not in these street files (recorded "
                f"before the first month read): kept, with crime type '{NOT_KNOWN}'"
            )
        if self.unmapped_outcome_types:
            names = ", ".join(f"{k!r} ({v:,})" for k, v in sorted(self.unmapped_outcome_types.items()))
            out.append(
                f"outcome types police_uk_outcomes does not map (count as neither charge nor "
                f"brought to justice): {names}"
            )
        total = sum(self.rejected.values())
        out.append(f"rejected {total:,} rows" + (":" if total else ""))
        for (kind, reason), count in sorted(self.rejected.items()):
            out.append(f"  {count:,} {kind} rows: {reason}")
        for reason, shown in sorted(self.examples.items()):
            out += [f"    e.g. [{reason}] {line}" for line in shown]
        return out


def find_files(path: Path, slug: str) -> tuple[list[MonthlyFile], Report]:
    """The force's monthly files in a folder or zip, street files first, each month once."""
    if not path.exists():
        raise IngestError(f"{path} does not exist")
    pattern = re.compile(rf"^(\d{{4}}-\d{{2}})-{re.escape(slug)}-({'|'.join(KINDS)})\.csv$")
    if path.is_dir():
        candidates = [(str(p.relative_to(path)), p.name, p.stat().st_size) for p in sorted(path.rglob("*.csv"))]
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            candidates = [(i.filename, Path(i.filename).name, i.file_size) for i in archive.infolist()]
    else:
        raise IngestError(f"{path} is neither a folder nor a zip archive")
    report = Report()
    found: dict[tuple[str, str], MonthlyFile] = {}
    for name, base, size in candidates:
        match = pattern.match(base)
        if not match or not _MONTH.match(match[1]):
            continue
        key = (match[2], match[1])
        if key in found:
            report.duplicates.append(name)
            continue
        found[key] = MonthlyFile(match[1], match[2], name, size)
    if not any(kind == "street" for kind, _ in found):
        raise IngestError(
            f"no data.police.uk street files for '{slug}' in {path} "
            f"(expected YYYY-MM/YYYY-MM-{slug}-street.csv; the force is set in force.toml)"
        )
    for kind in KINDS:
        months = sorted(m for k, m in found if k == kind)
        if months:
            every = pd.period_range(months[0], months[-1], freq="M").strftime("%Y-%m")
            report.missing_months[kind] = sorted(set(every) - set(months))
    files = sorted(found.values(), key=lambda f: (KINDS.index(f.kind), f.month))
    return files, report


def _open(path: Path, file: MonthlyFile, archive: zipfile.ZipFile | None) -> io.TextIOBase:
    # utf-8-sig drops a byte-order mark; newline="" lets csv handle CRLF and quoted line breaks.
    if archive is None:
        return open(path / file.name, encoding="utf-8-sig", errors="replace", newline="")
    return io.TextIOWrapper(archive.open(file.name), encoding="utf-8-sig", errors="replace", newline="")


class Progress:
    """A one-line progress bar on stderr: files done, rows read, rows per second."""

    def __init__(self, total_bytes: int, stream=None):
        self.total, self.done, self.rows = max(total_bytes, 1), 0, 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def show(self, extra_rows: int = 0) -> None:
        fraction = min(self.done / self.total, 1)
        rows = self.rows + extra_rows
        rate = rows / max(time.perf_counter() - self.started, 1e-9)
        bar = "#" * int(30 * fraction)
        self.stream.write(f"\r[{bar:<30}] {fraction:4.0%} {rows:>11,} rows {rate:>9,.0f} rows/s")
        self.stream.flush()

    def file_done(self, size: int, rows: int) -> None:
        self.done += size
        self.rows += rows
        self.show()


def _lsoa_lookup(force: Force) -> dict[str, str]:
    """LSOA code (2011 or 2021) -> LPA. A force whose LPAs are not local authority districts names
    an LSOA-to-LPA table (CSV: lsoa_code, lpa) in force.toml; otherwise its LPAs are districts and
    the shipped national lookup (lsoa_district) maps each LSOA to its district."""
    if force.lsoa_lpa_table:
        path = data_dir() / force.lsoa_lpa_table
        if not path.exists():
            raise IngestError(f"force.toml names the LSOA-to-LPA table {force.lsoa_lpa_table}: not in {data_dir()}")
        table = pd.read_csv(path, dtype=str)
        if not {"lsoa_code", "lpa"} <= set(table.columns):
            raise IngestError(f"{path} needs the columns lsoa_code and lpa")
        unknown = sorted(set(table["lpa"]) - set(force.lpas))
        if unknown:
            raise IngestError(f"{path} names LPA code(s) not in force.toml: {', '.join(unknown[:5])}")
        return dict(zip(table["lsoa_code"], table["lpa"]))
    entry = read_manifest().get("extracts", {}).get("lsoa_district")
    if entry is None:
        raise IngestError(
            "the lsoa_district extract is missing from the data folder: run `python -m briefing.refresh.public`"
        )
    rows = (
        duckdb.connect()
        .execute(
            "select lsoa_code, lad_code from read_parquet($path) where lad_code in (select unnest($lpas))",
            {"path": str(data_dir() / entry["file"]), "lpas": list(force.lpas)},
        )
        .fetchall()
    )
    return dict(rows)


def _mapped_outcome_types() -> set[str]:
    entry = read_manifest().get("extracts", {}).get("police_uk_outcomes")
    if entry is None:
        return set()
    rows = (
        duckdb.connect()
        .execute("select last_outcome_category from read_parquet($path)", {"path": str(data_dir() / entry["file"])})
        .fetchall()
    )
    return {r[0] for r in rows}


class _Tally:
    """Counts rows into the extracts' grain. Crime IDs are held only to join outcomes to crimes."""

    def __init__(self, lookup: dict[str, str], mapped: set[str], report: Report, progress: Progress):
        self.lookup, self.mapped, self.report, self.progress = lookup, mapped, report, progress
        self.counts: dict[str, Counter] = {kind: Counter() for kind in KINDS}
        self.crimes_by_id: dict[str, tuple[str, str]] = {}

    def read(self, handle: io.TextIOBase, file: MonthlyFile) -> int:
        """Count one file's rows, rejecting those it cannot use; returns the number of rows read."""
        reader = csv.reader(handle)
        header = next(reader, [])
        columns = {name.strip(): i for i, name in enumerate(header)}
        missing = [c for c in REQUIRED[file.kind] if c not in columns]
        if missing:
            raise IngestError(f"{file.name} is not a police.uk {file.kind} file: no column(s) {', '.join(missing)}")
        counters: dict[str, Callable[..., str | None]] = {
            "street": self._street,
            "outcomes": self._outcome,
            "stop-and-search": self._search,
        }
        count = counters[file.kind]
        # The required fields, in REQUIRED's order, as the counting method's arguments.
        pick = itemgetter(*(columns[c] for c in REQUIRED[file.kind]))
        n = 0
        for n, row in enumerate(reader, start=1):
            if n % 50_000 == 0:
                self.progress.show(n)
            reason = "malformed line" if len(row) != len(header) else count(*(f.strip() for f in pick(row)))
            if reason:
                self.report.reject(file.kind, reason, f"{file.name}:{reader.line_num}", row)
        return n

    def _street(self, crime_id: str, month: str, lsoa: str, crime_type: str, outcome: str) -> str | None:
        if not _MONTH.match(month):
            return "bad month"
        if crime_type not in CRIME_TYPES:
            return "unknown crime type"
        if crime_id:  # anti-social behaviour has no crime ID
            self.crimes_by_id[crime_id] = (month, crime_type)
        if not lsoa:
            return "missing LSOA"
        lpa = self.lookup.get(lsoa)
        if lpa is None:
            self.report.outside["street"] += 1
            return None
        self.counts["street"][(month, lsoa, lpa, crime_type, outcome)] += 1
        return None

    def _outcome(self, crime_id: str, month: str, lsoa: str, outcome: str) -> str | None:
        if not _MONTH.match(month):
            return "bad month"
        if not crime_id:
            return "missing crime ID"
        if not lsoa:
            return "missing LSOA"
        lpa = self.lookup.get(lsoa)
        if lpa is None:
            self.report.outside["outcomes"] += 1
            return None
        crime: tuple[str | None, str] | None = self.crimes_by_id.get(crime_id)
        if crime is None:
            self.report.unlinked_outcomes += 1
            crime = (None, NOT_KNOWN)
        if self.mapped and outcome not in self.mapped:
            self.report.unmapped_outcome_types[outcome] += 1
        self.counts["outcomes"][(month, crime[0], lsoa, lpa, crime[1], outcome)] += 1
        return None

    def _search(
        self, search_type: str, date: str, latitude: str, longitude: str, searched_for: str, outcome: str
    ) -> str | None:
        month = _DATE.match(date)
        if not month:
            return "bad month"
        key = (month[1], _coordinate(latitude), _coordinate(longitude), search_type, searched_for, outcome)
        self.counts["stop-and-search"][key] += 1
        return None


def _coordinate(text: str) -> float | None:
    try:
        return round(float(text), 6) if text else None
    except ValueError:
        return None


def read_police_uk(
    path: Path, slug: str, lookup: dict[str, str], mapped: set[str], progress: Progress | None = None
) -> tuple[dict[str, Counter], Report]:
    """Count the monthly files into three Counters keyed at the extracts' grain."""
    files, report = find_files(path, slug)
    progress = progress or Progress(sum(f.size for f in files))
    tally = _Tally(lookup, mapped, report, progress)
    archive = zipfile.ZipFile(path) if path.is_file() else None
    try:
        for file in files:
            with _open(path, file, archive) as handle:
                read = tally.read(handle, file)
            report.rows[file.kind] += read
            progress.file_done(file.size, read)
    finally:
        if archive is not None:
            archive.close()
    progress.stream.write("\n")
    return tally.counts, report


def _frame(counts: Counter, columns: list[str], value: str, months: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([(*k, v) for k, v in counts.items()], columns=[*columns, value])
    for column in months:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m").dt.date
    # A fixed row order makes the same input give byte-identical Parquet.
    return frame.sort_values(columns, ignore_index=True, na_position="first")


def build_extracts(counts: dict[str, Counter], report: Report) -> dict[str, ExtractData]:
    crimes = _frame(
        counts["street"], ["month", "lsoa_code", "lpa", "crime_type", "last_outcome_category"], "crimes", ["month"]
    )
    if crimes.empty:
        raise IngestError("no street rows lie in the force's LPAs: check police_uk_slug and [[lpas]] in force.toml")
    outcomes = _frame(
        counts["outcomes"],
        ["month", "crime_month", "lsoa_code", "lpa", "crime_type", "outcome_type"],
        "outcomes",
        ["month", "crime_month"],
    )
    searches = _frame(
        counts["stop-and-search"],
        ["month", "latitude", "longitude", "search_type", "object_of_search", "outcome"],
        "searches",
        ["month"],
    )
    notes = "Built by `python -m briefing.refresh.ingest police-uk`. " + " ".join(
        line.strip().rstrip(":") + "." for line in report.lines() if not line.startswith(" ")
    )

    def extract(frame: pd.DataFrame, *month_columns: str) -> ExtractData:
        # An empty extract (no stop-and-search files, say) covers the street files' period.
        dates = pd.concat([frame[c] for c in month_columns] if len(frame) else [crimes["month"]]).dropna()
        return ExtractData(
            frame,
            SOURCE,
            LICENCE,
            demo=False,
            period_from=dates.min(),
            data_through=(pd.Timestamp(dates.max()) + pd.offsets.MonthEnd(0)).date(),
            notes=notes,
        )

    return {
        "crimes": extract(crimes, "month"),
        "outcomes": extract(outcomes, "month", "crime_month"),
        "stop_and_search": extract(searches, "month"),
    }


def ingest_police_uk(path: Path, progress: Progress | None = None, replace: bool = False) -> Report:
    """Read a data.police.uk download and replace the crimes, outcomes and stop_and_search extracts
    (refused if that would shorten their period, unless `replace`)."""
    force = load_force()
    lookup = _lsoa_lookup(force)
    counts, report = read_police_uk(path, force.police_uk_slug, lookup, _mapped_outcome_types(), progress)
    write_extracts(build_extracts(counts, report), replace=replace)
    return report


@command
def main(argv: list[str] | None = None) -> int:
    parser = command_parser("briefing.refresh.ingest", __doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    police_uk = commands.add_parser("police-uk", help="data.police.uk monthly files: a folder or the archive zip")
    police_uk.add_argument("path", type=Path, help="folder of YYYY-MM/ monthly files, or the archive .zip")
    police_uk.add_argument("--replace", action="store_true", help="allow the download to cover fewer months")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        report = ingest_police_uk(args.path, replace=args.replace)
    except (IngestError, ValueError, OSError, zipfile.BadZipFile) as exc:
        print(f"error: {exc}. Nothing was written.", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    print("\n".join(report.lines()))
    rows = sum(report.rows.values())
    print(
        f"wrote crimes, outcomes and stop_and_search to {data_dir()} "
        f"({rows:,} rows in {seconds:.1f}s, {rows / max(seconds, 1e-9):,.0f} rows/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
