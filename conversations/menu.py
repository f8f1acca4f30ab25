"""The main menu and what is always available: /start, /menu, /help, /lang, /status, the
cartable, and the catch-all that makes sure no input is ever met with silence.

    /start, /menu → menu (membership request | cartable | status | help | language)
    membership request → membership.resume (the exact question the applicant was on)
    anything unexpected with no dialog open → continue the open draft, or the menu
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message

from conversations.context import Ctx
from conversations.i18n import LANGUAGES, I18n
from conversations.keyboards import NavCb, button, inline, reply_keyboard
from conversations.membership import Membership
from conversations.review import Review
from storage import cases, people
from storage.tracking import normalize_tracking_code
from storage.workflow import CaseKind, Status


class Menu:
    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n
        self.membership: Membership | None = None
        self.review: Review | None = None

    async def show(self, ctx: Ctx) -> None:
        t = ctx.t
        applicant = await ctx.applicant()
        first = t("menu-membership")
        if applicant is not None:
            latest = await cases.latest_case(ctx.session, applicant.id, CaseKind.MEMBERSHIP)
            if latest is not None and latest.status == Status.MEMBER:
                first = t("menu-membership-done")
        if self.membership is not None and await self.membership.draft_in_progress(ctx):
            first = t("menu-membership-continue")
        keyboard = reply_keyboard(
            [[first], [t("menu-cartable"), t("menu-status")], [t("menu-help"), t("menu-language")]]
        )
        await ctx.ui.send(ctx.chat_id, t("menu-text", org=ctx.services.org.name(t.lang)), keyboard)

    async def home(self, ctx: Ctx) -> None:
        await ctx.state.clear()
        await self.show(ctx)

    # ---- handlers ------------------------------------------------------------------------------

    async def on_start(self, message: Message, ctx: Ctx) -> None:
        await ctx.state.clear()
        if ctx.user.applicant_id is None and not ctx.user.mobile:
            await ctx.send("welcome", org=ctx.services.org.name(ctx.t.lang))
        await self.show(ctx)

    async def on_menu(self, message: Message, ctx: Ctx) -> None:
        await self.home(ctx)

    async def on_membership(self, message: Message, ctx: Ctx) -> None:
        await ctx.state.clear()
        assert self.membership is not None
        await self.membership.resume(ctx)

    async def on_help(self, message: Message, ctx: Ctx) -> None:
        await ctx.send("help-text")

    async def on_language(self, message: Message, ctx: Ctx) -> None:
        new = "en" if ctx.t.lang == "fa" else "fa"
        await self._switch(ctx, new)

    async def on_lang_command(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        wanted = (command.args or "").strip().lower()
        new = wanted if wanted in LANGUAGES else ("en" if ctx.t.lang == "fa" else "fa")
        await self._switch(ctx, new)

    async def _switch(self, ctx: Ctx, lang: str) -> None:
        await people.set_language(ctx.session, ctx.user.id, lang)
        ctx.t = self.i18n(lang)
        await ctx.send("language-changed")
        if self.membership is not None and await ctx.state.get_state() is not None:
            await ctx.state.clear()
            await self.membership.resume(ctx)
            return
        await self.show(ctx)

    async def on_status(self, message: Message, ctx: Ctx, command: CommandObject | None = None) -> None:
        """/status: the latest file in one message; /status CODE: only the applicant's own."""
        t = ctx.t
        applicant = await ctx.applicant()
        code_text = (command.args or "").strip() if command is not None else ""
        if code_text:
            code = normalize_tracking_code(code_text)
            case = (
                await cases.get_case_by_tracking_code(ctx.session, code, applicant_id=applicant.id)
                if code and applicant
                else None
            )
            if case is None:
                await ctx.send("status-not-found")
                return
        else:
            case = await cases.latest_case(ctx.session, applicant.id) if applicant else None
            if case is None:
                await ctx.send("status-no-file")
                return
        await ctx.send(
            "status-line",
            code=case.tracking_code,
            kind=t(f"kind-{case.kind}"),
            status=t(f"status-{case.status}"),
            updated=t.date(case.updated_at),
        )

    async def on_cartable(self, message: Message, ctx: Ctx) -> None:
        """spec §5: the applicant's files, a marker on those waiting for them; per file: continue
        or fix, and the process details (the workflow history)."""
        t = ctx.t
        applicant = await ctx.applicant()
        files = await cases.cases_of_applicant(ctx.session, applicant.id) if applicant else []
        if not files:
            await ctx.send("cartable-empty")
            return
        lines = [t("cartable-title")]
        buttons = []
        for case in files:
            marker = t("cartable-waiting") if case.waiting_for_applicant else ""
            lines.append(
                t(
                    "cartable-line",
                    code=case.tracking_code,
                    kind=t(f"kind-{case.kind}"),
                    status=t(f"status-{case.status}"),
                    marker=marker,
                )
            )
            row = [button(t("btn-history", code=case.tracking_code), NavCb(act="history", arg=str(case.id)))]
            if case.status in (Status.DRAFT, Status.RETURNED):
                row.insert(0, button(t("btn-fix", code=case.tracking_code), NavCb(act="continue", arg=str(case.id))))
            elif case.status == Status.AWAITING_PAYMENT:
                row.insert(0, button(t("btn-pay", code=case.tracking_code), NavCb(act="pay", arg=str(case.id))))
            buttons.append(row)
        await ctx.ui.send(ctx.chat_id, "\n".join(lines), inline(*buttons))

    async def on_cartable_button(self, query: CallbackQuery, callback_data: NavCb, ctx: Ctx) -> None:
        applicant = await ctx.applicant()
        case = await cases.get_case(ctx.session, int(callback_data.arg)) if callback_data.arg.isdigit() else None
        if case is None or applicant is None or case.applicant_id != applicant.id:
            await query.answer(ctx.t("status-not-found"), show_alert=True)
            return
        await query.answer()
        if callback_data.act == "history" and self.review is not None:
            await ctx.ui.send(ctx.chat_id, await self.review.history_text(ctx, case))
        elif self.membership is not None:
            await ctx.state.clear()
            await self.membership.resume(ctx)

    async def on_anything(self, message: Message, ctx: Ctx) -> None:
        """No dialog is open (a fresh start, a restart, an emptied FSM store): continue the
        draft where it stands, or show the menu — never silence."""
        if self.membership is not None and await self.membership.draft_in_progress(ctx):
            await ctx.send("continuing")
            await self.membership.resume(ctx)
            return
        await ctx.send("not-understood")
        await self.show(ctx)

    async def on_stale_callback(self, query: CallbackQuery, ctx: Ctx) -> None:
        await query.answer(ctx.t("stale-button"))
        if self.membership is not None and await self.membership.draft_in_progress(ctx):
            await self.membership.resume(ctx)
        else:
            await self.show(ctx)

    def router(self) -> Router:
        """Commands and menu buttons: they work in every state."""
        variants = self.i18n.variants
        router = Router(name="menu")
        router.message.register(self.on_start, CommandStart())
        router.message.register(self.on_menu, Command("menu", "cancel"))
        router.message.register(self.on_help, Command("help"))
        router.message.register(self.on_lang_command, Command("lang"))
        router.message.register(self.on_status, Command("status"))
        router.message.register(self.on_cartable, Command("cartable"))
        router.message.register(
            self.on_membership,
            F.text.in_(
                variants("menu-membership") | variants("menu-membership-continue") | variants("menu-membership-done")
            ),
        )
        router.message.register(self.on_cartable, F.text.in_(variants("menu-cartable")))
        router.message.register(self.on_status, F.text.in_(variants("menu-status")))
        router.message.register(self.on_help, F.text.in_(variants("menu-help")))
        router.message.register(self.on_language, F.text.in_(variants("menu-language")))
        router.callback_query.register(self.on_cartable_button, NavCb.filter(F.act.in_({"history", "continue"})))
        return router

    def fallback_router(self) -> Router:
        """Registered last: whatever nothing else took."""
        router = Router(name="fallback")
        router.message.register(self.on_anything)
        router.callback_query.register(self.on_stale_callback)
        return router
