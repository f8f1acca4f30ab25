"""Files fetched from the messenger before an update's transaction begins.

A download can take seconds (a big scan, a slow network). Inside the update's transaction it
would hold the database for that long — on SQLite the one write lock, which every other
update, and storing updates in the inbox, waits for. So the file a message carries is fetched
first (``prefetch``, called by the bot's middleware outside the transaction), and
``uploads.receive_upload`` takes it from there; checking and storing it stays in the handler.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message

from conversations.kit.platform import PlatformProfile
from conversations.kit.ui import show_action
from storage.files import FileRejected
from storage.images import ImageLimits

HEIF_NAMES = (".heic", ".heif")
MiB = 1024 * 1024


@dataclass(frozen=True)
class Download:
    """A message's file: its bytes, or why the messenger would not give it."""

    data: bytes | None = None
    refused: FileRejected | None = None


@dataclass(frozen=True)
class Carried:
    """The file a message carries, as far as the message tells."""

    file_id: str
    file_unique_id: str
    size: int | None
    pdf: bool
    acceptable_type: bool  # a photo, an image file, a PDF (or a file named .heic/.heif)


def carried(message: Message) -> Carried | None:
    if message.photo:
        size = message.photo[-1]
        return Carried(size.file_id, size.file_unique_id, size.file_size, False, True)
    if message.document is not None:
        document = message.document
        mime = document.mime_type or ""
        name = (document.file_name or "").lower()
        pdf = mime == "application/pdf" or name.endswith(".pdf")
        # iPhones send HEIC photos as files, often as application/octet-stream: storage checks the bytes
        acceptable = mime.startswith("image/") or pdf or name.endswith(HEIF_NAMES)
        return Carried(document.file_id, document.file_unique_id, document.file_size, pdf, acceptable)
    return None


async def download(bot: Bot, file: Carried, limits: ImageLimits) -> bytes:
    """The file's bytes; ``FileRejected`` when it is over the limit (announced, or found out)."""
    limits.refuse_before_download(file.size, pdf=file.pdf)
    buffer = io.BytesIO()
    try:
        await bot.download(file.file_id, destination=buffer)
    except TelegramBadRequest as exc:
        if "too big" in exc.message.lower():  # the size was not announced, or wrongly
            raise FileRejected("file-too-large", max_mb=limits.download_max_bytes // MiB) from None
        raise
    return buffer.getvalue()


async def prefetch(bot: Bot, profile: PlatformProfile, message: Message, limits: ImageLimits) -> dict[str, Download]:
    """The file of a private message that an answer could take, fetched now (by file id); the
    sender sees "typing…" meanwhile."""
    file = carried(message)
    if file is None or not file.acceptable_type or message.chat.type != "private":
        return {}
    await show_action(bot, profile, message.chat.id)
    try:
        return {file.file_id: Download(data=await download(bot, file, limits))}
    except FileRejected as exc:
        return {file.file_id: Download(refused=exc)}
