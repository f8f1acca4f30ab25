"""What is kept, and for how long (issue 28).

- A **draft** nobody has touched for ``Policy.draft_days`` is deleted — its answers, items,
  documents and their files, the position of whoever was in it, and the applicant's identity when
  nothing else holds it — but only once its applicant was told, ``notice_days`` before, how to
  keep it: any answer, or the notice's "keep" button, starts its time again.
- A **rejected** file's documents (rows and files) are deleted ``Policy.rejected_days`` after the
  rejection; the case, its answers and its history are kept, marked ``documents_deleted_at``.
- An applicant may delete their own draft at any time (``delete_draft`` with ``applicant_id``).

A draft is *touched* when it is created or changed (``cases.updated_at``), when an answer is
saved (``case_answers.updated_at``), a document received (``documents.uploaded_at``), or the
dialog position of one of its applicant's messenger users moves (``messenger_users.position_at``,
written with the position itself): every answer moves the position or saves a row.

Files are removed from disk after the deleting transaction has committed: it records each file
in ``file_deletions``; ``sweep_files`` removes those no document refers to any more (the same
bytes may belong to another file: the store keeps one copy).

Functions take a session and never commit, like every repository; ``now`` makes the clock
controllable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import counts
from storage._sql import upsert
from storage.models import (
    Applicant,
    Base,
    Case,
    CaseAnswer,
    Document,
    FileDeletion,
    MessengerUser,
    WorkflowEvent,
    utcnow,
)
from storage.workflow import Status

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Policy:
    draft_days: int = 180  # DRAFT_RETENTION_DAYS (0: drafts are kept)
    rejected_days: int = 730  # REJECTED_RETENTION_DAYS (0: a rejected file's documents are kept)
    notice_days: int = 14  # the applicant is told this long before their draft goes

    def __post_init__(self) -> None:
        if self.draft_days and self.draft_days <= self.notice_days:
            raise ValueError(f"drafts must be kept longer than the {self.notice_days} days of notice")


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft retention looks at (ids and dates only: what an operator's listing may show)."""

    case_id: int
    kind: str
    tracking_code: str
    messenger_user_id: int
    touched_at: dt.datetime  # the last time anything of it changed
    notice_at: dt.datetime | None  # when its applicant was told (for this idle spell), if they were
    documents: int

    def deleted_on(self, policy: Policy, now: dt.datetime) -> dt.datetime:
        """When it goes if nobody touches it: its time is up, and the notice is 14 days old."""
        told = self.notice_at if self.notice_at is not None and self.noticed else now
        return max(self.touched_at + policy.draft_days * DAY, told + policy.notice_days * DAY)

    @property
    def noticed(self) -> bool:
        """Told since it was last touched (a notice of an earlier idle spell does not count)."""
        return self.notice_at is not None and self.notice_at >= self.touched_at


@dataclass(frozen=True, slots=True)
class RejectedFile:
    case_id: int
    kind: str
    tracking_code: str
    rejected_at: dt.datetime
    documents: int


@dataclass(frozen=True)
class Plan:
    """What a retention round does now: who is told, which drafts go, whose documents go."""

    notices: tuple[Draft, ...]
    drafts: tuple[Draft, ...]
    rejected: tuple[RejectedFile, ...]


@dataclass(frozen=True, slots=True)
class DeletedDraft:
    case_id: int
    kind: str
    answers: int  # rows of answers and of items (degrees, family, projects …) deleted
    documents: int
    files: int  # files recorded for removal from disk
    identity: bool  # the applicant's identity went too (nothing else held it)


# ---- when was a draft last touched --------------------------------------------------------------


def _untouched_since(cutoff: dt.datetime) -> list[ColumnElement[bool]]:
    """Conditions on ``Case``: nothing of the draft changed at or after ``cutoff``."""
    return [
        Case.created_at < cutoff,
        Case.updated_at < cutoff,
        ~exists().where(CaseAnswer.case_id == Case.id, CaseAnswer.updated_at >= cutoff),
        ~exists().where(Document.case_id == Case.id, Document.uploaded_at >= cutoff),
        ~exists().where(
            or_(MessengerUser.applicant_id == Case.applicant_id, MessengerUser.id == Case.messenger_user_id),
            MessengerUser.position_at >= cutoff,
        ),
    ]


async def _touched(session: AsyncSession, rows: Sequence[Case]) -> dict[int, dt.datetime]:
    """The last time each of these drafts was touched."""
    touched = {c.id: max(c.created_at, c.updated_at) for c in rows}
    ids = list(touched)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        latest = [
            select(CaseAnswer.case_id, func.max(CaseAnswer.updated_at))
            .where(CaseAnswer.case_id.in_(chunk))
            .group_by(CaseAnswer.case_id),
            select(Document.case_id, func.max(Document.uploaded_at))
            .where(Document.case_id.in_(chunk))
            .group_by(Document.case_id),
            select(Case.id, func.max(MessengerUser.position_at))
            .join(
                MessengerUser,
                or_(MessengerUser.applicant_id == Case.applicant_id, MessengerUser.id == Case.messenger_user_id),
            )
            .where(Case.id.in_(chunk))
            .group_by(Case.id),
        ]
        for query in latest:
            for case_id, at in (await session.execute(query)).all():
                if at is not None and at > touched[case_id]:
                    touched[case_id] = at
    return touched


async def _document_counts(session: AsyncSession, ids: Sequence[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        rows = await session.execute(
            select(Document.case_id, func.count())
            .where(Document.case_id.in_(ids[start : start + 500]))
            .group_by(Document.case_id)
        )
        counts.update({case_id: int(n) for case_id, n in rows.all()})
    return counts


async def idle_drafts(session: AsyncSession, policy: Policy, now: dt.datetime) -> list[Draft]:
    """Drafts nobody touched for at least ``draft_days - notice_days`` days (oldest first): those
    whose applicant is to be told, or has been."""
    if not policy.draft_days:
        return []
    return await drafts_untouched_since(session, now - (policy.draft_days - policy.notice_days) * DAY)


async def drafts_untouched_since(session: AsyncSession, cutoff: dt.datetime) -> list[Draft]:
    """Drafts nothing of which changed at or after ``cutoff`` (oldest first), with the time each was
    last touched — the one notion of an idle draft, shared by retention and the reminders (issue 24)."""
    rows = list(
        await session.scalars(
            select(Case).where(Case.status == Status.DRAFT.value, *_untouched_since(cutoff)).order_by(Case.id)
        )
    )
    touched = await _touched(session, rows)
    documents = await _document_counts(session, [c.id for c in rows])
    drafts = [_draft(c, touched[c.id], documents.get(c.id, 0)) for c in rows]
    return sorted(drafts, key=lambda d: (d.touched_at, d.case_id))


def _draft(case: Case, touched_at: dt.datetime, documents: int) -> Draft:
    return Draft(
        case.id, case.kind, case.tracking_code, case.messenger_user_id, touched_at, case.retention_notice_at, documents
    )


def due_for_deletion(draft: Draft, policy: Policy, now: dt.datetime) -> bool:
    return bool(policy.draft_days) and draft.noticed and draft.deleted_on(policy, now) <= now


async def rejected_due(session: AsyncSession, policy: Policy, now: dt.datetime) -> list[RejectedFile]:
    """Rejected files rejected more than ``rejected_days`` ago whose documents are still kept."""
    if not policy.rejected_days:
        return []
    rejected_at = (
        select(func.max(WorkflowEvent.at))
        .where(WorkflowEvent.case_id == Case.id, WorkflowEvent.to_status == Status.REJECTED.value)
        .scalar_subquery()
    )
    rows = (
        await session.execute(
            select(Case.id, Case.kind, Case.tracking_code, rejected_at)
            .where(
                Case.status == Status.REJECTED.value,
                Case.documents_deleted_at.is_(None),
                exists().where(Document.case_id == Case.id),
                rejected_at < now - policy.rejected_days * DAY,
            )
            .order_by(Case.id)
        )
    ).all()
    documents = await _document_counts(session, [r[0] for r in rows])
    return [RejectedFile(r[0], r[1], r[2], r[3], documents.get(r[0], 0)) for r in rows]


async def plan(session: AsyncSession, policy: Policy, now: dt.datetime | None = None) -> Plan:
    """What a round would do at ``now`` (``nezam-bot retention --dry-run`` lists it)."""
    now = now or utcnow()
    idle = await idle_drafts(session, policy, now)
    return Plan(
        notices=tuple(d for d in idle if not d.noticed),
        drafts=tuple(d for d in idle if due_for_deletion(d, policy, now)),
        rejected=tuple(await rejected_due(session, policy, now)),
    )


# ---- the notice ----------------------------------------------------------------------------------


async def mark_noticed(session: AsyncSession, draft: Draft, now: dt.datetime | None = None) -> bool:
    """Record that the draft's applicant is told now; False if someone else recorded it first
    (another replica's round) or the draft is no longer one. The notice message is recorded in the
    same transaction only when this is True: told once."""
    notice = Case.retention_notice_at
    seen = notice.is_(None) if draft.notice_at is None else notice == draft.notice_at
    result = await session.execute(
        update(Case)
        .where(Case.id == draft.case_id, Case.status == Status.DRAFT.value, seen)
        .values(retention_notice_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def keep_draft(session: AsyncSession, case_id: int, applicant_id: int) -> bool:
    """The applicant chose to keep their draft (the notice's button): its time starts again."""
    result = await session.execute(
        update(Case)
        .where(Case.id == case_id, Case.applicant_id == applicant_id, Case.status == Status.DRAFT.value)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


# ---- deleting ------------------------------------------------------------------------------------


def _referencing(target: Column[Any]) -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) with a foreign key to ``target``, children before parents: rows are
    deleted in an order the database accepts, whatever ``ondelete`` a table declares — a table a
    new application adds is covered without a change here."""
    found = []
    for table in reversed(Base.metadata.sorted_tables):
        for fk in table.foreign_keys:
            if fk.column is target and fk.parent.table is table:
                found.append((table, fk.parent))
    return found


_CASE_ID = Base.metadata.tables["cases"].c.id
_DOCUMENT_ID = Base.metadata.tables["documents"].c.id
_APPLICANT_ID = Base.metadata.tables["applicants"].c.id


async def _files_of(session: AsyncSession, condition: object) -> set[str]:
    rows = (await session.execute(select(Document.file_key, Document.thumbnail_key).where(condition))).all()  # type: ignore[arg-type]
    return {key for row in rows for key in row if key}


async def _forget_files(session: AsyncSession, keys: Iterable[str]) -> int:
    """Record files for removal from disk once this transaction has committed. The time is the
    real one, whatever clock the round runs on: it is compared with the files' own times."""
    now = utcnow()
    count = 0
    for key in sorted(set(keys)):
        stmt = upsert(session, FileDeletion).values(file_key=key, requested_at=now)
        await session.execute(stmt.on_conflict_do_update(index_elements=["file_key"], set_={"requested_at": now}))
        count += 1
    return count


async def _detach_documents(session: AsyncSession, ids: list[int]) -> None:
    """Rows that point at these documents from elsewhere (an inquiry's reply) let go of them."""
    if not ids:
        return
    for table, column in _referencing(_DOCUMENT_ID):
        if table is Document.__table__:
            continue
        if column.nullable:
            await session.execute(update(table).where(column.in_(ids)).values({column.name: None}))
        else:
            await session.execute(delete(table).where(column.in_(ids)))


async def delete_draft(
    session: AsyncSession,
    case_id: int,
    *,
    applicant_id: int | None = None,
    policy: Policy | None = None,
    now: dt.datetime | None = None,
) -> DeletedDraft | None:
    """Delete a draft whole: its answers, items, documents (their files recorded for removal), the
    position of its users that points into it, and the applicant's identity if it was not yet
    locked and nothing else holds it. None (nothing changed) when it is not a draft (any more), not
    ``applicant_id``'s own, or — with ``policy`` (retention) — no longer due: touched since, or
    submitted, while this was waiting for the case's lock."""
    now = now or utcnow()
    case = (
        await session.execute(
            select(Case)
            .where(Case.id == case_id)
            .with_for_update()  # a concurrent answer commits first, and counts (PostgreSQL)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if case is None or case.status != Status.DRAFT.value:
        return None
    if applicant_id is not None and case.applicant_id != applicant_id:
        return None
    if policy is not None:
        draft = _draft(case, (await _touched(session, [case]))[case.id], 0)
        if not due_for_deletion(draft, policy, now):
            return None
    kind, owner, messenger_user_id = case.kind, case.applicant_id, case.messenger_user_id
    files = await _files_of(session, Document.case_id == case_id)
    document_ids = list(await session.scalars(select(Document.id).where(Document.case_id == case_id)))
    await _detach_documents(session, document_ids)
    rows = 0
    for table, column in _referencing(_CASE_ID):
        result = await session.execute(delete(table).where(column == case_id))
        if table is not Document.__table__:
            rows += int(result.rowcount or 0)  # type: ignore[attr-defined]
    await session.execute(delete(Case).where(Case.id == case_id).execution_options(synchronize_session=False))
    await counts.removed(session, kind, Status.DRAFT.value)  # /stats and the metrics (issue 30)
    users = (
        await session.execute(
            select(MessengerUser.id, MessengerUser.position).where(
                or_(MessengerUser.applicant_id == owner, MessengerUser.id == messenger_user_id)
            )
        )
    ).all()
    identity = await _forget_identity(session, owner)
    for user_id, position in users:
        # at the menu now: their position was in the draft (or in an identity that is gone);
        # ``position_at`` is left alone (this is not the person moving)
        if isinstance(position, dict) and (identity or position.get("case") == case_id):
            await session.execute(
                update(MessengerUser)
                .where(MessengerUser.id == user_id)
                .values(position=None)
                .execution_options(synchronize_session=False)
            )
    forgotten = await _forget_files(session, files)
    return DeletedDraft(case_id, kind, rows, len(document_ids), forgotten, identity)


async def _forget_identity(session: AsyncSession, applicant_id: int) -> bool:
    """The applicant's identity, if it is not locked (never submitted) and no file holds it."""
    applicant = await session.get(Applicant, applicant_id, populate_existing=True)
    if applicant is None or applicant.locked_at is not None:
        return False
    if await session.scalar(select(exists().where(Case.applicant_id == applicant_id))):
        return False
    for table, column in _referencing(_APPLICANT_ID):
        if column.nullable:
            await session.execute(update(table).where(column == applicant_id).values({column.name: None}))
        else:
            await session.execute(delete(table).where(column == applicant_id))
    await session.execute(
        delete(Applicant).where(Applicant.id == applicant_id).execution_options(synchronize_session=False)
    )
    return True


async def delete_rejected_documents(
    session: AsyncSession, case_id: int, policy: Policy, now: dt.datetime | None = None
) -> int | None:
    """Delete a rejected file's documents past retention (rows and, after commit, files); the
    case, its answers and its history stay, marked ``documents_deleted_at``. How many documents
    went; None when it is not due (any more)."""
    now = now or utcnow()
    due = {r.case_id for r in await rejected_due(session, policy, now)}
    if case_id not in due:
        return None
    locked = await session.scalar(
        select(Case.id)
        .where(Case.id == case_id, Case.status == Status.REJECTED.value, Case.documents_deleted_at.is_(None))
        .with_for_update()
    )
    if locked is None:
        return None
    files = await _files_of(session, Document.case_id == case_id)
    ids = list(await session.scalars(select(Document.id).where(Document.case_id == case_id)))
    await _detach_documents(session, ids)
    await session.execute(
        delete(Document).where(Document.case_id == case_id).execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Case)
        .where(Case.id == case_id)
        .values(documents_deleted_at=now)
        .execution_options(synchronize_session=False)
    )
    await _forget_files(session, files)
    return len(ids)


async def documents_deleted(session: AsyncSession, case_id: int) -> bool:
    """A rejected file's documents were deleted under the retention policy."""
    at = await session.scalar(select(Case.documents_deleted_at).where(Case.id == case_id))
    return at is not None


# ---- files waiting to be removed from disk -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileToRemove:
    key: str
    requested_at: dt.datetime
    referenced: bool  # a document still refers to it (the same bytes in another file): kept


async def files_to_remove(session: AsyncSession, limit: int = 200) -> list[FileToRemove]:
    rows = (
        await session.execute(
            select(FileDeletion.file_key, FileDeletion.requested_at).order_by(FileDeletion.requested_at).limit(limit)
        )
    ).all()
    if not rows:
        return []
    keys = [key for key, _ in rows]
    used = await _files_of(session, or_(Document.file_key.in_(keys), Document.thumbnail_key.in_(keys)))
    return [FileToRemove(key, at, key in used) for key, at in rows]


async def removed(session: AsyncSession, keys: Iterable[str]) -> None:
    """These files are gone from disk (or kept for a document that uses them): forgotten here."""
    listed = list(keys)
    if listed:
        await session.execute(delete(FileDeletion).where(FileDeletion.file_key.in_(listed)))


async def pending_file_removals(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(FileDeletion)) or 0)
