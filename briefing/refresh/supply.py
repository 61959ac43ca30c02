"""Replace an extract with the force's own file, checked against its contract first.

    python -m briefing.refresh.supply NAME FILE --source "..." --licence "..." [--replace]

FILE is Parquet or CSV with the contract's columns (see Data and methods, or briefing/store/contracts.py).
It is checked in a scratch folder first, shape and content; only a file that passes replaces the
extract in data/, so a bad file changes nothing. A file covering a shorter period than the extract
it replaces is refused (saying what it would drop) unless --replace is given. The new extract is
marked as force data (not demonstration data).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from briefing.config import command_parser, data_dir
from briefing.refresh.cli import command
from briefing.store.contracts import CONTRACTS
from briefing.store.extracts import ExtractData, read_manifest, write_extracts
from briefing.store.validation import validate


class SupplyError(Exception):
    """The file cannot become the extract; the message says why."""


def read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise SupplyError(f"{path} is not a file")
    reader = {".parquet": "read_parquet", ".csv": "read_csv"}.get(path.suffix.lower())
    if reader is None:
        raise SupplyError(f"{path.name}: expected a .parquet or .csv file")
    try:
        return duckdb.connect().execute(f"select * from {reader}($path)", {"path": str(path)}).df()  # noqa: S608
    except duckdb.Error as exc:
        raise SupplyError(f"{path.name} cannot be read: {exc}") from exc


def prepare(name: str, frame: pd.DataFrame, source: str, licence: str) -> ExtractData:
    """The frame as an extract, its period taken from its first date column."""
    contract = CONTRACTS[name]
    missing = [c.name for c in contract.columns if c.name not in frame.columns]
    if missing:
        raise SupplyError(
            f"missing column(s) {', '.join(missing)}; the {name} contract needs "
            f"{', '.join(c.name for c in contract.columns)}"
        )
    if frame.empty:
        raise SupplyError("the file has no rows")
    period_from = data_through = None
    if contract.date_columns:
        dates = pd.to_datetime(frame[contract.date_columns[0]], errors="coerce").dropna()
        if dates.empty:
            raise SupplyError(f"column '{contract.date_columns[0]}' holds no dates")
        period_from = dates.min().date().replace(day=1)
        data_through = (dates.max() + pd.offsets.MonthEnd(0)).date()
    return ExtractData(frame, source, licence, demo=False, period_from=period_from, data_through=data_through)


def supply(name: str, path: Path, source: str, licence: str, replace: bool = False) -> dict:
    """Check the file in a scratch folder, then write it into data/. Returns its manifest entry."""
    extract = prepare(name, read(path), source, licence)
    with tempfile.TemporaryDirectory() as scratch:
        try:
            entry = write_extracts({name: extract}, Path(scratch))["extracts"][name]
        except duckdb.Error as exc:
            raise SupplyError(f"a value does not fit its column's type: {exc}") from exc
        result = validate(name, entry, Path(scratch))
        if not result.ok:
            raise SupplyError("; ".join(result.problems))
    return write_extracts({name: extract}, replace=replace)["extracts"][name]


@command
def main(argv: list[str] | None = None) -> int:
    parser = command_parser("briefing.refresh.supply", __doc__)
    parser.add_argument("name", choices=sorted(CONTRACTS), help="the extract to replace")
    parser.add_argument("file", type=Path)
    parser.add_argument("--source", required=True, help="where the data comes from, shown on Data and methods")
    parser.add_argument("--licence", required=True)
    parser.add_argument("--replace", action="store_true", help="allow the new file to cover a shorter period")
    args = parser.parse_args(argv)
    before = read_manifest().get("extracts", {}).get(args.name, {})
    try:
        entry = supply(args.name, args.file, args.source, args.licence, args.replace)
    except SupplyError as exc:
        print(f"error: {args.name} not replaced: {exc}", file=sys.stderr)
        return 2
    was = "demonstration data" if before.get("demo") else "the previous extract"
    print(
        f"{args.name}: {entry['rows']:,} rows ({entry['period_from']} to {entry['data_through']}) "
        f"replace {was} in {data_dir()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
