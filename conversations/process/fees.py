"""The membership fee (spec/membership.md §4): approval asks for it, a confirmed payment ends the
application with a membership number.

    in_review ─approve→ approved ─(system) request payment→ awaiting_payment
        the applicant is told the fee and how to pay: an invoice (a provider token is set)
        or the bank account and a "send the slip" button
    awaiting_payment ─confirm payment (finance's button, or the messenger's successful_payment)→ member
"""

from __future__ import annotations

import jdatetime
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendInvoice
from aiogram.types import InlineKeyboardMarkup, LabeledPrice

from conversations.kit.context import Ctx, Reach
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DB_INTEGER_MAX, DbId, button, inline
from conversations.kit.platform import PlatformProfile
from storage import cases
from storage.cases import CaseInfo
from storage.workflow import Action, Actor, transition

PAYLOAD_PREFIX = "membership:"


class PayCb(CallbackData, prefix="p"):
    act: str  # pay (show how to pay again), slip (send a payment slip)
    case: DbId


def invoice_payload(case: CaseInfo) -> str:
    return f"{PAYLOAD_PREFIX}{case.id}"


def case_id_of(payload: str) -> int | None:
    rest = payload.removeprefix(PAYLOAD_PREFIX)
    if not (payload.startswith(PAYLOAD_PREFIX) and rest.isascii() and rest.isdigit() and len(rest) <= 10):
        return None
    return int(rest) if int(rest) <= DB_INTEGER_MAX else None


def amount(profile: PlatformProfile, case: CaseInfo) -> int:
    """The invoice amount in the currency's smallest unit, as the messenger expects it."""
    return int((case.fee_rials or 0) * 10**profile.invoice_amount_exp)


def uses_invoice(ctx: Ctx) -> bool:
    return bool(ctx.services.org.provider_token(ctx.profile.name))


def invoice(ctx: Ctx, case: CaseInfo, t: Translator, chat_id: int) -> SendInvoice:
    org = ctx.services.org
    return SendInvoice(
        chat_id=chat_id,
        # both messengers: title 1–32 characters, description 1–255
        title=t("invoice-title")[:32],
        description=t("invoice-description", code=case.tracking_code, org=org.name(t.lang))[:255],
        payload=invoice_payload(case),
        provider_token=org.provider_token(ctx.profile.name),
        currency=org.payment_currency,
        prices=[LabeledPrice(label=t("invoice-label"), amount=amount(ctx.profile, case))],
    )


def slip_button(t: Translator, case: CaseInfo) -> InlineKeyboardMarkup:
    return inline([button(t("btn-send-slip", code=case.tracking_code), PayCb(act="slip", case=case.id))])


async def approve(ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
    """Approve → awaiting payment of the organization's fee, and the applicant is asked for it."""
    fee = ctx.services.org.membership_fee_rials
    result = await transition(ctx.session, case.id, Action.APPROVE, actor, expected_version=case.version)
    await transition(
        ctx.session,
        case.id,
        Action.REQUEST_PAYMENT,
        Actor.system(),
        expected_version=result.version,
        changes={"fee_rials": fee},
    )
    fresh = await cases.get_case(ctx.session, case.id)
    assert fresh is not None
    await ask_for_payment(ctx, fresh)


async def ask_for_payment(ctx: Ctx, case: CaseInfo) -> None:
    """Tell the applicant the fee and how to pay (to their own chat, after commit)."""
    fee = case.fee_rials or 0
    if uses_invoice(ctx):
        await ctx.outbox.tell(
            case.messenger_user_id, "notify-approved-invoice", code=case.tracking_code, fee=lambda t: t.money(fee)
        )
        found = await ctx.outbox.recipient(case.messenger_user_id)
        if found is not None:
            user, t = found
            await ctx.outbox.send(user.chat_id, invoice(ctx, case, t, user.chat_id), platform=user.platform)
        return
    await ctx.outbox.tell(
        case.messenger_user_id,
        "notify-approved-slip",
        markup=lambda t: slip_button(t, case),
        code=case.tracking_code,
        fee=lambda t: t.money(fee),
        account=ctx.services.org.bank_account or "—",
    )


async def confirm_payment(ctx: Reach, case: CaseInfo, actor: Actor, note: str | None = None) -> None:
    """Payment received → member, with a membership number. Guarded by the status: a second
    confirmation is refused (``WorkflowError``)."""
    year = jdatetime.date.today().year
    number = f"{(case.province or 'IR-00')[3:]}-{year}-{case.id:05d}"
    await transition(
        ctx.session, case.id, Action.CONFIRM_PAYMENT, actor, note=note, changes={"membership_number": number}
    )
    await ctx.outbox.tell(case.messenger_user_id, "notify-member", code=case.tracking_code, number=number)
