"""What the staff side reads of an application, declared next to it (``CaseDesk``): the card staff
read in the staff chat and what a status adds to it. Its steps, their buttons and who may press
each are the application's process (``kit.process``); the staff dialogs (``conversations.staff``)
run them for every application alike.

And the staff chat as the dialogs see it (``StaffChannel``): the wiring gives them the staff
side's implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from conversations.kit.context import Ctx, Organization, Reach
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DbId
from storage.cases import CaseFile, CaseInfo
from storage.workflow import AlreadyHandled


class StaffCb(CallbackData, prefix="s"):
    """A button of a file on the staff side (the staff chat, ``/case``, a screen in private): the
    step of the file's process it takes (``full``: the whole file, ``docs``: its documents, for any
    staff member)."""

    act: str  # a step's name, e.g. take, return, approve, letter_disciplinary
    case: DbId
    ver: DbId  # the case's version the button was made with


FULL = "full"
DOCUMENTS = "docs"  # the file's documents, in the presser's private chat


class OpenFormCb(CallbackData, prefix="sf"):
    """A screen's button that opens one of its staff forms (a project's grey part, worksheet 5)."""

    fm: str  # the form
    case: DbId
    i: DbId = 0  # its item (0: none)


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None


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


def no_status_card(t: Translator, file: CaseFile, org: Organization) -> str | None:
    return None


Labels = Callable[[str, str], str]  # a returned section's or document's key, and a language → its name


@dataclass(frozen=True)
class CaseDesk:
    # the staff chat's summary of a file; ``Organization``: the file's province's (its rules)
    card: Callable[[Translator, CaseFile, Labels, Organization], str]
    # what the staff message of a file shows besides who acted last (e.g. a score to approve)
    status_card: Callable[[Translator, CaseFile, Organization], str | None] = no_status_card


class StaffChannel(Protocol):
    """The staff chat of the update's platform."""

    async def post_submission(self, ctx: Ctx, case: CaseInfo) -> None: ...

    async def post_slip(self, ctx: Ctx, case: CaseInfo, file_id: str, *, is_pdf: bool) -> None: ...

    async def post_note(self, ctx: Reach, key: str, *, province: str | None, **args: Any) -> None: ...

    async def post_actions(self, ctx: Reach, case: CaseInfo) -> None: ...


def role_label(t: Translator, role: str, kind: str) -> str:
    """A role's name in a file's history: a kind may name it its own way (the builder license's
    reviewer is its documents reviewer, بررسی مدارک)."""
    own = f"role-{role}-{kind}"
    return t(own) if t.has(own) else t(f"role-{role}")


def already_text(t: Translator, exc: AlreadyHandled) -> str:
    """Why a staff press changed nothing: who handled the file first, and where it is now."""
    return t("staff-already", name=exc.by_name or t("someone"), status=t(f"status-{exc.status}"))
