"""The membership application's organization side (spec/membership.md §3–5), one line per step:

    draft ─submit→ submitted ─take→ in_review ─approve→ approved ─(system) fee asked→ awaiting_payment
                                       ├─return (notes)→ returned ─resubmit→ submitted …
                                       └─reject (a reason)→ rejected
    awaiting_payment ─slip (applicant) / slip refused (finance, a reason) / payment received
        (finance, or the messenger's payment)→ member, with a membership number
    submitted, in_review ─office (staff confirm or change the applicant's office)→ logged

Who may take each step, what the applicant is told and the staff chat's buttons are stated
here, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import jdatetime

from conversations.kit.context import Reach
from conversations.kit.i18n import Translator
from conversations.kit.process import (
    REVIEW,
    Button,
    Generic,
    Notice,
    Process,
    Told,
    rejecting,
    returning,
    step,
    submitting,
    taking,
)
from conversations.process.fees import Fee
from storage import cases
from storage.cases import Part
from storage.standing import MEMBER, MEMBERSHIP
from storage.workflow import Action, Status, TransitionResult


class MembershipStatus(StrEnum):
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    MEMBER = MEMBER


M = MembershipStatus


async def give_number(reach: Reach, paid: TransitionResult) -> None:
    """The membership number, once the fee is paid: province, Jalali year, file."""
    case = await cases.get_case(reach.session, paid.case_id)
    assert case is not None
    number = f"{(case.province or 'IR-00')[3:]}-{jdatetime.date.today().year}-{case.id:05d}"
    await cases.assign_membership_number(reach.session, case.id, number)


def member_args(t: Translator, told: Told) -> Mapping[str, Any]:
    return {"code": told.case.tracking_code, "number": t.identifier(told.case.membership_number or "—")}


FEE = Fee(
    asked_from=M.APPROVED,
    paid_to=M.MEMBER,
    asked=("notify-approved-invoice", "notify-approved-slip"),
    paid=Notice("notify-member", member_args, sms=True),
    paid_then=give_number,
)

PROCESS = Process(
    kind=MEMBERSHIP,
    steps=(
        *submitting(),
        taking(M.IN_REVIEW, Notice("notify-in-review-membership")),
        step(
            Action.APPROVE,
            M.IN_REVIEW,
            M.APPROVED,
            REVIEW,
            button=Button("btn-staff-approve"),
            then=FEE.ask,
            quiet="the fee it asks for tells the applicant (approved, and the fee)",
        ),
        returning((M.IN_REVIEW,)),
        rejecting((M.IN_REVIEW,)),
        # spec §2.1: staff confirm or change the office the applicant suggested
        step(
            Action.SET_OFFICE,
            (Status.SUBMITTED, M.IN_REVIEW),
            None,
            REVIEW,
            name="office",
            button=Button("btn-staff-office", generic=Generic.OFFICE),
        ),
        *FEE.steps(),
    ),
    final=frozenset({M.MEMBER, Status.REJECTED}),
    waiting=frozenset({Status.DRAFT, Status.RETURNED, Status.AWAITING_PAYMENT}),
    parts=frozenset({Part.DEGREES, Part.FAMILY, Part.OFFICES}),
)
