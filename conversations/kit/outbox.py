"""Messages to people other than the sender of an update: the applicant when staff act, the
staff chat when an applicant submits or pays.

They are recorded as rows of the durable outbox in the update's own transaction (Bot API method
name + JSON parameters; texts rendered now, in the recipient's language) and sent only after that
transaction has committed (``bot.outbox``); a rolled-back update tells no one anything.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import aiogram.methods
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.kit.i18n import I18n, Translator
from storage import outbox, people
from storage.people import UserInfo

Rendered = Callable[[Translator], Any]  # a value written in the recipient's language


def serialise(method: TelegramMethod[Any]) -> tuple[str, dict[str, Any]]:
    """A Bot API call as (method name, JSON parameters); the bot's defaults (``Default``) and
    unset values are left out, so ``rebuild`` restores them."""
    params = method.model_dump(mode="json", exclude_none=True, fallback=lambda _: None)
    return method.__api_method__, _without_none(params)


def rebuild(name: str, params: dict[str, Any]) -> TelegramMethod[Any]:
    return _methods()[name].model_validate(params)


@cache
def _methods() -> dict[str, type[TelegramMethod[Any]]]:
    found: dict[str, type[TelegramMethod[Any]]] = {}
    for attribute in aiogram.methods.__all__:
        value = getattr(aiogram.methods, attribute)
        if isinstance(value, type) and issubclass(value, TelegramMethod) and value is not TelegramMethod:
            found[str(value.__api_method__)] = value
    return found


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


class Outbox:
    """The outbox of one update: what it records is sent after its commit."""

    def __init__(self, session: AsyncSession, platform: str, i18n: I18n, recorded: list[tuple[int, int]]) -> None:
        self.session = session
        self.platform = platform
        self.i18n = i18n
        self.recorded = recorded  # (row id, chat id): handed to the sender once the update has committed

    async def send(self, chat_id: int, method: TelegramMethod[Any], *, platform: str | None = None) -> None:
        """Record ``method`` for ``chat_id`` of ``platform`` (default: the update's own)."""
        name, params = serialise(method)
        row = await outbox.add(self.session, platform or self.platform, chat_id, name, params)
        self.recorded.append((row, chat_id))

    async def text(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None, *, platform: str | None = None
    ) -> None:
        await self.send(chat_id, SendMessage(chat_id=chat_id, text=text, reply_markup=markup), platform=platform)

    async def tell(
        self,
        messenger_user_id: int,
        key: str,
        markup: InlineKeyboardMarkup | Callable[[Translator], InlineKeyboardMarkup] | None = None,
        **args: Any,
    ) -> None:
        """The spec's SMS: a message to another user (an applicant) in their own language. An
        argument (or the markup) may be a function of that user's translator, e.g. an amount
        written with their digits."""
        found = await self.recipient(messenger_user_id)
        if found is None:
            return
        recipient, t = found
        values = {name: value(t) if callable(value) else value for name, value in args.items()}
        text = t(key, **values)
        await self.text(recipient.chat_id, text, markup(t) if callable(markup) else markup, platform=recipient.platform)

    async def recipient(self, messenger_user_id: int) -> tuple[UserInfo, Translator] | None:
        """Another user (their chat, on their messenger) and their language's texts (None if the
        user is unknown)."""
        user = await people.get_user(self.session, messenger_user_id)
        if user is None:
            return None
        return user, self.i18n(user.language)
