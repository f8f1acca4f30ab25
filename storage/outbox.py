"""The outbox: messages to people other than an update's sender, recorded in the update's
transaction and sent after it commits (see ``models.OutboxMessage``).

Sending is at least once and, across processes, never twice at the same time: a row is claimed
with a lease (an UPDATE guarded by ``claimed_until``) before it is sent, and marked sent after.
A process that dies between the two leaves the lease to expire; the relay then sends it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import take_lease
from storage.models import OutboxMessage, utcnow

LEASE = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 5
# sent rows are kept a week (to answer "I never got it"), rows given up on three months (issue 30)
KEEP_SENT = dt.timedelta(days=7)
KEEP_FAILED = dt.timedelta(days=90)
PRUNE_BATCH = 5000


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    platform: str
    chat_id: int
    method: str
    params: dict[str, Any]
    attempts: int


def _row(row: OutboxMessage) -> OutboxRow:
    return OutboxRow(row.id, row.platform, row.chat_id, row.method, dict(row.params), row.attempts)


async def add(session: AsyncSession, platform: str, chat_id: int, method: str, params: dict[str, Any]) -> int:
    """Record a message in the caller's transaction; returns its id."""
    row = OutboxMessage(platform=platform, chat_id=chat_id, method=method, params=params, created_at=utcnow())
    session.add(row)
    await session.flush()
    return row.id


async def claim(session: AsyncSession, row_id: int, *, lease: dt.timedelta = LEASE) -> OutboxRow | None:
    """Take the row for sending if nobody holds it and it is unsent (None otherwise)."""
    unsent = and_(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
    if not await take_lease(session, OutboxMessage, row_id, unsent, utcnow(), lease):
        return None
    row = await session.get(OutboxMessage, row_id, populate_existing=True)
    return _row(row) if row else None


async def mark_sent(session: AsyncSession, row_id: int) -> None:
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == row_id).values(sent_at=utcnow(), claimed_until=None)
    )


async def release(session: AsyncSession, row_id: int, error: str, *, final: bool) -> None:
    """A send failed: give the row back for a later try, or (``final``) give up on it."""
    values: dict[str, Any] = {"claimed_until": None, "error": error[:120]}
    if final:
        values["failed_at"] = utcnow()
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values))


async def pending(
    session: AsyncSession, *, older_than: dt.timedelta, limit: int = 100, after: int = 0
) -> list[tuple[int, int]]:
    """Rows left unsent (a crash between commit and send, a failed try), oldest first, that
    nobody holds now: (id, chat id); ``after`` an id, for the next page."""
    now = utcnow()
    rows = await session.execute(
        select(OutboxMessage.id, OutboxMessage.chat_id)
        .where(
            OutboxMessage.id > after,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.created_at < now - older_than,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return [(row_id, chat_id) for row_id, chat_id in rows.all()]


async def pending_count(session: AsyncSession) -> int:
    """Rows neither sent nor given up on (operators' metrics: a number that keeps growing means
    messages are not going out)."""
    return (await unsent_counts(session))[0]


async def unsent_counts(session: AsyncSession) -> tuple[int, int]:
    """(rows neither sent nor given up on, rows given up on and kept): one range of the pending
    index, however many sent rows the table holds."""
    unsent = OutboxMessage.sent_at.is_(None)
    row = (
        await session.execute(
            select(
                func.count().filter(OutboxMessage.failed_at.is_(None)),
                func.count().filter(OutboxMessage.failed_at.is_not(None)),
            ).where(unsent)
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


async def prune(
    session: AsyncSession,
    *,
    sent_before: dt.timedelta = KEEP_SENT,
    failed_before: dt.timedelta = KEEP_FAILED,
    batch: int = PRUNE_BATCH,
) -> tuple[int, int]:
    """Forget up to ``batch`` rows sent longer than ``sent_before`` ago and up to ``batch`` given up
    on longer than ``failed_before`` ago (ids taken from the pending index); (sent, failed)
    forgotten. A caller with a backlog calls it again, one short transaction each."""
    now = utcnow()
    forgotten = []
    for old in (
        OutboxMessage.sent_at < now - sent_before,
        and_(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at < now - failed_before),
    ):
        ids = select(OutboxMessage.id).where(old).limit(batch)
        result = await session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
        forgotten.append(int(result.rowcount or 0))  # type: ignore[attr-defined]
    return forgotten[0], forgotten[1]


async def get(session: AsyncSession, row_id: int) -> OutboxRow | None:
    row = await session.get(OutboxMessage, row_id, populate_existing=True)
    return _row(row) if row else None


async def is_sent(session: AsyncSession, row_id: int) -> bool:
    sent = await session.scalar(select(OutboxMessage.sent_at).where(OutboxMessage.id == row_id))
    return sent is not None
