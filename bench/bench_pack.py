"""Print how long the briefing pack takes to build, and the Calls and response queries' latencies.

    python bench/bench_pack.py [--repeat 3]

Reads the data folder in use (BRIEFING_DATA_DIR or data/). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.config import load_force  # noqa: E402
from briefing.pack import (
    pdf,  # noqa: E402
    pptx,  # noqa: E402
)
from briefing.store import db, queries  # noqa: E402
from briefing.view import parse  # noqa: E402


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    force = load_force()
    views = {
        "force-wide": {},
        "Coventry": {"lpa": ["E08000026"]},
        "latest 12 vs previous 12, Birmingham": {"lpa": ["E08000025"], "cmp": ["last12_vs_prev12"]},
    }
    print(f"data: {db.version()}")
    for label, query in views.items():
        chosen = parse(query, force, db.earliest_month(), db.latest_month())
        for name, build in (("pptx", pptx.build_pptx), ("pdf", pdf.build_pdf)):
            times = timed(lambda build=build, chosen=chosen: build(chosen), args.repeat)
            print(f"{name:4} {label:40} first {times[0]:.2f}s, median {statistics.median(times):.2f}s")
    chosen = parse({"lpa": ["E08000026"]}, force, db.earliest_month(), db.latest_month())
    for name in [q for q in queries.names() if q.startswith("calls_and_response/")]:
        # Uncached: run the SQL on a fresh cursor each time, as a filter change does.
        query = queries.load(name)
        params = chosen.params

        def run(query=query, params=params):
            cursor = db._connection(db.version()).cursor()
            cursor.execute(query.sql, {p: params[p] for p in query.params}).df()
            cursor.close()

        times = timed(run, args.repeat * 5)
        print(f"query {name:45} median {1000 * statistics.median(times):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
