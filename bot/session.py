"""The HTTP side of the bots: proxies, retries, refusals, and what Bale needs of every request.

- ``TELEGRAM_PROXY`` / ``BALE_PROXY``: every call and every file download of that platform goes
  through the proxy (aiohttp-socks: http://, https://, socks5://, with user:password@).
- 429: wait ``retry_after`` and try again; network errors: back off and try again (bounded), each
  retry one line naming the platform, the host, what failed and the setting (``bot.reach``).
- A refusal that will not fix itself (401: the token; 404 on getMe: no such bot; the proxy refusing
  its user and password) is reported to ``bot.reach.Refusals`` the first time it happens: the
  process stops with exit code 2.
- Bale: an uploaded file goes as the multipart part named like the parameter, not as an
  ``attach://`` reference to another part.
- Every text, caption and notice: left-to-right words inside Persian text between Unicode
  isolates (``IsolateMiddleware``, issue 29), so that they show in place.
- Bale: every text and caption goes out with its Markdown markers neutralised and without a
  parse_mode (Bale parses its own Markdown whatever is asked; ``neutralise_markdown``). Here, and
  not in the dialogs, so that no message — a reply, an edit, an outbox row, a caption — can forget it.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import AsyncGenerator
from typing import Any, cast
from urllib.parse import urlsplit

import certifi
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import AnswerCallbackQuery, GetMe, GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import InputFile
from aiohttp import ClientConnectionError, FormData
from aiohttp_socks import ProxyConnectionError, ProxyConnector, ProxyError, ProxyTimeoutError, ProxyType

from bot.reach import Refusals, network_problem, proxy_refusal, refusal_problem
from bot.settings import proxy_credentials
from conversations.kit.direction import isolate_ltr
from conversations.kit.platform import PROFILES, neutralise_markdown

log = logging.getLogger(__name__)


PROXY_FAILURES = (ProxyConnectionError, ProxyError, ProxyTimeoutError)  # aiohttp-socks': not aiohttp's ClientError
_PROXY_TYPES = {
    "http": ProxyType.HTTP,
    "https": ProxyType.HTTP,
    "socks5": ProxyType.SOCKS5,
    "socks5h": ProxyType.SOCKS5,
    "socks4": ProxyType.SOCKS4,
}


class BotApiSession(AiohttpSession):
    """aiogram's session, with any proxy the settings accept (aiogram's own parsing knows no
    https:// proxy, TLS to the proxy itself), and the proxy's failures turned into the network
    errors aiogram's callers expect (aiohttp-socks raises its own, which are no ``ClientError``)."""

    def _setup_proxy_connector(self, proxy: Any) -> None:
        url = str(proxy)
        parts = urlsplit(url)
        username, password = proxy_credentials(url)
        self._connector_type = ProxyConnector
        self._connector_init = {
            "proxy_type": _PROXY_TYPES[parts.scheme],
            "host": parts.hostname,
            "port": parts.port,
            "username": username,
            "password": password,
            "rdns": True,  # the proxy resolves the Bot API's name: a filtered resolver here does not matter
            "proxy_ssl": ssl.create_default_context() if parts.scheme == "https" else None,
            "ssl": ssl.create_default_context(cafile=certifi.where()),  # the Bot API's, as aiogram's own connector
            "limit": 100,
        }
        self._proxy = url

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109  # aiogram's signature
    ) -> TelegramType:
        try:
            return await super().make_request(bot, method, timeout)
        except PROXY_FAILURES as exc:
            raise TelegramNetworkError(method=method, message=f"{type(exc).__name__}: {exc}") from exc

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109  # aiogram's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        try:
            async for chunk in super().stream_content(url, headers, timeout, chunk_size, raise_for_status):
                yield chunk
        except PROXY_FAILURES as exc:  # a file download through the proxy
            raise ClientConnectionError(f"{type(exc).__name__}: {exc}") from exc


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self, attempts: int = 5, base_delay: float = 0.5, max_retry_after: float = 60, *, platform: str = ""
    ) -> None:
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_retry_after = max_retry_after
        self.platform = platform

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates | GetMe):  # their callers have their own backoff (polling, bot.reach)
            return await make_request(bot, cast(TelegramMethod[TelegramType], method))
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.max_retry_after:
                    raise
                log.warning("%s: 429, retrying after %ss", method.__api_method__, exc.retry_after)
                await asyncio.sleep(exc.retry_after)
            except (TelegramNetworkError, TelegramServerError) as exc:
                if attempt == self.attempts:
                    raise
                delay = self.base_delay * 2 ** (attempt - 1)
                problem = (
                    network_problem(self.platform, bot.session, exc)
                    if isinstance(exc, TelegramNetworkError) and self.platform
                    else type(exc).__name__
                )
                log.warning("%s: %s; retrying in %.1fs", method.__api_method__, problem, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


class KeepResponseTypes(BaseRequestMiddleware):
    """aiogram reads every answer as ``Response[T]``, a pydantic generic class that pydantic keeps
    only weakly: once the collector has taken it, the next call builds it again, schema and
    validator (~1–2 ms; 0.11 per update in the dialog benchmark). Kept here, each method's class is
    built once per process (issue 15)."""

    def __init__(self) -> None:
        self._kept: dict[type[TelegramMethod[Any]], type[Response[Any]]] = {}

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        kind = type(method)
        if kind not in self._kept:
            self._kept[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)


class RefusalWatch(BaseRequestMiddleware):
    """The first refusal that will not fix itself — the token refused (401) on any call, or no such
    bot (404) on getMe or getUpdates — goes to ``refusals``, which stops the process (exit 2). A 404
    on another method means the messenger lacks that method (Bale: setMyCommands), not the bot."""

    def __init__(self, platform: str, refusals: Refusals) -> None:
        self.platform = platform
        self.refusals = refusals

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramUnauthorizedError as exc:
            self.refusals.refused(refusal_problem(self.platform, exc))
            raise
        except TelegramNotFound as exc:
            if isinstance(method, GetMe | GetUpdates):
                self.refusals.refused(refusal_problem(self.platform, exc))
            raise
        except TelegramNetworkError as exc:
            refused = proxy_refusal(self.platform, bot.session, exc)
            if refused:
                self.refusals.refused(refused)
            raise


class PlainMultipartSession(BotApiSession):
    """For Bale: a top-level upload is sent as the part named like its parameter."""

    def build_form_data(self, bot: Bot, method: TelegramMethod[TelegramType]) -> FormData:
        form = FormData(quote_fields=False)
        files: dict[str, InputFile] = {}
        direct: dict[str, InputFile] = {}
        for key, value in method.model_dump(warnings=False).items():
            if isinstance(value, InputFile):
                direct[key] = value
                continue
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:
                form.add_field(key, prepared)
        for key, file in [*direct.items(), *files.items()]:
            form.add_field(key, file.read(bot), filename=file.filename or key)
        return form


class PlainTextMiddleware(BaseRequestMiddleware):
    """For Bale: texts and captions shown as typed (Markdown markers neutralised), no parse_mode."""

    TEXTS = ("text", "caption")

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        # a callback answer's text is a notice, not a message (and old clients get it as a message)
        if not isinstance(method, AnswerCallbackQuery):
            method = self.plain(method)
        return await make_request(bot, method)

    @classmethod
    def plain(cls, method: TelegramMethod[TelegramType]) -> TelegramMethod[TelegramType]:
        changes: dict[str, Any] = {}
        for name in cls.TEXTS:
            value = getattr(method, name, None)
            if isinstance(value, str):
                changes[name] = neutralise_markdown(value)
        for name in ("parse_mode", "caption_parse_mode"):
            if getattr(method, name, None) is not None:
                changes[name] = None
        media = getattr(method, "media", None)
        if isinstance(media, list):  # an album's captions
            changes["media"] = [cls.plain_media(item) for item in media]
        return method.model_copy(update=changes) if changes else method

    @staticmethod
    def plain_media(item: Any) -> Any:
        caption = getattr(item, "caption", None)
        if not isinstance(caption, str):
            return item
        return item.model_copy(update={"caption": neutralise_markdown(caption), "parse_mode": None})


class IsolateMiddleware(BaseRequestMiddleware):
    """Every text, caption and notice: its left-to-right words isolated inside Persian text, so
    that «/start» and a tracking code show in place (``conversations.kit.direction``). Here, where
    texts leave for a chat, so that no message forgets it and nothing stored or printed has it."""

    TEXTS = ("text", "caption")

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        return await make_request(bot, self.isolated(method))

    @classmethod
    def isolated(cls, method: TelegramMethod[TelegramType]) -> TelegramMethod[TelegramType]:
        changes: dict[str, Any] = {}
        for name in cls.TEXTS:
            value = getattr(method, name, None)
            if isinstance(value, str) and (isolated := isolate_ltr(value)) != value:
                changes[name] = isolated
        media = getattr(method, "media", None)
        if isinstance(media, list):  # an album's captions
            changes["media"] = [
                item.model_copy(update={"caption": isolate_ltr(item.caption)})
                if isinstance(getattr(item, "caption", None), str)
                else item
                for item in media
            ]
        return method.model_copy(update=changes) if changes else method


def make_session(
    platform: str, api_base: str, *, proxy: str | None = None, refusals: Refusals | None = None, **kwargs: Any
) -> AiohttpSession:
    profile = PROFILES[platform]
    session_class = BotApiSession if profile.attach_uploads else PlainMultipartSession
    session = session_class(api=TelegramAPIServer.from_base(api_base.rstrip("/")), proxy=proxy, **kwargs)
    session.middleware(IsolateMiddleware())  # first: Bale's Markdown neutralising sees the final text
    if profile.markdown_always:
        session.middleware(PlainTextMiddleware())
    session.middleware(RetryMiddleware(platform=platform))
    if refusals is not None:  # outside the retries: a refusal is not retried
        session.middleware(RefusalWatch(platform, refusals))
    session.middleware(KeepResponseTypes())
    return session
