"""The common views, worked out when the data change and kept on disk, so a filter change between them
reads a file instead of running the queries and the verdict engine.

    python -m briefing.views [--quiet]

The common views are force-wide and each LPA under each comparison preset of `force.toml`. For each,
every concern area's AreaData (frames, comparisons, withheld windows, assurances), the trend chart its
page opens on (area_page.kept_trends) and Investigations' real recorded crime are worked out, and once the
placebo checks and what the force-level parts show whatever the LPA (`_force_level`). The refresh commands
(demo, public, supply, ingest, reference) do this after a successful write of extracts
(`extracts.command`); this command does it for the data as they are.

Where they live: `<cache folder>/views-<data folder key>/<set key>/`, one pickle per area and view and
one for the placebos. The set key is a hash of what the results rest on: the manifest (every extract's
sha256 and dates), which extracts pass validation, `force.toml`, the code (every `briefing/` module and
SQL file) and FORMAT; every file also names its set key and view inside, and is read only if they match,
so a set from other data or other code is never read. A set is built in a private folder and moved
into place file by file (each move atomic), with a `complete` marker last; a build killed midway leaves
only its private folder, which nothing reads, and the previous set as it was. A successful build removes
every other set and any private folder a killed build left. Views never worked out are worked out once
by `area_data.load` and written into the set the same way (one file, temp + rename).

The files are internal (written by this app into its own cache folder, never shipped or taken from
elsewhere), which is what makes pickle acceptable here.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache, lru_cache
from pathlib import Path

from briefing import db
from briefing.config import QUERIES_DIR, REPO_DIR, cache_dir, data_dir

# Bump when what is kept changes shape (AreaData's fields, the payload below).
FORMAT = 1
COMPLETE = "complete"
_LOCK = ".build.lock"


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
    return cache_dir() / f"views-{db._data_key()}"


def identity(view) -> tuple:
    """What makes a compared view itself (View's compared fields), as plain values."""
    return (tuple(view.lpas), view.preset, view.was.start, view.was.end, view.is_.start, view.is_.end, view.trend,
            view.earliest, view.latest)


def _file_name(what: tuple) -> str:
    return f"{what[0]}-{hashlib.sha256(repr(what).encode()).hexdigest()[:20]}.pkl"


def _area_what(area_key: str, view) -> tuple:
    return (area_key, identity(view))


PLACEBOS = ("placebos",)


def trend_what(area_key: str, measure_key: str, view, demo: bool) -> tuple:
    """What names one trend chart of an area (area_page): the measure, over the view's trend window."""
    return ("trend", area_key, measure_key, demo, identity(view))


def read(what: tuple, version: str):
    """The kept result for `what` under the data `version`, or None (never kept, or kept for other data
    or code, or unreadable)."""
    key = set_key(version)
    if key is None:
        return None
    try:
        with open(root() / key / _file_name(what), "rb") as fh:
            kept = pickle.load(fh)  # noqa: S301 (the app's own cache folder, written by this module)
    except Exception:  # noqa: BLE001 (missing, damaged or from other code: worked out again)
        return None
    if not isinstance(kept, dict) or (kept.get("format"), kept.get("key"), kept.get("what")) != (FORMAT, key, what):
        return None
    return kept["data"]


def _payload(what: tuple, key: str, data) -> bytes:
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
            fh.write(_payload(what, key, data))
        os.replace(fh.name, folder / _file_name(what))
    except OSError:
        with suppress(OSError, NameError):
            Path(fh.name).unlink(missing_ok=True)


def kept(what: tuple, version: str, work: Callable[[], object], keep: Callable[[object], bool] = lambda _: True):
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


def common_views() -> list:
    """Force-wide and each LPA, under each preset of force.toml, as compared views."""
    from briefing import filters
    from briefing.config import load_force

    force = load_force()
    earliest, latest = db.earliest_month(), db.latest_month()
    views = []
    for lpas in [[], *([code] for code in force.lpas)]:
        for preset in force.presets:
            views.append(filters.parse({"lpa": lpas, "cmp": [preset.key]}, force, earliest, latest).compared)
    return views


@contextmanager
def _build_lock(folder: Path, wait: bool) -> Iterator[bool]:
    """The set folder's build lock: one build at a time. Yields whether it was taken."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / _LOCK, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def build(progress: Callable[[str], None] = print, *, wait: bool = True) -> dict:
    """Work out every common view for the data as they are, unless already done; returns what it did
    ({"views": n, "files": n, "bytes": n, "seconds": s} or {"skipped": reason})."""
    from briefing import area_data, area_page, areas

    started = time.perf_counter()
    version = db.version()
    key = set_key(version)
    if key is None:
        progress("common views not worked out: the manifest cannot be used")
        return {"skipped": "manifest"}
    folder = root()
    with _build_lock(folder, wait) as taken:
        if not taken:
            return {"skipped": "another build is running"}
        final = folder / key
        if (final / COMPLETE).exists():
            _remove_others(folder, key)
            progress(f"common views already worked out for this data ({final})")
            return {"skipped": "built"}
        views = common_views()
        progress(f"working out the common views: {len(views)} views x {len(areas.AREAS)} areas and the placebo "
                 "checks ...")
        private = folder / f".{key}.building-{os.getpid()}"
        shutil.rmtree(private, ignore_errors=True)
        private.mkdir()
        size = 0

        def keep(what: tuple, data) -> None:
            nonlocal size
            payload = _payload(what, key, data)
            (private / _file_name(what)).write_bytes(payload)
            size += len(payload)

        keep(PLACEBOS, area_data.placebos(version))
        for what, data in _force_level(views):
            keep(what, data)
        for n, view in enumerate(views, 1):
            for area in areas.AREAS:
                data = area_data.compute(area.key, view, version)
                if not data.problems:  # an unavailable extract is reported afresh, never kept
                    keep(_area_what(area.key, view), area_data.kept_part(data))
                    for what, chart in area_page.kept_trends(data).items():
                        keep(what, chart)
            for what, parts in _real_crime(view):
                keep(what, parts)
            if n % len(views[0].force.presets) == 0:
                progress(f"  {view.lpa_label}: done ({n}/{len(views)} views, {time.perf_counter() - started:.1f}s)")
        if db.version() != version:  # new data written while this ran: its refresh works out its own set
            shutil.rmtree(private, ignore_errors=True)
            progress("the data changed while the common views were worked out: not kept")
            return {"skipped": "data changed"}
        files = list(private.iterdir())
        for path in files:
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        try:
            os.replace(private, final)
        except OSError:  # views kept one at a time by a server before the set was built: moved in one by one
            final.mkdir(exist_ok=True)
            for path in files:
                os.replace(path, final / path.name)
        (final / COMPLETE).write_text(f"{len(files)} files\n", encoding="utf-8")
        shutil.rmtree(private, ignore_errors=True)
        _remove_others(folder, key)
    seconds = time.perf_counter() - started
    progress(f"worked out {len(views)} common views in {seconds:.1f}s ({len(files)} files, {size / 1e6:.1f} MB "
             f"in {final})")
    return {"views": len(views), "files": len(files), "bytes": size, "seconds": seconds}


def _force_level(every: list) -> Iterator[tuple[tuple, object]]:
    """What the force-level parts show whatever LPA is chosen, worked out (never read from a set): the peers
    model's calibration, the force's claims (unless an extract is unavailable), and under each preset Crime and
    peers' first offence group and Investigations' real outcomes (default basis, every measure)."""
    from briefing import claims, peers, real_outcomes
    from briefing.contracts import FORCE_OFFENCE_GROUPS

    yield peers.CALIBRATION, peers.simulated_calibration(*peers.CALIBRATION[1:])
    force = every[0].force
    if not claims.unavailable(results := claims.evaluate(force)):
        yield claims.what(force), results
    for view in every:
        if view.force_wide:
            with suppress(db.ExtractUnavailable):  # reported afresh by the page
                yield peers.compared_what(FORCE_OFFENCE_GROUPS[0], view), peers.work_out_compared(
                    FORCE_OFFENCE_GROUPS[0], view)
            for measure_key in real_outcomes.MEASURES:
                with suppress(db.ExtractUnavailable):
                    yield (real_outcomes.compared_what(view, "closed", measure_key),
                           real_outcomes.work_out_compared(view, "closed", measure_key))


def _real_crime(view) -> Iterator[tuple[tuple, object]]:
    """Investigations' section of real recorded crime for a view, worked out (never read from a set), unless an
    extract is unavailable."""
    from briefing import real_crime

    parts = real_crime.work_out(view)
    if not any(part.problem for part in parts):
        yield real_crime.shown_what(view), parts


def _remove_others(folder: Path, key: str) -> None:
    """Every other set (older data or code) and any private folder a killed build left; the caller holds
    the build lock, so no other build is writing one."""
    for path in folder.iterdir():
        if path.is_dir() and path.name != key:
            shutil.rmtree(path, ignore_errors=True)


def automatic() -> bool:
    """Whether refreshes and a server's first page work out the common views by themselves:
    `BRIEFING_VIEWS_AUTO=0` turns both off (the tests do, but for the tests of this)."""
    return os.environ.get("BRIEFING_VIEWS_AUTO", "1") != "0"


def after_refresh() -> None:
    """Called by a refresh command once its extracts are written: the new data's common views."""
    if not automatic():
        return
    print("the data changed: working out the common views (python -m briefing.views) ...", flush=True)
    build()


_started = threading.Lock()
_spawned: list[subprocess.Popen] = []


def build_in_background() -> None:
    """On a server's first page, if the data's common views were never worked out (a fresh clone, or
    data put in place without a refresh command): start `python -m briefing.views` once, as a separate
    low-priority process, so the page does not wait for it and later filter changes read its files."""
    if not _started.acquire(blocking=False) or not automatic():
        return
    with suppress(Exception):
        if is_built(db.version()):
            return
        _spawned.append(subprocess.Popen(  # noqa: S603 (this interpreter, this module, no user input)
            [sys.executable, "-m", "briefing.views", "--quiet", "--no-wait"], cwd=REPO_DIR,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: os.nice(15), start_new_session=True))  # noqa: PLW1509


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    parser.add_argument("--no-wait", action="store_true", help="do nothing if another build is running")
    args = parser.parse_args(argv)
    try:
        build((lambda _: None) if args.quiet else print, wait=not args.no_wait)
    except KeyboardInterrupt:
        print("error: interrupted; the common views will be worked out as they are opened", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
