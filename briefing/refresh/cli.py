"""What every refresh command shares: its exit on a failed or interrupted write (nothing changed), the
common views worked out after a good write, and the raw public data folder it reads."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Protocol

from briefing.app import precomputed
from briefing.config import REPO_DIR, command_parser
from briefing.store.extracts import DataWriteError


class Command(Protocol):
    """A command's main: its arguments (None: the command line's), then its exit code."""

    def __call__(self, argv: list[str] | None = None) -> int: ...


def command(main: Command) -> Command:
    """A refresh command's main: a write that fails, is refused or is interrupted prints one line
    on stderr and exits non-zero; the data folder is as it was."""

    @functools.wraps(main)
    def run(argv: list[str] | None = None) -> int:
        try:
            code = main(argv)
        except DataWriteError as exc:
            print(f"error: {exc}. Nothing was changed.", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("error: interrupted. Nothing was changed.", file=sys.stderr)
            return 130
        return _after_write(code)

    return run


def _after_write(code: int) -> int:
    """Once a refresh has written its extracts: work out the common views of the new data (briefing.app.precomputed).
    The data are in place whatever happens here; views not worked out are worked out as they are opened."""
    if code != 0:
        return code
    later = (
        "the new data are in place; views will be worked out as they are opened "
        "(or run python -m briefing.app.precomputed)"
    )
    try:
        precomputed.after_refresh()
    except KeyboardInterrupt:
        print(f"error: interrupted while working out the common views: {later}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 (the refresh itself succeeded: say so, and why this did not)
        print(
            f"warning: the common views were not worked out ({type(exc).__name__}: {str(exc)[:120]}): {later}",
            file=sys.stderr,
        )
    return code


def raw_folder(argv: list[str] | None, module: str, description: str | None) -> Path | None:
    """A build command's RAW_DIR argument; None, with a message on stderr, if it is not the raw data folder."""
    parser = command_parser(module, description)
    parser.add_argument(
        "raw",
        nargs="?",
        type=Path,
        default=REPO_DIR.parent / "shared" / "data" / "raw",
        help="the raw public data folder (default: ../shared/data/raw)",
    )
    raw = parser.parse_args(argv).raw
    if not (raw / "MANIFEST.md").exists():
        print(f"error: {raw} does not look like the raw data folder (no MANIFEST.md)", file=sys.stderr)
        return None
    return raw
