"""The organization's side of a builder-license file (spec/builder-license.md "Workflow"; issue 12),
saved as the staff work on it:

- documents review: each project's grey part (the applicant's own start and end, accepted or not,
  the area and record type accepted), the amount accepted for each item of worksheet 5, and
  worksheet 6's marks. Every change is guarded by the assessment's own version — of two reviewers
  changing it at once exactly one wins, the other gets ``AlreadyHandled`` naming who — and goes
  into the history (``LicenseAction.ASSESS``) with the reviewer and the note the dialog writes (claimed →
  accepted). The case's own version is left alone: the buttons the staff chat holds stay good.
- the score kept when documents review ends (worksheets 3–7; the export's columns);
- the inquiries: their letters, numbered from the organization's sequence (one per Jalali year),
  one letter per kind and file (asking again gives the same letter), and the reply staff record
  for each (finance may record unpaid dues before issuing any certificate);
- the license the ministry issued (number, grade, date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.issued import letter_number, next_letter_number
from storage.models import (
    Case,
    LicenseAssessment,
    LicenseFinanceItem,
    LicenseInquiry,
    LicenseProject,
    utcnow,
)
from storage.workflow import Actor, IllegalTransition, already_handled, record_event

KIND = "builder_license"  # the application's kind (``cases.kind``)


class LicenseStatus(StrEnum):
    """The builder license's own statuses (spec/builder-license.md "Workflow"), besides the shared ones."""

    DOCUMENTS_REVIEW = "documents_review"
    INQUIRIES = "inquiries"
    SCORED = "scored"
    MANAGER_APPROVAL = "manager_approval"
    SENT_TO_MINISTRY = "sent_to_ministry"
    CLOSED = "closed"
    REVOKED = "revoked"  # the license issued, revoked by the technical manager (issue 27)


class LicenseAction(StrEnum):
    """The builder license's own steps, besides the shared ones."""

    ADVANCE = "advance"  # the next review step
    REVISE = "revise"  # the technical manager sends it back to documents review
    SEND_TO_MINISTRY = "send_to_ministry"
    CLOSE = "close"  # the license issued is recorded
    REVOKE = "revoke"  # the license issued is revoked (its notice's verification says so)
    ASSESS = "assess"  # not a status change: the grey part, an amount, a mark (logged)
    LETTER = "letter"  # not a status change: a letter issued (logged)
    INQUIRY_REPLY = "inquiry_reply"  # not a status change: an inquiry's reply (logged)


class Inquiry(StrEnum):
    """The inquiries and their letters (spec "Letters the organization issues"; documents checklist 2, 7, 8)."""

    DISCIPLINARY = "disciplinary"  # to the disciplinary council, signed by the technical manager
    FINANCE = "finance"  # the finance office's settlement certificate (برگ تسویه حساب)
    EXECUTION = "execution"  # the builders unit's execution-works inquiry


class Reply(StrEnum):
    CLEAR = "clear"
    RECORD = "record"  # a record was found (a file at the council, dues unpaid, a violation)


# the grey part of a project a reviewer may set
GREY = (
    "accepted",
    "accepted_area_m2",
    "accepted_record_type",
    "own_start_date",
    "own_end_date",
    "desirability_factor",
    "total_factor",
    "attachment_number",
)


@dataclass(frozen=True, slots=True)
class KeptScore:
    """The score of the accepted figures, kept when documents review ended."""

    worksheets: Mapping[str, Decimal]  # "3" … "6"
    total: Decimal
    grade: int | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class AssessmentInfo:
    case_id: int
    version: int
    marks: tuple[int | None, ...]
    kept: KeptScore | None = None
    issued_number: str | None = None  # the license the ministry issued
    issued_grade: int | None = None
    issued_date: dt.date | None = None
    # worksheet 6: the attachment number of each criterion's documents (seed 003: مدرک پیوست شماره)
    mark_attachments: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class LetterInfo:
    """An inquiry of the file: its letter (number None: not issued) and its reply."""

    id: int
    case_id: int
    kind: str
    number: str | None
    issued_at: dt.datetime | None
    issued_by: int | None
    settled_year: int | None
    reply: str | None
    reply_note: str | None
    reply_document_id: int | None
    replied_at: dt.datetime | None
    replied_by: int | None

    @property
    def clear(self) -> bool:
        return self.reply == Reply.CLEAR

    @property
    def issued(self) -> bool:
        return self.number is not None


def _assessment(row: LicenseAssessment) -> AssessmentInfo:
    kept = None
    if row.scored_at is not None and row.total is not None:
        kept = KeptScore(
            {ws: Decimal(getattr(row, f"worksheet{ws}") or 0) for ws in ("3", "4", "5", "6")},
            Decimal(row.total),
            row.grade,
            row.scored_at,
        )
    return AssessmentInfo(
        row.case_id,
        row.version,
        tuple(row.marks or ()),
        kept,
        row.issued_number,
        row.issued_grade,
        row.issued_date,
        tuple(row.mark_attachments or ()),
    )


def _letter(row: LicenseInquiry) -> LetterInfo:
    return LetterInfo(**{f.name: getattr(row, f.name) for f in fields(LetterInfo)})


async def get_assessment(session: AsyncSession, case_id: int) -> AssessmentInfo:
    """The file's assessment (version 1 and nothing judged before the first change)."""
    row = await session.get(LicenseAssessment, case_id, populate_existing=True)
    return _assessment(row) if row is not None else AssessmentInfo(case_id, 1, ())


async def _row(session: AsyncSession, case_id: int) -> LicenseAssessment:
    stmt = upsert(session, LicenseAssessment).values(case_id=case_id, version=1, marks=[], updated_at=utcnow())
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["case_id"]))
    row = await session.get(LicenseAssessment, case_id, populate_existing=True)
    assert row is not None
    return row


async def _change(session: AsyncSession, case_id: int, expected_version: int) -> int:
    """Claim the next version of the assessment, or raise: a file not in documents review cannot
    be assessed (``IllegalTransition``); someone else changed it first (``AlreadyHandled``)."""
    status = await session.scalar(
        select(Case.status).where(Case.id == case_id).execution_options(populate_existing=True)
    )
    if status != LicenseStatus.DOCUMENTS_REVIEW:
        raise IllegalTransition(KIND, LicenseAction.ASSESS.value, str(status))
    await _row(session, case_id)
    result = await session.execute(
        update(LicenseAssessment)
        .where(LicenseAssessment.case_id == case_id, LicenseAssessment.version == expected_version)
        .values(version=expected_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise await already_handled(session, case_id, LicenseAction.ASSESS)
    return expected_version + 1


async def judge_project(
    session: AsyncSession,
    case_id: int,
    project_id: int,
    actor: Actor,
    *,
    expected_version: int,
    note: str,
    **grey: Any,
) -> int:
    """Set part of a project's grey part (``GREY``); returns the assessment's new version."""
    unknown = set(grey) - set(GREY)
    if unknown:
        raise ValueError(f"not the grey part: {sorted(unknown)}")
    version = await _change(session, case_id, expected_version)
    await session.execute(
        update(LicenseProject)
        .where(LicenseProject.id == project_id, LicenseProject.case_id == case_id)
        .values(**grey)
        .execution_options(synchronize_session=False)
    )
    await record_event(session, case_id, LicenseAction.ASSESS, actor, note=note)
    return version


async def accept_amount(
    session: AsyncSession,
    case_id: int,
    item: str,
    amount: Decimal,
    actor: Actor,
    *,
    expected_version: int,
    note: str,
) -> int:
    """The amount of a worksheet-5 item documents review accepts (verified); the new version."""
    version = await _change(session, case_id, expected_version)
    await session.execute(
        update(LicenseFinanceItem)
        .where(LicenseFinanceItem.case_id == case_id, LicenseFinanceItem.item == item)
        .values(accepted_amount=amount, verified=True)
        .execution_options(synchronize_session=False)
    )
    await record_event(session, case_id, LicenseAction.ASSESS, actor, note=note)
    return version


_T = TypeVar("_T")


def _placed(values: list[_T | None] | None, criteria: int, criterion: int, value: _T) -> list[_T | None]:
    """Worksheet 6's per-criterion list (a new list: the JSON column sees the change), as long as
    the criteria, with ``value`` at ``criterion``."""
    placed: list[_T | None] = list(values or [])
    placed += [None] * (criteria - len(placed))
    placed[criterion] = value
    return placed


async def set_mark(
    session: AsyncSession,
    case_id: int,
    criterion: int,
    mark: int,
    actor: Actor,
    *,
    criteria: int,
    expected_version: int,
    note: str,
) -> int:
    """Worksheet 6: the mark of criterion ``criterion`` (0-based, of ``criteria``); the new version."""
    version = await _change(session, case_id, expected_version)
    row = await _row(session, case_id)
    row.marks = _placed(row.marks, criteria, criterion, mark)
    await session.flush()
    await record_event(session, case_id, LicenseAction.ASSESS, actor, note=note)
    return version


async def set_mark_attachment(
    session: AsyncSession,
    case_id: int,
    criterion: int,
    attachment: str,
    actor: Actor,
    *,
    criteria: int,
    expected_version: int,
    note: str,
) -> int:
    """Worksheet 6: the attachment number of criterion ``criterion``'s documents; the new version."""
    version = await _change(session, case_id, expected_version)
    row = await _row(session, case_id)
    row.mark_attachments = _placed(row.mark_attachments, criteria, criterion, attachment)
    await session.flush()
    await record_event(session, case_id, LicenseAction.ASSESS, actor, note=note)
    return version


async def keep_score(
    session: AsyncSession, case_id: int, worksheets: Mapping[str, Decimal], total: Decimal, grade: int | None
) -> None:
    """The score of the accepted figures as documents review ended (kept for worksheet 7, the
    dossier and the export)."""
    row = await _row(session, case_id)
    for ws in ("3", "4", "5", "6"):
        setattr(row, f"worksheet{ws}", worksheets[ws])
    row.total, row.grade, row.scored_at, row.updated_at = total, grade, utcnow(), utcnow()
    await session.flush()


async def record_issued_license(session: AsyncSession, case_id: int, number: str, grade: int, date: dt.date) -> None:
    """The license the ministry issued."""
    row = await _row(session, case_id)
    row.issued_number, row.issued_grade, row.issued_date, row.updated_at = number, grade, date, utcnow()
    await session.flush()


# ---- letters -------------------------------------------------------------------------------------


async def letter(session: AsyncSession, case_id: int, kind: Inquiry) -> LetterInfo | None:
    row = await session.scalar(
        select(LicenseInquiry)
        .where(LicenseInquiry.case_id == case_id, LicenseInquiry.kind == kind.value)
        .execution_options(populate_existing=True)
    )
    return _letter(row) if row is not None else None


async def letters(session: AsyncSession, case_id: int) -> list[LetterInfo]:
    rows = await session.scalars(
        select(LicenseInquiry).where(LicenseInquiry.case_id == case_id).order_by(LicenseInquiry.id)
    )
    return [_letter(r) for r in rows]


async def _inquiry(session: AsyncSession, case_id: int, kind: Inquiry) -> LicenseInquiry:
    stmt = upsert(session, LicenseInquiry).values(case_id=case_id, kind=kind.value)
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["case_id", "kind"]))
    row = await session.scalar(
        select(LicenseInquiry)
        .where(LicenseInquiry.case_id == case_id, LicenseInquiry.kind == kind.value)
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


async def issue_letter(
    session: AsyncSession,
    case_id: int,
    kind: Inquiry,
    actor: Actor,
    *,
    year: int,
    settled_year: int | None = None,
    note: Callable[[str], str],
) -> tuple[LetterInfo, bool]:
    """The file's letter of ``kind``: issued now with the next number and logged (``note``: the
    history's line for its number), or the one issued before (``False``: nothing new)."""
    status = await session.scalar(
        select(Case.status).where(Case.id == case_id).execution_options(populate_existing=True)
    )
    if status != LicenseStatus.INQUIRIES:
        raise IllegalTransition(KIND, LicenseAction.LETTER.value, str(status))
    row = await _inquiry(session, case_id, kind)
    if row.number is not None:
        return _letter(row), False
    number = letter_number(year, await next_letter_number(session, year))
    result = await session.execute(
        update(LicenseInquiry)
        .where(LicenseInquiry.id == row.id, LicenseInquiry.number.is_(None))
        .values(number=number, issued_at=utcnow(), issued_by=actor.staff_id, settled_year=settled_year)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # issued at the same moment by someone else
        raise await already_handled(session, case_id, LicenseAction.LETTER)
    await record_event(session, case_id, LicenseAction.LETTER, actor, note=note(number))
    found = await letter(session, case_id, kind)
    assert found is not None
    return found, True


async def record_reply(
    session: AsyncSession,
    case_id: int,
    kind: Inquiry,
    reply: Reply,
    actor: Actor,
    *,
    note: str,
    reply_note: str | None = None,
    document_id: int | None = None,
) -> LetterInfo:
    """The reply to an inquiry (clear, or a record found), logged. Guarded by the reply before:
    recording "clear" on an inquiry already clear raises ``AlreadyHandled`` naming who did."""
    status = await session.scalar(
        select(Case.status).where(Case.id == case_id).execution_options(populate_existing=True)
    )
    if status != LicenseStatus.INQUIRIES:
        raise IllegalTransition(KIND, LicenseAction.INQUIRY_REPLY.value, str(status))
    await _inquiry(session, case_id, kind)
    guard = LicenseInquiry.reply.is_(None) | (LicenseInquiry.reply != reply.value)
    result = await session.execute(
        update(LicenseInquiry)
        .where(LicenseInquiry.case_id == case_id, LicenseInquiry.kind == kind.value, guard)
        .values(
            reply=reply.value,
            reply_note=reply_note,
            reply_document_id=document_id,
            replied_at=utcnow(),
            replied_by=actor.staff_id,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise await already_handled(session, case_id, LicenseAction.INQUIRY_REPLY)
    await record_event(session, case_id, LicenseAction.INQUIRY_REPLY, actor, note=note)
    found = await letter(session, case_id, kind)
    assert found is not None
    return found


async def all_clear(session: AsyncSession, case_id: int) -> bool:
    """Every inquiry of the spec answered clear."""
    replies = {found.kind: found.clear for found in await letters(session, case_id)}
    return all(replies.get(kind.value, False) for kind in Inquiry)
