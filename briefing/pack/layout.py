"""Where each piece of a slide goes on a 13.33 x 7.5 inch slide: Boxes with their text already wrapped
to the box (Helvetica/Arial metrics), so a box's height is known to fit its text. Both writers draw
these boxes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from fpdf import FPDF
from PIL import Image

from briefing.config import DEMO_TEXT
from briefing.pack.content import SUMMARY_COLUMNS, TILE_COLUMNS, WRAPPING, Slide, build_slides
from briefing.present import charts
from briefing.view import View

# Slide geometry, inches. Text sizes, points: nothing on a slide is smaller than BODY.
SLIDE_W, SLIDE_H, MARGIN = 13.333, 7.5, 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE, SUBTITLE, LEAD, BODY = 28, 16, 18, 14
PAD = 0.05  # inner margin of every text box and table cell
LINE = 1.2  # line height as a multiple of the font size
SPARE = 0.95  # text is wrapped to 95% of its box (renderers set text a little wider than the metrics)
FOOTER_TOP = SLIDE_H - 0.5
CHART_PX_PER_INCH = 80  # 13 px chart text prints at about 12 pt

LANGUAGE = "en-GB"

# The PDF uses a core font (no font file needed), which holds Latin-1 only; text is measured as drawn.
_LATIN1 = str.maketrans(
    {"·": "-", "−": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "≥": ">=", "≤": "<="}
)


def latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


@dataclass
class Box:
    """A rectangle on a slide (inches) with what it holds: wrapped text lines, a table or a picture."""

    name: str
    x: float
    y: float
    w: float
    h: float
    size: int = BODY
    lines: list[str] = field(default_factory=list)  # text, already wrapped to the box width
    texts: list[str] = field(default_factory=list)  # the texts before wrapping: one paragraph each
    bold: bool = False
    colour: tuple[int, int, int] = (0, 0, 0)
    align: str = "L"
    rows: list[list[list[str]]] = field(default_factory=list)  # table: row -> cell -> wrapped lines
    widths: list[float] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    fills: dict[tuple[int, int], tuple[int, int, int]] = field(default_factory=dict)
    png: bytes | None = None
    alt: str = ""

    def fill(self, row: int, column: int) -> tuple[int, int, int]:
        """A table cell's fill: a verdict's colour where one is set, else the header's, else banded rows."""
        return self.fills.get((row, column), HEADER_FILL if row == 0 else BAND_FILL if row % 2 == 0 else WHITE)


_METRICS = FPDF()
_METRICS.add_page()


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in inches of one line in Helvetica (the metrics of Arial and Liberation Sans)."""
    _METRICS.set_font("helvetica", "B" if bold else "", size)
    return _METRICS.get_string_width(latin1(text)) / 25.4


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to a width in inches (inner margins excluded by the caller), with SPARE."""
    width *= SPARE
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def text_height(lines: int, size: float) -> float:
    return lines * size * LINE / 72 + 2 * PAD


def _text_box(name, x, y, w, texts, size=BODY, bold=False, colour=(0, 0, 0), align="L") -> Box:
    lines = [line for text in texts for line in wrap(text, w - 2 * PAD, size, bold)]
    return Box(name, x, y, w, text_height(len(lines), size), size, lines, list(texts), bold, colour, align)


def _table(name: str, y: float, columns: dict[str, str], records, wrapping: tuple[str, ...]) -> Box:
    """A table across the content width. Value columns are as wide as their longest value (so a
    value never wraps); the `wrapping` columns share what is left, in proportion to their longest text."""
    keys = list(columns)
    cells = [[columns[k] for k in keys]] + [[record[k] for k in keys] for record in records]
    # Measured in bold throughout: headers and coloured verdict cells are bold.
    natural = [
        max(text_width(row[j], BODY, bold=True) for row in cells) / SPARE + 2 * PAD + 0.02 for j in range(len(keys))
    ]
    # A wrapping column is never narrower than its longest word; the rest of the width goes in proportion.
    least = [
        max(text_width(word, BODY, bold=True) for row in cells for word in row[j].split() or [""]) / SPARE
        + 2 * PAD
        + 0.02
        if k in wrapping
        else natural[j]
        for j, k in enumerate(keys)
    ]
    rest = CONTENT_W - sum(least)
    share = sum(w for k, w in zip(keys, natural) if k in wrapping)
    widths = [low + rest * w / share if k in wrapping else w for k, w, low in zip(keys, natural, least)]
    rows = [
        [wrap(text, widths[j] - 2 * PAD, BODY, bold=i == 0) for j, text in enumerate(row)]
        for i, row in enumerate(cells)
    ]
    heights = [text_height(max(len(cell) for cell in row), BODY) for row in rows]
    return Box(name, MARGIN, y, CONTENT_W, sum(heights), rows=rows, widths=widths, heights=heights)


def _rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


WHITE = (255, 255, 255)
GREY_TEXT, MARK_COLOUR, HEADER_FILL, BAND_FILL = (89, 89, 89), _rgb(charts.VERMILLION), (222, 235, 247), (245, 245, 245)


def layout(slide: Slide, number: int, total: int, produced: date, marking: str) -> list[Box]:
    """Every box of one slide, top to bottom. Footer: demonstration mark, protective marking, date
    produced and slide number; the marking is repeated at the top, as the classification scheme asks."""
    boxes = [
        _text_box("marking-top", MARGIN, 0.1, CONTENT_W, [marking], bold=True, align="C"),
        _text_box("title", MARGIN, 0.45, CONTENT_W, [slide.title], size=TITLE, bold=True),
    ]
    boxes.append(
        _text_box(
            "subtitle", MARGIN, boxes[-1].y + boxes[-1].h, CONTENT_W, [slide.subtitle], size=SUBTITLE, colour=GREY_TEXT
        )
    )
    y = boxes[-1].y + boxes[-1].h + 0.15
    footer = [
        _text_box(
            "demo-mark", MARGIN, FOOTER_TOP, 4.4, [DEMO_TEXT if slide.demo else ""], bold=True, colour=MARK_COLOUR
        ),
        _text_box("marking-bottom", MARGIN + 4.4, FOOTER_TOP, 3.5, [marking], bold=True, align="C"),
        _text_box(
            "slide-number",
            MARGIN + 7.9,
            FOOTER_TOP,
            CONTENT_W - 7.9,
            [f"Produced {produced:%-d %b %Y} · slide {number} of {total}"],
            colour=GREY_TEXT,
            align="R",
        ),
    ]
    bottom = FOOTER_TOP - 0.05
    if slide.sources:
        sources = _text_box("sources", MARGIN, 0, CONTENT_W, list(slide.sources), colour=GREY_TEXT)
        sources.y = bottom - sources.h
        bottom = sources.y - 0.1
        footer.append(sources)
    if slide.tiles or slide.summary:
        table = (
            _table("tiles", y, TILE_COLUMNS, slide.tiles, WRAPPING["tiles"])
            if slide.tiles
            else _table("summary", y, SUMMARY_COLUMNS, slide.summary, WRAPPING["summary"])
        )
        for i in range(len(table.widths)):
            table.fills[(0, i)] = HEADER_FILL
        verdict_column = list(SUMMARY_COLUMNS).index("change_verdict")
        for i, record in enumerate(slide.summary, start=1):
            colour = charts.VERDICT_COLOURS.get(record["change_verdict"].lower(), charts.GREY)
            table.fills[(i, verdict_column)] = _rgb(colour)
        boxes.append(table)
        y = table.y + table.h + 0.2
    if slide.chart_png:
        caption = _text_box("chart-summary", MARGIN, 0, CONTENT_W, [slide.sentence])
        caption.y = bottom - caption.h
        boxes.append(_picture(slide, y, caption.y - 0.1 - y))
        boxes.append(caption)
    else:
        texts = ([slide.sentence] if slide.sentence else []) + list(slide.lines)
        if texts:
            size = LEAD if not (slide.tiles or slide.summary) and len(texts) <= 6 else BODY
            boxes.append(_text_box("body", MARGIN, y, CONTENT_W, texts, size=size))
    return boxes + footer


def _picture(slide: Slide, y: float, height: float) -> Box:
    """The chart, as large as fits the space at its own aspect ratio, centred."""
    assert slide.chart_png is not None  # laid out only for a slide with a chart
    with Image.open(io.BytesIO(slide.chart_png)) as image:
        px_w, px_h = image.size
    # The PNG is drawn at scale 2: never larger than CHART_PX_PER_INCH chart pixels an inch.
    scale = min(CONTENT_W / px_w, height / px_h, 1 / (2 * CHART_PX_PER_INCH))
    w, h = px_w * scale, px_h * scale
    return Box("chart", MARGIN + (CONTENT_W - w) / 2, y, w, h, png=slide.chart_png, alt=slide.chart_alt)


def paginate(slides: list[Slide]) -> list[Slide]:
    """Split a text slide whose body would run into the footer into as many slides as it needs."""
    out = []
    for slide in slides:
        if slide.tiles or slide.summary or slide.chart_png or not slide.lines:
            out.append(slide)
            continue
        page: list[str] = []
        for line in slide.lines:
            trial = Slide(slide.title, slide.subtitle, lines=(*page, line), sources=slide.sources, demo=slide.demo)
            body = next(b for b in layout(trial, 1, 1, date.today(), "") if b.name == "body")
            if page and body.y + body.h > FOOTER_TOP - 0.05:
                out.append(
                    Slide(slide.title, slide.subtitle, lines=tuple(page), sources=slide.sources, demo=slide.demo)
                )
                page = [line]
            else:
                page.append(line)
        continued = [Slide(slide.title, slide.subtitle, lines=tuple(page), sources=slide.sources, demo=slide.demo)]
        if out and out[-1].title == slide.title:
            continued = [Slide(f"{slide.title} (continued)", slide.subtitle, lines=tuple(page), demo=slide.demo)]
        out += continued
    return out


def pack_layouts(view: View, produced: date | None = None) -> list[list[Box]]:
    """Every slide of the pack as boxes (the render test checks these fit and do not overlap)."""
    slides = paginate(build_slides(view))
    produced = produced or date.today()
    marking = view.force.protective_marking
    return [layout(s, i, len(slides), produced, marking) for i, s in enumerate(slides, start=1)]
