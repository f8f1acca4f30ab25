"""The operator's side at start-up: admins are told which provinces have no active office (in
their language, from `nezam-bot run` itself), and imported offices are what applicants are offered."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from bot.emulator import BotApiEmulator
from bot.office_notice import missing_offices_text, tell_admins_about_offices
from conversations.kit.i18n import I18n
from scoring import provinces
from storage import offices, people
from storage.db import make_engine, make_sessionmaker, upgrade_async
from storage.office_csv import parse_offices_csv
from tests.e2e import flows
from tests.e2e.conftest import BALE_TOKEN, TELEGRAM_TOKEN, Harness
from tests.e2e.test_process import start_bot
from tests.factories import offices_csv, with_prefix

ADMINS = {"telegram": frozenset({9401}), "bale": frozenset({9402})}


async def test_admins_hear_of_provinces_without_an_office_in_their_language(harness: Harness) -> None:
    app = harness.app
    async with app.sessions() as session, session.begin():
        await people.upsert_user(session, "bale", 9402, 9402, "en")  # this admin switched to English
    # the harness has sample offices in Chaharmahal (IR-14) and Tehran (IR-23) only
    assert await tell_admins_about_offices(app.sessions, app.bots, ADMINS, app.i18n, app.notifier) == 2
    await app.notifier.drain()
    persian = harness.bot("telegram").chat(9401)[-1].body
    assert "این ۲۹ استان هیچ دفتر نمایندگی فعالی ندارند" in persian
    assert "اصفهان" in persian and "چهارمحال و بختیاری" not in persian and "تهران،" not in persian
    assert "ترجیحی ندارم" in persian and "nezam-bot offices import FILE.csv" in persian
    english = harness.bot("bale").chat(9402)[-1].body
    assert "These 29 provinces have no active representative office" in english and "Isfahan" in english

    async with app.sessions() as session, session.begin():
        await offices.import_offices(session, parse_offices_csv(offices_csv()))
    assert await tell_admins_about_offices(app.sessions, app.bots, ADMINS, app.i18n, app.notifier) == 0


def test_a_fresh_installation_says_there_is_no_office_at_all() -> None:
    every = [p.iso for p in provinces()]
    text = missing_offices_text(I18n()("fa"), every)
    assert text is not None and text.startswith("⚠️ هیچ دفتر نمایندگی فعالی ثبت نشده است")
    assert missing_offices_text(I18n()("fa"), []) is None


async def test_nezam_bot_run_tells_the_admins_at_start(emulator: BotApiEmulator, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await upgrade_async(url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        everywhere_but_chaharmahal = [r for r in parse_offices_csv(offices_csv()) if r.province != "IR-14"]
        await offices.import_offices(session, everywhere_but_chaharmahal)
    await engine.dispose()

    process = await start_bot(emulator, tmp_path, TELEGRAM_ADMIN_IDS="9501", BALE_ADMIN_IDS="9502")
    try:
        deadline = time.monotonic() + 30  # a loaded CI machine starts a process slowly
        while time.monotonic() < deadline:
            if emulator.bots[TELEGRAM_TOKEN].chat(9501) and emulator.bots[BALE_TOKEN].chat(9502):
                break
            await asyncio.sleep(0.05)
        for token, admin in ((TELEGRAM_TOKEN, 9501), (BALE_TOKEN, 9502)):
            (notice,) = emulator.bots[token].chat(admin)
            assert "این ۱ استان هیچ دفتر نمایندگی فعالی ندارند" in notice.body
            assert "\nچهارمحال و بختیاری\n" in notice.body
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0


async def test_imported_offices_are_what_the_applicant_is_offered(harness: Harness) -> None:
    async with harness.app.sessions() as session, session.begin():
        records = parse_offices_csv(
            "province,name,city,active\nچهارمحال و بختیاری,دفتر آزمایشی لردگان,لردگان,1\n"
            "IR-14,دفتر آزمایشی کیار,شلمزار,0\n".encode()
        )
        await offices.import_offices(session, records)
    user = harness.user("telegram", 9601)
    await flows.identity(user, with_prefix("461"))
    await user.press("بعدی")
    replies = await user.press("چهارمحال و بختیاری")
    await flows.expect(user, replies, "دفتر آزمایشی لردگان", "ترجیحی ندارم")
    assert "دفتر آزمایشی کیار" not in flows.bodies(replies)  # imported as inactive
