"""Where the common views are kept: one file per area and view (and one for the placebos) in a set
folder per data version and code, `<cache folder>/views-<data folder key>/<set key>/`. `precomputed`
builds a whole set; `area_data.load` reads a view from it, or keeps one it worked out.

The set key is a hash of what the results rest on: the manifest (every extract's sha256 and dates),
which extracts pass validation, `force.toml`, the code (every `briefing/` module and SQL file) and
FORMAT; every file also names its set key and view inside, and is read only if they match, so a set
from other data or other code is never read. Each file is written to a temporary name and renamed.

The files are internal (written by this app into its own cache folder, never shipped or taken from
elsewhere), which is what makes pickle acceptable here.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path

from briefing.config import QUERIES_DIR, REPO_DIR, cache_dir, data_dir
from briefing.store import db
from briefing.view import View

# Bump when what is kept changes shape (AreaData's fields, the payload below).
FORMAT = 1
COMPLETE = "complete"


@cache
def code_fingerprint() -> str:
    """Every module of the app and every SQL file, with FORMAT and the library versions pickles rest on:
    a set kept by other code is never read."""
    import numpy
    import pandas

    digest = hashlib.sha256(repr((FORMAT, sys.version_info[:2], pandas.__version__, numpy.__version__)).encode())
    for path in sorted([*(REPO_DIR / "briefing").rglob("*.py"), *QUERIES_DIR.rglob("*.sql")]):
        digest.update(str(path.relative_to(REPO_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=4)
def set_key(version: str) -> str | None:
    """The key of the set of views for the data `version` (db.version()); None if the manifest is unusable."""
    manifest = db.manifest()
    if manifest.get("problem") or not manifest.get("extracts"):
        return None
    passed = sorted(name for name, check in db.validations().items() if check.ok)
    try:
        force_toml = (data_dir() / "force.toml").read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(json.dumps(manifest, sort_keys=True, default=str).encode())
    digest.update(repr(passed).encode())
    digest.update(force_toml)
    return digest.hexdigest()[:20]


def root() -> Path:
    """The folder of this data folder's sets."""
    return cache_dir() / f"views-{db.data_key()}"


def identity(view: View) -> tuple:
    """What makes a compared view itself (View's compared fields), as plain values."""
    return (tuple(view.lpas), view.preset, view.was.start, view.was.end, view.is_.start, view.is_.end, view.trend,
            view.earliest, view.latest)


def file_name(what: tuple) -> str:
    return f"{what[0]}-{hashlib.sha256(repr(what).encode()).hexdigest()[:20]}.pkl"


def area_what(area_key: str, view: View) -> tuple:
    return (area_key, identity(view))


PLACEBOS = ("placebos",)


def read(what: tuple, version: str):
    """The kept result for `what` under the data `version`, or None (never kept, or kept for other data
    or code, or unreadable)."""
    key = set_key(version)
    if key is None:
        return None
    try:
        with open(root() / key / file_name(what), "rb") as fh:
            kept = pickle.load(fh)  # noqa: S301 (the app's own cache folder, written by this module)
    except Exception:  # noqa: BLE001 (missing, damaged or from other code: worked out again)
        return None
    if not isinstance(kept, dict) or (kept.get("format"), kept.get("key"), kept.get("what")) != (FORMAT, key, what):
        return None
    return kept["data"]


def payload(what: tuple, key: str, data) -> bytes:
    return pickle.dumps({"format": FORMAT, "key": key, "what": what, "data": data}, protocol=pickle.HIGHEST_PROTOCOL)


def write(what: tuple, version: str, data) -> None:
    """Keep one result in the set for the data `version` (temp file + rename); a file that cannot be
    written only means it is worked out again next time."""
    key = set_key(version)
    if key is None:
        return
    folder = root() / key
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".", suffix=".tmp", delete=False) as fh:
            fh.write(payload(what, key, data))
        os.replace(fh.name, folder / file_name(what))
    except OSError:
        with suppress(OSError, NameError):
            Path(fh.name).unlink(missing_ok=True)


def is_built(version: str) -> bool:
    key = set_key(version)
    return key is not None and (root() / key / COMPLETE).exists()
