"""The HTTP side of the bots: retries, and what Bale needs of every request.

- 429: wait ``retry_after`` and try again; network errors: back off and try again (bounded).
- Bale: an uploaded file goes as the multipart part named like the parameter, not as an
  ``attach://`` reference to another part.
- Bale: every text and caption goes out with its Markdown markers neutralised and without a
  parse_mode (Bale parses its own Markdown whatever is asked; ``neutralise_markdown``). Here, and
  not in the dialogs, so that no message — a reply, an edit, an outbox row, a caption — can forget it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import AnswerCallbackQuery, GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import InputFile
from aiohttp import FormData

from conversations.kit.platform import PROFILES, neutralise_markdown

log = logging.getLogger(__name__)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(self, attempts: int = 5, base_delay: float = 0.5, max_retry_after: float = 60) -> None:
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_retry_after = max_retry_after

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates):  # the polling loop has its own backoff
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
                log.warning("%s: %s, retrying in %.1fs", method.__api_method__, type(exc).__name__, delay)
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


class PlainMultipartSession(AiohttpSession):
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


def make_session(platform: str, api_base: str, **kwargs: Any) -> AiohttpSession:
    profile = PROFILES[platform]
    session_class = AiohttpSession if profile.attach_uploads else PlainMultipartSession
    session = session_class(api=TelegramAPIServer.from_base(api_base.rstrip("/")), **kwargs)
    if profile.markdown_always:
        session.middleware(PlainTextMiddleware())
    session.middleware(RetryMiddleware())
    session.middleware(KeepResponseTypes())
    return session
