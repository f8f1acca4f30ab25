"""The cases staff take out as a spreadsheet (``nezam-bot export``, an admin's ``/export``): one
row per case, read in batches (``stream_case_rows``) so that nothing holds them all.

Dates are filtered and shown by the calendar day in Iran (UTC+03:30; Iran has kept no daylight
saving time since 2022). A case's submission date is its *first* submission; its decision date is
the last approval, rejection or (builder license) sending to the ministry, if any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from scoring.validators import IRAN_TIME
from storage import builder_license
from storage.models import Applicant, Case, LicenseAssessment, Office, WorkflowEvent
from storage.scope import restrict, scope
from storage.workflow import Action, Status

DECISIONS = (Action.APPROVE.value, Action.REJECT.value, builder_license.LicenseAction.SEND_TO_MINISTRY.value)


@dataclass(frozen=True, slots=True)
class Personal:
    """Only in the admin export (``with_personal``)."""

    national_code: str
    mobile: str | None
    first_name: str | None
    last_name: str | None


@dataclass(frozen=True, slots=True)
class LicenseScores:
    """Builder-license points per worksheet, total and grade, as kept when documents review
    ended (every field None before that)."""

    worksheet3: Decimal | None = None
    worksheet4: Decimal | None = None
    worksheet5: Decimal | None = None
    worksheet6: Decimal | None = None
    total: Decimal | None = None
    grade: int | None = None


@dataclass(frozen=True, slots=True)
class CaseRow:
    tracking_code: str
    kind: str
    status: str
    province: str | None  # ISO code
    office: str | None  # the office staff set, else the one the applicant suggested
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    scores: LicenseScores | None  # builder-license files only
    personal: Personal | None


def iran_day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in Iran, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(), IRAN_TIME)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """Which cases an export holds: of ``kind`` (any when None), in ``statuses`` (all but drafts
    when empty: drafts only when named), first submitted within the days in Iran ``submitted_from``
    … ``submitted_to`` (both included; only submitted cases then); names, national codes and
    mobile numbers only ``with_personal``."""

    kind: str | None = None
    statuses: tuple[str, ...] = ()
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    with_personal: bool = False
    # the provinces of the staff member who asked (``storage.scope``); None: every province
    provinces: tuple[str, ...] | None = None


BATCH = 2000  # rows handed over at a time (and fetched from the server-side cursor at a time)

# The decision date of every decided case, in one pass over the decisions (a hash aggregate the
# export's query joins): a correlated max() per row was one index probe per case — with the
# events' heap pages visited too, 0.1 ms each, ~20 s of the 200,000-case export (issue 30).
_decisions = (
    select(WorkflowEvent.case_id, func.max(WorkflowEvent.at).label("decided_at"))
    .where(WorkflowEvent.action.in_(DECISIONS))
    .group_by(WorkflowEvent.case_id)
    .subquery("decisions")
)
_office = aliased(Office)
_SCORES = (
    LicenseAssessment.worksheet3,
    LicenseAssessment.worksheet4,
    LicenseAssessment.worksheet5,
    LicenseAssessment.worksheet6,
    LicenseAssessment.total,
    LicenseAssessment.grade,
    LicenseAssessment.scored_at,
)
_PERSONAL = (Applicant.national_code, Applicant.mobile, Applicant.first_name, Applicant.last_name)


def _select(wanted: CaseFilter) -> Select[Any]:
    columns: list[Any] = [
        Case.id,
        Case.tracking_code,
        Case.kind,
        Case.status,
        Case.province,
        _office.name,
        Case.first_submitted_at,
        _decisions.c.decided_at,
        *_SCORES,
    ]
    columns += _PERSONAL if wanted.with_personal else ()
    query: Select[Any] = select(*columns)
    query = query.outerjoin(_office, _office.id == func.coalesce(Case.office_id, Case.suggested_office_id))
    query = query.outerjoin(LicenseAssessment, LicenseAssessment.case_id == Case.id)
    query = query.outerjoin(_decisions, _decisions.c.case_id == Case.id)
    if wanted.with_personal:
        query = query.join(Applicant, Applicant.id == Case.applicant_id)
    if wanted.provinces is not None:
        query = query.where(Case.province.in_(wanted.provinces))
    if wanted.kind is not None:
        query = query.where(Case.kind == wanted.kind)
    # drafts are the applicants' unfinished work: only when asked for by name
    shown = Case.status.in_(wanted.statuses) if wanted.statuses else Case.status != Status.DRAFT.value
    query = query.where(shown)
    if wanted.submitted_from is not None:
        query = query.where(Case.first_submitted_at >= iran_day_start(wanted.submitted_from))
    if wanted.submitted_to is not None:
        query = query.where(Case.first_submitted_at < iran_day_start(wanted.submitted_to + dt.timedelta(days=1)))
    return query


def _exact(value: Decimal | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _row(row: Sequence[Any], with_personal: bool) -> CaseRow:
    (_, code, kind, status, where, office, submitted, decided, w3, w4, w5, w6, total, grade, scored_at, *personal) = row
    scores = None
    if kind == builder_license.KIND:
        scores = (
            LicenseScores(_exact(w3), _exact(w4), _exact(w5), _exact(w6), _exact(total), grade)
            if scored_at is not None
            else LicenseScores()
        )
    return CaseRow(
        tracking_code=code,
        kind=kind,
        status=status,
        province=where,
        office=office,
        submitted_at=submitted,
        decided_at=decided,
        scores=scores,
        personal=Personal(*personal) if with_personal else None,
    )


async def stream_case_rows(
    session: AsyncSession, wanted: CaseFilter = CaseFilter(), *, batch: int = BATCH
) -> AsyncIterator[list[CaseRow]]:
    """The cases ``wanted``, by first submission (oldest first, the never submitted last, by id),
    ``batch`` at a time: one query read through a server-side cursor (asyncpg's, fetching
    ``batch`` rows a round trip; aiosqlite steps the statement), so memory stays the same however
    many cases there are, and each row's values are computed once, in the database (issue 30).
    One statement, not a batch per query: the decision dates are aggregated once for the whole
    export instead of once per batch or per row.
    ``wanted.provinces``: those provinces' files only (issue 25). The statement is executed on the
    connection, below the ORM's ``do_orm_execute`` hook that scopes a staff session
    (``storage.scope``), so the scope is written into the statement itself: the provinces asked
    for, narrowed by the session's own scope when it has one."""
    restrict(session, wanted.provinces)
    held = scope(session)
    if held is not None:
        wanted = replace(wanted, provinces=tuple(sorted(held)))
    # ASC NULLS LAST is PostgreSQL's own order (and ix_cases_first_submitted's); SQLite puts NULLs
    # first unless told
    order = (Case.first_submitted_at.asc().nulls_last(), Case.id)
    query = _select(wanted).order_by(*order).execution_options(yield_per=batch)
    # the connection's (Core) execution: the rows as the driver gives them, without the ORM's
    # loading machinery per row (with the row unpacked once: 3.0 → 2.1 s of CPU for 183,000 rows)
    result = await (await session.connection()).stream(query)
    with_personal = wanted.with_personal
    async for rows in result.partitions(batch):
        yield [_row(r, with_personal) for r in rows]


async def case_rows(
    session: AsyncSession,
    *,
    kind: str | None = None,
    statuses: Sequence[str] = (),
    submitted_from: dt.date | None = None,
    submitted_to: dt.date | None = None,
    with_personal: bool = False,
) -> list[CaseRow]:
    """Every case ``stream_case_rows`` gives, in one list (a few cases: tests, small tools)."""
    wanted = CaseFilter(kind, tuple(statuses), submitted_from, submitted_to, with_personal)
    return [row async for rows in stream_case_rows(session, wanted) for row in rows]
