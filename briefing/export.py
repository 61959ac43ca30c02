"""The briefing pack: PowerPoint and PDF for the current filters, one slide per concern area.

Both formats are drawn from one list of Slide records (`build_slides`), so they cannot disagree.
Every number on a tile passes through `tile_texts`, the one place small-number suppression applies.
Charts are the app's own XmR charts, rendered to PNG by vl-convert (no browser).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert
from fpdf import FPDF
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from briefing import charts, claims, compare, db, suppression, wording
from briefing.areas import AREAS, Area, chart_options
from briefing.compare import Comparison
from briefing.config import Force, load_events
from briefing.filters import Filters

DEMO_TEXT = "Demonstration data: not force records"
TILE_COLUMNS = {"measure": "Measure", "was": "What was", "is": "What is", "change": "Change",
                "interval": "95% interval", "verdict": "Verdict"}
METHOD = (
    "What is against what was: two windows of whole calendar months, anchored to the latest month of data.",
    "Counts are compared as monthly means; shares as pooled rates (total numerator over total denominator); "
    "durations as medians of monthly medians; backlogs as the value at the end of each window.",
    "The 95% interval of a change comes from the month-to-month variation (Welch's test on the monthly values). "
    "'Improved' or 'worsened' only when the whole interval lies on one side of no change; otherwise "
    "'no clear change'.",
    "Charts are XmR (statistical process control) charts: mean and limits (mean +/- 2.66 x the average moving "
    "range), worked out separately before and after the operating-model change on 3 April 2023. Large diamonds "
    "mark special-cause months; dotted lines mark dated events; orange squares are published figures.",
)


@dataclass(frozen=True)
class Slide:
    title: str
    subtitle: str
    tiles: tuple[dict[str, str], ...] = ()  # one dict per measure, keys as TILE_COLUMNS
    chart_png: bytes | None = None
    chart_alt: str = ""
    sentence: str = ""
    lines: tuple[str, ...] = ()  # body text: notes, method, or why the data are unavailable
    sources: tuple[str, ...] = ()
    demo: bool = False


def tile_texts(comparisons: list[Comparison], filters: Filters, force: Force) -> list[dict[str, str]]:
    """The text of each headline tile in the pack: measure, was, is, change, interval, verdict, and
    the sentence saying what changed. Every number on a slide comes from here, through the same
    small-number suppression as the app's tiles (`suppression.shown_tiles`)."""
    return [
        {"measure": c.measure.label, "was": shown.was, "is": shown.value, "change": shown.change or "n/a",
         "interval": shown.interval, "verdict": shown.verdict, "sentence": shown.sentence}
        for c, shown in zip(comparisons, suppression.shown_tiles(comparisons, filters, force))
    ]


def extract_sources(names) -> tuple[str, ...]:
    """One line per extract from its manifest entry: source, licence and the publications it is calibrated to."""
    lines = []
    for name in names:
        entry = db.entry(name)
        if not entry:
            lines.append(f"{name}: not in the manifest.")
            continue
        line = f"{name}: {entry.get('source', 'source not recorded')}. {entry.get('licence', '')}".strip()
        # One title per publication: later points from the same URL are cited "(as above)".
        titles = {}
        for point in entry.get("calibration", []):
            title = point.get("source", "").removesuffix(" (as above)")
            titles.setdefault(point.get("url") or title, title)
        if titles:
            line += f" Calibrated to: {'; '.join(sorted(set(titles.values())))}."
        lines.append(line)
    return tuple(lines)


def main_chart(monthly: pd.DataFrame, area: Area, filters: Filters, force: Force, demo: bool) -> tuple[bytes, str]:
    """The area's main XmR chart as the app draws it (ui.trend), as PNG, with its text alternative."""
    measure = area.measures[0]
    options = chart_options(area)
    figure, charted = charts.measure_spc(
        monthly, measure, where=area.where(measure, filters, force), window=filters.trend_window,
        model_change=force.model_change, events=load_events(), demo=demo, **options,
    )
    if "reference" in options and len(options["reference"]):
        # A static image has no tooltips: write each published figure's label beside its point.
        labels = alt.Chart(options["reference"]).mark_text(align="right", dx=-8, dy=-10, fontSize=11).encode(
            x="date:T", y="value:Q", text="label:N"
        )
        figure = figure + labels
    figure = figure.properties(width=760, height=330)
    return vl_convert.vegalite_to_png(figure.to_dict(), scale=2), wording.spc_summary(charted, measure)


def area_slide(area: Area, filters: Filters, force: Force) -> Slide:
    demo = any(db.is_demo(name) for name in area.extracts)
    sources = extract_sources(area.extracts)
    try:
        monthly = db.run(area.headline_query, **filters.params(force))
    except db.ExtractUnavailable as exc:
        return Slide(area.title, area.question, lines=(f"{exc}. Its figures are left out of the pack until the "
                     "extract passes validation; see Data and methods.",), sources=sources, demo=demo)
    comparisons = compare.compare_all(monthly, area.measures, filters.was, filters.is_)
    tiles = tile_texts(comparisons, filters, force)
    for comparison, texts in zip(comparisons, tiles):
        if comparison.measure.key in area.force_wide_measures and not filters.force_wide:
            texts["measure"] += " (force-wide)"
    png, chart_alt = main_chart(monthly, area, filters, force, demo)
    lines = (area.note,) if area.note and not filters.force_wide else ()
    return Slide(area.title, area.question, tuple(tiles), png, chart_alt, tiles[0]["sentence"], lines,
                 sources, demo)


def claim_slide(result: claims.Result, n: int, of: int) -> Slide:
    """One claim of the force's letter: the claim, its verdict from the data, the figures behind it."""
    lines = (f"Verdict: {result.verdict}.", f"Measure: {result.measure}.", f"Figures: {result.figure}.",
             *((f"Would test it: {result.needs}.",) if result.needs else ()))
    return Slide(f"The force's claims ({n} of {of}): {result.verdict}", result.claim, lines=lines,
                 sources=(result.data,), demo=result.demo)


def build_slides(filters: Filters, force: Force) -> list[Slide]:
    """Title slide, one slide per concern area in AREAS, and a closing slide on method and sources."""
    body = [area_slide(area, filters, force) for area in AREAS]
    used = sorted({name for area in AREAS for name in area.extracts})
    title = Slide(
        f"{force.name}: briefing pack",
        "What is, against what was, for each area HMICFRS named a cause of concern",
        lines=(
            f"Area: {filters.lpa_label(force)}",
            f"What was: {filters.was.label()}",
            f"What is: {filters.is_.label()}",
            f"Data as at: {db.latest_month():%B %Y} (the latest month in the data; manifest version "
            f"{db.manifest()['version']})",
        ),
        demo=any(slide.demo for slide in body),
    )
    closing = Slide(
        "Method and sources",
        "How the figures are compared, and where they come from",
        lines=METHOD,
        sources=extract_sources(used),
        demo=title.demo,
    )
    results = claims.evaluate(force)
    claim_slides = [claim_slide(result, n, len(results)) for n, result in enumerate(results, start=1)]
    return [title, *body, *claim_slides, closing]


# --- PowerPoint ----------------------------------------------------------------------------------
_RED = RGBColor(0xD5, 0x5E, 0x00)
_GREY = RGBColor(0x59, 0x59, 0x59)


def _text(slide, left, top, width, height, paragraphs, size=12, colour=None, bold=False):
    frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        if colour is not None:
            paragraph.font.color.rgb = colour
    return frame


def build_pptx(filters: Filters, force: Force) -> bytes:
    """The briefing pack as a PowerPoint file (16:9), one slide per Slide record."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    layout = deck.slide_layouts[5]  # title only: each slide has a real title, for screen readers and outline view
    for record in build_slides(filters, force):
        slide = deck.slides.add_slide(layout)
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.7)
        title.text = record.title
        title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        title.text_frame.paragraphs[0].font.size = Pt(26)
        title.text_frame.paragraphs[0].font.bold = True
        _text(slide, 0.5, 0.95, 12.3, 0.4, [record.subtitle], size=13, colour=_GREY)
        if record.demo:
            _text(slide, 0.5, 7.0, 12.3, 0.35, [DEMO_TEXT], size=12, colour=_RED, bold=True)
        if record.tiles:
            # Left: the tiles as a table, then what changed; right: the main chart. PowerPoint grows a
            # row to fit wrapped text, so the text below is placed for rows of up to three lines.
            rows = len(record.tiles) + 1
            table = slide.shapes.add_table(rows, len(TILE_COLUMNS), Inches(0.5), Inches(1.5), Inches(6.0),
                                           Inches(0.4 * rows)).table
            widths = {"measure": 1.9, "was": 0.7, "is": 0.7, "change": 0.85, "interval": 1.05, "verdict": 0.8}
            for j, (key, heading) in enumerate(TILE_COLUMNS.items()):
                table.columns[j].width = Inches(widths[key])
                for i, text in enumerate([heading] + [tile[key] for tile in record.tiles]):
                    cell = table.cell(i, j)
                    cell.margin_left = cell.margin_right = Inches(0.04)
                    cell.text = text
                    cell.text_frame.paragraphs[0].font.size = Pt(9)
            below = 1.6 + 0.5 * rows
            _text(slide, 0.5, below, 6.0, 6.0 - below, [record.sentence, *record.lines], size=10)
        elif record.lines:
            _text(slide, 0.5, 1.5, 12.3, 4.5, list(record.lines), size=14)
        if record.chart_png:
            picture = slide.shapes.add_picture(io.BytesIO(record.chart_png), Inches(6.6), Inches(1.5),
                                               width=Inches(6.4))
            picture.name = "Chart"
            picture._element.nvPicPr.cNvPr.set("descr", record.chart_alt)
        if record.sources:
            _text(slide, 0.5, 6.1, 12.3, 0.9, ["Sources: " + " ".join(record.sources)], size=8, colour=_GREY)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------
# The PDF uses a core font (no font file needed), which holds Latin-1 only.
_LATIN1 = str.maketrans({"·": "-", "−": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
                         "…": "...", "≥": ">=", "≤": "<="})


def _latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def build_pdf(filters: Filters, force: Force) -> bytes:
    """The briefing pack as a PDF, one landscape A4 page per Slide record (a page may flow onto a second)."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(f"{force.name}: briefing pack")
    width = pdf.w - 2 * pdf.l_margin
    for record in build_slides(filters, force):
        pdf.add_page()
        pdf.set_font("helvetica", "B", 20)
        pdf.multi_cell(width, 10, _latin1(record.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 11)
        pdf.set_text_color(89, 89, 89)
        pdf.multi_cell(width, 6, _latin1(record.subtitle), new_x="LMARGIN", new_y="NEXT")
        if record.demo:
            pdf.set_text_color(213, 94, 0)
            pdf.set_font("helvetica", "B", 11)
            pdf.multi_cell(width, 6, DEMO_TEXT, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)
        top = pdf.get_y()
        bottom = top
        if record.chart_png:
            # Right: the main chart; left: the tiles and what changed.
            chart_width = width * 0.57
            pdf.image(io.BytesIO(record.chart_png), x=pdf.w - pdf.r_margin - chart_width, y=top, w=chart_width,
                      alt_text=_latin1(record.chart_alt))
            bottom = top + chart_width * 910 / 1626 + 2
        column = width * 0.41 if record.chart_png else width
        if record.tiles:
            pdf.set_font("helvetica", "", 8)
            with pdf.table(width=column, align="LEFT", col_widths=(2, 1, 1, 1, 1.3, 1.1), line_height=4,
                           text_align="LEFT") as table:
                for row in [TILE_COLUMNS, *record.tiles]:
                    cells = table.row()
                    for key in TILE_COLUMNS:
                        cells.cell(_latin1(row[key]))
            pdf.ln(2)
        pdf.set_font("helvetica", "", 10)
        for text in ([record.sentence] if record.sentence else []) + list(record.lines):
            pdf.multi_cell(column, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), bottom))
        if record.sources:
            pdf.ln(1)
            pdf.set_font("helvetica", "", 7)
            pdf.set_text_color(89, 89, 89)
            pdf.multi_cell(width, 3.5, _latin1("Sources: " + " ".join(record.sources)), new_x="LMARGIN",
                           new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())

