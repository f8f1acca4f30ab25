"""Per-update middlewares (outer, on the dispatcher's update observer), outermost first:

1. ``ErrorMiddleware``: anything that escapes is logged without personal data, and the person
   always gets an answer ("something went wrong, your answers are safe, /menu").
2. ``EffectsMiddleware``: what the update says — replies to its sender, outbox rows for everyone
   else — is sent only once its transaction has committed; on an error, nothing is.
3. ``DatabaseMiddleware``: one session and one transaction per update, committed once at the
   end (repositories never commit).
4. ``UserMiddleware``: the messenger user (upserted), the language (``t``), the platform
   profile of the bot that received the update.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import OutboxSender
from conversations.kit.context import Effects
from conversations.kit.i18n import I18n
from conversations.kit.platform import PlatformProfile
from storage import people

log = logging.getLogger("nezam.updates")
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ErrorMiddleware(BaseMiddleware):
    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        except Exception as exc:
            update_id = event.update_id if isinstance(event, Update) else None
            # the type and where, never the message: it may quote SQL parameters or user text
            where = "".join(traceback.format_tb(exc.__traceback__)[-3:])
            log.error("update %s failed: %s\n%s", update_id, type(exc).__name__, where)
            await self._answer(event, data)
            return None

    async def _answer(self, event: TelegramObject, data: dict[str, Any]) -> None:
        bot: Bot | None = data.get("bot")
        chat = data.get("event_chat")
        user = data.get("user")
        t = self.i18n(getattr(user, "language", None))
        if bot is None:
            return
        try:
            if isinstance(event, Update) and isinstance(event.callback_query, CallbackQuery):
                await event.callback_query.answer()
            if chat is not None:
                await bot.send_message(chat.id, t("error-generic"))
        except Exception as exc:  # the answer itself failed: nothing more to do
            log.error("could not tell the user about the error: %s", type(exc).__name__)


class EffectsMiddleware(BaseMiddleware):
    def __init__(self, sender: OutboxSender) -> None:
        self.sender = sender

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        effects = Effects()
        data["effects"] = effects
        result = await handler(event, data)  # committed when this returns; an error skips the rest
        self.sender.dispatch(effects.outbox)
        await effects.replies.flush()
        return result


class DatabaseMiddleware(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessions() as session, session.begin():
            data["session"] = session
            return await handler(event, data)


class UserMiddleware(BaseMiddleware):
    def __init__(self, i18n: I18n, profiles: dict[int, PlatformProfile]) -> None:
        self.i18n = i18n
        self.profiles = profiles

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot = data["bot"]
        profile = self.profiles[bot.id]
        data["profile"] = profile
        sender: User | None = data.get("event_from_user")
        chat = data.get("event_chat")
        if sender is not None and not sender.is_bot:
            chat_id = chat.id if chat is not None and chat.type == "private" else sender.id
            # new users get DEFAULT_LANGUAGE (Persian first); /lang switches
            user = await people.upsert_user(data["session"], profile.name, sender.id, chat_id, self.i18n.default)
            data["user"] = user
            data["t"] = self.i18n(user.language)
        else:
            data["t"] = self.i18n(None)
        return await handler(event, data)
