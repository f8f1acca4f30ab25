"""Staff commands in a private chat with the bot (spec §4's expert desk):

    /queue [status …] [province]   cases waiting, oldest submission first
    /case <tracking code>          the file's card with its action buttons, and its history
    /find <national code|mobile>   the applicant's files
    /stats                         counts per status, median wait for a first review

Only staff (any role) may use them; each role sees the queue it works on by default (reviewers:
new and in-review files; finance: files awaiting payment). National codes and phone numbers are
never shown here: staff open the full file from a card when their work needs it.
"""

from __future__ import annotations

import datetime as dt
import statistics

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from conversations.context import Ctx
from conversations.i18n import Translator
from conversations.keyboards import button, inline, rows
from conversations.review import Review
from scoring import InvalidInput, find_province, province, validate_mobile, validate_national_code
from scoring.normalize import normalize_digits
from storage import cases, people, staff
from storage.cases import CaseInfo
from storage.staff import StaffInfo
from storage.tracking import normalize_tracking_code
from storage.workflow import STAFF_ROLES, CaseKind, Role, Status, first_review_waits, history

REVIEW_QUEUE = (Status.SUBMITTED, Status.IN_REVIEW)
FINANCE_QUEUE = (Status.AWAITING_PAYMENT,)
QUEUE_LIMIT = 20


class DeskCb(CallbackData, prefix="k"):
    case: int


class StaffDesk:
    def __init__(self, review: Review) -> None:
        self.review = review

    async def member(self, message: Message, ctx: Ctx) -> StaffInfo | None:
        """The sender if they are staff; anyone else is told so (and nothing else)."""
        member = await self.review.staff_member(
            ctx, ctx.user.external_id, message.from_user.full_name if message.from_user else None
        )
        if member is None or not member.roles & STAFF_ROLES:
            await ctx.send("staff-not-allowed")
            return None
        return member

    # ---- /queue ------------------------------------------------------------------------------------

    def default_statuses(self, member: StaffInfo) -> tuple[Status, ...]:
        if member.has(Role.ADMIN):
            return REVIEW_QUEUE + FINANCE_QUEUE
        if member.has(Role.REVIEWER, Role.TECHNICAL_MANAGER):
            return REVIEW_QUEUE + (FINANCE_QUEUE if member.has(Role.FINANCE) else ())
        return FINANCE_QUEUE

    async def on_queue(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        member = await self.member(message, ctx)
        if member is None:
            return
        t = ctx.t
        statuses: list[Status] = []
        rest: list[str] = []
        for word in (command.args or "").split():
            if word.lower() in Status._value2member_map_:
                statuses.append(Status(word.lower()))
            else:
                rest.append(word)
        where = find_province(" ".join(rest)) if rest else None
        if rest and where is None:
            await ctx.send("desk-queue-usage")
            return
        wanted = tuple(statuses) or self.default_statuses(member)
        found = await cases.queue(
            ctx.session,
            statuses=tuple(s.value for s in wanted),
            province=where.iso if where else None,
            limit=QUEUE_LIMIT + 1,
        )
        title = t(
            "desk-queue-title",
            statuses=", ".join(t(f"status-{s}") for s in wanted),
            province=where.label(t.lang) if where else t("desk-all-provinces"),
        )
        if not found:
            await ctx.ui.send(ctx.chat_id, title + "\n" + t("desk-queue-empty"))
            return
        shown = found[:QUEUE_LIMIT]
        lines = [title] + [await self._line(ctx, case) for case in shown]
        if len(found) > QUEUE_LIMIT:
            lines.append(t("desk-queue-more", n=t.digits(QUEUE_LIMIT)))
        await ctx.ui.send(ctx.chat_id, "\n".join(lines), self._open_buttons(shown))

    async def _line(self, ctx: Ctx, case: CaseInfo) -> str:
        t = ctx.t
        applicant = await people.get_applicant(ctx.session, case.applicant_id)
        since = case.submitted_at or case.created_at
        days = max(0, (dt.datetime.now(dt.UTC) - since).days)
        return t(
            "desk-queue-line",
            code=case.tracking_code,
            name=applicant.full_name if applicant else "—",
            province=province(case.province).label(t.lang) if case.province else "—",
            status=t(f"status-{case.status}"),
            submitted=t.date(since),
            days=t.digits(days),
        )

    def _open_buttons(self, found: list[CaseInfo]) -> InlineKeyboardMarkup:
        return inline(*rows([button("📂 " + c.tracking_code, DeskCb(case=c.id)) for c in found], 2))

    # ---- /case -------------------------------------------------------------------------------------

    async def on_case(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        member = await self.member(message, ctx)
        if member is None:
            return
        code = normalize_tracking_code(command.args or "")
        case = await cases.get_case_by_tracking_code(ctx.session, code) if code else None
        if case is None:
            await ctx.send("desk-case-not-found")
            return
        await self.show_case(ctx, case)

    async def on_open(self, query: CallbackQuery, callback_data: DeskCb, ctx: Ctx) -> None:
        member = await self.review.staff_member(ctx, query.from_user.id, query.from_user.full_name)
        case = await cases.get_case(ctx.session, callback_data.case)
        if member is None or not member.roles & STAFF_ROLES or case is None:
            await query.answer(ctx.t("staff-not-allowed"), show_alert=True)
            return
        await query.answer()
        await self.show_case(ctx, case)

    async def show_case(self, ctx: Ctx, case: CaseInfo) -> None:
        """The same card as in the staff chat (with its buttons), then the whole history."""
        text = await self.review.summary(ctx, case)
        await ctx.ui.send(ctx.chat_id, text, self.review.buttons(ctx, case))
        await ctx.ui.send(ctx.chat_id, await self.staff_history(ctx, case))

    async def staff_history(self, ctx: Ctx, case: CaseInfo) -> str:
        """Every event (staff see who acted, by name)."""
        t = ctx.t
        lines = [t("history-title", code=case.tracking_code)]
        for e in await history(ctx.session, case.id):
            who = t(f"role-{e.actor_role}")
            if e.actor_staff_id is not None:
                by = await staff.get_staff_by_id(ctx.session, e.actor_staff_id)
                if by is not None and by.display_name:
                    who = f"{who} ({by.display_name})"
            lines.append(t("desk-history-line", date=t.date(e.at), who=who, action=t(f"action-{e.action}")))
            if e.note:
                lines.append(t("history-note", note=e.note))
        return "\n".join(lines)

    # ---- /find -------------------------------------------------------------------------------------

    async def on_find(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        member = await self.member(message, ctx)
        if member is None:
            return
        t = ctx.t
        typed = normalize_digits(command.args or "").strip()
        query = self._search(typed)
        if query is None:
            await ctx.send("desk-find-usage")
            return
        found = await people.find_applicants(ctx.session, **query)
        files = [case for a in found for case in await cases.cases_of_applicant(ctx.session, a.id)]
        if not found:
            await ctx.send("desk-find-none")
            return
        lines = [t("desk-find-title", n=t.digits(len(found)))]
        for applicant in found:
            lines.append(t("desk-find-person", name=applicant.full_name))
            lines += [
                t(
                    "desk-find-file",
                    code=c.tracking_code,
                    kind=t(f"kind-{c.kind}"),
                    status=t(f"status-{c.status}"),
                )
                for c in files
                if c.applicant_id == applicant.id
            ]
        await ctx.ui.send(ctx.chat_id, "\n".join(lines), self._open_buttons(files[:10]) if files else None)

    @staticmethod
    def _search(typed: str) -> dict[str, str] | None:
        """A national code or a mobile number, whichever the text is."""
        for field, check in (("national_code", validate_national_code), ("mobile", validate_mobile)):
            try:
                return {field: check(typed)}
            except InvalidInput:
                continue
        return None

    # ---- /stats ------------------------------------------------------------------------------------

    async def on_stats(self, message: Message, ctx: Ctx) -> None:
        if await self.member(message, ctx) is None:
            return
        await ctx.ui.send(ctx.chat_id, await self.stats_text(ctx))

    async def stats_text(self, ctx: Ctx) -> str:
        t = ctx.t
        counts = await cases.count_by_status(ctx.session, CaseKind.MEMBERSHIP)
        lines = [t("desk-stats-title")]
        for status in Status:
            if counts.get(status.value):
                lines.append(t("desk-stats-line", status=t(f"status-{status.value}"), n=t.digits(counts[status.value])))
        if len(lines) == 1:
            lines.append(t("desk-stats-none"))
        waits = await first_review_waits(ctx.session, CaseKind.MEMBERSHIP)
        if waits:
            median = statistics.median(w.total_seconds() for w in waits)
            lines.append(t("desk-stats-median", wait=duration(t, median), n=t.digits(len(waits))))
        else:
            lines.append(t("desk-stats-no-reviews"))
        return "\n".join(lines)

    def router(self) -> Router:
        router = Router(name="staff-desk")
        router.message.register(self.on_queue, Command("queue"))
        router.message.register(self.on_case, Command("case"))
        router.message.register(self.on_find, Command("find"))
        router.message.register(self.on_stats, Command("stats"))
        router.callback_query.register(self.on_open, DeskCb.filter())
        router.message.filter(F.chat.type == "private")
        return router


def duration(t: Translator, seconds: float) -> str:
    """A wait in the largest sensible unit: minutes, hours, or days."""
    minutes = round(seconds / 60)
    if minutes < 60:
        return t("desk-minutes", n=t.digits(minutes))
    hours = round(seconds / 3600)
    if hours < 48:
        return t("desk-hours", n=t.digits(hours))
    return t("desk-days", n=t.digits(round(seconds / 86400)))
