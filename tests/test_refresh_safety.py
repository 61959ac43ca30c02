"""Refresh commands cannot corrupt the data: one writer at a time, content checked before anything
changes, no history lost silently, and every failure one line on stderr with data/ as it was.

Each refused or failed command is checked against a sha256 of every file in the data folder taken
before it ran.
"""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from briefing.config import REPO_DIR
from briefing.refresh import ingest, reference, supply
from briefing.refresh.demo import __main__ as demo
from briefing.store import extracts
from briefing.store.extracts import ExtractData, read_manifest
from briefing.store.validation import validate
from tests.conftest import BIRMINGHAM, COVENTRY, FIXTURE_MONTHS, arrests_frame, calls_frame, make_data_dir
from tests.police_uk_download import write_download

PROGRESS = re.compile(r"^\[[# ]{30}\] ")
# Each race round starts two real supply processes at once, RACE_ROUNDS times. Each is forked from a process
# that has already imported briefing.refresh.supply (a fork server), then runs what
# `python -m briefing.refresh.supply` runs:
# the race is the same, without an interpreter start and imports (about 1.2 s of CPU a process, as many
# processes again as rounds) that every round paid alike. `python -m briefing.refresh.supply` itself, waiting for
# another writer, is test_a_refresh_started_during_another_waits_and_keeps_both_changes.
RACE_ROUNDS = 50


def digest(directory: Path) -> dict[str, str]:
    """sha256 of every file in the folder, temporary and lock files included."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


def supply_args(name: str, path: Path, *extra: str) -> list[str]:
    return [name, str(path), "--source", f"test {path.stem}", "--licence", "internal", *extra]


def csv_file(tmp_path: Path, frame: pd.DataFrame, stem: str = "arrests") -> Path:
    path = tmp_path / f"{stem}.csv"
    frame.to_csv(path, index=False)
    return path


def one_line(err: str) -> str:
    """The one line a failed command prints (the ingest's progress bar aside)."""
    lines = [line for line in err.splitlines() if line.strip() and not PROGRESS.match(line)]
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert "Traceback" not in err
    return lines[0]


def refused(fixture_data: Path, capsys, command, argv: list[str], code: int = 2) -> str:
    """Run a command that must fail: one line on stderr, exit `code`, every file byte-identical."""
    before = digest(fixture_data)
    assert command(argv) == code
    assert digest(fixture_data) == before
    return one_line(capsys.readouterr().err)


# 1. One writer at a time.


def supply_process(argv: list[str], data_dir: str, err_path: str) -> None:
    """One supply command in a process of its own: `python -m briefing.refresh.supply argv` with the data folder
    `data_dir`, its stderr written to `err_path` (its exit code is the process's)."""
    os.environ["BRIEFING_DATA_DIR"] = data_dir
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(err, 2)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    sys.exit(supply.main(argv))


@pytest.mark.slow  # 100 processes: a minute or more on a busy machine
def test_two_refreshes_at_once_both_land(tmp_path):
    """Two real supply commands race RACE_ROUNDS times: every file the manifest names exists and
    validates, both changes land (or one is refused with a clear message), nothing is left over."""
    directory = make_data_dir(tmp_path / "data")
    forks = multiprocessing.get_context("forkserver")
    forks.set_forkserver_preload(["briefing.refresh.supply", "briefing.app.precomputed"])
    passed: set[tuple[str, str, str]] = set()
    started = time.perf_counter()
    for round_ in range(RACE_ROUNDS):
        files = {
            "arrests": csv_file(tmp_path, arrests_frame().assign(arrests=round_ + 1), f"arrests-{round_}"),
            "calls": csv_file(tmp_path, calls_frame().assign(mean_answer_seconds=float(round_)), f"calls-{round_}"),
        }
        processes = {
            name: forks.Process(
                target=supply_process,
                args=(supply_args(name, path), str(directory), str(tmp_path / f"{name}-{round_}.err")),
            )
            for name, path in files.items()
        }
        for p in processes.values():
            p.start()
        for p in processes.values():
            p.join(timeout=120)
        results = {name: (p.exitcode, (tmp_path / f"{name}-{round_}.err").read_text()) for name, p in processes.items()}
        manifest = read_manifest(directory)
        for name, (code, err) in results.items():
            if code == 0:
                assert manifest["extracts"][name]["source"] == f"test {name}-{round_}", (round_, name)
            else:
                assert "another refresh is still writing" in one_line(err), err
        # Every extract validates. Validation reads only the entry and the file's bytes: one that passed with
        # the same entry and bytes in an earlier round passes again, so only what changed is read again.
        for n, e in manifest["extracts"].items():
            key = (n, json.dumps(e, sort_keys=True), hashlib.sha256((directory / e["file"]).read_bytes()).hexdigest())
            if key not in passed:
                assert validate(n, e, directory).ok, (round_, n)
                passed.add(key)
        named = {e["file"] for e in manifest["extracts"].values()}
        assert {p.name for p in directory.glob("*.parquet")} == named, round_
        assert not list(directory.glob(".*.tmp"))
    print(f"{RACE_ROUNDS} race rounds in {time.perf_counter() - started:.1f}s")


def test_a_refresh_started_during_another_waits_and_keeps_both_changes(fixture_data, tmp_path):
    """Deterministic: a real supply started while this test holds the lock (as an ingest would) waits,
    and reads the manifest only once the other write is in place."""
    path = csv_file(tmp_path, arrests_frame().assign(arrests=11))
    calls = ExtractData(
        calls_frame().assign(mean_answer_seconds=1.0),
        "the other refresh",
        "x",
        demo=False,
        period_from=FIXTURE_MONTHS[0],
        data_through=date(2023, 6, 30),
    )
    with extracts.writer_lock(fixture_data):
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing.refresh.supply", *supply_args("arrests", path)],
            cwd=REPO_DIR,
            env={**os.environ, "BRIEFING_DATA_DIR": str(fixture_data)},
            stderr=subprocess.PIPE,
            text=True,
            stdout=subprocess.DEVNULL,
        )
        assert process.stderr.readline() == f"waiting for another refresh of {fixture_data} to finish ...\n"
        extracts._write_locked(fixture_data, {"calls": calls}, replace=False)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    process.stderr.close()
    manifest = read_manifest(fixture_data)["extracts"]
    assert (manifest["arrests"]["source"], manifest["calls"]["source"]) == ("test arrests", "the other refresh")
    assert all(validate(n, e, fixture_data).ok for n, e in manifest.items())
    assert {p.name for p in fixture_data.glob("*.parquet")} == {e["file"] for e in manifest.values()}


def test_a_second_writer_waits_then_refuses_in_one_line(fixture_data, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(extracts, "LOCK_WAIT_SECONDS", 0.3)
    path = csv_file(tmp_path, arrests_frame().assign(arrests=7))
    with extracts.writer_lock(fixture_data):  # another refresh holds the lock
        before = digest(fixture_data)
        assert supply.main(supply_args("arrests", path)) == 2
        assert digest(fixture_data) == before
    err = capsys.readouterr().err
    assert err.startswith(f"waiting for another refresh of {fixture_data} to finish ...\n")
    assert err.splitlines()[1].startswith(f"error: another refresh is still writing to {fixture_data}")
    assert err.splitlines()[1].endswith("Nothing was changed.") and len(err.splitlines()) == 2
    # Once the lock is free the same command goes through.
    assert supply.main(supply_args("arrests", path)) == 0


def test_a_writer_deletes_only_the_files_it_replaced(fixture_data, tmp_path):
    before = read_manifest(fixture_data)["extracts"]
    stranger = fixture_data / "arrests-0123456789ab.parquet"  # not named by the manifest: not ours to delete
    stranger.write_bytes(b"someone else's")
    assert supply.main(supply_args("arrests", csv_file(tmp_path, arrests_frame().assign(arrests=9)))) == 0
    after = read_manifest(fixture_data)["extracts"]
    assert not (fixture_data / before["arrests"]["file"]).exists()
    assert (fixture_data / after["arrests"]["file"]).exists() and stranger.exists()
    assert all((fixture_data / after[name]["file"]).exists() for name in after)


# 2. Contracts check content: supply refuses each fault in one line naming the column, the rule
# and an example row, and nothing changes.


def arrests_with(change) -> pd.DataFrame:
    frame = arrests_frame()
    frame["month"] = frame["month"].astype(str)
    change(frame)
    return frame


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda f: f.__setitem__("arrests", f["arrests"].where(f.index != 3, -4)),
            f"column 'arrests' is a count, never empty or negative: 1 row(s), e.g. row 4: month=2023-02-01, "
            f"lpa='{COVENTRY}', offence_group='Robbery', arrests=-4",
        ),
        (
            lambda f: f.__setitem__("arrests", f["arrests"].astype("Int64").where(f.index != 0)),
            f"column 'arrests' is a count, never empty or negative: 1 row(s), e.g. row 1: month=2023-01-01, "
            f"lpa='{BIRMINGHAM}', offence_group='Burglary', arrests=(empty)",
        ),
        (
            lambda f: f.__setitem__("month", f["month"].where(f.index != 5, "2023-03-15")),
            f"column 'month' is monthly, every date the 1st of its month: 1 row(s), e.g. row 6: month=2023-03-15, "
            f"lpa='{COVENTRY}'",
        ),
        (
            lambda f: f.__setitem__("month", f["month"].where(f.index != 11, "2053-06-01")),
            "column 'month' must not be after today",
        ),
    ],
    ids=["negative count", "empty count", "mid-month date", "thirty years ahead"],
)
def test_supply_refuses_what_is_plainly_wrong(fixture_data, tmp_path, capsys, change, expected):
    path = csv_file(tmp_path, arrests_with(change))
    line = refused(fixture_data, capsys, supply.main, supply_args("arrests", path))
    assert line.startswith("error: arrests not replaced: ")
    assert expected in line


def test_supply_refuses_every_row_twice(fixture_data, tmp_path, capsys):
    frame = arrests_with(lambda f: None)
    line = refused(
        fixture_data, capsys, supply.main, supply_args("arrests", csv_file(tmp_path, pd.concat([frame, frame])))
    )
    assert (
        f"columns 'month, lpa, offence_group' together identify a row, but some rows share them: 24 row(s), "
        f"e.g. row 1: month=2023-01-01, lpa='{BIRMINGHAM}'"
    ) in line


def test_supply_refuses_a_part_larger_than_its_whole(fixture_data, tmp_path, capsys):
    frame = calls_frame()
    frame.loc[2, "answered_within_10s"] = 500  # of 100 offered
    line = refused(fixture_data, capsys, supply.main, supply_args("calls", csv_file(tmp_path, frame, "calls")))
    assert "column 'answered_within_10s' must lie between 0 and offered: 1 row(s), e.g. row 3: month=2023-02-01" in line


# 3. A refresh never loses history silently.


def test_supply_of_a_shorter_period_says_what_it_would_drop_and_needs_replace(fixture_data, tmp_path, capsys):
    path = csv_file(tmp_path, arrests_frame()[lambda f: f["month"] >= FIXTURE_MONTHS[4]])
    line = refused(fixture_data, capsys, supply.main, supply_args("arrests", path))
    assert line == (
        "error: arrests now covers 2023-01-01 to 2023-06-30; the new data covers 2023-05-01 to "
        "2023-06-30, so it would drop 2023-01-01 to 2023-04-30. Run again with --replace to drop it. "
        "Nothing was changed."
    )
    assert supply.main(supply_args("arrests", path, "--replace")) == 0
    assert read_manifest(fixture_data)["extracts"]["arrests"]["period_from"] == "2023-05-01"


def test_a_short_police_uk_download_needs_replace(fixture_data, tmp_path, capsys):
    download = write_download(tmp_path / "download")  # Jan-Mar 2023, the fixture holds Jan-Jun
    line = refused(fixture_data, capsys, ingest.main, ["police-uk", str(download)])
    assert line.startswith(
        "error: crimes now covers 2023-01-01 to 2023-06-30; the new data covers 2023-01-01 to "
        "2023-03-31, so it would drop 2023-04-01 to 2023-06-30; outcomes now covers"
    )
    assert line.endswith("Run again with --replace to drop it. Nothing was changed.")


def test_a_longer_period_needs_no_replace(fixture_data, tmp_path):
    longer = pd.concat([arrests_frame(), arrests_frame().assign(month=date(2023, 7, 1)).iloc[:2]])
    assert supply.main(supply_args("arrests", csv_file(tmp_path, longer))) == 0
    assert read_manifest(fixture_data)["extracts"]["arrests"]["data_through"] == "2023-07-31"


# 5. Commands fail cleanly: read-only folder, full disk, interrupted write, stale temporary files.


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped data folder (the demonstration generators calibrate to its reference data)."""
    directory = tmp_path / "shipped"
    shutil.copytree(REPO_DIR / "data", directory, ignore=shutil.ignore_patterns(".*"))
    (directory / extracts.LOCK_FILE).touch()  # as any earlier refresh leaves it
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    return directory


def read_only(monkeypatch):
    # Tests run as root, for whom chmod does not stop writes: fail where a read-only folder fails.
    def mkstemp(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(extracts.tempfile, "mkstemp", mkstemp)


def disk_full(monkeypatch):
    def write_table(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(extracts.pq, "write_table", write_table)


def interrupted(monkeypatch):
    def write_table(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(extracts.pq, "write_table", write_table)


FAULTS = {
    "read-only": (read_only, 2, "Read-only file system. Nothing was changed."),
    "disk full": (disk_full, 2, "No space left on device. Nothing was changed."),
    "interrupted": (interrupted, 130, "error: interrupted. Nothing was changed."),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_supply_and_ingest_fail_in_one_line(fixture_data, tmp_path, capsys, monkeypatch, fault):
    make_fault, code, ending = FAULTS[fault]
    (fixture_data / ".crimes.abc123.tmp").write_bytes(b"")  # stale, from an ingest killed earlier
    make_fault(monkeypatch)
    path = csv_file(tmp_path, arrests_frame().assign(arrests=3))
    assert refused(fixture_data, capsys, supply.main, supply_args("arrests", path), code).endswith(ending)
    download = write_download(tmp_path / "download")
    assert refused(fixture_data, capsys, ingest.main, ["police-uk", str(download), "--replace"], code).endswith(ending)


RAW = REPO_DIR.parent / "shared" / "data" / "raw"  # tests may read it; the app never does


@pytest.mark.parametrize("fault", FAULTS)
def test_demo_and_reference_fail_in_one_line(shipped_copy, capsys, monkeypatch, fault):
    make_fault, code, ending = FAULTS[fault]
    make_fault(monkeypatch)
    before = digest(shipped_copy)
    assert demo.main(["--only", "calls"]) == code
    assert digest(shipped_copy) == before
    assert one_line(capsys.readouterr().err).endswith(ending)
    if (RAW / "MANIFEST.md").exists():
        assert reference.main([str(RAW)]) == code
        assert digest(shipped_copy) == before
        assert one_line(capsys.readouterr().err).endswith(ending)


def test_a_failed_manifest_write_removes_the_new_files(fixture_data, tmp_path, capsys, monkeypatch):
    def no_space(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(extracts, "_atomic_write_bytes", no_space)
    path = csv_file(tmp_path, arrests_frame().assign(arrests=5))
    assert refused(fixture_data, capsys, supply.main, supply_args("arrests", path)).endswith(
        "No space left on device. Nothing was changed."
    )


def test_the_next_writer_removes_stale_temporary_files(fixture_data, tmp_path):
    stale = [fixture_data / ".crimes.k3j2h1.tmp", fixture_data / ".manifest.json.x9y8.tmp"]
    for path in stale:
        path.write_bytes(b"")  # what an ingest killed during its write leaves
    assert supply.main(supply_args("arrests", csv_file(tmp_path, arrests_frame().assign(arrests=2)))) == 0
    assert not any(path.exists() for path in stale)
    assert not list(fixture_data.glob(".*.tmp"))


def test_a_malformed_manifest_is_refused_not_overwritten(fixture_data, tmp_path, capsys):
    manifest = fixture_data / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:200])  # truncated
    line = refused(
        fixture_data, capsys, supply.main, supply_args("arrests", csv_file(tmp_path, arrests_frame().assign(arrests=2)))
    )
    assert line.startswith(f"error: {manifest} cannot be read (JSONDecodeError: ")
    assert "restore it (for example from version control) before refreshing" in line
