"""The manifest, atomic writes of extracts, and validation of each extract against its contract.

Writes are atomic as a set: new Parquet files get content-addressed names, the manifest is
replaced last (write to a temporary file, then rename), and only then are unreferenced files
removed. A write killed at any point leaves the previous manifest and every file it names intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from briefing.config import data_dir, load_force
from briefing.contracts import CONTRACTS, Contract

MANIFEST = "manifest.json"
_FILE_NAME = re.compile(r"^[a-z0-9_]+(-[0-9a-f]{12})?\.parquet$")


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
    path = (directory or data_dir()) / MANIFEST
    if not path.exists():
        return {"version": "", "extracts": {}}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


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


def write_extracts(extracts: dict[str, ExtractData], directory: Path | None = None) -> dict:
    """Write several extracts and the manifest as one atomic change. Returns the new manifest."""
    directory = directory or data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(directory)
    entries = dict(manifest.get("extracts", {}))
    for name, extract in extracts.items():
        table = _arrow_table(name, extract.frame)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
        os.close(fd)
        try:
            pq.write_table(table, tmp, compression="zstd")
            sha = _sha256(Path(tmp))
            final = directory / f"{name}-{sha[:12]}.parquet"
            os.chmod(tmp, 0o644)
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        entries[name] = {
            "file": final.name,
            "rows": table.num_rows,
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
    version = hashlib.sha256(
        "".join(f"{k}:{entries[k]['sha256']}" for k in sorted(entries)).encode()
    ).hexdigest()[:16]
    new_manifest = {
        "version": version,
        "written_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "extracts": dict(sorted(entries.items())),
    }
    _atomic_write_bytes(directory / MANIFEST, (json.dumps(new_manifest, indent=2) + "\n").encode())
    referenced = {e["file"] for e in entries.values()}
    for stale in directory.glob("*.parquet"):
        if stale.name not in referenced:
            stale.unlink()
    return new_manifest


@dataclass(frozen=True)
class Validation:
    name: str
    path: Path | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(name: str, entry: dict, directory: Path | None = None) -> Validation:
    """Check one extract: file present and unchanged, columns and types, allowed values, dates."""
    directory = directory or data_dir()
    contract: Contract | None = CONTRACTS.get(name)
    if contract is None:
        return Validation(name, None, (f"no contract is defined for extract '{name}'",))
    file_name = str(entry.get("file", ""))
    if not _FILE_NAME.match(file_name):
        return Validation(name, None, (f"manifest names an invalid file '{file_name}'",))
    path = directory / file_name
    if not path.exists():
        return Validation(name, None, (f"file {file_name} is missing",))
    if _sha256(path) != entry.get("sha256"):
        return Validation(name, None, (f"{file_name} does not match the sha256 in the manifest",))
    con = duckdb.connect()
    try:
        described = con.execute("describe select * from read_parquet($path)", {"path": str(path)}).fetchall()
    except duckdb.Error as exc:
        return Validation(name, None, (f"{file_name} cannot be read as Parquet: {exc}",))
    actual = {row[0]: row[1] for row in described}
    problems = []
    for column in contract.columns:
        if column.name not in actual:
            problems.append(f"missing column '{column.name}'")
        elif actual[column.name] != column.type:
            problems.append(f"column '{column.name}' is {actual[column.name]}, expected {column.type}")
    if problems:
        return Validation(name, None, tuple(problems))
    checks = [(col, list(load_force().lpas), "LPA code") for col in contract.lpa_columns]
    checks += [(col, list(values), "value") for col, values in contract.allowed.items()]
    for column, values, what in checks:
        bad = con.execute(
            # Column names come from CONTRACTS (code); the values are bound.
            f'select distinct "{column}" from read_parquet($path) '  # noqa: S608
            f'where "{column}" is null or "{column}" not in (select unnest($values)) limit 3',
            {"path": str(path), "values": values},
        ).fetchall()
        if bad:
            problems.append(f"column '{column}' has unknown {what}(s): {', '.join(repr(b[0]) for b in bad)}")
    through = entry.get("data_through")
    for column in contract.date_columns:
        late = con.execute(
            f'select count(*) from read_parquet($path) where "{column}" > $through',  # noqa: S608
            {"path": str(path), "through": through},
        ).fetchone()[0]
        if through and late:
            problems.append(f"{late} row(s) have '{column}' after data_through {through}")
    return Validation(name, path if not problems else None, tuple(problems))
