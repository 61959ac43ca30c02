"""Every data fault is a clean message where it happens, and the rest of the app keeps working;
nothing a person types into a URL reaches the screen as Markdown or HTML.

The app's module state persists across these calls as in a running server: a file changed under it
is noticed (size and modification time, then sha256) and recovery needs no restart.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from datetime import date
from html import escape, unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from briefing.areas.declarations import AREAS
from briefing.config import REPO_DIR, load_force
from briefing.present.markdown import literal
from briefing.store import db, validation
from briefing.store.extracts import ExtractData, read_manifest, write_extracts
from briefing.view import parse
from tests.conftest import COVENTRY, FIXTURE_MONTHS, calls_frame
from tests.pages import tiles

CALLS_QUERY = "calls_and_response/monthly"
WINDOW = {"start": date(2023, 1, 1), "end": date(2023, 7, 1)}


def calls_file(directory: Path) -> Path:
    return directory / read_manifest(directory)["extracts"]["calls"]["file"]


def calls_problem(query: str = CALLS_QUERY) -> str:
    with pytest.raises(db.ExtractUnavailable) as raised:
        db.exact(query, **WINDOW, lpas=list(load_force().lpas))
    return str(raised.value)


def shown(markdown: str) -> str:
    """What a person sees of a Markdown body: the rendered text."""
    return unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(markdown))).strip()


def open_page(path: str, **query) -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if path != "app.py":
        at.switch_page(path)
        at.run()
    return at


def test_garbage_over_a_file_under_the_running_app_then_put_right(fixture_data):
    path = calls_file(fixture_data)
    good = path.read_bytes()
    assert len(db.exact(CALLS_QUERY, **WINDOW, lpas=list(load_force().lpas))) > 0  # validated and cached
    path.write_bytes(b"garbage" * 100)
    assert calls_problem() == (
        f"Data unavailable. calls: {path.name} has changed since the manifest was written (its sha256 differs)"
    )
    assert not db.validations()["calls"].ok and db.validations()["arrests"].ok
    assert len(db.exact("data_and_methods/published_figures")) > 0  # everything else works
    path.write_bytes(good)
    assert len(db.exact(CALLS_QUERY, **WINDOW, lpas=list(load_force().lpas))) > 0  # no restart
    assert db.validations()["calls"].ok


def test_a_missing_file(fixture_data):
    path = calls_file(fixture_data)
    path.unlink()
    assert calls_problem() == f"Data unavailable. calls: file {path.name} is missing"


def test_a_file_that_is_not_parquet_although_its_checksum_matches(fixture_data):
    path = calls_file(fixture_data)
    path.write_bytes(b"not parquet at all")
    manifest = read_manifest(fixture_data)
    manifest["extracts"]["calls"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (fixture_data / "manifest.json").write_text(json.dumps(manifest))
    assert calls_problem() == f"Data unavailable. calls: {path.name} cannot be read as Parquet (damaged or not Parquet)"


def test_a_file_changed_between_validation_and_query(fixture_data):
    path = calls_file(fixture_data)
    db.validations()  # validated now
    stat = path.stat()
    # Same size and modification time: nothing tells the app, until DuckDB cannot read it.
    path.write_bytes(b"\0" * stat.st_size)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert calls_problem() == (
        "Data unavailable. calls: could not be read just now: it may have been changed while the app was running"
    )


# The Overview's panels: the headline line per area, each area, the events.
OVERVIEW_PANELS = ["Headline per area", *(area.title for area in AREAS), "Events"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda text: text[: len(text) // 2], "manifest.json: cannot be read (JSONDecodeError: "),
        (lambda text: "[]", "manifest.json: cannot be read (ValueError: it has no table of extracts)"),
    ],
    ids=["truncated", "not a table"],
)
def test_a_malformed_manifest_is_a_message_on_every_panel(fixture_data, damage, expected):
    manifest = fixture_data / "manifest.json"
    manifest.write_text(damage(manifest.read_text()))
    assert calls_problem().startswith(f"Data unavailable. {expected}")
    overview = open_page("app.py")
    assert not overview.exception
    assert overview.title[0].value == "Overview"
    assert [h.value for h in overview.main.subheader] == OVERVIEW_PANELS
    assert len(overview.main.error) == len(AREAS) and all("manifest" in e.value for e in overview.main.error)
    methods = open_page("pages/data_and_methods.py")
    assert not methods.exception
    assert "No extract can be used until it is put right" in methods.error[0].value


def test_a_bad_date_in_the_manifest_fails_that_extract_only(fixture_data):
    manifest = read_manifest(fixture_data)
    manifest["extracts"]["calls"]["data_through"] = "2025-13-01"
    (fixture_data / "manifest.json").write_text(json.dumps(manifest))
    assert calls_problem() == "Data unavailable. calls: manifest gives data_through '2025-13-01', which is not a date"
    overview = open_page("app.py")
    assert not overview.exception
    assert tiles(overview), "the other panels keep their tiles"
    assert any("calls: manifest gives data_through '2025-13-01'" in shown(e.value) for e in overview.main.error)


def test_overview_keeps_every_other_panel_when_a_file_is_damaged(fixture_data):
    path = calls_file(fixture_data)
    good = path.read_bytes()
    healthy = open_page("app.py")
    path.write_bytes(b"garbage")
    overview = open_page("app.py")
    assert not overview.exception
    assert [h.value for h in overview.main.subheader] == OVERVIEW_PANELS
    (error,) = overview.main.error
    assert shown(error.value) == (
        f"Data unavailable. calls: {path.name} has changed since the manifest was written "
        "(its sha256 differs). The rest of the app still works; see Data and methods."
    )
    calls_tiles = {m.label for area in AREAS if "calls" in area.extracts for m in area.measures}
    assert {label for label, _ in tiles(overview)} == {label for label, _ in tiles(healthy)} - calls_tiles
    methods = open_page("pages/data_and_methods.py")
    table = methods.table[0].value.set_index("Extract")
    assert table.loc["calls", "Validation"].startswith("FAILED") and table.loc["arrests", "Validation"] == "passed"
    path.write_bytes(good)
    methods = open_page("pages/data_and_methods.py")
    assert methods.table[0].value.set_index("Extract").loc["calls", "Validation"] == "passed"
    assert [value for _, value in tiles(open_page("app.py"))] == [value for _, value in tiles(healthy)]


# 6. No Markdown or HTML from a person's input.

LINK_KEY = "[Click here for the real figures](https://evil.example/phish)"
IMAGE = "![tracker](https://evil.example/pixel.png?who=you)"


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_unknown_keys_are_named_cut_to_length_and_counted():
    force = load_force()
    query = {LINK_KEY: ["1"], "cmp": [IMAGE]} | {f"k{i}": ["1"] for i in range(7)}
    notes = parse(query, force, date(2023, 1, 1), date(2023, 6, 1)).notes
    assert notes[0] == (
        "Ignored unknown URL parameter(s) '[Click here for the real figures](https:...', "
        "'k0', 'k1', 'k2', 'k3' and 3 more."
    )
    assert notes[1].startswith("Unknown comparison '![tracker](https://evil.example/pixel.pn...'; using ")


@pytest.mark.parametrize(
    "text",
    [
        LINK_KEY,
        IMAGE,
        "https://evil.example/bare",
        "<img src=x onerror=alert(1)>",
        "**bold** _it_",
        "# heading",
        "1. list",
        "> quote",
        "a ` b `` c",
        "`",
        "``x``",
        ":red[colour] :material/home:",
    ],
)
def test_literal_renders_as_exactly_what_was_written(text):
    expected = escape(text, quote=False).replace('"', "&quot;")
    assert rendered(literal(text)) == f"<p><code>{expected}</code></p>\n"


def test_hostile_parameters_reach_the_page_as_plain_text(shared_fixture_data):
    at = open_page("app.py", **{LINK_KEY: "1", "cmp": IMAGE})
    assert not at.exception
    notes = [w.value for w in at.main.warning if "URL parameter" in w.value or "comparison" in w.value]
    assert [shown(note)[:60] for note in notes] == [
        "Ignored unknown URL parameter(s) '[Click here for the real f",
        "Unknown comparison '![tracker](https://evil.example/pixel.pn",
    ]
    assert not any("<a " in rendered(note) or "<img" in rendered(note) for note in notes)


def test_a_passed_check_is_remembered_and_a_changed_file_checked_again(fixture_data, monkeypatch):
    """A new process trusts an extract that passed with the same entry, contract, size and time
    (its checks are not run again); a file whose bytes change is checked again and fails."""

    assert all(v.ok for v in db.validations().values())
    db._validations.cache_clear()
    checked = []
    monkeypatch.setattr(db, "validate", lambda name, entry: checked.append(name) or validation.validate(name, entry))
    assert all(v.ok for v in db.validations().values()) and checked == []
    calls_file(fixture_data).write_bytes(b"garbage")
    db._validations.cache_clear()
    assert not db.validations()["calls"].ok and checked == ["calls"]


def test_derived_tables_are_kept_per_version_of_the_data(fixture_data):
    """A new connection reads the derived tables kept from the last build (same rows); new data
    builds them again and the old copies go."""
    from briefing.config import cache_dir

    def kept():
        return sorted(p.name for p in cache_dir().glob(f"derived-{db.data_key()}-*.parquet"))

    first = db.exact("marac/monthly", lpas=[COVENTRY], start=FIXTURE_MONTHS[0], end=date(2023, 7, 1))
    built = kept()
    assert len(built) == len(db.derived_tables())
    db._connection.cache_clear()
    db._run_cached.cache_clear()
    assert db.exact("marac/monthly", lpas=[COVENTRY], start=FIXTURE_MONTHS[0], end=date(2023, 7, 1)).equals(first)
    assert kept() == built
    calls = calls_frame()
    calls["offered"] += 1
    write_extracts(
        {
            "calls": ExtractData(
                calls, "fixture", "demo", demo=True, period_from=FIXTURE_MONTHS[0], data_through=date(2023, 6, 30)
            )
        },
        fixture_data,
    )
    db.exact("marac/monthly", lpas=[COVENTRY], start=FIXTURE_MONTHS[0], end=date(2023, 7, 1))
    assert len(kept()) == len(built) and kept() != built


def test_a_kept_derived_table_deleted_under_the_running_app_is_built_again(fixture_data):
    from briefing.config import cache_dir

    args = {"lpas": [COVENTRY], "start": FIXTURE_MONTHS[0], "end": date(2023, 7, 1)}
    first = db.exact("marac/monthly", **args)
    for kept in cache_dir().glob(f"derived-{db.data_key()}-*.parquet"):
        kept.unlink()
    db._run_cached.cache_clear()
    # This run may not read it; the next builds it again and gives the same rows.
    with contextlib.suppress(db.ExtractUnavailable):
        db.exact("marac/monthly", **args)
    assert db.exact("marac/monthly", **args).equals(first)
    assert len(list(cache_dir().glob(f"derived-{db.data_key()}-*.parquet"))) == len(db.derived_tables())
