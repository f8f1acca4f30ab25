"""The cases spreadsheet for staff (``nezam-bot export``, and admins' ``/export`` in the chat):
XLSX (openpyxl) or CSV, as bytes.

Headers and labels (kind, status, province) in the chosen language, Persian by default; dates as
Jalali ``YYYY/MM/DD`` with ASCII digits, the day in Iran, so the columns sort and filter. CSV is
UTF-8 *with* a BOM: without it Excel reads the file as the system's code page and shows Persian
as mojibake; Python's csv, pandas and LibreOffice read the BOM as UTF-8 too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from conversations.kit.i18n import Translator
from scoring import default_rules, format_jalali, province
from scoring.validators import IRAN_TIME
from storage.exports import CaseRow

Cell = str | int | float | None
WORKSHEETS = ("3", "4", "5", "6")


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[Cell]]


def jalali_day(moment: dt.datetime | None) -> str:
    return format_jalali(moment.astimezone(IRAN_TIME).date()) if moment else ""


def _number(value: Decimal | int | None) -> Cell:
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


def case_sheet(rows: Sequence[CaseRow], t: Translator, *, with_scores: bool, with_personal: bool) -> Sheet:
    """The table: a header row, then one row per case, in ``rows``' order. Score columns (builder
    license) when ``with_scores``; name, national code and mobile only when ``with_personal``."""
    titles = default_rules().titles
    headers = [
        t(key)
        for key in (
            "export-tracking-code",
            "export-kind",
            "export-status",
            "export-province",
            "export-office",
            "export-submitted",
            "export-decided",
        )
    ]
    if with_scores:
        headers += [t("export-worksheet", n=t.digits(ws), title=titles[ws].label(t.lang)) for ws in WORKSHEETS]
        headers += [t("export-total"), t("export-grade")]
    if with_personal:
        headers += [t(k) for k in ("export-first-name", "export-last-name", "export-national-code", "export-mobile")]
    table: list[list[Cell]] = []
    for row in rows:
        cells: list[Cell] = [
            row.tracking_code,
            t(f"kind-{row.kind}"),
            t(f"status-{row.status}"),
            province(row.province).label(t.lang) if row.province else "",
            row.office or "",
            jalali_day(row.submitted_at),
            jalali_day(row.decided_at),
        ]
        if with_scores:
            s = row.scores
            points = (s.worksheet3, s.worksheet4, s.worksheet5, s.worksheet6, s.total, s.grade) if s else (None,) * 6
            cells += [_number(p) for p in points]
        if with_personal:
            p = row.personal
            cells += [p.first_name, p.last_name, p.national_code, p.mobile] if p else [None] * 4
        table.append(cells)
    return Sheet(t("export-sheet"), headers, table)


def xlsx_bytes(sheet: Sheet, *, right_to_left: bool) -> bytes:
    # openpyxl is loaded with the first export, not at start (issue 15: RSS)
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = sheet.title
    ws.sheet_view.rightToLeft = right_to_left
    ws.append(sheet.headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        ws.append(row)
    for index, column in enumerate(ws.columns, start=1):  # as wide as the longest value; text stays text
        ws.column_dimensions[get_column_letter(index)].width = min(max(len(str(c.value or "")) for c in column) + 2, 60)
        for cell in column[1:]:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(sheet: Sheet) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(sheet.headers)
    writer.writerows(["" if c is None else c for c in row] for row in sheet.rows)
    return text.getvalue().encode("utf-8-sig")
