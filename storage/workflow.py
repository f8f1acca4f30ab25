"""The case workflow, the same for every application: ``transition()`` guards a step against the
case's own declared ``Workflow`` (its table of transitions and the roles allowed each), appends a
workflow event in the same transaction and bumps the case's version.

An application declares its workflow with its process (``conversations.kit.process``: membership,
the builder license, annual dues); this module knows none of them. Work inside a status (a
reviewer's grey part, a letter, an inquiry's reply) is an event of its own (``record_event``) that
leaves the version alone, so the buttons staff were given stay good; the UPDATE is guarded by the
version read, so of two staff acting at once exactly one wins and the other gets
``AlreadyHandled`` naming who did. Every event is also kept, for the open transaction, in
``recorded(session)``: the notification relay tells people of them before the commit (outbox).
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


class Status(StrEnum):
    """The statuses every application shares: the application engine's (a draft, submitted,
    returned to the applicant, rejected) and the fee's (awaiting payment). An application declares
    its own beside these (``Workflow``); a status is a string in the database and a text
    ``status-<value>``."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    REJECTED = "rejected"
    AWAITING_PAYMENT = "awaiting_payment"


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
    """The steps applications share (an application names its own beside these): a history's
    ``action`` column, and a text ``action-<value>``."""

    SUBMIT = "submit"
    TAKE = "take"
    RETURN = "return"
    RESUBMIT = "resubmit"
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_PAYMENT = "request_payment"
    CONFIRM_PAYMENT = "confirm_payment"
    REFUSE_PAYMENT = "refuse_payment"  # finance refuses a payment slip, with the reason
    SET_OFFICE = "set_office"  # not a status change: logged in the history
    PAYMENT_SLIP = "payment_slip"  # the applicant sent a payment slip (logged; finance confirms)


# The case's column that keeps the time an action was first taken (``Case.first_submitted_at``)
FIRSTS: dict[str, str] = {Action.SUBMIT: "first_submitted_at", Action.TAKE: "first_taken_at"}


@dataclass(frozen=True, slots=True)
class Transition:
    """A step of a workflow: ``action`` moves a case from ``source`` to ``target`` (the same
    status: work inside it, e.g. a slip refused), allowed to ``roles``."""

    action: str
    source: str
    target: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class Workflow:
    """One application's workflow as the database guards it: its kind, the one table of its
    transitions and who may make each, and what its statuses mean. Declared by the application
    (``conversations.kit.process``); ``transition`` is the same for every one."""

    kind: str
    transitions: tuple[Transition, ...]
    final: frozenset[str]  # nothing more happens (e.g. member, rejected)
    waiting_for_applicant: frozenset[str]  # spec §5: in the applicant's own cartable
    editable: frozenset[str] = frozenset({Status.DRAFT, Status.RETURNED})  # the applicant may change it
    internal: frozenset[str] = frozenset()  # actions inside a status staff see in the history, the applicant not
    review_outcomes: frozenset[str] = frozenset({Action.RETURN, Action.APPROVE, Action.REJECT})
    decisions: frozenset[str] = frozenset({Action.APPROVE, Action.REJECT})  # "the decision" of a file

    def find(self, action: str, source: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action and t.source == source), None)

    def allowed(self, status: str, roles: frozenset[Role]) -> list[str]:
        """What an actor with ``roles`` may do with a case in ``status`` (for buttons)."""
        return [t.action for t in self.transitions if t.source == status and t.roles & roles]

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every status, in the order the table first names it."""
        seen: dict[str, None] = {}
        for t in self.transitions:
            seen.setdefault(t.source, None)
            seen.setdefault(t.target, None)
        return tuple(seen)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.action for t in self.transitions))

    def is_waiting(self, status: str) -> bool:
        """The cartable's marker, derived from the status (never stored)."""
        return status in self.waiting_for_applicant


def acting_role(roles: frozenset[Role], permitted: frozenset[Role] | tuple[Role, ...]) -> Role | None:
    """The role a staff member with ``roles`` acts in for a step ``permitted`` to some roles: their
    own specific role if they have one, else admin (None: they may not)."""
    mine = sorted(r for r in permitted if r in roles)
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


# The events an open transaction has appended, in order, with their case's kind: what the
# notification relay (``conversations.process``) turns into messages just before it commits.
RECORDED = "nezam.workflow.recorded"


@dataclass(frozen=True, slots=True)
class Recorded:
    kind: str
    event: Event


def recorded(session: AsyncSession) -> list[Recorded]:
    """Take the events this transaction appended since the last call (oldest first)."""
    found: list[Recorded] = session.info.pop(RECORDED, [])
    return found


@dataclass(frozen=True, slots=True)
class TransitionResult:
    case_id: int
    from_status: str
    to_status: str
    version: int
    event: Event


async def _record(
    session: AsyncSession,
    kind: str,
    case_id: int,
    action: str,
    source: str,
    target: str,
    actor: Actor,
    note: str | None,
    section_notes: Mapping[str, str] | None,
) -> Event:
    row = WorkflowEvent(
        case_id=case_id,
        action=str(action),
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
    event = _event(row)
    session.info.setdefault(RECORDED, []).append(Recorded(kind, event))
    return event


async def already_handled(session: AsyncSession, case_id: int, action: str | None = None) -> AlreadyHandled:
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
        query = query.where(WorkflowEvent.action == str(action))
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
    workflow: Workflow,
    case_id: int,
    action: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
    note: str | None = None,
    section_notes: Mapping[str, str] | None = None,
    changes: Mapping[str, object] | None = None,
) -> TransitionResult:
    """Move a case by ``action`` as ``actor``, by the case's own ``workflow``; raises a
    WorkflowError and changes nothing if refused.

    ``expected_version`` is the version the actor saw (e.g. on the staff message they pressed); a
    newer version means someone else acted first. ``changes`` are extra columns of the case to
    set in the same guarded UPDATE (e.g. the assigned reviewer).
    """
    kind, status, version = await _current(session, case_id, expected_version)
    if kind != workflow.kind:
        raise IllegalTransition(kind, str(action), status)
    step = workflow.find(action, status)
    if step is None:
        handled = await already_handled(session, case_id)
        if handled.last_action == action:  # the same step was just taken by someone else
            raise handled
        raise IllegalTransition(kind, str(action), status)
    if actor.role not in step.roles:
        raise RoleNotAllowed(str(action), actor.role)
    values: dict[str, object] = {"status": step.target}
    if action in (Action.SUBMIT, Action.RESUBMIT):
        values["submitted_at"] = utcnow()
    if action == Action.RESUBMIT:
        values["resubmission_count"] = Case.resubmission_count + 1
    if action in FIRSTS:  # kept once on the case, for the staff's figures and the export (issue 30)
        values[FIRSTS[action]] = func.coalesce(getattr(Case, FIRSTS[action]), utcnow())
    if step.target != status:  # how long a file waits in a step (issue 23)
        values["status_at"] = utcnow()
    values.update(changes or {})
    await _guarded_update(session, case_id, status, version, values)
    if step.target != status:  # /stats and the metrics (issue 30)
        await counts.moved(session, kind, status, step.target)
    event = await _record(session, kind, case_id, action, status, step.target, actor, note, section_notes)
    return TransitionResult(case_id, status, step.target, version + 1, event)


async def log_action(
    session: AsyncSession,
    case_id: int,
    action: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
    note: str | None = None,
    changes: Mapping[str, object] | None = None,
) -> TransitionResult:
    """A staff action that changes the case but not its status (e.g. set office): versioned and
    logged in the history like a transition."""
    kind, status, version = await _current(session, case_id, expected_version)
    await _guarded_update(session, case_id, status, version, dict(changes or {}))
    event = await _record(session, kind, case_id, action, status, status, actor, note, None)
    return TransitionResult(case_id, status, status, version + 1, event)


async def record_event(
    session: AsyncSession, case_id: int, action: str, actor: Actor, *, note: str | None = None
) -> Event:
    """Work inside a status (a grey-part value, a letter, an inquiry's reply) into the history:
    the case's status and version stay as they are; the caller guards its own row."""
    row = (
        await session.execute(
            select(Case.kind, Case.status).where(Case.id == case_id).execution_options(populate_existing=True)
        )
    ).first()
    if row is None:
        raise CaseNotFound(case_id)
    kind, status = row
    return await _record(session, kind, case_id, action, status, status, actor, note, None)


async def history(session: AsyncSession, case_id: int) -> list[Event]:
    """Every event of a case, oldest first (the staff view)."""
    rows = await session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.case_id == case_id).order_by(WorkflowEvent.id)
    )
    return [_event(r) for r in rows]


async def first_review_waits(session: AsyncSession, kind: str) -> list[dt.timedelta]:
    """For each case of ``kind`` an expert has taken: the time from its first submission to its
    first take (the wait for a first review)."""
    firsts = (
        select(WorkflowEvent.case_id, WorkflowEvent.action, func.min(WorkflowEvent.at).label("at"))
        .join(Case, Case.id == WorkflowEvent.case_id)
        .where(Case.kind == kind, WorkflowEvent.action.in_([Action.SUBMIT.value, Action.TAKE.value]))
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


async def applicant_history(session: AsyncSession, workflow: Workflow, case_id: int) -> list[Event]:
    """spec §5: the workflow history as the applicant sees it — from the end of the first expert
    review onward (empty before that), without the organization's work inside a status."""
    first_outcome = await session.scalar(
        select(WorkflowEvent.id)
        .where(
            WorkflowEvent.case_id == case_id,
            WorkflowEvent.actor_kind == "staff",
            WorkflowEvent.action.in_(sorted(workflow.review_outcomes)),
        )
        .order_by(WorkflowEvent.id)
        .limit(1)
    )
    if first_outcome is None:
        return []
    query = select(WorkflowEvent).where(WorkflowEvent.case_id == case_id, WorkflowEvent.id >= first_outcome)
    if workflow.internal:
        query = query.where(WorkflowEvent.action.not_in(sorted(workflow.internal)))
    rows = await session.scalars(query.order_by(WorkflowEvent.id))
    return [_event(r) for r in rows]
