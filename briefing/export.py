"""The briefing pack: PowerPoint and PDF for the current filters, made to be projected in a meeting room.

Three steps, each in one place:
- `build_slides`: what the pack says, as Slide records (title, summary of every area's primary
  verdict, per area a tiles slide and a chart slide, method, sources). Every tile number passes
  through `tile_texts`, the one place small-number suppression applies.
- `layout`: where each piece goes on a 13.33 x 7.5 inch slide, as Boxes with their text already
  wrapped to the box (Helvetica/Arial metrics), so a box's height is known to fit its text.
- `build_pptx` and `build_pdf` draw the same Boxes, so the two files cannot disagree.
Charts are the app's own XmR charts, rendered to PNG by vl-convert (no browser).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import vl_convert
from fpdf import FPDF, ViewerPreferences
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from briefing import area_data, charts, claims, db, peers, real_outcomes, suppression
from briefing.area_data import AreaData
from briefing.areas import AREAS, INVESTIGATIONS, Area
from briefing.config import DEMO_TEXT
from briefing.contracts import CONTRACTS
from briefing.filters import View

TILE_COLUMNS = {"measure": "Measure", "was": "What was", "is": "What is", "change": "Change",
                "change_verdict": "Compared with before", "model": "Against the earlier trend"}
SUMMARY_COLUMNS = {"area": "Concern area", "measure": "Primary measure", "was": "What was", "is": "What is",
                   "change": "Change", "change_verdict": "Compared with before",
                   "model_verdict": "Against the earlier trend"}
# The columns of each table that wrap; every other column is as wide as its longest value.
WRAPPING = {"tiles": ("measure", "model"), "summary": ("area", "measure", "model_verdict")}
METHOD = (
    "What is against what was: two windows of whole calendar months, anchored to the latest month of data.",
    "Counts are compared as monthly means; shares as pooled rates (total numerator over total denominator); "
    "durations as medians of monthly medians; backlogs as the value at the end of each window.",
    "Each measure answers two questions, apart. Compared with before: is what is different from what was by "
    "more than month-to-month variation explains (improved, worsened or no clear change)? Against the earlier "
    "trend: over the first 12 months of what is, is the measure better or worse than the path it was already on "
    "(or in line with it, or can't tell yet)? The measures of a page are judged together. Data and methods in "
    "the app explains the models.",
    "Charts are XmR (statistical process control) charts: the mean and limits are worked out separately before "
    "and after the operating-model change. Diamonds mark special-cause months, black squares published figures, "
    "numbered dotted lines dated events; the shaded bands are the two windows compared.",
)

# Slide geometry, inches. Text sizes, points: nothing on a slide is smaller than BODY.
SLIDE_W, SLIDE_H, MARGIN = 13.333, 7.5, 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE, SUBTITLE, LEAD, BODY = 28, 16, 18, 14
PAD = 0.05  # inner margin of every text box and table cell
LINE = 1.2  # line height as a multiple of the font size
SPARE = 0.95  # text is wrapped to 95% of its box (renderers set text a little wider than the metrics)
FOOTER_TOP = SLIDE_H - 0.5
CHART_PX_PER_INCH = 80  # 13 px chart text prints at about 12 pt


@dataclass(frozen=True)
class Slide:
    title: str
    subtitle: str
    tiles: tuple[dict[str, str], ...] = ()  # one dict per measure, keys as TILE_COLUMNS
    summary: tuple[dict[str, str], ...] = ()  # one dict per area, keys as SUMMARY_COLUMNS
    chart_png: bytes | None = None
    chart_alt: str = ""
    sentence: str = ""
    lines: tuple[str, ...] = ()  # body text: notes, method, or why the data are unavailable
    sources: tuple[str, ...] = ()
    demo: bool = False


def tile_texts(data: AreaData, measures) -> list[dict[str, str]]:
    """The text of each tile of `measures` in the pack: measure (labelled force-wide where its data have
    no LPA), was, is, change, both answers (`model`: the second with its figures), and the sentence saying
    what changed. Every number on a
    slide comes from here, from the same protected frames and tile texts as the app's (`suppression.shown_tiles`)."""
    area, view = data.area, data.view
    comparisons = data.comparisons_of(measures)
    return [
        {"measure": c.measure.label + (" (force-wide)" if c.measure.key in area.force_wide_measures
                                       and not view.force_wide else ""),
         "was": shown.was, "is": shown.value, "change": shown.change or "n/a",
         "change_verdict": shown.change_verdict, "model_verdict": shown.model_verdict,
         "model": shown.model_figures or shown.model_verdict, "sentence": shown.sentence}
        for c, shown in zip(comparisons, suppression.shown_tiles(comparisons, data.withheld, view))
    ]


def _plain(publication: str) -> str:
    # Calibration notes were written for the project team; a reader of the pack needs the publication.
    return publication.replace(", as quoted in this project's brief", " (23 November 2023)")


def source_line(name: str) -> str:
    """One extract in plain words: what it is and where it comes from (for demonstration data, the
    published figures it is calibrated to)."""
    title = CONTRACTS[name].title if name in CONTRACTS else name
    entry = db.entry(name)
    if not entry:
        return f"{title}: not available."
    if not entry.get("demo"):
        return f"{title}: {entry.get('source', 'source not recorded')}. {entry.get('licence', '')}".strip()
    # One title per publication: later points from the same URL are cited "(as above)".
    titles = {}
    for point in entry.get("calibration", []):
        publication = point.get("source", "").removesuffix(" (as above)")
        titles.setdefault(point.get("url") or publication, _plain(publication))
    calibrated = f", calibrated to {'; '.join(sorted(set(titles.values())))}" if titles else ""
    return f"{title}: demonstration data made to look like the force's records{calibrated}."


def extract_sources(names) -> tuple[str, ...]:
    return tuple(source_line(name) for name in names)


def _area_sources(area: Area) -> tuple[str, ...]:
    titles = [CONTRACTS[n].title if n in CONTRACTS else n for n in area.extracts]
    demo = [n for n in area.extracts if db.is_demo(n)]
    text = "Sources: " + "; ".join(titles) + "."
    if demo:
        text += " Demonstration data calibrated to published figures (listed on the Sources slide)."
    return (text,)


def main_chart(data: AreaData, view: View, demo: bool) -> tuple[bytes, str]:
    """The area's main XmR chart (`Area.main_measure`) as the app draws it (ui.trend), with its marks, as
    PNG, with its text alternative. A static image has no tooltips, so published figures are named in
    the chart's legend."""
    area = data.area
    comparison = next(iter(data.comparisons_of([area.main_measure])))
    spec, summary, _ = area_data.trend_chart(data, comparison, view, demo)
    # Drawn off the page, the chart grows to hold its legends: the room the page reserves for them in the
    # padding (charts._place_legends) is not needed.
    return vl_convert.vegalite_to_png(spec | {"width": 640, "height": 250, "padding": 5}, scale=2), summary


def area_slides(area: Area, view: View) -> list[Slide]:
    """An area's tiles slide (tiles, what changed, sources) and its chart slide."""
    demo = any(db.is_demo(name) for name in area.extracts)
    sources = _area_sources(area)
    data = area_data.load(area, view)
    main = area.main_measure
    tiles = tile_texts(data, area.headline_measures)
    if data.frame_of(main) is None or not tiles:
        exc = next(iter(data.problems.values()))
        return [Slide(area.title, area.question, lines=(f"{exc}. Its figures are left out of the pack until the "
                      "extract passes validation; see Data and methods in the app.",), sources=sources, demo=demo)]
    png, chart_alt = main_chart(data, view, demo)
    lines = (area.note,) if area.note and not view.force_wide else ()
    return [
        Slide(area.title, area.question, tuple(tiles), sentence=tiles[0]["sentence"], lines=lines,
              sources=sources, demo=demo),
        Slide(f"{area.title}: trend", f"{main.label}, {area.where(main, view)}", chart_png=png, chart_alt=chart_alt,
              sentence=chart_alt, demo=demo),
    ]


def outcomes_slides(view: View) -> list[Slide]:
    """Investigations' real crime outcomes (Home Office, by quarter, closed basis): the charge/summons rate
    chart for the force, its peers and England and Wales, and a slide of both answers on each measure.
    Real data: no demonstration mark."""
    title = f"{INVESTIGATIONS.title}: real crime outcomes"
    sources = extract_sources(("force_outcomes_quarterly", "force_population"))
    try:
        shown = [real_outcomes.compared(view, "closed", key) for key in real_outcomes.MEASURES]
    except db.ExtractUnavailable as exc:
        return [Slide(title, "Home Office crime outcomes", lines=(f"{exc}. Left out of the pack until the extract "
                      "passes validation; see Data and methods in the app.",), sources=sources)]
    first = shown[0]
    png = vl_convert.vegalite_to_png(first.chart | {"width": 640, "height": 250}, scale=2)
    alt = real_outcomes.summary(first)
    # Q1 on the force's own quarters; Q2 by the comparative model against its peers.
    tiles = tuple({"measure": o.measure.label, "was": o.value(o.q1.was), "is": o.value(o.q1.is_),
                   "change": o.change(o.q1.change), "change_verdict": o.q1.change_verdict,
                   "model": f"Against its peers: {o.vs_peers.verdict}"
                            + (f", {o.vs_peers.interval_text()}" if o.vs_peers.effect is not None else "")}
                  for o in shown)
    row = first.table.set_index("series").loc[first.own]
    return [
        Slide(title, f"{first.measure.label}: {first.own}, its peers and England and Wales, by quarter "
              "(investigations closed)", chart_png=png, chart_alt=alt, sentence=alt, sources=sources),
        Slide("Real crime outcomes: both answers",
              f"What was {first.was.label()}, what is {first.is_.label()}, in whole quarters"
              + (f"; the shares of assigned outcomes from {first.used_was}, after a declared recording change"
                 if first.used_was != first.was.label() else ""),
              tiles, sentence=(f"Compared with before: on the force's own quarters; then against the path "
                               f"its peers project over the first four quarters of what is (95% interval in the "
                               f"interval column). {first.own} ranks {peers.ordinal(int(row['rank_of_43']))} of 43 "
                               f"on the charge/summons rate in what is."),
              sources=sources),
    ]


def summary_rows(view: View) -> tuple[dict[str, str], ...]:
    """Each area's primary measure: what was, what is, change and both answers (protected as on its tile)."""
    rows = []
    for area in AREAS:
        tiles = tile_texts(area_data.load(area, view), [area.primary])
        if not tiles:
            rows.append({"area": area.title, "measure": area.primary.label, "was": "n/a", "is": "n/a",
                         "change": "n/a", "change_verdict": "data unavailable", "model_verdict": "data unavailable"})
            continue
        rows.append({"area": area.title} | {k: tiles[0][k] for k in SUMMARY_COLUMNS if k != "area"})
    return tuple(rows)


def claim_slides(force) -> list[Slide]:
    """One slide per checkable claim of the force's letter: the claim, the verdict its data give now
    (recomputed from the data, never typed in), the measure and figures, and what would test it."""
    results = claims.evaluated(force)
    return [
        Slide(f"The force's claims, {n} of {len(results)}: {r.verdict}", f"The letter of {claims.LETTER:%-d %B %Y} "
              f"claims: {r.claim}",
              lines=(f"Verdict from the data: {r.verdict}.", f"Tested by: {r.measure}.", f"Figures: {r.figure}.",
                     *((f"Would test it: {r.needs}.",) if r.needs else ())),
              sources=(r.data,), demo=r.demo)
        for n, r in enumerate(results, 1)
    ]


def build_slides(view: View) -> list[Slide]:
    """Title, summary, two slides per concern area in AREAS, one per claim of the force's letter, method,
    sources."""
    force = view.force
    body = [slide for area in AREAS for slide in
            (*area_slides(area, view), *(outcomes_slides(view) if area is INVESTIGATIONS else ()))]
    used = sorted({name for area in AREAS for name in area.extracts})
    demo = any(slide.demo for slide in body)
    title = Slide(
        f"{force.name}: briefing pack",
        "What is, against what was, for each area HMICFRS named a cause of concern",
        lines=(
            f"Area: {view.lpa_label}",
            f"What was: {view.was.label()}",
            f"What is: {view.is_.label()}",
            f"Data as at: {view.latest:%B %Y} (the latest month in the data)",
            f"Protective marking: {force.protective_marking}",
        ),
        demo=demo,
    )
    summary = Slide(
        "Summary: each area's primary measure",
        f"{view.lpa_label}; what was {view.was.label()}, what is {view.is_.label()}",
        summary=summary_rows(view),
        lines=("Verdict colours: green improved, vermilion worsened, blue increased or decreased (a measure that "
               "is neither good nor bad), grey no clear change.",),
        demo=demo,
    )
    method = Slide("Method", "How the figures are compared", lines=METHOD, demo=demo)
    sources = Slide("Sources", "Where the figures come from", lines=extract_sources(used), demo=demo)
    return [title, summary, *body, *claim_slides(force), method, sources]


# --- Layout: the same boxes for both files -------------------------------------------------------
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


_METRICS = FPDF()
_METRICS.add_page()


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in inches of one line in Helvetica (the metrics of Arial and Liberation Sans)."""
    _METRICS.set_font("helvetica", "B" if bold else "", size)
    return _METRICS.get_string_width(_latin1(text)) / 25.4


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
    natural = [max(text_width(row[j], BODY, bold=True) for row in cells) / SPARE + 2 * PAD + 0.02
               for j in range(len(keys))]
    # A wrapping column is never narrower than its longest word; the rest of the width goes in proportion.
    least = [max(text_width(word, BODY, bold=True) for row in cells for word in row[j].split() or [""]) / SPARE
             + 2 * PAD + 0.02 if k in wrapping else natural[j] for j, k in enumerate(keys)]
    rest = CONTENT_W - sum(least)
    share = sum(w for k, w in zip(keys, natural) if k in wrapping)
    widths = [low + rest * w / share if k in wrapping else w for k, w, low in zip(keys, natural, least)]
    rows = [[wrap(text, widths[j] - 2 * PAD, BODY, bold=i == 0) for j, text in enumerate(row)]
            for i, row in enumerate(cells)]
    heights = [text_height(max(len(cell) for cell in row), BODY) for row in rows]
    return Box(name, MARGIN, y, CONTENT_W, sum(heights), rows=rows, widths=widths, heights=heights)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


GREY_TEXT, MARK_COLOUR, HEADER_FILL, BAND_FILL = (89, 89, 89), _rgb(charts.VERMILLION), (222, 235, 247), \
    (245, 245, 245)


def layout(slide: Slide, number: int, total: int, produced: date, marking: str) -> list[Box]:
    """Every box of one slide, top to bottom. Footer: demonstration mark, protective marking, date
    produced and slide number; the marking is repeated at the top, as the classification scheme asks."""
    boxes = [
        _text_box("marking-top", MARGIN, 0.1, CONTENT_W, [marking], bold=True, align="C"),
        _text_box("title", MARGIN, 0.45, CONTENT_W, [slide.title], size=TITLE, bold=True),
    ]
    boxes.append(_text_box("subtitle", MARGIN, boxes[-1].y + boxes[-1].h, CONTENT_W, [slide.subtitle],
                           size=SUBTITLE, colour=GREY_TEXT))
    y = boxes[-1].y + boxes[-1].h + 0.15
    footer = [
        _text_box("demo-mark", MARGIN, FOOTER_TOP, 4.4, [DEMO_TEXT if slide.demo else ""], bold=True,
                  colour=MARK_COLOUR),
        _text_box("marking-bottom", MARGIN + 4.4, FOOTER_TOP, 3.5, [marking], bold=True, align="C"),
        _text_box("slide-number", MARGIN + 7.9, FOOTER_TOP, CONTENT_W - 7.9,
                  [f"Produced {produced:%-d %b %Y} · slide {number} of {total}"], colour=GREY_TEXT, align="R"),
    ]
    bottom = FOOTER_TOP - 0.05
    if slide.sources:
        sources = _text_box("sources", MARGIN, 0, CONTENT_W, list(slide.sources), colour=GREY_TEXT)
        sources.y = bottom - sources.h
        bottom = sources.y - 0.1
        footer.append(sources)
    if slide.tiles or slide.summary:
        table = (_table("tiles", y, TILE_COLUMNS, slide.tiles, WRAPPING["tiles"]) if slide.tiles
                 else _table("summary", y, SUMMARY_COLUMNS, slide.summary, WRAPPING["summary"]))
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
                out.append(Slide(slide.title, slide.subtitle, lines=tuple(page), sources=slide.sources,
                                 demo=slide.demo))
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


# --- PowerPoint ----------------------------------------------------------------------------------
FONT = "Arial"  # LibreOffice draws it with the metric-compatible Liberation Sans


def _pptx_font(font, size, bold=False, colour=(0, 0, 0)):
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = RGBColor(*colour)


def _pptx_text(slide, box: Box):
    shape = slide.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    shape.name = box.name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Inches(PAD)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    # One paragraph per text (a sentence, or an item of a list), wrapped by PowerPoint: a paragraph per
    # wrapped line broke sentences apart for a screen reader. The box was measured wrapping at 95% of its
    # width (SPARE), so PowerPoint's own line breaks fit in it.
    for i, text in enumerate(box.texts or box.lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text.replace("\n", "\v")  # a line break inside the paragraph
        paragraph.alignment = {"L": PP_ALIGN.LEFT, "C": PP_ALIGN.CENTER, "R": PP_ALIGN.RIGHT}[box.align]
        paragraph.line_spacing = Pt(box.size * LINE)  # exact points, as measured (a float multiplies the font's own)
        _pptx_font(paragraph.font, box.size, box.bold, box.colour)
        _english(paragraph)
    return shape


def _english(paragraph) -> None:
    """Mark a paragraph's text as British English, for a screen reader's voice and a spelling checker."""
    for run in paragraph.runs:
        run.font.language_id = MSO_LANGUAGE_ID.ENGLISH_UK


def _pptx_table(slide, box: Box):
    shape = slide.shapes.add_table(len(box.rows), len(box.widths), Inches(box.x), Inches(box.y), Inches(box.w),
                                   Inches(box.h))
    shape.name = box.name
    table = shape.table
    table.first_row = True
    for j, width in enumerate(box.widths):
        table.columns[j].width = Inches(width)
    for i, (row, height) in enumerate(zip(box.rows, box.heights)):
        table.rows[i].height = Inches(height)
        for j, lines in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = cell.margin_top = cell.margin_bottom = Inches(PAD)
            cell.text = " ".join(lines)
            fill = box.fills.get((i, j), HEADER_FILL if i == 0 else BAND_FILL if i % 2 == 0 else (255, 255, 255))
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(*fill)
            for paragraph in cell.text_frame.paragraphs:
                _english(paragraph)
                paragraph.line_spacing = Pt(BODY * LINE)
                _pptx_font(paragraph.font, BODY, bold=i == 0 or (i, j) in box.fills and i > 0,
                           colour=(255, 255, 255) if i > 0 and (i, j) in box.fills else (0, 0, 0))
    return shape


LANGUAGE = "en-GB"


def pack_title(view: View) -> str:
    """The pack's document title (what a screen reader and a file's properties give), with its view."""
    return (f"{view.force.name}: briefing pack, {view.lpa_label}, what was {view.was.label()}, "
            f"what is {view.is_.label()}")


def build_pptx(view: View, produced: date | None = None) -> bytes:
    """The briefing pack as a PowerPoint file (16:9), one slide per layout."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    deck.core_properties.title = pack_title(view)
    deck.core_properties.language = LANGUAGE
    deck.core_properties.author = view.force.name
    layout_ = deck.slide_layouts[5]  # title only: each slide has a real title, for screen readers and outline view
    for boxes in pack_layouts(view, produced):
        slide = deck.slides.add_slide(layout_)
        for box in boxes:
            if box.name == "title":
                title = slide.shapes.title
                title.left, title.top, title.width, title.height = (Inches(v) for v in (box.x, box.y, box.w, box.h))
                frame = title.text_frame
                frame.word_wrap = True
                frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Inches(PAD)
                frame.vertical_anchor = MSO_ANCHOR.TOP
                frame.text = " ".join(box.lines)  # one paragraph, wrapped by PowerPoint
                for paragraph in frame.paragraphs:
                    _english(paragraph)
                    paragraph.alignment = PP_ALIGN.LEFT
                    paragraph.line_spacing = Pt(box.size * LINE)
                    _pptx_font(paragraph.font, box.size, bold=True)
            elif box.png:
                picture = slide.shapes.add_picture(io.BytesIO(box.png), Inches(box.x), Inches(box.y),
                                                   Inches(box.w), Inches(box.h))
                picture.name = "Chart"
                picture._element.nvPicPr.cNvPr.set("descr", box.alt)
            elif box.rows:
                _pptx_table(slide, box)
            elif any(box.lines):
                _pptx_text(slide, box)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------
# The PDF uses a core font (no font file needed), which holds Latin-1 only.
_LATIN1 = str.maketrans({"·": "-", "−": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
                         "…": "...", "≥": ">=", "≤": "<="})


def _latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _pdf_lines(pdf: FPDF, x: float, y: float, w: float, lines: list[str], size: float, bold=False,
               colour=(0, 0, 0), align="L"):
    pdf.set_font("helvetica", "B" if bold else "", size)
    pdf.set_text_color(*colour)
    step = size * LINE / 72
    for k, line in enumerate(lines):
        pdf.set_xy(x + PAD, y + PAD + k * step)
        pdf.cell(w - 2 * PAD, step, _latin1(line), align=align)


def build_pdf(view: View, produced: date | None = None) -> bytes:
    """The briefing pack as a PDF of slide-sized pages, drawn from the same layouts as the PowerPoint."""
    pdf = FPDF(unit="in", format=(SLIDE_H, SLIDE_W))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(pack_title(view))
    pdf.set_lang(LANGUAGE)
    pdf.set_author(view.force.name)
    # Readers show the title, not the file name, in the window and tab (PDF/UA asks for it).
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    for boxes in pack_layouts(view, produced):
        pdf.add_page(orientation="landscape")
        for box in boxes:
            if box.png:
                pdf.image(io.BytesIO(box.png), x=box.x, y=box.y, w=box.w, h=box.h, alt_text=_latin1(box.alt))
            elif box.rows:
                top = box.y
                for i, (row, height) in enumerate(zip(box.rows, box.heights)):
                    left = box.x
                    for j, (lines, width) in enumerate(zip(row, box.widths)):
                        coloured = i > 0 and (i, j) in box.fills
                        fill = box.fills.get((i, j), HEADER_FILL if i == 0 else BAND_FILL if i % 2 == 0
                                             else (255, 255, 255))
                        pdf.set_fill_color(*fill)
                        pdf.set_draw_color(255, 255, 255)
                        pdf.rect(left, top, width, height, style="DF")
                        _pdf_lines(pdf, left, top, width, lines, BODY, bold=i == 0 or coloured,
                                   colour=(255, 255, 255) if coloured else (0, 0, 0))
                        left += width
                    top += height
            else:
                _pdf_lines(pdf, box.x, box.y, box.w, box.lines, box.size, box.bold, box.colour, box.align)
    return bytes(pdf.output())
