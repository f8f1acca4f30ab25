"""The cartable (spec/membership.md §5): the applicant's files, a 🔴 on those waiting for them.

/cartable, the menu's button → the files, each with:
    view and fix (a draft or a returned file) → its application, at the first item to fix
    pay (a file awaiting payment) → the payment dialog
    process details → the workflow history from the end of the first review (roles only)
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from conversations.kit.application import MENU_CARTABLE, ApplicationEngine
from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.i18n import I18n
from conversations.kit.keyboards import CartCb, Label, button, inline
from conversations.kit.staffing import role_label
from conversations.process.fees import PayCb
from storage import cases
from storage.cases import CaseInfo
from storage.workflow import Action, Status, applicant_history


class Cartable:
    def __init__(self, i18n: I18n, applications: ApplicationEngine) -> None:
        self.i18n = i18n
        self.applications = applications

    async def on_cartable(self, message: Message, ctx: Ctx) -> None:
        t = ctx.t
        applicant = await ctx.applicant()
        files = await cases.cases_of_applicant(ctx.session, applicant.id) if applicant else []
        if not files:
            ctx.send("cartable-empty")
            return
        lines = [t("cartable-title")]
        buttons = []
        for case in files:
            process = ctx.services.process(case.kind)
            marker = t("cartable-waiting") if process.waiting_for_applicant(case.status) else ""
            lines.append(
                t(
                    "cartable-line",
                    code=case.tracking_code,
                    kind=t(f"kind-{case.kind}"),
                    status=t(f"status-{case.status}"),
                    marker=marker,
                )
            )
            row = [button(t("btn-history", code=case.tracking_code), CartCb(act="history", case=case.id))]
            if case.status in process.workflow.editable:
                row.insert(0, button(t("btn-fix", code=case.tracking_code), CartCb(act="fix", case=case.id)))
            elif case.status == Status.AWAITING_PAYMENT:
                row.insert(0, button(t("btn-pay", code=case.tracking_code), PayCb(act="pay", case=case.id)))
            buttons.append(row)
        ctx.ui.send(ctx.chat_id, "\n".join(lines), inline(*buttons))

    async def on_button(self, query: CallbackQuery, callback_data: CartCb, ctx: Ctx) -> None:
        applicant = await ctx.applicant()
        case = await cases.get_case(ctx.session, callback_data.case)
        if case is None or applicant is None or case.applicant_id != applicant.id:
            ctx.ui.answer(query, ctx.t("status-not-found"), alert=True)
            return
        ctx.ui.answer(query)
        if callback_data.act == "history":
            ctx.ui.send(ctx.chat_id, await self.history_text(ctx, case))
            return
        await ctx.position.clear()
        await self.applications.resume(ctx, self.applications.of_kind(case.kind).name)

    async def history_text(self, ctx: Ctx, case: CaseInfo) -> str:
        """spec §5: the workflow history from the end of the first review on — date, role, notes;
        never a staff member's personal id."""
        t = ctx.t
        events = await applicant_history(ctx.session, ctx.services.process(case.kind).workflow, case.id)
        if not events:
            return t("history-empty")
        lines = [t("history-title", code=case.tracking_code)]
        for e in events:
            date, role = t.date(e.at), role_label(t, e.actor_role, case.kind)
            if e.action == Action.SET_OFFICE:
                lines.append(t("history-office", date=date, role=role, office=e.note or "—"))
                continue
            if e.action == Action.PAYMENT_SLIP:
                lines.append(t("history-slip", date=date))
                continue
            if e.action == Action.CONFIRM_PAYMENT and e.from_status == e.to_status:  # a slip accepted
                lines.append(t("history-slip-accepted", date=date, role=role))
                continue
            if e.action == Action.REFUSE_PAYMENT:  # the file stays awaiting payment: say why
                lines.append(t("history-slip-refused", date=date, role=role))
                if e.note:
                    lines.append(t("history-note", note=e.note))
                continue
            lines.append(t("history-line", date=date, role=role, status=t(f"status-{e.to_status}")))
            if e.note and e.action == Action.REJECT:
                lines.append(t("history-note", note=e.note))
            if e.section_notes:
                lines.append(self.applications.note_lines(t, case.kind, e.section_notes))
        return "\n".join(lines)

    def router(self) -> Router:
        router = Router(name="cartable")
        router.message.filter(InPrivate())
        router.callback_query.filter(InPrivate())
        router.message.register(self.on_cartable, Command("cartable"))
        router.message.register(self.on_cartable, Label(self.i18n, MENU_CARTABLE))
        router.callback_query.register(self.on_button, CartCb.filter())
        return router
