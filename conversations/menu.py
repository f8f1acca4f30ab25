"""The main menu and what is always available: /start, /menu, /cancel, /help, /lang, /status,
each application's entry, and the catch-all that makes sure no input is ever met with silence.

    /start, /menu, /cancel → menu (applications | cartable | status | help | language)
    /start apply_<application> (a link on the organization's website or in an SMS) → that application
    /start status_<tracking code> → the status of that file, if it is the user's own (else "not found";
        an account not yet linked to an applicant: how to link it — the same mobile and national code)
    /start resume → where the user is (the open draft's question), or the menu
    /start <anything else> → "this link is not known", the menu
    an application's entry → that application, at the exact question the applicant was on
    /lang, the language button → the other language, then back to where the user was
    anything unexpected with no dialog open → continue the open draft, or the menu
    a button nothing else takes → "stale", then the question the user is at (or the menu)
    an edited message → "edits are not read", then the question the user is at
    in a group: a command → a pointer to the private chat; a button → "stale"; anything else,
    silence (people talk to each other there; the staff's commands and buttons come before)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message

from conversations.kit.application import MENU_HELP, MENU_LANGUAGE, MENU_STATUS, Application, ApplicationEngine
from conversations.kit.chats import InGroup, InPrivate
from conversations.kit.context import Ctx
from conversations.kit.i18n import LANGUAGES, I18n
from conversations.kit.keyboards import Label
from storage import cases, people
from storage.cases import CaseInfo
from storage.tracking import normalize_tracking_code

# /start payloads (deep links: t.me/<bot>?start=<payload>, the organization's website, an SMS)
APPLY, STATUS, RESUME = "apply_", "status_", "resume"


class Menu:
    def __init__(self, i18n: I18n, applications: ApplicationEngine) -> None:
        self.i18n = i18n
        self.applications = applications

    async def on_start(self, message: Message, ctx: Ctx, command: CommandObject | None = None) -> None:
        payload = (command.args or "").strip() if command is not None else ""
        if payload == RESUME:  # where the user is: their question as it stands, or the menu
            if ctx.user.applicant_id is None and not ctx.user.mobile:
                ctx.send("welcome", org=ctx.services.org.name(ctx.t.lang))
            await self.applications.show_current(ctx)
            return
        await ctx.position.clear()
        if ctx.user.applicant_id is None and not ctx.user.mobile:
            ctx.send("welcome", org=ctx.services.org.name(ctx.t.lang))
        if not payload:
            await self.applications.home(ctx)
            return
        app = next((a for a in self.applications.applications.values() if payload == APPLY + a.link), None)
        if app is not None:
            await self.applications.resume(ctx, app.name)
            return
        if payload.startswith(STATUS):
            await self.status_of(ctx, payload.removeprefix(STATUS))
            await self.applications.home(ctx)
            return
        ctx.send("deep-link-unknown")
        await self.applications.home(ctx)

    async def on_menu(self, message: Message, ctx: Ctx) -> None:
        await self.applications.home(ctx)

    def on_entry(self, app: Application) -> Callable[[Message, Ctx], Awaitable[None]]:
        async def handler(message: Message, ctx: Ctx) -> None:
            await ctx.position.clear()
            await self.applications.resume(ctx, app.name)

        return handler

    async def on_help(self, message: Message, ctx: Ctx) -> None:
        ctx.send("help-text")

    async def on_language(self, message: Message, ctx: Ctx) -> None:
        await self._switch(ctx, "en" if ctx.t.lang == "fa" else "fa")

    async def on_lang_command(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        wanted = (command.args or "").strip().lower()
        await self._switch(ctx, wanted if wanted in LANGUAGES else ("en" if ctx.t.lang == "fa" else "fa"))

    async def _switch(self, ctx: Ctx, lang: str) -> None:
        if lang != ctx.user.language:
            await people.set_language(ctx.session, ctx.user.id, lang)
            ctx.user = replace(ctx.user, language=lang)
        ctx.t = self.i18n(lang)
        ctx.send("language-changed")
        position = await ctx.position.get()
        if position is not None and position.app in self.applications.applications:
            await ctx.position.clear()  # back to where the user was, in the new language
            await self.applications.resume(ctx, position.app)
            return
        if position is not None:  # another dialog's step (a staff form): shown again
            await self.applications.show_current(ctx)
            return
        await self.applications.home(ctx)

    async def on_status(self, message: Message, ctx: Ctx, command: CommandObject | None = None) -> None:
        """/status: the latest file of each kind; /status CODE: only the applicant's own."""
        applicant = await ctx.applicant()
        code_text = (command.args or "").strip() if command is not None else ""
        if code_text:
            await self.status_of(ctx, code_text)
            return
        # the latest file of each kind (membership, builder license, dues side by side)
        found = []
        for kind in self.applications.applications:
            latest = await cases.latest_case(ctx.session, applicant.id, kind) if applicant else None
            if latest is not None:
                found.append(latest)
        if not found:
            ctx.send("status-no-file")
            return
        for case in found:
            self.status_line(ctx, case)

    async def status_of(self, ctx: Ctx, code_text: str) -> None:
        """The status of the file of this tracking code, only if it is the user's own: another's
        code is answered as an unknown one (a tracking code does not tell whose file it is); an
        account with no applicant yet is told how its files from the other messenger show here,
        whatever the code."""
        applicant = await ctx.applicant()
        if applicant is None:  # e.g. the same person on the other messenger: how to see it here
            ctx.send("status-not-linked")
            return
        code = normalize_tracking_code(code_text)
        case = (
            await cases.get_case_by_tracking_code(ctx.session, code, applicant_id=applicant.id)
            if code and applicant
            else None
        )
        if case is None:
            ctx.send("status-not-found")
            return
        self.status_line(ctx, case)

    @staticmethod
    def status_line(ctx: Ctx, case: CaseInfo) -> None:
        t = ctx.t
        ctx.send(
            "status-line",
            code=case.tracking_code,
            kind=t(f"kind-{case.kind}"),
            status=t(f"status-{case.status}"),
            updated=t.date(case.updated_at),
        )

    async def on_anything(self, message: Message, ctx: Ctx) -> None:
        """What nothing else took: with no dialog open, continue the draft where it stands, or
        show the menu; in a dialog, its question again — never silence."""
        if await ctx.position.get() is not None:
            ctx.send("not-understood")
            await self.applications.show_current(ctx)
            return
        app = await self.applications.draft_in_progress(ctx)
        if app is not None:
            ctx.send("continuing")
            await self.applications.resume(ctx, app.name)
            return
        ctx.send("not-understood")
        await self.applications.home(ctx)

    async def on_edited(self, message: Message, ctx: Ctx) -> None:
        """A message edited after it was sent: the answer it gave stands (an edit is not read as
        a new answer); say so, and ask the question the user is at."""
        ctx.send("edit-not-read")
        await self.applications.show_current(ctx)

    async def on_stale_callback(self, query: CallbackQuery, ctx: Ctx) -> None:
        """A button nothing takes (an old message's, or forged)."""
        ctx.ui.answer(query, ctx.t("stale-button"))
        await self.applications.show_current(ctx)

    # ---- groups -----------------------------------------------------------------------------------

    async def on_group_message(self, message: Message, ctx: Ctx) -> None:
        """A message in a group that no staff handler took: a command gets one line pointing to
        the private chat; anything else is people talking to each other, and gets nothing."""
        if not (message.text or "").startswith("/"):
            return
        me = await ctx.bot.me()
        ctx.send("group-use-private", bot=me.username or me.first_name)

    async def on_group_button(self, query: CallbackQuery, ctx: Ctx) -> None:
        ctx.ui.answer(query, ctx.t("stale-button"))

    def router(self) -> Router:
        """Commands and menu buttons: they work in every state."""
        router = Router(name="menu")
        router.message.filter(InPrivate())
        router.message.register(self.on_start, CommandStart())
        router.message.register(self.on_menu, Command("menu", "cancel"))
        router.message.register(self.on_help, Command("help"))
        router.message.register(self.on_lang_command, Command("lang"))
        router.message.register(self.on_status, Command("status"))
        for app in self.applications.applications.values():
            router.message.register(self.on_entry(app), Label(self.i18n, *self.applications.entry_keys(app)))
        router.message.register(self.on_status, Label(self.i18n, MENU_STATUS))
        router.message.register(self.on_help, Label(self.i18n, MENU_HELP))
        router.message.register(self.on_language, Label(self.i18n, MENU_LANGUAGE))
        return router

    def fallback_router(self) -> Router:
        """Registered last: whatever nothing else took, in a private chat …"""
        router = Router(name="fallback")
        router.message.filter(InPrivate())
        router.callback_query.filter(InPrivate())
        router.edited_message.filter(InPrivate())
        router.message.register(self.on_anything)
        router.edited_message.register(self.on_edited)
        router.callback_query.register(self.on_stale_callback)
        return router

    def group_router(self) -> Router:
        """… and in a group (after the staff's routers)."""
        router = Router(name="groups")
        router.message.filter(InGroup())
        router.callback_query.filter(InGroup())
        router.message.register(self.on_group_message)
        router.callback_query.register(self.on_group_button)
        return router
