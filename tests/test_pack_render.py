"""The briefing pack as a meeting room sees it: both files rendered (LibreOffice for the PowerPoint,
the PDF as written), and every word drawn inside its own box, no two boxes overlapping, nothing off
the slide, text 14 pt or more. One pack (the fixture data, one LPA), to keep it quick."""

import io
import os
import re
import shutil
import subprocess
from html import unescape

import pytest
from pptx import Presentation
from pptx.util import Emu

from briefing.config import load_force
from briefing.pack import content, layout, pdf, powerpoint
from briefing.store import db
from briefing.view import parse
from tests.conftest import COVENTRY, make_data_dir

NEEDS = ("soffice", "pdftotext")
missing = [tool for tool in NEEDS if not shutil.which(tool)]
if missing and os.environ.get("CI") != "true":
    pytest.skip(
        f"{', '.join(missing)} not installed (apt-get install libreoffice-impress poppler-utils)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow  # LibreOffice renders the pack: a minute or more of set-up
POINTS = 72
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_DATA_DIR", str(make_data_dir(folder / "data")))
        yield from _render(folder)


def _render(folder):
    force = load_force()
    chosen = parse({"lpa": [COVENTRY]}, force, db.earliest_month(), db.latest_month())
    (folder / "pack.pptx").write_bytes(powerpoint.build_pptx(chosen))
    (folder / "pack.pdf").write_bytes(pdf.build_pdf(chosen))
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "rendered"),
            str(folder / "pack.pptx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=os.environ | {"HOME": str(folder)},
    )
    yield folder, layout.pack_layouts(chosen)


def rectangles(deck_bytes) -> list[list[tuple[str, float, float, float, float]]]:
    """Each slide's shapes as (name, left, top, right, bottom) in points."""
    deck = Presentation(io.BytesIO(deck_bytes))
    pt = Emu(1).pt
    return [
        [
            (
                shape.name,
                shape.left * pt,
                shape.top * pt,
                (shape.left + shape.width) * pt,
                (shape.top + shape.height) * pt,
            )
            for shape in slide.shapes
        ]
        for slide in deck.slides
    ]


def words(pdf_path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word the PDF draws, per page, with its box in points (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], check=True, capture_output=True, text=True).stdout
    return [
        [(float(a), float(b), float(c), float(d), unescape(w)) for a, b, c, d, w in WORD.findall(body)]
        for _, _, body in PAGE.findall(html)
    ]


def overlaps(a, b) -> bool:
    return a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5


def inside(word, box, slack=1.5) -> bool:
    x0, y0, x1, y1, _ = word
    return box[1] - slack <= x0 and x1 <= box[3] + slack and box[2] - slack <= y0 and y1 <= box[4] + slack


def check_page(page_words, boxes, where):
    """Every word (outside the chart picture, whose text is drawn in the image) lies in one box."""
    text_boxes = [b for b in boxes if b[0] != "Chart"]
    for word in page_words:
        assert any(inside(word, box) for box in text_boxes), f"{where}: {word[4]!r} at {word[:4]} is outside every box"


def test_no_box_overlaps_another_or_leaves_the_slide(pack):
    folder, _ = pack
    width, height = layout.SLIDE_W * POINTS, layout.SLIDE_H * POINTS
    for number, shapes in enumerate(rectangles((folder / "pack.pptx").read_bytes()), start=1):
        for i, a in enumerate(shapes):
            assert 0 <= a[1] and a[3] <= width + 0.5 and 0 <= a[2] and a[4] <= height + 0.5, (number, a)
            for b in shapes[i + 1 :]:
                assert not overlaps(a, b), f"slide {number}: {a[0]} overlaps {b[0]}"


def test_every_text_fits_its_box_by_estimate(pack):
    """Re-wrap each box's text at its size with the pack's own metrics: it needs no more lines than
    the box has room for, and no value in a table cell breaks across lines."""
    _, layouts = pack
    for number, boxes in enumerate(layouts, start=1):
        for box in boxes:
            assert box.size >= layout.BODY, (number, box.name)
            if box.lines:
                text = " ".join(box.lines)
                assert (
                    layout.text_height(len(layout.wrap(text, box.w - 2 * layout.PAD, box.size, box.bold)), box.size)
                    <= box.h + 1e-6
                ), (number, box.name)
            columns = list(content.TILE_COLUMNS if box.name == "tiles" else content.SUMMARY_COLUMNS)
            for i, row in enumerate(box.rows):
                for j, cell in enumerate(row):
                    assert layout.text_height(len(cell), layout.BODY) <= box.heights[i] + 1e-6
                    if columns[j] not in content.WRAPPING.get(box.name, ()):
                        assert len(cell) == 1, f"slide {number}: {' '.join(cell)!r} wraps"


def test_rendered_powerpoint_draws_every_word_inside_its_box(pack):
    folder, layouts = pack
    pages = words(folder / "rendered" / "pack.pdf")
    slides = rectangles((folder / "pack.pptx").read_bytes())
    assert len(pages) == len(slides) == len(layouts)
    for number, (page_words, shapes) in enumerate(zip(pages, slides), start=1):
        assert page_words, f"slide {number} renders no text"
        check_page(page_words, shapes, f"PowerPoint slide {number}")


def test_pdf_draws_every_word_inside_its_box(pack):
    folder, layouts = pack
    pages = words(folder / "pack.pdf")
    assert len(pages) == len(layouts)
    for number, (page_words, boxes) in enumerate(zip(pages, layouts), start=1):
        rects = [
            ("Chart" if b.png else b.name, b.x * POINTS, b.y * POINTS, (b.x + b.w) * POINTS, (b.y + b.h) * POINTS)
            for b in boxes
        ]
        check_page(page_words, rects, f"PDF page {number}")
        text = " ".join(w[4] for w in page_words)
        assert "OFFICIAL-SENSITIVE" in text and f"of {len(layouts)}" in text, number
