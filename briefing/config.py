"""Force configuration (`data/force.toml`) and paths. Everything force-specific is read here."""

from __future__ import annotations

import argparse
import json
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

REPO_DIR = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO_DIR / "queries"
# The label every page, chart, download and slide carries where it shows demonstration data.
DEMO_TEXT = "Demonstration data: not force records"


def data_dir() -> Path:
    """The folder holding the extracts. `BRIEFING_DATA_DIR` points tests and benchmarks elsewhere."""
    return Path(os.environ.get("BRIEFING_DATA_DIR", REPO_DIR / "data"))


def duckdb_settings() -> dict[str, str | bool | int | float | list[str]]:  # the type duckdb.connect takes
    """The server's DuckDB settings: a memory bound, so building tables from national-volume extracts
    keeps the server's memory bounded; work beyond it spills to the cache folder (made here), or, if
    that cannot be made, DuckDB works within the bound or fails with its own message."""
    spill = cache_dir() / "duckdb-spill"
    try:
        spill.mkdir(parents=True, exist_ok=True)
    except OSError:
        return {"memory_limit": "100MB"}
    return {"memory_limit": "100MB", "temp_directory": str(spill)}


def cache_dir() -> Path:
    """Where the app remembers work between runs (validated extracts); never the data folder, which
    only refresh commands write. `BRIEFING_CACHE_DIR` points elsewhere."""
    return Path(os.environ.get("BRIEFING_CACHE_DIR", REPO_DIR / ".cache"))


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    kind: str
    months: int | None = None


@dataclass(frozen=True)
class Protection:
    """Public protection settings (`[public_protection]` in force.toml)."""

    # OCSET: days from referral to disclosure to children's services that count as on time.
    disclosure_target_days: int = 7
    # OCSET: disclosure share is shown before and after this date (HMICFRS deadline).
    disclosure_deadline: date = date(2023, 7, 31)
    # OCSET: days from referral to enforcement by risk grade (HMICFRS 2023 national inspection).
    enforcement_guide_days: tuple[tuple[str, int], ...] = (
        ("very high", 1),
        ("high", 7),
        ("medium", 14),
        ("low", 30),
    )


@dataclass(frozen=True)
class Peers:
    """Forces the force is compared with on real public data (`[peers]` in force.toml)."""

    forces: tuple[str, ...] = ()  # Home Office force names
    label: str = ""  # what the group is and who chose it, shown wherever it is used


@dataclass(frozen=True)
class Force:
    name: str
    short_name: str
    police_uk_slug: str
    model_change: date
    suppression_threshold: int
    lpas: dict[str, str]  # code -> name, in the file's order
    presets: tuple[Preset, ...]
    protection: Protection = Protection()
    pfa_code: str = ""  # ONS police force area code, to find the force in national tables
    lsoa_lpa_table: str = ""  # CSV in the data folder (lsoa_code, lpa) for LPAs that are not districts
    peers: Peers = field(default_factory=lambda: Peers())
    # Government Security Classification shown on every slide of the briefing pack.
    protective_marking: str = "OFFICIAL"

    def lpa_name(self, code: str) -> str:
        return self.lpas.get(code, code)

    @property
    def lpa_count_words(self) -> str:
        """How many LPAs the force has, in words ("seven"), for sentences such as "all N LPAs"."""
        words = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
        return words[len(self.lpas) - 1] if len(self.lpas) <= len(words) else str(len(self.lpas))

    @property
    def model_change_text(self) -> str:
        """The operating-model change date as written in sentences: day, month name, year."""
        return f"{self.model_change.day} {self.model_change:%B %Y}"


def load_force() -> Force:
    """The force configuration in the current data folder."""
    return _load_force(data_dir() / "force.toml")


@cache
def _load_force(path: Path) -> Force:
    """Read `force.toml`. Raises ValueError naming the problem if the file is incomplete."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    try:
        force = raw["force"]
        pfa_code = force.get("pfa_code", "")
        lpas = {lpa["code"]: lpa["name"] for lpa in raw.get("lpas", [])} or district_lpas(path.parent, pfa_code)
        presets = tuple(Preset(**p) for p in raw["presets"])
        model_change = date.fromisoformat(force["model_change"])
        result = Force(
            name=force["name"],
            short_name=force["short_name"],
            police_uk_slug=force["police_uk_slug"],
            model_change=model_change,
            suppression_threshold=int(force.get("suppression_threshold", 5)),
            lpas=lpas,
            presets=presets,
            protection=_protection(raw.get("public_protection", {})),
            pfa_code=pfa_code,
            lsoa_lpa_table=force.get("lsoa_lpa_table", ""),
            peers=Peers(tuple(raw.get("peers", {}).get("forces", ())), raw.get("peers", {}).get("label", "")),
            protective_marking=str(force.get("protective_marking", "OFFICIAL")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: incomplete or malformed force configuration ({exc!r})") from exc
    if not lpas or not presets:
        raise ValueError(
            f"{path}: needs [[lpas]] entries (or a pfa_code whose districts become the LPAs) "
            "and at least one [[presets]] entry"
        )
    return result


def district_lpas(directory: Path, pfa_code: str) -> dict[str, str]:
    """A force's local authority districts (code -> name) from the shipped national LSOA lookup:
    the default LPAs of a force whose force.toml lists none."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    manifest = directory / "manifest.json"
    if not pfa_code or not manifest.exists():
        return {}
    entry = json.loads(manifest.read_text(encoding="utf-8"))["extracts"].get("lsoa_district")
    if entry is None:
        return {}
    table = pq.read_table(directory / entry["file"], columns=["lad_code", "lad_name", "pfa_code"])
    table = table.filter(pc.equal(table["pfa_code"], pfa_code))
    return dict(sorted(set(zip(table["lad_code"].to_pylist(), table["lad_name"].to_pylist())), key=lambda x: x[1]))


def _protection(raw: dict) -> Protection:
    default = Protection()
    guide = raw.get("enforcement_guide_days", dict(default.enforcement_guide_days))
    known = {grade for grade, _ in default.enforcement_guide_days}
    if set(guide) != known:
        raise ValueError(f"[public_protection.enforcement_guide_days] needs exactly the risk grades {sorted(known)}")
    return Protection(
        disclosure_target_days=int(raw.get("disclosure_target_days", default.disclosure_target_days)),
        disclosure_deadline=date.fromisoformat(raw.get("disclosure_deadline", default.disclosure_deadline.isoformat())),
        enforcement_guide_days=tuple((grade, int(days)) for grade, days in guide.items()),
    )


def load_events() -> pd.DataFrame:
    """Dated, cited events drawn on every trend chart."""
    return _load_events(data_dir() / "events.csv").copy()


@cache
def _load_events(path: Path) -> pd.DataFrame:
    events = pd.read_csv(path, parse_dates=["date"])
    return events.sort_values("date").reset_index(drop=True)


def command_parser(module: str, doc: str | None) -> argparse.ArgumentParser:
    """The argument parser of the command `python -m <module>`, described by its module docstring (the
    README's command reference is made from these: tools/readme.py)."""
    return argparse.ArgumentParser(
        prog=f"python -m {module}", description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
