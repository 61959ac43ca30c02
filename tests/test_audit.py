"""The audit trail under many writers at once (threads and processes), and its rotation by size."""

import json
import multiprocessing
import threading

from briefing.access import audit

LINES = 300  # per writer


def _write_many(folder, max_bytes, writer: str, start) -> None:
    settings = audit.Settings(folder, max_bytes=max_bytes, keep=1000)
    start.wait()  # every writer begins together
    for n in range(LINES):
        # A long field, so a torn or interleaved write would show as a broken line.
        audit.record(settings, person=writer, event="view", n=n, padding="x" * 300)


def _all_lines(settings) -> list[str]:
    """Every line kept, oldest first."""
    return [line for path in reversed(audit.files(settings)) for line in path.read_text(encoding="utf-8").splitlines()]


def _check_every_line(settings, writers: list[str]) -> None:
    lines = _all_lines(settings)
    entries = [json.loads(line) for line in lines]  # every line whole
    assert len(entries) == len(writers) * LINES
    for writer in writers:
        # Each writer's lines all there, in the order written.
        mine = [e["n"] for e in entries if e["person"] == writer]
        assert mine == list(range(LINES)), writer
    assert all(path.stat().st_size <= settings.max_bytes for path in audit.files(settings))
    # The writers really did overlap: one after another would switch writer len(writers) - 1 times.
    switches = sum(a["person"] != b["person"] for a, b in zip(entries, entries[1:]))
    assert switches > 2 * len(writers), switches


def test_threads_writing_at_once_lose_and_break_no_line(tmp_path):
    settings = audit.Settings(tmp_path, max_bytes=50_000, keep=1000)
    writers = [f"thread{n}" for n in range(8)]
    start = threading.Barrier(len(writers))
    threads = [threading.Thread(target=_write_many, args=(tmp_path, settings.max_bytes, w, start)) for w in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(audit.files(settings)) > 10  # rotated many times while they wrote
    _check_every_line(settings, writers)


def test_processes_writing_at_once_lose_and_break_no_line(tmp_path):
    settings = audit.Settings(tmp_path, max_bytes=50_000, keep=1000)
    writers = [f"process{n}" for n in range(4)]
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(writers))
    processes = [context.Process(target=_write_many, args=(tmp_path, settings.max_bytes, w, start)) for w in writers]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert len(audit.files(settings)) > 5
    _check_every_line(settings, writers)


def test_rotation_keeps_the_newest_files_and_drops_the_oldest(tmp_path):
    settings = audit.Settings(tmp_path, max_bytes=1000, keep=2)
    for n in range(40):
        audit.record(settings, n=n, padding="y" * 80)  # about 140 bytes a line: 7 to a file
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("audit.jsonl"))
    assert names == ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"]
    kept = [json.loads(line)["n"] for line in _all_lines(settings)]
    # The newest lines, none lost inside what is kept: the last file partial, the older two full.
    assert sorted(kept) == list(range(40 - len(kept), 40)) and 14 < len(kept) <= 21
    assert [e["n"] for e in audit.latest(settings, limit=5)] == [39, 38, 37, 36, 35]
    assert all(p.stat().st_size <= 1000 for p in audit.files(settings))


def test_the_trail_is_readable_by_its_owner_only(tmp_path):
    audit.record(audit.Settings(tmp_path), event="view")
    assert (tmp_path / "audit.jsonl").stat().st_mode & 0o077 == 0
