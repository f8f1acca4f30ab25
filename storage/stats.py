"""The staff's figures (``/stats``), computed by the database from the case's own columns and
their indexes: what it costs does not grow with the history of every file (issue 30).

- the count of files of a kind in each status: the state of the queues now, read from the queue's
  index (``ix_cases_queue``) without the table;
- the median wait for a first review: for the files of a kind first taken in a period (default the
  last 90 days), first take − first submission (``Case.first_taken_at`` − ``first_submitted_at``),
  as ``first_review_waits`` computed it from the history; PostgreSQL's ``percentile_cont(0.5)``
  over the intervals (the mean of the two middle waits when their number is even, as
  ``statistics.median``), on SQLite the middle rows in order. What it reads grows with the files
  first taken in the period only (one range of ``ix_cases_first_review``, from the index alone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Interval, cast, func, literal_column, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Case, utcnow

DEFAULT_DAYS = 90


@dataclass(frozen=True, slots=True)
class FirstReviews:
    """How many files of a kind were first taken for review in the period, and the median wait
    from their first submission (None when there were none)."""

    count: int
    median: dt.timedelta | None


def _wait_seconds() -> ColumnElement[Any]:
    """On SQLite, which keeps the timestamps as text: julianday reads them (fractions of a second
    included)."""
    return (func.julianday(Case.first_taken_at) - func.julianday(Case.first_submitted_at)) * literal_column("86400.0")


async def first_reviews(session: AsyncSession, kind: str, *, days: int = DEFAULT_DAYS) -> FirstReviews:
    """The files of ``kind`` first taken in the last ``days`` days: their number and median wait.
    One range of ``ix_cases_first_review`` (kind, first take), read from the index."""
    since = utcnow() - dt.timedelta(days=days)
    dialect = session.get_bind().dialect.name
    taken = (Case.kind == kind, Case.first_taken_at >= since, Case.first_submitted_at.is_not(None))
    if dialect == "postgresql":
        # ordered as intervals: EXTRACT(EPOCH …) is numeric since PostgreSQL 14, ~3× slower to sort
        waits = type_coerce(Case.first_taken_at - Case.first_submitted_at, Interval())
        row = (
            await session.execute(select(func.count(), func.percentile_cont(0.5).within_group(waits)).where(*taken))
        ).one()
        count = int(row[0])
        return FirstReviews(count, _to_millisecond(row[1]) if row[1] is not None else None)
    count = int(await session.scalar(select(func.count()).where(*taken)) or 0)
    median = None
    if count:
        ordered = select(cast(_wait_seconds(), Float)).where(*taken).order_by(literal_column("1"))
        middle = list(await session.scalars(ordered.limit(2 - count % 2).offset((count - 1) // 2)))
        median = sum(middle) / len(middle)
    return FirstReviews(count, _to_millisecond(dt.timedelta(seconds=median)) if median is not None else None)


def _to_millisecond(wait: dt.timedelta) -> dt.timedelta:
    """SQLite's julianday carries a few microseconds of floating-point noise: both to the millisecond."""
    return dt.timedelta(seconds=round(wait.total_seconds(), 3))
