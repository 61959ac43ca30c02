"""The manifest, atomic writes of extracts, and validation of each extract against its contract.

Writes are atomic as a set and one at a time: a writer holds an exclusive lock on the data folder
while it reads the manifest, writes new Parquet files (content-addressed names), replaces the
manifest last (write to a temporary file, then rename) and removes the files it replaced. A write
killed at any point leaves the previous manifest and every file it names intact; the next writer
removes the temporary files it left. A write that fails or is refused raises DataWriteError with a
one-line message and leaves the folder as it was.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from briefing.config import data_dir, duckdb_settings, load_force
from briefing.store.contracts import CONTRACTS, Contract

MANIFEST = "manifest.json"
LOCK_FILE = ".write.lock"
# How long a writer waits for another to finish before it refuses.
LOCK_WAIT_SECONDS = 120.0
_FILE_NAME = re.compile(r"^[a-z0-9_]+(-[0-9a-f]{12})?\.parquet$")


class DataWriteError(Exception):
    """A refresh could not read or write the data folder, or was refused; the folder is as it was.
    The message is one line."""


@dataclass
class ExtractData:
    """A frame to be written as an extract, with what the manifest says about it."""

    frame: pd.DataFrame
    source: str
    licence: str
    demo: bool
    period_from: date | None = None
    data_through: date | None = None
    calibration: list[dict] = field(default_factory=list)
    notes: str = ""


def read_manifest(directory: Path | None = None) -> dict:
    """The manifest ({} of extracts if there is none). Raises DataWriteError if it cannot be read."""
    path = (directory or data_dir()) / MANIFEST
    if not path.exists():
        return {"version": "", "extracts": {}}
    try:
        with open(path, encoding="utf-8") as fh:
            manifest = json.load(fh)
        if not isinstance(manifest, dict) or not isinstance(manifest.get("extracts"), dict):
            raise ValueError("it has no table of extracts")
        if not all(isinstance(e, dict) for e in manifest["extracts"].values()):
            raise ValueError("an extract's entry is not a table")
    except (OSError, ValueError) as exc:  # JSON and Unicode errors are ValueErrors
        reason = str(exc).splitlines()[0][:120] if str(exc) else ""
        raise DataWriteError(f"{path} cannot be read ({type(exc).__name__}: {reason}); restore it (for example "
                             "from version control) before refreshing") from exc
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """Cast the frame to the contract's column order and types, so every writer agrees."""
    contract = CONTRACTS[name]
    con = duckdb.connect()
    con.register("frame", frame)
    # Identifiers and types come from CONTRACTS (code), never from input.
    casts = ", ".join(f'cast("{c.name}" as {c.type}) as "{c.name}"' for c in contract.columns)
    return con.sql(f"select {casts} from frame").to_arrow_table()  # noqa: S608


def _os_problem(directory: Path, exc: OSError) -> DataWriteError:
    return DataWriteError(f"cannot write to {directory}: {exc.strerror or exc}")


@contextmanager
def writer_lock(directory: Path) -> Iterator[None]:
    """Hold the data folder's exclusive write lock: wait (saying so) up to LOCK_WAIT_SECONDS, then refuse."""
    try:
        # Read-only is enough for flock, so a lock file that exists works on a read-only folder and
        # the write itself reports the real problem.
        fd = os.open(directory / LOCK_FILE, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _os_problem(directory, exc) from exc
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DataWriteError(
                        f"another refresh is still writing to {directory} after {LOCK_WAIT_SECONDS:.0f}s of "
                        "waiting; run this one again when it has finished"
                    ) from None
                if not waiting:
                    print(f"waiting for another refresh of {directory} to finish ...", file=sys.stderr, flush=True)
                    waiting = True
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _iso(text) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _lost_history(name: str, old: dict, new: ExtractData) -> str | None:
    """What replacing the extract `old` describes with `new` would drop from its period, if anything."""
    old_from, old_through = _iso(old.get("period_from")), _iso(old.get("data_through"))
    day = timedelta(days=1)
    dropped = []
    if old_from and new.period_from and new.period_from > old_from:
        dropped.append(f"{old_from} to {new.period_from - day}")
    if old_through and new.data_through and new.data_through < old_through:
        dropped.append(f"{new.data_through + day} to {old_through}")
    if not dropped:
        return None
    return (f"{name} now covers {old_from or '?'} to {old_through or '?'}; the new data covers "
            f"{new.period_from or '?'} to {new.data_through or '?'}, so it would drop {' and '.join(dropped)}")


def write_extracts(extracts: dict[str, ExtractData], directory: Path | None = None, *,
                   replace: bool = False) -> dict:
    """Write several extracts and the manifest as one atomic change, under the folder's write lock.

    Refuses (DataWriteError) to shorten an extract's period unless `replace`. Returns the new manifest.
    """
    directory = directory or data_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_problem(directory, exc) from exc
    with writer_lock(directory):
        return _write_locked(directory, extracts, replace)


def _write_locked(directory: Path, extracts: dict[str, ExtractData], replace: bool) -> dict:
    """The write itself; the caller holds the folder's write lock."""
    tables = {name: _arrow_table(name, extract.frame) for name, extract in extracts.items()}
    created: list[Path] = []
    try:
        old = read_manifest(directory)["extracts"]
        lost = [lost for name, extract in extracts.items()
                if name in old and (lost := _lost_history(name, old[name], extract))]
        if lost and not replace:
            raise DataWriteError("; ".join(lost) + ". Run again with --replace to drop it")
        entries = dict(old)
        for name, extract in extracts.items():
            final, sha = _write_parquet(directory, name, tables[name], created)
            entries[name] = _entry(name, extract, final, sha, tables[name].num_rows)
        version = hashlib.sha256("".join(f"{k}:{entries[k]['sha256']}" for k in sorted(entries)).encode())
        new_manifest = {
            "version": version.hexdigest()[:16],
            "written_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "extracts": dict(sorted(entries.items())),
        }
        _atomic_write_bytes(directory / MANIFEST, (json.dumps(new_manifest, indent=2) + "\n").encode())
    except BaseException as exc:
        for path in created:
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _os_problem(directory, exc) from exc
        raise
    # The new data is in place: remove the files it replaced and temporary files left by a writer
    # that was killed (a failed write changes nothing, so it removes neither). A file left behind is
    # harmless.
    referenced = {e["file"] for e in entries.values()}
    replaced = {old[name]["file"] for name in extracts if name in old} - referenced
    for path in [directory / f for f in replaced if _FILE_NAME.match(f)] + list(directory.glob(".*.tmp")):
        with suppress(OSError):
            path.unlink()
    return new_manifest


def _write_parquet(directory: Path, name: str, table: pa.Table, created: list[Path]) -> tuple[Path, str]:
    """Write one table under its content-addressed name; appends it to `created` if it is new."""
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        sha = _sha256(Path(tmp))
        final = directory / f"{name}-{sha[:12]}.parquet"
        if not final.exists():
            created.append(final)
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return final, sha


def _entry(name: str, extract: ExtractData, final: Path, sha: str, rows: int) -> dict:
    return {
        "file": final.name,
        "rows": rows,
        "sha256": sha,
        "columns": CONTRACTS[name].column_types(),
        "period_from": extract.period_from.isoformat() if extract.period_from else None,
        "data_through": extract.data_through.isoformat() if extract.data_through else None,
        "source": extract.source,
        "licence": extract.licence,
        "demo": extract.demo,
        "calibration": extract.calibration,
        "notes": extract.notes,
    }


def command(main: Callable[[list[str] | None], int]) -> Callable[[list[str] | None], int]:
    """A refresh command's main: a write that fails, is refused or is interrupted prints one line
    on stderr and exits non-zero; the data folder is as it was."""

    @functools.wraps(main)
    def run(argv: list[str] | None = None) -> int:
        try:
            code = main(argv)
        except DataWriteError as exc:
            print(f"error: {exc}. Nothing was changed.", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("error: interrupted. Nothing was changed.", file=sys.stderr)
            return 130
        return _after_write(code)

    return run


def _after_write(code: int) -> int:
    """Once a refresh has written its extracts: work out the common views of the new data (briefing.areas.precomputed).
    The data are in place whatever happens here; views not worked out are worked out as they are opened."""
    if code != 0:
        return code
    from briefing.areas import precomputed

    later = "the new data are in place; views will be worked out as they are opened (or run python -m briefing.areas.precomputed)"
    try:
        precomputed.after_refresh()
    except KeyboardInterrupt:
        print(f"error: interrupted while working out the common views: {later}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 (the refresh itself succeeded: say so, and why this did not)
        print(f"warning: the common views were not worked out ({type(exc).__name__}: {str(exc)[:120]}): {later}",
              file=sys.stderr)
    return code


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
    if not _FILE_NAME.match(file_name):
        return Validation(name, None, (f"manifest names an invalid file '{file_name[:60]}'",))
    bad_dates = [f"manifest gives {key} {str(entry[key])[:20]!r}, which is not a date"
                 for key in ("period_from", "data_through") if entry.get(key) and _iso(entry[key]) is None]
    if bad_dates:
        return Validation(name, None, tuple(bad_dates))
    path = directory / file_name
    try:
        if _sha256(path) != entry.get("sha256"):
            return Validation(name, None, (f"{file_name} has changed since the manifest was written "
                                           "(its sha256 differs)",))
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
        yield (column, "must be an LPA code in force.toml",
               f'"{column}" is null or not list_contains($lpas, "{column}")', {"lpas": list(load_force().lpas)})
    for column, values in contract.allowed.items():
        shown = ", ".join(repr(v) for v in values[:4]) + (", ..." if len(values) > 4 else "")
        yield (column, f"must be one of {shown}",
               f'"{column}" is null or not list_contains(${column}_allowed, "{column}")',
               {f"{column}_allowed": list(values)})
    for column in contract.counts:
        yield column, "is a count, never empty or negative", f'"{column}" is null or "{column}" < 0', {}
    for column, (low, high) in contract.ranges.items():
        bounds = [f'"{b}"' if isinstance(b, str) else repr(b) for b in (low, high)]
        yield (column, f"must lie between {low} and {high}", f'"{column}" < {bounds[0]} or "{column}" > {bounds[1]}',
               {})
    for column in contract.monthly:
        yield column, "is monthly, every date the 1st of its month", f'day("{column}") <> 1', {}
    for column in contract.date_columns:
        yield column, "must not be after today", f'"{column}" > $today', {"today": date.today()}
    through = _iso(entry.get("data_through"))
    if through:
        for column in contract.date_columns:
            yield (column, f"must not be after data_through {through}", f'"{column}" > $through',
                   {"through": through})


def _content_problems(con: duckdb.DuckDBPyConnection, path: Path, rules: list) -> list[str]:
    """One line per broken rule naming the column(s), the rule and the first row that breaks it.

    One scan counts every rule's breaking rows; only a broken rule's example row is fetched.
    """
    if not rules:
        return []
    flags = ", ".join(f"({condition}) as rule_{i}" for i, (_, _, condition, _) in enumerate(rules))
    tallies = ", ".join(f"count(*) filter (where rule_{i}), min(file_row_number) filter (where rule_{i})"
                        for i in range(len(rules)))
    values = {"path": str(path)} | {k: v for *_, bound in rules for k, v in bound.items()}
    flagged = f"(select *, {flags} from read_parquet($path, file_row_number = true))"  # noqa: S608
    counts = con.execute(f"select {tallies} from {flagged}", values).fetchone()  # noqa: S608
    return [_problem(con, path, columns, rule, counts[2 * i], counts[2 * i + 1])
            for i, (columns, rule, _, _) in enumerate(rules) if counts[2 * i]]


def _duplicate_key(con: duckdb.DuckDBPyConnection, path: Path, key: tuple[str, ...]) -> str | None:
    columns = ", ".join(f'"{c}"' for c in key)
    # A 64-bit hash of the key finds candidates ten times faster; the exact check below confirms them.
    (candidates,) = con.execute(
        f"select count(*) - count(distinct hash({columns})) from read_parquet($path)",  # noqa: S608
        {"path": str(path)},
    ).fetchone()
    if not candidates:
        return None
    broken, first = con.execute(
        # Column names come from CONTRACTS (code).
        "select sum(n), min(first_row) from (select count(*) as n, min(file_row_number) as first_row "  # noqa: S608
        f"from read_parquet($path, file_row_number = true) group by {columns} having count(*) > 1)",
        {"path": str(path)},
    ).fetchone()
    if not broken:
        return None
    return _problem(con, path, ", ".join(key), "together identify a row, but some rows share them", broken, first)


def _problem(con: duckdb.DuckDBPyConnection, path: Path, columns: str, rule: str, broken: int, first: int) -> str:
    """One line: the column(s), the rule, how many rows break it and the first of them."""
    row = con.execute("select * exclude (file_row_number) from read_parquet($path, file_row_number = true) "
                      "where file_row_number = $row", {"path": str(path), "row": first}).df().iloc[0]
    example = ", ".join(f"{c}={_shown(v)}" for c, v in row.items())
    label = "columns" if "," in columns else "column"
    return f"{label} '{columns}' {rule}: {broken:,} row(s), e.g. row {first + 1:,}: {example}"[:400]


def _shown(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "(empty)"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return repr(value) if isinstance(value, str) else str(value)
