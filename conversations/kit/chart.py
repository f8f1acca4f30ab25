"""The staff's figures as a picture (``/stats``; issue 23): plain data here, every label already in
the reader's language and digits; ``render`` draws it — with fpdf2 (its Persian font and HarfBuzz
shaping, as the receipts) onto a PDF page, rasterised to a PNG by PDFium (pypdfium2). Both are
loaded by the first chart, never at start (a process that answers questions never needs them).
Blocking: call through ``asyncio.to_thread``.

Right to left in Persian: the weeks run from the oldest on the right to the newest on the left,
labels stand on the right of their bars, and bars grow leftwards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Colour = tuple[int, int, int]
PALETTE: tuple[Colour, ...] = ((40, 90, 140), (200, 110, 40), (60, 140, 90), (150, 70, 140))


@dataclass(frozen=True)
class Series:
    """One kind's bars in the weekly panel: files submitted and decisions per week, oldest first."""

    label: str
    colour: Colour
    submitted: Sequence[int]
    decided: Sequence[int]


@dataclass(frozen=True)
class Row:
    """A labelled horizontal bar: ``value`` of the panel's scale, ``part`` of it drawn darker (a
    funnel's files that stopped there), ``text`` written at its end."""

    label: str
    value: float
    text: str
    part: float = 0.0
    colour: Colour = PALETTE[0]


@dataclass(frozen=True)
class Panel:
    title: str
    rows: Sequence[Row]
    empty: str = ""  # said instead of the bars when there are none
    note: str = ""  # a line under the title (a legend)


@dataclass(frozen=True)
class StatsChart:
    lang: str
    title: str
    subtitle: str
    weekly_title: str
    weeks: Sequence[str]  # each week's label, oldest first
    series: Sequence[Series]
    submitted_label: str
    decided_label: str
    panels: Sequence[Panel]
    digits: Sequence[str] = tuple("0123456789")  # the language's digits, for the axis' figures

    @property
    def rtl(self) -> bool:
        return self.lang != "en"


WIDTH_MM = 180
PIXELS_PER_MM = 7  # the PNG: 180 mm → 1260 pixels wide


def render(chart: StatsChart) -> bytes:
    """The chart as a PNG."""
    from conversations.kit import chart_drawing  # loaded when first needed (see above)

    return chart_drawing.render_png(chart)


__all__ = ["PALETTE", "PIXELS_PER_MM", "WIDTH_MM", "Panel", "Row", "Series", "StatsChart", "render"]
