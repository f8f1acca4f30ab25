"""What the staff side knows of an application kind, declared next to the application: the card
staff read in the staff chat (and what a status adds to it), the buttons per status, the names of
its documents, and the kind's own review steps (the generic ones — take, return, reject, set
office, show the full file — are the review dialog's). A new kind adds its steps and buttons
here, without editing the review dialog. A step is one of:

- ``run``: taken at the press (e.g. membership's approve);
- ``noted``: the presser is asked for a note in their private chat first (``prompt``; with
  ``photo``, the note may come as the caption of a photo or PDF), then it runs with it;
- ``private``: opens a screen in the presser's private chat (e.g. the builder license's
  documents review); it changes nothing by itself.

And the staff chat as the dialogs below ``conversations.staff`` see it (``StaffChannel``): the
wiring gives them the staff side's implementation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup

from conversations.kit.context import Ctx, Reach
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DbId
from conversations.kit.uploads import StoredAnswer
from storage.cases import CaseFile, CaseInfo
from storage.staff import StaffInfo
from storage.workflow import Action, Actor, AlreadyHandled, CaseKind, Role, WorkflowError, transition

REVIEWERS = (Role.REVIEWER, Role.ADMIN)
FINANCE = (Role.FINANCE, Role.ADMIN)


class StaffCb(CallbackData, prefix="s"):
    """A button of a file on the staff side (the staff chat, ``/case``, a kind's private screens)."""

    act: str  # take, ret, rej, office, full, or a kind's own step (approve, paid, …)
    case: DbId
    ver: DbId  # the case's version the button was made with


@dataclass(frozen=True)
class StepNote:
    """What the presser of a noted step wrote (and the photo or PDF it came with)."""

    text: str
    upload: StoredAnswer | None = None


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None


StepRun = Callable[[Ctx, CaseInfo, Actor], Awaitable[None]]
NotedRun = Callable[[Ctx, CaseInfo, Actor, StepNote], Awaitable[None]]
PrivateOpen = Callable[[Ctx, CaseInfo, StaffInfo], Awaitable[Screen]]
ButtonRow = tuple[str, ...]


def card_frame(t: Translator, file: CaseFile, new_key: str, body: list[str], changed: Callable[[str, str], str]) -> str:
    """A staff card: new or resubmitted, the kind's own lines, what changed since the last return
    (``changed``: a returned item's key and language → its label), the status."""
    case = file.case
    first = t(new_key if case.resubmission_count == 0 else "staff-resubmitted", n=t.digits(case.resubmission_count))
    lines = [first, *body]
    if case.resubmission_count and file.last_return_notes:
        sections = ", ".join(changed(key, t.lang) for key in file.last_return_notes)
        lines.append(t("staff-changed", sections=sections))
    lines.append(t("staff-status", status=t(f"status-{case.status}")))
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class StaffStep:
    act: str  # the button's action (one name per step across kinds)
    label: str  # the button's text key
    roles: tuple[Role, ...]  # who may press it (a presser acts in their own of these roles, else as admin)
    run: StepRun | None = None  # the workflow step and its side effects (e.g. ``process.fees.approve``)
    noted: NotedRun | None = None  # … or, with a note asked in private first (``prompt``)
    prompt: str = ""
    photo: bool = False  # the note may be a photo's (or PDF's) caption
    private: PrivateOpen | None = None  # … or a screen in the presser's private chat
    version_guard: bool = True  # False: guarded by the status alone (a payment may move the version)


def no_status_card(t: Translator, file: CaseFile) -> str | None:
    return None


@dataclass(frozen=True)
class CaseDesk:
    kind: CaseKind
    card: Callable[[Translator, CaseFile], str]  # the staff chat's summary of a file
    # status → the actions offered, in order; a tuple of actions is a row of its own
    buttons: Mapping[str, tuple[str | ButtonRow, ...]]
    steps: tuple[StaffStep, ...] = ()
    # what the staff message of a file shows besides who acted last (e.g. a score to approve)
    status_card: Callable[[Translator, CaseFile], str | None] = no_status_card
    document_label: Callable[[str, str], str] | None = None  # (document kind, language) → its name

    def step(self, act: str) -> StaffStep | None:
        return next((s for s in self.steps if s.act == act), None)


class StaffChannel(Protocol):
    """The staff chat of the update's platform."""

    async def post_submission(self, ctx: Ctx, case: CaseInfo) -> None: ...

    async def post_slip(self, ctx: Ctx, case: CaseInfo, file_id: str, *, is_pdf: bool) -> None: ...

    async def post_note(self, ctx: Reach, key: str, **args: Any) -> None: ...

    async def post_actions(self, ctx: Ctx, case: CaseInfo) -> None: ...


def role_label(t: Translator, role: str, kind: str) -> str:
    """A role's name in a file's history: a kind may name it its own way (the builder license's
    reviewer is its documents reviewer, بررسی مدارک)."""
    own = f"role-{role}-{kind}"
    return t(own) if t.has(own) else t(f"role-{role}")


def already_text(t: Translator, exc: AlreadyHandled) -> str:
    """Why a staff press changed nothing: who handled the file first, and where it is now."""
    return t("staff-already", name=exc.by_name or t("someone"), status=t(f"status-{exc.status}"))


async def staff_transition(
    ctx: Ctx,
    query: CallbackQuery,
    t: Translator,
    case_id: int,
    action: Action,
    actor: Actor,
    *,
    expected_version: int,
    note: str | None = None,
) -> bool:
    """A staff button's transition against the version it was shown with; when it cannot happen
    (someone was first, or the file has moved on) the press is answered why, and False."""
    try:
        await transition(ctx.session, case_id, action, actor, expected_version=expected_version, note=note)
    except AlreadyHandled as exc:
        ctx.ui.answer(query, already_text(t, exc), alert=True)
        return False
    except WorkflowError:
        ctx.ui.answer(query, t("staff-not-possible"), alert=True)
        return False
    return True
