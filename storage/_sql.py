"""Small SQL helpers shared by the repositories."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, or_, update
from sqlalchemy.ext.asyncio import AsyncSession


def upsert(session: AsyncSession, model: Any) -> Any:
    """An INSERT that supports ``on_conflict_do_update`` on the session's database."""
    return upsert_on(session.get_bind().dialect.name, model)


def upsert_on(dialect: str, model: Any) -> Any:
    """An INSERT that supports ``on_conflict_do_update`` on ``dialect`` (postgresql, sqlite). Each
    dialect's module is imported by the first use: a process loads only its own database's."""
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(model)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(model)


async def take_lease(
    session: AsyncSession, model: Any, row_id: int, open_: ColumnElement[bool], now: dt.datetime, lease: dt.timedelta
) -> bool:
    """Claim row ``row_id`` of ``model`` (with ``claimed_until`` and ``attempts`` columns) for
    ``lease`` if it is still ``open_`` and nobody holds it: one guarded UPDATE, so of two workers
    exactly one wins. Counts the attempt."""
    result = await session.execute(
        update(model)
        .where(model.id == row_id, open_, or_(model.claimed_until.is_(None), model.claimed_until < now))
        .values(claimed_until=now + lease, attempts=model.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
