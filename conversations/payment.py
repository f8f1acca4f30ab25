"""The membership fee after approval (spec/membership.md §4), in one of two ways:

    approved → awaiting_payment
        ├─ a provider token is configured: an invoice (sendInvoice) → pre-checkout answered
        │     after checking the file, the amount and the payer → successful_payment → member
        └─ no provider token: the organization's bank account → the applicant sends a photo of
              the payment slip → posted to the staff chat → a finance user confirms → member

The cartable offers "pay" again for a file awaiting payment (a lost invoice, a new slip).
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendInvoice
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, LabeledPrice, Message, PreCheckoutQuery

from conversations.context import Ctx
from conversations.engine import Refused, receive_upload
from conversations.i18n import Translator
from conversations.keyboards import NavCb, button, inline
from conversations.review import Review
from storage import cases, documents
from storage.cases import CaseInfo
from storage.files import FileRejected
from storage.workflow import Action, Actor, Status, WorkflowError, log_action

log = logging.getLogger(__name__)
PAYLOAD_PREFIX = "membership:"


class PayCb(CallbackData, prefix="p"):
    act: str  # slip
    case: int


class PaymentFlow(StatesGroup):
    slip = State()


def invoice_payload(case: CaseInfo) -> str:
    return f"{PAYLOAD_PREFIX}{case.id}"


def case_id_of(payload: str) -> int | None:
    rest = payload.removeprefix(PAYLOAD_PREFIX)
    return int(rest) if payload.startswith(PAYLOAD_PREFIX) and rest.isdigit() else None


class Payment:
    def __init__(self, review: Review) -> None:
        self.review = review
        review.on_approved.append(self.request)

    def amount(self, ctx: Ctx, case: CaseInfo) -> int:
        """The invoice amount in the currency's smallest unit, as the messenger expects it."""
        return int((case.fee_rials or 0) * 10**ctx.profile.invoice_amount_exp)

    # ---- asking for the payment ------------------------------------------------------------------

    async def request(self, ctx: Ctx, case: CaseInfo) -> None:
        """Right after approval: tell the applicant the fee and how to pay (to their chat)."""
        fee = case.fee_rials or 0
        if self.uses_invoice(ctx):
            await ctx.notify_user(
                case.messenger_user_id, "notify-approved-invoice", code=case.tracking_code, fee=lambda t: t.money(fee)
            )
            user_chat = await ctx.recipient(case.messenger_user_id)
            if user_chat is not None and ctx.services.notifier is not None:
                chat_id, t = user_chat
                bot = ctx.bot
                invoice = self._invoice(ctx, case, t, chat_id)
                ctx.services.notifier.submit(chat_id, lambda: bot(invoice))
            return
        await ctx.notify_user(
            case.messenger_user_id,
            "notify-approved-slip",
            markup=lambda t: self._slip_button(t, case),
            code=case.tracking_code,
            fee=lambda t: t.money(fee),
            account=ctx.services.org.bank_account or "—",
        )

    def uses_invoice(self, ctx: Ctx) -> bool:
        return bool(ctx.services.org.payment_provider_token)

    def _slip_button(self, t: Translator, case: CaseInfo) -> InlineKeyboardMarkup:
        return inline([button(t("btn-send-slip", code=case.tracking_code), PayCb(act="slip", case=case.id))])

    def _invoice(self, ctx: Ctx, case: CaseInfo, t: Translator, chat_id: int) -> SendInvoice:
        return SendInvoice(
            chat_id=chat_id,
            title=t("invoice-title"),
            description=t("invoice-description", code=case.tracking_code, org=ctx.services.org.name(t.lang)),
            payload=invoice_payload(case),
            provider_token=ctx.services.org.payment_provider_token,
            currency=ctx.services.org.payment_currency,
            prices=[LabeledPrice(label=t("invoice-label"), amount=self.amount(ctx, case))],
        )

    async def on_pay_button(self, query: CallbackQuery, callback_data: NavCb, ctx: Ctx) -> None:
        """The cartable's "pay" for a file awaiting payment: the invoice again, or the slip offer."""
        case = await self._own_case(ctx, callback_data.arg)
        if case is None:
            await query.answer(ctx.t("status-not-found"), show_alert=True)
            return
        await query.answer()
        t = ctx.t
        if self.uses_invoice(ctx):
            await ctx.bot(self._invoice(ctx, case, t, ctx.chat_id))
            return
        await ctx.ui.send(
            ctx.chat_id,
            t(
                "pay-slip-how",
                code=case.tracking_code,
                fee=t.money(case.fee_rials or 0),
                account=ctx.services.org.bank_account or "—",
            ),
            self._slip_button(t, case),
        )

    async def _own_case(self, ctx: Ctx, case_ref: str | int) -> CaseInfo | None:
        """The applicant's own file awaiting payment (anything else looks like a wrong file)."""
        applicant = await ctx.applicant()
        if applicant is None or not str(case_ref).isdigit():
            return None
        case = await cases.get_case(ctx.session, int(case_ref))
        if case is None or case.applicant_id != applicant.id or case.status != Status.AWAITING_PAYMENT:
            return None
        return case

    # ---- the invoice path ------------------------------------------------------------------------

    async def on_pre_checkout(self, query: PreCheckoutQuery, ctx: Ctx) -> None:
        """Answer within seconds: yes only for the payer's own file awaiting exactly this amount."""
        t = ctx.t
        case_id = case_id_of(query.invoice_payload)
        case = await self._own_case(ctx, case_id) if case_id is not None else None
        if case is None:
            await query.answer(ok=False, error_message=t("pay-not-awaited"))
            return
        if query.currency != ctx.services.org.payment_currency or query.total_amount != self.amount(ctx, case):
            log.warning("pre-checkout for case %s with a different amount refused", case.id)
            await query.answer(ok=False, error_message=t("pay-amount-changed"))
            return
        await query.answer(ok=True)

    async def on_successful_payment(self, message: Message, ctx: Ctx) -> None:
        payment = message.successful_payment
        assert payment is not None
        case_id = case_id_of(payment.invoice_payload)
        case = await cases.get_case(ctx.session, case_id) if case_id is not None else None
        if case is None or case.status != Status.AWAITING_PAYMENT:
            # paid twice, or for a file no longer awaiting payment: finance must look at it
            log.error("successful payment for case %s that is not awaiting payment", case_id)
            await ctx.send("pay-received-check")
            await self.review.post_note(ctx, "staff-payment-unexpected", code=case.tracking_code if case else "—")
            return
        note = f"{payment.total_amount} {payment.currency} · {payment.provider_payment_charge_id}"
        try:
            await self.review.confirm_payment(ctx, case, Actor.system(), note=note)
        except WorkflowError:
            await ctx.send("pay-received-check")
            return
        await self.review.post_note(ctx, "staff-paid-online", code=case.tracking_code)

    # ---- the payment-slip path ---------------------------------------------------------------------

    async def on_slip_button(self, query: CallbackQuery, callback_data: PayCb, ctx: Ctx) -> None:
        case = await self._own_case(ctx, callback_data.case)
        if case is None:
            await query.answer(ctx.t("status-not-found"), show_alert=True)
            return
        await query.answer()
        await ctx.state.set_state(PaymentFlow.slip)
        await ctx.state.set_data({"case": case.id})
        await ctx.send("pay-send-slip", code=case.tracking_code)

    async def on_slip(self, message: Message, ctx: Ctx) -> None:
        data = await ctx.state.get_data()
        case = await self._own_case(ctx, data.get("case", ""))
        if case is None:
            await ctx.state.clear()
            await ctx.send("pay-not-awaited")
            return
        try:
            upload = await receive_upload(ctx, message, allow_pdf=True, expected="expect-document")
        except (Refused, FileRejected) as exc:
            await ctx.ui.send(ctx.chat_id, ctx.t(exc.key, **exc.params))
            await ctx.send("pay-send-slip", code=case.tracking_code)
            return
        await documents.add_document(
            ctx.session,
            case.id,
            documents.PAYMENT_SLIP,
            documents.PAYMENT_SLIP,
            upload.stored,
            file_id=upload.file_id,
            file_unique_id=upload.file_unique_id,
        )
        try:
            await log_action(ctx.session, case.id, Action.PAYMENT_SLIP, Actor.applicant())
        except WorkflowError:
            await ctx.send("pay-not-awaited")
            return
        await ctx.state.clear()
        await ctx.send("pay-slip-received", code=case.tracking_code)
        fresh = await cases.get_case(ctx.session, case.id)
        assert fresh is not None
        await self.review.post_slip(ctx, fresh, upload.file_id, is_pdf=upload.stored.content_type == "application/pdf")

    def router(self) -> Router:
        router = Router(name="payment")
        router.pre_checkout_query.register(self.on_pre_checkout)
        router.message.register(self.on_successful_payment, F.successful_payment)
        router.callback_query.register(self.on_pay_button, NavCb.filter(F.act == "pay"))
        router.callback_query.register(self.on_slip_button, PayCb.filter())
        router.message.register(self.on_slip, PaymentFlow.slip, F.photo | F.document | F.text | F.sticker | F.voice)
        return router
