"""The briefing pack as a PDF of slide-sized pages, drawn from the same boxes as the PowerPoint."""

from __future__ import annotations

import io
from datetime import date

from fpdf import FPDF, ViewerPreferences

from briefing.pack.content import pack_title
from briefing.pack.layout import BODY, LANGUAGE, LINE, PAD, SLIDE_H, SLIDE_W, latin1, pack_layouts
from briefing.view import View


def _pdf_lines(
    pdf: FPDF, x: float, y: float, w: float, lines: list[str], size: float, bold=False, colour=(0, 0, 0), align="L"
):
    pdf.set_font("helvetica", "B" if bold else "", size)
    pdf.set_text_color(*colour)
    step = size * LINE / 72
    for k, line in enumerate(lines):
        pdf.set_xy(x + PAD, y + PAD + k * step)
        pdf.cell(w - 2 * PAD, step, latin1(line), align=align)


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
                pdf.image(io.BytesIO(box.png), x=box.x, y=box.y, w=box.w, h=box.h, alt_text=latin1(box.alt))
            elif box.rows:
                top = box.y
                for i, (row, height) in enumerate(zip(box.rows, box.heights)):
                    left = box.x
                    for j, (lines, width) in enumerate(zip(row, box.widths)):
                        coloured = i > 0 and (i, j) in box.fills
                        pdf.set_fill_color(*box.fill(i, j))
                        pdf.set_draw_color(255, 255, 255)
                        pdf.rect(left, top, width, height, style="DF")
                        _pdf_lines(
                            pdf,
                            left,
                            top,
                            width,
                            lines,
                            BODY,
                            bold=i == 0 or coloured,
                            colour=(255, 255, 255) if coloured else (0, 0, 0),
                        )
                        left += width
                    top += height
            else:
                _pdf_lines(pdf, box.x, box.y, box.w, box.lines, box.size, box.bold, box.colour, box.align)
    return bytes(pdf.output())
