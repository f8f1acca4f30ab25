"""Staff review of membership files (spec/membership.md §4–§5), in the staff chat and in private.

    submitted ─take→ in_review ─approve→ approved → awaiting_payment ─payment confirmed→ member
                         ├─return (sections + a note each, in private)→ returned
                         │     → (the applicant fixes and resends) → submitted

                         └─reject (a reason, in private)→ rejected

Every submission is posted to the staff chat of its platform with its documents and buttons.
Every press is checked against the presser's roles on the server: a forged or stale button
changes nothing. Every transition reaches the applicant at once as a chat message.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import jdatetime
from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import CallbackQuery, InputMediaPhoto, Message

from conversations.context import Ctx
from conversations.keyboards import button, inline, rows
from conversations.membership import (
    DOCUMENT_KEY,
    PROGRESS,
    Membership,
    chunks,
    enum_label,
    note_lines,
    returned_item_label,
    returned_section,
)
from scoring import BuildingField, DegreeLevel, Section, province
from storage import cases, documents, offices, people, staff
from storage.cases import CaseInfo
from storage.staff import StaffInfo
from storage.workflow import (
    Action,
    Actor,
    AlreadyHandled,
    Role,
    Status,
    WorkflowError,
    applicant_history,
    history,
    log_action,
    transition,
)

log = logging.getLogger(__name__)
REVIEWERS = (Role.REVIEWER, Role.ADMIN)
FINANCE = (Role.FINANCE, Role.ADMIN)


class StaffCb(CallbackData, prefix="s"):
    act: str  # take, approve, ret, rej, office, paid, full
    case: int
    ver: int


class ReturnCb(CallbackData, prefix="r"):
    act: str  # toggle, next, cancel
    sec: str = ""  # a section, or "d<document id>" for a single document


class OfficeCb(CallbackData, prefix="o"):
    case: int
    office: int
    ver: int


class ReviewFlow(StatesGroup):
    sections = State()
    note = State()
    reason = State()


Hook = Callable[[Ctx, CaseInfo], Awaitable[None]]


class Review:
    def __init__(self, membership: Membership) -> None:
        self.membership = membership
        membership.on_submitted.append(self.post_submission)
        self.on_approved: list[Hook] = []  # e.g. asking for the fee (conversations.payment)

    # ---- who is pressing? ----------------------------------------------------------------------

    async def staff_member(self, ctx: Ctx, user_id: int, display_name: str | None) -> StaffInfo | None:
        """The presser's roles, from the database; the configured admins are admins."""
        member = await staff.get_staff(ctx.session, ctx.profile.name, user_id)
        if user_id in ctx.services.admin_ids.get(ctx.profile.name, frozenset()) and (
            member is None or Role.ADMIN not in member.roles
        ):
            member = await staff.grant_role(
                ctx.session, ctx.profile.name, user_id, Role.ADMIN, display_name=display_name, granted_by="settings"
            )
        return member

    # ---- the staff chat --------------------------------------------------------------------------

    async def summary(self, ctx: Ctx, case: CaseInfo) -> str:
        """The readable summary staff see for a file (staff chat language: the default)."""
        t = ctx.services.i18n(None)
        applicant = await people.get_applicant(ctx.session, case.applicant_id)
        assert applicant is not None
        app = await cases.membership_application(ctx.session, case.id)
        office = t("office-no-preference")
        if case.office_id is not None or case.suggested_office_id is not None:
            found = await offices.get_office(ctx.session, case.office_id or case.suggested_office_id or 0)
            office = found.name if found else office
            if case.office_id is not None:
                office = t("staff-office-confirmed", office=office)
        degrees = "\n".join(
            t(
                "staff-degree-line",
                level=enum_label(DegreeLevel, d.get("level"), t.lang),
                field=enum_label(BuildingField, d.get("field"), t.lang),
                university=str(d.get("university") or "—"),
            )
            for d in app.degrees
        )
        docs = await documents.current_documents(ctx.session, case.id)
        lines = [
            t(
                "staff-new-file" if case.resubmission_count == 0 else "staff-resubmitted",
                n=t.digits(case.resubmission_count),
            ),
            t(
                "staff-file",
                code=case.tracking_code,
                name=applicant.full_name,
                province=province(case.province).label(t.lang) if case.province else "—",
                office=office,
                documents=t.digits(len(docs)),
            ),
            degrees,
        ]
        if case.resubmission_count:
            returned = [e for e in await history(ctx.session, case.id) if e.action == Action.RETURN]
            if returned:
                sections = ", ".join(returned_item_label(s, t.lang) for s in returned[-1].section_notes)
                lines.append(t("staff-changed", sections=sections))
        lines.append(t("staff-status", status=t(f"status-{case.status}")))
        return "\n".join(line for line in lines if line)

    def buttons(self, ctx: Ctx, case: CaseInfo) -> Any:
        t = ctx.services.i18n(None)
        by_status: dict[str, list[tuple[str, str]]] = {
            Status.SUBMITTED: [("take", "btn-staff-take"), ("office", "btn-staff-office")],
            Status.IN_REVIEW: [
                ("approve", "btn-staff-approve"),
                ("ret", "btn-staff-return"),
                ("rej", "btn-staff-reject"),
                ("office", "btn-staff-office"),
            ],
            Status.AWAITING_PAYMENT: [("paid", "btn-staff-paid")],
        }
        actions = [
            button(t(key), StaffCb(act=act, case=case.id, ver=case.version))
            for act, key in by_status.get(case.status, [])
        ]
        full = button(t("btn-staff-full"), StaffCb(act="full", case=case.id, ver=case.version))
        return inline(*rows(actions, 3), [full])

    async def post_submission(self, ctx: Ctx, case: CaseInfo) -> None:
        """A submission (or resubmission) → the staff chat: summary, the photos as an album, buttons."""
        chat_id = ctx.services.staff_chat_ids.get(ctx.profile.name)
        notifier = ctx.services.notifier
        if chat_id is None or notifier is None:
            log.warning("no staff chat configured for %s: submission not posted", ctx.profile.name)
            return
        bot = ctx.bot
        text = await self.summary(ctx, case)
        markup = self.buttons(ctx, case)
        photos = [
            d.file_id
            for d in await documents.current_documents(ctx.session, case.id)
            if d.file_id and d.content_type.startswith("image/")
        ]
        notifier.submit(chat_id, lambda: bot.send_message(chat_id, text))
        for start in range(0, len(photos), 10):
            group = photos[start : start + 10]
            notifier.submit(chat_id, _album_job(bot, chat_id, group))
        notifier.submit(
            chat_id,
            lambda: bot.send_message(
                chat_id, ctx.services.i18n(None)("staff-actions", code=case.tracking_code), reply_markup=markup
            ),
        )

    async def on_staff_button(
        self, query: CallbackQuery, callback_data: StaffCb, ctx: Ctx, fsm_storage: BaseStorage
    ) -> None:
        t = ctx.services.i18n(None)
        presser = query.from_user
        member = await self.staff_member(ctx, presser.id, presser.full_name)
        needed = FINANCE if callback_data.act == "paid" else REVIEWERS
        if member is None or not member.has(*needed):
            log.warning("refused staff button %s from a user without the role", callback_data.act)
            await query.answer(t("staff-not-allowed"), show_alert=True)
            return
        case = await cases.get_case(ctx.session, callback_data.case)
        if case is None:
            await query.answer(t("staff-not-allowed"), show_alert=True)
            return
        message = query.message if isinstance(query.message, Message) else None
        if callback_data.act == "full":
            await query.answer()
            applicant = await people.get_applicant(ctx.session, case.applicant_id)
            assert applicant is not None
            view = ctx.viewing(applicant)
            view.t = t
            text = await self.membership.full_summary(view, case)
            for chunk in chunks(t("staff-full-title", code=case.tracking_code) + "\n\n" + text):
                await ctx.bot.send_message(ctx.chat_id, chunk)
            return
        # confirming a payment is guarded by the status alone (a slip or an invoice may have
        # moved the version since the message was posted); everything else by the version seen
        if callback_data.act != "paid" and callback_data.ver != case.version:
            await query.answer(await self._handled_text(ctx, case), show_alert=True)
            return
        actor = Actor(_acting_role(member, Role.FINANCE if callback_data.act == "paid" else Role.REVIEWER), member.id)
        try:
            if callback_data.act == "take":
                await transition(
                    ctx.session,
                    case.id,
                    Action.TAKE,
                    actor,
                    expected_version=case.version,
                    changes={"assigned_staff_id": member.id},
                )
                await self.notify_applicant(ctx, case, "notify-in-review", code=case.tracking_code)
            elif callback_data.act == "approve":
                await self.approve(ctx, case, actor)
            elif callback_data.act == "paid":
                await self.confirm_payment(ctx, case, actor)
            elif callback_data.act in ("ret", "rej"):
                await self.open_private_dialog(query, ctx, fsm_storage, case, callback_data.act)
                return
            elif callback_data.act == "office":
                await self.offer_offices(query, ctx, case)
                return
        except AlreadyHandled as exc:
            await query.answer(self._already(t, exc), show_alert=True)
            return
        except WorkflowError:
            await query.answer(t("staff-not-possible"), show_alert=True)
            return
        await query.answer(t("staff-done"))
        await self.refresh(ctx, case.id, message, member)

    async def refresh(self, ctx: Ctx, case_id: int, message: Message | None, member: StaffInfo) -> None:
        """Show who did what on the staff message (edited on Telegram, a new one on Bale)."""
        case = await cases.get_case(ctx.session, case_id)
        assert case is not None
        text = self._handled_card(ctx, case, member)
        chat_id = message.chat.id if message is not None else ctx.services.staff_chat_ids.get(ctx.profile.name)
        if chat_id is not None:
            await ctx.ui.replace(message, chat_id, text, self.buttons(ctx, case))

    def _handled_card(self, ctx: Ctx, case: CaseInfo, member: StaffInfo) -> str:
        """The staff chat's line for a file after a step: who acted and where it stands now."""
        t = ctx.services.i18n(None)
        name = member.display_name or str(member.external_id)
        return (
            t("staff-actions", code=case.tracking_code)
            + "\n"
            + t("staff-handled", name=name, status=t(f"status-{case.status}"))
        )

    async def _handled_text(self, ctx: Ctx, case: CaseInfo) -> str:
        t = ctx.services.i18n(None)
        events = await history(ctx.session, case.id)
        name = None
        if events and events[-1].actor_staff_id is not None:
            by = await staff.get_staff_by_id(ctx.session, events[-1].actor_staff_id)
            name = by.display_name if by else None
        return t("staff-already", name=name or t("someone"), status=t(f"status-{case.status}"))

    def _already(self, t: Any, exc: AlreadyHandled) -> str:
        return str(t("staff-already", name=exc.by_name or t("someone"), status=t(f"status-{exc.status}")))

    async def approve(self, ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
        """Approve → awaiting payment of the organization's fee; the payment hooks ask for it."""
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
        for hook in self.on_approved:
            await hook(ctx, fresh)

    async def confirm_payment(self, ctx: Ctx, case: CaseInfo, actor: Actor, note: str | None = None) -> None:
        """Payment received (finance's button, or the messenger's successful_payment) → member,
        with a membership number. Guarded by the status: a second confirmation is refused."""
        year = jdatetime.date.today().year
        number = f"{(case.province or 'IR-00')[3:]}-{year}-{case.id:05d}"
        await transition(
            ctx.session, case.id, Action.CONFIRM_PAYMENT, actor, note=note, changes={"membership_number": number}
        )
        await self.notify_applicant(ctx, case, "notify-member", code=case.tracking_code, number=number)

    async def notify_applicant(self, ctx: Ctx, case: CaseInfo, key: str, **args: Any) -> None:
        """The spec's SMS: a chat message to the applicant, in their language, through the queue."""
        await ctx.notify_user(case.messenger_user_id, key, **args)

    async def post_note(self, ctx: Ctx, key: str, **args: Any) -> None:
        """A line for the staff chat of this platform (e.g. a payment arrived)."""
        chat_id = ctx.services.staff_chat_ids.get(ctx.profile.name)
        if chat_id is not None and ctx.services.notifier is not None:
            await ctx.services.notifier.notify(ctx.bot, chat_id, ctx.services.i18n(None)(key, **args))

    async def post_slip(self, ctx: Ctx, case: CaseInfo, file_id: str, *, is_pdf: bool) -> None:
        """An applicant's payment slip → the staff chat, with the finance button."""
        chat_id = ctx.services.staff_chat_ids.get(ctx.profile.name)
        notifier = ctx.services.notifier
        if chat_id is None or notifier is None:
            log.warning("no staff chat configured for %s: payment slip not posted", ctx.profile.name)
            return
        t = ctx.services.i18n(None)
        applicant = await people.get_applicant(ctx.session, case.applicant_id)
        text = t(
            "staff-slip",
            code=case.tracking_code,
            name=applicant.full_name if applicant else "—",
            fee=t.money(case.fee_rials or 0),
        )
        bot, markup = ctx.bot, self.buttons(ctx, case)
        if is_pdf:
            notifier.submit(chat_id, lambda: bot.send_document(chat_id, file_id, caption=text, reply_markup=markup))
        else:
            notifier.submit(chat_id, lambda: bot.send_photo(chat_id, file_id, caption=text, reply_markup=markup))

    # ---- the office (spec §2.1): confirm or change the applicant's suggestion -------------------

    async def offer_offices(self, query: CallbackQuery, ctx: Ctx, case: CaseInfo) -> None:
        t = ctx.services.i18n(None)
        choices = await offices.active_offices(ctx.session, case.province) if case.province else []
        if not choices:
            await query.answer(t("staff-no-offices"), show_alert=True)
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
        try:
            await ctx.bot.send_message(
                query.from_user.id, t("staff-pick-office", code=case.tracking_code), reply_markup=keyboard
            )
        except TelegramAPIError:
            await query.answer(t("review-start-private"), show_alert=True)
            return
        await query.answer(t("review-continue-private"))

    async def on_office_button(self, query: CallbackQuery, callback_data: OfficeCb, ctx: Ctx) -> None:
        t = ctx.services.i18n(None)
        member = await self.staff_member(ctx, query.from_user.id, query.from_user.full_name)
        case = await cases.get_case(ctx.session, callback_data.case)
        office = await offices.get_office(ctx.session, callback_data.office)
        if member is None or not member.has(*REVIEWERS) or case is None:
            log.warning("refused an office choice from a user without the role")
            await query.answer(t("staff-not-allowed"), show_alert=True)
            return
        if (
            office is None
            or office.province != case.province
            or case.status not in (Status.SUBMITTED, Status.IN_REVIEW)
        ):
            await query.answer(t("staff-not-possible"), show_alert=True)
            return
        try:
            await log_action(
                ctx.session,
                case.id,
                Action.SET_OFFICE,
                Actor(_acting_role(member, Role.REVIEWER), member.id),
                expected_version=callback_data.ver,
                note=office.name,
                changes={"office_id": office.id},
            )
        except AlreadyHandled as exc:
            await query.answer(self._already(t, exc), show_alert=True)
            return
        await query.answer(t("staff-done"))
        message = query.message if isinstance(query.message, Message) else None
        await ctx.ui.replace(message, ctx.chat_id, t("staff-office-set", code=case.tracking_code, office=office.name))
        await self.post_note(
            ctx,
            "staff-office-logged",
            code=case.tracking_code,
            office=office.name,
            name=member.display_name or str(member.external_id),
        )
        fresh = await cases.get_case(ctx.session, case.id)
        assert fresh is not None
        chat_id = ctx.services.staff_chat_ids.get(ctx.profile.name)
        if chat_id is not None and ctx.services.notifier is not None:
            bot, markup = ctx.bot, self.buttons(ctx, fresh)
            text = t("staff-actions", code=case.tracking_code)
            ctx.services.notifier.submit(chat_id, lambda: bot.send_message(chat_id, text, reply_markup=markup))

    # ---- return and reject, in the reviewer's private chat ------------------------------------

    def _private(self, ctx: Ctx, storage: BaseStorage, user_id: int) -> FSMContext:
        return FSMContext(storage, StorageKey(bot_id=ctx.bot.id, chat_id=user_id, user_id=user_id))

    async def open_private_dialog(
        self, query: CallbackQuery, ctx: Ctx, storage: BaseStorage, case: CaseInfo, act: str
    ) -> None:
        t = ctx.services.i18n(None)
        state = self._private(ctx, storage, query.from_user.id)
        # what can be returned: the four sections, or single documents
        items = [[s.value, s.label(t.lang)] for s in Section] + [
            [f"d{d.id}", "📄 " + returned_item_label(DOCUMENT_KEY + d.slot, t.lang)]
            for d in await documents.current_documents(ctx.session, case.id)
            if d.kind != documents.PAYMENT_SLIP
        ]
        await state.set_data(
            {
                "case": case.id,
                "code": case.tracking_code,
                "ver": case.version,
                "sections": [],
                "notes": {},
                "items": items,
            }
        )
        try:
            if act == "ret":
                await state.set_state(ReviewFlow.sections)
                await ctx.bot.send_message(
                    query.from_user.id,
                    t("review-pick-sections", code=case.tracking_code),
                    reply_markup=self._section_keyboard(t, items, []),
                )
            else:
                await state.set_state(ReviewFlow.reason)
                await ctx.bot.send_message(query.from_user.id, t("review-reject-reason", code=case.tracking_code))
        except TelegramAPIError:
            await state.clear()
            await query.answer(t("review-start-private"), show_alert=True)
            return
        await query.answer(t("review-continue-private"))

    def _section_keyboard(self, t: Any, items: list[list[str]], chosen: list[str]) -> Any:
        toggles = [
            button(("☑️ " if key in chosen else "⬜ ") + label, ReturnCb(act="toggle", sec=key)) for key, label in items
        ]
        return inline(
            *rows(toggles, 2),
            [button(t("btn-review-next"), ReturnCb(act="next")), button(t("btn-cancel"), ReturnCb(act="cancel"))],
        )

    async def on_return_button(self, query: CallbackQuery, callback_data: ReturnCb, ctx: Ctx) -> None:
        t = ctx.services.i18n(None)
        data = await ctx.state.get_data()
        if await ctx.state.get_state() != ReviewFlow.sections.state or "case" not in data:
            await query.answer(t("stale-button"))
            return
        chosen: list[str] = list(data.get("sections", []))
        message = query.message if isinstance(query.message, Message) else None
        if callback_data.act == "cancel":
            await ctx.state.clear()
            await query.answer()
            await ctx.ui.replace(message, ctx.chat_id, t("review-cancelled"))
            return
        items: list[list[str]] = data.get("items", [])
        labels = dict(items)
        if callback_data.act == "toggle" and callback_data.sec in labels:
            chosen = (
                [s for s in chosen if s != callback_data.sec]
                if callback_data.sec in chosen
                else [*chosen, callback_data.sec]
            )
            await ctx.state.update_data(sections=chosen)
            await query.answer()
            await ctx.ui.replace(
                message,
                ctx.chat_id,
                t("review-pick-sections", code=data["code"]),
                self._section_keyboard(t, items, chosen),
            )
            return
        if not chosen:
            await query.answer(t("review-pick-one"), show_alert=True)
            return
        await query.answer()
        await ctx.state.set_state(ReviewFlow.note)
        await ctx.bot.send_message(ctx.chat_id, t("review-note", section=labels[chosen[0]]))

    async def on_note(self, message: Message, ctx: Ctx) -> None:
        t = ctx.services.i18n(None)
        data = await ctx.state.get_data()
        if not message.text or message.text.startswith("/"):
            await ctx.bot.send_message(ctx.chat_id, t("review-note-text"))
            return
        chosen: list[str] = data["sections"]
        notes: dict[str, str] = dict(data.get("notes", {}))
        current = next(s for s in chosen if s not in notes)
        notes[current] = message.text.strip()
        remaining = [s for s in chosen if s not in notes]
        if remaining:
            await ctx.state.update_data(notes=notes)
            labels = dict(data.get("items", []))
            await ctx.bot.send_message(ctx.chat_id, t("review-note", section=labels.get(remaining[0], remaining[0])))
            return
        await ctx.state.clear()
        await self._decide(ctx, data["case"], data["ver"], Action.RETURN, section_notes=notes)

    async def on_reason(self, message: Message, ctx: Ctx) -> None:
        t = ctx.services.i18n(None)
        data = await ctx.state.get_data()
        if not message.text or message.text.startswith("/"):
            await ctx.bot.send_message(ctx.chat_id, t("review-note-text"))
            return
        await ctx.state.clear()
        await self._decide(ctx, data["case"], data["ver"], Action.REJECT, note=message.text.strip())

    async def _decide(self, ctx: Ctx, case_id: int, version: int, action: Action, **kwargs: Any) -> None:
        t = ctx.services.i18n(None)
        member = await self.staff_member(ctx, ctx.user.external_id, None)
        case = await cases.get_case(ctx.session, case_id)
        if member is None or not member.has(*REVIEWERS) or case is None:
            log.warning("refused a %s from a user without the role", action)
            await ctx.bot.send_message(ctx.chat_id, t("staff-not-allowed"))
            return
        if action == Action.RETURN:
            kwargs["section_notes"] = await self._note_keys(ctx, case.id, kwargs["section_notes"])
        try:
            actor = Actor(_acting_role(member, Role.REVIEWER), member.id)
            await transition(ctx.session, case.id, action, actor, expected_version=version, **kwargs)
        except AlreadyHandled as exc:
            await ctx.bot.send_message(ctx.chat_id, self._already(t, exc))
            return
        except WorkflowError:
            await ctx.bot.send_message(ctx.chat_id, t("staff-not-possible"))
            return
        user = await people.get_user(ctx.session, case.messenger_user_id)
        ut = ctx.services.i18n(user.language if user else None)
        if action == Action.RETURN:
            notes: dict[str, str] = kwargs["section_notes"]
            for key in notes:
                if key.startswith(DOCUMENT_KEY):  # asked again: the returned copy no longer counts
                    await documents.withdraw_document(ctx.session, case.id, key.removeprefix(DOCUMENT_KEY))
                await cases.save_answer(ctx.session, case.id, PROGRESS, returned_section(key).value, False)
            await self.notify_applicant(
                ctx, case, "notify-returned", code=case.tracking_code, notes=note_lines(ut, notes)
            )
        else:
            await self.notify_applicant(ctx, case, "notify-rejected", code=case.tracking_code, reason=kwargs["note"])
        await ctx.bot.send_message(ctx.chat_id, t("review-recorded", code=case.tracking_code))
        chat_id = ctx.services.staff_chat_ids.get(ctx.profile.name)
        if chat_id is not None and ctx.services.notifier is not None:
            fresh = await cases.get_case(ctx.session, case.id)
            assert fresh is not None
            await ctx.services.notifier.notify(ctx.bot, chat_id, self._handled_card(ctx, fresh, member))

    async def _note_keys(self, ctx: Ctx, case_id: int, notes: dict[str, str]) -> dict[str, str]:
        """The picker's keys → what the history keeps: a section, or "doc:<slot>"."""
        out: dict[str, str] = {}
        for key, note in notes.items():
            if key.startswith("d") and key[1:].isdigit():
                doc = await documents.get_document(ctx.session, int(key[1:]))
                if doc is not None and doc.case_id == case_id:
                    out[DOCUMENT_KEY + doc.slot] = note
            elif key in Section._value2member_map_:
                out[key] = note
        return out

    # ---- applicant side: history -------------------------------------------------------------

    async def history_text(self, ctx: Ctx, case: CaseInfo) -> str:
        """spec §5: the workflow history from the end of the first review on — date, role, notes;
        never a staff member's personal id."""
        t = ctx.t
        events = await applicant_history(ctx.session, case.id)
        if not events:
            return t("history-empty")
        lines = [t("history-title", code=case.tracking_code)]
        for e in events:
            date, role = t.date(e.at), t(f"role-{e.actor_role}")
            if e.action == Action.SET_OFFICE:
                lines.append(t("history-office", date=date, role=role, office=e.note or "—"))
                continue
            if e.action == Action.PAYMENT_SLIP:
                lines.append(t("history-slip", date=date))
                continue
            lines.append(t("history-line", date=date, role=role, status=t(f"status-{e.to_status}")))
            if e.note and e.action == Action.REJECT:
                lines.append(t("history-note", note=e.note))
            if e.section_notes:
                lines.append(note_lines(t, e.section_notes))
        return "\n".join(lines)

    # ---- /staff for admins ---------------------------------------------------------------------

    async def on_staff_command(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        t = ctx.t
        member = await self.staff_member(
            ctx, ctx.user.external_id, message.from_user.full_name if message.from_user else None
        )
        if member is None or Role.ADMIN not in member.roles:
            await ctx.send("staff-not-allowed")
            return
        parts = (command.args or "").split()
        if parts[:1] == ["list"] or not parts:
            everyone = await staff.list_staff(ctx.session, ctx.profile.name)
            lines = [t("staff-list-title")] + [
                t(
                    "staff-list-line",
                    id=str(s.external_id),
                    name=s.display_name or "—",
                    roles=", ".join(sorted(s.roles)),
                )
                for s in everyone
            ]
            await ctx.ui.send(ctx.chat_id, "\n".join(lines))
            return
        if len(parts) == 3 and parts[0] in ("add", "remove") and parts[1].isdigit():
            try:
                role = staff.parse_role(parts[2])
            except staff.UnknownRole:
                await ctx.send("staff-usage")
                return
            if parts[0] == "add":
                await staff.grant_role(
                    ctx.session, ctx.profile.name, int(parts[1]), role, granted_by=str(ctx.user.external_id)
                )
            else:
                await staff.revoke_role(ctx.session, ctx.profile.name, int(parts[1]), role)
            await ctx.send("staff-updated")
            return
        await ctx.send("staff-usage")

    def router(self) -> Router:
        router = Router(name="review")
        router.message.register(self.on_staff_command, Command("staff"))
        router.callback_query.register(self.on_staff_button, StaffCb.filter())
        router.callback_query.register(self.on_return_button, ReturnCb.filter())
        router.callback_query.register(self.on_office_button, OfficeCb.filter())
        router.message.register(self.on_note, ReviewFlow.note)
        router.message.register(self.on_reason, ReviewFlow.reason)
        return router


def _album_job(bot: Bot, chat_id: int, file_ids: list[str]) -> Callable[[], Awaitable[Any]]:
    """Send up to ten photos: one photo alone, more as an album."""
    if len(file_ids) == 1:
        return lambda: bot.send_photo(chat_id, file_ids[0])
    media: list[Any] = [InputMediaPhoto(media=fid) for fid in file_ids]
    return lambda: bot.send_media_group(chat_id, media)


def _acting_role(member: StaffInfo, wanted: Role) -> Role:
    """The role a staff member acts in: the one the step needs if they have it, else admin."""
    return wanted if wanted in member.roles else Role.ADMIN
