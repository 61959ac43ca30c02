"""The common views, worked out when the data change and kept on disk, so a filter change between them
reads a file instead of running the queries and the verdict engine.

    python -m briefing.app.precomputed [--quiet]

The common views are force-wide and each LPA under each comparison preset of `force.toml`. For each,
every concern area's AreaData (frames, comparisons, withheld windows, assurances), the trend chart its
page opens on (`area_page.kept_trends`) and Investigations' real recorded crime are worked out, and once the
placebo checks and what the force-level parts show whatever the LPA (`_force_level`). The refresh commands
(demo, public, supply, ingest, reference) do this after a successful write of extracts
(`briefing.refresh.cli.command`); this command does it for the data as they are.

Where they are kept, and how a set is known to belong to these data and this code:
`briefing.store.kept_views`. A set is built in a private folder and moved into place file by file (each
move atomic), with a `complete` marker last; a build killed midway leaves only its private folder, which
nothing reads, and the previous set as it was. A successful build removes every other set and any private
folder a killed build left. Views never worked out are worked out once as they are opened and kept the
same way.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from briefing.app import area_page, crime_section
from briefing.areas import area_data, claims, crime_peers, declarations, real_outcomes
from briefing.config import command_parser, load_force
from briefing.stats import peers
from briefing.store import db, kept_views
from briefing.store.contracts import FORCE_OFFENCE_GROUPS
from briefing.view import View, parse

_LOCK = ".build.lock"


def common_views() -> list[View]:
    """Force-wide and each LPA, under each preset of force.toml, as compared views."""
    force = load_force()
    earliest, latest = db.earliest_month(), db.latest_month()
    views = []
    for lpas in [[], *([code] for code in force.lpas)]:
        for preset in force.presets:
            views.append(parse({"lpa": lpas, "cmp": [preset.key]}, force, earliest, latest).compared)
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
    started = time.perf_counter()
    version = db.version()
    key = kept_views.set_key(version)
    if key is None:
        progress("common views not worked out: the manifest cannot be used")
        return {"skipped": "manifest"}
    folder = kept_views.root()
    with _build_lock(folder, wait) as taken:
        if not taken:
            return {"skipped": "another build is running"}
        final = folder / key
        if (final / kept_views.COMPLETE).exists():
            _remove_others(folder, key)
            progress(f"common views already worked out for this data ({final})")
            return {"skipped": "built"}
        views = common_views()
        progress(
            f"working out the common views: {len(views)} views x {len(declarations.AREAS)} areas and the placebo "
            "checks ..."
        )
        private = folder / f".{key}.building-{os.getpid()}"
        shutil.rmtree(private, ignore_errors=True)
        private.mkdir()
        size = 0

        def keep(what: tuple, data) -> None:
            nonlocal size
            payload = kept_views.payload(what, key, data)
            (private / kept_views.file_name(what)).write_bytes(payload)
            size += len(payload)

        keep(kept_views.PLACEBOS, area_data.placebos(version))
        for what, data in _force_level(views):
            keep(what, data)
        for n, view in enumerate(views, 1):
            for area in declarations.AREAS:
                data = area_data.compute(area.key, view, version)
                if not data.problems:  # an unavailable extract is reported afresh, never kept
                    keep(kept_views.area_what(area.key, view), area_data.kept_part(data))
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
        (final / kept_views.COMPLETE).write_text(f"{len(files)} files\n", encoding="utf-8")
        shutil.rmtree(private, ignore_errors=True)
        _remove_others(folder, key)
    seconds = time.perf_counter() - started
    progress(
        f"worked out {len(views)} common views in {seconds:.1f}s ({len(files)} files, {size / 1e6:.1f} MB in {final})"
    )
    return {"views": len(views), "files": len(files), "bytes": size, "seconds": seconds}


def _force_level(every: list[View]) -> Iterator[tuple[tuple, object]]:
    """What the force-level parts show whatever LPA is chosen, worked out (never read from a set): the peers
    model's calibration, the force's claims (unless an extract is unavailable), and under each preset Crime and
    peers' first offence group and Investigations' real outcomes (default basis, every measure)."""
    yield peers.CALIBRATION, peers.simulated_calibration(*peers.CALIBRATION[1:])
    force = every[0].force
    if not claims.unavailable(results := claims.evaluate(force)):
        yield claims.what(force), results
    for view in every:
        if view.force_wide:
            with suppress(db.ExtractUnavailable):  # reported afresh by the page
                yield (
                    crime_peers.compared_what(FORCE_OFFENCE_GROUPS[0], view),
                    crime_peers.work_out_compared(FORCE_OFFENCE_GROUPS[0], view),
                )
            for measure_key in real_outcomes.MEASURES:
                with suppress(db.ExtractUnavailable):
                    yield (
                        real_outcomes.compared_what(view, "closed", measure_key),
                        real_outcomes.work_out_compared(view, "closed", measure_key),
                    )


def _real_crime(view: View) -> Iterator[tuple[tuple, object]]:
    """Investigations' section of real recorded crime for a view, worked out (never read from a set), unless an
    extract is unavailable."""
    parts = crime_section.work_out(view)
    if crime_section.complete(parts):
        yield crime_section.shown_what(view), parts


def _remove_others(folder: Path, key: str) -> None:
    """Every other set (older data or code) and any private folder a killed build left; the caller holds
    the build lock, so no other build is writing one."""
    for path in folder.iterdir():
        if path.is_dir() and path.name != key:
            shutil.rmtree(path, ignore_errors=True)


def after_refresh() -> None:
    """Called by a refresh command once its extracts are written: the new data's common views."""
    if not kept_views.automatic():
        return
    print("the data changed: working out the common views (python -m briefing.app.precomputed) ...", flush=True)
    build()


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("briefing.app.precomputed", __doc__)
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
