"""The common views worked out at refresh (briefing.app.precomputed): what is kept equals what is worked out, a
refresh killed midway leaves the previous set as it was and nothing half-built is read, and a set kept
for other data or other code is never read."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import random
import shutil

import numpy as np
import pandas as pd
import pytest

from briefing.app import precomputed
from briefing.areas import area_data, declarations
from briefing.refresh.cli import command
from briefing.store import db, extracts, kept_views
from briefing.store.extracts import ExtractData, write_extracts
from tests.conftest import FIXTURE_MONTHS, arrests_frame, make_data_dir


@pytest.fixture
def data(tmp_path, monkeypatch):
    directory = make_data_dir(tmp_path / "data")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BRIEFING_VIEWS_AUTO", "1")
    return directory


def sample(n: int, seed: int = 24) -> list:
    """Force-wide under the default preset and n - 1 other common views, chosen at random."""
    every = precomputed.common_views()
    return [every[0], *random.Random(seed).sample(every[1:], n - 1)]


def same(kept, fresh) -> None:
    """Equal, through the dicts, frames and arrays a frame's attrs hold (the protection's notes)."""
    if isinstance(fresh, dict):
        assert kept.keys() == fresh.keys()
        for key, value in fresh.items():
            same(kept[key], value)
    elif isinstance(fresh, pd.DataFrame):
        pd.testing.assert_frame_equal(kept, fresh)
    elif isinstance(fresh, pd.Series):
        pd.testing.assert_series_equal(kept, fresh)
    elif isinstance(fresh, np.ndarray):
        np.testing.assert_array_equal(kept, fresh)
    else:
        assert kept == fresh


def files(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@command
def refresh(argv) -> int:
    """A refresh command that writes new arrests."""
    write_extracts(
        {"arrests": ExtractData(arrests_frame().assign(arrests=7), "x", "x", demo=True, period_from=FIXTURE_MONTHS[0])}
    )
    return 0


def every_kept(version: str, chosen: list) -> list:
    return [
        kept
        for view in chosen
        for area in declarations.AREAS
        if (kept := kept_views.read((area.key, kept_views.identity(view)), version)) is not None
    ]


def test_the_common_views_are_force_wide_and_each_lpa_under_each_preset(data):
    force, every = precomputed.common_views()[0].force, precomputed.common_views()
    assert len(every) == (1 + len(force.lpas)) * len(force.presets)
    assert len({kept_views.identity(v) for v in every}) == len(every)
    assert {v.lpas for v in every} == {(), *((code,) for code in force.lpas)}
    assert {v.preset for v in every} == {p.key for p in force.presets}


def test_kept_views_equal_the_views_worked_out(data, monkeypatch):
    chosen = sample(4)
    monkeypatch.setattr(precomputed, "common_views", lambda: chosen)
    lines = []
    done = precomputed.build(lines.append)
    version = db.version()
    assert kept_views.is_built(version) and done["views"] == 4
    assert lines[0].startswith("working out the common views") and lines[-1].startswith("worked out 4 common views")
    assert kept_views.read(kept_views.PLACEBOS, version) == area_data.compute_placebos()
    compared = 0
    for view in chosen:
        for area in declarations.AREAS:
            fresh = area_data.compute(area.key, view, version)
            kept = kept_views.read((area.key, kept_views.identity(view)), version)
            if fresh.problems:
                assert kept is None
                continue
            assert kept is not None, (area.key, view.lpa_label, view.preset)
            assert repr(kept["comparisons"]) == repr(fresh.comparisons)  # repr: a NaN equals itself
            assert kept["withheld"] == fresh.withheld and kept["assurances"] == fresh.assurances
            assert kept["frames"].keys() == fresh.frames.keys()
            for name, frame in fresh.frames.items():
                pd.testing.assert_frame_equal(kept["frames"][name], frame)
                same(kept["frames"][name].attrs, frame.attrs)
            compared += 1
    assert compared >= 3 * len(chosen)
    # A server reads them without working anything out.
    monkeypatch.setattr(area_data, "compute", lambda *a: pytest.fail("worked out again"))
    monkeypatch.setattr(area_data, "compute_placebos", lambda *a: pytest.fail("worked out again"))
    area_data._load.cache_clear()
    area_data.placebos.cache_clear()
    loaded = area_data.load(declarations.AREAS[0], chosen[1])
    assert repr(loaded.comparisons) == repr(
        area_data.AreaData(
            declarations.AREAS[0],
            chosen[1],
            problems={},
            **kept_views.read((declarations.AREAS[0].key, kept_views.identity(chosen[1])), version),
        ).comparisons
    )


def test_a_view_never_worked_out_is_worked_out_once_then_kept(data):
    view = sample(2)[1]
    version = db.version()
    assert kept_views.read((declarations.AREAS[1].key, kept_views.identity(view)), version) is None
    worked = area_data.load(declarations.AREAS[1], view)
    kept = kept_views.read((declarations.AREAS[1].key, kept_views.identity(view)), version)
    assert kept is not None and repr(kept["comparisons"]) == repr(worked.comparisons)
    assert not kept_views.is_built(version)  # one view kept is not the set


def test_the_chart_a_page_opens_on_is_kept_and_read_without_working_it_out(data, monkeypatch):
    from briefing.app import area_page, ui

    chosen = sample(2)
    monkeypatch.setattr(precomputed, "common_views", lambda: chosen)
    precomputed.build(lambda _: None)
    version, view = db.version(), chosen[1]
    opened = [(area, area_data.load(area, view)) for area in declarations.AREAS]
    opened = [(area, loaded) for area, loaded in opened if len(loaded.comparisons) > 1]
    assert len(opened) >= 3
    for area, loaded in opened:
        first, demo = loaded.comparisons[0].measure.key, db.is_demo(*area.extracts)
        kept = kept_views.read(kept_views.trend_what(area.key, first, view, demo), version)
        assert kept == area_page.trend_figure(loaded, first, view, demo)
    # A page reads it without working it out; another measure is worked out once, then read.
    worked = []
    trend_figure = ui.trend_figure
    monkeypatch.setattr(ui, "trend_figure", lambda *a: worked.append(a[1].measure.key) or trend_figure(*a))
    for area, loaded in opened:
        first, other = (c.measure.key for c in loaded.comparisons[:2])
        demo = db.is_demo(*area.extracts)
        area_page._trend.cache_clear()
        assert area_page._trend(area.key, first, view, version, demo).summary
        assert worked == []
        shown = area_page._trend(area.key, other, view, version, demo)
        assert worked == [other]
        area_page._trend.cache_clear()
        assert area_page._trend(area.key, other, view, version, demo) == shown and worked == [other]
        worked.clear()


def test_the_force_level_parts_and_real_crime_read_the_set_without_working_anything_out(data, monkeypatch):
    from dataclasses import replace

    from briefing.app import crime_section
    from briefing.areas import claims, crime_peers, real_outcomes
    from briefing.stats import peers
    from briefing.store.contracts import FORCE_OFFENCE_GROUPS

    chosen = sample(2)
    monkeypatch.setattr(precomputed, "common_views", lambda: chosen)
    precomputed.build(lambda _: None)
    version, force, group = db.version(), chosen[0].force, FORCE_OFFENCE_GROUPS[0]
    # What is kept is what is worked out.
    calibration = kept_views.read(peers.CALIBRATION, version)
    assert calibration == peers.simulated_calibration()
    results = kept_views.read(claims.what(force), version)
    assert results == claims.evaluate(force) and not claims.unavailable(results)
    peer, fresh = (
        kept_views.read(crime_peers.compared_what(group, chosen[0]), version),
        crime_peers.work_out_compared(group, chosen[0]),
    )
    assert (peer.own, peer.was, peer.is_, peer.chart) == (fresh.own, fresh.was, fresh.is_, fresh.chart)
    assert repr((peer.vs_peers, peer.vs_nation)) == repr((fresh.vs_peers, fresh.vs_nation))
    pd.testing.assert_frame_equal(peer.table, fresh.table)
    pd.testing.assert_frame_equal(peer.every_force, fresh.every_force)
    outcomes = kept_views.read(real_outcomes.compared_what(chosen[0], "closed", "charge_rate"), version)
    assert outcomes.chart == real_outcomes.work_out_compared(chosen[0], "closed", "charge_rate").chart
    street = kept_views.read(crime_section.shown_what(chosen[1]), version)
    assert street is not None and street[1].figure == crime_section.work_out(chosen[1])[1].figure
    # The pages read them: nothing is simulated, evaluated or queried again, whichever LPA is chosen.
    with monkeypatch.context() as m:
        for module, name in (
            (peers, "simulated_calibration"),
            (crime_peers, "work_out_compared"),
            (real_outcomes, "work_out_compared"),
            (crime_section, "work_out"),
            (claims, "evaluate"),
        ):
            m.setattr(module, name, lambda *a: pytest.fail("worked out again"))
        real_outcomes._compared.cache_clear()
        crime_section._shown.cache_clear()
        an_lpa = replace(chosen[0], lpas=(next(iter(force.lpas)),))
        assert real_outcomes.compared(an_lpa, "closed", "charge_rate").chart == outcomes.chart
        assert crime_section.shown(chosen[1])[1].figure == street[1].figure
        peers.calibration.cache_clear()
        crime_peers._compared.cache_clear()
        assert peers.calibration() == calibration
        assert peers.calibration_sentence()
        assert claims.evaluated(force) == results
        shown = crime_peers.compared(group, an_lpa)
        assert shown.chart == fresh.chart


def test_claims_resting_on_unavailable_data_are_not_kept(data, monkeypatch):
    from briefing.areas import claims

    force = precomputed.common_views()[0].force
    broken = claims.evaluate(force)
    broken[0] = replaced = dataclasses.replace(broken[0], figure=f"{claims.UNAVAILABLE} (x)")
    monkeypatch.setattr(claims, "evaluate", lambda f: list(broken))
    assert claims.evaluated(force)[0] == replaced
    assert kept_views.read(claims.what(force), db.version()) is None


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, RuntimeError])
def test_a_refresh_killed_midway_leaves_the_previous_set_as_it_was(data, monkeypatch, capsys, interrupt):
    chosen = sample(3)
    monkeypatch.setattr(precomputed, "common_views", lambda: chosen)
    precomputed.build(lambda _: None)
    old_version, old_key = db.version(), kept_views.set_key(db.version())
    old_set = kept_views.root() / old_key
    before = files(old_set)
    assert kept_views.COMPLETE in before

    # Killed while the extracts are written: nothing changed, the same set is read.
    def killed(*args):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(extracts, "_write_parquet", killed)
        assert refresh(None) == 130
    assert db.version() == old_version and kept_views.is_built(old_version)
    assert len(every_kept(old_version, chosen)) >= 3 * len(chosen)

    # Killed while the new data's views are worked out, after the new extracts are in place.
    calls = []

    def dies_midway(*args):
        calls.append(args)
        if len(calls) == 4:
            raise interrupt("killed")
        return compute(*args)

    compute = area_data.compute
    monkeypatch.setattr(area_data, "compute", dies_midway)

    code = refresh(None)
    err = capsys.readouterr().err
    assert len(calls) == 4
    assert code == (130 if interrupt is KeyboardInterrupt else 0)
    assert "the new data are in place" in err
    new_version = db.version()
    assert new_version != old_version
    assert files(old_set) == before  # the previous set, untouched
    new_key = kept_views.set_key(new_version)
    # Nothing of the half-built set is where it is read: at most the placebos, kept whole on their own
    # when the first view needed them (as a server keeps a view it worked out).
    kept_alone = (
        {p.name for p in (kept_views.root() / new_key).glob("*")} if (kept_views.root() / new_key).exists() else set()
    )
    assert kept_alone <= {kept_views.file_name(kept_views.PLACEBOS)}
    assert not kept_views.is_built(new_version) and every_kept(new_version, chosen) == []
    # The next build finishes the job and removes the previous set and the killed build's leftovers.
    monkeypatch.setattr(area_data, "compute", compute)
    precomputed.build(lambda _: None)
    assert kept_views.is_built(new_version)
    assert sorted(p.name for p in kept_views.root().iterdir() if p.is_dir()) == [new_key]


def test_a_set_for_other_data_or_other_code_is_ignored(data, monkeypatch):
    chosen = sample(2)
    monkeypatch.setattr(precomputed, "common_views", lambda: chosen)
    precomputed.build(lambda _: None)
    version = db.version()
    key = kept_views.set_key(version)
    what = (declarations.AREAS[0].key, kept_views.identity(chosen[0]))
    assert kept_views.read(what, version) is not None

    # Other code (or a new format): another key, and the kept files say which key they were kept for.
    with monkeypatch.context() as m:
        m.setattr(kept_views, "FORMAT", kept_views.FORMAT + 1)
        kept_views.code_fingerprint.cache_clear()
        kept_views.set_key.cache_clear()
        other = kept_views.set_key(version)
        assert other != key
        assert kept_views.read(what, version) is None
        shutil.copytree(kept_views.root() / key, kept_views.root() / other)  # even moved under the new key
        assert kept_views.read(what, version) is None
    kept_views.code_fingerprint.cache_clear()
    kept_views.set_key.cache_clear()
    assert kept_views.set_key(version) == key and kept_views.read(what, version) is not None

    # A damaged or foreign file is worked out again, never misread.
    path = kept_views.root() / key / kept_views.file_name(what)
    path.write_bytes(b"not a pickle")
    assert kept_views.read(what, version) is None
    path.write_bytes(pickle.dumps({"format": kept_views.FORMAT, "key": key, "what": ("other", ()), "data": {}}))
    assert kept_views.read(what, version) is None

    # Other data: a new manifest gives another key; the old set is not read for it.
    write_extracts(
        {"arrests": ExtractData(arrests_frame().assign(arrests=8), "x", "x", demo=True, period_from=FIXTURE_MONTHS[0])}
    )
    assert db.version() != version and kept_views.set_key(db.version()) != key
    assert kept_views.read((declarations.AREAS[1].key, kept_views.identity(chosen[0])), db.version()) is None


def test_a_build_during_which_the_data_change_keeps_nothing(data, monkeypatch):
    chosen = sample(2)
    monkeypatch.setattr(precomputed, "common_views", lambda: chosen)
    compute, calls = area_data.compute, []

    def new_data_meanwhile(*args):
        calls.append(args)
        if len(calls) == 2:
            write_extracts(
                {
                    "arrests": ExtractData(
                        arrests_frame().assign(arrests=9), "x", "x", demo=True, period_from=FIXTURE_MONTHS[0]
                    )
                }
            )
        return compute(*args)

    monkeypatch.setattr(area_data, "compute", new_data_meanwhile)
    before = db.version()
    assert precomputed.build(lambda _: None) == {"skipped": "data changed"}
    assert db.version() != before and not kept_views.is_built(before) and not kept_views.is_built(db.version())
    assert [p for p in kept_views.root().iterdir() if p.name.startswith(".") and p.is_dir()] == []
