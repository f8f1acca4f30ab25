"""The case workflow: states, the one table of allowed transitions, and ``transition()``.

Membership (spec/membership.md §3–5):
    draft → submitted → in_review → approved → awaiting_payment → member
                 ↑          ├→ returned → submitted …
                 └──────────┘└→ rejected
Builder license (spec/builder-license.md "Workflow"):
    draft → submitted ─take→ documents_review ─(the documents reviewer: grey part, amounts,
          marks)→ inquiries ─(system: the three replies clear)→ scored ─(the reviewer introduces
          it, worksheet 7)→ manager_approval ─(technical manager approves)→ sent_to_ministry
          ─(the license issued is recorded)→ closed;
    manager_approval ─revise (technical manager, a note)→ documents_review;
    returned (→ submitted …) and rejected from any review step.

Every transition appends a workflow event in the same transaction and bumps the case's version;
work inside a status (a reviewer's grey part, a letter, an inquiry's reply) is an event of its own
(``record_event``) that leaves the version alone, so the buttons staff were given stay good;
the UPDATE is guarded by the version read, so of two staff acting at once exactly one wins and
the other gets ``AlreadyHandled`` naming who did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import counts
from storage.models import Case, StaffMember, WorkflowEvent, utcnow


class CaseKind(StrEnum):
    MEMBERSHIP = "membership"
    BUILDER_LICENSE = "builder_license"


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    APPROVED = "approved"
    AWAITING_PAYMENT = "awaiting_payment"
    MEMBER = "member"
    REJECTED = "rejected"
    DOCUMENTS_REVIEW = "documents_review"
    INQUIRIES = "inquiries"
    SCORED = "scored"
    MANAGER_APPROVAL = "manager_approval"
    SENT_TO_MINISTRY = "sent_to_ministry"
    CLOSED = "closed"


class Role(StrEnum):
    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    TECHNICAL_MANAGER = "technical_manager"
    FINANCE = "finance"
    BUILDERS_UNIT = "builders_unit"  # واحد مجریان ذیصلاح: the execution-works inquiry, the license issued
    ADMIN = "admin"
    SYSTEM = "system"


# REVIEWER reviews documents: membership's intake expert, the builder license's documents reviewer
STAFF_ROLES = frozenset({Role.REVIEWER, Role.TECHNICAL_MANAGER, Role.FINANCE, Role.BUILDERS_UNIT, Role.ADMIN})


class Action(StrEnum):
    SUBMIT = "submit"
    TAKE = "take"
    RETURN = "return"
    RESUBMIT = "resubmit"
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_PAYMENT = "request_payment"
    CONFIRM_PAYMENT = "confirm_payment"
    ADVANCE = "advance"  # builder license: the next review step
    REVISE = "revise"  # builder license: the technical manager sends it back to documents review
    SEND_TO_MINISTRY = "send_to_ministry"
    CLOSE = "close"
    ASSESS = "assess"  # builder license, not a status change: the grey part, an amount, a mark (logged)
    LETTER = "letter"  # builder license, not a status change: a letter issued (logged)
    INQUIRY_REPLY = "inquiry_reply"  # builder license, not a status change: an inquiry's reply (logged)
    SET_OFFICE = "set_office"  # not a status change: logged in the history
    PAYMENT_SLIP = "payment_slip"  # the applicant sent a payment slip (logged; finance confirms)


@dataclass(frozen=True, slots=True)
class Transition:
    kind: CaseKind
    action: Action
    source: Status
    target: Status
    roles: frozenset[Role]


def _t(kind: CaseKind, action: Action, source: Status, target: Status, *roles: Role) -> Transition:
    return Transition(kind, action, source, target, frozenset(roles))


M, L = CaseKind.MEMBERSHIP, CaseKind.BUILDER_LICENSE
S, A, R = Status, Action, Role
_REVIEW = (R.REVIEWER, R.ADMIN)
_LICENSE_REVIEW_STEPS = (S.DOCUMENTS_REVIEW, S.INQUIRIES, S.SCORED, S.MANAGER_APPROVAL)

# The one table of allowed transitions and who may make each.
TRANSITIONS: tuple[Transition, ...] = (
    _t(M, A.SUBMIT, S.DRAFT, S.SUBMITTED, R.APPLICANT),
    _t(M, A.TAKE, S.SUBMITTED, S.IN_REVIEW, *_REVIEW),
    _t(M, A.RETURN, S.IN_REVIEW, S.RETURNED, *_REVIEW),
    _t(M, A.RESUBMIT, S.RETURNED, S.SUBMITTED, R.APPLICANT),
    _t(M, A.APPROVE, S.IN_REVIEW, S.APPROVED, *_REVIEW),
    _t(M, A.REJECT, S.IN_REVIEW, S.REJECTED, *_REVIEW),
    _t(M, A.REQUEST_PAYMENT, S.APPROVED, S.AWAITING_PAYMENT, R.SYSTEM),
    _t(M, A.CONFIRM_PAYMENT, S.AWAITING_PAYMENT, S.MEMBER, R.FINANCE, R.ADMIN, R.SYSTEM),
    _t(L, A.SUBMIT, S.DRAFT, S.SUBMITTED, R.APPLICANT),
    _t(L, A.TAKE, S.SUBMITTED, S.DOCUMENTS_REVIEW, *_REVIEW),
    _t(L, A.ADVANCE, S.DOCUMENTS_REVIEW, S.INQUIRIES, *_REVIEW),
    _t(L, A.ADVANCE, S.INQUIRIES, S.SCORED, R.SYSTEM),  # when the three inquiries are clear
    _t(L, A.ADVANCE, S.SCORED, S.MANAGER_APPROVAL, *_REVIEW),
    _t(L, A.REVISE, S.MANAGER_APPROVAL, S.DOCUMENTS_REVIEW, R.TECHNICAL_MANAGER, R.ADMIN),
    _t(L, A.SEND_TO_MINISTRY, S.MANAGER_APPROVAL, S.SENT_TO_MINISTRY, R.TECHNICAL_MANAGER, R.ADMIN),
    _t(L, A.CLOSE, S.SENT_TO_MINISTRY, S.CLOSED, R.TECHNICAL_MANAGER, R.BUILDERS_UNIT, R.ADMIN),
    _t(L, A.RESUBMIT, S.RETURNED, S.SUBMITTED, R.APPLICANT),
    *(_t(L, A.RETURN, step, S.RETURNED, *_REVIEW, R.TECHNICAL_MANAGER) for step in _LICENSE_REVIEW_STEPS),
    *(_t(L, A.REJECT, step, S.REJECTED, *_REVIEW, R.TECHNICAL_MANAGER) for step in _LICENSE_REVIEW_STEPS),
)

# Actions that end an expert review: the applicant's view of the history starts at the first.
REVIEW_OUTCOMES = frozenset({A.RETURN, A.APPROVE, A.REJECT, A.ADVANCE})
# The organization's work inside a status: staff see it in the history, the applicant does not.
INTERNAL = frozenset({A.ASSESS, A.LETTER, A.INQUIRY_REPLY})
# spec §5: the file is in the applicant's own cartable — waiting for them.
WAITING_FOR_APPLICANT = frozenset({S.DRAFT, S.RETURNED, S.AWAITING_PAYMENT})
FINAL = frozenset({S.MEMBER, S.REJECTED, S.CLOSED})
# The case's column that keeps the time an action was first taken (``Case.first_submitted_at``)
FIRSTS = {A.SUBMIT: "first_submitted_at", A.TAKE: "first_taken_at"}


def waiting_for_applicant(status: str) -> bool:
    """The cartable's marker, derived from the status (never stored)."""
    return status in WAITING_FOR_APPLICANT


def find_transition(kind: str, action: str, source: str) -> Transition | None:
    for t in TRANSITIONS:
        if t.kind == kind and t.action == action and t.source == source:
            return t
    return None


def allowed_actions(kind: str, status: str, roles: frozenset[Role]) -> list[Action]:
    """What an actor with ``roles`` may do with a case in ``status`` (for buttons)."""
    return [t.action for t in TRANSITIONS if t.kind == kind and t.source == status and t.roles & roles]


def acting_role(roles: frozenset[Role], permitted: frozenset[Role] | tuple[Role, ...]) -> Role | None:
    """The role a staff member with ``roles`` acts in for a step ``permitted`` to some roles: their
    own specific role if they have one, else admin (None: they may not)."""
    mine = [r for r in permitted if r in roles]
    specific = [r for r in mine if r != Role.ADMIN]
    return specific[0] if specific else (Role.ADMIN if Role.ADMIN in mine else None)


# ---- errors ----------------------------------------------------------------------------------


class WorkflowError(Exception):
    """A refused workflow step; nothing was changed."""


class CaseNotFound(WorkflowError):
    pass


class IllegalTransition(WorkflowError):
    def __init__(self, kind: str, action: str, status: str) -> None:
        self.kind, self.action, self.status = kind, action, status
        super().__init__(f"{kind} case in {status}: {action} is not allowed")


class RoleNotAllowed(WorkflowError):
    def __init__(self, action: str, role: str) -> None:
        self.action, self.role = action, role
        super().__init__(f"role {role} may not {action}")


class AlreadyHandled(WorkflowError):
    """Someone else moved the case first (version check)."""

    def __init__(
        self,
        status: str,
        by_role: str | None,
        by_name: str | None,
        at: dt.datetime | None,
        last_action: str | None = None,
    ) -> None:
        self.status, self.by_role, self.by_name, self.at = status, by_role, by_name, at
        self.last_action = last_action
        super().__init__(f"already handled by {by_name or by_role or 'someone'}: now {status}")


# ---- actors and events -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role
    staff_id: int | None = None  # for staff actors

    @property
    def kind(self) -> str:
        if self.role == Role.APPLICANT:
            return "applicant"
        if self.role == Role.SYSTEM:
            return "system"
        return "staff"

    @classmethod
    def applicant(cls) -> Actor:
        return cls(Role.APPLICANT)

    @classmethod
    def system(cls) -> Actor:
        return cls(Role.SYSTEM)


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    case_id: int
    action: str
    from_status: str
    to_status: str
    actor_kind: str
    actor_role: str
    actor_staff_id: int | None
    note: str | None
    section_notes: Mapping[str, str]
    at: dt.datetime


def _event(row: WorkflowEvent) -> Event:
    return Event(
        row.id,
        row.case_id,
        row.action,
        row.from_status,
        row.to_status,
        row.actor_kind,
        row.actor_role,
        row.actor_staff_id,
        row.note,
        dict(row.section_notes or {}),
        row.at,
    )


@dataclass(frozen=True, slots=True)
class TransitionResult:
    case_id: int
    from_status: Status
    to_status: Status
    version: int
    event: Event


async def _record(
    session: AsyncSession,
    case_id: int,
    action: Action,
    source: str,
    target: str,
    actor: Actor,
    note: str | None,
    section_notes: Mapping[str, str] | None,
) -> Event:
    row = WorkflowEvent(
        case_id=case_id,
        action=action.value,
        from_status=source,
        to_status=target,
        actor_kind=actor.kind,
        actor_role=actor.role.value,
        actor_staff_id=actor.staff_id,
        note=note,
        section_notes=dict(section_notes) if section_notes else None,
        at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return _event(row)


async def already_handled(session: AsyncSession, case_id: int, action: Action | None = None) -> AlreadyHandled:
    """Who acted last on the case (of ``action``, when given), and where it stands now."""
    status = await session.scalar(
        select(Case.status).where(Case.id == case_id).execution_options(populate_existing=True)
    )
    query = (
        select(WorkflowEvent, StaffMember.display_name)
        .outerjoin(StaffMember, StaffMember.id == WorkflowEvent.actor_staff_id)
        .where(WorkflowEvent.case_id == case_id)
    )
    if action is not None:
        query = query.where(WorkflowEvent.action == action.value)
    last = (await session.execute(query.order_by(WorkflowEvent.id.desc()).limit(1))).first()
    if last is None:
        return AlreadyHandled(str(status), None, None, None)
    event, name = last
    return AlreadyHandled(str(status), event.actor_role, name, event.at, event.action)


async def _current(session: AsyncSession, case_id: int, expected_version: int | None) -> tuple[str, str, int]:
    """(kind, status, version) of the case, fresh from the database; a version other than the
    one the actor saw means someone else acted first."""
    row = (
        await session.execute(
            select(Case.kind, Case.status, Case.version)
            .where(Case.id == case_id)
            .execution_options(populate_existing=True)
        )
    ).first()
    if row is None:
        raise CaseNotFound(case_id)
    kind, status, version = row
    if expected_version is not None and expected_version != version:
        raise await already_handled(session, case_id)
    return kind, status, version


async def _guarded_update(
    session: AsyncSession, case_id: int, status: str, version: int, values: dict[str, object]
) -> None:
    """UPDATE the case only if nobody changed it since it was read (exactly one of two racing
    staff gets a row; the other is told who handled it)."""
    result = await session.execute(
        update(Case)
        .where(Case.id == case_id, Case.version == version, Case.status == status)
        .values(version=version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise await already_handled(session, case_id)


async def transition(
    session: AsyncSession,
    case_id: int,
    action: Action,
    actor: Actor,
    *,
    expected_version: int | None = None,
    note: str | None = None,
    section_notes: Mapping[str, str] | None = None,
    changes: Mapping[str, object] | None = None,
) -> TransitionResult:
    """Move a case by ``action`` as ``actor``; raises a WorkflowError and changes nothing if refused.

    ``expected_version`` is the version the actor saw (e.g. on the staff message they pressed); a
    newer version means someone else acted first. ``changes`` are extra columns of the case to
    set in the same guarded UPDATE (e.g. the assigned reviewer).
    """
    kind, status, version = await _current(session, case_id, expected_version)
    step = find_transition(kind, action, status)
    if step is None:
        handled = await already_handled(session, case_id)
        if handled.last_action == action:  # the same step was just taken by someone else
            raise handled
        raise IllegalTransition(kind, action, status)
    if actor.role not in step.roles:
        raise RoleNotAllowed(action, actor.role)
    values: dict[str, object] = {"status": step.target.value}
    if action in (Action.SUBMIT, Action.RESUBMIT):
        values["submitted_at"] = utcnow()
    if action == Action.RESUBMIT:
        values["resubmission_count"] = Case.resubmission_count + 1
    if action in FIRSTS:  # kept once on the case, for the staff's figures and the export (issue 30)
        values[FIRSTS[action]] = func.coalesce(getattr(Case, FIRSTS[action]), utcnow())
    values.update(changes or {})
    await _guarded_update(session, case_id, status, version, values)
    await counts.moved(session, kind, status, step.target.value)  # /stats and the metrics (issue 30)
    event = await _record(session, case_id, action, status, step.target, actor, note, section_notes)
    return TransitionResult(case_id, Status(status), step.target, version + 1, event)


async def log_action(
    session: AsyncSession,
    case_id: int,
    action: Action,
    actor: Actor,
    *,
    expected_version: int | None = None,
    note: str | None = None,
    changes: Mapping[str, object] | None = None,
) -> TransitionResult:
    """A staff action that changes the case but not its status (e.g. set office): versioned and
    logged in the history like a transition."""
    _, status, version = await _current(session, case_id, expected_version)
    await _guarded_update(session, case_id, status, version, dict(changes or {}))
    event = await _record(session, case_id, action, status, status, actor, note, None)
    return TransitionResult(case_id, Status(status), Status(status), version + 1, event)


async def record_event(
    session: AsyncSession, case_id: int, action: Action, actor: Actor, *, note: str | None = None
) -> Event:
    """Work inside a status (a grey-part value, a letter, an inquiry's reply) into the history:
    the case's status and version stay as they are; the caller guards its own row."""
    status = await session.scalar(
        select(Case.status).where(Case.id == case_id).execution_options(populate_existing=True)
    )
    if status is None:
        raise CaseNotFound(case_id)
    return await _record(session, case_id, action, status, status, actor, note, None)


async def history(session: AsyncSession, case_id: int) -> list[Event]:
    """Every event of a case, oldest first (the staff view)."""
    rows = await session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.case_id == case_id).order_by(WorkflowEvent.id)
    )
    return [_event(r) for r in rows]


async def first_review_waits(session: AsyncSession, kind: CaseKind = CaseKind.MEMBERSHIP) -> list[dt.timedelta]:
    """For each case of ``kind`` an expert has taken: the time from its first submission to its
    first take (the wait for a first review)."""
    firsts = (
        select(WorkflowEvent.case_id, WorkflowEvent.action, func.min(WorkflowEvent.at).label("at"))
        .join(Case, Case.id == WorkflowEvent.case_id)
        .where(Case.kind == kind.value, WorkflowEvent.action.in_([Action.SUBMIT.value, Action.TAKE.value]))
        .group_by(WorkflowEvent.case_id, WorkflowEvent.action)
    )
    seen: dict[int, dict[str, dt.datetime]] = {}
    for case_id, action, at in (await session.execute(firsts)).all():
        seen.setdefault(case_id, {})[action] = at
    return [
        times[Action.TAKE.value] - times[Action.SUBMIT.value]
        for times in seen.values()
        if Action.TAKE.value in times and Action.SUBMIT.value in times
    ]


async def applicant_history(session: AsyncSession, case_id: int) -> list[Event]:
    """spec §5: the workflow history as the applicant sees it — from the end of the first expert
    review onward (empty before that)."""
    first_outcome = await session.scalar(
        select(WorkflowEvent.id)
        .where(
            WorkflowEvent.case_id == case_id,
            WorkflowEvent.actor_kind == "staff",
            WorkflowEvent.action.in_([a.value for a in REVIEW_OUTCOMES]),
        )
        .order_by(WorkflowEvent.id)
        .limit(1)
    )
    if first_outcome is None:
        return []
    rows = await session.scalars(
        select(WorkflowEvent)
        .where(
            WorkflowEvent.case_id == case_id,
            WorkflowEvent.id >= first_outcome,
            WorkflowEvent.action.not_in([a.value for a in INTERNAL]),
        )
        .order_by(WorkflowEvent.id)
    )
    return [_event(r) for r in rows]
