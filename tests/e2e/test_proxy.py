"""Telegram through a proxy (issue 26.1): inside Iran a server reaches api.telegram.org only through
a proxy or a relay. The bot is pointed at a Bot API address only the proxies can resolve — Telegram
through an HTTP proxy, Bale through a SOCKS5 proxy with a user and password — and everything it
does reaches the emulator, counted at the proxy: getMe, getUpdates, every reply, the file it
downloads. The proxy gone: one line naming the platform, the host, the proxy, what failed and the
setting; a token refused: one line and exit code 2 at once."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiogram import Bot

from bot.emulator import BotApiEmulator
from bot.reach import identify
from bot.session import make_session
from tests.bot.cli import process_env
from tests.e2e.conftest import STAFF_CHAT, Harness, make_settings, until
from tests.e2e.flows import MEMBERSHIP, expect
from tests.images import jpeg_bytes, photo
from tests.proxies import HttpProxy, Socks5Proxy

HIDDEN = "bot-api.invalid"  # resolved by the proxies only (.invalid never resolves: RFC 2606)
SOCKS_LOGIN = ("nezam", "synthetic-proxy-pass")


def hidden_base(emulator: BotApiEmulator) -> str:
    return f"http://{HIDDEN}:{urlsplit(emulator.base_url).port}"


@pytest.fixture
async def proxies() -> AsyncIterator[tuple[HttpProxy, Socks5Proxy]]:
    http, socks = HttpProxy({HIDDEN: "127.0.0.1"}), Socks5Proxy({HIDDEN: "127.0.0.1"}, SOCKS_LOGIN)
    await http.start()
    await socks.start()
    yield http, socks
    await http.stop()
    await socks.stop()


@pytest.fixture
async def proxied(
    emulator: BotApiEmulator, tmp_path: Path, proxies: tuple[HttpProxy, Socks5Proxy]
) -> AsyncIterator[Harness]:
    http, socks = proxies
    settings = make_settings(tmp_path, hidden_base(emulator), telegram_proxy=http.url, bale_proxy=socks.url)
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


def through(proxy: HttpProxy | Socks5Proxy) -> Counter[str]:
    return Counter({k: v for k, v in proxy.calls.items() if k not in ("getUpdates", "download")})


async def test_every_call_and_download_goes_through_the_platforms_proxy(
    proxied: Harness, proxies: tuple[HttpProxy, Socks5Proxy]
) -> None:
    for platform, proxy in zip(("telegram", "bale"), proxies, strict=True):
        user = proxied.user(platform, 7101)
        await expect(user, await user.send("/start"), "منوی اصلی")
        await expect(user, await user.send(MEMBERSHIP), "شماره همراه")
        await user.share_contact("+989121237777")
        # a photo where the national code is asked: downloaded (through the proxy), then refused
        await expect(user, await user.send_photo(jpeg_bytes(photo(seed=3))), "کد ملی")
        bot = proxied.bot(platform)
        await until(lambda bot=bot, proxy=proxy: through(proxy) == Counter(m for m, _ in bot.calls))  # type: ignore[misc]
        assert proxy.calls["getMe"] == 1 and proxy.calls["getUpdates"] >= 1
        assert proxy.calls["sendMessage"] >= 4 and proxy.calls["getFile"] == 1 and proxy.calls["download"] == 1
    http, socks = proxies
    assert http.tunnels >= 1 and socks.tunnels >= 1 and socks.refused == 0


async def test_the_proxy_gone_is_one_line_naming_it_and_the_setting(
    proxied: Harness, proxies: tuple[HttpProxy, Socks5Proxy], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="nezam.polling")
    _, socks = proxies
    port = urlsplit(proxied.settings.bale_api_base).port
    await until(lambda: socks.calls["getUpdates"] >= 1, within=60)  # polling (a loaded machine starts slowly)
    await socks.stop()

    def said() -> list[str]:
        return [r.getMessage() for r in caplog.records if "nothing answers at the proxy" in r.getMessage()]

    await until(lambda: bool(said()), within=60)
    line = said()[0]
    assert line.startswith(
        f"bale: cannot reach {HIDDEN}:{port} through the proxy socks5://127.0.0.1:{socks.port} "
        "(proxy: nothing answers at the proxy's address (connect failed)); check BALE_PROXY; getUpdates again in "
    ), line
    assert "\n" not in line and SOCKS_LOGIN[1] not in line and "2002:" not in line
    # Telegram, through its own proxy, is untouched: it still answers
    user = proxied.user("telegram", 7102)
    await expect(user, await user.send("/start"), "منوی اصلی")


async def test_at_start_an_unreachable_proxy_is_one_line_and_a_refusing_one_stops(
    emulator: BotApiEmulator, proxies: tuple[HttpProxy, Socks5Proxy]
) -> None:
    http, socks = proxies
    base = hidden_base(emulator)
    await http.stop()
    wrong_login = f"socks5://nezam:not-the-password@127.0.0.1:{socks.port}"
    bots = {
        "telegram": Bot("1001:telegram-test", session=make_session("telegram", base, proxy=http.url)),
        "bale": Bot("2002:bale-test", session=make_session("bale", base, proxy=wrong_login)),
    }
    lines: list[str] = []
    try:
        started = time.monotonic()
        refused = await identify(bots, lines.append, within=10)
        assert time.monotonic() - started < 10
    finally:
        for bot in bots.values():
            await bot.session.close()
    # unreachable: one line, and the bot goes on (polling keeps trying)
    assert lines == [
        f"telegram: cannot reach {HIDDEN}:{urlsplit(base).port} through the proxy http://127.0.0.1:{http.port} "
        "(proxy: nothing answers at the proxy's address (connect failed)); check TELEGRAM_PROXY; trying again in "
        "the background",
    ]
    # the proxy refuses the password: that will not fix itself (the caller stops with exit code 2)
    assert refused == [
        f"BALE_PROXY: the proxy socks5://127.0.0.1:{socks.port} refused the user and password "
        "(wrong, missing, or not expected)"
    ]
    assert socks.refused == 1 and "not-the-password" not in "".join(lines + refused)


async def test_a_refused_token_is_one_line_and_exit_2_at_once(emulator: BotApiEmulator, tmp_path: Path) -> None:
    """A well-formed token the messenger does not know (401): `nezam-bot run` stops at once."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tmp_path,
        env=process_env(
            TELEGRAM_TOKEN="4004:not-a-bot-the-emulator-knows",
            TELEGRAM_API_BASE=emulator.base_url,
            TELEGRAM_STAFF_CHAT_ID=str(STAFF_CHAT),
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 180)
    # at once: no retries (a few seconds; on a machine loaded by other suites the imports alone take long)
    assert time.monotonic() - started < 120
    assert process.returncode == 2, err.decode()
    assert err.decode().splitlines() == [
        "error: TELEGRAM_TOKEN: Telegram refused the token (401 Unauthorized): it was revoked or mistyped; "
        "copy the current one from @BotFather"
    ]
