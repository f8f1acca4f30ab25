"""Staff commands in a private chat with the bot (spec §4's expert desk):

    /queue [kind] [status …] [province]   cases waiting, oldest submission first; kind: an
                                          application's name or word (عضویت / پروانه / حق عضویت),
                                          every one when not named
    /case <tracking code>          the file's card with the buttons the asker may press, and its history
    /find <national code|mobile> [kind]   the applicant's files (of that kind)
    /stats [kind] [days]           per kind: counts per status, median wait for a first review of
                                   the files first taken in the last 90 days (or ``days``)

Only staff (any role) may use them (``auth``); each role sees the queue it works on by default:
the statuses where its application's process gives it a step that moves a file on (reviewers:
new files, membership in review, license documents review and worksheet 7; finance: awaiting
payment, license inquiries; the builders unit: license inquiries and files at the ministry; the
technical manager: license approval, inquiries and files at the ministry; admins: all of them).
National codes and phone numbers are never shown here: staff open the full file from a card when
their work needs it.
"""

from __future__ import annotations

import datetime as dt

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.fields import province_label
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DbId, button, inline, rows
from conversations.kit.staffauth import StaffAuth, allowed
from conversations.kit.staffing import role_label
from conversations.kit.text import chunks
from conversations.staff.posting import StaffPosting
from conversations.staff.stats_chart import stats_chart
from scoring import InvalidInput, find_province, validate_mobile, validate_national_code
from scoring.normalize import normalize_digits
from scoring.validators import IRAN_TIME, format_jalali
from storage import cases, people, staff, stats
from storage.cases import CaseInfo
from storage.staff import StaffInfo
from storage.tracking import normalize_tracking_code
from storage.workflow import STAFF_ROLES, Role, history

QUEUE_LIMIT = 20
MAX_STATS_DAYS = 36500


class DeskCb(CallbackData, prefix="k"):
    case: DbId


class StaffDesk:
    def __init__(self, posting: StaffPosting) -> None:
        self.posting = posting
        self.processes = {name: app.process for name, app in posting.applications.items()}

    # ---- /queue ------------------------------------------------------------------------------------

    def queue_of(self, member: StaffInfo) -> frozenset[tuple[str, str]]:
        """(kind, status) where ``member`` works, as every process declares it (admins: every role's)."""
        roles = STAFF_ROLES if member.has(Role.ADMIN) else member.roles
        return frozenset(
            (kind, status)
            for kind, process in self.processes.items()
            for role in roles
            for status in process.queue(role)
        )

    def statuses(self) -> tuple[str, ...]:
        """Every status of every application, in their order."""
        return tuple(dict.fromkeys(s for process in self.processes.values() for s in process.statuses))

    def kind_of(self, ctx: Ctx, word: str) -> str | None:
        """A kind as staff type it: its name, its English word, or its word in either language."""
        lowered = word.lower()
        for kind in self.processes:
            words = {kind, *(kind.split("_")[-1:]), *ctx.services.i18n.variants(f"desk-kind-{kind}")}
            if lowered in {w.lower() for w in words}:
                return kind
        return None

    def kind_filter(self, ctx: Ctx, command: CommandObject) -> tuple[str | None, list[str]]:
        """The kind a command names among its words (/queue, /find, /stats), and the other words."""
        kind: str | None = None
        rest: list[str] = []
        for word in (command.args or "").split():
            named = self.kind_of(ctx, word)
            if named is not None:
                kind = named
            else:
                rest.append(word)
        return kind, rest

    async def on_queue(self, message: Message, command: CommandObject, ctx: Ctx, staff: StaffInfo) -> None:
        t = ctx.t
        statuses: list[str] = []
        rest: list[str] = []
        kind, words = self.kind_filter(ctx, command)
        known = self.statuses()
        for word in words:
            if word.lower() in known:
                statuses.append(word.lower())
            else:
                rest.append(word)
        where = find_province(" ".join(rest)) if rest else None
        if rest and where is None:
            ctx.send("desk-queue-usage")
            return
        mine = None if statuses else self.queue_of(staff)
        wanted = tuple(statuses) or tuple(s for s in known if any(s == status for _, status in mine or ()))
        found = await cases.queue(
            ctx.session,
            statuses=wanted,
            province=where.iso if where else None,
            kind=kind,
            kinds=mine,
            limit=QUEUE_LIMIT + 1,
        )
        title = t(
            "desk-queue-title",
            kind=t(f"kind-{kind}") if kind else t("desk-all-kinds"),
            statuses=", ".join(t(f"status-{s}") for s in wanted),
            province=where.label(t.lang) if where else t("desk-all-provinces"),
        )
        if not found:
            ctx.ui.send(ctx.chat_id, title + "\n" + t("desk-queue-empty"))
            return
        shown = found[:QUEUE_LIMIT]
        lines = [title] + [await self._line(ctx, case) for case in shown]
        if len(found) > QUEUE_LIMIT:
            lines.append(t("desk-queue-more", n=t.digits(QUEUE_LIMIT)))
        ctx.ui.send(ctx.chat_id, "\n".join(lines), self._open_buttons(shown))

    async def _line(self, ctx: Ctx, case: CaseInfo) -> str:
        t = ctx.t
        applicant = await people.get_applicant(ctx.session, case.applicant_id)
        since = case.submitted_at or case.created_at
        days = max(0, (dt.datetime.now(dt.UTC) - since).days)
        return t(
            "desk-queue-line",
            code=case.tracking_code,
            kind=t(f"kind-{case.kind}"),
            name=applicant.full_name if applicant else "—",
            province=province_label(case.province, t.lang) if case.province else "—",
            status=t(f"status-{case.status}"),
            submitted=t.date(since),
            days=t.digits(days),
        )

    def _open_buttons(self, found: list[CaseInfo]) -> InlineKeyboardMarkup:
        return inline(*rows([button("📂 " + c.tracking_code, DeskCb(case=c.id)) for c in found], 2))

    # ---- /case -------------------------------------------------------------------------------------

    async def on_case(self, message: Message, command: CommandObject, ctx: Ctx, staff: StaffInfo) -> None:
        code = normalize_tracking_code(command.args or "")
        case = await cases.get_case_by_tracking_code(ctx.session, code) if code else None
        if case is None:
            ctx.send("desk-case-not-found")
            return
        await self.show_case(ctx, case, staff)

    async def on_open(self, query: CallbackQuery, callback_data: DeskCb, ctx: Ctx, staff: StaffInfo) -> None:
        case = await cases.get_case(ctx.session, callback_data.case)
        if case is None:
            ctx.ui.answer(query, ctx.t("staff-not-allowed"), alert=True)
            return
        ctx.ui.answer(query)
        await self.show_case(ctx, case, staff)

    async def show_case(self, ctx: Ctx, case: CaseInfo, member: StaffInfo) -> None:
        """The same card as in the staff chat with the buttons ``member`` may press, then the
        whole history."""
        file = await self.posting.read(ctx, case.id)
        assert file is not None
        t = self.posting.language(ctx)
        ctx.ui.send(ctx.chat_id, self.posting.card(t, file), self.posting.buttons(t, case, member))
        for chunk in chunks(await self.staff_history(ctx, case)):
            ctx.ui.send(ctx.chat_id, chunk)

    async def staff_history(self, ctx: Ctx, case: CaseInfo) -> str:
        """Every event (staff see who acted, by name)."""
        t = ctx.t
        lines = [t("history-title", code=case.tracking_code)]
        for e in await history(ctx.session, case.id):
            who = role_label(t, e.actor_role, case.kind)
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
        t = ctx.t
        kind, words = self.kind_filter(ctx, command)
        query = self._search(normalize_digits(" ".join(words)).strip())
        if query is None:
            ctx.send("desk-find-usage")
            return
        found = await people.find_applicants(ctx.session, **query)
        files = [
            case
            for a in found
            for case in await cases.cases_of_applicant(ctx.session, a.id)
            if kind is None or case.kind == kind
        ]
        if not found:
            ctx.send("desk-find-none")
            return
        lines = [t("desk-find-title", n=t.digits(len(found)))]
        for applicant in found:
            lines.append(t("desk-find-person", name=applicant.full_name))
            attempts = await people.code_attempts(ctx.session, applicant.id)
            if attempts.count:
                lines.append(
                    t(
                        "desk-find-attempts",
                        n=t.digits(attempts.count),
                        accounts=t.digits(attempts.accounts),
                        last=t.date(attempts.last),
                    )
                )
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
        ctx.ui.send(ctx.chat_id, "\n".join(lines), self._open_buttons(files[:10]) if files else None)

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

    async def on_stats(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        kind, rest = self.kind_filter(ctx, command)
        days = normalize_digits(rest[0]) if len(rest) == 1 else str(stats.DEFAULT_DAYS)
        if len(rest) > 1 or not (days.isascii() and days.isdigit() and 0 < int(days) <= MAX_STATS_DAYS):
            ctx.send("desk-stats-usage")
            return
        kinds = [kind] if kind is not None else list(self.processes)
        ctx.ui.send(ctx.chat_id, "\n\n".join([await self.stats_text(ctx, k, int(days)) for k in kinds]))
        # the same figures as a picture (issue 23), drawn off the event loop
        chart = await stats_chart(ctx, self.posting.applications, kinds, int(days))
        today = ctx.t.digits(format_jalali(dt.datetime.now(IRAN_TIME).date()))
        ctx.ui.send_photo(ctx.chat_id, chart, "stats.png", ctx.t("stats-chart-caption", date=today))

    async def stats_text(self, ctx: Ctx, kind: str, days: int = stats.DEFAULT_DAYS) -> str:
        t = ctx.t
        counts = await cases.count_by_status(ctx.session, kind)
        lines = [t("desk-stats-title", kind=t(f"kind-{kind}"))]
        for status in self.processes[kind].statuses:
            if counts.get(status):
                lines.append(t("desk-stats-line", status=t(f"status-{status}"), n=t.digits(counts[status])))
        if len(lines) == 1:
            lines.append(t("desk-stats-none"))
        # computed by the database from the cases' indexed columns, over the period (issue 30)
        reviews = await stats.first_reviews(ctx.session, kind, days=days)
        if reviews.median is not None:
            wait = duration(t, reviews.median.total_seconds())
            lines.append(t("desk-stats-median", wait=wait, n=t.digits(reviews.count), days=t.digits(days)))
        else:
            lines.append(t("desk-stats-no-reviews", days=t.digits(days)))
        return "\n".join(lines)

    def router(self) -> Router:
        router = Router(name="staff-desk")
        router.message.middleware(StaffAuth())
        router.callback_query.middleware(StaffAuth())
        staff_only = allowed(*STAFF_ROLES)
        router.message.register(self.on_queue, Command("queue"), flags=staff_only)
        router.message.register(self.on_case, Command("case"), flags=staff_only)
        router.message.register(self.on_find, Command("find"), flags=staff_only)
        router.message.register(self.on_stats, Command("stats"), flags=staff_only)
        router.callback_query.register(self.on_open, DeskCb.filter(), flags=staff_only)
        router.message.filter(InPrivate())
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
