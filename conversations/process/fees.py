"""One fee mechanism for every application (spec/membership.md §4: approval asks for the fee; a
confirmed payment ends the application): a reusable part of a process, declared by each
application with what asking starts from, what paying leads to and what paying does.

    <from> ─(system) request payment: the amount saved on the case→ awaiting_payment
        the applicant is told the amount and how to pay: an invoice (a provider token is set)
        or the bank account of the kind and a "send the slip" button
    awaiting_payment ─slip (the applicant; logged, posted to the staff chat)
                     ─refuse the slip (finance, a reason: the applicant is told, sends another)
                     ─confirm payment (finance's button, or the messenger's successful_payment)→ <paid>
                         and what paying does (a membership number, a certificate)

The amount and account of each kind come from settings (``Organization.fees``) unless the
application computes its amount (annual dues: the years owed).

A fee paid before applying, its slip among the application's documents (the builder license,
seed 003 checklist 4), is checked by finance while the file is under review (``slip_checks``):

    <under review> ─refuse the slip (finance, a reason: the applicant is told, sends another)
                   ─slip (the applicant; logged, posted to the staff chat)
                   ─slip accepted (finance; once a slip, never after a refusal without a new one)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendInvoice, TelegramMethod
from aiogram.types import InlineKeyboardMarkup, LabeledPrice

from conversations.kit.context import Ctx, Organization, Reach
from conversations.kit.fields import Refused
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DB_INTEGER_MAX, DbId, button, inline
from conversations.kit.platform import PROFILES, PlatformProfile
from conversations.kit.process import (
    APPLICANT,
    FINANCE,
    SYSTEM,
    Button,
    Effect,
    Notice,
    StaffForm,
    Step,
    Told,
    act,
    step,
)
from conversations.kit.staffforms import Note, note_form
from storage import cases
from storage.cases import CaseInfo
from storage.people import UserInfo
from storage.workflow import Action, Actor, Status, TransitionResult, history

PAYLOAD_PREFIX = "fee:"
OLD_PAYLOAD_PREFIX = "membership:"  # invoices sent before the fee mechanism was shared
Amount = Callable[[Reach, CaseInfo], Awaitable[int]]


class PayCb(CallbackData, prefix="p"):
    act: str  # pay (show how to pay again), slip (send a payment slip)
    case: DbId


def invoice_payload(case: CaseInfo) -> str:
    return f"{PAYLOAD_PREFIX}{case.id}"


def case_id_of(payload: str) -> int | None:
    for prefix in (PAYLOAD_PREFIX, OLD_PAYLOAD_PREFIX):
        rest = payload.removeprefix(prefix)
        if payload.startswith(prefix) and rest.isascii() and rest.isdigit() and len(rest) <= 10:
            return int(rest) if int(rest) <= DB_INTEGER_MAX else None
    return None


def amount(profile: PlatformProfile, case: CaseInfo) -> int:
    """The invoice amount in the currency's smallest unit, as the messenger expects it."""
    return int((case.fee_rials or 0) * 10**profile.invoice_amount_exp)


def uses_invoice(org: Organization, platform: str) -> bool:
    """Fees are paid by invoice on ``platform`` (its provider token is set), else by slips."""
    return bool(org.provider_token(platform))


def invoice(org: Organization, profile: PlatformProfile, case: CaseInfo, t: Translator, chat_id: int) -> SendInvoice:
    return SendInvoice(
        chat_id=chat_id,
        # both messengers: title 1–32 characters, description 1–255
        title=t(f"invoice-title-{case.kind}" if t.has(f"invoice-title-{case.kind}") else "invoice-title")[:32],
        description=t("invoice-description", code=case.tracking_code, org=org.name(t.lang))[:255],
        payload=invoice_payload(case),
        provider_token=org.provider_token(profile.name),
        currency=org.payment_currency,
        prices=[LabeledPrice(label=t("invoice-label"), amount=amount(profile, case))],
    )


def slip_button(t: Translator, case: CaseInfo) -> InlineKeyboardMarkup:
    return inline([button(t("btn-send-slip", code=case.tracking_code), PayCb(act="slip", case=case.id))])


def account_of(org: Organization, case: CaseInfo) -> str:
    return org.fee(case.kind).account or "—"


# ---- what the applicant is told ------------------------------------------------------------------


def fee_args(t: Translator, told: Told) -> Mapping[str, Any]:
    case = told.case
    return {"code": case.tracking_code, "fee": t.money(case.fee_rials or 0), "account": account_of(told.org, case)}


def by_invoice(told: Told) -> bool:
    """The applicant's messenger takes invoices (its provider token is set)."""
    return uses_invoice(told.org, told.platform)


def by_slip(told: Told) -> bool:
    return not uses_invoice(told.org, told.platform)


def the_invoice(t: Translator, told: Told, user: UserInfo) -> list[TelegramMethod[Any]]:
    """The invoice itself, after the message that announces it (amounts as the recipient's
    messenger expects them)."""
    return [invoice(told.org, PROFILES[user.platform], told.case, t, user.chat_id)]


def slip_markup(t: Translator, told: Told) -> InlineKeyboardMarkup:
    return slip_button(t, told.case)


def refused_args(t: Translator, told: Told) -> Mapping[str, Any]:
    return {**fee_args(t, told), "reason": told.event.note or "—"}


REFUSED = Notice("notify-slip-refused", refused_args, markup=slip_markup, sms=True)


# ---- the steps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fee:
    """The fee of an application: asked when a file reaches ``asked_from`` (a step's ``then``:
    ``ask``), paid → ``paid_to``, and ``paid_then`` (what paying does). ``asked`` and ``paid``:
    what the applicant is told (by invoice, by slip; once paid). ``amount``: computed, when the
    kind has no fixed fee."""

    asked_from: str
    paid_to: str
    asked: tuple[str, str]  # text keys: asked by invoice, asked by slip
    paid: Notice
    paid_then: Effect | None = None
    amount: Amount | None = None

    async def fee_of(self, reach: Reach, case: CaseInfo) -> int:
        if self.amount is not None:
            return await self.amount(reach, case)
        return reach.services.org_of(case.province).fee(case.kind).rials

    async def ask(self, reach: Reach, done: TransitionResult) -> None:
        """Ask for the fee (the amount saved on the case: what is asked is what is checked)."""
        case = await cases.get_case(reach.session, done.case_id)
        assert case is not None
        fee = await self.fee_of(reach, case)
        await act(
            reach,
            case,
            Action.REQUEST_PAYMENT,
            Actor.system(),
            expected_version=done.version,
            changes={"fee_rials": fee},
        )

    def steps(self) -> tuple[Step, ...]:
        invoice_key, slip_key = self.asked
        return (
            step(
                Action.REQUEST_PAYMENT,
                self.asked_from,
                Status.AWAITING_PAYMENT,
                SYSTEM,
                tell=(
                    Notice(invoice_key, fee_args, when=by_invoice, also=the_invoice, sms=True),
                    Notice(slip_key, fee_args, when=by_slip, markup=slip_markup, sms=True),
                ),
            ),
            step(Action.PAYMENT_SLIP, Status.AWAITING_PAYMENT, None, APPLICANT),
            step(
                Action.CONFIRM_PAYMENT,
                Status.AWAITING_PAYMENT,
                self.paid_to,
                FINANCE | SYSTEM,
                name="paid",
                tell=self.paid,
                then=self.paid_then,
                # guarded by the status alone: a slip or an invoice may have moved the version
                button=Button("btn-staff-paid", row="fee", press=confirm_paid, version_guard=False),
            ),
            step(
                Action.REFUSE_PAYMENT,
                Status.AWAITING_PAYMENT,
                Status.AWAITING_PAYMENT,
                FINANCE,
                name="refuse_payment",
                tell=REFUSED,
                button=Button("btn-staff-refuse-slip", row="fee", form=REFUSE, version_guard=False),
            ),
        )


async def confirm_paid(ctx: Ctx, case: CaseInfo, actor: Actor, paid: Step) -> None:
    """Finance's "payment received": guarded by the status (a second press is refused, naming who)."""
    await act(ctx, case, Action.CONFIRM_PAYMENT, actor)


async def refuse_slip(ctx: Ctx, case: CaseInfo, actor: Actor, answers: Mapping[str, Any]) -> None:
    """Finance refuses a slip with the reason: the file stays awaiting payment, the applicant is
    told why and sends another."""
    await act(ctx, case, Action.REFUSE_PAYMENT, actor, note=Note.of(answers.get("note")).text)


REFUSE = StaffForm(note_form("refuse_payment", "prompt-refuse-slip"), refuse_slip)


def slip_checks(sources: tuple[str, ...]) -> tuple[Step, ...]:
    """Finance's check of a slip that came with the application, while the file is in ``sources``:
    refused with the reason (the applicant sends another, as for a fee asked later), or accepted."""
    # each a step of its status to itself (the history records it; the file stays where it is)
    return (
        step(Action.PAYMENT_SLIP, sources, None, APPLICANT),
        *(
            step(
                Action.REFUSE_PAYMENT,
                source,
                source,
                FINANCE,
                name=f"refuse_slip_{source}",
                tell=REFUSED,
                button=Button("btn-staff-refuse-slip", row="fee", form=REFUSE, version_guard=False),
            )
            for source in sources
        ),
        *(
            step(
                Action.CONFIRM_PAYMENT,
                source,
                source,
                FINANCE,
                name=f"accept_slip_{source}",
                tell=Notice("notify-slip-accepted", fee_args),
                button=Button("btn-staff-slip-accepted", row="fee", press=accept_slip, version_guard=False),
            )
            for source in sources
        ),
    )


FEE_EVENTS = (Action.PAYMENT_SLIP, Action.REFUSE_PAYMENT, Action.CONFIRM_PAYMENT)


async def accept_slip(ctx: Ctx, case: CaseInfo, actor: Actor, accepted: Step) -> None:
    """Finance accepts the slip the file has: once (a second press is refused), and not after a
    refusal until the applicant sends another slip."""
    last = next((e for e in reversed(await history(ctx.session, case.id)) if e.action in FEE_EVENTS), None)
    if last is not None and last.action == Action.CONFIRM_PAYMENT:
        raise Refused("slip-already-accepted")
    if last is not None and last.action == Action.REFUSE_PAYMENT:
        raise Refused("slip-refused-awaiting")
    await act(ctx, case, Action.CONFIRM_PAYMENT, actor)


def awaits_slip(steps: tuple[Step, ...], status: str) -> bool:
    """A file in ``status`` takes a slip from its applicant (its process has the step there)."""
    return any(s.action == Action.PAYMENT_SLIP and status in s.source for s in steps)


async def confirm_payment(reach: Reach, case: CaseInfo, actor: Actor, note: str | None = None) -> None:
    """A payment the messenger confirmed (or finance): → the kind's paid status. Guarded by the
    status: a second confirmation is refused (``WorkflowError``)."""
    await act(reach, case, Action.CONFIRM_PAYMENT, actor, note=note)


__all__ = [
    "REFUSE",
    "Fee",
    "PayCb",
    "account_of",
    "amount",
    "awaits_slip",
    "case_id_of",
    "confirm_payment",
    "invoice",
    "invoice_payload",
    "slip_button",
    "slip_checks",
    "uses_invoice",
]
