"""Results worked out from the data, kept on disk per data version and code: the common views (one file
per area and view, the placebos, the charts and force-level parts a page opens on) in a set folder
`<cache folder>/views-<data folder key>/<set key>/`. `briefing.app.precomputed` builds a whole set at
refresh; the modules that work a result out read it from here with `kept`, or keep one they worked out.

The set key is a hash of what the results rest on: the manifest (every extract's sha256 and dates),
which extracts pass validation, `force.toml`, the code (every `briefing/` module and SQL file) and
FORMAT; every file also names its set key and what it holds, and is read only if they match, so a set
from other data or other code is never read. Each file is written to a temporary name and renamed.

The files are internal (written by this app into its own cache folder, never shipped or taken from
elsewhere), which is what makes pickle acceptable here.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

from briefing.config import QUERIES_DIR, REPO_DIR, cache_dir, data_dir
from briefing.store import db
from briefing.view import View

T = TypeVar("T")

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
    return (
        tuple(view.lpas),
        view.preset,
        view.was.start,
        view.was.end,
        view.is_.start,
        view.is_.end,
        view.trend,
        view.earliest,
        view.latest,
    )


def file_name(what: tuple) -> str:
    return f"{what[0]}-{hashlib.sha256(repr(what).encode()).hexdigest()[:20]}.pkl"


def area_what(area_key: str, view: View) -> tuple:
    return (area_key, identity(view))


PLACEBOS = ("placebos",)


def trend_what(area_key: str, measure_key: str, view: View, demo: bool) -> tuple:
    """What names one trend chart of an area (`briefing.app.area_page`): the measure, over the view's trend window."""
    return ("trend", area_key, measure_key, demo, identity(view))


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


def kept(what: tuple, version: str, work: Callable[[], T], keep: Callable[[T], bool] = lambda _: True) -> T:
    """The kept result for `what` if there is one; otherwise `work()`, kept in the set when `keep` says so
    (a view never worked out: worked out once, then read)."""
    data = read(what, version)
    if data is None:
        data = work()
        if keep(data):
            write(what, version, data)
    return data


def is_built(version: str) -> bool:
    key = set_key(version)
    return key is not None and (root() / key / COMPLETE).exists()


def automatic() -> bool:
    """Whether refreshes and a server's first page work out the common views by themselves:
    `BRIEFING_VIEWS_AUTO=0` turns both off (the tests do, but for the tests of this)."""
    return os.environ.get("BRIEFING_VIEWS_AUTO", "1") != "0"


_started = threading.Lock()
_spawned: list[subprocess.Popen] = []


def build_in_background() -> None:
    """On a server's first page, if the data's common views were never worked out (a fresh clone, or
    data put in place without a refresh command): start `python -m briefing.app.precomputed` once, as a separate
    low-priority process, so the page does not wait for it and later filter changes read its files."""
    if not _started.acquire(blocking=False) or not automatic():
        return
    with suppress(Exception):
        if is_built(db.version()):
            return
        _spawned.append(
            subprocess.Popen(  # noqa: S603 (this interpreter, this module, no user input)
                [sys.executable, "-m", "briefing.app.precomputed", "--quiet", "--no-wait"],
                cwd=REPO_DIR,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=lambda: os.nice(15),
                start_new_session=True,
            )
        )  # noqa: PLW1509
