"""The shipped demonstration data read as they were built: every tile's two answers, force-wide since the
model change (the default view), as each generator states its shape (briefing.refresh.demo.shapes)."""

import pytest

from briefing.areas import area_data, declarations
from briefing.config import load_force
from briefing.refresh.demo.shapes import SHAPES
from briefing.store import db
from briefing.view import parse


@pytest.fixture(scope="module")
def shipped() -> dict:
    force = load_force()
    view = parse({}, force, db.earliest_month(), db.latest_month())
    return {c.measure.key: c for area in declarations.AREAS for c in area_data.load(area, view).comparisons}


def test_every_demonstration_measure_states_its_shape():
    assert sorted(SHAPES) == sorted(m.key for area in declarations.AREAS for m in area.measures)


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_each_series_reads_as_it_was_built(key, shipped):
    c, shape = shipped[key], SHAPES[key]
    assert c.change_verdict == shape.compared_with_before, (shape.statement, c.change_verdict)
    assert c.model_verdict in shape.against_the_earlier_trend, (shape.statement, c.model_verdict, c.model_reason)


def test_the_demonstration_data_run_to_a_recent_month():
    # The generators' last month is the latest complete month before shipping: the app's first words are
    # not "out of date by 21 months".
    from briefing.refresh.demo import LAST_MONTH

    assert db.latest_month() == LAST_MONTH
