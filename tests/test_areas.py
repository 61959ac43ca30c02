"""The concern-area declarations are complete and are the one source: every measure, section and mark
points at columns its SQL returns, Data and methods defines every measure, navigation lists every
area, every area's SQL is used, page files keep only what is their own, and force-specific words come
from configuration."""

import re

import pytest

from briefing.areas.declarations import AREAS
from briefing.areas.site import PAGES
from briefing.config import REPO_DIR
from briefing.store import queries


def returned(query: str) -> set[str]:
    return {column for column, _ in queries.load(query).returns}


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_every_declared_measure_and_section_reads_columns_its_query_returns(area):
    assert area.primary in area.measures and set(area.headline) <= {m.key for m in area.measures}
    assert len({m.key for m in area.measures}) == len(area.measures)
    for series in area.series:
        for measure in series.measures:
            assert {c for c in (measure.value, measure.denominator) if c} <= returned(series.query), measure.key
    for section in area.sections:
        columns = returned(section.query)
        assert set(section.columns) <= columns
        if section.chart_value:
            assert {section.chart_value, "lpa", "window_label"} <= columns, section.title
    for key, marks in area.marks.items():
        assert key in {m.key for m in area.measures}
        if marks.published:
            assert {"date", "value", "label"} <= returned(marks.published)


def test_data_and_methods_defines_every_measure():
    text = (REPO_DIR / "briefing" / "methods_measures.md").read_text(encoding="utf-8")
    defined = set(re.findall(r"\*\*(.+?)\*\*", text))
    missing = [m.label for area in AREAS for m in area.measures if m.label not in defined]
    assert not missing, f"define these in briefing/methods_measures.md: {missing}"


def test_navigation_lists_every_area_once_and_its_page_exists():
    paths = [path for path, _, _ in PAGES]
    assert len(paths) == len(set(paths))
    for area in AREAS:
        assert (area.page, area.title, area.icon) in PAGES
        assert (REPO_DIR / area.page).exists()


def test_every_query_of_an_area_folder_is_declared_somewhere():
    used = {s.query for a in AREAS for s in a.series} | {s.query for a in AREAS for s in a.sections}
    used |= {m.published for a in AREAS for m in a.marks.values() if m.published}
    used |= {queries.load(q).months for q in set(used) if queries.load(q).months}  # a window query's months
    for area in AREAS:
        folder = [q for q in queries.names() if q.startswith(f"{area.key}/")]
        assert set(folder) <= used, f"unused SQL in queries/{area.key}/: {sorted(set(folder) - used)}"


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_a_page_file_holds_only_what_is_its_own(area):
    source = (REPO_DIR / area.page).read_text(encoding="utf-8")
    assert re.search(rf"area_page\.render\(\s*{area.key.upper()}\b", source)
    assert "db." not in source and "select " not in source.lower()
    assert len(source.splitlines()) <= 40


def test_force_specific_words_come_from_configuration():
    # What a person sees: the pages, the engine and the methods text (not the builders of reference data,
    # which read the public files for this force by name, nor the demonstration generator, calibrated to
    # this force's published figures).
    refresh = REPO_DIR / "briefing" / "refresh"
    builders = {refresh / "reference.py", refresh / "ingest.py", refresh / "public.py"}  # public.py: known breaks
    engine = [
        p for p in (REPO_DIR / "briefing").rglob("*.py") if p not in builders and refresh / "demo" not in p.parents
    ]
    sources = [REPO_DIR / "app.py", *(REPO_DIR / "pages").glob("*.py"), *(REPO_DIR / "briefing").glob("*.md"), *engine]
    assert len(engine) > 40, "every module of the engine is read"
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for phrase in ("all seven LPAs", "3 April 2023", "return to Scan", "West Midlands"):
            assert phrase not in text, f"{path.name} says {phrase!r}: read it from data/force.toml or events.csv"
