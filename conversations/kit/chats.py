"""Private chats and groups (Bale has no ``supergroup``: anything not ``private`` is a group).

Applicant dialogs run only in a private chat with the bot; in a group (the staff chat, or any
group the bot was added to) only the staff's commands and buttons do anything.
"""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Chat, TelegramObject


def is_private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == "private"


class InPrivate(Filter):
    """The update comes from a private chat (a button: pressed on a message in one)."""

    async def __call__(self, event: TelegramObject, event_chat: Chat | None = None) -> bool:
        return is_private(event_chat)


class InGroup(Filter):
    """The update comes from any chat that is not private."""

    async def __call__(self, event: TelegramObject, event_chat: Chat | None = None) -> bool:
        return not is_private(event_chat)
