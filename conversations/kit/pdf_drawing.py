"""How fpdf2 draws the documents of ``kit.pdf``, Persian shaped right to left with HarfBuzz.
Imported by ``kit.pdf.render`` with the first receipt, never at start. Blocking."""

from __future__ import annotations

from importlib import resources

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from conversations.kit.pdf import Box, Code, Heading, NewPage, Pairs, Paragraph, Printout, Receipt, Table

FONTS = resources.files("conversations") / "assets" / "fonts"


def _new_pdf(page_format: str | tuple[float, float], lang: str) -> FPDF:
    """A PDF with the Persian font and text shaping in the language's direction."""
    pdf = FPDF(format=page_format)
    pdf.set_auto_page_break(auto=True, margin=15)
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
    pdf = _new_pdf((148, 210), data.lang)  # A5
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
    pdf = _new_pdf("A4", document.lang)
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
