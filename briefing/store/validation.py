"""Each extract checked against its contract (`contracts`): its columns and types, its rules (not null,
allowed values, ranges, a unique key) and its period. The data layer serves only extracts that pass."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from briefing.config import data_dir, duckdb_settings, load_force
from briefing.store.contracts import CONTRACTS, Contract
from briefing.store.extracts import FILE_NAME, iso_date, sha256


@dataclass(frozen=True)
class Validation:
    name: str
    path: Path | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(name: str, entry: dict, directory: Path | None = None) -> Validation:
    """Check one extract: its manifest entry, the file present and unchanged, columns and types, and
    content (allowed values, counts, unique key, monthly dates, no future dates, ranges)."""
    directory = directory or data_dir()
    contract: Contract | None = CONTRACTS.get(name)
    if contract is None:
        return Validation(name, None, (f"no contract is defined for extract '{name}'",))
    if not isinstance(entry, dict):
        return Validation(name, None, ("its manifest entry is not a table",))
    file_name = str(entry.get("file", ""))
    if not FILE_NAME.match(file_name):
        return Validation(name, None, (f"manifest names an invalid file '{file_name[:60]}'",))
    bad_dates = [
        f"manifest gives {key} {str(entry[key])[:20]!r}, which is not a date"
        for key in ("period_from", "data_through")
        if entry.get(key) and iso_date(entry[key]) is None
    ]
    if bad_dates:
        return Validation(name, None, tuple(bad_dates))
    path = directory / file_name
    try:
        if sha256(path) != entry.get("sha256"):
            return Validation(
                name, None, (f"{file_name} has changed since the manifest was written (its sha256 differs)",)
            )
    except FileNotFoundError:
        return Validation(name, None, (f"file {file_name} is missing",))
    except OSError as exc:
        return Validation(name, None, (f"{file_name} cannot be read ({exc.strerror or exc})",))
    con = duckdb.connect(config=duckdb_settings())
    try:
        described = con.execute("describe select * from read_parquet($path)", {"path": str(path)}).fetchall()
    except duckdb.Error:
        return Validation(name, None, (f"{file_name} cannot be read as Parquet (damaged or not Parquet)",))
    actual = {row[0]: row[1] for row in described}
    problems = []
    for column in contract.columns:
        if column.name not in actual:
            problems.append(f"missing column '{column.name}'")
        elif actual[column.name] != column.type:
            problems.append(f"column '{column.name}' is {actual[column.name]}, expected {column.type}")
    if problems:
        return Validation(name, None, tuple(problems))
    problems = _content_problems(con, path, list(_rules(contract, entry)))
    if contract.unique_key and (duplicate := _duplicate_key(con, path, contract.unique_key)):
        problems.append(duplicate)
    return Validation(name, path if not problems else None, tuple(problems))


def _rules(contract: Contract, entry: dict) -> Iterator[tuple[str, str, str, dict]]:
    """(columns, rule in words, SQL condition a breaking row meets, bound values) for each content rule.

    Column names and numbers in the SQL come from CONTRACTS (code); every other value is bound.
    """
    for column in contract.lpa_columns:
        yield (
            column,
            "must be an LPA code in force.toml",
            f'"{column}" is null or not list_contains($lpas, "{column}")',
            {"lpas": list(load_force().lpas)},
        )
    for column, values in contract.allowed.items():
        shown = ", ".join(repr(v) for v in values[:4]) + (", ..." if len(values) > 4 else "")
        yield (
            column,
            f"must be one of {shown}",
            f'"{column}" is null or not list_contains(${column}_allowed, "{column}")',
            {f"{column}_allowed": list(values)},
        )
    for column in contract.counts:
        yield column, "is a count, never empty or negative", f'"{column}" is null or "{column}" < 0', {}
    for column, (low, high) in contract.ranges.items():
        bounds = [f'"{b}"' if isinstance(b, str) else repr(b) for b in (low, high)]
        yield (
            column,
            f"must lie between {low} and {high}",
            f'"{column}" < {bounds[0]} or "{column}" > {bounds[1]}',
            {},
        )
    for column in contract.monthly:
        yield column, "is monthly, every date the 1st of its month", f'day("{column}") <> 1', {}
    for column in contract.date_columns:
        yield column, "must not be after today", f'"{column}" > $today', {"today": date.today()}
    through = iso_date(entry.get("data_through"))
    if through:
        for column in contract.date_columns:
            yield (column, f"must not be after data_through {through}", f'"{column}" > $through', {"through": through})


def _content_problems(con: duckdb.DuckDBPyConnection, path: Path, rules: list) -> list[str]:
    """One line per broken rule naming the column(s), the rule and the first row that breaks it.

    One scan counts every rule's breaking rows; only a broken rule's example row is fetched.
    """
    if not rules:
        return []
    flags = ", ".join(f"({condition}) as rule_{i}" for i, (_, _, condition, _) in enumerate(rules))
    tallies = ", ".join(
        f"count(*) filter (where rule_{i}), min(file_row_number) filter (where rule_{i})" for i in range(len(rules))
    )
    values = {"path": str(path)} | {k: v for *_, bound in rules for k, v in bound.items()}
    flagged = f"(select *, {flags} from read_parquet($path, file_row_number = true))"  # noqa: S608
    counts = _one_row(con.execute(f"select {tallies} from {flagged}", values).fetchone())  # noqa: S608
    return [
        _problem(con, path, columns, rule, counts[2 * i], counts[2 * i + 1])
        for i, (columns, rule, _, _) in enumerate(rules)
        if counts[2 * i]
    ]


def _duplicate_key(con: duckdb.DuckDBPyConnection, path: Path, key: tuple[str, ...]) -> str | None:
    columns = ", ".join(f'"{c}"' for c in key)
    # A 64-bit hash of the key finds candidates ten times faster; the exact check below confirms them.
    (candidates,) = _one_row(
        con.execute(
            f"select count(*) - count(distinct hash({columns})) from read_parquet($path)",  # noqa: S608
            {"path": str(path)},
        ).fetchone()
    )
    if not candidates:
        return None
    broken, first = _one_row(
        con.execute(
            # Column names come from CONTRACTS (code).
            "select sum(n), min(first_row) from (select count(*) as n, min(file_row_number) as first_row "  # noqa: S608
            f"from read_parquet($path, file_row_number = true) group by {columns} having count(*) > 1)",
            {"path": str(path)},
        ).fetchone()
    )
    if not broken:
        return None
    return _problem(con, path, ", ".join(key), "together identify a row, but some rows share them", broken, first)


def _one_row(row: tuple[Any, ...] | None) -> tuple[Any, ...]:
    """The row of an aggregate without group by, which always returns one."""
    assert row is not None
    return row


def _problem(con: duckdb.DuckDBPyConnection, path: Path, columns: str, rule: str, broken: int, first: int) -> str:
    """One line: the column(s), the rule, how many rows break it and the first of them."""
    row = (
        con.execute(
            "select * exclude (file_row_number) from read_parquet($path, file_row_number = true) "
            "where file_row_number = $row",
            {"path": str(path), "row": first},
        )
        .df()
        .iloc[0]
    )
    example = ", ".join(f"{c}={_shown(v)}" for c, v in row.items())
    label = "columns" if "," in columns else "column"
    return f"{label} '{columns}' {rule}: {broken:,} row(s), e.g. row {first + 1:,}: {example}"[:400]


def _shown(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "(empty)"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return repr(value) if isinstance(value, str) else str(value)
