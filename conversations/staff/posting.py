"""The staff chat of each platform: every submission and resubmission is posted with its card
(the kind's own summary), its document photos as albums and the buttons its status allows; a
payment slip with finance's button; a line when something happened. All through the outbox: sent
once the update has committed, rate-limited."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendDocument, SendMediaGroup, SendPhoto
from aiogram.types import InlineKeyboardMarkup, InputMediaPhoto

from conversations.kit.context import Ctx, Reach
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DbId, button, inline, rows
from conversations.kit.staffing import CaseDesk
from storage import cases
from storage.cases import CaseFile, CaseInfo
from storage.staff import StaffInfo

log = logging.getLogger(__name__)
ALBUM = 10  # photos per album (the Bot API's limit)


class StaffCb(CallbackData, prefix="s"):
    act: str  # take, ret, rej, office, full, or a kind's own step (approve, paid, …)
    case: DbId
    ver: DbId


# the review dialog's own steps, for every kind
GENERIC = {
    "take": "btn-staff-take",
    "ret": "btn-staff-return",
    "rej": "btn-staff-reject",
    "office": "btn-staff-office",
}


class StaffPosting:
    def __init__(self, desks: Sequence[CaseDesk]) -> None:
        self.desks = {d.kind.value: d for d in desks}

    def desk(self, case: CaseInfo) -> CaseDesk | None:
        return self.desks.get(case.kind)

    def card(self, t: Translator, file: CaseFile) -> str:
        return self.desks[file.case.kind].card(t, file)

    def buttons(self, t: Translator, case: CaseInfo) -> InlineKeyboardMarkup:
        desk = self.desk(case)
        actions = []
        for act in desk.buttons.get(case.status, ()) if desk else ():
            step = desk.step(act) if desk else None
            label = step.label if step is not None else GENERIC[act]
            actions.append(button(t(label), StaffCb(act=act, case=case.id, ver=case.version)))
        full = button(t("btn-staff-full"), StaffCb(act="full", case=case.id, ver=case.version))
        return inline(*rows(actions, 3), [full])

    @staticmethod
    def handled_card(t: Translator, case: CaseInfo, member: StaffInfo) -> str:
        """The staff chat's line for a file after a step: who acted and where it stands now."""
        name = member.display_name or str(member.external_id)
        return (
            t("staff-actions", code=case.tracking_code)
            + "\n"
            + t("staff-handled", name=name, status=t(f"status-{case.status}"))
        )

    @staticmethod
    def language(ctx: Reach) -> Translator:
        """The staff chat speaks the default language."""
        return ctx.services.i18n(None)

    def _chat(self, ctx: Reach, what: str) -> int | None:
        chat_id = ctx.services.staff_chat(ctx.profile.name)
        if chat_id is None:
            log.warning("no staff chat configured for %s: %s not posted", ctx.profile.name, what)
        return chat_id

    async def post_submission(self, ctx: Ctx, case: CaseInfo) -> None:
        """A submission (or resubmission): the card, the photos as albums, the buttons."""
        chat_id = self._chat(ctx, "submission")
        file = await cases.case_file(ctx.session, case.id)
        if chat_id is None or file is None:
            return
        t = self.language(ctx)
        await ctx.outbox.text(chat_id, self.card(t, file))
        photos = [d.file_id for d in file.documents if d.file_id and d.content_type.startswith("image/")]
        for start in range(0, len(photos), ALBUM):
            group = photos[start : start + ALBUM]
            if len(group) == 1:
                await ctx.outbox.send(chat_id, SendPhoto(chat_id=chat_id, photo=group[0]))
            else:
                media: list[Any] = [InputMediaPhoto(media=fid) for fid in group]
                await ctx.outbox.send(chat_id, SendMediaGroup(chat_id=chat_id, media=media))
        await self.post_actions(ctx, file.case)

    async def post_actions(self, ctx: Ctx, case: CaseInfo) -> None:
        """The file's buttons, as its status now allows."""
        chat_id = self._chat(ctx, "actions")
        if chat_id is not None:
            t = self.language(ctx)
            await ctx.outbox.text(chat_id, t("staff-actions", code=case.tracking_code), self.buttons(t, case))

    async def post_note(self, ctx: Reach, key: str, **args: Any) -> None:
        """A line for the staff chat (e.g. a payment arrived)."""
        chat_id = self._chat(ctx, key)
        if chat_id is not None:
            await ctx.outbox.text(chat_id, self.language(ctx)(key, **args))

    async def post_handled(self, ctx: Ctx, case: CaseInfo, member: StaffInfo) -> None:
        chat_id = self._chat(ctx, "handled card")
        if chat_id is not None:
            await ctx.outbox.text(chat_id, self.handled_card(self.language(ctx), case, member))

    async def post_slip(self, ctx: Ctx, case: CaseInfo, file_id: str, *, is_pdf: bool) -> None:
        """An applicant's payment slip, with finance's button."""
        chat_id = self._chat(ctx, "payment slip")
        file = await cases.case_file(ctx.session, case.id)
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
