"""The audit trail: one JSON line per page view, filter change and download, append-only.

Many sessions (threads of one server) and many server processes write at once. Each line goes in
one `os.write` to a file opened with O_APPEND, under an exclusive `flock` on a lock file beside it;
the same lock covers rotation, so no line is lost, split or interleaved, and none lands in a file
after it was rotated away. When the file would pass `max_bytes` it becomes `audit.jsonl.1` (the
older ones shift up, the oldest beyond `keep` is deleted).
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE_NAME = "audit.jsonl"


@dataclass(frozen=True)
class Settings:
    folder: Path
    max_bytes: int = 10_000_000
    keep: int = 20  # rotated files kept beside the current one


def record(settings: Settings, **fields) -> None:
    """Append one line: the time (UTC) then `fields`. Raises OSError if it cannot be written."""
    entry = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), **fields}
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode()
    settings.folder.mkdir(parents=True, exist_ok=True)
    path = settings.folder / FILE_NAME
    with open(settings.folder / "audit.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the lock file closes
        size = path.stat().st_size if path.exists() else 0
        if size and size + len(line) > settings.max_bytes:
            _rotate(settings)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            written = 0
            while written < len(line):
                written += os.write(fd, line[written:])
        finally:
            os.close(fd)


def _rotate(settings: Settings) -> None:
    path = settings.folder / FILE_NAME
    oldest = path.with_name(f"{FILE_NAME}.{settings.keep}")
    oldest.unlink(missing_ok=True)
    for n in range(settings.keep - 1, 0, -1):
        older = path.with_name(f"{FILE_NAME}.{n}")
        if older.exists():
            older.rename(path.with_name(f"{FILE_NAME}.{n + 1}"))
    path.rename(path.with_name(f"{FILE_NAME}.1"))


def files(settings: Settings) -> list[Path]:
    """The trail's files, newest first."""
    rotated = [p for p in settings.folder.glob(f"{FILE_NAME}.*") if p.suffix[1:].isdigit()]
    current = settings.folder / FILE_NAME
    return ([current] if current.exists() else []) + sorted(rotated, key=lambda p: int(p.suffix[1:]))


def latest(settings: Settings, limit: int = 500) -> list[dict]:
    """The newest `limit` entries, newest first."""
    entries: list[dict] = []
    for path in files(settings):
        lines = path.read_text(encoding="utf-8").splitlines()
        entries.extend(json.loads(line) for line in reversed(lines) if line)
        if len(entries) >= limit:
            break
    return entries[:limit]
