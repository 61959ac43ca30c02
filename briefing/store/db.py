"""The one module that talks to DuckDB, and the privacy boundary.

One connection per manifest version, with a view per valid extract; a cursor per query; SQL read
from `queries/<page>/<name>.sql` (`briefing.store.queries`). Parameters are bound, never formatted
into the SQL. Two ways to run a query, named for what they give:
- `protected(name, view)`: what a person may see, its small numbers protected for the view. Every
  page, chart, table, download and the briefing pack read data through it.
- `exact(name, **params)`: the exact figures, for this module's own work (`protected` runs it, then
  protects what it gives) and for tests. Nothing outside the data layer calls it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from briefing import protect
from briefing.config import QUERIES_DIR, cache_dir, data_dir, duckdb_settings
from briefing.store import queries
from briefing.store.contracts import CONTRACTS
from briefing.store.extracts import DataWriteError, read_manifest
from briefing.store.validation import Validation, validate
from briefing.view import View


class ExtractUnavailable(Exception):
    """An extract a query needs failed validation; the message says why."""

    def __init__(self, problems: dict[str, tuple[str, ...]]):
        self.problems = problems
        text = "; ".join(f"{name}: {', '.join(p)}" for name, p in problems.items())
        super().__init__(f"Data unavailable. {text}")


_lock = threading.Lock()
_state: dict = {"stamp": None, "manifest": None}


def manifest() -> dict:
    """The manifest, re-read when the file changes, so new data is picked up without a restart.

    A manifest that cannot be used gives no extracts and a `problem` saying why, so every page still
    opens and says what is wrong where the data would be.
    """
    path = data_dir() / "manifest.json"
    stamp = _stamp(path)
    with _lock:
        if _state["stamp"] != stamp or _state["manifest"] is None:
            _state["manifest"] = _usable_manifest()
            _state["stamp"] = stamp
        return _state["manifest"]


def _usable_manifest() -> dict:
    try:
        return read_manifest()
    except DataWriteError as exc:
        cause = exc.__cause__
        reason = str(cause).splitlines()[0][:120] if str(cause) else ""
        return {
            "version": "unreadable",
            "extracts": {},
            "problem": f"cannot be read ({type(cause).__name__}: {reason})",
        }


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def version() -> str:
    """The data as it is now: the manifest's version and each file's size and modification time.

    A file whose bytes change under the running server gives a new key, so it is validated again
    (sha256 against the manifest) and results cached from the old bytes are not served; putting
    the file right gives a key that validates again, without a restart.
    """
    current, folder = manifest(), data_dir()
    stamps = [_stamp(folder / str(e.get("file", ""))) for e in current["extracts"].values()]
    return f"{folder}:{current.get('version')}:{hash(tuple(stamps)):x}"


@lru_cache(maxsize=2)
def _validations(version_key: str) -> dict[str, Validation]:
    entries = manifest()["extracts"]
    passed = _remembered()
    fingerprints = {name: _fingerprint(name, entry) for name, entry in entries.items()}
    # An extract that passed before, with the same manifest entry, contract, size and modification
    # time, passes again without reading it: a server's first page does not pay for the checks.
    known = {
        name: Validation(name, data_dir() / str(entries[name]["file"]), ())
        for name, print_ in fingerprints.items()
        if passed.get(name) == print_
    }
    unknown = [name for name in entries if name not in known]
    # DuckDB releases the GIL: the content checks of several extracts run at once.
    with ThreadPoolExecutor() as pool:
        checked = dict(zip(unknown, pool.map(validate, unknown, [entries[n] for n in unknown])))
    if checked:
        _remember({name: fingerprints[name] for name, result in (known | checked).items() if result.ok})
    return {name: known.get(name) or checked[name] for name in entries}


def _fingerprint(name: str, entry) -> str:
    stamp = _stamp(data_dir() / str(entry.get("file", ""))) if isinstance(entry, dict) else None
    return hashlib.sha256(repr((entry, stamp, CONTRACTS.get(name))).encode()).hexdigest()


def data_key() -> str:
    """The data folder, as a short key for the cache folder's file names."""
    return hashlib.sha256(str(data_dir().resolve()).encode()).hexdigest()[:16]


def _remembered_path() -> Path:
    return cache_dir() / f"validated-{data_key()}.json"


def _remembered() -> dict[str, str]:
    try:
        return json.loads(_remembered_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remember(passed: dict[str, str]) -> None:
    """Write the fingerprints of the extracts that passed, atomically; a cache that cannot be written
    only means the checks run again next time."""
    path = _remembered_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
            json.dump(passed, handle)
        os.replace(handle.name, path)
    except OSError:
        pass


def validations() -> dict[str, Validation]:
    """Validation result of every extract in the manifest (cached per version of the data)."""
    return _validations(version())


@cache
def derived_tables() -> tuple[str, ...]:
    """Tables built once per manifest version from `queries/derived/<name>.sql` (no parameters):
    compact aggregates of the extracts, so the page queries stay short and fast."""
    return tuple(sorted(p.stem for p in (QUERIES_DIR / "derived").glob("*.sql")))


def _sources(names: tuple[str, ...]) -> tuple[str, ...]:
    """The extracts behind `names`, derived tables followed to the extracts they read."""
    found: list[str] = []
    for name in names:
        found += _sources(queries.load(f"derived/{name}").extracts) if name in derived_tables() else [name]
    return tuple(dict.fromkeys(found))


def _problems(names: tuple[str, ...], checks: dict[str, Validation]) -> dict[str, tuple[str, ...]]:
    """Why each extract behind `names` is unusable."""
    if manifest().get("problem"):
        return {"manifest.json": (manifest()["problem"],)}
    return {
        name: checks[name].problems if name in checks else ("not in the manifest",)
        for name in _sources(names)
        if name not in checks or not checks[name].ok
    }


@lru_cache(maxsize=2)
def _connection(version_key: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config=duckdb_settings())
    checks = _validations(version_key)
    for name, result in checks.items():
        if result.ok:
            assert result.path is not None  # a passed validation always names its file
            # A view cannot take a bound parameter; the name is a contract's and the path comes
            # from the validated manifest, never from user input.
            con.execute(f"create view {name} as select * from read_parquet({_sql_path(result.path)})")  # noqa: S608
    pending = [queries.load(f"derived/{name}") for name in derived_tables()]
    while pending:  # a derived table may read another: build each once what it reads exists
        ready = [q for q in pending if not set(q.extracts) & {p.name.split("/")[1] for p in pending}]
        if not ready:
            raise ValueError(f"derived tables read each other in a cycle: {[q.name for q in pending]}")
        for query in ready:
            if not _problems(query.extracts, checks):
                _create_derived(con, query, version_key)
            pending.remove(query)
    _create_macros(con)
    return con


def _create_derived(con: duckdb.DuckDBPyConnection, query: queries.Query, version_key: str) -> None:
    """A derived table, built once per version of the data and kept in the cache folder as Parquet,
    so a restarted server reads it instead of building it again."""
    name = query.name.split("/")[1]
    prefix = f"derived-{data_key()}-{name}-"
    kept = cache_dir() / f"{prefix}{hashlib.sha256((version_key + query.sql).encode()).hexdigest()[:16]}.parquet"
    if not kept.exists():
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_suffix(".tmp")
            # The cache folder's own path, never user input (COPY and a view cannot bind it).
            con.execute(f"copy ({query.sql}) to {_sql_path(partial)} (format parquet)")
            os.replace(partial, kept)
            for old in kept.parent.glob(f"{prefix}*.parquet"):
                if old != kept:
                    old.unlink(missing_ok=True)
        except (OSError, duckdb.Error):
            # Not kept (a read-only cache folder, say): held in memory, built again next time.
            con.execute(f"create table {name} as {query.sql}")
            return
    # A view on the kept file, not a copy in memory: at national volume the copy alone is hundreds of MB.
    con.execute(f"create view {name} as select * from read_parquet({_sql_path(kept)})")  # noqa: S608


def _sql_path(path: Path) -> str:
    """A file path as an SQL string literal, for the statements that cannot bind one."""
    return "'" + str(path).replace("'", "''") + "'"


def _create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The macros of `queries/macros.sql`, one statement each; a macro reading an unavailable table is
    left out (the queries that would use it report that table's extract unavailable)."""
    text = queries.COMMENT_OR_STRING.sub(
        lambda m: m.group(0) if m.group(0).startswith("'") else "",
        (QUERIES_DIR / "macros.sql").read_text(encoding="utf-8"),
    )
    for statement in (s.strip() for s in text.split(";")):
        if statement:
            try:
                con.execute(statement)
            except duckdb.CatalogException:
                pass


def _bindable(value):
    if isinstance(value, (list, tuple)):
        return list(value)
    return value


@lru_cache(maxsize=512)
def _run_cached(version_key: str, name: str, bound: tuple) -> pd.DataFrame:
    query = queries.load(name)
    cursor = _connection(version_key).cursor()
    try:
        return cursor.execute(query.sql, {k: _bindable(v) for k, v in bound}).df()
    finally:
        cursor.close()


def exact(name: str, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` with the parameters it declares (others in `params` are ignored): exact
    figures, for the data layer and tests; what reaches a person goes through `protected`.

    Raises ExtractUnavailable if an extract it reads failed validation, and ValueError if a
    declared parameter is missing.
    """
    query = queries.load(name)
    missing = [p for p in query.params if p not in params]
    if missing:
        raise ValueError(f"query {name} needs parameter(s) {missing}")
    problems = _problems(query.extracts, validations())
    if problems:
        raise ExtractUnavailable(problems)
    bound = tuple((p, tuple(params[p]) if isinstance(params[p], list) else params[p]) for p in query.params)
    try:
        return _run_cached(version(), name, bound).copy()
    except (duckdb.IOException, duckdb.InvalidInputException) as exc:
        # A file changed or vanished after it was validated; the next run validates it again, on a
        # new connection (a kept derived table that vanished is built again). DuckDB names the file
        # it could not read; the message names its extract, never the path.
        _connection.cache_clear()
        sources = _sources(query.extracts)
        named = [source for source in sources if entry(source).get("file", "?") in str(exc)] or sources
        raise ExtractUnavailable(
            {
                source: ("could not be read just now: it may have been changed while the app was running",)
                for source in named
            }
        ) from exc


def protected(name: str, view: View, **extra) -> pd.DataFrame:
    """The frame a person may see: `queries/<name>.sql` run with the view's parameters (and `extra`),
    its sensitive columns protected for the view (`protect.protect`; a window's figures for an LPA
    from its protected months, `protect.from_months`). Every page, chart, table,
    download and the briefing pack read data through here; `exact` is for the data layer and tests."""
    params = view.params | extra
    frame, declared = exact(name, **params), queries.load(name)
    shown = protect.protect(frame, declared.protection, threshold=view.force.suppression_threshold, level=view.level)
    if declared.months and shown.attrs.get("level") == protect.LPA:
        # One LPA's windows: built from its protected months, never the exact window total rounded afresh.
        shown = protect.from_months(shown, frame, exact(declared.months, **params), declared.protection)
    return shown


def entry(name: str) -> dict:
    """The manifest entry of one extract ({} if absent)."""
    return manifest()["extracts"].get(name, {})


def is_demo(*names: str) -> bool:
    """Whether any of these extracts holds demonstration data (the manifest says so, from the writer)."""
    return any(entry(name).get("demo", False) for name in names)


def _valid_dates(key: str, names=None) -> list[date]:
    return list(_valid_entries(key, names).values())


def _valid_entries(key: str, names=None) -> dict[str, date]:
    # Only extracts that passed validation, whose manifest dates are known to be dates, and that set the
    # app's months (not real public data on its own calendar), set windows; or the extracts named.
    checks = validations()
    return {
        name: date.fromisoformat(e[key])
        for name, e in manifest()["extracts"].items()
        if e.get(key)
        and checks[name].ok
        and (name in names if names else name not in CONTRACTS or CONTRACTS[name].sets_app_months)
    }


def latest_month(names: tuple[str, ...] = ()) -> date:
    """First day of the latest month with data, over the valid time-series extracts that set the app's
    months, or over the extracts `names` (real data on its own calendar); never today's date."""
    throughs = _valid_dates("data_through", names)
    latest = max(throughs) if throughs else date.today()
    return latest.replace(day=1)


def latest_month_is_demo(names: tuple[str, ...] = ()) -> bool:
    """Whether every extract whose data reach `latest_month(names)` is demonstration data: its last month
    is where it was generated, so "out of date" would blame the force's data for it."""
    throughs = _valid_entries("data_through", names)
    latest = latest_month(names)
    reaching = [name for name, through in throughs.items() if through.replace(day=1) == latest]
    return bool(reaching) and all(is_demo(name) for name in reaching)


def earliest_month() -> date:
    starts = _valid_dates("period_from")
    return (min(starts) if starts else latest_month()).replace(day=1)
