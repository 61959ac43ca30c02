"""Force configuration (`data/force.toml`) and paths. Everything force-specific is read here."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

REPO_DIR = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO_DIR / "queries"


def data_dir() -> Path:
    """The folder holding the extracts. `BRIEFING_DATA_DIR` points tests and benchmarks elsewhere."""
    return Path(os.environ.get("BRIEFING_DATA_DIR", REPO_DIR / "data"))


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    kind: str
    months: int | None = None


@dataclass(frozen=True)
class Force:
    name: str
    short_name: str
    police_uk_slug: str
    model_change: date
    suppression_threshold: int
    lpas: dict[str, str]  # code -> name, in the file's order
    presets: tuple[Preset, ...]

    def lpa_name(self, code: str) -> str:
        return self.lpas.get(code, code)


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
        lpas = {lpa["code"]: lpa["name"] for lpa in raw["lpas"]}
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
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: incomplete or malformed force configuration ({exc!r})") from exc
    if not lpas or not presets:
        raise ValueError(f"{path}: needs at least one [[lpas]] and one [[presets]] entry")
    return result


def load_events() -> pd.DataFrame:
    """Dated, cited events drawn on every trend chart."""
    return _load_events(data_dir() / "events.csv").copy()


@cache
def _load_events(path: Path) -> pd.DataFrame:
    events = pd.read_csv(path, parse_dates=["date"])
    return events.sort_values("date").reset_index(drop=True)
