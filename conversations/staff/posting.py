"""The staff chat of each platform: every submission and resubmission is one message, its card
(the kind's own summary) with the buttons its status allows in that same message, whatever the
number of documents (issue 23: a card, then 17 photos, then the buttons put the buttons a minute
behind the card at the group's 20 messages a minute). The documents are opened on demand
("📎 documents": in the presser's private chat, photos as albums, PDFs as documents captioned with
what they are), never pushed into the group. A payment slip with finance's button; a line when
something happened. All through the outbox: sent once the update has committed, paced.

Buttons: the staff chat is shared, so it shows every button of the status (each press is checked
against the presser's roles); a staff member's own view (``/case`` in private) shows only those
they may press."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from typing import Any

from aiogram.methods import SendDocument, SendMediaGroup, SendPhoto
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto

from conversations.kit.application import Application, item_label
from conversations.kit.context import Ctx, Organization, Reach
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import button, inline, rows
from conversations.kit.process import Step
from conversations.kit.staffing import DOCUMENTS, FULL, StaffCb
from conversations.kit.text import MESSAGE_LIMIT, chunks
from scoring import slot_kind
from storage import cases
from storage.cases import CaseFile, CaseInfo
from storage.documents import ORGANIZATION_KINDS, PDF
from storage.staff import StaffInfo

log = logging.getLogger(__name__)
ALBUM = 10  # photos per album (the Bot API's limit)


class StaffPosting:
    def __init__(self, applications: Sequence[Application]) -> None:
        self.applications = {a.name: a for a in applications}

    def application(self, case: CaseInfo) -> Application:
        return self.applications[case.kind]

    def read(self, ctx: Reach, case_id: int) -> Awaitable[CaseFile | None]:
        return cases.case_file(ctx.session, case_id, ctx.services.parts)

    def card(self, t: Translator, file: CaseFile, org: Organization, *, with_status: bool = True) -> str:
        """The file's card (and what its status adds, e.g. the score to approve); ``org``: the
        file's province's organization (whose rules score it, issue 25)."""
        app = self.application(file.case)
        extra = app.desk.status_card(t, file, org) if with_status else None
        card = app.desk.card(t, file, lambda key, lang: item_label(app, key, lang), org)
        return card + (f"\n\n{extra}" if extra else "")

    def status_card(self, t: Translator, file: CaseFile, org: Organization) -> str | None:
        return self.application(file.case).desk.status_card(t, file, org)

    def buttons(self, t: Translator, case: CaseInfo, member: StaffInfo | None = None) -> InlineKeyboardMarkup:
        """The file's buttons in its status, as its process declares them (with ``member``: only
        those they may press)."""

        def make(found: Step) -> InlineKeyboardButton | None:
            if member is not None and not member.has(*found.by):
                return None
            assert found.button is not None
            return button(t(found.button.label), StaffCb(act=found.name, case=case.id, ver=case.version))

        named: dict[str, list[InlineKeyboardButton]] = {}  # a row per name, in the order first named
        loose: list[InlineKeyboardButton] = []
        for found in self.application(case).process.buttons(case.status):
            assert found.button is not None
            made = make(found)
            if made is not None:
                (named.setdefault(found.button.row, []) if found.button.row else loose).append(made)
        lines = [row for row in named.values() if row] + rows(loose, 3)
        full = button(t("btn-staff-full"), StaffCb(act=FULL, case=case.id, ver=case.version))
        documents = button(t("btn-staff-documents"), StaffCb(act=DOCUMENTS, case=case.id, ver=case.version))
        return inline(*lines, [full, documents])

    @staticmethod
    def handled_card(t: Translator, case: CaseInfo, member: StaffInfo, extra: str | None = None) -> str:
        """The staff chat's line for a file after a step: who acted and where it stands now (and
        what the status adds, e.g. the score to approve)."""
        name = member.display_name or str(member.external_id)
        text = (
            t("staff-actions", code=case.tracking_code)
            + "\n"
            + t("staff-handled", name=name, status=t(f"status-{case.status}"))
        )
        return text + (f"\n\n{extra}" if extra else "")

    @staticmethod
    def language(ctx: Reach) -> Translator:
        """The staff chat speaks the default language."""
        return ctx.services.i18n(None)

    def _chat(self, ctx: Reach, what: str, province: str | None) -> int | None:
        """The staff chat of the file's province (issue 25; the one staff chat without PROVINCES_FILE)."""
        chat_id = ctx.services.staff_chat(ctx.profile.name, province)
        if chat_id is None:
            log.warning("no staff chat configured for %s (%s): %s not posted", ctx.profile.name, province, what)
        return chat_id

    async def post_submission(self, ctx: Ctx, case: CaseInfo) -> None:
        """A submission (or resubmission): one message, the card with its buttons (a card longer
        than a message: its first parts before, the buttons on the last)."""
        chat_id = self._chat(ctx, "submission", case.province)
        file = await self.read(ctx, case.id)
        if chat_id is None or file is None:
            return
        t = self.language(ctx)
        parts = chunks(self.card(t, file, ctx.services.org_of(case.province)), MESSAGE_LIMIT)
        for part in parts[:-1]:
            await ctx.outbox.text(chat_id, part)
        await ctx.outbox.text(chat_id, parts[-1], self.buttons(t, file.case))

    async def send_documents(self, ctx: Reach, chat_id: int, file: CaseFile) -> int:
        """The applicant's documents of ``file`` into ``chat_id`` (a staff member's private chat):
        the photos as albums of ten, the PDFs as documents captioned with what they are; how many."""
        t = self.language(ctx)
        app = self.application(file.case)
        own = [d for d in file.documents if d.file_id and d.kind not in ORGANIZATION_KINDS]
        photos = [d.file_id for d in own if d.file_id and d.content_type.startswith("image/")]
        for start in range(0, len(photos), ALBUM):
            group = photos[start : start + ALBUM]
            if len(group) == 1:
                await ctx.outbox.send(chat_id, SendPhoto(chat_id=chat_id, photo=group[0]))
            else:
                media: list[Any] = [InputMediaPhoto(media=fid) for fid in group]
                await ctx.outbox.send(chat_id, SendMediaGroup(chat_id=chat_id, media=media))
        pdfs = 0
        for doc in own:
            if doc.file_id is None or doc.content_type != PDF:
                continue
            label = app.document_label(slot_kind(doc.slot), t.lang)
            caption = t("staff-document-caption", document=label, code=file.case.tracking_code)
            await ctx.outbox.send(chat_id, SendDocument(chat_id=chat_id, document=doc.file_id, caption=caption))
            pdfs += 1
        return len(photos) + pdfs

    async def post_actions(self, ctx: Reach, case: CaseInfo) -> None:
        """The file's buttons, as its status now allows (and what the status adds to the card)."""
        chat_id = self._chat(ctx, "actions", case.province)
        file = await self.read(ctx, case.id)
        if chat_id is not None and file is not None:
            t = self.language(ctx)
            extra = self.status_card(t, file, ctx.services.org_of(case.province))
            text = t("staff-actions", code=case.tracking_code) + (f"\n\n{extra}" if extra else "")
            await ctx.outbox.text(chat_id, text, self.buttons(t, file.case))

    async def post_note(self, ctx: Reach, key: str, *, province: str | None, **args: Any) -> None:
        """A line for the staff chat of ``province`` (e.g. a payment arrived)."""
        chat_id = self._chat(ctx, key, province)
        if chat_id is not None:
            await ctx.outbox.text(chat_id, self.language(ctx)(key, **args))

    async def post_handled(self, ctx: Ctx, case: CaseInfo, member: StaffInfo, extra: str | None = None) -> None:
        """Who acted and where the file stands, with the buttons its status allows now."""
        chat_id = self._chat(ctx, "handled card", case.province)
        if chat_id is not None:
            t = self.language(ctx)
            await ctx.outbox.text(chat_id, self.handled_card(t, case, member, extra), self.buttons(t, case))

    async def post_slip(self, ctx: Ctx, case: CaseInfo, file_id: str, *, is_pdf: bool) -> None:
        """An applicant's payment slip, with finance's button."""
        chat_id = self._chat(ctx, "payment slip", case.province)
        file = await self.read(ctx, case.id)
        if chat_id is None or file is None:
            return
        t = self.language(ctx)
        text = t(
            "staff-slip",
            code=case.tracking_code,
            name=file.applicant.full_name,
            fee=t.money(case.fee_rials or 0),
        )
        markup = self.buttons(t, case)
        if is_pdf:
            await ctx.outbox.send(
                chat_id, SendDocument(chat_id=chat_id, document=file_id, caption=text, reply_markup=markup)
            )
        else:
            await ctx.outbox.send(chat_id, SendPhoto(chat_id=chat_id, photo=file_id, caption=text, reply_markup=markup))
