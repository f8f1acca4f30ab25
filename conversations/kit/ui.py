"""Replies to the sender of an update, the way each messenger allows (``PlatformProfile``).

One commit policy: a reply is not sent while the update is handled but queued here, and the
queue is sent, in order, right after the update's transaction has committed (``Replies.flush``,
called by the bot's middleware); when the update fails, the queue is dropped and the error
middleware answers instead. So nobody is ever told of a step that then rolled back. Only chat
actions ("typing…") go out at once: they promise nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNotFound
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from conversations.kit.platform import CHAT_ACTIONS, EDITS, INLINE_EDITS, PlatformProfile

log = logging.getLogger(__name__)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
Job = Callable[[], Awaitable[Any]]


class Replies:
    """The replies of one update, sent after its commit."""

    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def add(self, job: Job) -> None:
        self._jobs.append(job)

    def __len__(self) -> int:
        return len(self._jobs)

    async def flush(self) -> None:
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            try:
                await job()  # the bot session already retries 429 and network errors
            except TelegramAPIError as exc:
                log.warning("a reply could not be sent: %s", type(exc).__name__)

    def discard(self) -> None:
        self._jobs = []


class Buttons:
    """The message with buttons last sent to the chat of an update's sender: the question whose
    buttons a typed answer takes away (issue 29).

    Read with the sender's row (``UserInfo.asked``: no statement of its own), kept up to date while
    the replies go out — a message sent or edited with buttons is remembered, one whose buttons are
    taken away or replaced by its answer is forgotten — and written back by the bot after the
    replies (``changed``, ``current``) only when it changed. So a restart, or another replica,
    between asking and answering still knows the message; and a message that had no buttons, or
    has lost them, is never edited again."""

    def __init__(self) -> None:
        self.user_id: int | None = None
        self._chat_id: int | None = None
        self._stored: tuple[int, int] | None = None
        self._current: tuple[int, int] | None = None

    def load(self, user_id: int, chat_id: int, asked: tuple[int, int] | None) -> None:
        """The update's sender, their chat and the message their row names (once per update)."""
        if self.user_id is None:
            self.user_id, self._chat_id = user_id, chat_id
            self._stored = self._current = asked

    @property
    def current(self) -> tuple[int, int] | None:
        return self._current

    @property
    def changed(self) -> bool:
        return self.user_id is not None and self._current != self._stored

    def remember(self, chat_id: int, message_id: int) -> None:
        if chat_id == self._chat_id:
            self._current = (chat_id, message_id)

    def forget(self, chat_id: int, message_id: int) -> None:
        if self._current == (chat_id, message_id):
            self._current = None

    def take(self, chat_id: int) -> int | None:
        """The message with buttons in ``chat_id``, forgotten (its buttons are about to go)."""
        if self._current is None or self._current[0] != chat_id:
            return None
        message_id = self._current[1]
        self._current = None
        return message_id


class Ui:
    def __init__(self, bot: Bot, profile: PlatformProfile, replies: Replies, buttons: Buttons) -> None:
        self.bot = bot
        self.profile = profile
        self.replies = replies
        self.buttons = buttons
        self._answered: set[str] = set()

    def send(self, chat_id: int, text: str, markup: Markup | None = None) -> None:
        if not isinstance(markup, InlineKeyboardMarkup):
            self.replies.add(lambda: self.bot.send_message(chat_id, text, reply_markup=markup))
            return

        async def send_and_remember() -> Any:
            sent = await self.bot.send_message(chat_id, text, reply_markup=markup)
            if markup.inline_keyboard:
                self.buttons.remember(chat_id, sent.message_id)
            return sent

        self.replies.add(send_and_remember)

    def drop_buttons(self, chat_id: int) -> None:
        """Take the buttons off the last message with buttons sent in this chat (a question
        answered by typing: its back and cancel no longer hold), whichever process sent it
        (``Buttons``); nothing when it has none left. Where edits are refused they stay, and a
        press on one is answered as stale."""

        async def drop() -> None:
            message_id = self.buttons.take(chat_id)
            if message_id is not None:
                await self._strip(chat_id, message_id)

        self.replies.add(drop)

    def leave(self, message: Message | None, chat_id: int) -> None:
        """Take the buttons off ``message``, a screen left by one of its buttons (a summary's
        "confirm and go on"): the others on it no longer hold."""
        if message is None or message.chat.id != chat_id or message.reply_markup is None:
            return

        async def drop() -> None:
            self.buttons.forget(chat_id, message.message_id)
            await self._strip(chat_id, message.message_id)

        self.replies.add(drop)

    async def _strip(self, chat_id: int, message_id: int) -> None:
        learned = self.profile.learned
        if learned.refused(EDITS) or learned.refused(INLINE_EDITS):
            return
        try:
            await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramBadRequest as exc:
            if self.profile.learns_refusals and "not modified" not in exc.message and "not found" not in exc.message:
                learned.refuse(INLINE_EDITS, exc.message)
        except TelegramNotFound as exc:
            if self.profile.learns_refusals:
                learned.refuse(EDITS, exc.message)

    def replace(
        self, message: Message | None, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Show ``text`` in place of ``message`` (an edit); where the edit is refused, or there is
        no message to edit, send a new message."""
        if message is None or message.chat.id != chat_id:
            self.send(chat_id, text, markup)
            return

        async def edit_or_send() -> Any:
            if not await self._edit(message, text, markup):
                sent = await self.bot.send_message(chat_id, text, reply_markup=markup)
                if markup is not None and markup.inline_keyboard:
                    self.buttons.remember(chat_id, sent.message_id)
                return sent
            if markup is not None and markup.inline_keyboard:
                self.buttons.remember(chat_id, message.message_id)
            else:
                self.buttons.forget(chat_id, message.message_id)
            return None

        self.replies.add(edit_or_send)

    def close_question(self, message: Message | None, chat_id: int, text: str) -> None:
        """Replace a question's buttons by the answer given. Where edits are refused the old
        message keeps its buttons, and a stale press is answered kindly by the handlers."""
        if message is None or message.chat.id != chat_id:
            return

        async def edit() -> None:
            if await self._edit(message, text, None):
                self.buttons.forget(chat_id, message.message_id)

        self.replies.add(edit)

    async def _edit(self, message: Message, text: str, markup: InlineKeyboardMarkup | None) -> bool:
        """Edit ``message`` to ``text``; False when the messenger refused (or, by what this bot has
        learned, would refuse) it. Decided when the reply is sent, so the first refusal already
        spares the edits queued after it."""
        learned = self.profile.learned
        kind = INLINE_EDITS if message.reply_markup is not None else EDITS
        if learned.refused(EDITS) or learned.refused(kind):
            return False
        try:
            await self.bot.edit_message_text(
                text=text, chat_id=message.chat.id, message_id=message.message_id, reply_markup=markup
            )
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return True
            # "message to edit not found" is about one message (deleted, too old), not the messenger
            if self.profile.learns_refusals and "not found" not in exc.message:
                learned.refuse(kind, exc.message)
            return False
        except TelegramNotFound as exc:  # no such method at all
            if self.profile.learns_refusals:
                learned.refuse(EDITS, exc.message)
            return False
        return True

    def answer(self, query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> None:
        """Answer a button press (the little notice, or an alert). An old Bale client cannot show
        the answer, so there its text also comes as a message."""
        self._answered.add(query.id)
        self.call(query.answer(text=text, show_alert=alert or None))
        if text and self.profile.is_old_client_callback(query.id):
            chat_id = query.message.chat.id if query.message is not None else query.from_user.id
            self.send(chat_id, text)

    def answered(self, query: CallbackQuery) -> bool:
        return query.id in self._answered

    def call(self, method: TelegramMethod[Any]) -> None:
        """Any other reply, e.g. an invoice or a pre-checkout answer."""
        self.replies.add(lambda: self.bot(method))

    def send_document(self, chat_id: int, data: bytes, filename: str, caption: str | None = None) -> None:
        async def upload() -> Any:
            await self.typing(chat_id, ChatAction.UPLOAD_DOCUMENT)
            return await self.bot.send_document(chat_id, BufferedInputFile(data, filename), caption=caption)

        self.replies.add(upload)

    def send_photo(self, chat_id: int, data: bytes, filename: str, caption: str | None = None) -> None:
        """A picture made by the bot (a chart), as a photo."""

        async def upload() -> Any:
            await self.typing(chat_id, ChatAction.UPLOAD_PHOTO)
            return await self.bot.send_photo(chat_id, BufferedInputFile(data, filename), caption=caption)

        self.replies.add(upload)

    def send_rendered(self, chat_id: int, make: Callable[[], bytes], filename: str, caption: str | None = None) -> None:
        """A document made after the commit, off the event loop (a receipt): what the update
        recorded for others (the staff chat's card) does not wait for it (issue 23)."""

        async def upload() -> Any:
            await self.typing(chat_id, ChatAction.UPLOAD_DOCUMENT)
            try:
                data = await asyncio.to_thread(make)
            except Exception:  # the update has committed: the file stands, the document is missing
                log.exception("a document could not be made: %s", filename)
                return None
            return await self.bot.send_document(chat_id, BufferedInputFile(data, filename), caption=caption)

        self.replies.add(upload)

    async def typing(self, chat_id: int, action: ChatAction = ChatAction.TYPING) -> None:
        await show_action(self.bot, self.profile, chat_id, action)


async def show_action(bot: Bot, profile: PlatformProfile, chat_id: int, action: ChatAction = ChatAction.TYPING) -> None:
    """At once: a chat action promises nothing. The messenger's nearest action to ``action``
    (Bale has no upload_document: "typing"), or none."""
    shown = profile.chat_action(action)
    if shown is None:
        return
    try:
        await bot.send_chat_action(chat_id, shown)
    except (TelegramBadRequest, TelegramNotFound) as exc:
        if profile.learns_refusals:
            profile.learned.refuse(CHAT_ACTIONS, exc.message)
