"""Every view a person can open renders, and no projection anywhere is impossible.

On the shipped data: every concern area for force-wide, each LPA and a group of LPAs, under every preset
and a seeded sample of custom windows, through what the pages, the Overview and the pack read (the area's
comparisons, its tiles, its tiles table and its trend chart); then a seeded sample of those views opened
as deep links in the app. The crash this guards against: Sandwell, latest 12 vs previous 12, a series
with no variation left (a division by zero in the first verdict engine).
"""

import random

import pytest

from briefing.app import area_page
from briefing.areas import area_data, declarations
from briefing.config import load_force
from briefing.present import tile
from briefing.stats.compare import Comparison
from briefing.store import db
from briefing.view import add_months, month_text, parse
from tests.pages import open_page

pytestmark = pytest.mark.slow
FORCE = load_force()
RANDOM = random.Random(2023)


def month(offset: int) -> str:
    return month_text(add_months(db.earliest_month(), offset))


def _span() -> int:
    latest, earliest = db.latest_month(), db.earliest_month()
    return (latest.year - earliest.year) * 12 + latest.month - earliest.month


def custom_windows(count: int) -> list[dict]:
    """Seeded custom windows: what was before what is, each at least a month, anywhere in the data."""
    out = []
    for _ in range(count):
        a, b, c, d = sorted(RANDOM.sample(range(_span() + 1), 4))
        out.append(
            {
                "cmp": ["custom"],
                "was_from": [month(a)],
                "was_to": [month(b)],
                "is_from": [month(c)],
                "is_to": [month(d)],
            }
        )
    return out


WHERE = [[], *([code] for code in FORCE.lpas), ["E08000025", "E08000028", "E08000031"]]
QUERIES = [{"cmp": [p.key]} for p in FORCE.presets] + custom_windows(4)
VIEWS = [
    parse(q | ({"lpa": lpas} if lpas else {}), FORCE, db.earliest_month(), db.latest_month())
    for lpas in WHERE
    for q in QUERIES
]


def assert_possible(c: Comparison) -> None:
    """A projection never below zero, a proportion never outside 0-100%, on the tile, chart and CSV alike
    (they all read the comparison's projection)."""
    p = c.projection
    if p is None:
        return
    assert min(p.low) >= 0, c.measure.key
    if c.measure.unit == "proportion":
        assert max(p.high) <= 1, c.measure.key


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: f"{'+'.join(v.lpas) or 'force'}-{v.preset}-{v.is_.label()}")
def test_every_area_renders_for_every_view(view):
    for area in declarations.AREAS:
        data = area_data.load(area, view)
        comparisons = list(data.comparisons)
        tile.shown(comparisons, data.withheld, view)
        area_page.tiles_table(data, view)
        for c in comparisons:
            assert_possible(c)
        main = data.comparisons_of([area.main_measure])
        if main:
            spec, summary, _ = area_data.trend_chart(data, main[0], view, demo=True)
            assert summary and spec["datasets"]


@pytest.mark.parametrize(
    "query",
    [
        {"lpa": "E08000028", "cmp": "last12_vs_prev12"},
        *[{"lpa": RANDOM.choice(list(FORCE.lpas))} | {k: v[0] for k, v in q.items()} for q in custom_windows(3)],
    ],
)
@pytest.mark.parametrize("path", ["app.py", "pages/online_child_abuse.py", "pages/marac.py"])
def test_a_sample_of_views_opens_as_a_deep_link(path, query):
    at = open_page(path, **query)
    assert not at.exception
