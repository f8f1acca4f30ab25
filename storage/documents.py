"""Documents of a case: metadata rows over the file store. Replacing keeps the old one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.files import StoredFile
from storage.models import Document, utcnow

PDF = "application/pdf"
PAYMENT_SLIP = "payment_slip"  # kind and slot of the applicant's payment slip (not an application document)
INQUIRY_REPLY = "inquiry_reply"  # a photo or PDF of an inquiry's reply staff recorded (builder license)
# kept with the file, but not the application's own documents (never returned, not posted as such)
ORGANIZATION_KINDS = frozenset({PAYMENT_SLIP, INQUIRY_REPLY})


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    case_id: int
    kind: str
    slot: str
    file_key: str
    thumbnail_key: str | None
    file_id: str | None
    file_unique_id: str | None
    content_type: str
    size: int
    width: int | None
    height: int | None
    sha256: str
    uploaded_at: dt.datetime
    superseded_at: dt.datetime | None
    key_id: str | None = None  # the master key its files are sealed with (None: stored before encryption)


def _doc(row: Document) -> DocumentInfo:
    return DocumentInfo(**{f.name: getattr(row, f.name) for f in fields(DocumentInfo)})


async def add_document(
    session: AsyncSession,
    case_id: int,
    kind: str,
    slot: str,
    stored: StoredFile,
    *,
    file_id: str | None = None,
    file_unique_id: str | None = None,
    several: bool = False,
) -> DocumentInfo:
    """Record a received document for ``slot``; a previous one in that slot is marked superseded.

    ``several``: the slot holds several files (every page of a birth certificate as photos, or
    one PDF of them all): a photo is added beside the ones there, a PDF replaces them all, and a
    photo after a PDF replaces the PDF."""
    now = utcnow()
    current = Document.case_id == case_id, Document.slot == slot, Document.superseded_at.is_(None)
    replace = not several or stored.content_type == PDF
    if not replace:
        replace = PDF in set(await session.scalars(select(Document.content_type).where(*current)))
    if replace:
        await session.execute(update(Document).where(*current).values(superseded_at=now))
    row = Document(
        case_id=case_id,
        kind=kind,
        slot=slot,
        file_key=stored.key,
        thumbnail_key=stored.thumbnail_key,
        file_id=file_id,
        file_unique_id=file_unique_id,
        content_type=stored.content_type,
        size=stored.size,
        width=stored.width,
        height=stored.height,
        sha256=stored.sha256,
        uploaded_at=now,
        key_id=stored.key_id,
    )
    session.add(row)
    await session.flush()
    return _doc(row)


async def current_documents(session: AsyncSession, case_id: int) -> list[DocumentInfo]:
    rows = await session.scalars(
        select(Document).where(Document.case_id == case_id, Document.superseded_at.is_(None)).order_by(Document.id)
    )
    return [_doc(r) for r in rows]


async def all_documents(session: AsyncSession, case_id: int) -> list[DocumentInfo]:
    """Every document ever received for the case, replaced ones included."""
    rows = await session.scalars(select(Document).where(Document.case_id == case_id).order_by(Document.id))
    return [_doc(r) for r in rows]


async def get_document(session: AsyncSession, document_id: int) -> DocumentInfo | None:
    row = await session.get(Document, document_id)
    return _doc(row) if row else None


async def withdraw_document(session: AsyncSession, case_id: int, slot: str) -> bool:
    """A reviewer returned this document: it no longer counts, so the applicant is asked for it
    again (the row stays, like a replaced one). False if there was none."""
    result = await session.execute(
        update(Document)
        .where(Document.case_id == case_id, Document.slot == slot, Document.superseded_at.is_(None))
        .values(superseded_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# ---- the master keys the documents are sealed with (``storage.encryption``) ----------------------


async def count_by_key(session: AsyncSession) -> dict[str | None, int]:
    """How many documents each master key seals (None: stored before encryption)."""
    rows = await session.execute(select(Document.key_id, func.count()).group_by(Document.key_id))
    return {key_id: int(n) for key_id, n in rows.all()}


@dataclass(frozen=True, slots=True)
class SealedFiles:
    id: int
    key_id: str | None
    files: tuple[str, ...]  # the file and its thumbnail


async def documents_not_under(session: AsyncSession, key_id: str, after: int, limit: int = 200) -> list[SealedFiles]:
    """Documents whose recorded key is not ``key_id`` (None included), by id after ``after``."""
    rows = await session.execute(
        select(Document.id, Document.key_id, Document.file_key, Document.thumbnail_key)
        .where(Document.id > after, (Document.key_id != key_id) | Document.key_id.is_(None))
        .order_by(Document.id)
        .limit(limit)
    )
    return [SealedFiles(i, k, tuple(f for f in (file, thumb) if f)) for i, k, file, thumb in rows.all()]


async def set_key(session: AsyncSession, document_ids: list[int], key_id: str) -> None:
    """These documents' files are sealed under ``key_id`` now."""
    if document_ids:
        await session.execute(update(Document).where(Document.id.in_(document_ids)).values(key_id=key_id))
