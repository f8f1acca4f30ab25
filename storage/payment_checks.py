"""Payments waiting for their wallet's confirmation (``models.PaymentCheck``).

A check is recorded in the transaction of the update that received the payment, so a restart
cannot forget it; a checker asks the wallet again when it is due. Like the outbox, a check is
claimed with a lease (an UPDATE guarded by ``claimed_until``) before it is worked on, so two
processes never ask and apply the same answer at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import take_lease
from storage.models import PaymentCheck, utcnow

LEASE = dt.timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class PaymentCheckInfo:
    id: int
    case_id: int
    platform: str
    transaction_id: str
    note: str
    created_at: dt.datetime
    attempts: int
    outcome: str | None


def _info(row: PaymentCheck) -> PaymentCheckInfo:
    return PaymentCheckInfo(
        row.id, row.case_id, row.platform, row.transaction_id, row.note, row.created_at, row.attempts, row.outcome
    )


async def add(
    session: AsyncSession, case_id: int, platform: str, transaction_id: str, note: str, *, after: dt.timedelta
) -> PaymentCheckInfo:
    """Record a payment to check ``after`` from now; the same transaction again (a redelivered
    update) keeps the first record."""
    existing = await find(session, platform, transaction_id)
    if existing is not None:
        return existing
    row = PaymentCheck(
        case_id=case_id,
        platform=platform,
        transaction_id=transaction_id[:128],
        note=note[:200],
        created_at=utcnow(),
        next_check_at=utcnow() + after,
        attempts=0,
    )
    session.add(row)
    await session.flush()
    return _info(row)


async def find(session: AsyncSession, platform: str, transaction_id: str) -> PaymentCheckInfo | None:
    row = await session.scalar(
        select(PaymentCheck).where(PaymentCheck.platform == platform, PaymentCheck.transaction_id == transaction_id)
    )
    return _info(row) if row else None


async def due(session: AsyncSession, *, now: dt.datetime | None = None, limit: int = 50) -> list[int]:
    """Undecided checks whose time has come and that nobody holds, oldest first."""
    now = now or utcnow()
    ids = await session.scalars(
        select(PaymentCheck.id)
        .where(
            PaymentCheck.decided_at.is_(None),
            PaymentCheck.next_check_at <= now,
            or_(PaymentCheck.claimed_until.is_(None), PaymentCheck.claimed_until < utcnow()),
        )
        .order_by(PaymentCheck.next_check_at, PaymentCheck.id)
        .limit(limit)
    )
    return list(ids)


async def claim(session: AsyncSession, check_id: int, *, lease: dt.timedelta = LEASE) -> PaymentCheckInfo | None:
    """Take an undecided check for asking if nobody holds it (None otherwise)."""
    if not await take_lease(session, PaymentCheck, check_id, PaymentCheck.decided_at.is_(None), utcnow(), lease):
        return None
    row = await session.get(PaymentCheck, check_id, populate_existing=True)
    return _info(row) if row else None


async def reschedule(session: AsyncSession, check_id: int, *, after: dt.timedelta) -> None:
    await session.execute(
        update(PaymentCheck)
        .where(PaymentCheck.id == check_id)
        .values(next_check_at=utcnow() + after, claimed_until=None)
    )


async def decide(session: AsyncSession, check_id: int, outcome: str) -> None:
    await session.execute(
        update(PaymentCheck)
        .where(PaymentCheck.id == check_id)
        .values(decided_at=utcnow(), outcome=outcome[:16], claimed_until=None)
    )
