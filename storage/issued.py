"""Documents the organization issues on a file (a settlement certificate, …), numbered from the
organization's own sequence of letter numbers (one per Jalali year, shared with the builder
license's inquiry letters): what each says is kept (``data``) and its PDF is rendered from it
whenever it is sent. A newer document of the same kind on the same file supersedes the older."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import Case, IssuedDocument, LetterCounter, utcnow


@dataclass(frozen=True, slots=True)
class IssuedInfo:
    id: int
    case_id: int
    kind: str
    number: str
    data: Mapping[str, Any]
    issued_at: dt.datetime
    issued_by: int | None
    superseded_at: dt.datetime | None


def _info(row: IssuedDocument) -> IssuedInfo:
    return IssuedInfo(
        row.id, row.case_id, row.kind, row.number, dict(row.data or {}), row.issued_at, row.issued_by, row.superseded_at
    )


async def next_letter_number(session: AsyncSession, year: int) -> int:
    """The next number of the organization's letters in ``year``: one guarded increment, so two
    letters issued at once never share a number (the row is locked until the transaction ends)."""
    stmt = upsert(session, LetterCounter).values(year=year, last=0)
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["year"]))
    await session.execute(
        update(LetterCounter)
        .where(LetterCounter.year == year)
        .values(last=LetterCounter.last + 1)
        .execution_options(synchronize_session=False)
    )
    last = await session.scalar(
        select(LetterCounter.last).where(LetterCounter.year == year).execution_options(populate_existing=True)
    )
    assert last is not None
    return int(last)


def letter_number(year: int, serial: int) -> str:
    """A letter's number as printed: the year and the serial (e.g. 1404/17)."""
    return f"{year}/{serial}"


async def issue(
    session: AsyncSession,
    case_id: int,
    kind: str,
    data: Mapping[str, Any],
    *,
    year: int,
    issued_by: int | None = None,
) -> IssuedInfo:
    """Issue a document of ``kind`` on the file, numbered now; the file's earlier one of the kind
    is superseded."""
    now = utcnow()
    await session.execute(
        update(IssuedDocument)
        .where(IssuedDocument.case_id == case_id, IssuedDocument.kind == kind, IssuedDocument.superseded_at.is_(None))
        .values(superseded_at=now)
        .execution_options(synchronize_session=False)
    )
    row = IssuedDocument(
        case_id=case_id,
        kind=kind,
        number=letter_number(year, await next_letter_number(session, year)),
        data=dict(data),
        issued_at=now,
        issued_by=issued_by,
    )
    session.add(row)
    await session.flush()
    return _info(row)


async def get(session: AsyncSession, issued_id: int) -> IssuedInfo | None:
    row = await session.get(IssuedDocument, issued_id, populate_existing=True)
    return _info(row) if row is not None else None


async def of_case(session: AsyncSession, case_id: int, kind: str | None = None) -> list[IssuedInfo]:
    """The file's documents (of ``kind``), oldest first, superseded ones included."""
    query = select(IssuedDocument).where(IssuedDocument.case_id == case_id)
    if kind is not None:
        query = query.where(IssuedDocument.kind == kind)
    return [_info(r) for r in await session.scalars(query.order_by(IssuedDocument.id))]


async def of_applicant(session: AsyncSession, applicant_id: int, kind: str) -> list[IssuedInfo]:
    """The documents of ``kind`` on any of the applicant's files, current ones only, oldest first."""
    rows = await session.scalars(
        select(IssuedDocument)
        .join(Case, Case.id == IssuedDocument.case_id)
        .where(Case.applicant_id == applicant_id, IssuedDocument.kind == kind, IssuedDocument.superseded_at.is_(None))
        .order_by(IssuedDocument.id)
    )
    return [_info(r) for r in rows]
