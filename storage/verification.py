"""The documents the bot issued as anyone can check them (issue 27): a verification code per
document (``scoring.verification``), what the document is, and its status — valid, superseded by
a newer one of its kind on the same file (re-issued after a return), or revoked by staff.

``register`` is called where a PDF is issued, in that update's transaction; sending the same
document again (its ``source``) gives the code it had. Repository functions never commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scoring.verification import derive_code
from storage.models import Applicant, Case, VerifiedDocument, utcnow


class Standing(StrEnum):
    VALID = "valid"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class Registered:
    code: str
    kind: str
    number: str
    issued_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Verified:
    """What a check of a code shows: never more of the person than the names to mask."""

    code: str
    kind: str
    number: str
    case_kind: str
    issued_at: dt.datetime
    standing: Standing
    since: dt.datetime | None  # superseded (the newer one's issue) or revoked: when
    first_name: str | None
    last_name: str | None
    province: str | None = None  # the file's: whose organization issued it (issue 25)


async def register(session: AsyncSession, key: bytes, case_id: int, kind: str, number: str, source: str) -> Registered:
    """The code of the document ``source`` (a ``kind`` on the file, numbered ``number``): the one it
    has, or a new one — the file's earlier documents of the kind then superseded."""
    found = await session.scalar(select(VerifiedDocument).where(VerifiedDocument.source == source))
    if found is not None:
        return Registered(found.code, found.kind, found.number, found.issued_at)
    now = utcnow()
    await session.execute(
        update(VerifiedDocument)
        .where(
            VerifiedDocument.case_id == case_id,
            VerifiedDocument.kind == kind,
            VerifiedDocument.superseded_at.is_(None),
        )
        .values(superseded_at=now)
        .execution_options(synchronize_session=False)
    )
    attempt = 0
    code = derive_code(key, source)
    while await session.get(VerifiedDocument, code) is not None:  # 2⁻⁵⁰ a pair: never in practice
        attempt += 1
        code = derive_code(key, source, attempt)
    session.add(
        VerifiedDocument(code=code, source=source, case_id=case_id, kind=kind, number=number[:64], issued_at=now)
    )
    await session.flush()
    return Registered(code, kind, number, now)


async def revoke(session: AsyncSession, case_id: int, kind: str) -> int:
    """Staff revoked what the file's documents of ``kind`` attest (a license): how many."""
    result = await session.execute(
        update(VerifiedDocument)
        .where(
            VerifiedDocument.case_id == case_id, VerifiedDocument.kind == kind, VerifiedDocument.revoked_at.is_(None)
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def check(session: AsyncSession, code: str) -> Verified | None:
    """What the code says, or None when no document has it."""
    row = (
        await session.execute(
            select(VerifiedDocument, Case.kind, Applicant.first_name, Applicant.last_name, Case.province)
            .join(Case, Case.id == VerifiedDocument.case_id)
            .join(Applicant, Applicant.id == Case.applicant_id)
            .where(VerifiedDocument.code == code)
        )
    ).first()
    if row is None:
        return None
    document, case_kind, first_name, last_name, province = row
    if document.revoked_at is not None:
        standing, since = Standing.REVOKED, document.revoked_at
    elif document.superseded_at is not None:
        standing, since = Standing.SUPERSEDED, document.superseded_at
    else:
        standing, since = Standing.VALID, None
    return Verified(
        document.code,
        document.kind,
        document.number,
        case_kind,
        document.issued_at,
        standing,
        since,
        first_name,
        last_name,
        province,
    )


async def of_case(session: AsyncSession, case_id: int) -> list[Registered]:
    """The file's documents, oldest first (superseded and revoked ones too)."""
    rows = await session.scalars(
        select(VerifiedDocument).where(VerifiedDocument.case_id == case_id).order_by(VerifiedDocument.issued_at)
    )
    return [Registered(r.code, r.kind, r.number, r.issued_at) for r in rows]
