"""Benchmarks: print figures, assert nothing about time.

    python bench/bench_app.py [--skip-10x]

- start to first page rendered (a fresh server, then the Overview's tiles visible in chromium;
  without chromium, the AppTest cold run instead)
- each query's latency, uncached, at shipped volume
- the comparison engine's time per view (its share of a filter change)
- a filter change (server work, AppTest) at shipped volume and at 10x volume
- peak memory (resident) of the server and of this process
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_felt import resident_mb, server  # noqa: E402  (bench/ is this script's folder)

from briefing.config import load_force  # noqa: E402
from briefing.store import db, queries  # noqa: E402
from briefing.view import parse  # noqa: E402

LPAS = ["E08000025", "E08000026", "E08000027", "E08000028", "E08000029", "E08000030", "E08000031"]


def start_to_first_page() -> None:
    with server("app.py") as (base, process, started):
        healthy = time.perf_counter() - started
        print(f"server start to health check:       {healthy:6.2f} s")
        if shutil.which("chromium") is None:
            print("first page in a browser:            skipped (apt-get install -y chromium)")
            return
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            opened = time.perf_counter()
            page.goto(f"{base}/")
            page.locator("[data-testid='stMetric']").first.wait_for(timeout=60_000)
            shown = time.perf_counter()
            print(f"server start to Overview tiles:     {shown - started:6.2f} s")
            print(f"page open to Overview tiles:        {shown - opened:6.2f} s (first session, cold caches)")
            opened = time.perf_counter()
            page.goto(f"{base}/?lpa=E08000026")
            page.get_by_text("Coventry ·").first.wait_for(timeout=60_000)
            page.locator("[data-testid='stMetric']").first.wait_for(timeout=60_000)
            print(f"second page load (warm server):     {time.perf_counter() - opened:6.2f} s")
            browser.close()
        print(f"server peak resident memory:        {resident_mb(process.pid, 'VmHWM'):6.0f} MB")


def query_latencies() -> None:
    force = load_force()
    chosen = parse({}, force, db.earliest_month(), db.latest_month())
    params = chosen.params
    con = db._connection(db.version())
    print("query latency, uncached (median of 5, ms):")
    for name in queries.names():
        query = queries.load(name)
        bound = {p: params[p] for p in query.params if p in params}
        if len(bound) != len(query.params):
            print(f"  {name:45s} skipped (needs {sorted(set(query.params) - set(bound))})")
            continue
        times = []
        for _ in range(5):
            cursor = con.cursor()
            started = time.perf_counter()
            cursor.execute(query.sql, bound).df()
            times.append(1000 * (time.perf_counter() - started))
            cursor.close()
        print(f"  {name:45s} {statistics.median(times):7.1f}")


def engine_per_view() -> None:
    """The comparison engine alone (queries run first, not timed): every area's measures compared and
    adjusted per area, force-wide and for one LPA, and the placebos (once per data version)."""
    from briefing.areas.declarations import AREAS
    from briefing.stats import compare

    force = load_force()
    print("comparison engine per view (median of 5, ms):")
    for label, query in (("force-wide", {}), ("one LPA", {"lpa": [LPAS[1]]})):
        view = parse(query, force, db.earliest_month(), db.latest_month())
        frames = [(db.exact(series.query, **view.params), series.measures) for area in AREAS for series in area.series]
        times = []
        for _ in range(5):
            started = time.perf_counter()
            for monthly, measures in frames:
                compare.adjust(compare.compare_all(monthly, measures, view.was, view.is_))
            times.append(1000 * (time.perf_counter() - started))
        count = sum(len(measures) for _, measures in frames)
        print(f"  every area {label:10s} {count} verdicts  {statistics.median(times):7.1f}")
    started = time.perf_counter()
    for monthly, measures in frames:
        for measure in measures:
            compare.placebo(monthly, measure, force.model_change)
    print(f"  placebos (cached per data version)   {1000 * (time.perf_counter() - started):7.1f}")


def filter_change(label: str) -> None:
    from streamlit.testing.v1 import AppTest

    pages = ["app.py"] + sorted(str(p.relative_to(REPO)) for p in (REPO / "pages").glob("*.py"))
    print(f"filter change, server work (median of 6 LPA changes, ms) at {label}:")
    for page in pages:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.run()
        if page != "app.py":
            at.switch_page(page)
            at.run()
        times = []
        for lpa in LPAS[:6]:
            widget = at.sidebar.button_group[0].set_value([lpa])
            started = time.perf_counter()
            widget.run()
            times.append(1000 * (time.perf_counter() - started))
            assert not at.exception, at.exception
        print(f"  {page:40s} {statistics.median(times):7.0f}")


def ten_times_volume() -> Path:
    """A data folder with the shipped reference extracts and demo extracts at 10x volume."""
    directory = Path(tempfile.mkdtemp(prefix="briefing-10x-"))
    for item in (REPO / "data").iterdir():
        if item.is_file():
            shutil.copy(item, directory / item.name)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefing.refresh.demo", "--scale", "10"],
        cwd=REPO,
        check=True,
        env=os.environ | {"BRIEFING_DATA_DIR": str(directory)},
        stdout=subprocess.DEVNULL,
    )
    rows = sum(e["rows"] for e in db.manifest()["extracts"].values())
    print(f"10x demo data generated in {time.perf_counter() - started:.0f} s (shipped rows: {rows:,})")
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-10x", action="store_true")
    args = parser.parse_args()
    start_to_first_page()
    query_latencies()
    engine_per_view()
    filter_change("shipped volume")
    if not args.skip_10x:
        directory = ten_times_volume()
        os.environ["BRIEFING_DATA_DIR"] = str(directory)
        rows = sum(e["rows"] for e in db.manifest()["extracts"].values())
        print(f"10x rows: {rows:,}")
        query_latencies()
        filter_change("10x volume")
        shutil.rmtree(directory)
    print(f"peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
