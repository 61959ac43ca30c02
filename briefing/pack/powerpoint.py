"""The briefing pack as a PowerPoint file: the boxes of `layout`, drawn with python-pptx."""

from __future__ import annotations

import io
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from briefing.pack.content import pack_title
from briefing.pack.layout import BODY, LANGUAGE, LINE, PAD, SLIDE_H, SLIDE_W, Box, pack_layouts
from briefing.view import View

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
    shape = slide.shapes.add_table(
        len(box.rows), len(box.widths), Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)
    )
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
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(*box.fill(i, j))
            for paragraph in cell.text_frame.paragraphs:
                _english(paragraph)
                paragraph.line_spacing = Pt(BODY * LINE)
                _pptx_font(
                    paragraph.font,
                    BODY,
                    bold=i == 0 or (i, j) in box.fills and i > 0,
                    colour=(255, 255, 255) if i > 0 and (i, j) in box.fills else (0, 0, 0),
                )
    return shape


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
                picture = slide.shapes.add_picture(
                    io.BytesIO(box.png), Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)
                )
                picture.name = "Chart"
                picture._element.nvPicPr.cNvPr.set("descr", box.alt)
            elif box.rows:
                _pptx_table(slide, box)
            elif any(box.lines):
                _pptx_text(slide, box)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
