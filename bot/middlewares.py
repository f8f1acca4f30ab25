"""Per-update middlewares (outer, on the dispatcher's update observer), outermost first:

1. ``ErrorMiddleware``: anything that escapes is logged without personal data (the type and
   the project's frames it went through, handler first), the update is marked handled so that
   it is neither redelivered nor replayed, and the person always gets an answer ("something
   went wrong, your answers are safe, /menu"; "temporarily unavailable" when the database is).
2. ``EffectsMiddleware``: what the update says — replies to its sender, outbox rows for everyone
   else — is sent only once its transaction has committed; on an error, nothing is.
3. ``DownloadMiddleware``: the file a private message carries is fetched before the transaction
   begins (``kit.downloads``): no database lock is held while the network is slow.
4. ``DatabaseMiddleware``: one session and one transaction per update, committed once at the
   end (repositories never commit). Its first statement marks the update handled
   (``storage.inbox.claim``): a duplicate delivery finds the mark and is a no-op. That mark is the
   one write of an update that changes nothing else (issue 15).
5. ``UserMiddleware``: the messenger user (read, and written only when new or their chat changed;
   on PostgreSQL the read locks the user's row to the end of the transaction, so one user's
   updates never interleave across processes), their dialog position (read with the row, written
   back once if it changed), the language (``t``), the platform profile of the bot that received
   the update.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import CallbackQuery, TelegramObject, Update, User
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.buttons import ButtonsKeeper
from bot.outbox import OutboxSender
from conversations.kit.context import Effects, Services
from conversations.kit.direction import strip_marks
from conversations.kit.downloads import prefetch
from conversations.kit.i18n import I18n
from conversations.kit.platform import PlatformProfile
from conversations.kit.position import PositionStore
from storage import inbox, people

log = logging.getLogger("nezam.updates")
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "conversations", "storage", "scoring")
WRAPPERS = {"bot/middlewares.py", "conversations/kit/context.py"}  # frames every update passes through
UNAVAILABLE = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def where_failed(tb: TracebackType | None, *, frames: int = 4) -> str:
    """Where an error happened, for the log: the project's own frames it went through (the
    handler and what it called, innermost last) and the innermost frame of all (often in a
    library). File, line and function only: never a value, which may be personal."""
    extracted = traceback.extract_tb(tb)
    ours = []
    for frame in extracted:
        path = Path(frame.filename).resolve()
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in PACKAGES:
            relative = path.relative_to(ROOT).as_posix()
            if relative not in WRAPPERS:
                ours.append(f"{relative}:{frame.lineno} in {frame.name}")
    lines = [f"  at {line}" for line in ours[-frames:]]
    if extracted:
        last = extracted[-1]
        path = Path(last.filename).resolve()
        if not (path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] in PACKAGES):
            lines.append(f"  innermost {'/'.join(path.parts[-3:])}:{last.lineno} in {last.name}")
    return "\n".join(lines)


def _unavailable(exc: BaseException) -> bool:
    """The database (or the network to it) failed, not our code: it will work again."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, UNAVAILABLE)


class ErrorMiddleware(BaseMiddleware):
    def __init__(
        self, i18n: I18n, sessions: async_sessionmaker[AsyncSession], profiles: Mapping[int, PlatformProfile]
    ) -> None:
        self.i18n = i18n
        self.sessions = sessions
        self.profiles = profiles

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        except Exception as exc:
            update_id = event.update_id if isinstance(event, Update) else None
            # the type and where, never the message: it may quote SQL parameters or user text
            log.error("update %s failed: %s\n%s", update_id, type(exc).__name__, where_failed(exc.__traceback__))
            await self._mark(event, data)
            await self._answer(event, data, "error-unavailable" if _unavailable(exc) else "error-generic")
            return None

    async def _mark(self, event: TelegramObject, data: dict[str, Any]) -> None:
        """Handled, by this answer: not to be handled again (redelivered, or replayed from the inbox)."""
        bot: Bot | None = data.get("bot")
        if not isinstance(event, Update) or bot is None or bot.id not in self.profiles:
            return
        try:
            async with self.sessions() as session, session.begin():
                await inbox.claim(session, self.profiles[bot.id].name, bot.id, event.update_id, failed=True)
        except Exception as exc:  # the database itself is what failed
            log.warning("could not mark update %s handled: %s", event.update_id, type(exc).__name__)

    async def _answer(self, event: TelegramObject, data: dict[str, Any], key: str) -> None:
        bot: Bot | None = data.get("bot")
        chat = data.get("event_chat")
        user = data.get("user")
        t = self.i18n(getattr(user, "language", None))
        if bot is None:
            return
        private = chat is not None and chat.type == "private"
        query = event.callback_query if isinstance(event, Update) else None
        try:
            if isinstance(query, CallbackQuery):  # in a group only the presser sees it
                await query.answer(text=None if private else t(key), show_alert=not private or None)
            if chat is not None and (private or query is None):
                await bot.send_message(chat.id, t(key))
        except Exception as exc:  # the answer itself failed: nothing more to do
            log.error("could not tell the user about the error: %s", type(exc).__name__)


class MarksMiddleware(BaseMiddleware):
    """A typed message without the direction isolates and marks a copy out of our own messages
    carries (``conversations.kit.direction``): before any filter, so that a pasted «/status» with
    its isolates is the command and every parser sees the text as typed."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        message = event.message if isinstance(event, Update) else None
        if isinstance(event, Update) and message is not None and message.text:
            cleaned = strip_marks(message.text)
            if cleaned != message.text:
                event = event.model_copy(update={"message": message.model_copy(update={"text": cleaned})})
        return await handler(event, data)


class EffectsMiddleware(BaseMiddleware):
    def __init__(self, sender: OutboxSender, buttons: ButtonsKeeper) -> None:
        self.sender = sender
        self.buttons = buttons

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        effects = Effects()
        data["effects"] = effects
        result = await handler(event, data)  # committed when this returns; an error skips the rest
        self.sender.dispatch(effects.outbox)
        await effects.replies.flush()
        # the sender's message with buttons as the replies left it, for whichever process handles
        # their next update (issue 29): known only now, so written behind (``bot.buttons``)
        if effects.buttons.changed and effects.buttons.user_id is not None:
            self.buttons.keep(effects.buttons.user_id, effects.buttons.current)
        return result


class DownloadMiddleware(BaseMiddleware):
    def __init__(self, profiles: Mapping[int, PlatformProfile]) -> None:
        self.profiles = profiles

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update) and event.message is not None:
            services: Services = data["services"]
            bot: Bot = data["bot"]
            data["downloads"] = await prefetch(bot, self.profiles[bot.id], event.message, services.image_limits)
        return await handler(event, data)


class DatabaseMiddleware(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], profiles: Mapping[int, PlatformProfile]) -> None:
        self.sessions = sessions
        self.profiles = profiles

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await self._handle(handler, event, data, fresh_connection=False)
        except _StaleConnection:
            # the server closed the pooled connection (a restart, an idle timeout): SQLAlchemy has
            # renewed the pool; nothing was done yet, so the update is simply handled on a new one
            log.info("a database connection was closed by the server; handling the update on a new one")
            return await self._handle(handler, event, data, fresh_connection=True)

    async def _handle(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any], *, fresh_connection: bool
    ) -> Any:
        bot: Bot = data["bot"]
        async with self.sessions() as session, session.begin():
            if isinstance(event, Update):
                try:
                    claimed = await inbox.claim(session, self.profiles[bot.id].name, bot.id, event.update_id)
                except DBAPIError as exc:
                    if exc.connection_invalidated and not fresh_connection:
                        raise _StaleConnection from exc
                    raise
                if not claimed:
                    log.info("update %s was handled already: a duplicate delivery, ignored", event.update_id)
                    return UNHANDLED
            data["session"] = session
            return await handler(event, data)


class _StaleConnection(Exception):
    """The update's first statement found its pooled connection dead. The pool does not check a
    connection before lending it (``pool_pre_ping`` costs three round trips on every update,
    issue 15): the first statement is the check."""


class UserMiddleware(BaseMiddleware):
    def __init__(self, i18n: I18n, profiles: Mapping[int, PlatformProfile], buttons: ButtonsKeeper) -> None:
        self.i18n = i18n
        self.profiles = profiles
        self.buttons = buttons

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot = data["bot"]
        profile = self.profiles[bot.id]
        data["profile"] = profile
        sender: User | None = data.get("event_from_user")
        chat = data.get("event_chat")
        if sender is None or sender.is_bot:
            data["t"] = self.i18n(None)
            return await handler(event, data)
        chat_id = chat.id if chat is not None and chat.type == "private" else sender.id
        # new users get DEFAULT_LANGUAGE (Persian first); /lang switches
        session: AsyncSession = data["session"]
        user = self.buttons.fresher(
            await people.upsert_user(session, profile.name, sender.id, chat_id, self.i18n.default)
        )
        position = PositionStore.of(user)
        data["user"] = user
        data["position"] = position
        data["t"] = self.i18n(user.language)
        result = await handler(event, data)
        await position.save(session, user.id)  # in the same transaction as the answer that moved it
        return result
