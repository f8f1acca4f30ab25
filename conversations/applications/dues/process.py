"""Annual dues, the organization's side, one line per step:

    draft ─submit (the member confirms the years owed)→ submitted ─(system) the dues asked→
    awaiting_payment ─slip / slip refused (finance, a reason) / paid (finance, or the messenger's
    payment)→ settled: the settlement certificate issued (numbered, the years it covers) and
    sent to the member

Nothing to review: finance's is the only staff step (the fee's, shared with membership).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from aiogram.methods import SendDocument, TelegramMethod

from conversations.kit.context import Reach
from conversations.kit.i18n import Translator
from conversations.kit.issued import issued_reference, register_issued
from conversations.kit.process import APPLICANT, Notice, Process, Told, step
from conversations.process.fees import Fee
from scoring.validators import jalali_year
from storage import cases, issued
from storage.cases import CaseInfo, Part
from storage.people import UserInfo
from storage.standing import SETTLEMENT_CERTIFICATE
from storage.workflow import Action, Status, TransitionResult

KIND = "dues"


class DuesStatus(StrEnum):
    SETTLED = "settled"


SETTLED = DuesStatus.SETTLED


async def dues_amount(reach: Reach, case: CaseInfo) -> int:
    """The total of the years the member confirmed."""
    answers = await cases.answers(reach.session, case.id)
    return int(answers.get("dues", {}).get("amount") or 0)


async def issue_certificate(reach: Reach, paid: TransitionResult) -> None:
    """Paid: finance's settlement certificate, numbered from the organization's letters, for the
    years the file paid (through its last)."""
    case = await cases.get_case(reach.session, paid.case_id)
    assert case is not None
    answers = (await cases.answers(reach.session, case.id)).get("dues", {})
    number = await member_number(reach, case)
    certificate = await issued.issue(
        reach.session,
        case.id,
        SETTLEMENT_CERTIFICATE,
        {
            "from_year": int(answers.get("from_year") or 0),
            "through_year": int(answers.get("through_year") or 0),
            "membership_number": number,
            "amount": int(answers.get("amount") or 0),
        },
        year=jalali_year(),
        issued_by=paid.event.actor_staff_id,
    )
    await register_issued(reach.session, reach.services, certificate)  # its verification code (issue 27)


async def member_number(reach: Reach, case: CaseInfo) -> str | None:
    from storage.standing import standing

    return (await standing(reach.session, case.applicant_id)).membership_number


def current_certificate(told: Told) -> issued.IssuedInfo | None:
    return next(
        (d for d in reversed(told.file.issued) if d.kind == SETTLEMENT_CERTIFICATE and d.superseded_at is None), None
    )


def settled_args(t: Translator, told: Told) -> Mapping[str, Any]:
    found = current_certificate(told)
    return {
        "code": told.case.tracking_code,
        "year": t.digits(found.data.get("through_year", "—") if found else "—"),
        "number": t.digits(found.number if found else "—"),
    }


def the_certificate(t: Translator, told: Told, user: UserInfo) -> Sequence[TelegramMethod[Any]]:
    """The certificate itself, rendered when it is sent (in the member's language)."""
    found = current_certificate(told)
    if found is None:
        return []
    caption = t("dues-certificate-caption", number=t.digits(found.number))
    return [SendDocument(chat_id=user.chat_id, document=issued_reference(found.id, t.lang), caption=caption)]


FEE = Fee(
    asked_from=Status.SUBMITTED,
    paid_to=SETTLED,
    asked=("notify-dues-invoice", "notify-dues-slip"),
    paid=Notice("notify-dues-settled", settled_args, also=the_certificate, sms=True),
    paid_then=issue_certificate,
    amount=dues_amount,
)

PROCESS = Process(
    kind=KIND,
    steps=(
        step(Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, APPLICANT, then=FEE.ask),
        *FEE.steps(),
    ),
    final=frozenset({SETTLED}),
    waiting=frozenset({Status.DRAFT, Status.AWAITING_PAYMENT}),
    decisions=frozenset({Action.CONFIRM_PAYMENT}),
    review_outcomes=frozenset({Action.CONFIRM_PAYMENT, Action.REFUSE_PAYMENT, Action.REQUEST_PAYMENT}),
    parts=frozenset({Part.STANDING, Part.ISSUED}),
)
