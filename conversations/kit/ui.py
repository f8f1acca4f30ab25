"""Sending screens the way each messenger allows (see ``platform.PlatformProfile``)."""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from conversations.platform import PlatformProfile

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


class Ui:
    def __init__(self, bot: Bot, profile: PlatformProfile) -> None:
        self.bot = bot
        self.profile = profile

    async def send(self, chat_id: int, text: str, markup: Markup | None = None) -> Message:
        return await self.bot.send_message(chat_id, text, reply_markup=markup)

    async def replace(
        self, message: Message | None, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> Message:
        """Show ``text`` in place of ``message`` where the messenger allows editing it (Telegram);
        otherwise (Bale, or no message to edit) send a new message."""
        if message is not None and self.profile.edits_inline_messages and message.chat.id == chat_id:
            try:
                edited = await self.bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=message.message_id, reply_markup=markup
                )
                if isinstance(edited, Message):
                    return edited
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    return message
        return await self.send(chat_id, text, markup)

    async def close_question(self, message: Message | None, chat_id: int, text: str) -> None:
        """Replace a question's buttons by the answer given (Telegram); on Bale the old message
        keeps its buttons and a stale press is answered kindly by the handlers."""
        if message is None or not self.profile.edits_inline_messages:
            return
        with contextlib.suppress(TelegramBadRequest):
            await self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message.message_id, reply_markup=None
            )

    async def typing(self, chat_id: int, action: ChatAction = ChatAction.TYPING) -> None:
        if self.profile.chat_actions:
            with contextlib.suppress(TelegramBadRequest):
                await self.bot.send_chat_action(chat_id, action)

    async def send_document(self, chat_id: int, data: bytes, filename: str, caption: str | None = None) -> Message:
        await self.typing(chat_id, ChatAction.UPLOAD_DOCUMENT)
        return await self.bot.send_document(chat_id, BufferedInputFile(data, filename), caption=caption)
