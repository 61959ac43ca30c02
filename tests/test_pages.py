"""Every page through AppTest from the entry file, on the shipped data and on damaged data."""

import pandas as pd
import pytest

from briefing.areas.declarations import AREAS
from briefing.areas.site import PAGES
from briefing.config import REPO_DIR
from tests.pages import each_part, layout, lpa_chooser, open_page, tiles

PAGE_FILES = [path for path, _, _ in PAGES if (REPO_DIR / path).exists()]
# Pages of force-level real data: their figures are the same whatever LPA is chosen (they say so).
FORCE_LEVEL = {"pages/crime_and_peers.py", "pages/force_claims.py"}


@pytest.mark.parametrize("path", PAGE_FILES)
def test_page_renders_and_follows_the_lpa(path):
    birmingham = open_page(path, lpa="E08000025")
    solihull = open_page(path, lpa="E08000029")
    for at in (birmingham, solihull):
        assert not at.exception
        assert lpa_chooser(at).proto.label == "Local Policing Area"
    assert lpa_chooser(birmingham).value == ["E08000025"]
    if tiles(birmingham) and path not in FORCE_LEVEL:
        assert [value for _, value in tiles(birmingham)] != [value for _, value in tiles(solihull)]
    shown = tiles(birmingham)
    for part in each_part(birmingham):
        assert not part.exception
        # A part may add tiles of its own (Investigations' real crime outcomes) below the headline ones.
        assert tiles(part)[: len(shown)] == shown, "opening a part leaves the tiles as they were"


@pytest.mark.parametrize("area", [a for a in AREAS if (REPO_DIR / a.page).exists()], ids=lambda a: a.key)
def test_an_area_page_draws_only_its_open_part(area):
    at = open_page(area.page)
    assert [t.label for t in at.tabs][:3] == ["Trends", "Breakdowns", "Monthly figures"]
    assert len(at.get("vega_lite_chart")) == 1 and not at.dataframe and not at.table, "only the trend chart at first"
    at.session_state[f"{area.key}_part"] = "Monthly figures"
    at.run()
    assert not at.get("vega_lite_chart") and not at.main.button_group, "no trend chart or chooser"
    assert len(at.dataframe) == len(area.series), "a table for each monthly series"


@pytest.mark.parametrize("path", PAGE_FILES)
def test_a_filter_change_keeps_the_page_in_place(path):
    """What a page shows in some views only sits in a slot that is always there, so after a change of
    LPA or comparison every element keeps its place and the browser updates it rather than drawing anew."""
    force_wide = layout(open_page(path))
    assert force_wide, "the page draws something"
    for query in ({"lpa": "E08000026"}, {"lpa": ["E08000026", "E08000027"]}, {"cmp": "last12_vs_prev12"}):
        assert layout(open_page(path, **query)) == force_wide, query


@pytest.mark.parametrize(
    "query",
    [
        {"lpa": "E99999999"},
        {"lpa": "' or 1=1--"},
        {"cmp": "custom", "was_from": "2022-01", "was_to": "2022-06", "is_from": "2024-06", "is_to": "2024-01"},
        {"cmp": "<script>", "trend": "-1"},
    ],
)
def test_hostile_url_parameters_give_a_note_not_an_error(query):
    at = open_page("app.py", **query)
    assert not at.exception
    assert at.warning, "a note should say what was ignored"
    assert lpa_chooser(at).value == []
    assert tiles(at)


def test_overview_tiles_and_demo_label():
    at = open_page("app.py")
    expected = [m.label for area in AREAS if (REPO_DIR / area.page).exists() for m in area.headline_measures]
    assert [label for label, _ in tiles(at)] == expected
    assert any("Demonstration data" in w.value for w in at.warning)


def test_the_overviews_events_table_is_drawn_once_opened():
    at = open_page("app.py")
    assert not at.table
    at.session_state["events_table"] = True
    at.run()
    assert at.table[0].value["Event"].str.contains("operating model").any()


def test_changing_the_lpa_widget_updates_the_url_and_values():
    at = open_page("app.py")
    force_wide = [value for _, value in tiles(at)]
    lpa_chooser(at).set_value(["E08000031"]).run()
    assert at.query_params["lpa"] in ("E08000031", ["E08000031"])  # AppTest unwraps single values
    assert [value for _, value in tiles(at)] != force_wide


def test_a_damaged_extract_is_reported_and_the_app_keeps_working(tmp_path, monkeypatch):
    from tests.conftest import crimes_frame, damaged

    directory, _ = damaged(tmp_path, crimes_frame().drop(columns=["lpa"]))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(directory))
    overview = open_page("app.py")
    assert not overview.exception
    assert any("missing column 'lpa'" in e.value for e in overview.error)
    methods = open_page("pages/data_and_methods.py")
    assert not methods.exception
    assert any("crimes" in e.value and "failed validation" in e.value for e in methods.error)
    table = methods.table[0].value
    assert isinstance(table, pd.DataFrame)
    assert table.set_index("Extract").loc["crimes", "Validation"].startswith("FAILED")
