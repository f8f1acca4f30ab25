"""What the staff side knows of an application kind, declared next to the application: the card
staff read in the staff chat, the buttons per status, and the kind's own review steps (the
generic ones — take, return, reject, set office, show the full file — are the review dialog's).
A new kind adds its steps and buttons here, without editing the review dialog.

And the staff chat as the dialogs below ``conversations.staff`` see it (``StaffChannel``): the
wiring gives them the staff side's implementation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from conversations.kit.context import Ctx, Reach
from conversations.kit.i18n import Translator
from storage.cases import CaseFile, CaseInfo
from storage.workflow import Actor, CaseKind, Role

REVIEWERS = (Role.REVIEWER, Role.ADMIN)
FINANCE = (Role.FINANCE, Role.ADMIN)

StepRun = Callable[[Ctx, CaseInfo, Actor], Awaitable[None]]


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
    roles: tuple[Role, ...]  # who may press it
    acts_as: Role  # the role a presser acts in (admins act as admins)
    run: StepRun  # the workflow step and its side effects (e.g. ``process.fees.approve``)
    version_guard: bool = True  # False: guarded by the status alone (a payment may move the version)


@dataclass(frozen=True)
class CaseDesk:
    kind: CaseKind
    card: Callable[[Translator, CaseFile], str]  # the staff chat's summary of a file
    buttons: Mapping[str, tuple[str, ...]]  # status → the actions offered, in order
    steps: tuple[StaffStep, ...] = ()

    def step(self, act: str) -> StaffStep | None:
        return next((s for s in self.steps if s.act == act), None)


class StaffChannel(Protocol):
    """The staff chat of the update's platform."""

    async def post_submission(self, ctx: Ctx, case: CaseInfo) -> None: ...

    async def post_slip(self, ctx: Ctx, case: CaseInfo, file_id: str, *, is_pdf: bool) -> None: ...

    async def post_note(self, ctx: Reach, key: str, **args: Any) -> None: ...
