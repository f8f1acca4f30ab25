"""The audit of reads (issue 23): every time a staff member opens a file (its card with
``/case``, the whole file) or its documents, who, when and what is recorded in the update's
transaction; admins read it in the file's history and with ``/audit``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import DigestSent, StaffRead, utcnow


class Read(StrEnum):
    CARD = "card"  # the card and the history (/case, a queue's or a search's button)
    FILE = "file"  # the whole file, rendered
    DOCUMENTS = "documents"  # the applicant's documents, sent to the staff member
    REFUSED = "refused"  # asked for by a staff member of another province: nothing shown (issue 25)


@dataclass(frozen=True, slots=True)
class ReadInfo:
    case_id: int
    staff_id: int
    what: Read
    at: dt.datetime


async def record(session: AsyncSession, case_id: int, staff_id: int, what: Read) -> None:
    session.add(StaffRead(case_id=case_id, staff_id=staff_id, what=what.value, at=utcnow()))
    await session.flush()


async def reads_of(session: AsyncSession, case_id: int, *, limit: int = 200) -> list[ReadInfo]:
    """The file's reads, oldest first (the latest ``limit``)."""
    rows = await session.scalars(
        select(StaffRead)
        .where(StaffRead.case_id == case_id)
        .order_by(StaffRead.at.desc(), StaffRead.id.desc())
        .limit(limit)
    )
    return [ReadInfo(r.case_id, r.staff_id, Read(r.what), r.at) for r in reversed(list(rows))]


async def claim_digest(session: AsyncSession, name: str, day: dt.date) -> bool:
    """True for the one transaction that records digest ``name`` of ``day`` (every other replica,
    or a restart the same day, gets False)."""
    stmt = upsert(session, DigestSent).values(name=name, day=day, at=utcnow())
    result = await session.execute(stmt.on_conflict_do_nothing(index_elements=["name", "day"]))
    return bool(result.rowcount)  # type: ignore[attr-defined]
