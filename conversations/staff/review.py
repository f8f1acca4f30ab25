"""Staff review of application files, for every application, in the staff chat and in private:
the buttons each file's process declares (``kit.process``), and the staff forms they open.

    staff chat button ─(the presser's roles, the file's status and version, as the step declares)→
        a press: the step taken (e.g. take, approve, payment received) → the card updated
        a staff form (a reason, a note, a return, the license issued; ``kit.staffforms``): its
            questions in the presser's private chat, by the form engine → done → the step taken
        a screen in private (e.g. the builder license's documents review) and the forms it opens
    return: tick sections / documents → a note for each → returned (the applicant fixes and resends)
    reject: the reason → rejected;  office: the active offices of the province → logged
    any ─full file→ the file, rendered; ─documents→ its documents as albums (both in the presser's
        private chat, each read recorded: ``storage.reads``)
    /cancel, /menu, /start in a form → the menu (nothing taken)

Every press is checked against the presser's roles as the step declares them and the version of
the file the button was posted with: a forged or stale button changes nothing, of two reviewers
exactly one wins. A half-done form is the engine's (its answers and the position are in the
database), so a restart in the middle loses nothing. Whom a step tells is the relay's
(``kit.relay``): nothing here tells the applicant anything.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject

from conversations.kit.application import Application, note_key, reopen, returnable
from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx, Handler
from conversations.kit.engine import FormEngine, Routes
from conversations.kit.fields import Field, InputKind, Refused
from conversations.kit.forms import Form, Ref, read_file
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import Choice
from conversations.kit.process import Generic, Step, act, actor_of
from conversations.kit.staffauth import StaffAuth, allowed, staff_member
from conversations.kit.staffforms import NOTE_MAX, DraftStore, as_written, code_args
from conversations.kit.staffing import DOCUMENTS, FULL, OpenFormCb, StaffCb, already_text
from conversations.kit.text import MESSAGE_LIMIT, chunks
from conversations.staff.posting import StaffPosting
from storage import cases, offices, reads, staff
from storage.cases import CaseFile, CaseInfo
from storage.reads import Read
from storage.staff import StaffInfo
from storage.workflow import STAFF_ROLES, Action, AlreadyHandled, RoleNotAllowed, WorkflowError, history, log_action

log = logging.getLogger(__name__)
STAFF_APP = "staff"  # the positions of staff forms (``Ref.app``)
Show = Callable[[Ctx], Awaitable[None]]


# ---- the staff side's own forms ----------------------------------------------------------------


@dataclass(frozen=True)
class ReturnChoices:
    """What may be returned of this file: its sections, or single documents."""

    app: Application
    file: CaseFile

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        return [Choice(key, label) for key, label in returnable(ctx.t, self.app, self.file)]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return dict(returnable(t, self.app, file or self.file)).get(value, value)


def return_form(app: Application) -> Form:
    """Tick what the applicant must fix, then a note for each (the applicant reads them)."""

    def fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
        if file is None:
            return ()
        choices = ReturnChoices(app, file)
        ticked = [str(k) for k in answers.get("items") or []]

        def note(key: str) -> Field:
            def section(t: Translator, _: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
                return {"section": choices.label(key, t, file)}

            return Field(
                f"note_{key}",
                InputKind.TEXT,
                as_written,
                prompt="review-note",
                label="f-review-note",
                prompt_args=section,
                max_length=NOTE_MAX,
            )

        items = Field(
            "items",
            InputKind.MULTI,
            choices=choices,
            prompt="review-pick-sections",
            label="f-review-items",
            prompt_args=code_args,
            done_label="btn-review-next",
            pick_one="review-pick-one",
        )
        return [items, *(note(key) for key in ticked)]

    every = (
        Field(
            "items",
            InputKind.MULTI,
            prompt="review-pick-sections",
            label="f-review-items",
            done_label="btn-review-next",
            pick_one="review-pick-one",
        ),
        Field("note", InputKind.TEXT, prompt="review-note", label="f-review-note"),
    )
    name = f"return_{app.name}"
    return Form(name, "form-staff-return", fields, DraftStore(name), summary=False, every=every)


REJECT_FORM = Form(
    "reject",
    "form-staff-reject",
    (
        Field(
            "reason",
            InputKind.TEXT,
            as_written,
            prompt="review-reject-reason",
            label="f-staff-reason",
            prompt_args=code_args,
            max_length=NOTE_MAX,
        ),
    ),
    DraftStore("reject"),
    summary=False,
    progress=False,
)


class OfficeChoices:
    """The active offices of the file's province (the one set, or suggested, marked)."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        position = ctx.position.current
        case = await cases.get_case(ctx.session, position.case) if position and position.case else None
        if case is None or not case.province:
            return []
        current = case.office_id or case.suggested_office_id
        return [
            Choice(str(o.id), ("✅ " if o.id == current else "") + o.name)
            for o in await offices.active_offices(ctx.session, case.province)
        ]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return file.offices.get(int(value), value) if file is not None and value.isdigit() else value


OFFICE_FORM = Form(
    "office",
    "form-staff-office",
    (
        Field(
            "office",
            InputKind.CHOICE,
            choices=OfficeChoices(),
            prompt="staff-pick-office",
            label="f-staff-office",
            prompt_args=code_args,
        ),
    ),
    DraftStore("office"),
    summary=False,
    progress=False,
)


class StaffLanguage(BaseMiddleware):
    """Staff work in the staff chat's language (the default), whatever they chose as applicants."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        ctx: Ctx | None = data.get("ctx")
        if ctx is not None:
            ctx.t = ctx.services.i18n(None)
        return await handler(event, data)


# ---- the dialog ----------------------------------------------------------------------------------


class Review:
    def __init__(self, applications: Sequence[Application], posting: StaffPosting, *, home: Show) -> None:
        self.applications = {a.name: a for a in applications}
        self.posting = posting
        self.forms = FormEngine(home=home, elsewhere=self.elsewhere, owns=self.owns, name="staff-forms")
        # a staff form → the steps (of which application) that open it: who may fill it, and what it does
        self.uses: dict[str, list[tuple[str, Step]]] = {}
        self.generic: dict[tuple[str, Generic], Form] = {}
        for app in applications:
            self.generic[(app.name, Generic.RETURN)] = return_form(app)
            self.generic[(app.name, Generic.REJECT)] = REJECT_FORM
            self.generic[(app.name, Generic.OFFICE)] = OFFICE_FORM
            for found in app.process.steps:
                for form in self.forms_of(app, found):
                    self.uses.setdefault(form.name, []).append((app.name, found))
                    if form.name not in self.forms.forms:
                        self.forms.register(form, Routes(done=self._done(form)))

    def forms_of(self, app: Application, found: Step) -> list[Form]:
        button = found.button
        if button is None:
            return []
        own = [button.form.form] if button.form is not None else []
        generic = [self.generic[(app.name, button.generic)]] if button.generic is not None else []
        return [*own, *generic, *button.forms]

    @staticmethod
    def language(ctx: Ctx) -> Translator:
        return ctx.services.i18n(None)

    # ---- who may fill a staff form ------------------------------------------------------------------

    def steps_for(self, form: Form, case: CaseInfo) -> list[Step]:
        """The steps of the file's process that open ``form`` in its status now."""
        return [s for kind, s in self.uses.get(form.name, []) if kind == case.kind and case.status in s.source]

    async def owns(self, ctx: Ctx, form: Form, file: CaseFile) -> bool:
        """A staff form may be filled while its file is in a status where the step that opens it
        is open, by someone with that step's roles."""
        steps = self.steps_for(form, file.case)
        if not steps:
            return False
        member = await staff_member(ctx, ctx.user.external_id, None)
        return member is not None and any(member.has(*s.by) for s in steps)

    async def elsewhere(self, ctx: Ctx) -> None:
        """The form's file moved on (or the role went): nothing is taken; say so."""
        await ctx.position.clear()
        ctx.send("staff-form-gone")

    async def show_current(self, ctx: Ctx) -> None:
        """The staff form question the person is at, again (from the menu's catch-all)."""
        here = await self.forms.here(ctx)
        if here is None:
            await self.elsewhere(ctx)
            return
        await self.forms.show(ctx, here)

    # ---- the staff chat's buttons --------------------------------------------------------------------

    async def on_staff_button(self, query: CallbackQuery, callback_data: StaffCb, ctx: Ctx, staff: StaffInfo) -> None:
        t = self.language(ctx)
        case = await cases.get_case(ctx.session, callback_data.case)
        if case is None:  # none, or another province's (issue 25: nothing of it is read; audited)
            ctx.ui.answer(query, t("stale-button"), alert=True)
            return
        app = self.applications.get(case.kind)
        if app is None:
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        message = query.message if isinstance(query.message, Message) else None
        if callback_data.act in (FULL, DOCUMENTS):  # opened in the presser's private chat, and audited
            private = await self._private(ctx, query)
            if private is None:
                return
            if callback_data.act == FULL:
                await self.show_file(private, t, case)
                await reads.record(ctx.session, case.id, staff.id, Read.FILE)
                return
            file = await self.posting.read(ctx, case.id)
            assert file is not None
            sent = await self.posting.send_documents(private, private.chat_id, file)
            if not sent:
                private.ui.send(private.chat_id, t("staff-no-documents", code=case.tracking_code))
            await reads.record(ctx.session, case.id, staff.id, Read.DOCUMENTS)
            return
        found = app.process.step(callback_data.act)
        if found is None or found.button is None:
            ctx.ui.answer(query, t("staff-not-possible"), alert=True)
            return
        if not staff.has(*found.by):
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        if found.button.version_guard and callback_data.ver != case.version:
            ctx.ui.answer(query, await self._handled_text(ctx, t, case), alert=True)
            return
        button = found.button
        opens = button.screen is not None or button.form is not None or button.generic is not None
        if opens and case.status not in found.source:  # a press is refused by the workflow itself, naming who
            ctx.ui.answer(query, await self._handled_text(ctx, t, case), alert=True)
            return
        try:
            actor = actor_of(staff, found.by)
            if button.screen is not None:
                screen = await button.screen(ctx, case, staff)
                private = await self._private(ctx, query)
                if private is not None:
                    private.ui.send(private.chat_id, screen.text, screen.markup)
                return
            form = button.form.form if button.form is not None else None
            if button.generic is not None:
                form = self.generic[(app.name, button.generic)]
            if form is not None:
                await self.open_form(ctx, query, case, form)
                return
            if button.press is not None:
                await button.press(ctx, case, actor, found)
            else:
                await act(ctx, case, found.action, actor, expected_version=case.version)
        except AlreadyHandled as exc:
            ctx.ui.answer(query, already_text(t, exc), alert=True)
            return
        except Refused as exc:  # the step itself explains why not (e.g. a letter not issued yet)
            ctx.ui.answer(query, t(exc.key, **exc.params), alert=True)
            return
        except WorkflowError:
            ctx.ui.answer(query, t("staff-not-possible"), alert=True)
            return
        ctx.ui.answer(query, t("staff-done"))
        if message is not None and message.chat.type == "private":  # pressed on a screen: the staff chat is told
            fresh = await self.posting.read(ctx, case.id)
            assert fresh is not None
            await self.posting.post_handled(
                ctx, fresh.case, staff, self.posting.status_card(t, fresh, ctx.services.org_of(fresh.case.province))
            )
            return
        await self.refresh(ctx, t, case.id, message, staff)

    async def _private(self, ctx: Ctx, query: CallbackQuery) -> Ctx | None:
        """The presser's private chat (the press is answered accordingly), if the bot may write
        there: someone who never started the bot cannot be written to first."""
        try:
            await ctx.bot.send_chat_action(query.from_user.id, "typing")
        except TelegramAPIError:
            ctx.ui.answer(query, self.language(ctx)("review-start-private"), alert=True)
            return None
        ctx.ui.answer(query, self.language(ctx)("review-continue-private"))
        return replace(ctx, chat_id=query.from_user.id, t=self.language(ctx))

    async def open_form(self, ctx: Ctx, query: CallbackQuery, case: CaseInfo, form: Form) -> None:
        """A staff form, begun anew in the presser's private chat (whatever they were answering
        there gives way to it)."""
        private = await self._private(ctx, query)
        if private is None:
            return
        if isinstance(form.store, DraftStore):
            await form.store.forget(private, case.id)
        await ctx.position.clear()
        await self.forms.start(private, form, Ref(STAFF_APP, case.id, version=case.version))

    async def on_open_form(self, query: CallbackQuery, callback_data: OpenFormCb, ctx: Ctx) -> None:
        """A screen's button that opens one of its forms (e.g. a project's grey part from the
        documents review panel), in the chat of the screen."""
        form = self.forms.forms.get(callback_data.fm)
        case = await cases.get_case(ctx.session, callback_data.case)
        if form is None or case is None:
            ctx.ui.answer(query, self.language(ctx)("stale-button"))
            return
        file = await read_file(ctx, case.id)
        if not await self.owns(ctx, form, file):
            ctx.ui.answer(query, self.language(ctx)("staff-not-possible"), alert=True)
            return
        ctx.ui.answer(query)
        item = callback_data.i or None
        message = query.message if isinstance(query.message, Message) else None
        try:
            await self.forms.start(ctx, form, Ref(STAFF_APP, case.id, item), message=message)
        except Refused as exc:  # the item is gone
            ctx.ui.send(ctx.chat_id, ctx.t(exc.key, **exc.params))

    async def show_file(self, ctx: Ctx, t: Translator, case: CaseInfo) -> None:
        """The whole file, rendered from one read of it (what the applicant confirmed)."""
        from conversations.kit.application import render_file

        file = await self.posting.read(ctx, case.id)
        assert file is not None
        app = self.applications[case.kind]
        for chunk in chunks(t("staff-full-title", code=case.tracking_code) + "\n\n" + render_file(t, app, file)):
            ctx.ui.send(ctx.chat_id, chunk)

    async def refresh(self, ctx: Ctx, t: Translator, case_id: int, message: Message | None, member: StaffInfo) -> None:
        """Show who did what on the staff message, and what the file's status adds to it (edited in
        place, under the file's card when both fit in one message; a new message if the edit is
        refused)."""
        file = await self.posting.read(ctx, case_id)
        assert file is not None
        chat_id = (
            message.chat.id if message is not None else ctx.services.staff_chat(ctx.profile.name, file.case.province)
        )
        if chat_id is not None:
            text = self.posting.handled_card(
                t, file.case, member, self.posting.status_card(t, file, ctx.services.org_of(file.case.province))
            )
            card = (
                self.posting.card(t, file, ctx.services.org_of(file.case.province), with_status=False)
                if message is not None and message.chat.type != "private"
                else ""
            )
            if card and len(card) + len(text) + 2 <= MESSAGE_LIMIT:
                text = f"{card}\n\n{text}"
            ctx.ui.replace(message, chat_id, text, self.posting.buttons(t, file.case))

    async def _handled_text(self, ctx: Ctx, t: Translator, case: CaseInfo) -> str:
        events = await history(ctx.session, case.id)
        name = None
        if events and events[-1].actor_staff_id is not None:
            by = await staff.get_staff_by_id(ctx.session, events[-1].actor_staff_id)
            name = by.display_name if by else None
        return t("staff-already", name=name or t("someone"), status=t(f"status-{case.status}"))

    # ---- a staff form done: its step ---------------------------------------------------------------

    def _done(self, form: Form) -> Callable[[Ctx, Ref], Awaitable[None]]:
        async def done(ctx: Ctx, ref: Ref) -> None:
            await self.done(ctx, form, ref)

        return done

    async def done(self, ctx: Ctx, form: Form, ref: Ref) -> None:
        """A staff form's last answer: the step that opened it is taken with its answers (a
        screen's form: back to the screen)."""
        t = self.language(ctx)
        file = await read_file(ctx, ref.case)
        case = file.case
        member = await staff_member(ctx, ctx.user.external_id, None)
        steps = [s for s in self.steps_for(form, case) if member is not None and member.has(*s.by)]
        if member is None or not steps:
            ctx.send("staff-form-gone")
            return
        found = steps[0]
        button = found.button
        assert button is not None
        if button.screen is not None:  # one of a screen's forms: the screen again
            screen = await button.screen(ctx, case, member)
            ctx.ui.send(ctx.chat_id, screen.text, screen.markup)
            return
        answers = (await form.store.load(ctx, ref)).answers
        if isinstance(form.store, DraftStore):
            await form.store.forget(ctx, case.id)
        if button.version_guard and ref.version and case.version != ref.version:
            ctx.ui.send(ctx.chat_id, await self._handled_text(ctx, t, case))
            return
        app = self.applications[case.kind]
        try:
            actor = actor_of(member, found.by)
            if button.generic == Generic.RETURN:
                await self.take_return(ctx, app, case, actor, found, answers)
            elif button.generic == Generic.REJECT:
                await act(ctx, case, found.action, actor, expected_version=case.version, note=str(answers["reason"]))
            elif button.generic == Generic.OFFICE:
                await self.set_office(ctx, t, case, actor, answers)
                return
            elif button.form is not None:
                await button.form.submit(ctx, case, actor, answers)
        except AlreadyHandled as exc:
            ctx.ui.send(ctx.chat_id, already_text(t, exc))
            return
        except RoleNotAllowed:
            ctx.ui.send(ctx.chat_id, t("staff-not-allowed"))
            return
        except Refused as exc:
            ctx.ui.send(ctx.chat_id, t(exc.key, **exc.params))
            return
        except WorkflowError:
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        recorded = button.form.recorded if button.form is not None else "review-recorded"
        ctx.ui.send(ctx.chat_id, t(recorded, code=case.tracking_code))
        fresh = await self.posting.read(ctx, case.id)
        assert fresh is not None
        await self.posting.post_handled(
            ctx, fresh.case, member, self.posting.status_card(t, fresh, ctx.services.org_of(fresh.case.province))
        )

    async def take_return(
        self, ctx: Ctx, app: Application, case: CaseInfo, actor: Any, found: Step, answers: Mapping[str, Any]
    ) -> None:
        file = await self.posting.read(ctx, case.id)
        assert file is not None
        notes: dict[str, str] = {}
        for key in answers.get("items") or []:
            kept = note_key(app, file, str(key))
            note = answers.get(f"note_{key}")
            if kept is not None and note:
                notes[kept] = str(note)
        await act(ctx, case, found.action, actor, expected_version=case.version, section_notes=notes)
        await reopen(ctx, app, case, notes)

    async def set_office(self, ctx: Ctx, t: Translator, case: CaseInfo, actor: Any, answers: Mapping[str, Any]) -> None:
        """spec §2.1: staff confirm or change the applicant's office (logged, versioned)."""
        value = str(answers.get("office") or "")
        office = await offices.get_office(ctx.session, int(value)) if value.isdigit() else None
        if office is None or office.province != case.province:
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        await log_action(
            ctx.session,
            case.id,
            Action.SET_OFFICE,
            actor,
            expected_version=case.version,
            note=office.name,
            changes={"office_id": office.id},
        )
        ctx.ui.send(ctx.chat_id, t("staff-office-set", code=case.tracking_code, office=office.name))
        member = await staff.get_staff_by_id(ctx.session, actor.staff_id) if actor.staff_id else None
        name = (member.display_name if member else None) or str(ctx.user.external_id)
        await self.posting.post_note(
            ctx, "staff-office-logged", province=case.province, code=case.tracking_code, office=office.name, name=name
        )
        fresh = await cases.get_case(ctx.session, case.id)
        assert fresh is not None
        await self.posting.post_actions(ctx, fresh)

    # ---- routers --------------------------------------------------------------------------------

    def router(self) -> Router:
        router = Router(name="review")
        router.callback_query.middleware(StaffAuth())
        router.message.middleware(StaffAuth())
        router.callback_query.register(self.on_staff_button, StaffCb.filter(), flags=allowed(*STAFF_ROLES))
        router.callback_query.register(self.on_open_form, OpenFormCb.filter(), InPrivate(), flags=allowed(*STAFF_ROLES))
        return router

    def forms_router(self) -> Router:
        """The staff forms, in private (the engine checks the person's role on every answer)."""
        router = Router(name="staff-forms")
        router.message.filter(InPrivate())
        router.callback_query.filter(InPrivate())
        router.message.middleware(StaffLanguage())
        router.callback_query.middleware(StaffLanguage())
        router.include_router(self.forms.router())
        return router
