"""Receiving a file from a person (a photo, an image file or a PDF) and keeping it as a
document of a case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from aiogram.types import Message

from conversations.kit.context import Ctx
from conversations.kit.downloads import carried, download
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

    def to_json(self) -> dict[str, Any]:
        """As a draft keeps it until the form it came with is done (the bytes are in the store)."""
        return {"stored": asdict(self.stored), "file_id": self.file_id, "file_unique_id": self.file_unique_id}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoredAnswer:
        return cls(StoredFile(**data["stored"]), str(data["file_id"]), str(data["file_unique_id"]))


async def receive_upload(ctx: Ctx, message: Message, *, allow_pdf: bool, expected: str) -> StoredAnswer:
    """A photo, an image file or (``allow_pdf``) a PDF from ``message`` → checked and stored.

    Raises ``Refused`` (with the ``expected`` text key) for anything else, ``FileRejected`` when
    the bytes are not acceptable.
    """
    limits = ctx.services.image_limits
    file = carried(message)
    if file is None:
        raise Refused(unexpected_key(message), expected=ctx.t(expected))
    if file.pdf and not allow_pdf:
        raise Refused("expect-photo-not-pdf")
    if not file.acceptable_type:
        raise Refused("file-wrong-type")
    # from the size the messenger announces, before asking it for the file (it would refuse)
    limits.refuse_before_download(file.size, pdf=file.pdf)
    fetched = ctx.downloads.get(file.file_id)  # fetched before the transaction began
    if fetched is not None and fetched.refused is not None:
        raise fetched.refused
    if fetched is not None and fetched.data is not None:
        data = fetched.data
    else:
        await ctx.ui.typing(ctx.chat_id)
        data = await download(ctx.bot, file, limits)
    stored = await store_document(ctx.services.files, data, limits)
    return StoredAnswer(stored, file.file_id, file.file_unique_id)


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
