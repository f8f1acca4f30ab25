"""How the staff's chart (``kit.chart``) is drawn: fpdf2 lays it out on one PDF page, Persian
shaped right to left with HarfBuzz and the receipts' font (``kit.pdf_drawing``); PDFium
(pypdfium2) rasterises the page to a PNG. Imported by ``kit.chart.render`` with the first chart,
never at start. Blocking."""

from __future__ import annotations

import io
import math

import pypdfium2
from fpdf import FPDF

from conversations.kit.chart import PIXELS_PER_MM, WIDTH_MM, Colour, Panel, StatsChart
from conversations.kit.pdf_drawing import _new_pdf

MARGIN = 8.0
ROW = 6.5  # a panel's row
PLOT_HEIGHT = 58.0  # the weekly bars
LABEL_WIDTH = 64.0  # a panel row's label
AXIS_WIDTH = 12.0  # the weekly panel's figures
GRID = (215, 215, 215)
INK = (40, 40, 40)
MUTED = (110, 110, 110)
POINTS_PER_MM = 72 / 25.4


def _tint(colour: Colour, amount: float = 0.6) -> Colour:
    """``colour`` mixed with white (a decision's bar beside its kind's submissions)."""
    r, g, b = (round(c + (255 - c) * amount) for c in colour)
    return r, g, b


def _shade(colour: Colour, amount: float = 0.35) -> Colour:
    r, g, b = (round(c * (1 - amount)) for c in colour)
    return r, g, b


def _figure(chart: StatsChart, value: int) -> str:
    return "".join(chart.digits[int(d)] for d in str(value))


def _nice_step(maximum: int, ticks: int = 5) -> int:
    """The step of the weekly axis: 1, 2 or 5 times a power of ten, at most ``ticks`` steps."""
    if maximum <= ticks:
        return 1
    power = int(10 ** max(math.floor(math.log10(maximum / ticks)), 0))
    for factor in (1, 2, 5, 10):
        if maximum / (factor * power) <= ticks:
            return factor * power
    return 10 * power


def _panel_height(panel: Panel) -> float:
    return 7 + (5 if panel.note else 0) + (len(panel.rows) * ROW if panel.rows else 6) + 5


def _height(chart: StatsChart) -> float:
    header = MARGIN + 16
    weekly = 7 + 6 + PLOT_HEIGHT + 7 + 5
    return header + weekly + sum(_panel_height(p) for p in chart.panels) + MARGIN


class _Drawing:
    def __init__(self, chart: StatsChart) -> None:
        self.chart = chart
        self.rtl = chart.rtl
        self.pdf: FPDF = _new_pdf((WIDTH_MM, _height(chart)), chart.lang)
        self.pdf.set_auto_page_break(auto=False)
        self.pdf.add_page()
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.start, self.end = ("R", "L") if self.rtl else ("L", "R")
        self.left, self.right = MARGIN, WIDTH_MM - MARGIN

    # ---- text ----------------------------------------------------------------------------------

    def text(
        self, x: float, y: float, width: float, text: str, *, size: float, bold: bool = False, align: str = ""
    ) -> None:
        """``text`` in a cell at (x, y), shrunk (down to 6 pt) to fit ``width``."""
        pdf = self.pdf
        pdf.set_font("Vazirmatn", "B" if bold else "", size)
        while size > 6 and pdf.get_string_width(text) > width - 1:
            size -= 0.5
            pdf.set_font("Vazirmatn", "B" if bold else "", size)
        pdf.set_xy(x, y)
        pdf.cell(width, 5, text, align=align or self.start)

    def colour(self, fill: Colour) -> None:
        self.pdf.set_fill_color(*fill)

    # ---- the parts -------------------------------------------------------------------------------

    def header(self, y: float) -> float:
        pdf = self.pdf
        pdf.set_text_color(*INK)
        self.text(self.left, y, self.right - self.left, self.chart.title, size=13, bold=True, align="C")
        pdf.set_text_color(*MUTED)
        self.text(self.left, y + 7, self.right - self.left, self.chart.subtitle, size=9, align="C")
        pdf.set_draw_color(40, 90, 140)
        pdf.set_line_width(0.5)
        pdf.line(self.left, y + 14, self.right, y + 14)
        return y + 16

    def legend(self, y: float) -> None:
        """The kinds' colours, then what a solid and a light bar are."""
        pdf = self.pdf
        items = [(s.colour, s.label) for s in self.chart.series]
        items += [(MUTED, self.chart.submitted_label), (_tint(MUTED), self.chart.decided_label)]
        pdf.set_font("Vazirmatn", "", 8)
        x = self.right if self.rtl else self.left
        for fill, label in items:
            width = pdf.get_string_width(label) + 2
            swatch = x - 3.5 if self.rtl else x
            self.colour(fill)
            pdf.rect(swatch, y + 1, 3, 3, style="F")
            label_x = swatch - 1 - width if self.rtl else swatch + 4
            pdf.set_text_color(*INK)
            self.text(label_x, y, width, label, size=8)
            x = label_x - 3 if self.rtl else label_x + width + 3

    def weekly(self, y: float) -> float:
        chart, pdf = self.chart, self.pdf
        pdf.set_text_color(*INK)
        self.text(self.left, y, self.right - self.left, chart.weekly_title, size=10, bold=True)
        self.legend(y + 6)
        top = y + 13
        bottom = top + PLOT_HEIGHT
        plot_left = self.left + (0 if self.rtl else AXIS_WIDTH)
        plot_right = self.right - (AXIS_WIDTH if self.rtl else 0)
        weeks = len(chart.weeks)
        totals = [
            max(sum(s.submitted[w] for s in chart.series), sum(s.decided[w] for s in chart.series))
            for w in range(weeks)
        ]
        step = _nice_step(max([*totals, 1]))
        maximum = step * math.ceil(max([*totals, 1]) / step)
        scale = PLOT_HEIGHT / maximum
        # the grid and the figures of the axis (on the right in Persian)
        pdf.set_line_width(0.2)
        for tick in range(0, maximum + 1, step):
            ty = bottom - tick * scale
            pdf.set_draw_color(*GRID)
            pdf.line(plot_left, ty, plot_right, ty)
            pdf.set_text_color(*MUTED)
            axis_x = plot_right + 1 if self.rtl else self.left
            self.text(axis_x, ty - 2.5, AXIS_WIDTH - 1, _figure(chart, tick), size=7, align=self.end)
        slot = (plot_right - plot_left) / max(weeks, 1)
        bar = slot * 0.36
        for week in range(weeks):
            slot_x = plot_right - (week + 1) * slot if self.rtl else plot_left + week * slot
            middle = slot_x + slot / 2
            # submissions first in reading order: on the right of the pair in Persian
            first_x, second_x = (middle, middle - bar) if self.rtl else (middle - bar, middle)
            for bar_x, values, light in ((first_x, "submitted", False), (second_x, "decided", True)):
                base = bottom
                for series in chart.series:
                    value = getattr(series, values)[week]
                    if not value:
                        continue
                    height = value * scale
                    self.colour(_tint(series.colour) if light else series.colour)
                    pdf.rect(bar_x, base - height, bar * 0.92, height, style="F")
                    base -= height
            pdf.set_text_color(*MUTED)
            self.text(slot_x, bottom + 1, slot, chart.weeks[week], size=6.5, align="C")
        pdf.set_draw_color(*MUTED)
        pdf.line(plot_left, bottom, plot_right, bottom)
        return bottom + 7 + 5

    def panel(self, panel: Panel, y: float) -> float:
        pdf = self.pdf
        pdf.set_text_color(*INK)
        self.text(self.left, y, self.right - self.left, panel.title, size=10, bold=True)
        y += 7
        if panel.note:
            pdf.set_text_color(*MUTED)
            self.text(self.left, y - 1, self.right - self.left, panel.note, size=7.5)
            y += 5
        if not panel.rows:
            pdf.set_text_color(*MUTED)
            self.text(self.left, y, self.right - self.left, panel.empty, size=8.5)
            return y + 6 + 5
        label_x = self.right - LABEL_WIDTH if self.rtl else self.left
        bar_start = label_x - 2 if self.rtl else self.left + LABEL_WIDTH + 2
        length = self.right - self.left - LABEL_WIDTH - 2 - 36  # room for the figure after the bar
        biggest = max((r.value for r in panel.rows), default=0) or 1
        for row in panel.rows:
            pdf.set_text_color(*INK)
            self.text(label_x, y, LABEL_WIDTH, row.label, size=8)
            width = max(row.value / biggest * length, 0.6 if row.value else 0)
            part = row.part / biggest * length
            if width:
                self.colour(_tint(row.colour, 0.45))
                pdf.rect(bar_start - width if self.rtl else bar_start, y + 0.8, width, ROW - 2.6, style="F")
            if part:
                self.colour(_shade(row.colour, 0.1))
                pdf.rect(bar_start - part if self.rtl else bar_start, y + 0.8, part, ROW - 2.6, style="F")
            pdf.set_text_color(*MUTED)
            text_x = bar_start - width - 2 - 34 if self.rtl else bar_start + width + 2
            self.text(text_x, y, 34, row.text, size=7.5)
            y += ROW
        return y + 5


def render_pdf(chart: StatsChart) -> bytes:
    drawing = _Drawing(chart)
    y = drawing.header(MARGIN)
    y = drawing.weekly(y)
    for panel in chart.panels:
        y = drawing.panel(panel, y)
    return bytes(drawing.pdf.output())


def render_png(chart: StatsChart) -> bytes:
    """The chart's page rasterised by PDFium, ``PIXELS_PER_MM`` pixels a millimetre."""
    document = pypdfium2.PdfDocument(render_pdf(chart))
    try:
        image = document[0].render(scale=PIXELS_PER_MM / POINTS_PER_MM).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()
