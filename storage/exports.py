"""The cases staff take out as a spreadsheet (``nezam-bot export``): one row per case.

Dates are filtered and shown by the calendar day in Iran (UTC+03:30; Iran has kept no daylight
saving time since 2022). A case's submission date is its *first* submission; its decision date is
the last approval, rejection or (builder license) sending to the ministry, if any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from scoring.validators import IRAN_TIME
from storage import builder_license
from storage.models import Applicant, Case, LicenseAssessment, Office, WorkflowEvent
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


def _scores(row: LicenseAssessment | None) -> LicenseScores:
    if row is None or row.scored_at is None:
        return LicenseScores()

    def exact(value: Decimal | None) -> Decimal | None:
        return Decimal(value) if value is not None else None

    return LicenseScores(
        exact(row.worksheet3),
        exact(row.worksheet4),
        exact(row.worksheet5),
        exact(row.worksheet6),
        exact(row.total),
        row.grade,
    )


def iran_day_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in Iran, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(), IRAN_TIME)


async def case_rows(
    session: AsyncSession,
    *,
    kind: str | None = None,
    statuses: Sequence[str] = (),
    submitted_from: dt.date | None = None,
    submitted_to: dt.date | None = None,
    with_personal: bool = False,
) -> list[CaseRow]:
    """Cases by first submission (oldest first). Drafts only when ``statuses`` names them; the date
    range (days in Iran, both ends included) keeps only submitted cases."""
    first_submitted = (
        select(func.min(WorkflowEvent.at))
        .where(WorkflowEvent.case_id == Case.id, WorkflowEvent.action == Action.SUBMIT.value)
        .correlate(Case)
        .scalar_subquery()
    )
    decided = (
        select(func.max(WorkflowEvent.at))
        .where(WorkflowEvent.case_id == Case.id, WorkflowEvent.action.in_(DECISIONS))
        .correlate(Case)
        .scalar_subquery()
    )
    office = aliased(Office)
    query = (
        select(
            Case,
            office.name,
            first_submitted.label("first_submitted"),
            decided.label("decided"),
            Applicant,
            LicenseAssessment,
        )
        .join(Applicant, Applicant.id == Case.applicant_id)
        .outerjoin(office, office.id == func.coalesce(Case.office_id, Case.suggested_office_id))
        .outerjoin(LicenseAssessment, LicenseAssessment.case_id == Case.id)
    )
    if kind is not None:
        query = query.where(Case.kind == kind)
    # drafts are the applicants' unfinished work: only when asked for by name
    shown = Case.status.in_(list(statuses)) if statuses else Case.status != Status.DRAFT.value
    query = query.where(shown)
    if submitted_from is not None:
        query = query.where(first_submitted >= iran_day_start(submitted_from))
    if submitted_to is not None:
        query = query.where(first_submitted < iran_day_start(submitted_to + dt.timedelta(days=1)))
    query = query.order_by(first_submitted.is_(None), first_submitted, Case.id)
    rows = []
    for case, office_name, submitted_at, decided_at, applicant, assessment in (await session.execute(query)).all():
        rows.append(
            CaseRow(
                tracking_code=case.tracking_code,
                kind=case.kind,
                status=case.status,
                province=case.province,
                office=office_name,
                submitted_at=submitted_at,
                decided_at=decided_at,
                scores=_scores(assessment) if case.kind == builder_license.KIND else None,
                personal=Personal(applicant.national_code, applicant.mobile, applicant.first_name, applicant.last_name)
                if with_personal
                else None,
            )
        )
    return rows
