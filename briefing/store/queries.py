"""The SQL files under `queries/<page>/<name>.sql`, read and checked: each header declares its
parameters, the extracts it reads and the columns it returns, with how each is protected at LPA level
(`protect.parse_rule`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefing import protect
from briefing.config import QUERIES_DIR

_QUERY_NAME = re.compile(r"^[a-z_]+/[a-z0-9_]+$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


@dataclass(frozen=True)
class Query:
    name: str
    purpose: str
    params: tuple[str, ...]
    extracts: tuple[str, ...]
    returns: tuple[tuple[str, str], ...]
    sql: str
    protection: dict[str, protect.Rule]  # column -> how it is protected at LPA level (from `returns:`)
    months: str | None = None  # the query of its windows' months, their figures built from them (`months:`)


def _header_value(lines: list[str], key: str, default: str | None = None) -> str:
    for line in lines:
        if line.startswith(f"-- {key}:"):
            return line.split(":", 1)[1].strip()
    if default is not None:
        return default
    raise ValueError(f"header has no '-- {key}:' line")


@cache
def load(name: str) -> Query:
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
            rule = protect.parse_rule(rest[0] if rest else "")
            if rule:
                protection[column] = rule
        for column, rule in protection.items():
            missing = [
                c
                for c in rule.on
                if c not in protection
                or protection[c].kind != "sensitive"
                and not (rule.kind == "with" and protection[c].kind == protect.HIDDEN)
            ]
            if missing:
                raise ValueError(f"column {column} rests on {missing}, which are not sensitive columns of this query")
        # Where some counts are sensitive, every count must say whether it is: a new one cannot slip out.
        unsaid = [
            column
            for column, kind, *rest in columns
            if protection and kind in ("BIGINT", "INTEGER") and column not in protection and not rest
        ]
        if unsaid:
            raise ValueError(f"counts {unsaid} sit beside sensitive ones: mark each 'sensitive' or 'public'")
        # A window query may name the query of its months: at LPA level its figures are built from them.
        months = _header_value(header, "months", "") or None
        if months and not _QUERY_NAME.match(months):
            raise ValueError(f"months: {months!r} is not a query name")
    except (IndexError, ValueError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    used = set(_PARAM.findall(COMMENT_OR_STRING.sub("", sql)))
    if used != set(declared):
        raise ValueError(f"{path}: header declares {sorted(declared)} but the SQL uses {sorted(used)}")
    return Query(name, purpose, declared, extracts, returns, sql, protection, months)


def names() -> list[str]:
    """Every query name under queries/, for tests and benchmarks."""
    return sorted(str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in Path(QUERIES_DIR).glob("*/*.sql"))
