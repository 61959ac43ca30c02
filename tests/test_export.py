"""The briefing pack, read back: python-pptx for the PowerPoint, pypdf for the PDF. Slide count,
titles and every tile number equal what the comparison engine gives for the same filters; the
demonstration mark is where it should be; an unavailable extract gives a slide, not a crash."""

import io
from datetime import date

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing.app import pack_download
from briefing.areas import area_data, claims, real_outcomes
from briefing.areas.declarations import AREAS, MARAC
from briefing.config import DEMO_TEXT, load_force
from briefing.pack import content, layout, pdf, powerpoint
from briefing.present import tile, wording
from briefing.store import db
from briefing.store.extracts import ExtractData
from briefing.view import View, parse
from tests.conftest import COVENTRY, FIXTURE_MONTHS, SOLIHULL, calls_frame, incidents_frame, make_data_dir

SPAN = {"period_from": FIXTURE_MONTHS[0], "data_through": date(2023, 6, 30)}


def current_filters(**query) -> View:
    return parse(query, load_force(), db.earliest_month(), db.latest_month())


def engine_rows(area, chosen) -> list[list[str]]:
    """The tiles as the app's comparison engine and wording give them (what the pack must show)."""
    data = area_data.load(area, chosen)
    rows = []
    comparisons = data.comparisons_of(area.headline_measures)
    for c, shown in zip(comparisons, tile.shown(comparisons, data.withheld, chosen)):
        label = c.measure.label
        if c.measure.key in area.force_wide_measures and not chosen.force_wide:
            label += " (force-wide)"
        if shown.suppressed:  # small numbers: what the app's tiles show instead
            rows.append([label, shown.was, shown.value, "n/a", shown.change_verdict, shown.model_verdict])
        else:
            rows.append(
                [
                    label,
                    wording.format_value(c.was, c.measure),
                    wording.format_value(c.is_, c.measure),
                    wording.format_change(c) or "n/a",
                    c.change_verdict,
                    wording.model_figures(c) or c.model_verdict,
                ]
            )
    return rows


def engine_answers(area, chosen) -> list[str]:
    """Each headline tile's answer against the earlier trend, in words, as the app's tiles carry it."""
    data = area_data.load(area, chosen)
    comparisons = data.comparisons_of(area.headline_measures)
    return [shown.model_verdict for shown in tile.shown(comparisons, data.withheld, chosen)]


def pptx_slides(chosen) -> list[dict]:
    deck = Presentation(io.BytesIO(powerpoint.build_pptx(chosen)))
    slides = []
    for slide in deck.slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        tables = [shape.table for shape in slide.shapes if shape.has_table]
        rows = [[cell.text for cell in row.cells] for row in tables[0].rows][1:] if tables else []
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
        slides.append({"title": texts[0], "text": "\n".join(texts), "rows": rows, "pictures": pictures})
    return slides


def pdf_pages(chosen) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf.build_pdf(chosen)))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def expected_titles() -> list[str]:
    titles = ["West Midlands Police: briefing pack", "Summary: each area's primary measure"]
    for area in AREAS:
        titles += [area.title, f"{area.title}: trend"]
        if area.key == "investigations":  # real crime outcomes: the chart, then both answers
            titles += [f"{area.title}: real crime outcomes", "Real crime outcomes: both answers"]
    results = claims.evaluate(load_force())
    titles += [f"The force's claims, {n} of {len(results)}: {r.verdict}" for n, r in enumerate(results, 1)]
    return titles + ["Method", "Sources"]


def tile_slide(slides, area):
    return next(s for s in slides if s["title"] == area.title)


@pytest.mark.parametrize("query", [{}, {"lpa": [COVENTRY]}, {"lpa": [SOLIHULL]}])
def test_pptx_slides_titles_and_numbers_equal_the_engine(shared_fixture_data, query):
    chosen = current_filters(**query)
    slides = pptx_slides(chosen)
    titles = [s["title"] for s in slides]
    assert titles[: len(expected_titles())] == expected_titles()
    assert all(t == "Sources (continued)" for t in titles[len(expected_titles()) :])
    assert chosen.was.label() in slides[0]["text"] and chosen.is_.label() in slides[0]["text"]
    assert chosen.lpa_label in slides[0]["text"]
    assert "Data as at: June 2023" in slides[0]["text"]
    for number, slide in enumerate(slides, start=1):
        assert "OFFICIAL-SENSITIVE" in slide["text"] and f"slide {number} of {len(slides)}" in slide["text"]
    for area in AREAS:
        slide = tile_slide(slides, area)
        assert slide["rows"] == engine_rows(area, chosen), area.key
        assert "Sources:" in slide["text"] and "briefing." not in slide["text"]
        assert len(next(s for s in slides if s["title"] == f"{area.title}: trend")["pictures"]) == 1
    outcomes = next(s for s in slides if s["title"] == "Investigations and outcomes: real crime outcomes")
    assert len(outcomes["pictures"]) == 1 and DEMO_TEXT not in outcomes["text"]  # real data: no mark
    answers = next(s for s in slides if s["title"] == "Real crime outcomes: both answers")
    assert [row[0] for row in answers["rows"]] == [m.label for m in real_outcomes.MEASURES.values()]
    assert all("peers" in row[-1] and row[-2] in ("improved", "worsened", "no clear change") for row in answers["rows"])


def test_summary_slide_gives_each_areas_primary_verdict(shared_fixture_data):
    chosen = current_filters(lpa=[COVENTRY])
    summary = pptx_slides(chosen)[1]
    for area, row in zip(AREAS, summary["rows"], strict=True):
        index = area.headline.index(area.primary_key)
        engine = engine_rows(area, chosen)[index]
        assert row == [area.title, *engine[:5], engine_answers(area, chosen)[index]]


def test_sources_are_plain_words(shared_fixture_data):
    text = " ".join(content.extract_sources(sorted({n for area in AREAS for n in area.extracts})))
    assert "briefing.refresh.demo" not in text and "this project's brief" not in text and "grain:" not in text
    assert "demonstration data" in text


def test_pdf_has_the_same_pages_titles_and_numbers(shared_fixture_data):
    chosen = current_filters()
    pages = pdf_pages(chosen)
    assert len(pages) == len(pptx_slides(chosen))
    marking = "OFFICIAL-SENSITIVE "
    assert pages[0].startswith(marking + "West Midlands Police: briefing pack")
    for area in AREAS:
        page = next(p for p in pages if p.startswith(f"{marking}{area.title} "))
        words = page.split()
        for row in engine_rows(area, chosen):
            assert all(word in words for cell in row[1:] for word in cell.split()), (area.key, row)
        # The sentence under the tiles is the one the app's first tile gives as its help text.
        first = area_data.load(area, chosen).comparisons_of(area.headline_measures)[0]
        assert wording.describe(first, chosen.was.label(), chosen.is_.label()) in page


def test_calls_slide_by_hand(shared_fixture_data):
    """The fixture's 999 figures: 240 of 400 within 10 s, then 375 of 400."""
    slide = next(s for s in pptx_slides(current_filters()) if s["title"] == "Calls and response")
    assert slide["rows"][0][:4] == ["999 calls answered within 10 s", "60.0%", "93.8%", "+33.8 pts"]


def test_demonstration_mark_only_where_an_extract_is_demonstration_data(tmp_path, monkeypatch):
    real = {
        "calls": ExtractData(calls_frame(), "force contact centre", "force", demo=False, **SPAN),
        "incidents": ExtractData(incidents_frame(), "force command and control", "force", demo=False, **SPAN),
    }
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(make_data_dir(tmp_path / "data", real)))
    slides = pptx_slides(current_filters())
    by_title = {s["title"]: s["text"] for s in slides}
    assert DEMO_TEXT in by_title["Investigations and outcomes"]  # crimes are demonstration data
    assert DEMO_TEXT not in by_title["Calls and response"]
    assert DEMO_TEXT in slides[0]["text"], "the title slide carries the mark if any area does"
    pages = {}
    for page in pdf_pages(current_filters()):
        pages.setdefault(page.split(" ")[1], page)  # the first page of each title word, after the marking
    assert DEMO_TEXT in pages["Investigations"] and DEMO_TEXT not in pages["Calls"]
    assert DEMO_TEXT not in by_title["Investigations and outcomes: real crime outcomes"]  # real data


def test_an_unavailable_extract_gets_a_slide_saying_so(tmp_path, monkeypatch):
    broken = {"incidents": ExtractData(incidents_frame().assign(lpa="E99999999"), "fixture", "demo", demo=True, **SPAN)}
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(make_data_dir(tmp_path / "data", broken)))
    slides = pptx_slides(current_filters())
    calls = next(s for s in slides if s["title"] == "Calls and response")
    assert "Data unavailable" in calls["text"] and "must be an LPA code" in calls["text"]
    assert not calls["rows"] and not calls["pictures"]
    investigations = next(s for s in slides if s["title"] == "Investigations and outcomes")
    assert investigations["rows"]
    assert any("Calls and response" in page and "Data unavailable" in page for page in pdf_pages(current_filters()))


def test_every_tile_number_passes_through_tile_texts(shared_fixture_data, monkeypatch):
    """tile_texts is the one seam for suppression: replace it and no engine number is left on a tile."""
    monkeypatch.setattr(
        content,
        "tile_texts",
        lambda data, measures: [
            {
                "measure": m.label,
                "was": "W",
                "is": "I",
                "change": "C",
                "change_verdict": "V1",
                "model_verdict": "V2",
                "model": "V2 in figures",
                "sentence": "W in, change C: V1. V2 in figures.",
            }
            for m in measures
        ],
    )
    slides = pptx_slides(current_filters())
    for slide in (tile_slide(slides, area) for area in AREAS):
        assert all(row[1:] == ["W", "I", "C", "V1", "V2 in figures"] for row in slide["rows"])
        assert "W in" in slide["text"] and "change C: V1. V2 in figures." in slide["text"]


def test_a_protected_value_never_appears(shared_fixture_data, monkeypatch):
    """Coventry's three MARAC referrals in January 2023 (the fixture): "<5" on the slide, no 3 anywhere."""
    monkeypatch.setattr(content, "AREAS", (MARAC,))
    # The claims slides are force-level public figures, not this LPA's: left out so "3" means the count.
    monkeypatch.setattr(content, "claim_slides", lambda force: [])
    chosen = current_filters(lpa=[COVENTRY])
    slides = pptx_slides(chosen)
    rows = {row[0]: row for row in slides[2]["rows"]}  # title, summary, then MARAC's tiles
    assert rows["Referrals awaiting a hearing at month end"][1:3] == ["<5", "<5"]
    assert rows["Referrals a year per 10,000 adult women"][1:3] == ["n/a", "n/a"]  # rests on the referrals
    assert slides[1]["rows"][0][2:4] == ["<5", "<5"]  # the summary: MARAC's primary measure is the backlog
    # No slide shows the 3 (slide numbers aside).
    for number, page in enumerate(pdf_pages(chosen), start=1):
        assert "3" not in page.replace(f"slide {number} of", "").split(), number


def test_download_file_names_say_what_and_when(shared_fixture_data):
    assert pack_download.file_name(current_filters(lpa=[COVENTRY]), "pptx") == (
        "briefing-pack-WMP-Coventry-2023-04-to-2023-06-DEMONSTRATION.pptx"
    )


def test_pptx_has_a_title_a_language_and_one_paragraph_per_sentence(shared_fixture_data):
    """For a screen reader: the document's title and language are set, every run is British English, and a
    sentence wrapped over several lines on a slide is still one paragraph (not one per line)."""
    from pptx.enum.lang import MSO_LANGUAGE_ID

    chosen = current_filters(lpa=[COVENTRY])
    deck = Presentation(io.BytesIO(powerpoint.build_pptx(chosen)))
    assert deck.core_properties.title == content.pack_title(chosen) and "Coventry" in deck.core_properties.title
    assert deck.core_properties.language == "en-GB"
    paragraphs = [
        p
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        if p.text
    ]
    assert all(run.font.language_id == MSO_LANGUAGE_ID.ENGLISH_UK for p in paragraphs for run in p.runs)
    # The sentences the pack wraps over two or more lines, each found whole in one paragraph.
    wrapped = [
        text
        for boxes in layout.pack_layouts(chosen)
        for box in boxes
        if box.texts
        for text in box.texts
        if len(layout.wrap(text, box.w - 2 * layout.PAD, box.size, box.bold)) > 1
    ]
    assert len(wrapped) >= 5
    whole = {p.text for p in paragraphs}
    assert all(text in whole for text in wrapped), [t for t in wrapped if t not in whole][:3]


def structure(element) -> list[dict]:
    """Every element of a PDF's structure tree under `element`."""
    element = element.get_object()
    kids = element.get("/K", [])
    kids = [k.get_object() for k in (kids if isinstance(kids, list) else [kids])]
    return [element] + [e for kid in kids if isinstance(kid, dict) and "/S" in kid for e in structure(kid)]


def test_pdf_has_a_title_a_language_and_alt_text_on_every_chart(shared_fixture_data):
    """fpdf2 tags the charts (a Figure with its alt text), not the text: Data and methods' accessibility
    statement names the PowerPoint as the accessible format of the pack."""
    chosen = current_filters(lpa=[COVENTRY])
    reader = PdfReader(io.BytesIO(pdf.build_pdf(chosen)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and reader.metadata.title == content.pack_title(chosen)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    figures = [element for element in structure(root["/StructTreeRoot"]) if element.get("/S") == "/Figure"]
    charts_in_pack = sum(1 for boxes in layout.pack_layouts(chosen) for box in boxes if box.png)
    assert len(figures) == charts_in_pack and all(f["/Alt"] for f in figures)
