"""How fpdf2 draws the documents of ``kit.pdf``, Persian shaped right to left with HarfBuzz.
Imported by ``kit.pdf.render`` with the first receipt, never at start. Blocking."""

from __future__ import annotations

from importlib import resources

import segno
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from conversations.kit.pdf import (
    Box,
    Code,
    Heading,
    NewPage,
    Pairs,
    Paragraph,
    Printout,
    Receipt,
    Table,
    Verification,
)

FONTS = resources.files("conversations") / "assets" / "fonts"
MARGIN = 15.0  # the bottom margin of a page without a verification
QR_SIDE = 22.0  # mm: a phone reads it from a printed page at arm's length
QR_QUIET = 1.5  # mm of white around it (the quiet zone: four modules at about 0.6 mm)


class _Pdf(FPDF):
    """fpdf2's document, drawing the document's verification (issue 27) in the bottom corner of
    every page, below the page's text (its bottom margin grows to hold it: nothing is covered)."""

    def __init__(self, verification: Verification | None, rtl: bool, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.verification = verification
        self.rtl = rtl

    def footer(self) -> None:
        if self.verification is not None:
            _verification(self, self.verification, self.rtl)


def _verification(pdf: FPDF, found: Verification, rtl: bool) -> None:
    """The QR code in the bottom corner at the end of the line (the left in Persian: the right
    one holds the start of the text and the signatures), the code and where to check it beside."""
    top = pdf.h - MARGIN - QR_SIDE + 4
    side = QR_SIDE if found.url else 0.0
    qr_x = pdf.l_margin if rtl else pdf.w - pdf.r_margin - side
    if found.url:
        _qr(pdf, found.url, qr_x, top, side)
    text_w = min(80.0, pdf.epw - side - 4)
    text_x = qr_x + side + 3 if rtl else qr_x - 3 - text_w
    align = "L" if rtl else "R"  # toward the QR code
    pdf.set_text_color(60, 60, 60)
    pdf.set_font("Vazirmatn", "", 7.5)
    pdf.set_xy(text_x, top + 1)
    pdf.cell(text_w, 4.5, found.label, align=align)
    _direction(pdf, False)
    pdf.set_font("Vazirmatn", "B", 12)
    pdf.set_xy(text_x, top + 5.5)
    pdf.cell(text_w, 7, found.code, align=align)
    pdf.set_font("Vazirmatn", "", 7.5)
    pdf.set_xy(text_x, top + 13)
    pdf.cell(text_w, 4.5, _fit(pdf, found.how, text_w), align=align)  # an address or a command: left to right
    _direction(pdf, rtl)
    pdf.set_text_color(0, 0, 0)


def _qr(pdf: FPDF, url: str, x: float, y: float, side: float) -> None:
    """The QR code of ``url`` drawn as vector squares (crisp at any zoom and print), each row's
    dark run one rectangle; segno's matrix (https://segno.readthedocs.io, ``matrix_iter``)."""
    qr = segno.make(url, error="m", micro=False)
    width, _ = qr.symbol_size(scale=1, border=0)
    module = (side - 2 * QR_QUIET) / width
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, side, side, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(qr.matrix_iter(scale=1, border=0)):
        start = None
        for col, dark in enumerate([*cells, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                top = y + QR_QUIET + row * module
                pdf.rect(x + QR_QUIET + start * module, top, (col - start) * module, module, style="F")
                start = None


def _new_pdf(page_format: str | tuple[float, float], lang: str, verification: Verification | None = None) -> FPDF:
    """A PDF with the Persian font and text shaping in the language's direction; with a
    verification, the bottom margin holds it on every page."""
    pdf = _Pdf(verification, lang != "en", format=page_format)
    pdf.set_auto_page_break(auto=True, margin=MARGIN + (QR_SIDE if verification is not None else 0))
    with (
        resources.as_file(FONTS / "Vazirmatn-Regular.ttf") as regular,
        resources.as_file(FONTS / "Vazirmatn-Bold.ttf") as bold,
    ):
        pdf.add_font("Vazirmatn", "", str(regular))
        pdf.add_font("Vazirmatn", "B", str(bold))
    _direction(pdf, lang != "en")
    return pdf


def _direction(pdf: FPDF, rtl: bool) -> None:
    """Persian: right to left. Otherwise each paragraph's own direction (the Unicode bidi
    algorithm), so that a Persian name or address in an English printout is still shaped."""
    if rtl:
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="fas")
    else:
        pdf.set_text_shaping(use_shaping_engine=True)


def render_receipt(data: Receipt) -> bytes:
    rtl = data.lang != "en"
    pdf = _new_pdf((148, 210), data.lang, data.verification)  # A5
    pdf.add_page()
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
    _direction(pdf, False)
    pdf.cell(width, 12, data.tracking_code, align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _direction(pdf, rtl)
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


GREY = (225, 225, 225)
# Vazirmatn has no arrows; the texts' "a → b" reads as "a: b" on paper
_NO_GLYPH = str.maketrans({"→": ":", "←": ":"})


def _glyphs(text: str) -> str:
    return text.replace(" → ", ": ").replace(" ← ", ": ").translate(_NO_GLYPH)


def render(document: Receipt | Printout) -> bytes:
    return render_receipt(document) if isinstance(document, Receipt) else render_printout(document)


def render_printout(document: Printout) -> bytes:
    rtl = document.lang != "en"
    pdf = _new_pdf("A4", document.lang, document.verification)
    start, end = ("R", "L") if rtl else ("L", "R")
    blocks = (
        document.blocks
        if document.blocks and isinstance(document.blocks[0], NewPage)
        else (NewPage(), *document.blocks)
    )
    for block in blocks:
        if isinstance(block, NewPage):
            pdf.add_page(orientation="L" if block.landscape else "P")
        elif isinstance(block, Heading):
            pdf.set_font("Vazirmatn", "B", block.size)
            align = {"start": start, "end": end}.get(block.align, block.align)
            text = _glyphs(block.text)
            pdf.multi_cell(pdf.epw, block.size * 0.6, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            pdf.set_font("Vazirmatn", "", block.size)
            text = _glyphs(block.text)
            pdf.multi_cell(pdf.epw, block.size * 0.6, text, align=start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif isinstance(block, Code):
            pdf.set_font("Vazirmatn", "B", 15)
            pdf.set_fill_color(235, 242, 250)
            _direction(pdf, False)
            pdf.cell(pdf.epw, 11, block.text, align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            _direction(pdf, rtl)
            pdf.set_font("Vazirmatn", "", 8)
            pdf.multi_cell(pdf.epw, 5, block.note, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        elif isinstance(block, Pairs):
            _pairs(pdf, block, rtl)
        elif isinstance(block, Table):
            _table(pdf, block, rtl)
        else:
            _box(pdf, block, rtl)
    return bytes(pdf.output())


def _columns(pdf: FPDF, widths: list[float], rtl: bool) -> list[float]:
    """The x of each column, the first one at the start of the line (the right in Persian)."""
    xs, x = [], pdf.l_margin + (pdf.epw if rtl else 0)
    for w in widths:
        if rtl:
            x -= w
            xs.append(x)
        else:
            xs.append(x)
            x += w
    return xs


def _pairs(pdf: FPDF, block: Pairs, rtl: bool) -> None:
    """Label: value pairs in columns, the value on a dotted line as on the paper form."""
    width = pdf.epw / block.columns
    xs = _columns(pdf, [width] * block.columns, rtl)
    for start in range(0, len(block.rows), block.columns):
        y = pdf.get_y()
        if y + 9 > pdf.page_break_trigger:
            _next_page(pdf)
            y = pdf.get_y()
        for (label, value), x in zip(block.rows[start : start + block.columns], xs, strict=False):
            pdf.set_font("Vazirmatn", "B", 9)
            label_w = min(pdf.get_string_width(label + " :") + 2, width * 0.5)
            value_w = width - label_w - 2
            label_x, value_x = (x + width - label_w, x + 1) if rtl else (x, x + label_w)
            pdf.set_xy(label_x, y)
            pdf.cell(label_w, 8, label + " :", align="R" if rtl else "L")
            pdf.set_font("Vazirmatn", "", 9)
            pdf.set_xy(value_x, y)
            pdf.set_draw_color(150, 150, 150)
            pdf.set_dash_pattern(dash=0.6, gap=0.8)
            pdf.cell(value_w, 8, _fit(pdf, _glyphs(value), value_w), border="B", align="R" if rtl else "L")
            pdf.set_dash_pattern()
        pdf.set_xy(pdf.l_margin, y + 9)


def _next_page(pdf: FPDF) -> None:
    """A page break in the middle of a block keeps the page's orientation."""
    pdf.add_page(orientation=str(pdf.cur_orientation.value))


def _line_count(pdf: FPDF, width: float, height: float, text: str) -> int:
    lines = pdf.multi_cell(width, height, text or " ", dry_run=True, output=MethodReturnValue.LINES)
    return len(lines) if isinstance(lines, list) else 1


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """A value cut to its cell (the full text is in the bot; the paper form has one line)."""
    if pdf.get_string_width(text) <= width - 1:
        return text
    while text and pdf.get_string_width(text + "…") > width - 1:
        text = text[:-1]
    return text + "…"


def _table(pdf: FPDF, block: Table, rtl: bool) -> None:
    total = sum(block.widths)
    widths = [pdf.epw * w / total for w in block.widths]
    xs = _columns(pdf, widths, rtl)
    line = block.size * 0.5

    def row(cells: tuple[str, ...], *, bold: bool, header: bool) -> None:
        pdf.set_font("Vazirmatn", "B" if bold else "", block.size)
        lines = [_line_count(pdf, w - 1, line, _glyphs(c)) for c, w in zip(cells, widths, strict=True)]
        height = max(lines) * line + 2
        if pdf.get_y() + height > pdf.page_break_trigger:
            _next_page(pdf)
        y = pdf.get_y()
        for n, (cell, x, w, count) in enumerate(zip(cells, xs, widths, lines, strict=True)):
            shaded = n in block.shaded
            if shaded or header:
                pdf.set_fill_color(*(GREY if shaded else (235, 242, 250)))
            pdf.rect(x, y, w, height, style="DF" if shaded or header else "D")
            pdf.set_xy(x + 0.5, y + (height - count * line) / 2)
            pdf.multi_cell(w - 1, line, _glyphs(cell), align="C")
        pdf.set_xy(pdf.l_margin, y + height)

    pdf.set_draw_color(80, 80, 80)
    row(block.headers, bold=True, header=True)
    for cells in block.rows:
        row(cells, bold=False, header=False)
    pdf.ln(3)


def _box(pdf: FPDF, block: Box, rtl: bool) -> None:
    if pdf.get_y() + block.height > pdf.page_break_trigger:
        _next_page(pdf)
    y = pdf.get_y()
    pdf.set_draw_color(80, 80, 80)
    pdf.set_fill_color(*GREY)
    pdf.rect(pdf.l_margin, y, pdf.epw, block.height, style="DF")
    pdf.set_xy(pdf.l_margin + 2, y + 1.5)
    pdf.set_font("Vazirmatn", "B", 9)
    pdf.multi_cell(pdf.epw - 4, 5, block.title, align="R" if rtl else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Vazirmatn", "", 9)
    for text in block.lines:
        pdf.set_x(pdf.l_margin + 2)
        pdf.multi_cell(pdf.epw - 4, 5, _glyphs(text), align="R" if rtl else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, y + block.height + 3)
