"""The printable receipt of a submitted application (PDF, Persian shaped right-to-left): a simple
receipt (``Receipt``: a tracking code and labelled rows) or a printout laid out like a paper form
(``Printout``: headings, paragraphs, label–value pairs in columns, tables with the organization's
columns shaded, signature boxes, pages in either orientation).

Plain data here; ``render`` draws it with fpdf2 (``kit.pdf_drawing``), loaded with the first
receipt: fpdf2, its fonts and HarfBuzz are ~35 MB that a process answering questions never needs
(issue 15). Blocking (fpdf2 + HarfBuzz shaping): call through ``asyncio.to_thread``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verification:
    """What lets anyone check a document (issue 27), printed in its bottom corner on every page:
    its code, and a QR code of its verification page (``url``; none without VERIFY_BASE_URL)."""

    code: str  # grouped, e.g. K7Q2M-X9D4T
    label: str  # "verification code"
    how: str  # where to check it (the page's address, or /verify in the bot)
    url: str | None = None


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
    verification: Verification | None = None


# ---- a printout laid out like a paper form -------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    size: int = 12
    align: str = "C"  # C; "start": right in Persian, left in English; "end": the other side (a signature)


@dataclass(frozen=True)
class Paragraph:
    text: str
    size: int = 10


@dataclass(frozen=True)
class Code:
    """A tracking code, large and boxed (always left to right)."""

    text: str
    note: str


@dataclass(frozen=True)
class Pairs:
    """Label: value pairs, ``columns`` to a line, as on a paper form."""

    rows: tuple[tuple[str, str], ...]
    columns: int = 2


@dataclass(frozen=True)
class Table:
    """A table; ``widths`` are relative; ``shaded`` columns are the organization's (grey)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    shaded: tuple[int, ...] = ()
    size: int = 8


@dataclass(frozen=True)
class Box:
    """A box to be filled and signed by hand (an approval of the organization)."""

    title: str
    lines: tuple[str, ...]
    height: float = 22


@dataclass(frozen=True)
class NewPage:
    landscape: bool = False


Block = Heading | Paragraph | Code | Pairs | Table | Box | NewPage


@dataclass(frozen=True)
class Printout:
    lang: str
    blocks: tuple[Block, ...]
    verification: Verification | None = None


def render(document: Receipt | Printout) -> bytes:
    from conversations.kit import pdf_drawing  # loaded when first needed (see above)

    return pdf_drawing.render(document)
