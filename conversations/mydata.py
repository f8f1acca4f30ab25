"""/mydata: everything the organization holds about the applicant, and taking back a draft (issue 28).

    /mydata → a PDF of everything held (the messenger account, the identity, and each file: its
              answers, its documents with their dates, its history as the applicant sees it),
              then the files: a "delete" button per draft; a submitted file cannot be deleted
              by the applicant — the reply says why and whom to ask
    delete draft X ─→ "delete it, with its answers and documents?" ─yes→ deleted (answers, items,
              documents, their files; the identity too if nothing else holds it) → the menu
                                                                  └─no→ kept
    the retention notice (14 days before an untouched draft goes): keep ─→ its time starts again
              → the draft at its question;  delete ─→ as above
    a button for a file that is not the presser's draft (any more) → "no longer a draft" / stale

The PDF is built from what storage returns and from each application's declaration (its sections
and their summaries, its document labels): a new application kind needs nothing here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from conversations.kit.application import ApplicationEngine, section_text
from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx, Organization
from conversations.kit.fields import label_of, show
from conversations.kit.i18n import I18n, Translator
from conversations.kit.identity import IDENTITY, identity_answers
from conversations.kit.keyboards import DbId, button, inline
from conversations.kit.outbox import Outbox
from conversations.kit.pdf import Block, Heading, Pairs, Paragraph, Printout, Table, render
from conversations.kit.staffing import role_label
from scoring import slot_kind
from scoring.validators import IRAN_TIME
from storage import cases, documents, people, retention
from storage.cases import CaseFile, CaseInfo
from storage.documents import ORGANIZATION_KINDS, PDF, DocumentInfo
from storage.people import ApplicantInfo, UserInfo
from storage.workflow import Action, Event, Status, applicant_history

log = logging.getLogger(__name__)


class MyDataCb(CallbackData, prefix="my"):
    act: str  # del (ask), yes (delete), no (keep, from the question), keep (from the retention notice)
    case: DbId


@dataclass(frozen=True)
class HeldFile:
    """One of the applicant's files as they may see it."""

    file: CaseFile
    documents: tuple[DocumentInfo, ...]  # every one received, replaced ones included
    history: tuple[Event, ...]  # from the end of the first review (spec §5)
    documents_deleted: bool = False  # a rejected file's documents, past retention


@dataclass(frozen=True)
class Held:
    """Everything held about one person, as read for one /mydata."""

    user: UserInfo
    applicant: ApplicantInfo | None
    code_attempts: int
    files: tuple[HeldFile, ...]


def iran_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(IRAN_TIME).date()


# Vazirmatn draws Persian and Latin, not pictographs: the chat's emoji are left off paper
_PICTOGRAPHS = frozenset({"So", "Cs", "Co"})


def on_paper(text: str) -> str:
    """A chat text for the PDF: no pictographs (and no double space where one was)."""
    kept = "".join(c for c in text if unicodedata.category(c) not in _PICTOGRAPHS and c not in "\ufe0f\u200d")
    return "\n".join(" ".join(line.split()) for line in kept.splitlines())


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def paragraphs(text: str, lang: str) -> list[Block]:
    """Lines of a summary as paragraphs. In an English printout a line whose value is in Persian
    ("• Home address: شهرکرد، …") is drawn as its label, then its value on a line of its own:
    fpdf2 orders a Persian run with digits wrongly inside a left-to-right line, and alone it is
    right (a Persian printout has no such line)."""
    if not text.strip():
        return []
    if lang != "en":
        return [Paragraph(text, size=9)]
    blocks: list[Block] = []
    run: list[str] = []
    for line in text.splitlines():
        label, colon, value = line.partition(": ")
        if colon and _ARABIC_SCRIPT.search(value) and not _ARABIC_SCRIPT.search(label):
            if run:
                blocks.append(Paragraph("\n".join(run), size=9))
                run = []
            blocks += [Paragraph(label + ":", size=9), Paragraph(value, size=9)]
        else:
            run.append(line)
    if run:
        blocks.append(Paragraph("\n".join(run), size=9))
    return blocks


async def read_held(ctx: Ctx) -> Held:
    applicant = await ctx.applicant()
    files: list[HeldFile] = []
    attempts = 0
    if applicant is not None:
        attempts = (await people.code_attempts(ctx.session, applicant.id)).count
        for case in reversed(await cases.cases_of_applicant(ctx.session, applicant.id)):
            file = await cases.case_file(ctx.session, case.id)
            if file is None:
                continue
            every = tuple(await documents.all_documents(ctx.session, case.id))
            history = tuple(await applicant_history(ctx.session, ctx.services.process(case.kind).workflow, case.id))
            gone = await retention.documents_deleted(ctx.session, case.id)
            files.append(HeldFile(file, every, history, gone))
    return Held(ctx.user, applicant, attempts, tuple(files))


class MyData:
    def __init__(self, i18n: I18n, applications: ApplicationEngine) -> None:
        self.i18n = i18n
        self.applications = applications

    # ---- the PDF (pure) ------------------------------------------------------------------------

    def printout(self, t: Translator, org: Organization, held: Held, today: dt.date) -> Printout:
        blocks: list[Block] = [
            Heading(t("mydata-title", org=org.name(t.lang)), size=14),
            Paragraph(t("mydata-intro", date=t.date(today)), size=9),
            Heading(t("mydata-account"), size=12, align="start"),
            Pairs(self.account_rows(t, held), columns=1),
            Heading(t("mydata-identity"), size=12, align="start"),
        ]
        if held.applicant is not None:
            answers = identity_answers(held.applicant)
            rows = [(label_of(f, t), show(f, answers, t, None)) for f in IDENTITY.applicable(answers, None)]
            blocks.append(Pairs(tuple((on_paper(a), on_paper(b)) for a, b in rows), columns=2))
        else:
            blocks.append(Paragraph(t("mydata-no-identity")))
        for held_file in held.files:
            blocks += self.file_blocks(t, held_file)
        blocks.append(Paragraph(on_paper(t("mydata-closing", org=org.name(t.lang))), size=9))
        return Printout(t.lang, tuple(blocks))

    @staticmethod
    def account_rows(t: Translator, held: Held) -> tuple[tuple[str, str], ...]:
        user = held.user
        rows = [
            (t("mydata-messenger"), t(f"mydata-messenger-{user.platform}")),
            (t("mydata-account-id"), t.digits(user.external_id)),
            (t("mydata-language"), t(f"mydata-language-{user.language}")),
            (t("mydata-mobile"), t.digits(user.mobile) if user.mobile else "—"),
            (t("mydata-rules"), t.yes_no(user.rules_accepted)),
        ]
        if held.code_attempts:
            rows.append((t("mydata-attempts"), t.digits(held.code_attempts)))
        return tuple(rows)

    def file_blocks(self, t: Translator, held: HeldFile) -> list[Block]:
        file, case = held.file, held.file.case
        app = self.applications.of_kind(case.kind)
        facts = [
            (t("mydata-status"), t(f"status-{case.status}")),
            (t("mydata-created"), t.date(iran_day(case.created_at))),
            (t("mydata-submitted"), t.date(iran_day(case.submitted_at)) if case.submitted_at else "—"),
            (t("mydata-updated"), t.date(iran_day(case.updated_at))),
        ]
        office = case.office_id or case.suggested_office_id
        if office is not None and office in file.offices:
            facts.append((t("mydata-office"), file.offices[office]))
        blocks: list[Block] = [
            Heading(t("mydata-file", code=case.tracking_code, kind=t(f"kind-{case.kind}")), size=13, align="start"),
            Pairs(tuple((a, on_paper(b)) for a, b in facts), columns=2),
            Heading(t("mydata-answers"), size=11, align="start"),
        ]
        for section in app.sections:
            if section.applies(file):
                # a section's summary: its title, then a line per answer (or per item of a list)
                title, _, lines = on_paper(section_text(t, section, file)).partition("\n")
                blocks.append(Heading(title, size=10, align="start"))
                blocks += paragraphs(lines, t.lang)
        blocks.append(Heading(t("mydata-documents"), size=11, align="start"))
        blocks += self.document_blocks(t, app.document_label, held)
        blocks.append(Heading(t("mydata-history"), size=11, align="start"))
        blocks += self.history_blocks(t, case, held.history)
        return blocks

    @staticmethod
    def document_blocks(t: Translator, label: Callable[[str, str], str], held: HeldFile) -> list[Block]:
        if not held.documents:
            return [
                Paragraph(t("mydata-documents-deleted" if held.documents_deleted else "mydata-documents-none"), size=9)
            ]
        rows = []
        for doc in held.documents:
            kind = slot_kind(doc.slot)
            name = t(f"mydata-doc-{doc.kind}") if doc.kind in ORGANIZATION_KINDS else label(kind, t.lang)
            state = (
                t("mydata-state-replaced", date=t.date(iran_day(doc.superseded_at)))
                if doc.superseded_at
                else t("mydata-state-current")
            )
            kind_text = t("mydata-type-pdf") if doc.content_type == PDF else t("mydata-type-photo")
            rows.append((on_paper(str(name)), kind_text, t.date(iran_day(doc.uploaded_at)), state))
        headers = tuple(t(f"mydata-col-{c}") for c in ("document", "type", "received", "state"))
        return [Table(headers, tuple(rows), widths=(4, 1.2, 1.6, 2.2), size=8)]

    def history_blocks(self, t: Translator, case: CaseInfo, events: tuple[Event, ...]) -> list[Block]:
        if not events:
            return [Paragraph(t("mydata-history-none"), size=9)]
        rows = []
        for e in events:
            if e.action == Action.SET_OFFICE:
                what = t("mydata-history-office", office=e.note or "—")
            elif e.action == Action.PAYMENT_SLIP:
                what = t("mydata-history-slip")
            elif e.action == Action.CONFIRM_PAYMENT and e.from_status == e.to_status:
                what = t("mydata-history-slip-accepted")
            elif e.action == Action.REFUSE_PAYMENT:
                what = t("mydata-history-slip-refused") + ("\n" + e.note if e.note else "")
            else:
                what = t(f"status-{e.to_status}")
                if e.note and e.action == Action.REJECT:
                    what += "\n" + e.note
                if e.section_notes:
                    what += "\n" + self.applications.note_lines(t, case.kind, e.section_notes)
            rows.append((t.date(iran_day(e.at)), role_label(t, e.actor_role, case.kind), on_paper(what)))
        headers = tuple(t(f"mydata-col-{c}") for c in ("date", "by", "what"))
        return [Table(headers, tuple(rows), widths=(1.5, 2, 6), size=8)]

    # ---- the dialog ----------------------------------------------------------------------------

    async def on_mydata(self, message: Message, ctx: Ctx) -> None:
        t = ctx.t
        held = await read_held(ctx)
        today = iran_day(dt.datetime.now(dt.UTC))
        pdf = await asyncio.to_thread(render, self.printout(t, ctx.services.org, held, today))
        ctx.ui.send_document(ctx.chat_id, pdf, f"mydata-{today.isoformat()}.pdf", t("mydata-caption"))
        if not held.files:
            ctx.send("mydata-nothing-to-delete")
            return
        lines, buttons, submitted = [t("mydata-files-title")], [], False
        for held_file in held.files:
            case = held_file.file.case
            kind = t(f"kind-{case.kind}")
            if case.status == Status.DRAFT:
                lines.append(t("mydata-draft-line", code=case.tracking_code, kind=kind))
                buttons.append(
                    [button(t("btn-mydata-delete", code=case.tracking_code), MyDataCb(act="del", case=case.id))]
                )
            else:
                submitted = True
                lines.append(
                    t("mydata-kept-line", code=case.tracking_code, kind=kind, status=t(f"status-{case.status}"))
                )
        if submitted:
            lines.append("\n" + t("mydata-submitted-why", org=ctx.services.org.name(t.lang)))
        ctx.ui.send(ctx.chat_id, "\n".join(lines), inline(*buttons) if buttons else None)

    async def on_button(self, query: CallbackQuery, callback_data: MyDataCb, ctx: Ctx) -> None:
        t = ctx.t
        applicant = await ctx.applicant()
        case = await cases.get_case(ctx.session, callback_data.case)
        if case is None or applicant is None or case.applicant_id != applicant.id:
            ctx.ui.answer(query, t("stale-button"), alert=True)
            return
        ctx.ui.answer(query)
        if case.status != Status.DRAFT:
            ctx.send("mydata-not-a-draft", code=case.tracking_code)
            return
        kind = t(f"kind-{case.kind}")
        if callback_data.act == "del":
            ctx.ui.send(
                ctx.chat_id, t("mydata-delete-confirm", code=case.tracking_code, kind=kind), self.confirm(t, case)
            )
        elif callback_data.act == "no":
            ctx.ui.close_question(
                query.message if isinstance(query.message, Message) else None,
                ctx.chat_id,
                t("mydata-delete-kept", code=case.tracking_code),
            )
        elif callback_data.act == "yes":
            await self.delete(ctx, query, case, applicant)
        elif callback_data.act == "keep":
            await retention.keep_draft(ctx.session, case.id, applicant.id)
            ctx.send("mydata-draft-kept", code=case.tracking_code)
            await ctx.position.clear()
            await self.applications.resume(ctx, self.applications.of_kind(case.kind).name)

    @staticmethod
    def confirm(t: Translator, case: CaseInfo) -> InlineKeyboardMarkup:
        return inline(
            [
                button(t("btn-mydata-delete-yes"), MyDataCb(act="yes", case=case.id)),
                button(t("btn-mydata-delete-no"), MyDataCb(act="no", case=case.id)),
            ]
        )

    async def delete(self, ctx: Ctx, query: CallbackQuery, case: CaseInfo, applicant: ApplicantInfo) -> None:
        deleted = await retention.delete_draft(ctx.session, case.id, applicant_id=applicant.id)
        if deleted is None:
            ctx.send("mydata-not-a-draft", code=case.tracking_code)
            return
        # ids and counts only: never a name or a code of the person (logs are kept clean)
        log.info(
            "draft %d (%s) deleted at its applicant's request: %d rows, %d documents, %d files",
            deleted.case_id,
            deleted.kind,
            deleted.answers,
            deleted.documents,
            deleted.files,
        )
        message = query.message if isinstance(query.message, Message) else None
        text = ctx.t("mydata-deleted", code=case.tracking_code, documents=ctx.t.digits(deleted.documents))
        ctx.ui.close_question(message, ctx.chat_id, text)
        await ctx.position.clear()
        await self.applications.home(ctx)

    def router(self) -> Router:
        router = Router(name="mydata")
        router.message.filter(InPrivate())
        router.callback_query.filter(InPrivate())
        router.message.register(self.on_mydata, Command("mydata"))
        router.callback_query.register(self.on_button, MyDataCb.filter())
        return router


async def tell_retention_notice(outbox: Outbox, draft: retention.Draft, deleted_on: dt.datetime) -> None:
    """The notice 14 days before an untouched draft is deleted, to its applicant in their language
    (recorded in the retention round's transaction, sent after it commits)."""

    def keyboard(t: Translator) -> InlineKeyboardMarkup:
        return inline(
            [button(t("btn-mydata-keep"), MyDataCb(act="keep", case=draft.case_id))],
            [button(t("btn-mydata-delete", code=draft.tracking_code), MyDataCb(act="del", case=draft.case_id))],
        )

    await outbox.tell(
        draft.messenger_user_id,
        "retention-notice",
        keyboard,
        kind=lambda t: t(f"kind-{draft.kind}"),
        code=draft.tracking_code,
        since=lambda t: t.date(iran_day(draft.touched_at)),
        date=lambda t: t.date(iran_day(deleted_on)),
    )
