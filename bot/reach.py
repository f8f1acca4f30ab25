"""Whether each bot reaches its messenger, and what to say when it does not (issue 26.1).

Inside Iran api.telegram.org is filtered: a server there reaches Telegram only through a proxy
(``TELEGRAM_PROXY``) or a relay abroad (``TELEGRAM_API_BASE``); Bale (tapi.bale.ai) is domestic.
So a network failure is told in one line that names the platform, the host, what failed (DNS,
connect, TLS, timeout, the proxy) and the setting to look at, and it is retried: the network may
come back. A refusal will not fix itself — the token refused (401), no such bot (404) — and is one
line and exit code 2, at start (``identify``) or the first time a call gets it (``Refusals``, fed by
the session's ``RefusalWatch``); so is a proxy that refuses our user and password."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramNotFound, TelegramUnauthorizedError
from aiohttp import ClientConnectorCertificateError, ClientConnectorError, ClientSSLError, ServerDisconnectedError
from aiohttp_socks import ProxyConnectionError, ProxyError, ProxyTimeoutError

from bot.settings import proxy_address

START_SECONDS = 15.0  # getMe at start: a filtered address drops packets, so no answer ever comes

REFUSALS = (TelegramUnauthorizedError, TelegramNotFound)


class Refusals:
    """The first refusal that will not fix itself; ``wait()`` returns once there is one."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self._seen = asyncio.Event()

    def refused(self, problem: str) -> None:
        if self.problem is None:
            self.problem = problem
            self._seen.set()

    async def wait(self) -> None:
        await self._seen.wait()


def refusal_problem(platform: str, exc: TelegramAPIError) -> str:
    """The line for a refusal: the token's variable first."""
    variable = f"{platform.upper()}_TOKEN"
    name = platform.capitalize()
    if isinstance(exc, TelegramNotFound):
        return (
            f"{variable}: {name} knows no bot with this token (404 Not Found); check the token, and "
            f"{platform.upper()}_API_BASE if you changed it"
        )
    return (
        f"{variable}: {name} refused the token (401 Unauthorized): it was revoked or mistyped; "
        "copy the current one from @BotFather"
    )


def proxy_refusal(platform: str, session: Any, exc: BaseException) -> str | None:
    """The line when the proxy refused our user and password (it will not change its mind), else None."""
    for error in _chain(exc):
        if isinstance(error, ProxyError) and (
            getattr(error, "error_code", None) == 407 or "authentication" in str(error).lower()
        ):
            where = proxy_address(str(getattr(session, "proxy", "") or "")) if getattr(session, "proxy", None) else ""
            return (
                f"{platform.upper()}_PROXY: the proxy {where} refused the user and password "
                "(wrong, missing, or not expected)"
            )
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def failure(exc: BaseException) -> str:
    """What failed, in a few words starting with DNS, connect, TLS, timeout or proxy."""
    chain = list(_chain(exc))
    for error in chain:
        if isinstance(error, ProxyTimeoutError):
            return "timeout: the proxy did not answer in time"
        if isinstance(error, ProxyConnectionError):
            return "proxy: nothing answers at the proxy's address (connect failed)"
        if isinstance(error, ProxyError):
            return f"proxy: it refused to connect onwards ({str(error)[:80]})"
    for error in chain:
        if isinstance(error, socket.gaierror) or type(error).__name__ == "ClientConnectorDNSError":
            return "DNS: the name does not resolve"
        if isinstance(error, ClientConnectorCertificateError | ClientSSLError | ssl.SSLError):
            return "TLS: the certificate or the handshake was refused"
        if isinstance(error, ClientConnectorError):
            if isinstance(error.os_error, ConnectionRefusedError):
                return "connect: connection refused"
            return f"connect: {error.os_error.strerror or type(error.os_error).__name__}"
        if isinstance(error, ConnectionRefusedError):
            return "connect: connection refused"
        if isinstance(error, TimeoutError):
            return "timeout: no answer in time"
        if isinstance(error, ServerDisconnectedError):
            return "connection closed by the other side"
    if isinstance(exc, TelegramNetworkError) and "timeout" in exc.message.lower():
        return "timeout: no answer in time"
    return type(chain[-1]).__name__


def network_problem(platform: str, session: Any, exc: BaseException) -> str:
    """``telegram: cannot reach api.telegram.org through the proxy socks5://127.0.0.1:1080 (proxy:
    …); check TELEGRAM_PROXY`` — the session's address and proxy, never a token or a password."""
    host = urlsplit(session.api.base).netloc.rpartition("@")[2]
    proxy = getattr(session, "proxy", None)
    prefix = platform.upper()
    if proxy:
        where, hint = f"{host} through the proxy {proxy_address(str(proxy))}", f"check {prefix}_PROXY"
    else:
        where, hint = host, f"check {prefix}_API_BASE and the network"
        if platform == "telegram":
            hint += "; inside Iran Telegram is reached only through TELEGRAM_PROXY or a relay in TELEGRAM_API_BASE"
        else:
            hint += ", or set BALE_PROXY"
    return f"{platform}: cannot reach {where} ({failure(exc)}); {hint}"


async def identify(bots: Mapping[str, Bot], report: Any, within: float = START_SECONDS) -> list[str]:
    """getMe for every bot, side by side, once: the refusals' lines (the caller stops with exit 2);
    a network failure is one line to ``report`` and the bot goes on without (polling keeps trying)."""

    async def one(platform: str, bot: Bot) -> str | None:
        try:
            async with asyncio.timeout(within):
                await bot.me()
        except REFUSALS as exc:
            return refusal_problem(platform, exc)
        except (TelegramNetworkError, OSError) as exc:  # TimeoutError too
            refused = proxy_refusal(platform, bot.session, exc)
            if refused:
                return refused
            report(f"{network_problem(platform, bot.session, exc)}; trying again in the background")
        except TelegramAPIError as exc:  # a 5xx or the like: the messenger's own trouble
            report(f"{platform}: getMe failed ({type(exc).__name__}); trying again in the background")
        return None

    found = await asyncio.gather(*(one(platform, bot) for platform, bot in bots.items()))
    return [line for line in found if line]
