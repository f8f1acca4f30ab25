"""The membership fee after approval (spec/membership.md §4), in one of two ways:

    awaiting_payment (``process.fees`` told the applicant the fee)
        ├─ a provider token is configured: an invoice (sendInvoice) → pre-checkout answered
        │     after checking the file, the amount and the payer → successful_payment → member
        └─ no provider token: the organization's bank account → "send the slip" → slip(photo or PDF)
              → posted to the staff chat → a finance user confirms (the review dialog) → member
    slip: anything but a photo or a PDF → the reason, and the same request again

The cartable offers "pay" again for a file awaiting payment (a lost invoice, a new slip).
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message, PreCheckoutQuery

from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.fields import Refused
from conversations.kit.keyboards import DB_INTEGER_MAX
from conversations.kit.position import Position, at
from conversations.kit.staffing import StaffChannel
from conversations.kit.uploads import FileRejected, receive_upload, save_document
from conversations.process import fees
from conversations.process.fees import PayCb
from storage import cases, documents
from storage.cases import CaseInfo
from storage.workflow import Action, Actor, Status, WorkflowError, log_action

log = logging.getLogger(__name__)
SLIP = "payment:slip"


class Payment:
    def __init__(self, channel: StaffChannel) -> None:
        self.channel = channel

    async def _own_case(self, ctx: Ctx, case_ref: str | int | None) -> CaseInfo | None:
        """The applicant's own file awaiting payment (anything else looks like a wrong file)."""
        applicant = await ctx.applicant()
        if applicant is None or case_ref is None or not str(case_ref).isdigit() or int(case_ref) > DB_INTEGER_MAX:
            return None
        case = await cases.get_case(ctx.session, int(case_ref))
        if case is None or case.applicant_id != applicant.id or case.status != Status.AWAITING_PAYMENT:
            return None
        return case

    async def on_pay_button(self, query: CallbackQuery, callback_data: PayCb, ctx: Ctx) -> None:
        """The cartable's "pay": the invoice again, or how to pay by slip."""
        case = await self._own_case(ctx, callback_data.case)
        if case is None:
            ctx.ui.answer(query, ctx.t("status-not-found"), alert=True)
            return
        ctx.ui.answer(query)
        t = ctx.t
        if fees.uses_invoice(ctx):
            ctx.ui.call(fees.invoice(ctx, case, t, ctx.chat_id))
            return
        ctx.ui.send(
            ctx.chat_id,
            t(
                "pay-slip-how",
                code=case.tracking_code,
                fee=t.money(case.fee_rials or 0),
                account=ctx.services.org.bank_account or "—",
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
        org = ctx.services.org
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
            await self.channel.post_note(ctx, "staff-payment-unexpected", code=case.tracking_code if case else "—")
            return
        note = f"{payment.total_amount} {payment.currency} · {payment.provider_payment_charge_id}"
        try:
            await fees.confirm_payment(ctx, case, Actor.system(), note=note)
        except WorkflowError:
            ctx.send("pay-received-check")
            return
        await self.channel.post_note(ctx, "staff-paid-online", code=case.tracking_code)

    # ---- the payment-slip path ---------------------------------------------------------------------

    async def on_slip_button(self, query: CallbackQuery, callback_data: PayCb, ctx: Ctx) -> None:
        case = await self._own_case(ctx, callback_data.case)
        if case is None:
            ctx.ui.answer(query, ctx.t("status-not-found"), alert=True)
            return
        ctx.ui.answer(query)
        await ctx.position.set(Position(SLIP, case=case.id))
        ctx.send("pay-send-slip", code=case.tracking_code)

    async def _slip_case(self, ctx: Ctx) -> CaseInfo | None:
        """The file whose slip the position waits for; if it no longer waits, that is said."""
        position = await ctx.position.get()
        case = await self._own_case(ctx, position.case if position else None)
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
        router.message.register(self.on_successful_payment, F.successful_payment)
        router.callback_query.register(self.on_pay_button, PayCb.filter(F.act == "pay"))
        router.callback_query.register(self.on_slip_button, PayCb.filter(F.act == "slip"))
        router.message.register(self.on_slip, at(SLIP))
        return router
