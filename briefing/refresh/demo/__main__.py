"""Write the demonstration extracts into data/ (or BRIEFING_DATA_DIR).

    python -m briefing.refresh.demo [--seed 2023] [--scale 1] [--only NAME ...] [--replace] [--last-month YYYY-MM]

Deterministic: the same seed and scale give byte-identical extracts. Run
`python -m briefing.refresh.reference` first: the generators read the shipped LSOA lookup, population and
published figures they are calibrated to.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime

from briefing.config import command_parser, data_dir
from briefing.refresh.cli import command
from briefing.refresh.demo import (
    LAST_MONTH,
    arrests,
    calls,
    crime,
    marac,
    ocset,
    outcomes,
    rso,
    set_last_month,
    supervision,
)
from briefing.store.extracts import ExtractData, write_extracts

GENERATORS: dict[str, Callable[[int, float], ExtractData]] = {
    "crimes": crime.generate,
    "outcomes": outcomes.generate,
    "arrests": arrests.generate,
    "crime_supervision": supervision.generate,
    "calls": calls.generate_calls,
    "incidents": calls.generate_incidents,
    "marac_referrals": marac.generate,
    "rso_caseload": rso.generate,
    "ocset_cases": ocset.generate,
}


@command
def main(argv: list[str] | None = None) -> int:
    parser = command_parser("briefing.refresh.demo", __doc__)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--scale", type=float, default=1.0, help="volume multiplier (benchmarks use 10)")
    parser.add_argument("--only", nargs="+", choices=sorted(GENERATORS), help="extracts to write")
    parser.add_argument("--replace", action="store_true", help="allow an extract's period to shrink")
    parser.add_argument(
        "--last-month",
        metavar="YYYY-MM",
        default=f"{LAST_MONTH:%Y-%m}",
        help="the generators' last month (default: the latest complete month before shipping)",
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    try:
        set_last_month(datetime.strptime(args.last_month, "%Y-%m").date())
    except ValueError as exc:
        parser.error(f"--last-month {args.last_month!r}: {exc}")
    extracts = {}
    for name in args.only or GENERATORS:
        started = time.perf_counter()
        print(f"generating {name} ...", end=" ", flush=True)
        extracts[name] = GENERATORS[name](args.seed, args.scale)
        print(f"{len(extracts[name].frame):,} rows in {time.perf_counter() - started:.1f}s", flush=True)
    write_extracts(extracts, replace=args.replace)
    print(f"wrote {', '.join(extracts)} to {data_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
