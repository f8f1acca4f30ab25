"""The offices file a province's operator keeps: CSV, UTF-8, header ``province,name,city,active``.

    province,name,city,active
    IR-14,دفتر نمایندگی شهرکرد,شهرکرد,1
    چهارمحال و بختیاری,دفتر نمایندگی بروجن,بروجن,

province: an ISO 3166-2 code (IR-00 … IR-30) or the Persian name; active: 1 or 0, empty = 1; city
may be empty. The whole file is checked before anything is imported: every bad line is reported
with its number and the reason, and one bad line means nothing is imported. A reason is a text
key with its arguments (``offices-csv-*`` in ``conversations/locales``): the CLI shows it in
English, the admins' chat in the admin's language.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from scoring import find_province, normalize_digits, normalize_text
from storage.offices import CITY_MAX, NAME_MAX, OfficeRecord

COLUMNS = ("province", "name", "city", "active")


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    key: str  # the reason's text key
    args: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:  # for logs; people read it through the texts
        return f"line {self.line}: {self.key} {self.args}"


class OfficesFileError(Exception):
    """The file cannot be imported; ``problems`` says where and why (at least one)."""

    def __init__(self, problems: list[LineProblem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise OfficesFileError([LineProblem(line, "offices-csv-not-utf8")]) from None


def _header(cells: list[str]) -> list[str]:
    names = [c.strip().casefold() for c in cells]
    if sorted(names) != sorted(COLUMNS):
        found = ",".join(c.strip() for c in cells)
        raise OfficesFileError([LineProblem(1, "offices-csv-header", {"columns": ",".join(COLUMNS), "found": found})])
    return names


Reason = tuple[str, dict[str, str]]  # a text key and its arguments


def _record(values: dict[str, str]) -> tuple[OfficeRecord | None, list[Reason]]:
    """The record of one row, or why not (every reason the row has)."""
    reasons: list[Reason] = []
    typed_province = values["province"].strip()
    found = find_province(typed_province) if typed_province else None
    if not typed_province:
        reasons.append(("offices-csv-province-empty", {}))
    elif found is None:
        reasons.append(("offices-csv-province-unknown", {"value": typed_province}))
    name = normalize_text(values["name"])
    if not name:
        reasons.append(("offices-csv-name-empty", {}))
    elif len(name) > NAME_MAX:
        reasons.append(("offices-csv-name-long", {"max": str(NAME_MAX)}))
    city = normalize_text(values["city"]) or None
    if city is not None and len(city) > CITY_MAX:
        reasons.append(("offices-csv-city-long", {"max": str(CITY_MAX)}))
    flag = normalize_digits(values["active"]).strip()
    if flag not in ("", "0", "1"):
        reasons.append(("offices-csv-active", {"value": values["active"].strip()}))
    if reasons or found is None:
        return None, reasons
    return OfficeRecord(found.iso, name, city, flag != "0"), []


def parse_offices_csv(data: bytes) -> list[OfficeRecord]:
    """The offices of the file, in its order; ``OfficesFileError`` listing every bad line otherwise."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        first = next(reader, None)
        if first is None:
            raise OfficesFileError([LineProblem(1, "offices-csv-empty", {"columns": ",".join(COLUMNS)})])
        header = _header(first)
        records: list[OfficeRecord] = []
        problems: list[LineProblem] = []
        seen: dict[tuple[str, str], int] = {}
        end = reader.line_num
        for row in reader:
            line, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.append(
                    LineProblem(line, "offices-csv-columns", {"values": str(len(row)), "columns": str(len(header))})
                )
                continue
            record, reasons = _record(dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)))
            problems += [LineProblem(line, key, args) for key, args in reasons]
            if record is None:
                continue
            key = (record.province, record.name)
            if key in seen:
                problems.append(LineProblem(line, "offices-csv-duplicate", {"first": str(seen[key])}))
                continue
            seen[key] = line
            records.append(record)
    except csv.Error as exc:
        raise OfficesFileError([LineProblem(reader.line_num, "offices-csv-not-csv", {"error": str(exc)})]) from None
    if problems:
        raise OfficesFileError(problems)
    if not records:
        raise OfficesFileError([LineProblem(2, "offices-csv-no-offices")])
    return records
