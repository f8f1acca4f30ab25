"""`nezam-bot export`: an XLSX opened with openpyxl and a CSV read back — Persian headers and
labels, Jalali dates, personal data only with --with-personal."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell import Cell
from sqlalchemy import update

from scoring import format_jalali
from scoring.validators import IRAN_TIME
from storage import builder_license, cases, offices, people
from storage.db import make_engine, make_sessionmaker, upgrade
from storage.models import Case, WorkflowEvent
from storage.workflow import Action, Actor, Role
from tests.bot.cli import run_main
from tests.storage.helpers import BUILDER_LICENSE, move, new_case

SUBMITTED = dt.datetime(2024, 8, 2, 21, 0, tzinfo=dt.UTC)  # 1403/05/13 00:30 in Iran
COLUMNS = [
    "کد رهگیری",
    "نوع پرونده",
    "وضعیت",
    "استان",
    "دفتر نمایندگی",
    "تاریخ ارسال",  # a date cell
    "تاریخ ارسال (شمسی)",  # beside it, the Jalali day as text
    "تاریخ تصمیم",
    "تاریخ تصمیم (شمسی)",
]
DAY_IN_IRAN = dt.datetime(2024, 8, 3)  # a date cell as openpyxl reads it back
SCORES = [
    "کاربرگ ۳: امتیاز اکتسابی پروانه اشتغال",
    "کاربرگ ۴: امتیاز سابقه حرفه\u200cای",
    "کاربرگ ۵: توان مالی",
    "کاربرگ ۶: مطلوبیت",
    "جمع امتیاز",
    "پایه",
]
PERSONAL = ["نام", "نام خانوادگی", "کد ملی", "شماره همراه"]


def make_cases(url: str) -> dict[str, str]:
    """A membership file approved on 1403/05/13 in Chaharmahal, a license file submitted today in
    Tehran and scored (worksheets 3–6, the total and the grade kept)."""
    upgrade(url)
    admin = Actor(Role.ADMIN)

    async def work() -> dict[str, str]:
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as session, session.begin():
            office = await offices.add_office(session, "IR-14", "دفتر آزمایشی شهرکرد", city="شهرکرد")
            member = await new_case(session, user_id=1)
            await cases.set_case_fields(session, member.id, province="IR-14", suggested_office_id=office.id)
            await people.update_identity(session, member.applicant_id, first_name="سارا", last_name="آزمایشی")
            for action in (Action.SUBMIT, Action.TAKE, Action.APPROVE):
                await move(session, member.id, action, Actor.applicant() if action == Action.SUBMIT else admin)
            await session.execute(update(WorkflowEvent).values(at=SUBMITTED))
            await session.execute(update(Case).values(first_submitted_at=SUBMITTED, first_taken_at=SUBMITTED))
            license_file = await new_case(session, BUILDER_LICENSE, user_id=2)
            await cases.set_case_fields(session, license_file.id, province="IR-23")
            await move(session, license_file.id, Action.SUBMIT, Actor.applicant())
            points = {"3": Decimal(5), "4": Decimal("6.56"), "5": Decimal("3.5"), "6": Decimal(10)}
            await builder_license.keep_score(session, license_file.id, points, Decimal("25.06"), 3)
            applicant = await people.get_applicant(session, member.applicant_id)
            assert applicant is not None
        await engine.dispose()
        return {"member": member.tracking_code, "license": license_file.tracking_code, "nc": applicant.national_code}

    return asyncio.run(work())


@dataclass
class Exporter:
    """`nezam-bot export … --database-url` on a database holding ``made``'s cases; files in ``folder``."""

    run: Callable[..., tuple[int, str, str]]
    made: dict[str, str]
    folder: Path


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Exporter:
    url = f"sqlite+aiosqlite:///{tmp_path / 'export.db'}"
    made = make_cases(url)

    def run(*args: str) -> tuple[int, str, str]:
        return run_main(monkeypatch, capsys, tmp_path, "export", *args, "--database-url", url)

    return Exporter(run, made, tmp_path)


def test_xlsx_with_persian_headers_and_rows(export: Exporter) -> None:
    made = export.made
    code, out, err = export.run("--format", "xlsx", "--output", "cases.xlsx")
    assert (code, err, out) == (0, "", "wrote 2 cases to cases.xlsx\n")
    sheet = load_workbook(export.folder / "cases.xlsx").active
    assert sheet is not None and sheet.title == "پرونده‌ها" and sheet.sheet_view.rightToLeft
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS + SCORES
    assert rows[1] == [
        made["member"],
        "درخواست عضویت",
        "تایید شده",
        "چهارمحال و بختیاری",
        "دفتر آزمایشی شهرکرد",
        DAY_IN_IRAN,
        "1403/05/13",
        DAY_IN_IRAN,
        "1403/05/13",
        *[None] * 6,  # a membership file has no scores
    ]
    today = dt.datetime.now(IRAN_TIME).date()
    assert rows[2] == [
        made["license"],
        "پروانه مجری حقیقی",
        "ارسال‌شده، در انتظار بررسی",
        "تهران",
        None,  # no office chosen
        dt.datetime.combine(today, dt.time()),
        format_jalali(today),
        None,  # no decision yet
        None,
        5,
        6.56,
        3.5,
        10,
        25.06,
        3,  # the score kept when documents review ended
    ]
    assert made["nc"] not in str(rows)
    submitted = sheet.cell(row=2, column=6)
    assert isinstance(submitted, Cell) and submitted.is_date  # sorts and filters as a date
    assert submitted.number_format == "yyyy-mm-dd"


def test_membership_only_with_personal_data_and_a_date_range(export: Exporter) -> None:
    membership = ("--kind", "membership", "--with-personal")
    code, out, _ = export.run(*membership, "--from", "۱۴۰۳/۰۵/۱۳", "--to", "1403/05/13", "--output", "admin.xlsx")
    assert code == 0 and out.startswith("wrote 1 case to admin.xlsx (with names, national codes and mobile numbers")
    sheet = load_workbook(export.folder / "admin.xlsx").active
    assert sheet is not None
    header, row = (list(r) for r in sheet.iter_rows(values_only=True))
    assert header == COLUMNS + PERSONAL  # no score columns for membership files
    assert row[9:] == ["سارا", "آزمایشی", export.made["nc"], "09120000000"]
    assert sheet.cell(row=2, column=12).number_format == "@"  # national codes stay text (leading zeros)

    code, out, _ = export.run(*membership, "--from", "1403/05/14", "--output", "none.xlsx")
    assert out.startswith("wrote 0 cases to none.xlsx")


def test_csv_is_utf8_with_a_bom(export: Exporter) -> None:
    code, _, _ = export.run("--format", "csv", "--status", "in_review", "approved", "--output", "cases.csv")
    assert code == 0
    data = (export.folder / "cases.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == COLUMNS + SCORES
    assert rows[1][:4] == [export.made["member"], "درخواست عضویت", "تایید شده", "چهارمحال و بختیاری"]
    assert rows[1][5:9] == ["2024-08-03", "1403/05/13", "2024-08-03", "1403/05/13"]  # ISO date, Jalali day
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--status", "approved", "paid"], "error: --status: unknown status “paid”; one of draft, submitted,"),
        (["--from", "1403/13/01"], "error: --from: “1403/13/01” is not a Jalali date (e.g. 1403/05/12)"),
        (["--from", "1403/06/01", "--to", "1403/05/01"], "error: --from 1403/06/01 is after --to 1403/05/01"),
    ],
)
def test_bad_options_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], line: str
) -> None:
    code, _, err = run_main(monkeypatch, capsys, tmp_path, "export", *args)
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith(line)
