"""Paying a fee an application asked for (``process.fees``: the membership fee after approval,
spec/membership.md §4; the annual dues), in one of two ways:

    awaiting_payment (the relay told the applicant the fee)
        ├─ a provider token is configured: an invoice (sendInvoice) → pre-checkout answered
        │     after checking the file, the amount and the payer → successful_payment → member;
        │     on Bale the wallet confirms it first (inquireTransaction, ``kit.wallet``):
        │         paid → member · failed/rejected → not applied, the applicant told, a staff line
        │         pending/no answer → a payment check (a table row: a restart forgets nothing),
        │             asked again later by the bot's checker until it is decided
        │         no such method → member, as on Telegram
        └─ no provider token: the organization's bank account → "send the slip" → slip(photo or PDF)
              → posted to the staff chat → a finance user confirms, or refuses it with a reason
              (the staff side) → paid (member; settled) / another slip
    slip: anything but a photo or a PDF → the reason, and the same request again

The cartable offers "pay" again for a file awaiting payment (a lost invoice, a new slip).
"""

from __future__ import annotations

import datetime as dt
import logging

from aiogram import Bot, F, Router
from aiogram.filters import MagicData
from aiogram.types import CallbackQuery, Message, PreCheckoutQuery

from conversations.kit import wallet
from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx, Reach
from conversations.kit.fields import Refused
from conversations.kit.keyboards import DB_INTEGER_MAX
from conversations.kit.position import Position, at
from conversations.kit.staffing import StaffChannel
from conversations.kit.uploads import FileRejected, receive_upload, save_document
from conversations.kit.wallet import Paid
from conversations.process import fees
from conversations.process.fees import PayCb
from storage import cases, documents, payment_checks
from storage.cases import CaseInfo
from storage.payment_checks import PaymentCheckInfo
from storage.workflow import Action, Actor, Status, WorkflowError, log_action

log = logging.getLogger(__name__)
SLIP = "payment:slip"
CHECKS_BEFORE_GIVING_UP = 60  # about a day and a half at the longest wait


def check_delay(attempts: int) -> dt.timedelta:
    """How long before asking the wallet again: 30 s, doubling, at most 30 minutes."""
    return dt.timedelta(seconds=min(30 * 2**attempts, 1800))


class Payment:
    def __init__(self, channel: StaffChannel) -> None:
        self.channel = channel

    async def _own_case(self, ctx: Ctx, case_ref: str | int | None, *, slip: bool = False) -> CaseInfo | None:
        """The applicant's own file awaiting payment — with ``slip``, or whose process takes a slip
        in its status (a fee paid before applying, refused by finance) — anything else looks like
        a wrong file."""
        applicant = await ctx.applicant()
        if applicant is None or case_ref is None or not str(case_ref).isdigit() or int(case_ref) > DB_INTEGER_MAX:
            return None
        case = await cases.get_case(ctx.session, int(case_ref))
        if case is None or case.applicant_id != applicant.id:
            return None
        if case.status == Status.AWAITING_PAYMENT:
            return case
        if slip and fees.awaits_slip(ctx.services.process(case.kind).steps, case.status):
            return case
        return None

    async def on_pay_button(self, query: CallbackQuery, callback_data: PayCb, ctx: Ctx) -> None:
        """The cartable's "pay": the invoice again, or how to pay by slip."""
        case = await self._own_case(ctx, callback_data.case)
        if case is None:
            ctx.ui.answer(query, ctx.t("status-not-found"), alert=True)
            return
        ctx.ui.answer(query)
        t = ctx.t
        org = ctx.services.org_of(case.province)
        if fees.uses_invoice(org, ctx.profile.name):
            ctx.ui.call(fees.invoice(org, ctx.profile, case, t, ctx.chat_id))
            return
        ctx.ui.send(
            ctx.chat_id,
            t(
                "pay-slip-how",
                code=case.tracking_code,
                fee=t.money(case.fee_rials or 0),
                account=fees.account_of(org, case),
            ),
            fees.slip_button(t, case),
        )

    # ---- the invoice path ------------------------------------------------------------------------

    async def on_pre_checkout(self, query: PreCheckoutQuery, ctx: Ctx) -> None:
        """Answer within seconds: yes only for the payer's own file awaiting exactly this amount."""
        t = ctx.t
        case = await self._own_case(ctx, fees.case_id_of(query.invoice_payload))
        if case is None:
            ctx.ui.call(query.answer(ok=False, error_message=t("pay-not-awaited")))
            return
        org = ctx.services.org_of(case.province)
        if query.currency != org.payment_currency or query.total_amount != fees.amount(ctx.profile, case):
            log.warning("pre-checkout for case %s with a different amount refused", case.id)
            ctx.ui.call(query.answer(ok=False, error_message=t("pay-amount-changed")))
            return
        ctx.ui.call(query.answer(ok=True))

    async def on_successful_payment(self, message: Message, ctx: Ctx) -> None:
        payment = message.successful_payment
        assert payment is not None
        case_id = fees.case_id_of(payment.invoice_payload)
        case = await cases.get_case(ctx.session, case_id) if case_id is not None else None
        if case is None or case.status != Status.AWAITING_PAYMENT:
            # paid twice, or for a file no longer awaiting payment: finance must look at it
            log.error("successful payment for case %s that is not awaiting payment", case_id)
            ctx.send("pay-received-check")
            await self.channel.post_note(
                ctx,
                "staff-payment-unexpected",
                province=case.province if case else None,
                code=case.tracking_code if case else "—",
            )
            return
        note = f"{payment.total_amount} {payment.currency} · {payment.provider_payment_charge_id}"
        transaction = payment.telegram_payment_charge_id
        paid = await wallet.inquire(ctx.bot, ctx.profile, transaction)
        if paid in (Paid.PENDING, Paid.UNKNOWN):
            await payment_checks.add(ctx.session, case.id, ctx.profile.name, transaction, note, after=check_delay(0))
            ctx.send("pay-pending", code=case.tracking_code)
            return
        if not await self.settle(ctx, case, paid, note):
            ctx.send("pay-received-check")

    async def settle(self, ctx: Reach, case: CaseInfo, paid: Paid, note: str) -> bool:
        """Apply the wallet's answer about a payment for ``case`` (awaiting payment): paid (or no
        wallet to ask) → member; failed or rejected → nothing changes, the applicant and the staff
        chat are told. False if the file could not be confirmed (it moved on meanwhile)."""
        if paid in (Paid.FAILED, Paid.REJECTED):
            await ctx.outbox.tell(case.messenger_user_id, "pay-failed", code=case.tracking_code)
            await self.channel.post_note(
                ctx, "staff-payment-failed", province=case.province, code=case.tracking_code, status=str(paid)
            )
            return True
        try:
            await fees.confirm_payment(ctx, case, Actor.system(), note=note)
        except WorkflowError:
            return False
        await self.channel.post_note(ctx, "staff-paid-online", province=case.province, code=case.tracking_code)
        return True

    async def check_again(self, ctx: Reach, bot: Bot, check: PaymentCheckInfo) -> None:
        """A payment check that has come due (the bot's checker, outside any update; ``check`` is
        claimed): ask the wallet again, then settle, wait longer, or give up and tell finance."""
        case = await cases.get_case(ctx.session, check.case_id)
        if case is None or case.status != Status.AWAITING_PAYMENT:
            await payment_checks.decide(ctx.session, check.id, "moot")  # confirmed by finance meanwhile
            return
        paid = await wallet.inquire(bot, ctx.profile, check.transaction_id)
        if paid not in (Paid.PENDING, Paid.UNKNOWN):
            await payment_checks.decide(ctx.session, check.id, str(paid))
            if not await self.settle(ctx, case, paid, check.note):
                await self.channel.post_note(
                    ctx, "staff-payment-unexpected", province=case.province, code=case.tracking_code
                )
            return
        if check.attempts >= CHECKS_BEFORE_GIVING_UP:
            await payment_checks.decide(ctx.session, check.id, "gave_up")
            await self.channel.post_note(
                ctx,
                "staff-payment-unconfirmed",
                province=case.province,
                code=case.tracking_code,
                transaction=check.transaction_id,
            )
            return
        await payment_checks.reschedule(ctx.session, check.id, after=check_delay(check.attempts))

    # ---- the payment-slip path ---------------------------------------------------------------------

    async def on_slip_button(self, query: CallbackQuery, callback_data: PayCb, ctx: Ctx) -> None:
        case = await self._own_case(ctx, callback_data.case, slip=True)
        if case is None:
            ctx.ui.answer(query, ctx.t("status-not-found"), alert=True)
            return
        ctx.ui.answer(query)
        await ctx.position.set(Position(SLIP, case=case.id))
        ctx.send("pay-send-slip", code=case.tracking_code)

    async def _slip_case(self, ctx: Ctx) -> CaseInfo | None:
        """The file whose slip the position waits for; if it no longer waits, that is said."""
        position = await ctx.position.get()
        case = await self._own_case(ctx, position.case if position else None, slip=True)
        if case is None:
            await ctx.position.clear()
            ctx.send("pay-not-awaited")
        return case

    async def on_slip(self, message: Message, ctx: Ctx) -> None:
        case = await self._slip_case(ctx)
        if case is None:
            return
        try:
            upload = await receive_upload(ctx, message, allow_pdf=True, expected="expect-document")
        except (Refused, FileRejected) as exc:
            ctx.ui.send(ctx.chat_id, ctx.t(exc.key, **exc.params))
            ctx.send("pay-send-slip", code=case.tracking_code)
            return
        await save_document(ctx, case.id, documents.PAYMENT_SLIP, None, upload)
        try:
            await log_action(ctx.session, case.id, Action.PAYMENT_SLIP, Actor.applicant())
        except WorkflowError:
            ctx.send("pay-not-awaited")
            return
        await ctx.position.clear()
        ctx.send("pay-slip-received", code=case.tracking_code)
        fresh = await cases.get_case(ctx.session, case.id)
        assert fresh is not None
        await self.channel.post_slip(ctx, fresh, upload.file_id, is_pdf=upload.stored.content_type == "application/pdf")

    async def remind(self, ctx: Ctx) -> None:
        """The slip is awaited (shown again after a button of another step)."""
        case = await self._slip_case(ctx)
        if case is not None:
            ctx.send("pay-send-slip", code=case.tracking_code)

    def router(self) -> Router:
        router = Router(name="payment")
        router.message.filter(InPrivate())
        router.callback_query.filter(InPrivate())
        router.pre_checkout_query.register(self.on_pre_checkout)
        router.message.register(self.on_successful_payment, MagicData(F.event.successful_payment))
        router.callback_query.register(self.on_pay_button, PayCb.filter(F.act == "pay"))
        router.callback_query.register(self.on_slip_button, PayCb.filter(F.act == "slip"))
        router.message.register(self.on_slip, at(SLIP))
        return router
