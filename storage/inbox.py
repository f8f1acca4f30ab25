"""The inbox: every update handled at most once per (bot, update id), and none lost in between.

- ``claim`` is the first statement of the transaction that handles an update: it sets the mark
  (inserting the row, or marking a stored one) and says whether this transaction is the first
  to handle it. The mark commits with the update's effects, or rolls back with them. Two
  deliveries of one update at the same time (a webhook retry on another replica): on PostgreSQL
  the second waits on the first's row and then finds it handled; SQLite has one writer.
- ``store`` keeps updates received but not yet handled (polling acknowledges an update to the
  messenger only once it is handled or stored here); ``pending`` gives them back after a restart.
- ``prune`` forgets old marks: messengers redeliver for a day at most.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert, upsert_on
from storage.models import InboxUpdate, utcnow

KEEP_MARKS = dt.timedelta(days=3)


async def claim(session: AsyncSession, platform: str, bot_id: int, update_id: int, *, failed: bool = False) -> bool:
    """Mark the update handled in the caller's transaction; False if it already was (a duplicate).
    One statement."""
    statement = _claim_statement(session.get_bind().dialect.name)
    values = {"the_platform": platform, "the_bot": bot_id, "the_update": update_id, "is_failed": failed}
    values["now"] = utcnow()
    return (await session.execute(statement, values)).first() is not None


@functools.cache
def _claim_statement(dialect: str) -> Any:
    """``claim``'s statement on ``dialect``, built once: every update runs it, and building a
    statement costs more CPU than running it (issue 15)."""
    table: Table = InboxUpdate.__table__  # type: ignore[assignment]  # Core: no ORM step per execution
    now = bindparam("now", type_=table.c.handled_at.type)
    failed = bindparam("is_failed", type_=table.c.failed.type)
    statement = upsert_on(dialect, table).values(
        platform=bindparam("the_platform", type_=table.c.platform.type),
        bot_id=bindparam("the_bot", type_=table.c.bot_id.type),
        update_id=bindparam("the_update", type_=table.c.update_id.type),
        received_at=now,
        handled_at=now,
        failed=failed,
    )
    return statement.on_conflict_do_update(
        index_elements=["platform", "bot_id", "update_id"],
        set_={"handled_at": now, "payload": None, "failed": failed},
        where=table.c.handled_at.is_(None),
    ).returning(table.c.update_id)


async def last_update_id(session: AsyncSession, platform: str, bot_id: int) -> int:
    """The highest update id marked for the bot (0: none)."""
    found = await session.scalar(
        select(func.max(InboxUpdate.update_id)).where(InboxUpdate.platform == platform, InboxUpdate.bot_id == bot_id)
    )
    return int(found or 0)


async def store(
    session: AsyncSession, platform: str, bot_id: int, updates: Sequence[tuple[int, dict[str, Any]]]
) -> None:
    """Keep received updates (update id, the update as JSON) until they are handled; one
    statement. One already known (stored, or handled) is left as it is."""
    if not updates:
        return
    now = utcnow()
    rows = [
        {"platform": platform, "bot_id": bot_id, "update_id": update_id, "payload": payload, "received_at": now}
        for update_id, payload in updates
    ]
    stmt = upsert(session, InboxUpdate).values(rows)
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["platform", "bot_id", "update_id"]))


async def pending(session: AsyncSession, platform: str, bot_id: int) -> list[tuple[int, dict[str, Any]]]:
    """Stored updates not handled yet, oldest first."""
    rows = await session.execute(
        select(InboxUpdate.update_id, InboxUpdate.payload)
        .where(
            InboxUpdate.platform == platform,
            InboxUpdate.bot_id == bot_id,
            InboxUpdate.handled_at.is_(None),
            InboxUpdate.payload.is_not(None),
        )
        .order_by(InboxUpdate.update_id)
    )
    return [(update_id, dict(payload)) for update_id, payload in rows if payload is not None]


async def pending_count(session: AsyncSession) -> int:
    """Stored updates not handled yet, every bot (operators' metrics: a number that keeps growing
    means updates are received and not handled)."""
    count = await session.scalar(
        select(func.count()).where(InboxUpdate.handled_at.is_(None), InboxUpdate.payload.is_not(None))
    )
    return int(count or 0)


async def is_handled(session: AsyncSession, platform: str, bot_id: int, update_id: int) -> bool:
    handled = await session.scalar(
        select(InboxUpdate.handled_at).where(
            InboxUpdate.platform == platform, InboxUpdate.bot_id == bot_id, InboxUpdate.update_id == update_id
        )
    )
    return handled is not None


async def prune(session: AsyncSession, *, older_than: dt.timedelta = KEEP_MARKS) -> int:
    """Forget the marks of updates handled long ago; returns how many."""
    result = await session.execute(delete(InboxUpdate).where(InboxUpdate.handled_at < utcnow() - older_than))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
