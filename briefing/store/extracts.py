"""The manifest and atomic writes of extracts (each is checked against its contract by `validation`).

Writes are atomic as a set and one at a time: a writer holds an exclusive lock on the data folder
while it reads the manifest, writes new Parquet files (content-addressed names), replaces the
manifest last (write to a temporary file, then rename) and removes the files it replaced. A write
killed at any point leaves the previous manifest and every file it names intact; the next writer
removes the temporary files it left. A write that fails or is refused raises DataWriteError with a
one-line message and leaves the folder as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from briefing.config import data_dir
from briefing.store.contracts import CONTRACTS

MANIFEST = "manifest.json"
LOCK_FILE = ".write.lock"
# How long a writer waits for another to finish before it refuses.
LOCK_WAIT_SECONDS = 120.0
FILE_NAME = re.compile(r"^[a-z0-9_]+(-[0-9a-f]{12})?\.parquet$")


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
        raise DataWriteError(
            f"{path} cannot be read ({type(exc).__name__}: {reason}); restore it (for example "
            "from version control) before refreshing"
        ) from exc
    return manifest


def sha256(path: Path) -> str:
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


def iso_date(text) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _lost_history(name: str, old: dict, new: ExtractData) -> str | None:
    """What replacing the extract `old` describes with `new` would drop from its period, if anything."""
    old_from, old_through = iso_date(old.get("period_from")), iso_date(old.get("data_through"))
    day = timedelta(days=1)
    dropped = []
    if old_from and new.period_from and new.period_from > old_from:
        dropped.append(f"{old_from} to {new.period_from - day}")
    if old_through and new.data_through and new.data_through < old_through:
        dropped.append(f"{new.data_through + day} to {old_through}")
    if not dropped:
        return None
    return (
        f"{name} now covers {old_from or '?'} to {old_through or '?'}; the new data covers "
        f"{new.period_from or '?'} to {new.data_through or '?'}, so it would drop {' and '.join(dropped)}"
    )


def write_extracts(extracts: dict[str, ExtractData], directory: Path | None = None, *, replace: bool = False) -> dict:
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
        lost = [
            lost
            for name, extract in extracts.items()
            if name in old and (lost := _lost_history(name, old[name], extract))
        ]
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
    for path in [directory / f for f in replaced if FILE_NAME.match(f)] + list(directory.glob(".*.tmp")):
        with suppress(OSError):
            path.unlink()
    return new_manifest


def _write_parquet(directory: Path, name: str, table: pa.Table, created: list[Path]) -> tuple[Path, str]:
    """Write one table under its content-addressed name; appends it to `created` if it is new."""
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        sha = sha256(Path(tmp))
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
