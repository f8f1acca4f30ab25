"""Receiving a file from a person (a photo, an image file or a PDF) and keeping it as a
document of a case."""

from __future__ import annotations

import io
from dataclasses import dataclass

from aiogram.types import Message

from conversations.kit.context import Ctx
from conversations.kit.fields import Field, Refused, slot_of
from scoring import document_slot
from storage import documents
from storage.files import FileRejected, StoredFile, store_document

__all__ = [
    "FileRejected",
    "StoredAnswer",
    "receive_upload",
    "save_document",
    "save_field_document",
    "unexpected_key",
]


@dataclass(frozen=True)
class StoredAnswer:
    """A received file: what a store keeps for a PHOTO/DOCUMENT field."""

    stored: StoredFile
    file_id: str
    file_unique_id: str


async def receive_upload(ctx: Ctx, message: Message, *, allow_pdf: bool, expected: str) -> StoredAnswer:
    """A photo, an image file or (``allow_pdf``) a PDF from ``message`` → checked and stored.

    Raises ``Refused`` (with the ``expected`` text key) for anything else, ``FileRejected`` when
    the bytes are not acceptable.
    """
    limits = ctx.services.image_limits
    if message.photo:
        size = message.photo[-1]
        file_id, unique, file_size = size.file_id, size.file_unique_id, size.file_size
    elif message.document is not None:
        document = message.document
        mime = document.mime_type or ""
        is_pdf = mime == "application/pdf" or (document.file_name or "").lower().endswith(".pdf")
        if is_pdf and not allow_pdf:
            raise Refused("expect-photo-not-pdf")
        if not (mime.startswith("image/") or is_pdf):
            raise Refused("file-wrong-type")
        file_id, unique, file_size = document.file_id, document.file_unique_id, document.file_size
    else:
        raise Refused(unexpected_key(message), expected=ctx.t(expected))
    if file_size and file_size > limits.max_bytes:
        raise FileRejected("file-too-large", max_mb=limits.max_bytes // (1024 * 1024))
    await ctx.ui.typing(ctx.chat_id)
    buffer = io.BytesIO()
    await ctx.bot.download(file_id, destination=buffer)
    stored = await store_document(ctx.services.files, buffer.getvalue(), limits)
    return StoredAnswer(stored, file_id, unique)


async def save_document(
    ctx: Ctx, case_id: int, kind: str, ref: str | None, answer: StoredAnswer, *, slot: str | None = None
) -> None:
    """Keep a received file as the case's document of ``kind`` (of item ``ref`` when it belongs
    to one item of a list); the one it replaces is kept, marked superseded."""
    await documents.add_document(
        ctx.session,
        case_id,
        kind,
        slot or document_slot(kind, ref),
        answer.stored,
        file_id=answer.file_id,
        file_unique_id=answer.file_unique_id,
    )


async def save_field_document(ctx: Ctx, case_id: int, field: Field, item: int | None, answer: StoredAnswer) -> None:
    """Keep a received file as the document a field asks for (of list item ``item`` when it belongs
    to one). A field of several files adds a photo beside the others (a PDF replaces them)."""
    await documents.add_document(
        ctx.session,
        case_id,
        field.document_kind,
        slot_of(field, item),
        answer.stored,
        file_id=answer.file_id,
        file_unique_id=answer.file_unique_id,
        several=field.several,
    )


def unexpected_key(message: Message) -> str:
    if message.sticker is not None:
        return "unexpected-sticker"
    if message.voice is not None or message.audio is not None or message.video_note is not None:
        return "unexpected-voice"
    if message.photo or message.document is not None:
        return "unexpected-file"
    if message.contact is not None:
        return "unexpected-contact"
    return "unexpected-input"
