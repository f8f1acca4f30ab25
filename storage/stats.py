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
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, Float, Integer, Interval, cast, func, literal, literal_column, select, type_coerce
from sqlalchemy import case as sql_case
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Case, CaseAnswer, WorkflowEvent, utcnow

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


# ---- the chart's figures (issue 23: /stats as a picture) -------------------------------------------

WEEKS = 12
_WEEK_SECONDS = 7 * 86400


@dataclass(frozen=True, slots=True)
class Weekly:
    """Per kind, the files first submitted and the decisions (``exports.DECISIONS``) in each of the
    last ``weeks`` weeks; index 0 is the oldest week, which begins at ``start``."""

    start: dt.datetime
    weeks: int
    submitted: dict[str, list[int]]
    decided: dict[str, list[int]]


def _week_of(column: Any, start: dt.datetime, dialect: str) -> ColumnElement[Any]:
    """The week (0 = the first) a timestamp falls in, counted from ``start``, by the database."""
    if dialect == "postgresql":
        seconds = func.extract("epoch", column - literal(start, DateTime(timezone=True)))
        return cast(func.floor(seconds / _WEEK_SECONDS), Integer())
    days = func.julianday(column) - func.julianday(start.isoformat())
    return cast(days / 7, Integer())


async def weekly(session: AsyncSession, *, weeks: int = WEEKS, now: dt.datetime | None = None) -> Weekly:
    """Submissions (a case's first) and decisions per week and kind: two grouped queries over one
    range of the indexes (``ix_cases_first_submitted``; the events' ``at``)."""
    from storage.exports import DECISIONS

    end = now or utcnow()
    start = end - dt.timedelta(weeks=weeks)
    dialect = session.get_bind().dialect.name
    submitted: dict[str, list[int]] = {}
    decided: dict[str, list[int]] = {}
    week = _week_of(Case.first_submitted_at, start, dialect).label("week")
    rows = await session.execute(
        select(Case.kind, week, func.count())
        .where(Case.first_submitted_at >= start, Case.first_submitted_at < end)
        .group_by(Case.kind, week)
    )
    for kind, n_week, n in rows:
        if 0 <= n_week < weeks:
            submitted.setdefault(kind, [0] * weeks)[n_week] += int(n)
    week = _week_of(WorkflowEvent.at, start, dialect).label("week")
    rows = await session.execute(
        select(Case.kind, week, func.count())
        .join(Case, Case.id == WorkflowEvent.case_id)
        .where(WorkflowEvent.at >= start, WorkflowEvent.at < end, WorkflowEvent.action.in_(DECISIONS))
        .group_by(Case.kind, week)
    )
    for kind, n_week, n in rows:
        if 0 <= n_week < weeks:
            decided.setdefault(kind, [0] * weeks)[n_week] += int(n)
    return Weekly(start, weeks, submitted, decided)


@dataclass(frozen=True, slots=True)
class StepWait:
    """How long after their first submission the files of a kind reached a status: the median
    in days, over the ``count`` files that reached it in the period."""

    kind: str
    status: str
    count: int
    median_days: float


async def step_waits(session: AsyncSession, *, days: int = DEFAULT_DAYS) -> list[StepWait]:
    """Per kind and status reached in the last ``days`` days (a status-changing event after the
    first submission, the applicant's own submissions left out): the median days since the first
    submission. PostgreSQL's ``percentile_cont(0.5)`` per group; on SQLite the waits of the period
    in order, the middle one of each group taken here."""
    since = utcnow() - dt.timedelta(days=days)
    dialect = session.get_bind().dialect.name
    reached = (
        WorkflowEvent.at >= since,
        WorkflowEvent.from_status != WorkflowEvent.to_status,
        WorkflowEvent.actor_kind != "applicant",
        Case.first_submitted_at.is_not(None),
        WorkflowEvent.at >= Case.first_submitted_at,
    )
    if dialect == "postgresql":
        seconds = func.extract("epoch", WorkflowEvent.at - Case.first_submitted_at)
        rows = await session.execute(
            select(
                Case.kind,
                WorkflowEvent.to_status,
                func.count(),
                func.percentile_cont(0.5).within_group(seconds),
            )
            .join(Case, Case.id == WorkflowEvent.case_id)
            .where(*reached)
            .group_by(Case.kind, WorkflowEvent.to_status)
        )
        return [StepWait(kind, status, int(n), float(median) / 86400) for kind, status, n, median in rows]
    wait = (func.julianday(WorkflowEvent.at) - func.julianday(Case.first_submitted_at)).label("wait")
    rows = await session.execute(
        select(Case.kind, WorkflowEvent.to_status, cast(wait, Float))
        .join(Case, Case.id == WorkflowEvent.case_id)
        .where(*reached)
        .order_by(Case.kind, WorkflowEvent.to_status, literal_column("3"))
    )
    groups: dict[tuple[str, str], list[float]] = {}
    for kind, status, value in rows:
        groups.setdefault((kind, status), []).append(float(value))
    return [StepWait(kind, status, len(v), statistics.median(v)) for (kind, status), v in groups.items()]


@dataclass(frozen=True, slots=True)
class Funnel:
    """The applicants' progress through a kind's sections, for the files begun in the period:
    per stage (each section in order, then the confirmation) how many drafts reached it and how
    many stopped there (the furthest they reached); ``submitted`` files went all the way, and
    count as having reached every stage."""

    kind: str
    reached: list[int]  # per stage: len(sections) + 1 stages
    stopped: list[int]
    submitted: int
    begun: int


async def funnel(
    session: AsyncSession, kind: str, sections: Sequence[str], progress: str, *, days: int = DEFAULT_DAYS
) -> Funnel:
    """Over the kind's files begun in the last ``days`` days: how many, how many submitted, and the
    drafts grouped by the furthest stage they reached — a section is reached by an answer in it,
    or by the section before it saved (the draft's ``progress`` record names the sections saved);
    the stage after the last section is the confirmation. Three queries; the grouping by the
    database."""
    since = utcnow() - dt.timedelta(days=days)
    begun = (Case.kind == kind, Case.created_at >= since)
    submitted = int(await session.scalar(select(func.count()).where(*begun, Case.first_submitted_at.is_not(None))) or 0)
    total = int(await session.scalar(select(func.count()).where(*begun)) or 0)
    answered = {section: n for n, section in enumerate(sections)}
    saved = {section: n + 1 for n, section in enumerate(sections)}  # saved: the next stage reached
    stage = sql_case(
        (CaseAnswer.section == progress, sql_case(saved, value=CaseAnswer.name, else_=-1)),
        else_=sql_case(answered, value=CaseAnswer.section, else_=-1),
    )
    furthest = (
        select(CaseAnswer.case_id, func.max(stage).label("furthest"))
        .join(Case, Case.id == CaseAnswer.case_id)
        .where(*begun, Case.first_submitted_at.is_(None))
        .group_by(CaseAnswer.case_id)
        .subquery()
    )
    stops = await session.execute(select(furthest.c.furthest, func.count()).group_by(furthest.c.furthest))
    stages = len(sections) + 1
    stopped = [0] * stages
    for n, count in stops:
        if n is not None and 0 <= int(n) < stages:
            stopped[int(n)] += int(count)
    reached = [submitted + sum(stopped[n:]) for n in range(stages)]
    return Funnel(kind, reached, stopped, submitted, total)
