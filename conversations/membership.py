"""The membership request dialog (spec/membership.md §0–§3).

    contact → identity → rules → personal → education → family → documents → confirm → submitted
    (each section: questions → summary → "save and next"; /menu or cancel anywhere → main menu,
    every answer already saved; /start or the menu later → back to the exact question)

Where an applicant is comes from the database alone (``resume``), so nothing is lost when the
bot restarts or the FSM storage is emptied.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiogram import Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from sqlalchemy.ext.asyncio import AsyncSession

from conversations import forms
from conversations.context import Ctx
from conversations.engine import Form, FormEngine, is_answered
from conversations.keyboards import NavCb, button, inline, rows
from conversations.receipt import ReceiptData, render_receipt
from conversations.stores import ContactStore, DegreeStore, FamilyStore, IdentityStore, SectionStore
from scoring import (
    BuildingField,
    DegreeLevel,
    FamilyRelation,
    Section,
    missing_in_section,
    province,
    required_documents,
)
from scoring.membership import (
    DEGREE_REQUIREMENTS,
    FAMILY_MEMBER_REQUIREMENTS,
    DegreeCodeKind,
    DocumentKind,
    missing_fields,
)
from storage import cases, documents, offices, people
from storage.cases import CaseInfo
from storage.workflow import Action, Actor, CaseKind, Status, history, transition

log = logging.getLogger(__name__)

PROGRESS = "progress"  # case answers section recording which sections were saved ("save and next")
SubmittedHook = Callable[[Ctx, CaseInfo], Awaitable[None]]


class Journey(StatesGroup):
    rules = State()
    degrees = State()
    family = State()
    confirm = State()


class Membership:
    def __init__(self, engine: FormEngine, home: Callable[[Ctx], Awaitable[None]]) -> None:
        self.engine = engine
        self.home = home
        self.on_submitted: list[SubmittedHook] = []
        self.contact = engine.register(
            Form("contact", "form-contact", forms.CONTACT_FIELDS, ContactStore(), self._after_contact, summary=False)
        )
        self.identity = engine.register(
            Form(
                "identity",
                "form-identity",
                forms.IDENTITY_FIELDS,
                IdentityStore(),
                self._after_identity,
                done_label="btn-confirm-continue",
                locked=self._identity_locked,
            )
        )
        self.personal = engine.register(
            Form("personal", "form-personal", forms.PERSONAL_FIELDS, SectionStore("personal"), self._after_personal)
        )
        self.degree = engine.register(
            Form(
                "degree",
                "form-degree",
                forms.DEGREE_FIELDS,
                DegreeStore(),
                self._after_degree,
                done_label="btn-save-degree",
                on_back_from_first=self._back_to_degrees,
                env=forms.degree_env,
            )
        )
        self.family_member = engine.register(
            Form(
                "family",
                "form-family-member",
                forms.FAMILY_FIELDS,
                FamilyStore(),
                self._after_family_member,
                done_label="btn-save-person",
                on_back_from_first=self._back_to_family,
            )
        )
        self.documents = engine.register(
            Form("documents", "form-documents", forms.document_fields, SectionStore("documents"), self._after_documents)
        )

    # ---- where is the applicant? ----------------------------------------------------------------

    async def _identity_locked(self, ctx: Ctx) -> bool:
        applicant = await ctx.applicant()
        return bool(applicant and applicant.locked)

    async def draft_in_progress(self, ctx: Ctx) -> bool:
        """Has the applicant begun a membership request that waits for them (contact, identity,
        rules or a draft/returned file)?"""
        case = await ctx.membership_case()
        if case is not None:
            return case.status in (Status.DRAFT, Status.RETURNED)
        applicant = await ctx.applicant()
        if applicant is None:
            return ctx.user.mobile is not None
        return await cases.latest_case(ctx.session, applicant.id, CaseKind.MEMBERSHIP) is None

    async def resume(self, ctx: Ctx, *, message: Message | None = None) -> None:
        """Take the applicant to exactly where they are, from what is saved."""
        if not ctx.user.mobile:
            await ctx.send("contact-why")
            await self.engine.start(ctx, self.contact)
            return
        identity = await self.identity.store.load(ctx, None)
        if any(not is_answered(identity, f) for f in forms.IDENTITY_FIELDS):
            await self.engine.start(ctx, self.identity)
            return
        if not ctx.user.rules_accepted:
            await self.show_rules(ctx)
            return
        applicant = await ctx.applicant()
        assert applicant is not None
        case = await ctx.membership_case()
        if case is None:
            latest = await cases.latest_case(ctx.session, applicant.id, CaseKind.MEMBERSHIP)
            if latest is not None and latest.status == Status.MEMBER:
                await ctx.send("membership-complete", number=ctx.t.digits(latest.membership_number or ""))
                await self.home(ctx)
                return
            case = await cases.create_case(ctx.session, CaseKind.MEMBERSHIP, applicant.id, ctx.user.id)
        if case.status not in (Status.DRAFT, Status.RETURNED):
            await ctx.send(
                "file-not-editable",
                code=case.tracking_code,
                status=ctx.t(f"status-{case.status}"),
            )
            await self.home(ctx)
            return
        saved = await cases.answers(ctx.session, case.id)
        progress = saved.get(PROGRESS, {})
        if case.status == Status.RETURNED and message is None and not await ctx.state.get_state():
            await self.show_return_notes(ctx, case)
        app = await forms.application(ctx, case.id)
        if not progress.get(Section.PERSONAL) or missing_in_section(Section.PERSONAL, app):
            await self.engine.start(ctx, self.personal, case.id, message=message)
            return
        if not progress.get(Section.EDUCATION) or missing_in_section(Section.EDUCATION, app):
            for degree in app.degrees:
                if self._degree_incomplete(dict(degree), app.received):
                    await self.engine.start(ctx, self.degree, int(str(degree["id"])))
                    return
            await self.show_degrees(ctx, message=message)
            return
        if not progress.get(Section.FAMILY) or missing_in_section(Section.FAMILY, app):
            for member in app.family:
                if missing_fields(FAMILY_MEMBER_REQUIREMENTS, member):
                    await self.engine.start(ctx, self.family_member, int(str(member["id"])))
                    return
            await self.show_family(ctx, message=message)
            return
        if not progress.get(Section.DOCUMENTS) or missing_in_section(Section.DOCUMENTS, app):
            await self.engine.start(ctx, self.documents, case.id, message=message)
            return
        await self.show_confirm(ctx, case)

    async def show_return_notes(self, ctx: Ctx, case: CaseInfo) -> None:
        """spec §4: a returned file shows the expert's note beside each section to fix."""
        t = ctx.t
        returns = [e for e in await history(ctx.session, case.id) if e.action == Action.RETURN]
        if not returns:
            return
        await ctx.send("returned-fix", code=case.tracking_code, notes=note_lines(t, returns[-1].section_notes))

    @staticmethod
    def _degree_incomplete(degree: dict[str, object], received: frozenset[str]) -> bool:
        if missing_fields(DEGREE_REQUIREMENTS, degree):
            return True
        ref = degree["id"]
        if f"degree_certificate:{ref}" not in received:
            return True
        return degree.get("code_kind") == DegreeCodeKind.VERIFICATION and f"degree_verification:{ref}" not in received

    async def _mark(self, ctx: Ctx, section: Section, done: bool = True) -> None:
        case = await ctx.membership_case()
        if case is not None:
            await cases.save_answer(ctx.session, case.id, PROGRESS, section.value, done)

    # ---- form callbacks -----------------------------------------------------------------------

    async def _after_contact(self, ctx: Ctx, _: int | None) -> None:
        await self.resume(ctx)

    async def _after_identity(self, ctx: Ctx, _: int | None) -> None:
        await self.resume(ctx)

    async def _after_personal(self, ctx: Ctx, case_id: int | None) -> None:
        await self._mark(ctx, Section.PERSONAL)
        await self.resume(ctx)

    async def _after_degree(self, ctx: Ctx, _: int | None) -> None:
        await self.show_degrees(ctx)

    async def _back_to_degrees(self, ctx: Ctx, degree_id: int | None) -> None:
        await self._drop_if_empty(ctx, degree_id, cases.degree, cases.remove_degree)
        await self.show_degrees(ctx)

    async def _after_family_member(self, ctx: Ctx, _: int | None) -> None:
        await self.show_family(ctx)

    async def _back_to_family(self, ctx: Ctx, member_id: int | None) -> None:
        await self._drop_if_empty(ctx, member_id, cases.family_member, cases.remove_family_member)
        await self.show_family(ctx)

    async def _drop_if_empty(
        self,
        ctx: Ctx,
        item: int | None,
        load: Callable[[AsyncSession, int, int], Awaitable[dict[str, Any] | None]],
        remove: Callable[[AsyncSession, int, int], Awaitable[None]],
    ) -> None:
        """Back from the first question of a just-added degree or person: drop the empty row."""
        case = await ctx.membership_case()
        if case is None or item is None:
            return
        row = await load(ctx.session, case.id, item)
        if row is not None and all(v is None for k, v in row.items() if k != "id"):
            await remove(ctx.session, case.id, item)

    async def _after_documents(self, ctx: Ctx, _: int | None) -> None:
        await self._mark(ctx, Section.DOCUMENTS)
        await self.resume(ctx)

    # ---- rules ---------------------------------------------------------------------------------

    async def show_rules(self, ctx: Ctx) -> None:
        org = ctx.services.org
        rules = (org.rules_en if ctx.t.lang == "en" else org.rules_fa) or ctx.t("rules-default")
        await ctx.state.set_state(Journey.rules)
        await ctx.ui.send(
            ctx.chat_id,
            ctx.t("rules-title", org=org.name(ctx.t.lang)) + "\n\n" + rules,
            inline(
                [button(ctx.t("btn-accept-rules"), NavCb(act="rules_ok"))],
                [button(ctx.t("btn-menu"), NavCb(act="menu"))],
            ),
        )

    async def on_rules_accepted(self, query: CallbackQuery, ctx: Ctx) -> None:
        await query.answer()
        await people.accept_rules(ctx.session, ctx.user.id)
        ctx.user = (await people.get_user(ctx.session, ctx.user.id)) or ctx.user
        await ctx.ui.close_question(
            query.message if isinstance(query.message, Message) else None, ctx.chat_id, ctx.t("rules-accepted")
        )
        await ctx.state.clear()
        await self.resume(ctx)

    async def on_rules_text(self, message: Message, ctx: Ctx) -> None:
        await ctx.send("rules-press-accept")
        await self.show_rules(ctx)

    # ---- degrees and family lists ------------------------------------------------------------

    async def show_degrees(self, ctx: Ctx, *, message: Message | None = None) -> None:
        case = await ctx.membership_case()
        if case is None:
            await self.resume(ctx)
            return
        t = ctx.t
        app = await forms.application(ctx, case.id)
        lines = [t("degrees-title")]
        buttons: list[list[InlineKeyboardButton]] = []
        for n, degree in enumerate(app.degrees, start=1):
            state = t("item-incomplete") if self._degree_incomplete(dict(degree), app.received) else t("item-complete")
            lines.append(
                t(
                    "degree-line",
                    n=t.digits(n),
                    level=enum_label(DegreeLevel, degree.get("level"), t.lang),
                    field=enum_label(BuildingField, degree.get("field"), t.lang),
                    university=str(degree.get("university") or "—"),
                    state=state,
                )
            )
            buttons.append(
                [
                    button(t("btn-edit-item", n=t.digits(n)), NavCb(act="deg_edit", arg=str(degree["id"]))),
                    button(t("btn-remove-item", n=t.digits(n)), NavCb(act="deg_del", arg=str(degree["id"]))),
                ]
            )
        if not app.degrees:
            lines.append(t("degrees-empty"))
        buttons.append([button(t("btn-add-degree"), NavCb(act="deg_add"))])
        buttons.append([button(t("btn-save-next"), NavCb(act="edu_done"))])
        buttons.append([button(t("btn-menu"), NavCb(act="menu"))])
        await ctx.state.set_state(Journey.degrees)
        await ctx.ui.replace(message, ctx.chat_id, "\n".join(lines), inline(*buttons))

    async def show_family(self, ctx: Ctx, *, message: Message | None = None) -> None:
        case = await ctx.membership_case()
        if case is None:
            await self.resume(ctx)
            return
        t = ctx.t
        people_rows = await cases.family(ctx.session, case.id)
        lines = [t("family-title")]
        buttons: list[list[InlineKeyboardButton]] = []
        for n, member in enumerate(people_rows, start=1):
            lines.append(
                t(
                    "family-line",
                    n=t.digits(n),
                    relation=enum_label(FamilyRelation, member.get("relation"), t.lang),
                    name=" ".join(str(member.get(k) or "") for k in ("first_name", "last_name")).strip() or "—",
                )
            )
            buttons.append(
                [
                    button(t("btn-edit-item", n=t.digits(n)), NavCb(act="fam_edit", arg=str(member["id"]))),
                    button(t("btn-remove-item", n=t.digits(n)), NavCb(act="fam_del", arg=str(member["id"]))),
                ]
            )
        if not people_rows:
            lines.append(t("family-empty"))
        buttons.append([button(t("btn-add-person"), NavCb(act="fam_add"))])
        buttons.append([button(t("btn-save-next"), NavCb(act="fam_done"))])
        buttons.append([button(t("btn-menu"), NavCb(act="menu"))])
        await ctx.state.set_state(Journey.family)
        await ctx.ui.replace(message, ctx.chat_id, "\n".join(lines), inline(*buttons))

    async def on_list_button(self, query: CallbackQuery, callback_data: NavCb, ctx: Ctx) -> None:
        """Buttons of the degree and family lists and of the confirm screen."""
        t = ctx.t
        act, arg = callback_data.act, callback_data.arg
        message = query.message if isinstance(query.message, Message) else None
        if act == "menu":
            await query.answer()
            await ctx.state.clear()
            await self.home(ctx)
            return
        if act == "rules_ok":
            await self.on_rules_accepted(query, ctx)
            return
        case = await ctx.membership_case()
        if case is None or case.status not in (Status.DRAFT, Status.RETURNED):
            await query.answer(t("stale-button"))
            await self.resume(ctx)
            return
        await query.answer()
        if act == "deg_add":
            degree_id = await cases.add_degree(ctx.session, case.id)
            await self.engine.start(ctx, self.degree, degree_id)
        elif act in ("deg_edit", "deg_del", "fam_edit", "fam_del"):
            item = int(arg) if arg.isdigit() else -1
            is_degree = act.startswith("deg")
            row = await (cases.degree if is_degree else cases.family_member)(ctx.session, case.id, item)
            if row is None:  # not this applicant's, or already removed
                await (self.show_degrees if is_degree else self.show_family)(ctx)
                return
            if act == "deg_edit":
                await self.engine.start(ctx, self.degree, item)
            elif act == "fam_edit":
                await self.engine.start(ctx, self.family_member, item)
            elif act == "deg_del":
                await cases.remove_degree(ctx.session, case.id, item)
                await self._mark(ctx, Section.EDUCATION, False)
                await self.show_degrees(ctx, message=message)
            else:
                await cases.remove_family_member(ctx.session, case.id, item)
                await self.show_family(ctx, message=message)
        elif act == "edu_done":
            app = await forms.application(ctx, case.id)
            if not app.degrees or any(self._degree_incomplete(dict(d), app.received) for d in app.degrees):
                await ctx.send("degrees-incomplete")
                await self.show_degrees(ctx)
                return
            await self._mark(ctx, Section.EDUCATION)
            await self.resume(ctx)
        elif act == "fam_add":
            member_id = await cases.add_family_member(ctx.session, case.id)
            await self.engine.start(ctx, self.family_member, member_id)
        elif act == "fam_done":
            app = await forms.application(ctx, case.id)
            if missing_in_section(Section.FAMILY, app):
                await ctx.send("family-incomplete")
                await self.show_family(ctx)
                return
            await self._mark(ctx, Section.FAMILY)
            await self.resume(ctx)
        elif act == "edit_section":
            await self.open_section(ctx, case, arg)
        elif act == "submit":
            await self.submit(ctx, case)
        else:
            await self.resume(ctx)

    async def open_section(self, ctx: Ctx, case: CaseInfo, section: str) -> None:
        if section == Section.PERSONAL:
            await self.engine.show_summary(ctx, self.personal, case.id)
        elif section == Section.EDUCATION:
            await self.show_degrees(ctx)
        elif section == Section.FAMILY:
            await self.show_family(ctx)
        elif section == Section.DOCUMENTS:
            await self.engine.show_summary(ctx, self.documents, case.id)
        else:
            await self.resume(ctx)

    async def on_list_text(self, message: Message, ctx: Ctx) -> None:
        await ctx.send("use-list-buttons")
        state = await ctx.state.get_state()
        if state == Journey.degrees.state:
            await self.show_degrees(ctx)
        elif state == Journey.family.state:
            await self.show_family(ctx)
        else:
            await self.resume(ctx)

    # ---- confirm and submit ------------------------------------------------------------------

    async def full_summary(self, ctx: Ctx, case: CaseInfo) -> str:
        """Everything of the file, as the applicant (and staff) read it."""
        t = ctx.t
        parts = []
        identity = await self.identity.store.load(ctx, None)
        parts.append(await self._section_text(ctx, self.identity, None, identity))
        personal = await self.personal.store.load(ctx, case.id)
        parts.append(await self._section_text(ctx, self.personal, case.id, personal))
        app = await forms.application(ctx, case.id)
        degree_lines = [t("degrees-title")]
        for n, degree in enumerate(app.degrees, start=1):
            answers = await self.degree.store.load(ctx, int(str(degree["id"])))
            values = []
            for f in await self.engine.applicable(ctx, self.degree, answers):
                values.append(t("summary-line", label=t(f.label_key), value=await self.engine.display(ctx, f, answers)))
            degree_lines.append(t("degree-heading", n=t.digits(n)) + "\n" + "\n".join(values))
        parts.append("\n".join(degree_lines))
        family_lines = [t("family-title")]
        for n, member in enumerate(app.family, start=1):
            family_lines.append(
                t(
                    "family-line-full",
                    n=t.digits(n),
                    relation=enum_label(FamilyRelation, member.get("relation"), t.lang),
                    name=f"{member.get('first_name') or ''} {member.get('last_name') or ''}".strip(),
                    code=t.digits(member.get("national_code") or ""),
                    birth=t.date(str(member.get("birth_date") or "")),
                )
            )
        if not app.family:
            family_lines.append(t("family-empty"))
        parts.append("\n".join(family_lines))
        doc_lines = [t("documents-title")]
        for doc in required_documents(app):
            mark = t("doc-status-received") if doc.slot in app.received else t("doc-status-missing")
            doc_lines.append(
                t("doc-status-line", label=self._doc_label(ctx, doc.kind.value, doc.degree, app), status=mark)
            )
        parts.append("\n".join(doc_lines))
        return "\n\n".join(parts)

    def _doc_label(self, ctx: Ctx, kind: str, degree: str | None, app: object) -> str:
        label = ctx.t(f"doc-{kind}")
        if degree is None:
            return label
        positions = [str(d["id"]) for d in getattr(app, "degrees", [])]
        n = positions.index(degree) + 1 if degree in positions else 0
        return ctx.t("doc-of-degree", label=label, n=ctx.t.digits(n))

    async def _section_text(self, ctx: Ctx, form: Form, item: int | None, answers: dict[str, object]) -> str:
        t = ctx.t
        lines = [t("summary-title", form=t(form.title))]
        for f in await self.engine.applicable(ctx, form, answers):
            lines.append(t("summary-line", label=t(f.label_key), value=await self.engine.display(ctx, f, answers)))
        return "\n".join(lines)

    async def show_confirm(self, ctx: Ctx, case: CaseInfo) -> None:
        t = ctx.t
        await ctx.state.set_state(Journey.confirm)
        text = await self.full_summary(ctx, case)
        for chunk in chunks(t("confirm-title") + "\n\n" + text):
            await ctx.ui.send(ctx.chat_id, chunk)
        edit_buttons = [
            button(t("btn-edit-section", section=s.label(t.lang)), NavCb(act="edit_section", arg=s.value))
            for s in Section
        ]
        await ctx.ui.send(
            ctx.chat_id,
            t("confirm-question"),
            inline(
                [button(t("btn-confirm-submit"), NavCb(act="submit"))],
                *rows(edit_buttons, 2),
                [button(t("btn-menu"), NavCb(act="menu"))],
            ),
        )

    async def submit(self, ctx: Ctx, case: CaseInfo) -> None:
        """spec §3: submit (or resubmit) → tracking code and a printable receipt."""
        t = ctx.t
        app = await forms.application(ctx, case.id)
        for section in Section:
            if missing_in_section(section, app):
                await ctx.send("cannot-submit-incomplete", section=section.label(t.lang))
                await self.open_section(ctx, case, section.value)
                return
        personal = app.personal
        office = str(personal.get("office") or "")
        await cases.set_case_fields(
            ctx.session,
            case.id,
            province=str(personal.get("province")),
            suggested_office_id=int(office) if office.isdigit() else None,
        )
        action = Action.RESUBMIT if case.status == Status.RETURNED else Action.SUBMIT
        await transition(ctx.session, case.id, action, Actor.applicant(), expected_version=case.version)
        await people.lock_identity(ctx.session, case.applicant_id)
        await ctx.state.clear()
        submitted = await cases.get_case(ctx.session, case.id)
        assert submitted is not None
        await ctx.send("submitted", code=submitted.tracking_code)
        receipt = await self.receipt(ctx, submitted)
        await ctx.ui.send_document(ctx.chat_id, receipt, f"receipt-{submitted.tracking_code}.pdf", t("receipt-caption"))
        for hook in self.on_submitted:
            await hook(ctx, submitted)
        await self.home(ctx)

    async def receipt(self, ctx: Ctx, case: CaseInfo) -> bytes:
        applicant = await ctx.applicant()
        assert applicant is not None
        app = await forms.application(ctx, case.id)
        office_name = ctx.t("office-no-preference")
        if case.suggested_office_id is not None:
            office = await offices.get_office(ctx.session, case.suggested_office_id)
            office_name = office.name if office else office_name
        docs = await documents.current_documents(ctx.session, case.id)
        data = ReceiptData(
            lang=ctx.t.lang,
            organization=ctx.services.org.name(ctx.t.lang),
            tracking_code=case.tracking_code,
            name=applicant.full_name,
            national_code=applicant.national_code,
            province=province(case.province).label(ctx.t.lang) if case.province else "—",
            office=office_name,
            submitted=ctx.t.date(case.submitted_at.date() if case.submitted_at else None),
            degrees=len(app.degrees),
            documents=len(docs),
            texts={k: ctx.t(f"receipt-{k}") for k in ReceiptData.TEXT_KEYS},
        )
        return await asyncio.to_thread(render_receipt, data)

    async def on_confirm_text(self, message: Message, ctx: Ctx) -> None:
        await ctx.send("confirm-press-button")
        case = await ctx.membership_case()
        if case is not None:
            await self.show_confirm(ctx, case)

    def router(self) -> Router:
        router = Router(name="membership")
        router.callback_query.register(self.on_list_button, NavCb.filter())
        router.message.register(self.on_rules_text, Journey.rules)
        router.message.register(self.on_list_text, Journey.degrees)
        router.message.register(self.on_list_text, Journey.family)
        router.message.register(self.on_confirm_text, Journey.confirm)
        return router


DOCUMENT_KEY = "doc:"  # a returned single document: "doc:<slot>" beside the section keys


def returned_item_label(key: str, lang: str) -> str:
    """A returned section ("personal") or single document ("doc:national_card")."""
    if key in Section._value2member_map_:
        return Section(key).label(lang)
    kind = key.removeprefix(DOCUMENT_KEY).split(":")[0]
    return enum_label(DocumentKind, kind, lang) if kind in DocumentKind._value2member_map_ else key


def returned_section(key: str) -> Section:
    """The section a returned item reopens (a degree's documents belong to education)."""
    if key in Section._value2member_map_:
        return Section(key)
    kind = key.removeprefix(DOCUMENT_KEY).split(":")[0]
    if kind in (DocumentKind.DEGREE_CERTIFICATE, DocumentKind.DEGREE_VERIFICATION):
        return Section.EDUCATION
    return Section.DOCUMENTS


def note_lines(t: Any, notes: Mapping[str, str]) -> str:
    """The reviewer's notes, one line per returned section or document."""
    return "\n".join(t("notify-note-line", section=returned_item_label(k, t.lang), note=n) for k, n in notes.items())


def enum_label(enum: type, value: object, lang: str) -> str:
    try:
        return str(enum(value).label(lang))
    except ValueError:
        return "—"


def chunks(text: str, limit: int = 3800) -> list[str]:
    """Split a long text at line ends so each part fits in one message."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        if len(current) + len(line) + 1 > limit and current:
            out.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out
