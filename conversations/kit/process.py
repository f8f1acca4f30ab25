"""The organization's side of an application, declared as data like the applicant's side: its
workflow — every step stated once, with everything attached to it (python-statemachine's idea of
``a.to(b, cond=…)``, not the library):

    Step(name, action, source statuses → target (None: work inside the status),
         by=the roles that may take it,           ← the one statement of who may act
         tell=the notifications it sends,         ← turned into messages by the one relay
         then=what follows in the same transaction (e.g. the fee asked),
         button=the staff chat's button that takes it (a press, a staff form first, or a screen))

From this one table come the database's guard (``Workflow``, checked by ``storage.workflow``),
the staff chat's buttons per status and who may press each, the routers' role filters, every
role's default queue, and what the applicant (or the reviewer who had the file) is told of each
event. ``act`` takes a step as one actor and runs what follows it; nothing else moves a case.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from aiogram.methods import TelegramMethod
from aiogram.types import InlineKeyboardMarkup

from conversations.kit.i18n import Translator
from storage import cases
from storage.cases import CaseFile, CaseInfo, Part
from storage.people import UserInfo
from storage.workflow import (
    Action,
    Actor,
    CaseNotFound,
    Event,
    Role,
    RoleNotAllowed,
    Status,
    Transition,
    TransitionResult,
    Workflow,
    acting_role,
    transition,
)

if TYPE_CHECKING:
    from conversations.kit.application import Application
    from conversations.kit.context import Ctx, Organization, Reach
    from conversations.kit.forms import Form
    from conversations.kit.staffing import Screen
    from storage.staff import StaffInfo

REVIEW = frozenset({Role.REVIEWER, Role.ADMIN})
FINANCE = frozenset({Role.FINANCE, Role.ADMIN})
APPLICANT = frozenset({Role.APPLICANT})
SYSTEM = frozenset({Role.SYSTEM})


# ---- what is told --------------------------------------------------------------------------------


class Audience(StrEnum):
    APPLICANT = "applicant"  # the file's applicant, on their messenger, in their language
    ASSIGNED_STAFF = "assigned_staff"  # the staff member who took the file, in their private chat


@dataclass(frozen=True)
class Told:
    """What a notification is about: the event, the file as the transaction leaves it, the
    organization's settings."""

    event: Event
    file: CaseFile
    org: Organization
    app: Application
    platform: str  # the applicant's messenger (what it takes: invoices, its limits)

    @property
    def case(self) -> CaseInfo:
        return self.file.case


Args = Callable[[Translator, Told], Mapping[str, Any]]
MarkupFor = Callable[[Translator, Told], InlineKeyboardMarkup | None]
Also = Callable[[Translator, Told, UserInfo], Sequence[TelegramMethod[Any]]]


def code_only(t: Translator, told: Told) -> Mapping[str, Any]:
    return {"code": told.case.tracking_code}


def always(_: Told) -> bool:
    return True


@dataclass(frozen=True)
class Notice:
    """A notification of an event: its text key and arguments (in the recipient's language), who
    is told, a keyboard, when it applies, what else is sent with it (an invoice)."""

    key: str
    args: Args = code_only
    to: Audience = Audience.APPLICANT
    markup: MarkupFor | None = None
    when: Callable[[Told], bool] = always
    also: Also | None = None
    sms: bool = False  # a decision worth a message outside the chat too (SMS, once a channel exists)


# ---- the staff chat's buttons --------------------------------------------------------------------

Press = Callable[["Ctx", CaseInfo, Actor, "Step"], Awaitable[None]]  # what a press does (default: ``act``)
Submit = Callable[["Ctx", CaseInfo, Actor, Mapping[str, Any]], Awaitable[None]]  # a staff form's answers → the step
OpenScreen = Callable[["Ctx", CaseInfo, "StaffInfo"], Awaitable["Screen"]]


@dataclass(frozen=True)
class StaffForm:
    """A form a staff member fills in their private chat before the step is taken (a reason, the
    notes of a return, a value): the same engine as the applicant's forms; ``submit`` takes the
    step with its answers."""

    form: Form
    submit: Submit
    recorded: str = "review-recorded"  # what its last answer is answered with, once the step is taken


class Generic(StrEnum):
    """The staff side's own forms, the same for every application (``conversations.staff``)."""

    RETURN = "return"  # tick what to fix (sections, single documents), a note for each
    REJECT = "reject"  # the reason
    OFFICE = "office"  # confirm or change the applicant's representative office


@dataclass(frozen=True)
class Button:
    label: str  # its text key
    row: str = ""  # buttons of one row share a name; the rest are laid out three a row
    press: Press | None = None  # what a press does, if not the step itself
    form: StaffForm | None = None  # … or first a staff form in the presser's private chat
    generic: Generic | None = None  # … or one of the staff side's own forms
    screen: OpenScreen | None = None  # … or a screen in the presser's private chat
    forms: tuple[Form, ...] = ()  # with a screen: the forms it opens (the step's roles fill them)
    version_guard: bool = True  # False: guarded by the status alone (a payment may move the version)
    in_chat: bool = True  # False: pressed on a screen of the step's (e.g. "finish" on a panel), not in the staff chat


# ---- the steps --------------------------------------------------------------------------------

Effect = Callable[["Reach", TransitionResult], Awaitable[None]]


@dataclass(frozen=True)
class Step:
    name: str  # unique in its process: the button's data names it
    action: str  # what the history records
    source: tuple[str, ...]
    target: str | None  # None: work inside the status (the case's version is left alone)
    by: frozenset[Role]
    tell: tuple[Notice, ...] = ()
    then: Effect | None = None
    button: Button | None = None
    quiet: str = ""  # a status change that tells the applicant nothing itself: who tells them instead

    @property
    def forward(self) -> bool:
        """A step that moves the file on (a role's queue is where it has one), not sending it
        back or ending it."""
        return self.action not in (Action.RETURN, Action.REJECT)


def step(
    action: str,
    source: str | tuple[str, ...],
    target: str | None,
    by: frozenset[Role],
    *,
    name: str = "",
    tell: Notice | tuple[Notice, ...] = (),
    then: Effect | None = None,
    button: Button | None = None,
    quiet: str = "",
) -> Step:
    """A step, as one line of a declaration."""
    sources = (source,) if isinstance(source, str) else source
    tells = (tell,) if isinstance(tell, Notice) else tell
    return Step(name or str(action), str(action), sources, target, by, tells, then, button, quiet)


@dataclass(frozen=True)
class Process:
    """An application's workflow and everything attached to it. ``final``: nothing more happens;
    ``waiting``: in the applicant's cartable; ``internal``: work inside a status the applicant
    does not see in the history; ``decisions``: what "the decision" of a file is (exports);
    ``parts``: what its file reads need (``storage.cases.Part``)."""

    kind: str
    steps: tuple[Step, ...]
    final: frozenset[str]
    waiting: frozenset[str]
    internal: frozenset[str] = frozenset()
    decisions: frozenset[str] = frozenset({Action.APPROVE, Action.REJECT})
    review_outcomes: frozenset[str] = frozenset({Action.RETURN, Action.APPROVE, Action.REJECT})
    parts: frozenset[Part] = frozenset()
    first_status: str = Status.DRAFT

    def __post_init__(self) -> None:
        names = [s.name for s in self.steps]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"{self.kind}: step names used twice: {twice}")
        moves = [(s.action, source) for s in self.steps if s.target is not None for source in s.source]
        again = sorted({m for m in moves if moves.count(m) > 1})
        if again:  # who may take a step is stated once: a second statement could disagree
            raise ValueError(f"{self.kind}: steps stated twice (action, from): {again}")

    @cached_property
    def workflow(self) -> Workflow:
        """The table the database guards: one transition per status a step leaves from."""
        transitions = tuple(
            Transition(s.action, source, s.target, s.by)
            for s in self.steps
            if s.target is not None
            for source in s.source
        )
        return Workflow(
            kind=self.kind,
            transitions=transitions,
            final=self.final,
            waiting_for_applicant=self.waiting,
            internal=self.internal,
            review_outcomes=self.review_outcomes,
            decisions=self.decisions,
        )

    @property
    def statuses(self) -> tuple[str, ...]:
        seen: dict[str, None] = {self.first_status: None}
        for s in self.steps:
            for source in s.source:
                seen.setdefault(source, None)
            if s.target is not None:
                seen.setdefault(s.target, None)
        return tuple(seen)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.action for s in self.steps))

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def step_from(self, action: str, status: str) -> Step | None:
        """The status change ``action`` makes from ``status`` (one at most: stated once)."""
        return next((s for s in self.steps if s.action == action and status in s.source and s.target), None)

    def buttons(self, status: str) -> list[Step]:
        """The staff chat's buttons of a file in ``status``, in the declaration's order."""
        return [s for s in self.steps if s.button is not None and s.button.in_chat and status in s.source]

    def queue(self, role: Role) -> frozenset[str]:
        """Where ``role`` works: the statuses it can move a file on from."""
        return frozenset(
            source for s in self.steps if role in s.by and s.forward and s.button is not None for source in s.source
        )

    def notices(self, event: Event) -> tuple[Notice, ...]:
        """What an event tells: the notifications of the step it was."""
        for s in self.steps:
            if s.action != event.action or event.from_status not in s.source:
                continue
            if (s.target if s.target is not None else event.from_status) == event.to_status:
                return s.tell
        return ()

    def waiting_for_applicant(self, status: str) -> bool:
        return status in self.waiting


def actor_of(member: StaffInfo, roles: frozenset[Role]) -> Actor:
    """A staff member as the actor of a step open to ``roles``: their own role among them, else
    admin (``RoleNotAllowed`` if they have neither)."""
    role = acting_role(member.roles, roles)
    if role is None:
        raise RoleNotAllowed("step", ",".join(sorted(member.roles)))
    return Actor(role, member.id)


async def act(
    reach: Reach,
    case: CaseInfo | int,
    action: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
    note: str | None = None,
    section_notes: Mapping[str, str] | None = None,
    changes: Mapping[str, object] | None = None,
) -> TransitionResult:
    """Take a step of the case's own process as ``actor`` (refused: ``WorkflowError``, nothing
    changed), then what the step says follows, in the same transaction. Whom it tells is the
    relay's, before the commit."""
    if not isinstance(case, CaseInfo):
        found = await cases.get_case(reach.session, case)
        if found is None:
            raise CaseNotFound(case)
        case = found
    case_id = case.id
    process = reach.services.process(case.kind)
    result = await transition(
        reach.session,
        process.workflow,
        case_id,
        action,
        actor,
        expected_version=expected_version,
        note=note,
        section_notes=section_notes,
        changes=changes,
    )
    done = process.step_from(action, result.from_status)
    if done is not None and done.then is not None:
        await done.then(reach, result)
    return result


# ---- the steps every application's review has -------------------------------------------------


async def take_file(ctx: Ctx, case: CaseInfo, actor: Actor, taken: Step) -> None:
    """Take a file for review: it is the taker's (a note sent back to review reaches them)."""
    await act(
        ctx, case, taken.action, actor, expected_version=case.version, changes={"assigned_staff_id": actor.staff_id}
    )


def returned_args(t: Translator, told: Told) -> Mapping[str, Any]:
    from conversations.kit.application import note_lines

    return {
        "code": told.case.tracking_code,
        "notes": note_lines(t, told.app, told.event.section_notes),
        "entry": t(told.app.texts.menu_continue),
    }


def reason_args(t: Translator, told: Told) -> Mapping[str, Any]:
    return {"code": told.case.tracking_code, "reason": told.event.note or "—"}


RETURNED = Notice("notify-returned", returned_args, sms=True)
REJECTED = Notice("notify-rejected", reason_args, sms=True)


def submitting() -> tuple[Step, ...]:
    """The applicant sends the file, and sends it again once fixed."""
    return (
        step(Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, APPLICANT),
        step(Action.RESUBMIT, Status.RETURNED, Status.SUBMITTED, APPLICANT),
    )


def taking(target: str, tell: Notice, by: frozenset[Role] = REVIEW) -> Step:
    return step(
        Action.TAKE,
        Status.SUBMITTED,
        target,
        by,
        name="take",
        tell=tell,
        button=Button("btn-staff-take", press=take_file),
    )


def returning(sources: tuple[str, ...], by: frozenset[Role] = REVIEW) -> Step:
    return step(
        Action.RETURN,
        sources,
        Status.RETURNED,
        by,
        name="return",
        tell=RETURNED,
        button=Button("btn-staff-return", generic=Generic.RETURN),
    )


def rejecting(sources: tuple[str, ...], by: frozenset[Role] = REVIEW) -> Step:
    return step(
        Action.REJECT,
        sources,
        Status.REJECTED,
        by,
        name="reject",
        tell=REJECTED,
        button=Button("btn-staff-reject", generic=Generic.REJECT),
    )


__all__ = [
    "APPLICANT",
    "FINANCE",
    "REJECTED",
    "RETURNED",
    "REVIEW",
    "SYSTEM",
    "Audience",
    "Button",
    "Generic",
    "Notice",
    "Process",
    "StaffForm",
    "Step",
    "Told",
    "act",
    "actor_of",
    "rejecting",
    "returning",
    "step",
    "submitting",
    "taking",
]
