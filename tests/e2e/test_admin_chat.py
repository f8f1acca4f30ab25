"""Admins in their private chat: /offices (list per province, add, (de)activate by button, import
the offices file sent as a document) and /export (the cases spreadsheet as a document)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.emulator import BotApiEmulator, ChatMessage
from storage import offices
from tests.e2e import flows
from tests.e2e.conftest import Harness, make_settings
from tests.e2e.flows import bodies, expect
from tests.factories import offices_csv, with_prefix

ADMIN = {"telegram": 9601, "bale": 9602}


@pytest.fixture
async def admins(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Harness]:
    settings = make_settings(
        tmp_path, emulator.base_url, telegram_admin_ids=[ADMIN["telegram"]], bale_admin_ids=[ADMIN["bale"]]
    )
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_offices_in_the_admins_chat(admins: Harness, platform: str) -> None:
    admin = admins.user(platform, ADMIN[platform], "مدیر")
    # the harness starts with the five sample offices, in two provinces
    await expect(admin, await admin.send("/offices"), "۵ دفتر، ۵ فعال", "استان‌های بدون دفتر فعال (۲۹)", "اصفهان")

    await expect(admin, await admin.send("/offices import"), "فایل دفترها")
    bad = "province,name,city,active\nIR-14,دفتر الف,,1\nIR-31,دفتر ب,,1\nIR-23,دفتر ج,,2\n"
    replies = await admin.send_document(bad.encode(), "offices.csv", "text/csv")
    await expect(admin, replies, "چیزی تغییر نکرد", "سطر ۳: استان «IR-31» شناخته نیست", "سطر ۴: ستون active")
    replies = await admin.send_document(offices_csv(), "offices.csv", "text/csv")  # 31 provinces, 32 offices
    await expect(admin, replies, "۳۲ دفتر تازه", "۳۷ دفتر، ۳۷ فعال", "همه استان‌ها دفتر فعال دارند")

    async with admins.app.sessions() as session:
        imported = next(o for o in await offices.list_offices(session, "IR-14") if not o.is_sample)
    replies = await admin.press("چهارمحال و بختیاری (")
    await expect(admin, replies, "دفترهای نمایندگی چهارمحال و بختیاری", imported.name, "— فعال")
    await admin.press(f"غیرفعال کردن #{''.join('۰۱۲۳۴۵۶۷۸۹'[int(d)] for d in str(imported.id))}")
    listing = next(m for m in reversed(admin.messages()) if "دفترهای نمایندگی چهارمحال" in m.body)
    assert f"{imported.name} (شهر آزمایشی" in listing.body and "— غیرفعال" in listing.body, listing.body
    assert (listing.edited > 0) == (admins.bot(platform).errors == [])  # edited in place

    await expect(admin, await admin.send("/offices add IR-14 | دفتر نمایندگی بروجن | بروجن"), "افزوده شد")
    await expect(admin, await admin.send("/offices add چهارمحال و بختیاری | دفتر نمایندگی بروجن"), "دفتری با نام")
    await expect(admin, await admin.send("/offices IR-99"), "استان نیست")

    # what applicants are offered: the active offices, not the deactivated one
    applicant = admins.user(platform, 9611)
    await flows.identity(applicant, with_prefix("461"))
    await applicant.press("بعدی")
    offered = bodies(await applicant.press("چهارمحال و بختیاری"))
    assert "دفتر نمایندگی بروجن" in offered and "(نمونه) دفتر نمایندگی شهرکرد" in offered
    assert imported.name not in offered

    stranger = admins.user(platform, 9612)
    await expect(stranger, await stranger.send("/offices"), "اجازه")


async def test_export_in_the_admins_chat(admins: Harness) -> None:
    applicant = admins.user("bale", 9621)
    national_code = with_prefix("461")
    tracking = await flows.full_application(applicant, national_code)
    admin = admins.user("bale", ADMIN["bale"], "مدیر")

    async def exported(command: str) -> ChatMessage:
        """The command answered at once ("preparing"), the file sent once another process made it."""
        await expect(admin, await admin.send(command), "در حال آماده شدن")
        assert admins.app.exports is not None
        await admins.app.exports.wait()
        return next(m for m in reversed(admin.messages()) if m.document)

    sheet = await exported("/export submitted از 1400/01/01")
    assert "۱ پرونده، وضعیت: ارسال‌شده" in sheet.body and "ارسال از ۱۴۰۰/۰۱/۰۱" in sheet.body
    assert "کد ملی" in sheet.body  # the caption warns: personal data
    workbook = load_workbook(io.BytesIO(admins.emulator.files[sheet.document or ""].data))
    ws = workbook.active
    assert ws is not None
    table = [[c.value for c in row] for row in ws.iter_rows()]
    assert table[0][:3] == ["کد رهگیری", "نوع پرونده", "وضعیت"] and "کد ملی" in table[0]
    assert table[1][0] == tracking.strip("\u200e") and national_code in table[1] and "09123456789" in table[1]
    calls = admins.bot("bale").calls
    assert ("sendChatAction", "typing") in [(m, p.get("action")) for m, p in calls]  # no upload_document on Bale

    empty = await exported("/export 1500/01/01")
    assert "۰ پرونده" in empty.body
    await expect(admin, await admin.send("/export approvd"), "«approvd» نه وضعیت است و نه تاریخ", "وضعیت‌ها:")
    await expect(admin, await admin.send("/export 1403/05/31 1403/05/01"), "پس از تاریخ پایان")
    await expect(applicant, await applicant.send("/export"), "اجازه")
