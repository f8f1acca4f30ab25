"""Staff review of application files, for every kind, in the staff chat and in private.

    submitted ─take→ in review ─(the kind's own steps, e.g. membership's approve, payment received)→ …
                        ├─return: tick sections / documents → a note for each (private chat) → returned
                        │     → (the applicant fixes and resends) → submitted (posted again)
                        └─reject: a reason (private chat) → rejected
    a kind's noted step (e.g. the builder license's "back to documents review"): its note in the
        private chat (a photo or PDF with the note as caption, where the step takes one) → the step
    a kind's private step (e.g. the builder license's documents review) → its screen in private
    submitted, in review ─set office (private chat)→ logged;  any ─full file→ the file, rendered
    /cancel, /menu, /start while writing notes → the return is dropped, the main menu

Every press is checked against the presser's roles (``auth``; for take, return and reject, the
roles the workflow table gives the file's kind and status) and the version of the file the
button was posted with: a forged or stale button changes nothing, of two reviewers exactly one
wins. A half-done return, rejection or note lives in the database (``storage.review_drafts``), so
a restart in the middle loses nothing. The applicant hears of every step after commit (outbox).
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from conversations.kit.application import ApplicationEngine
from conversations.kit.context import Ctx
from conversations.kit.fields import Refused
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DbId, button, inline, rows
from conversations.kit.staffauth import OpenDraft, StaffAuth, allowed
from conversations.kit.staffing import REVIEWERS, StaffCb, StaffStep, StepNote, already_text
from conversations.kit.text import chunks
from conversations.kit.uploads import FileRejected, StoredAnswer, receive_upload
from conversations.staff.posting import GENERIC, StaffPosting, permitted
from scoring.normalize import clean_text
from storage import cases, offices, review_drafts, staff
from storage.cases import CaseInfo
from storage.review_drafts import Decision, ReviewDraftInfo, Stage
from storage.staff import StaffInfo
from storage.workflow import (
    STAFF_ROLES,
    Action,
    Actor,
    AlreadyHandled,
    Role,
    RoleNotAllowed,
    Status,
    WorkflowError,
    acting_role,
    find_transition,
    history,
    log_action,
    transition,
)

log = logging.getLogger(__name__)
NOTE_MAX = 500  # characters of one note or reason


class ReturnCb(CallbackData, prefix="r"):
    act: str  # toggle, next, cancel
    sec: str = ""  # a section, or "d<document id>" for a single document


class OfficeCb(CallbackData, prefix="o"):
    case: DbId
    office: DbId
    ver: DbId


GENERIC_DECISIONS = (Decision.RETURN.value, Decision.REJECT.value)


def actor_for(member: StaffInfo, roles: frozenset[Role]) -> Actor:
    """The presser as the actor of a step open to ``roles`` (their own role among them, else admin)."""
    role = acting_role(member.roles, tuple(sorted(roles)))
    if role is None:
        raise RoleNotAllowed("step", ",".join(sorted(member.roles)))
    return Actor(role, member.id)


class Review:
    def __init__(self, applications: ApplicationEngine, posting: StaffPosting) -> None:
        self.applications = applications
        self.posting = posting

    # ---- the staff chat's buttons -------------------------------------------------------------

    async def on_staff_button(self, query: CallbackQuery, callback_data: StaffCb, ctx: Ctx, staff: StaffInfo) -> None:
        t = self.posting.language(ctx)
        case = await cases.get_case(ctx.session, callback_data.case)
        desk = self.posting.desk(case) if case is not None else None
        act = callback_data.act
        step = desk.step(act) if desk is not None else None
        if case is None or (step is not None and not staff.has(*step.roles)):
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        message = query.message if isinstance(query.message, Message) else None
        if act == "full":
            ctx.ui.answer(query)
            await self.show_file(ctx, t, case)
            return
        if (step is None or step.version_guard) and callback_data.ver != case.version:
            ctx.ui.answer(query, await self._handled_text(ctx, t, case), alert=True)
            return
        roles = permitted(case, act, step)
        if not roles:
            ctx.ui.answer(query, t("staff-not-possible"), alert=True)
            return
        if not staff.has(*roles):
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        actor = actor_for(staff, roles)
        try:
            if act == "take":
                await transition(
                    ctx.session,
                    case.id,
                    Action.TAKE,
                    actor,
                    expected_version=case.version,
                    changes={"assigned_staff_id": staff.id},
                )
                await ctx.outbox.tell(case.messenger_user_id, f"notify-in-review-{case.kind}", code=case.tracking_code)
            elif step is not None and step.private is not None:
                screen = await step.private(ctx, case, staff)
                self._answer_private(query, ctx, t, await self._to_private(ctx, query, screen.text, screen.markup))
                return
            elif step is not None and step.noted is not None:
                await self.open_noted_step(query, ctx, t, staff, case, step)
                return
            elif step is not None and step.run is not None:
                await step.run(ctx, case, actor)
            elif act in ("ret", "rej"):
                await self.open_private_dialog(query, ctx, t, staff, case, act)
                return
            elif act == "office":
                await self.offer_offices(query, ctx, t, case)
                return
            else:
                ctx.ui.answer(query, t("staff-not-possible"), alert=True)
                return
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
        await self.refresh(ctx, t, case.id, message, staff)

    async def show_file(self, ctx: Ctx, t: Translator, case: CaseInfo) -> None:
        """The whole file, rendered from one read of it (what the applicant confirmed)."""
        file = await cases.case_file(ctx.session, case.id)
        assert file is not None
        for chunk in chunks(
            t("staff-full-title", code=case.tracking_code) + "\n\n" + self.applications.render_file(t, file)
        ):
            ctx.ui.send(ctx.chat_id, chunk)

    async def refresh(self, ctx: Ctx, t: Translator, case_id: int, message: Message | None, member: StaffInfo) -> None:
        """Show who did what on the staff message, and what the file's status adds to it (edited in
        place; a new message if the edit is refused)."""
        file = await cases.case_file(ctx.session, case_id)
        assert file is not None
        chat_id = message.chat.id if message is not None else ctx.services.staff_chat(ctx.profile.name)
        if chat_id is not None:
            text = self.posting.handled_card(t, file.case, member, self.posting.status_card(t, file))
            ctx.ui.replace(message, chat_id, text, self.posting.buttons(t, file.case))

    async def _handled_text(self, ctx: Ctx, t: Translator, case: CaseInfo) -> str:
        events = await history(ctx.session, case.id)
        name = None
        if events and events[-1].actor_staff_id is not None:
            by = await staff.get_staff_by_id(ctx.session, events[-1].actor_staff_id)
            name = by.display_name if by else None
        return t("staff-already", name=name or t("someone"), status=t(f"status-{case.status}"))

    # ---- the office (spec §2.1): confirm or change the applicant's suggestion -------------------

    async def offer_offices(self, query: CallbackQuery, ctx: Ctx, t: Translator, case: CaseInfo) -> None:
        choices = await offices.active_offices(ctx.session, case.province) if case.province else []
        if not choices:
            ctx.ui.answer(query, t("staff-no-offices"), alert=True)
            return
        current = case.office_id or case.suggested_office_id
        keyboard = inline(
            *[
                [
                    button(
                        ("✅ " if o.id == current else "") + o.name,
                        OfficeCb(case=case.id, office=o.id, ver=case.version),
                    )
                ]
                for o in choices
            ]
        )
        self._answer_private(
            query, ctx, t, await self._to_private(ctx, query, t("staff-pick-office", code=case.tracking_code), keyboard)
        )

    async def on_office_button(self, query: CallbackQuery, callback_data: OfficeCb, ctx: Ctx, staff: StaffInfo) -> None:
        t = self.posting.language(ctx)
        case = await cases.get_case(ctx.session, callback_data.case)
        office = await offices.get_office(ctx.session, callback_data.office)
        if case is None:
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        if (
            office is None
            or office.province != case.province
            or case.status not in (Status.SUBMITTED, Status.IN_REVIEW)
        ):
            ctx.ui.answer(query, t("staff-not-possible"), alert=True)
            return
        try:
            await log_action(
                ctx.session,
                case.id,
                Action.SET_OFFICE,
                actor_for(staff, frozenset(REVIEWERS)),
                expected_version=callback_data.ver,
                note=office.name,
                changes={"office_id": office.id},
            )
        except AlreadyHandled as exc:
            ctx.ui.answer(query, already_text(t, exc), alert=True)
            return
        ctx.ui.answer(query, t("staff-done"))
        message = query.message if isinstance(query.message, Message) else None
        ctx.ui.replace(message, ctx.chat_id, t("staff-office-set", code=case.tracking_code, office=office.name))
        name = staff.display_name or str(staff.external_id)
        await self.posting.post_note(ctx, "staff-office-logged", code=case.tracking_code, office=office.name, name=name)
        fresh = await cases.get_case(ctx.session, case.id)
        assert fresh is not None
        await self.posting.post_actions(ctx, fresh)

    # ---- return and reject, in the reviewer's private chat ------------------------------------

    @staticmethod
    def _answer_private(query: CallbackQuery, ctx: Ctx, t: Translator, sent: bool) -> None:
        if sent:
            ctx.ui.answer(query, t("review-continue-private"))
        else:
            ctx.ui.answer(query, t("review-start-private"), alert=True)

    async def _to_private(self, ctx: Ctx, query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> bool:
        """Open a dialog in the presser's private chat. Sent at once, inside the transaction: the
        answer to the press depends on whether it could be sent (a reviewer who never started the
        bot cannot be written to). If the update then fails, the reviewer has a message whose
        buttons are answered as stale."""
        try:
            await ctx.bot.send_message(query.from_user.id, text, reply_markup=markup)
        except TelegramAPIError:
            return False
        return True

    async def open_private_dialog(
        self,
        query: CallbackQuery,
        ctx: Ctx,
        t: Translator,
        member: StaffInfo,
        case: CaseInfo,
        act: str,
    ) -> None:
        decision = Decision.RETURN if act == "ret" else Decision.REJECT
        if decision == Decision.RETURN:
            file = await cases.case_file(ctx.session, case.id)
            assert file is not None
            text = t("review-pick-sections", code=case.tracking_code)
            markup = self._items_keyboard(t, self.applications.returnable(t, file), ())
            await self._ask_in_private(query, ctx, t, member, case, decision, text, markup)
        else:
            text = t("review-reject-reason", code=case.tracking_code)
            await self._ask_in_private(query, ctx, t, member, case, decision, text, None)

    async def open_noted_step(
        self,
        query: CallbackQuery,
        ctx: Ctx,
        t: Translator,
        member: StaffInfo,
        case: CaseInfo,
        step: StaffStep,
    ) -> None:
        """A kind's step that needs a note: asked in the presser's private chat, kept in the database."""
        text = t(step.prompt, code=case.tracking_code)
        await self._ask_in_private(query, ctx, t, member, case, step.act, text, None)

    async def _ask_in_private(
        self,
        query: CallbackQuery,
        ctx: Ctx,
        t: Translator,
        member: StaffInfo,
        case: CaseInfo,
        decision: str,
        text: str,
        markup: InlineKeyboardMarkup | None,
    ) -> None:
        """A draft of ``decision`` for ``member`` and its first question in their private chat
        (no draft left when the question could not be sent); the press answered accordingly."""
        await review_drafts.start(ctx.session, member.id, case.id, case.version, decision)
        # whatever the presser was answering in their private chat gives way to this (the
        # position is the presser's own, wherever they pressed)
        await ctx.position.clear()
        sent = await self._to_private(ctx, query, text, markup)
        if not sent:
            await review_drafts.discard(ctx.session, member.id)
        self._answer_private(query, ctx, t, sent)

    @staticmethod
    def _items_keyboard(t: Translator, items: list[tuple[str, str]], chosen: tuple[str, ...]) -> InlineKeyboardMarkup:
        toggles = [
            button(("☑️ " if key in chosen else "⬜ ") + label, ReturnCb(act="toggle", sec=key)) for key, label in items
        ]
        return inline(
            *rows(toggles, 2),
            [button(t("btn-review-next"), ReturnCb(act="next")), button(t("btn-cancel"), ReturnCb(act="cancel"))],
        )

    async def _labels(self, ctx: Ctx, t: Translator, draft: ReviewDraftInfo) -> dict[str, str]:
        file = await cases.case_file(ctx.session, draft.case_id)
        return dict(self.applications.returnable(t, file)) if file is not None else {}

    async def on_return_button(self, query: CallbackQuery, callback_data: ReturnCb, ctx: Ctx, staff: StaffInfo) -> None:
        t = self.posting.language(ctx)
        draft = await review_drafts.get(ctx.session, staff.id)
        if draft is None or draft.stage != Stage.CHOOSING:
            ctx.ui.answer(query, t("stale-button"))
            return
        message = query.message if isinstance(query.message, Message) else None
        if callback_data.act == "cancel":
            await review_drafts.discard(ctx.session, staff.id)
            ctx.ui.answer(query)
            ctx.ui.replace(message, ctx.chat_id, t("review-cancelled"))
            return
        file = await cases.case_file(ctx.session, draft.case_id)
        items = self.applications.returnable(t, file) if file is not None else []
        labels = dict(items)
        chosen = draft.chosen
        if callback_data.act == "toggle" and callback_data.sec in labels:
            key = callback_data.sec
            chosen = tuple(k for k in chosen if k != key) if key in chosen else (*chosen, key)
            await review_drafts.save(ctx.session, staff.id, chosen=chosen)
            ctx.ui.answer(query)
            code = file.case.tracking_code if file is not None else ""
            ctx.ui.replace(
                message, ctx.chat_id, t("review-pick-sections", code=code), self._items_keyboard(t, items, chosen)
            )
            return
        if not chosen:
            ctx.ui.answer(query, t("review-pick-one"), alert=True)
            return
        ctx.ui.answer(query)
        await review_drafts.save(ctx.session, staff.id, stage=Stage.NOTES)
        ctx.ui.send(ctx.chat_id, t("review-note", section=labels.get(chosen[0], chosen[0])))

    @staticmethod
    def note_text(ctx: Ctx, t: Translator, message: Message, *, caption: bool = False) -> str | None:
        """A note as staff typed it (``caption``: or as the caption of a photo or PDF), if it can
        be kept and sent on; else the reason, said."""
        text = clean_text((message.text or (message.caption if caption else None)) or "").strip()
        if not text or text.startswith("/"):
            ctx.ui.send(ctx.chat_id, t("review-note-caption" if caption else "review-note-text"))
            return None
        if len(text) > NOTE_MAX:  # the applicant's message quotes it: it must fit in one
            ctx.ui.send(ctx.chat_id, t("review-note-too-long", max=t.digits(NOTE_MAX)))
            return None
        return text

    async def on_note(self, message: Message, ctx: Ctx, staff: StaffInfo, draft: ReviewDraftInfo) -> None:
        t = self.posting.language(ctx)
        current = draft.next_to_note
        if current is None:
            ctx.ui.send(ctx.chat_id, t("review-note-text"))
            return
        text = self.note_text(ctx, t, message)
        if text is None:
            return
        notes = {**draft.notes, current: text}
        remaining = next((key for key in draft.chosen if key not in notes), None)
        if remaining is not None:
            await review_drafts.save(ctx.session, staff.id, notes=notes)
            labels = await self._labels(ctx, t, draft)
            ctx.ui.send(ctx.chat_id, t("review-note", section=labels.get(remaining, remaining)))
            return
        await self._decide(ctx, t, staff, draft, Action.RETURN, section_notes=notes)

    async def on_reason(self, message: Message, ctx: Ctx, staff: StaffInfo, draft: ReviewDraftInfo) -> None:
        t = self.posting.language(ctx)
        if draft.decision != Decision.REJECT:
            await self.on_step_note(message, ctx, t, staff, draft)
            return
        text = self.note_text(ctx, t, message)
        if text is not None:
            await self._decide(ctx, t, staff, draft, Action.REJECT, note=text)

    async def on_step_note(
        self, message: Message, ctx: Ctx, t: Translator, member: StaffInfo, draft: ReviewDraftInfo
    ) -> None:
        """The note of a kind's step (with its photo or PDF, where the step takes one) → the step."""
        case = await cases.get_case(ctx.session, draft.case_id)
        desk = self.posting.desk(case) if case is not None else None
        step = desk.step(draft.decision) if desk is not None else None
        if case is None or step is None or step.noted is None:
            await review_drafts.discard(ctx.session, member.id)
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        upload: StoredAnswer | None = None
        text = self.note_text(ctx, t, message, caption=step.photo)
        if text is None:
            return
        if step.photo and (message.photo or message.document is not None):
            try:
                upload = await receive_upload(ctx, message, allow_pdf=True, expected=step.prompt)
            except (Refused, FileRejected) as exc:
                ctx.ui.send(ctx.chat_id, t(exc.key, **exc.params))
                return
        await review_drafts.discard(ctx.session, member.id)
        if step.version_guard and case.version != draft.case_version:
            ctx.ui.send(ctx.chat_id, await self._handled_text(ctx, t, case))
            return
        try:
            await step.noted(ctx, case, actor_for(member, frozenset(step.roles)), StepNote(text, upload))
        except AlreadyHandled as exc:
            ctx.ui.send(ctx.chat_id, already_text(t, exc))
            return
        except Refused as exc:
            ctx.ui.send(ctx.chat_id, t(exc.key, **exc.params))
            return
        except WorkflowError:
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        ctx.ui.send(ctx.chat_id, t("review-recorded", code=case.tracking_code))
        fresh = await cases.case_file(ctx.session, case.id)
        assert fresh is not None
        await self.posting.post_handled(ctx, fresh.case, member, self.posting.status_card(t, fresh))

    async def on_leave(self, message: Message, ctx: Ctx, draft: ReviewDraftInfo) -> None:
        """/cancel, /menu or /start while writing notes: the return is dropped, as in any dialog."""
        await review_drafts.discard(ctx.session, draft.staff_id)
        await self.applications.home(ctx)

    async def _decide(
        self, ctx: Ctx, t: Translator, member: StaffInfo, draft: ReviewDraftInfo, action: Action, **kwargs: Any
    ) -> None:
        await review_drafts.discard(ctx.session, member.id)
        file = await cases.case_file(ctx.session, draft.case_id)
        if file is None:
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        case = file.case
        notes: dict[str, str] = {}
        if action == Action.RETURN:
            for key, note in kwargs.pop("section_notes").items():
                kept = self.applications.note_key(file, key)
                if kept is not None:
                    notes[kept] = note
            kwargs["section_notes"] = notes
        step = find_transition(case.kind, action, case.status)
        try:  # a file that moved on meanwhile: the transition below says who moved it
            actor = actor_for(member, step.roles if step is not None else member.roles)
            await transition(ctx.session, case.id, action, actor, expected_version=draft.case_version, **kwargs)
        except AlreadyHandled as exc:
            ctx.ui.send(ctx.chat_id, already_text(t, exc))
            return
        except RoleNotAllowed:
            ctx.ui.send(ctx.chat_id, t("staff-not-allowed"))
            return
        except WorkflowError:
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        if action == Action.RETURN:
            await self.applications.reopen(ctx, case, notes)
            await ctx.outbox.tell(
                case.messenger_user_id,
                "notify-returned",
                code=case.tracking_code,
                notes=lambda ut: self.applications.note_lines(ut, case.kind, notes),
                entry=lambda ut: self.applications.continue_label(ut, case.kind),
            )
        else:
            await ctx.outbox.tell(
                case.messenger_user_id, "notify-rejected", code=case.tracking_code, reason=kwargs["note"]
            )
        ctx.ui.send(ctx.chat_id, t("review-recorded", code=case.tracking_code))
        fresh = await cases.get_case(ctx.session, case.id)
        assert fresh is not None
        await self.posting.post_handled(ctx, fresh, member)

    # ---- routers --------------------------------------------------------------------------------

    def leave_router(self) -> Router:
        """Before the menu: leaving a half-written return, reason, note or value drops it."""
        router = Router(name="review-leave")
        router.message.register(
            self.on_leave, Command("cancel", "menu", "start"), OpenDraft(Stage.NOTES, Stage.REASON, Stage.VALUE)
        )
        return router

    def router(self) -> Router:
        router = Router(name="review")
        router.callback_query.middleware(StaffAuth())
        router.message.middleware(StaffAuth())
        reviewers = allowed(*REVIEWERS)
        anyone = allowed(*STAFF_ROLES)  # take, return and reject: the workflow table says who (per kind, status)
        router.callback_query.register(
            self.on_staff_button, StaffCb.filter(F.act.in_({*GENERIC, "full"})), flags=anyone
        )
        step_roles: dict[str, set[Role]] = {}
        for desk in self.posting.desks.values():
            for step in desk.steps:
                step_roles.setdefault(step.act, set()).update(step.roles)
        for act, roles in step_roles.items():
            router.callback_query.register(
                self.on_staff_button, StaffCb.filter(F.act == act), flags=allowed(*sorted(roles))
            )
        router.callback_query.register(self.on_return_button, ReturnCb.filter(), flags=anyone)
        router.callback_query.register(self.on_office_button, OfficeCb.filter(), flags=reviewers)
        router.message.register(self.on_note, OpenDraft(Stage.NOTES), flags=anyone)
        router.message.register(self.on_reason, OpenDraft(Stage.REASON), flags=anyone)
        return router
