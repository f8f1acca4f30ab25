"""The SMS outbox (issue 24): an SMS is recorded in the transaction of what it tells and sent after
that transaction commits (``bot.sms``), like the chat's outbox (``storage.outbox``).

- Recorded once: ``(event_key, recipient, channel)`` is unique; a second record of the same
  decision (a redelivered update, a relay that runs twice) is ignored.
- Sent at most once at a time across replicas: a row is claimed with a lease (``take_lease``).
- Retried with backoff: ``retry`` gives a row back with ``next_try_at`` later (a timeout, a 5xx);
  ``refuse`` ends it with the provider's reason (an invalid number, no credit, a bad key): trying
  the same request again changes nothing.

Functions take a session and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import take_lease, upsert
from storage.models import MessengerUser, SmsMessage, utcnow
from storage.outbox import KEEP_FAILED, KEEP_SENT

LEASE = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 8  # a few hours of backoff (``backoff``), then given up on
CHANNEL = "sms"


@dataclass(frozen=True, slots=True)
class SmsRow:
    id: int
    event_key: str
    recipient: str
    kind: str
    language: str
    text: str
    params: dict[str, Any]
    attempts: int


def _row(row: SmsMessage) -> SmsRow:
    return SmsRow(
        row.id, row.event_key, row.recipient, row.kind, row.language, row.text, dict(row.params), row.attempts
    )


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed try: 5 s, 10 s, 20 s … at most an hour."""
    return dt.timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 3600))


async def verified_mobile(session: AsyncSession, messenger_user_id: int) -> str | None:
    """The mobile the user proved by sharing their contact (None if they never did)."""
    row = (
        await session.execute(
            select(MessengerUser.mobile).where(
                MessengerUser.id == messenger_user_id, MessengerUser.mobile_verified_at.is_not(None)
            )
        )
    ).first()
    return row[0] if row and row[0] else None


async def add(
    session: AsyncSession,
    event_key: str,
    recipient: str,
    kind: str,
    text: str,
    params: Mapping[str, Any],
    *,
    language: str = "fa",
    parts: int | None = None,
) -> bool:
    """Record an SMS in the caller's transaction; False if this (event, recipient) has one already."""
    now = utcnow()
    stmt = (
        upsert(session, SmsMessage)
        .values(
            event_key=event_key,
            recipient=recipient,
            channel=CHANNEL,
            kind=kind,
            language=language,
            text=text[:400],
            params=dict(params),
            created_at=now,
            next_try_at=now,
            attempts=0,
            parts=parts,
        )
        .on_conflict_do_nothing(index_elements=["event_key", "recipient", "channel"])
    )
    result = await session.execute(stmt)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _open() -> Any:
    return and_(SmsMessage.sent_at.is_(None), SmsMessage.failed_at.is_(None))


async def due(session: AsyncSession, *, now: dt.datetime | None = None, limit: int = 100) -> list[int]:
    """Rows to send now (unsent, not given up on, their time come, nobody holding them), oldest first."""
    now = now or utcnow()
    rows = await session.scalars(
        select(SmsMessage.id)
        .where(
            _open(),
            SmsMessage.next_try_at <= now,
            or_(SmsMessage.claimed_until.is_(None), SmsMessage.claimed_until < now),
        )
        .order_by(SmsMessage.id)
        .limit(limit)
    )
    return list(rows)


async def claim(
    session: AsyncSession, row_id: int, *, lease: dt.timedelta = LEASE, now: dt.datetime | None = None
) -> SmsRow | None:
    """Take the row for sending if it is unsent and nobody holds it (None otherwise)."""
    if not await take_lease(session, SmsMessage, row_id, _open(), now or utcnow(), lease):
        return None
    row = await session.get(SmsMessage, row_id, populate_existing=True)
    return _row(row) if row else None


async def mark_sent(
    session: AsyncSession, row_id: int, provider: str, message_id: str | None, delivery: str | None
) -> None:
    await session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == row_id)
        .values(
            sent_at=utcnow(),
            claimed_until=None,
            provider=provider,
            provider_message_id=message_id,
            delivery=delivery,
            error=None,
        )
    )


async def retry(session: AsyncSession, row_id: int, provider: str, error: str, attempts: int) -> bool:
    """A try failed for a reason that may pass (a timeout, a 5xx): try again after ``backoff``, or
    give up after ``MAX_ATTEMPTS``; True when given up."""
    final = attempts >= MAX_ATTEMPTS
    values: dict[str, Any] = {
        "claimed_until": None,
        "provider": provider,
        "error": error[:120],
        "next_try_at": utcnow() + backoff(attempts),
    }
    if final:
        values["failed_at"] = utcnow()
    await session.execute(update(SmsMessage).where(SmsMessage.id == row_id).values(**values))
    return final


async def refuse(session: AsyncSession, row_id: int, provider: str, reason: str) -> None:
    """The provider refused it (an invalid number, no credit, a bad key): recorded, not retried."""
    await session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == row_id)
        .values(claimed_until=None, failed_at=utcnow(), provider=provider, error=reason[:120])
    )


@dataclass(frozen=True, slots=True)
class SmsInfo:
    """An SMS as an operator (or a test) sees it."""

    id: int
    event_key: str
    recipient: str
    kind: str
    text: str
    attempts: int
    sent: bool
    failed: bool
    error: str | None
    provider: str | None
    delivery: str | None
    parts: int | None


async def listing(session: AsyncSession, *, recipient: str | None = None) -> list[SmsInfo]:
    query = select(SmsMessage).order_by(SmsMessage.id)
    if recipient is not None:
        query = query.where(SmsMessage.recipient == recipient)
    return [
        SmsInfo(
            r.id,
            r.event_key,
            r.recipient,
            r.kind,
            r.text,
            r.attempts,
            r.sent_at is not None,
            r.failed_at is not None,
            r.error,
            r.provider,
            r.delivery,
            r.parts,
        )
        for r in await session.scalars(query)
    ]


async def unsent_count(session: AsyncSession) -> int:
    """SMS neither sent nor given up on (``/metrics``: a growing number means the provider is down)."""
    return int(await session.scalar(select(func.count()).select_from(SmsMessage).where(_open())) or 0)


async def prune(session: AsyncSession, *, batch: int = 5000) -> int:
    """Forget SMS sent a week ago and those given up on three months ago, as the chat's outbox
    does (``storage.outbox``: the same periods); how many."""
    now = utcnow()
    old = or_(
        SmsMessage.sent_at < now - KEEP_SENT,
        and_(SmsMessage.sent_at.is_(None), SmsMessage.failed_at < now - KEEP_FAILED),
    )
    ids = select(SmsMessage.id).where(old).limit(batch)
    result = await session.execute(delete(SmsMessage).where(SmsMessage.id.in_(ids)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# ---- the applicant's choice ---------------------------------------------------------------------


async def reminders_on(session: AsyncSession, messenger_user_id: int) -> bool:
    off = await session.scalar(select(MessengerUser.reminders_off_at).where(MessengerUser.id == messenger_user_id))
    return off is None


async def set_reminders(session: AsyncSession, messenger_user_id: int, *, on: bool) -> None:
    await session.execute(
        update(MessengerUser)
        .where(MessengerUser.id == messenger_user_id)
        .values(reminders_off_at=None if on else utcnow())
    )
