"""The printable receipt of a submitted application (PDF, Persian shaped right-to-left).

Blocking (fpdf2 + HarfBuzz shaping): call through ``asyncio.to_thread``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = resources.files("conversations") / "assets" / "fonts"


@dataclass(frozen=True)
class Receipt:
    """A printable receipt: the organization, a title, the tracking code, labelled rows."""

    lang: str
    organization: str
    title: str
    tracking_code: str
    tracking_note: str  # under the code: "keep it"
    rows: tuple[tuple[str, str], ...]  # (label, value)
    keep: str  # the closing paragraph


def render_receipt(data: Receipt) -> bytes:
    rtl = data.lang != "en"
    pdf = FPDF(format=(148, 210))  # A5
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    with (
        resources.as_file(FONTS / "Vazirmatn-Regular.ttf") as regular,
        resources.as_file(FONTS / "Vazirmatn-Bold.ttf") as bold,
    ):
        pdf.add_font("Vazirmatn", "", str(regular))
        pdf.add_font("Vazirmatn", "B", str(bold))
    pdf.set_text_shaping(
        use_shaping_engine=True,
        direction="rtl" if rtl else "ltr",
        script="arab" if rtl else "latn",
        language="fas" if rtl else "eng",
    )
    align = "R" if rtl else "L"
    width = pdf.epw

    pdf.set_font("Vazirmatn", "B", 13)
    pdf.multi_cell(width, 8, data.organization, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Vazirmatn", "B", 12)
    pdf.multi_cell(width, 8, data.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_draw_color(40, 90, 140)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(4)

    pdf.set_font("Vazirmatn", "B", 16)
    pdf.set_fill_color(235, 242, 250)
    pdf.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn", language="eng")
    pdf.cell(width, 12, data.tracking_code, align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_shaping(
        use_shaping_engine=True,
        direction="rtl" if rtl else "ltr",
        script="arab" if rtl else "latn",
        language="fas" if rtl else "eng",
    )
    pdf.set_font("Vazirmatn", "", 9)
    pdf.multi_cell(width, 6, data.tracking_note, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    label_w, value_w = width * 0.38, width * 0.62
    for label, value in data.rows:
        pdf.set_font("Vazirmatn", "B", 10)
        if rtl:
            x = pdf.get_x()
            pdf.set_x(x + value_w)
            pdf.cell(label_w, 8, label, border="B", align=align)
            pdf.set_x(x)
            pdf.set_font("Vazirmatn", "", 10)
            pdf.cell(value_w, 8, value, border="B", align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.cell(label_w, 8, label, border="B", align=align)
            pdf.set_font("Vazirmatn", "", 10)
            pdf.cell(value_w, 8, value, border="B", align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font("Vazirmatn", "", 9)
    pdf.multi_cell(width, 6, data.keep, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
