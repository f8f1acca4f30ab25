"""Exports at constant memory (issue 30): the spreadsheet written as the rows come holds no more
for 10,000 cases than for 2,500 — the writer alone, and the whole export from a database — and
the XLSX written part by part is one spreadsheet programs read (openpyxl here): values, real
date cells, text kept text, right to left, the header frozen and filtered. And the seeding tool
for the national-size benchmark makes what it says (PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import tracemalloc
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.exports import write_export
from conversations.kit.i18n import I18n
from conversations.kit.spreadsheet import CaseSheet, ExportOrder
from scoring import validate_national_code
from storage.db import upgrade
from storage.exports import CaseFilter, CaseRow, LicenseScores, Personal
from tests.bot.cli import ROOT, process_env

T = I18n("fa")("fa")
SUBMITTED = dt.datetime(2024, 8, 2, 21, 0, tzinfo=dt.UTC)  # 1403/05/13 in Iran


def _row(n: int) -> CaseRow:
    return CaseRow(
        tracking_code=f"AB{n:06d}",
        kind="builder_license",
        status="closed",
        province="IR-14",
        office="دفتر <نمونه> & شهرکرد",
        submitted_at=SUBMITTED,
        decided_at=None,
        scores=LicenseScores(Decimal(5), Decimal("6.56"), Decimal("3.5"), Decimal(10), Decimal("25.06"), 3),
        personal=Personal(f"{n:010d}", "09120000000", " سارا", "آزمایشی\x01"),
    )


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_writer_holds_one_batch_not_the_sheet(tmp_path: Path, fmt: str) -> None:
    def write(count: int) -> Callable[[], object]:
        def run() -> None:
            with CaseSheet(
                tmp_path / f"{count}.{fmt}", fmt, T, with_scores=True, with_personal=True, right_to_left=True
            ) as sheet:
                for first in range(0, count, 500):
                    sheet.write([_row(n) for n in range(first, first + 500)])

        return run

    small, large = _peak(write(2_500)), _peak(write(10_000))
    assert large < small * 1.25 + 200_000, (small, large)  # four times the rows, the same memory


def test_the_xlsx_is_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    with CaseSheet(path, "xlsx", T, with_scores=True, with_personal=True, right_to_left=True) as sheet:
        sheet.write([_row(1), _row(2)])
    assert sheet.rows == 2
    book = load_workbook(path)
    ws = book.active
    assert ws is not None and ws.title == "پرونده‌ها" and ws.sheet_view.rightToLeft
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:S3"
    header, first, second = (list(r) for r in ws.iter_rows(values_only=True))
    assert header[5:9] == ["تاریخ ارسال", "تاریخ ارسال (شمسی)", "تاریخ تصمیم", "تاریخ تصمیم (شمسی)"]
    assert first == [
        "AB000001",
        "پروانه مجری حقیقی",
        "مختومه",
        "چهارمحال و بختیاری",
        "دفتر <نمونه> & شهرکرد",  # escaped in the XML, itself again
        dt.datetime(2024, 8, 3),
        "1403/05/13",
        None,
        None,
        5,
        6.56,
        3.5,
        10,
        25.06,
        3,
        " سارا",  # spaces kept
        "آزمایشی",  # a control character XML cannot carry, dropped
        "0000000001",  # leading zeros kept: text
        "09120000000",
    ]
    assert ws["F2"].is_date and ws["R2"].number_format == "@" and ws["A1"].font.b
    # a label's, a day's and a score's cell is made once and placed in every row that has it
    assert second == ["AB000002", *first[1:17], "0000000002", "09120000000"]
    assert ws["F3"].is_date and ws["G3"].number_format == "@"


def test_a_whole_export_from_a_database_at_constant_memory(tmp_path: Path) -> None:
    """10,000 cases (2,500 of them builder licenses) in SQLite: exporting all of them takes no more
    memory than exporting the 2,500, in either format."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'many.db'}"
    upgrade(url)
    engine = create_engine(make_url(url).set(drivername="sqlite"))
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO applicants (id, national_code, mobile, created_at) VALUES (:n, :code, :m, :at)"),
            [{"n": n, "code": f"{n:010d}", "m": "09120000000", "at": SUBMITTED} for n in range(1, 10_001)],
        )
        conn.execute(
            text(
                "INSERT INTO messenger_users (id, platform, external_id, chat_id, language, created_at, last_seen_at) "
                "VALUES (1, 'telegram', 1, 1, 'fa', :at, :at)"
            ),
            {"at": SUBMITTED},
        )
        conn.execute(
            text(
                "INSERT INTO cases (id, kind, status, tracking_code, applicant_id, messenger_user_id, province, "
                "resubmission_count, version, created_at, updated_at, status_at, first_submitted_at) VALUES (:n, "
                ":kind, 'closed', :code, :n, 1, 'IR-23', 0, 1, :at, :at, :at, :at)"
            ),
            [
                {
                    "n": n,
                    "kind": "builder_license" if n % 4 == 0 else "membership",
                    "code": f"C{n:07d}",
                    "at": SUBMITTED + dt.timedelta(seconds=n),
                }
                for n in range(1, 10_001)
            ],
        )
    engine.dispose()

    def export(kind: str | None, fmt: str, expected: int) -> Callable[[], object]:
        order = ExportOrder(CaseFilter(kind=kind, with_personal=True), "fa", fmt)

        def run() -> None:
            assert asyncio.run(write_export(url, order, tmp_path / f"{kind}.{fmt}")) == expected

        return run

    for fmt in ("xlsx", "csv"):
        some, every = _peak(export("builder_license", fmt, 2_500)), _peak(export(None, fmt, 10_000))
        assert every < some * 1.3 + 500_000, (fmt, some, every)
    sheet = load_workbook(tmp_path / "None.xlsx", read_only=True).active
    assert sheet is not None and sum(1 for _ in sheet.iter_rows(values_only=True)) == 10_001


def test_the_seeding_tool_makes_a_national_database(postgres_server_url: str, tmp_path: Path) -> None:
    name = f"nezam_test_seed_{uuid.uuid4().hex[:8]}"
    url = make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "seed_national.py"), "--url", url, "--create", "--cases", "400"],
            env=process_env(),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "cases 400" in done.stdout
        engine = create_engine(make_url(url).set(drivername="postgresql+psycopg2"))
        with engine.connect() as conn:
            codes = conn.execute(text("SELECT national_code FROM applicants")).scalars().all()
            assert len(codes) > 350 and all(validate_national_code(c) == c for c in codes)
            kinds: dict[str, int] = dict(conn.execute(text("SELECT kind, count(*) FROM cases GROUP BY kind")).all())
            assert kinds["membership"] > kinds["builder_license"] > 40
            statuses = set(conn.execute(text("SELECT status FROM cases")).scalars())
            assert {"draft", "member", "returned", "closed"} <= statuses
            # the firsts the cases keep are their histories' firsts
            differ = conn.execute(
                text(
                    "SELECT count(*) FROM cases c WHERE first_submitted_at IS DISTINCT FROM "
                    "(SELECT min(at) FROM workflow_events e WHERE e.case_id = c.id AND e.action = 'submit') "
                    "OR first_taken_at IS DISTINCT FROM "
                    "(SELECT min(at) FROM workflow_events e WHERE e.case_id = c.id AND e.action = 'take')"
                )
            ).scalar()
            assert differ == 0
            per_case = conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM workflow_events) / 400.0, (SELECT count(*) FROM case_answers) / 400.0"
                )
            ).one()
            assert 6 < per_case[0] < 16 and 20 <= per_case[1] <= 28
            assert conn.execute(text("SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL")).scalar() is not None
        engine.dispose()
    finally:
        admin = create_engine(
            make_url(postgres_server_url).set(drivername="postgresql+psycopg2"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
