"""The common views worked out at refresh (briefing.views): what is kept equals what is worked out, a
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

from briefing import area_data, areas, db, extracts, views
from briefing.extracts import ExtractData, command, write_extracts
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
    every = views.common_views()
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
    write_extracts({"arrests": ExtractData(arrests_frame().assign(arrests=7), "x", "x", demo=True,
                                           period_from=FIXTURE_MONTHS[0])})
    return 0


def every_kept(version: str, chosen: list) -> list:
    return [kept for view in chosen for area in areas.AREAS
            if (kept := views.read((area.key, views.identity(view)), version)) is not None]


def test_the_common_views_are_force_wide_and_each_lpa_under_each_preset(data):
    force, every = views.common_views()[0].force, views.common_views()
    assert len(every) == (1 + len(force.lpas)) * len(force.presets)
    assert len({views.identity(v) for v in every}) == len(every)
    assert {v.lpas for v in every} == {(), *((code,) for code in force.lpas)}
    assert {v.preset for v in every} == {p.key for p in force.presets}


def test_kept_views_equal_the_views_worked_out(data, monkeypatch):
    chosen = sample(4)
    monkeypatch.setattr(views, "common_views", lambda: chosen)
    lines = []
    done = views.build(lines.append)
    version = db.version()
    assert views.is_built(version) and done["views"] == 4
    assert lines[0].startswith("working out the common views") and lines[-1].startswith("worked out 4 common views")
    assert views.read(views.PLACEBOS, version) == area_data.compute_placebos()
    compared = 0
    for view in chosen:
        for area in areas.AREAS:
            fresh = area_data.compute(area.key, view, version)
            kept = views.read((area.key, views.identity(view)), version)
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
    loaded = area_data.load(areas.AREAS[0], chosen[1])
    assert repr(loaded.comparisons) == repr(area_data.AreaData(
        areas.AREAS[0], chosen[1], problems={}, **views.read((areas.AREAS[0].key, views.identity(chosen[1])),
                                                            version)).comparisons)


def test_a_view_never_worked_out_is_worked_out_once_then_kept(data):
    view = sample(2)[1]
    version = db.version()
    assert views.read((areas.AREAS[1].key, views.identity(view)), version) is None
    worked = area_data.load(areas.AREAS[1], view)
    kept = views.read((areas.AREAS[1].key, views.identity(view)), version)
    assert kept is not None and repr(kept["comparisons"]) == repr(worked.comparisons)
    assert not views.is_built(version)  # one view kept is not the set


def test_the_chart_a_page_opens_on_is_kept_and_read_without_working_it_out(data, monkeypatch):
    from briefing import area_page, ui

    chosen = sample(2)
    monkeypatch.setattr(views, "common_views", lambda: chosen)
    views.build(lambda _: None)
    version, view = db.version(), chosen[1]
    opened = [(area, area_data.load(area, view)) for area in areas.AREAS]
    opened = [(area, loaded) for area, loaded in opened if len(loaded.comparisons) > 1]
    assert len(opened) >= 3
    for area, loaded in opened:
        first, demo = loaded.comparisons[0].measure.key, ui.is_demo(area.extracts)
        kept = views.read(views.trend_what(area.key, first, view, demo), version)
        assert kept == area_page.trend_figure(loaded, first, view, demo)
    # A page reads it without working it out; another measure is worked out once, then read.
    worked = []
    trend_figure = ui.trend_figure
    monkeypatch.setattr(ui, "trend_figure", lambda *a: worked.append(a[1].measure.key) or trend_figure(*a))
    for area, loaded in opened:
        first, other = (c.measure.key for c in loaded.comparisons[:2])
        demo = ui.is_demo(area.extracts)
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

    from briefing import claims, peers, real_crime, real_outcomes
    from briefing.contracts import FORCE_OFFENCE_GROUPS

    chosen = sample(2)
    monkeypatch.setattr(views, "common_views", lambda: chosen)
    views.build(lambda _: None)
    version, force, group = db.version(), chosen[0].force, FORCE_OFFENCE_GROUPS[0]
    # What is kept is what is worked out.
    calibration = views.read(peers.CALIBRATION, version)
    assert calibration == peers.simulated_calibration()
    results = views.read(claims.what(force), version)
    assert results == claims.evaluate(force) and not claims.unavailable(results)
    peer, fresh = views.read(peers.compared_what(group, chosen[0]), version), peers.work_out_compared(group, chosen[0])
    assert (peer.own, peer.was, peer.is_, peer.chart) == (fresh.own, fresh.was, fresh.is_, fresh.chart)
    assert repr((peer.vs_peers, peer.vs_nation)) == repr((fresh.vs_peers, fresh.vs_nation))
    pd.testing.assert_frame_equal(peer.table, fresh.table)
    pd.testing.assert_frame_equal(peer.every_force, fresh.every_force)
    outcomes = views.read(real_outcomes.compared_what(chosen[0], "closed", "charge_rate"), version)
    assert outcomes.chart == real_outcomes.work_out_compared(chosen[0], "closed", "charge_rate").chart
    street = views.read(real_crime.shown_what(chosen[1]), version)
    assert street is not None and street[1].figure == real_crime.work_out(chosen[1])[1].figure
    # The pages read them: nothing is simulated, evaluated or queried again, whichever LPA is chosen.
    with monkeypatch.context() as m:
        for module, name in ((peers, "simulated_calibration"), (peers, "work_out_compared"),
                             (real_outcomes, "work_out_compared"), (real_crime, "work_out"), (claims, "evaluate")):
            m.setattr(module, name, lambda *a: pytest.fail("worked out again"))
        real_outcomes._compared.cache_clear()
        real_crime._shown.cache_clear()
        an_lpa = replace(chosen[0], lpas=(next(iter(force.lpas)),))
        assert real_outcomes.compared(an_lpa, "closed", "charge_rate").chart == outcomes.chart
        assert real_crime.shown(chosen[1])[1].figure == street[1].figure
        peers.calibration.cache_clear()
        peers._compared.cache_clear()
        assert peers.calibration() == calibration
        assert peers.calibration_sentence()
        assert claims.evaluated(force) == results
        shown = peers.compared(group, an_lpa)
        assert shown.chart == fresh.chart


def test_claims_resting_on_unavailable_data_are_not_kept(data, monkeypatch):
    from briefing import claims

    force = views.common_views()[0].force
    broken = claims.evaluate(force)
    broken[0] = replaced = dataclasses.replace(broken[0], figure=f"{claims.UNAVAILABLE} (x)")
    monkeypatch.setattr(claims, "evaluate", lambda f: list(broken))
    assert claims.evaluated(force)[0] == replaced
    assert views.read(claims.what(force), db.version()) is None


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, RuntimeError])
def test_a_refresh_killed_midway_leaves_the_previous_set_as_it_was(data, monkeypatch, capsys, interrupt):
    chosen = sample(3)
    monkeypatch.setattr(views, "common_views", lambda: chosen)
    views.build(lambda _: None)
    old_version, old_key = db.version(), views.set_key(db.version())
    old_set = views.root() / old_key
    before = files(old_set)
    assert views.COMPLETE in before

    # Killed while the extracts are written: nothing changed, the same set is read.
    def killed(*args):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(extracts, "_write_parquet", killed)
        assert refresh(None) == 130
    assert db.version() == old_version and views.is_built(old_version)
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
    new_key = views.set_key(new_version)
    # Nothing of the half-built set is where it is read: at most the placebos, kept whole on their own
    # when the first view needed them (as a server keeps a view it worked out).
    kept_alone = {p.name for p in (views.root() / new_key).glob("*")} if (views.root() / new_key).exists() else set()
    assert kept_alone <= {views._file_name(views.PLACEBOS)}
    assert not views.is_built(new_version) and every_kept(new_version, chosen) == []
    # The next build finishes the job and removes the previous set and the killed build's leftovers.
    monkeypatch.setattr(area_data, "compute", compute)
    views.build(lambda _: None)
    assert views.is_built(new_version)
    assert sorted(p.name for p in views.root().iterdir() if p.is_dir()) == [new_key]


def test_a_set_for_other_data_or_other_code_is_ignored(data, monkeypatch):
    chosen = sample(2)
    monkeypatch.setattr(views, "common_views", lambda: chosen)
    views.build(lambda _: None)
    version = db.version()
    key = views.set_key(version)
    what = (areas.AREAS[0].key, views.identity(chosen[0]))
    assert views.read(what, version) is not None

    # Other code (or a new format): another key, and the kept files say which key they were kept for.
    with monkeypatch.context() as m:
        m.setattr(views, "FORMAT", views.FORMAT + 1)
        views.code_fingerprint.cache_clear()
        views.set_key.cache_clear()
        other = views.set_key(version)
        assert other != key
        assert views.read(what, version) is None
        shutil.copytree(views.root() / key, views.root() / other)  # even moved under the new key
        assert views.read(what, version) is None
    views.code_fingerprint.cache_clear()
    views.set_key.cache_clear()
    assert views.set_key(version) == key and views.read(what, version) is not None

    # A damaged or foreign file is worked out again, never misread.
    path = views.root() / key / views._file_name(what)
    path.write_bytes(b"not a pickle")
    assert views.read(what, version) is None
    path.write_bytes(pickle.dumps({"format": views.FORMAT, "key": key, "what": ("other", ()), "data": {}}))
    assert views.read(what, version) is None

    # Other data: a new manifest gives another key; the old set is not read for it.
    write_extracts({"arrests": ExtractData(arrests_frame().assign(arrests=8), "x", "x", demo=True,
                                           period_from=FIXTURE_MONTHS[0])})
    assert db.version() != version and views.set_key(db.version()) != key
    assert views.read((areas.AREAS[1].key, views.identity(chosen[0])), db.version()) is None


def test_a_build_during_which_the_data_change_keeps_nothing(data, monkeypatch):
    chosen = sample(2)
    monkeypatch.setattr(views, "common_views", lambda: chosen)
    compute, calls = area_data.compute, []

    def new_data_meanwhile(*args):
        calls.append(args)
        if len(calls) == 2:
            write_extracts({"arrests": ExtractData(arrests_frame().assign(arrests=9), "x", "x", demo=True,
                                                   period_from=FIXTURE_MONTHS[0])})
        return compute(*args)

    monkeypatch.setattr(area_data, "compute", new_data_meanwhile)
    before = db.version()
    assert views.build(lambda _: None) == {"skipped": "data changed"}
    assert db.version() != before and not views.is_built(before) and not views.is_built(db.version())
    assert [p for p in views.root().iterdir() if p.name.startswith(".") and p.is_dir()] == []
