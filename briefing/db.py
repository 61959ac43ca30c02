"""The one module that talks to DuckDB.

One connection per manifest version, with a view per valid extract; a cursor per query; SQL read
from `queries/<page>/<name>.sql`, whose header declares its parameters, the extracts it reads and
the columns it returns. Parameters are bound, never formatted into the SQL.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from briefing import suppression
from briefing.config import QUERIES_DIR, data_dir
from briefing.extracts import Validation, read_manifest, validate

_QUERY_NAME = re.compile(r"^[a-z_]+/[a-z0-9_]+$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


class ExtractUnavailable(Exception):
    """An extract a query needs failed validation; the message says why."""

    def __init__(self, problems: dict[str, tuple[str, ...]]):
        self.problems = problems
        text = "; ".join(f"{name}: {', '.join(p)}" for name, p in problems.items())
        super().__init__(f"Data unavailable ({text})")


@dataclass(frozen=True)
class Query:
    name: str
    purpose: str
    params: tuple[str, ...]
    extracts: tuple[str, ...]
    returns: tuple[tuple[str, str], ...]
    sql: str
    protection: dict[str, suppression.Rule]  # column -> how it is protected at LPA level (from `returns:`)


def _header_value(lines: list[str], key: str) -> str:
    for line in lines:
        if line.startswith(f"-- {key}:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"header has no '-- {key}:' line")


@cache
def load_query(name: str) -> Query:
    """Read and check one SQL file. Raises ValueError if its header and body disagree."""
    if not _QUERY_NAME.match(name):
        raise ValueError(f"not a query name: {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    sql = path.read_text(encoding="utf-8")
    header = [line for line in sql.splitlines() if line.startswith("--")]
    try:
        purpose = header[0].removeprefix("--").strip()
        declared = tuple(_PARAM.findall(_header_value(header, "params")))
        extracts = tuple(x.strip() for x in _header_value(header, "extracts").split(",") if x.strip())
        columns = [part.strip().split(None, 2) for part in _header_value(header, "returns").split(",")]
        returns = tuple((column, kind) for column, kind, *_ in columns)
        protection = {}
        for column, _, *rest in columns:
            rule = suppression.parse_rule(rest[0] if rest else "")
            if rule:
                protection[column] = rule
        for column, rule in protection.items():
            missing = [c for c in rule.on if protection.get(c, rule).kind != "sensitive" or c not in protection]
            if missing:
                raise ValueError(f"column {column} rests on {missing}, which are not sensitive columns of this query")
        # Where some counts are sensitive, every count must say whether it is: a new one cannot slip out.
        unsaid = [column for column, kind, *rest in columns
                  if protection and kind in ("BIGINT", "INTEGER") and column not in protection and not rest]
        if unsaid:
            raise ValueError(f"counts {unsaid} sit beside sensitive ones: mark each 'sensitive' or 'public'")
    except (IndexError, ValueError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    used = set(_PARAM.findall(_COMMENT_OR_STRING.sub("", sql)))
    if used != set(declared):
        raise ValueError(f"{path}: header declares {sorted(declared)} but the SQL uses {sorted(used)}")
    return Query(name, purpose, declared, extracts, returns, sql, protection)


_lock = threading.Lock()
_state: dict = {"mtime": None, "manifest": None}


def manifest() -> dict:
    """The manifest, re-read when the file changes, so new data is picked up without a restart."""
    path = data_dir() / "manifest.json"
    mtime = path.stat().st_mtime_ns if path.exists() else None
    with _lock:
        if _state["mtime"] != mtime or _state["manifest"] is None:
            _state["manifest"] = read_manifest()
            _state["mtime"] = mtime
        return _state["manifest"]


def version() -> str:
    return f"{data_dir()}:{manifest()['version']}"


@lru_cache(maxsize=2)
def _validations(version_key: str) -> dict[str, Validation]:
    entries = manifest()["extracts"]
    return {name: validate(name, entry) for name, entry in entries.items()}


def validations() -> dict[str, Validation]:
    """Validation result of every extract in the manifest (cached per manifest version)."""
    return _validations(version())


@cache
def derived_tables() -> tuple[str, ...]:
    """Tables built once per manifest version from `queries/derived/<name>.sql` (no parameters):
    compact aggregates of the extracts, so the page queries stay short and fast."""
    return tuple(sorted(p.stem for p in (QUERIES_DIR / "derived").glob("*.sql")))


def _problems(names: tuple[str, ...], checks: dict[str, Validation]) -> dict[str, tuple[str, ...]]:
    """Why each extract behind `names` (derived tables followed to their extracts) is unusable."""
    problems: dict[str, tuple[str, ...]] = {}
    for name in names:
        if name in derived_tables():
            problems |= _problems(load_query(f"derived/{name}").extracts, checks)
        elif name not in checks:
            problems[name] = ("not in the manifest",)
        elif not checks[name].ok:
            problems[name] = checks[name].problems
    return problems


@lru_cache(maxsize=2)
def _connection(version_key: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    checks = _validations(version_key)
    for name, result in checks.items():
        if result.ok:
            literal = str(result.path).replace("'", "''")
            # A view cannot take a bound parameter; the name is a contract's and the path comes
            # from the validated manifest, never from user input.
            con.execute(f"create view {name} as select * from read_parquet('{literal}')")  # noqa: S608
    pending = [load_query(f"derived/{name}") for name in derived_tables()]
    while pending:  # a derived table may read another: build each once what it reads exists
        ready = [q for q in pending if not set(q.extracts) & {p.name.split("/")[1] for p in pending}]
        if not ready:
            raise ValueError(f"derived tables read each other in a cycle: {[q.name for q in pending]}")
        for query in ready:
            if not _problems(query.extracts, checks):
                con.execute(f"create table {query.name.split('/')[1]} as {query.sql}")
            pending.remove(query)
    _create_macros(con)
    return con


def _create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The macros of `queries/macros.sql`, one statement each; a macro reading an unavailable table is
    left out (the queries that would use it report that table's extract unavailable)."""
    text = _COMMENT_OR_STRING.sub(lambda m: m.group(0) if m.group(0).startswith("'") else "",
                                  (QUERIES_DIR / "macros.sql").read_text(encoding="utf-8"))
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
    query = load_query(name)
    cursor = _connection(version_key).cursor()
    try:
        return cursor.execute(query.sql, {k: _bindable(v) for k, v in bound}).df()
    finally:
        cursor.close()


def run(name: str, **params) -> pd.DataFrame:
    """Run `queries/<name>.sql` with the parameters it declares (others in `params` are ignored): exact
    figures, for the data layer and tests; what reaches a person goes through `query`.

    Raises ExtractUnavailable if an extract it reads failed validation, and ValueError if a
    declared parameter is missing.
    """
    query = load_query(name)
    missing = [p for p in query.params if p not in params]
    if missing:
        raise ValueError(f"query {name} needs parameter(s) {missing}")
    problems = _problems(query.extracts, validations())
    if problems:
        raise ExtractUnavailable(problems)
    bound = tuple((p, tuple(params[p]) if isinstance(params[p], list) else params[p]) for p in query.params)
    return _run_cached(version(), name, bound).copy()


def query(name: str, view, **extra) -> pd.DataFrame:
    """The frame a person may see: `queries/<name>.sql` run with the view's parameters (and `extra`),
    its sensitive columns protected for the view (`suppression.protect`). Every page, chart, table,
    download and the briefing pack read data through here; `run` is for the data layer and tests."""
    frame = run(name, **(view.params | extra))
    return suppression.protect(frame, load_query(name).protection, threshold=view.force.suppression_threshold,
                               level=view.level)


def entry(name: str) -> dict:
    """The manifest entry of one extract ({} if absent)."""
    return manifest()["extracts"].get(name, {})


def is_demo(name: str) -> bool:
    return bool(entry(name).get("demo", False))


def latest_month() -> date:
    """First day of the latest month with data, over the time-series extracts (never today's date)."""
    throughs = [
        date.fromisoformat(e["data_through"])
        for e in manifest()["extracts"].values()
        if e.get("data_through")
    ]
    latest = max(throughs) if throughs else date.today()
    return latest.replace(day=1)


def earliest_month() -> date:
    starts = [
        date.fromisoformat(e["period_from"])
        for e in manifest()["extracts"].values()
        if e.get("period_from")
    ]
    return (min(starts) if starts else latest_month()).replace(day=1)


def query_files() -> list[str]:
    """Every query name under queries/, for tests and benchmarks."""
    return sorted(str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in Path(QUERIES_DIR).glob("*/*.sql"))
