"""The offices file a province's operator keeps: CSV, UTF-8, header ``province,name,city,active``.

    province,name,city,active
    IR-14,دفتر نمایندگی شهرکرد,شهرکرد,1
    چهارمحال و بختیاری,دفتر نمایندگی بروجن,بروجن,

province: an ISO 3166-2 code (IR-00 … IR-30) or the Persian name; active: 1 or 0, empty = 1; city
may be empty. The whole file is checked before anything is imported: every bad line is reported
with its number and the reason, and one bad line means nothing is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from scoring import find_province, normalize_digits, normalize_text
from storage.offices import CITY_MAX, NAME_MAX, OfficeRecord

COLUMNS = ("province", "name", "city", "active")


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


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
        raise OfficesFileError([LineProblem(line, "not UTF-8 text (save the file as “CSV UTF-8”)")]) from None


def _header(cells: list[str]) -> list[str]:
    names = [c.strip().casefold() for c in cells]
    if sorted(names) != sorted(COLUMNS):
        found = ",".join(c.strip() for c in cells)
        raise OfficesFileError(
            [LineProblem(1, f"the header must be {','.join(COLUMNS)} (comma-separated), not “{found}”")]
        )
    return names


def _record(values: dict[str, str]) -> tuple[OfficeRecord | None, list[str]]:
    """The record of one row, or why not (every reason the row has)."""
    reasons = []
    typed_province = values["province"].strip()
    found = find_province(typed_province) if typed_province else None
    if not typed_province:
        reasons.append("province is empty")
    elif found is None:
        reasons.append(f"unknown province “{typed_province}” (an ISO code IR-00…IR-30 or the Persian name)")
    name = normalize_text(values["name"])
    if not name:
        reasons.append("name is empty")
    elif len(name) > NAME_MAX:
        reasons.append(f"name is longer than {NAME_MAX} characters")
    city = normalize_text(values["city"]) or None
    if city is not None and len(city) > CITY_MAX:
        reasons.append(f"city is longer than {CITY_MAX} characters")
    flag = normalize_digits(values["active"]).strip()
    if flag not in ("", "0", "1"):
        reasons.append(f"active must be 1 or 0 (or empty for 1), not “{values['active'].strip()}”")
    if reasons or found is None:
        return None, reasons
    return OfficeRecord(found.iso, name, city, flag != "0"), []


def parse_offices_csv(data: bytes) -> list[OfficeRecord]:
    """The offices of the file, in its order; ``OfficesFileError`` listing every bad line otherwise."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        first = next(reader, None)
        if first is None:
            raise OfficesFileError([LineProblem(1, f"the file is empty; the first line must be {','.join(COLUMNS)}")])
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
                    LineProblem(
                        line,
                        f"{len(row)} values but {len(header)} columns (a name with a comma must be in double quotes)",
                    )
                )
                continue
            record, reasons = _record(dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)))
            problems += [LineProblem(line, reason) for reason in reasons]
            if record is None:
                continue
            key = (record.province, record.name)
            if key in seen:
                problems.append(LineProblem(line, f"the same office (province and name) as line {seen[key]}"))
                continue
            seen[key] = line
            records.append(record)
    except csv.Error as exc:
        raise OfficesFileError([LineProblem(reader.line_num, f"not readable as CSV: {exc}")]) from None
    if problems:
        raise OfficesFileError(problems)
    if not records:
        raise OfficesFileError([LineProblem(2, "no offices after the header")])
    return records
