"""The cases spreadsheet for staff (``nezam-bot export``, and admins' ``/export`` in the chat):
XLSX or CSV, written to a file as the rows come (``CaseSheet``), so that its memory is the same for
ten cases and for the whole country's (issue 30).

Headers and labels (kind, status, province) in the chosen language, Persian by default. Each date
twice: a real date cell (the day in Iran; it sorts, filters and computes in any spreadsheet) and
beside it the Jalali day as text, ``YYYY/MM/DD`` with ASCII digits. CSV is UTF-8 *with* a BOM:
without it Excel reads the file as the system's code page and shows Persian as mojibake; Python's
csv, pandas and LibreOffice read the BOM as UTF-8 too.

The XLSX is written here, part by part into the zip (SpreadsheetML: inline strings, three cell
styles — bold header, date, text): openpyxl's write-only mode builds an object per cell and took
27–36 s of CPU for 200,000 rows (with and without lxml), this ~2 s. A column of few values (labels,
days, points) makes each value's cell once and places it in every row that has it. Tests read the
files back with openpyxl.

An admin's export in the chat is made off the bot's process (``Exports``, built by the
composition root): the bot only hands over what was asked for and sends the file when it is done.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import zipfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, Protocol
from xml.sax.saxutils import escape, quoteattr  # nosec B406  # escapes what we write; nothing is parsed

from conversations.kit.i18n import Translator
from scoring import default_rules, format_jalali, province
from scoring.validators import IRAN_TIME
from storage.exports import CaseFilter, CaseRow

Cell = str | int | float | dt.date | None
WORKSHEETS = ("3", "4", "5", "6")
FORMATS = ("xlsx", "csv")


# ---- an export asked for in the chat, made elsewhere ------------------------------------------------


@dataclass(frozen=True)
class ExportOrder:
    """What an export holds and how it is written."""

    wanted: CaseFilter
    lang: str
    fmt: str = "xlsx"
    with_scores: bool = True


Deliver = Callable[[Path | None, int], Awaitable[None]]  # (the file, or None if it failed; its rows)


class Exports(Protocol):
    """Makes an export off the bot's event loop and hands the file to ``deliver`` when it is done
    (``deliver(None, 0)`` if it failed); the file is removed after ``deliver`` returns."""

    def start(self, order: ExportOrder, deliver: Deliver) -> None: ...


# ---- the table -----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _jalali(day: dt.date) -> str:
    return format_jalali(day)


def iran_date(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(IRAN_TIME).date() if moment else None


def jalali_day(moment: dt.datetime | None) -> str:
    day = iran_date(moment)
    return _jalali(day) if day else ""


def _number(value: Decimal | int | None) -> Cell:
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    text: bool = False  # shown as text even when it looks like a number (leading zeros kept)
    date: bool = False  # a real date cell
    label: bool = False  # one of a few values (a label, a day): its cell is made once per value


class CaseTable:
    """The header row and one row of cells per case. Score columns (builder license) when
    ``with_scores``; name, national code and mobile only when ``with_personal``."""

    def __init__(self, t: Translator, *, with_scores: bool, with_personal: bool) -> None:
        self.t = t
        self.with_scores, self.with_personal = with_scores, with_personal
        titles = default_rules().titles
        jalali = t("export-jalali")
        columns = [
            Column(t("export-tracking-code"), 14, text=True),
            Column(t("export-kind"), 20, label=True),
            Column(t("export-status"), 28, label=True),
            Column(t("export-province"), 20, label=True),
            Column(t("export-office"), 30, label=True),
            Column(t("export-submitted"), 12, date=True),
            Column(f"{t('export-submitted')} ({jalali})", 14, text=True, label=True),
            Column(t("export-decided"), 12, date=True),
            Column(f"{t('export-decided')} ({jalali})", 14, text=True, label=True),
        ]
        if with_scores:
            columns += [
                Column(t("export-worksheet", n=t.digits(ws), title=titles[ws].label(t.lang)), 16, label=True)
                for ws in WORKSHEETS
            ]
            columns += [Column(t("export-total"), 12, label=True), Column(t("export-grade"), 8, label=True)]
        if with_personal:
            columns += [
                Column(t("export-first-name"), 16),
                Column(t("export-last-name"), 20),
                Column(t("export-national-code"), 14, text=True),
                Column(t("export-mobile"), 14, text=True),
            ]
        self.columns = columns
        # a label formatted once, not once per row
        self._labels: dict[str, str] = {}  # provinces'
        self._kinds: dict[str, str] = {}
        self._statuses: dict[str, str] = {}

    def _province(self, iso: str | None) -> str:
        if not iso:
            return ""
        label = self._labels.get(iso)
        if label is None:
            label = self._labels[iso] = province(iso).label(self.t.lang)
        return label

    def cells(self, row: CaseRow) -> list[Cell]:
        submitted, decided = iran_date(row.submitted_at), iran_date(row.decided_at)
        kind, status = row.kind, row.status
        cells: list[Cell] = [
            row.tracking_code,
            self._kinds.get(kind) or self._remember(self._kinds, kind, f"kind-{kind}"),
            self._statuses.get(status) or self._remember(self._statuses, status, f"status-{status}"),
            self._province(row.province),
            row.office or "",
            submitted,
            _jalali(submitted) if submitted else "",
            decided,
            _jalali(decided) if decided else "",
        ]
        if self.with_scores:
            s = row.scores
            if s is None:
                cells += _NO_SCORES
            else:
                cells += (
                    _number(s.worksheet3),
                    _number(s.worksheet4),
                    _number(s.worksheet5),
                    _number(s.worksheet6),
                    _number(s.total),
                    s.grade,
                )
        if self.with_personal:
            p = row.personal
            cells += (p.first_name, p.last_name, p.national_code, p.mobile) if p else _NO_PERSONAL
        return cells

    def _remember(self, labels: dict[str, str], value: str, key: str) -> str:
        label = labels[value] = self.t(key)
        return label


_NO_SCORES: tuple[None, ...] = (None,) * 6
_NO_PERSONAL: tuple[None, ...] = (None,) * 4


# ---- writing, as the rows come -------------------------------------------------------------------------


class CaseSheet:
    """The spreadsheet at ``path`` (``fmt`` xlsx or csv), written batch by batch (``write``) and
    finished by ``close`` (or leaving the ``with`` block); ``rows`` counts the cases written."""

    def __init__(
        self, path: Path, fmt: str, t: Translator, *, with_scores: bool, with_personal: bool, right_to_left: bool
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.table = CaseTable(t, with_scores=with_scores, with_personal=with_personal)
        self.rows = 0
        self._out: _Xlsx | _Csv = (
            _Xlsx(path, t("export-sheet"), self.table.columns, right_to_left=right_to_left)
            if fmt == "xlsx"
            else _Csv(path, self.table.columns)
        )

    def write(self, rows: Sequence[CaseRow]) -> None:
        cells = self.table.cells
        self._out.write([cells(r) for r in rows])
        self.rows += len(rows)

    def close(self) -> None:
        self._out.close()

    def __enter__(self) -> CaseSheet:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class _Csv:
    def __init__(self, path: Path, columns: list[Column]) -> None:
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow([c.header for c in columns])
        self._dates = [i for i, c in enumerate(columns) if c.date]

    def write(self, rows: list[list[Cell]]) -> None:
        # only the date columns need turning into text (ISO days): csv writes None as an empty
        # field and every other value as str() would (floats by repr), with no work per cell here
        dates = self._dates
        for row in rows:
            for i in dates:
                day = row[i]
                if isinstance(day, dt.date):
                    row[i] = day.isoformat()
        self._writer.writerows(rows)

    def close(self) -> None:
        self._file.close()


# SpreadsheetML parts (ECMA-376): the package, the workbook with one sheet, three cell styles
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    _XML + f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _XML + f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
HEADER, DATE, TEXT = 1, 2, 3  # the cell styles' indexes (cellXfs)
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # a date cell holds the days since (the 1900 date system)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry
_FLUSH_BYTES = 1 << 16
_MADE_CELLS = 10_000  # values remembered per column at most (memory stays bounded)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_body(value: str, style: int) -> str:
    """A text cell after its reference (``<c r="B2"`` + this)."""
    value = _NOT_XML.sub("", value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f' s="{style}" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def _text(value: str, ref: str, style: int) -> str:
    return f'<c r="{ref}"{_text_body(value, style)}'


def _body(value: str | int | float | dt.date, text_style: int) -> str:
    """Any cell after its reference: text, a date (days since the epoch, the date style) or a number."""
    if isinstance(value, str):
        return _text_body(value, text_style)
    if isinstance(value, dt.date):
        return f' s="{DATE}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    return f"><v>{value!r}</v></c>"


class _Xlsx:
    def __init__(self, path: Path, title: str, columns: list[Column], *, right_to_left: bool) -> None:
        # deflate level 5: the 200,000-case sheet (163 MB of XML) in 16.5 MB for 1.1 s of CPU, where
        # level 6 took 2.2 s for 16.1 MB (and 1-3, 0.7 s, 18.6-22 MB: Bale has been seen to refuse
        # files over ~20 MB)
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5)
        # Excel refuses these in a sheet's name, and names longer than 31 characters
        title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
        self._zip.writestr("[Content_Types].xml", _TYPES)
        self._zip.writestr("_rels/.rels", _PACKAGE_RELS)
        self._zip.writestr(
            "xl/workbook.xml",
            _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
            f'<sheets><sheet name={quoteattr(title)} sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._sheet: IO[bytes] = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._letters = [column_letter(i + 1) for i in range(len(columns))]
        self._styles = [TEXT if c.text else 0 for c in columns]  # of a text cell
        # a column of few values (labels, days, points) makes each value's cell once: most of
        # the sheet's cells, escaped and formatted once instead of once per row
        self._made: list[dict[Cell, str] | None] = [{} if c.label or c.date else None for c in columns]
        widths = "".join(
            f'<col min="{i}" max="{i}" width="{max(c.width, len(c.header) + 2)}" customWidth="1"/>'
            for i, c in enumerate(columns, start=1)
        )
        rtl = ' rightToLeft="1"' if right_to_left else ""
        head = "".join(_text(c.header, f"{letter}1", HEADER) for c, letter in zip(columns, self._letters, strict=True))
        self._buffer: list[str] = [
            _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
            f'<sheetViews><sheetView{rtl} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData><row r="1">{head}</row>'
        ]
        self._size = 0
        self._row = 1

    def write(self, rows: list[list[Cell]]) -> None:
        columns = list(zip(self._letters, self._styles, self._made, strict=True))
        buffer = self._buffer
        for cells in rows:
            self._row += 1
            r = self._row
            parts = [f'<row r="{r}">']
            for value, (letter, style, made) in zip(cells, columns, strict=True):
                if value is None or value == "":
                    continue
                if made is None:
                    parts.append(f'<c r="{letter}{r}"{_body(value, style)}')
                    continue
                body = made.get(value)
                if body is None:
                    body = _body(value, style)
                    if len(made) < _MADE_CELLS:
                        made[value] = body
                parts.append(f'<c r="{letter}{r}"{body}')
            parts.append("</row>")
            line = "".join(parts)
            buffer.append(line)
            self._size += len(line)
        if self._size > _FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        self._sheet.write("".join(self._buffer).encode())
        self._buffer, self._size = [], 0

    def close(self) -> None:
        if self._zip.fp is None:
            return
        last = f"{self._letters[-1]}{self._row}"
        self._buffer.append(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>')
        self._flush()
        self._sheet.close()
        self._zip.close()
