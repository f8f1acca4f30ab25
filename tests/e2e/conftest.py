"""End-to-end: the real dispatcher, long-polling HTTP against the project's Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import App, build_app, prepare
from bot.emulator import BotApiEmulator, EmulatedBot, FakeUser
from bot.emulator.bale import BaleFacts
from bot.ratelimit import Limits
from bot.settings import Settings
from scoring.validators import jalali_year
from storage import offices
from tests.factories import FILES_KEY

TELEGRAM_TOKEN = "1001:telegram-test"
BALE_TOKEN = "2002:bale-test"
STAFF_CHAT = -100500


@dataclass
class Harness:
    emulator: BotApiEmulator
    app: App
    settings: Settings
    tmp: Path
    task: asyncio.Task[None] | None = None

    def bot(self, platform: str) -> EmulatedBot:
        return self.emulator.bots[TELEGRAM_TOKEN if platform == "telegram" else BALE_TOKEN]

    def user(self, platform: str, user_id: int, first_name: str = "رضا") -> FakeUser:
        return self.emulator.user(TELEGRAM_TOKEN if platform == "telegram" else BALE_TOKEN, user_id, first_name)

    async def start(self, **options: Any) -> None:
        """The bot, polling (``options``: more of ``build_app``'s, e.g. ``store_after``)."""
        self.app = build_app(
            self.settings, on_handled=self.emulator.handled, polling_timeout=1, limits=Limits.emulated(), **options
        )
        for bot in self.emulator.bots.values():
            if bot.handled is None:
                bot.handled = set()
        await prepare(self.app)
        async with self.app.sessions() as session, session.begin():
            await offices.seed_sample_offices(session)
        self.app.notifier.start()
        self.task = asyncio.create_task(self.app.polling.run())
        await asyncio.sleep(0.05)

    async def stop(self) -> None:
        """Stop the bot as a restart would: the process and what it held in memory are gone."""
        if self.task is not None:
            self.app.polling.stop()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await asyncio.wait_for(self.task, 5)
            self.task = None
        await self.app.close()


async def until(condition: Callable[[], bool], within: float = 15.0) -> None:
    """Wait for ``condition`` (checked every few milliseconds) until a deadline, never a fixed time."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within} s")
        await asyncio.sleep(0.005)


def make_settings(tmp: Path, base_url: str, **overrides: object) -> Settings:
    values: dict[str, Any] = {
        "telegram_token": TELEGRAM_TOKEN,
        "telegram_api_base": base_url,
        "bale_token": BALE_TOKEN,
        "bale_api_base": base_url,
        "telegram_staff_chat_id": STAFF_CHAT,
        "bale_staff_chat_id": STAFF_CHAT,
        "database_url": f"sqlite+aiosqlite:///{tmp / 'bot.db'}",
        "files_dir": str(tmp / "files"),
        "files_key": FILES_KEY,
        "redis_url": None,
        "org_name_fa": "سازمان نظام مهندسی ساختمان استان چهارمحال و بختیاری (آزمایشی)",
        "membership_fee_rials": 2_500_000,
        # annual dues of the last three Jalali years (whatever year the tests run in)
        "dues_rials": {jalali_year() - 2: 1_500_000, jalali_year() - 1: 1_800_000, jalali_year(): 2_000_000},
        "metrics": False,  # no /healthz on LISTEN in polling mode unless a test asks (it would bind 0.0.0.0:8080)
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]  # pydantic-settings init kwarg


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator()
    emu.add_bot(TELEGRAM_TOKEN, "telegram")
    emu.add_bot(BALE_TOKEN, "bale")
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
async def harness(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path, emulator.base_url)
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


@pytest.fixture
async def paying(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Harness]:
    """A harness with a payment provider: the fee is paid by invoice."""
    # a made-up provider token: the emulator takes any (never a real one in the repository)
    settings = make_settings(
        tmp_path,
        emulator.base_url,
        telegram_payment_provider_token="provider-for-tests",
        bale_payment_provider_token="provider-for-tests",
    )
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


@pytest.fixture
async def strictest_harness(
    emulator: BotApiEmulator, tmp_path: Path, strictest_database_url: str
) -> AsyncIterator[Harness]:
    """The harness on PostgreSQL if the tests have one, else on SQLite."""
    settings = make_settings(tmp_path, emulator.base_url, database_url=strictest_database_url)
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


@pytest.fixture
async def db_harness(emulator: BotApiEmulator, tmp_path: Path, database_url: str) -> AsyncIterator[Harness]:
    """The harness on SQLite and on PostgreSQL (which refuses more: NUL characters, integers out
    of range)."""
    settings = make_settings(tmp_path, emulator.base_url, database_url=database_url)
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


def bale_facts(h: Harness) -> BaleFacts:
    """The switches of the emulated Bale (its uncertain facts), for a test to flip."""
    facts = h.bot("bale").facts
    assert facts is not None
    return facts
