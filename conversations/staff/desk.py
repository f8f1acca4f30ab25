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
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BotCommand, BotCommandScopeChat, CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.fields import province_label
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DbId, button, inline, rows
from conversations.kit.outbox import Outbox
from conversations.kit.position import Position, at
from conversations.kit.staffauth import IsStaff, StaffAuth, allowed
from conversations.kit.staffing import role_label
from conversations.kit.text import chunks
from conversations.staff.posting import StaffPosting
from conversations.staff.stats_chart import scope_name, stats_chart
from scoring import InvalidInput, Province, find_province, normalize_text, validate_mobile, validate_national_code
from scoring.normalize import normalize_digits
from scoring.validators import IRAN_TIME, format_jalali
from storage import cases, offices, people, reads, staff, stats
from storage.cases import CaseInfo
from storage.people import ApplicantInfo
from storage.reads import Read
from storage.scope import release
from storage.staff import StaffInfo
from storage.tracking import normalize_tracking_code
from storage.workflow import STAFF_ROLES, Role, history

log = logging.getLogger(__name__)
Show = Callable[[Ctx], Awaitable[None]]
QUEUE_LIMIT = 20
DIGEST_LINES = 40  # files named in one digest (the rest counted)
FIND_LIMIT = 20
MAX_STATS_DAYS = 36500
MINE_WORDS = frozenset({"mine", "my", "من", "مال‌من", "خودم"})
OFFICE_WORDS = frozenset({"office", "دفتر"})


@dataclass
class QueueFilter:
    """What /queue (or a menu's desk) asks for."""

    kind: str | None = None
    statuses: list[str] = field(default_factory=list)
    desk: Role | None = None
    mine: bool = False
    office_id: int | None = None
    days: int = 0  # waiting at least this many days since submission
    province: Province | None = None


@dataclass(frozen=True)
class WaitingPolicy:
    """How many days a file may wait in a step before the digest names it (0: never)."""

    per_status: Mapping[str, int] = field(default_factory=dict)
    default_days: int = 7

    def days(self, status: str) -> int:
        return self.per_status.get(status, self.default_days)


class Names:
    """Staff members' names, each read once per answer."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.known: dict[int, str | None] = {}

    async def of(self, staff_id: int) -> str | None:
        if staff_id not in self.known:
            member = await staff.get_staff_by_id(self.ctx.session, staff_id)
            self.known[staff_id] = member.display_name if member else None
        return self.known[staff_id]


class DeskCb(CallbackData, prefix="k"):
    case: DbId


class WorkspaceCb(CallbackData, prefix="w"):
    """A staff menu button: a desk's queue (``desk``: its role), my files, search, stats, export,
    or the applicant's menu."""

    act: str  # desk | mine | find | stats | chart | export | applicant
    desk: str = ""


FINDING = "desk:find"  # the staff member was asked what to search for
STAFF_COMMANDS = ("menu", "queue", "case", "find", "stats", "help", "lang")
ADMIN_COMMANDS = ("staff", "export", "audit", "offices")


class StaffDesk:
    def __init__(self, posting: StaffPosting, *, applicant_home: Show) -> None:
        self.posting = posting
        self.applicant_home = applicant_home  # the applicant's menu (staff may be engineers too)
        self.processes = {name: app.process for name, app in posting.applications.items()}

    # ---- the staff menu (/start, /menu) ---------------------------------------------------------------

    async def on_menu(self, message: Message, ctx: Ctx, staff: StaffInfo) -> None:
        await ctx.position.clear()
        await self.show_menu(ctx, staff)
        if ctx.profile.commands_by_api:  # Bale has no setMyCommands: there the menu's buttons carry them
            bot, chat_id, t, admin = ctx.bot, ctx.chat_id, ctx.t, staff.has(Role.ADMIN)

            async def commands() -> None:
                await self.set_commands(bot, chat_id, t, admin=admin)

            ctx.ui.replies.add(commands)

    @staticmethod
    async def set_commands(bot: Bot, chat_id: int, t: Translator, *, admin: bool) -> None:
        """The staff commands in the command list of this person's private chat (Telegram's
        per-chat scope, ``BotCommandScopeChat``; everyone else keeps the applicant's list)."""
        names = STAFF_COMMANDS + (ADMIN_COMMANDS if admin else ())
        listed = [BotCommand(command=c, description=t(f"cmd-{c}")) for c in names]
        try:
            await bot.set_my_commands(listed, scope=BotCommandScopeChat(chat_id=chat_id))
        except TelegramAPIError as exc:  # the menu's buttons still carry them
            log.warning("setMyCommands for a staff chat refused: %s", type(exc).__name__)

    async def show_menu(self, ctx: Ctx, staff: StaffInfo) -> None:
        """The desks the member serves with the count waiting at each, their files, search,
        stats, export (admins), and the applicant's menu."""
        t = ctx.t
        counts = await cases.count_by_kind_and_status(ctx.session)
        buttons = []
        for role in self.desks(staff):
            waiting = sum(counts.get(pair, 0) for pair in self.desk_of(role))
            label = t("btn-desk", desk=t(f"role-{role}"), n=t.digits(waiting))
            buttons.append([button(label, WorkspaceCb(act="desk", desk=role.value))])
        mine = await cases.queue(
            ctx.session, statuses=self.open_statuses(), assigned_staff_id=staff.id, limit=QUEUE_LIMIT + 1
        )
        more = "+" if len(mine) > QUEUE_LIMIT else ""
        buttons.append(
            [
                button(t("btn-desk-mine", n=t.digits(min(len(mine), QUEUE_LIMIT)) + more), WorkspaceCb(act="mine")),
                button(t("btn-desk-find"), WorkspaceCb(act="find")),
            ]
        )
        last = [button(t("btn-desk-stats"), WorkspaceCb(act="stats"))]
        if staff.has(Role.ADMIN):
            last.append(button(t("btn-desk-export"), WorkspaceCb(act="export")))
        buttons.append(last)
        buttons.append([button(t("btn-desk-applicant"), WorkspaceCb(act="applicant"))])
        roles = t.join(t(f"role-{r}") for r in sorted(staff.roles))
        text = t("desk-menu", name=staff.display_name or t("staff-no-name"), roles=roles)
        ctx.ui.send(ctx.chat_id, text, inline(*buttons))

    async def on_menu_button(
        self, query: CallbackQuery, callback_data: WorkspaceCb, ctx: Ctx, staff: StaffInfo
    ) -> None:
        ctx.ui.answer(query)
        act = callback_data.act
        if act == "desk":
            role = Role(callback_data.desk) if callback_data.desk in {r.value for r in STAFF_ROLES} else None
            if role is None or role not in self.desks(staff):
                await self.show_menu(ctx, staff)
                return
            await self.show_queue(ctx, staff, QueueFilter(desk=role))
        elif act == "mine":
            await self.show_queue(ctx, staff, QueueFilter(mine=True))
        elif act == "find":
            await ctx.position.set(Position(FINDING))
            ctx.send("desk-find-ask")
        elif act == "stats":
            chart = inline([button(ctx.t("btn-stats-chart"), WorkspaceCb(act="chart", desk=f".{stats.DEFAULT_DAYS}"))])
            figures = [await self.stats_text(ctx, k) for k in self.processes]
            ctx.ui.send(ctx.chat_id, "\n\n".join([*self.scope_line(ctx), *figures]), chart)
        elif act == "chart":
            await self.send_chart(ctx, callback_data.desk)
        elif act == "export" and staff.has(Role.ADMIN):
            statuses = ", ".join(self.statuses())
            ctx.send("export-usage", statuses=statuses)
        elif act == "applicant":
            release(ctx.session)  # their own applicant's menu: not read through their staff scope
            await self.applicant_home(ctx)
        else:
            await self.show_menu(ctx, staff)

    async def on_find_typed(self, message: Message, ctx: Ctx) -> None:
        """What to search for, after the menu's "search": the search, and the menu's way back."""
        if not message.text:
            ctx.send("desk-find-ask")
            return
        await ctx.position.clear()
        await self.find(ctx, message.text)

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

    def desks(self, member: StaffInfo) -> tuple[Role, ...]:
        """The desks a staff member serves: their roles that have a queue in some application's
        process (an admin: every such role), in the roles' order."""
        roles = STAFF_ROLES if member.has(Role.ADMIN) else member.roles
        return tuple(
            role
            for role in sorted(STAFF_ROLES, key=list(Role).index)
            if role in roles and any(process.queue(role) for process in self.processes.values())
        )

    def desk_of(self, role: Role) -> frozenset[tuple[str, str]]:
        """(kind, status) of one desk, as every process declares it."""
        return frozenset((kind, status) for kind, process in self.processes.items() for status in process.queue(role))

    def open_statuses(self) -> tuple[str, ...]:
        """Every status in which something is still to happen (none of any process's final ones)."""
        final = {s for process in self.processes.values() for s in process.final}
        return tuple(s for s in self.statuses() if s not in final)

    def role_of(self, ctx: Ctx, word: str) -> Role | None:
        """A desk as staff type it: the role's name (reviewer) or its label in either language."""
        lowered = word.lower()
        for role in STAFF_ROLES:
            if lowered == role.value or lowered in {w.lower() for w in ctx.services.i18n.variants(f"role-{role}")}:
                return role
        return None

    def parse_queue(self, ctx: Ctx, command: CommandObject) -> QueueFilter | None:
        """/queue's words: a kind, statuses, a desk, "mine", an office (office=ID), an age (a
        number of days at least), a province; None when a word is none of them."""
        kind, words = self.kind_filter(ctx, command)
        wanted = QueueFilter(kind=kind)
        known = self.statuses()
        rest: list[str] = []
        for word in words:
            plain = normalize_digits(word).lower()
            key, _, value = plain.partition("=")
            if plain in known:
                wanted.statuses.append(plain)
            elif plain in MINE_WORDS:
                wanted.mine = True
            elif key in OFFICE_WORDS and value.isascii() and value.isdigit() and len(value) <= 9:
                wanted.office_id = int(value)
            elif plain.isascii() and plain.isdigit() and len(plain) <= 5:
                wanted.days = int(plain)
            elif (role := self.role_of(ctx, word)) is not None:
                wanted.desk = role
            else:
                rest.append(word)
        if rest:
            wanted.province = find_province(" ".join(rest))
            if wanted.province is None:
                return None
        return wanted

    async def on_queue(self, message: Message, command: CommandObject, ctx: Ctx, staff: StaffInfo) -> None:
        wanted = self.parse_queue(ctx, command)
        if wanted is None:
            ctx.send("desk-queue-usage")
            return
        await self.show_queue(ctx, staff, wanted)

    async def show_queue(self, ctx: Ctx, staff: StaffInfo, wanted: QueueFilter) -> None:
        t = ctx.t
        if wanted.desk is not None:
            mine: frozenset[tuple[str, str]] | None = self.desk_of(wanted.desk)
        elif wanted.statuses or wanted.mine:
            mine = None
        else:
            mine = self.queue_of(staff)
        known = self.statuses()
        if wanted.statuses:
            statuses = tuple(wanted.statuses)
        elif mine is not None:
            statuses = tuple(s for s in known if any(s == status for _, status in mine))
        else:
            statuses = self.open_statuses()
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=wanted.days) if wanted.days else None
        found = await cases.queue(
            ctx.session,
            statuses=statuses,
            province=wanted.province.iso if wanted.province else None,
            kind=wanted.kind,
            kinds=mine,
            office_id=wanted.office_id,
            assigned_staff_id=staff.id if wanted.mine else None,
            submitted_before=since,
            limit=QUEUE_LIMIT + 1,
        )
        title = t(
            "desk-queue-title",
            kind=t(f"kind-{wanted.kind}") if wanted.kind else t("desk-all-kinds"),
            statuses=", ".join(t(f"status-{s}") for s in statuses),
            province=wanted.province.label(t.lang) if wanted.province else t("desk-all-provinces"),
        )
        extra = []
        if wanted.desk is not None:
            extra.append(t("desk-queue-desk", desk=t(f"role-{wanted.desk}")))
        if wanted.mine:
            extra.append(t("desk-queue-mine"))
        if wanted.office_id is not None:
            office = await offices.get_office(ctx.session, wanted.office_id)
            extra.append(t("desk-queue-office", office=office.name if office else t.digits(wanted.office_id)))
        if wanted.days:
            extra.append(t("desk-queue-days", days=t.digits(wanted.days)))
        if extra:
            title += "\n" + " — ".join(extra)
        if not found:
            ctx.ui.send(ctx.chat_id, title + "\n" + t("desk-queue-empty"))
            return
        shown = found[:QUEUE_LIMIT]
        named = await people.get_applicants(ctx.session, (case.applicant_id for case in shown))
        lines = [title] + [self._line(ctx, case, named.get(case.applicant_id)) for case in shown]
        if len(found) > QUEUE_LIMIT:
            lines.append(t("desk-queue-more", n=t.digits(QUEUE_LIMIT)))
        ctx.ui.send(ctx.chat_id, "\n".join(lines), self._open_buttons(shown))

    @staticmethod
    def _line(ctx: Ctx, case: CaseInfo, applicant: ApplicantInfo | None) -> str:
        t = ctx.t
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
        await reads.record(ctx.session, case.id, member.id, Read.CARD)
        ctx.ui.send(
            ctx.chat_id,
            self.posting.card(t, file, ctx.services.org_of(case.province)),
            self.posting.buttons(t, case, member),
        )
        for chunk in chunks(await self.staff_history(ctx, case, with_reads=member.has(Role.ADMIN))):
            ctx.ui.send(ctx.chat_id, chunk)

    async def staff_history(self, ctx: Ctx, case: CaseInfo, *, with_reads: bool = False) -> str:
        """Every event (staff see who acted, by name); for admins, who opened the file or its
        documents too (issue 23)."""
        t = ctx.t
        names = Names(ctx)
        lines = [t("history-title", code=case.tracking_code)]
        for e in await history(ctx.session, case.id):
            who = role_label(t, e.actor_role, case.kind)
            if e.actor_staff_id is not None:
                name = await names.of(e.actor_staff_id)
                if name:
                    who = f"{who} ({name})"
            lines.append(t("desk-history-line", date=t.date(e.at), who=who, action=t(f"action-{e.action}")))
            if e.note:
                lines.append(t("history-note", note=e.note))
        if with_reads:
            lines += ["", *await self.reads_lines(ctx, case, names)]
        return "\n".join(lines)

    async def reads_lines(self, ctx: Ctx, case: CaseInfo, names: Names) -> list[str]:
        t = ctx.t
        found = await reads.reads_of(ctx.session, case.id)
        lines = [t("desk-reads-title", code=case.tracking_code)]
        for r in found:
            name = await names.of(r.staff_id) or t("someone")
            lines.append(t("desk-read-line", at=t.clock(r.at), name=name, what=t(f"desk-read-{r.what}")))
        if not found:
            lines.append(t("desk-reads-none"))
        return lines

    # ---- /audit (admins) --------------------------------------------------------------------------

    async def on_audit(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        code = normalize_tracking_code(command.args or "")
        case = await cases.get_case_by_tracking_code(ctx.session, code) if code else None
        if case is None:
            ctx.send("desk-audit-usage")
            return
        for chunk in chunks("\n".join(await self.reads_lines(ctx, case, Names(ctx)))):
            ctx.ui.send(ctx.chat_id, chunk)

    # ---- /find -------------------------------------------------------------------------------------

    async def on_find(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        await self.find(ctx, command.args or "")

    async def find(self, ctx: Ctx, typed: str) -> None:
        """By tracking code, national code, mobile, or name (issue 23): at most ``FIND_LIMIT``
        files, each a button to it."""
        t = ctx.t
        kind, words = self.kind_filter(ctx, CommandObject(args=typed))
        text = normalize_text(" ".join(words))
        if not text:
            ctx.send("desk-find-usage")
            return
        code = normalize_tracking_code(text)
        by_code = await cases.get_case_by_tracking_code(ctx.session, code) if code else None
        if by_code is not None:
            found = [a for a in [await people.get_applicant(ctx.session, by_code.applicant_id)] if a is not None]
        else:
            query = self._search(text)
            if query is not None:
                found = await people.find_applicants(ctx.session, **query)
            elif len(people.name_key(text)) >= 2 and any(ch.isalpha() for ch in text):
                found = await people.find_applicants_by_name(ctx.session, text, limit=FIND_LIMIT + 1)
            else:
                refused = self._refusal(text)
                reason = [t(refused.key, **refused.params)] if refused is not None else []
                ctx.ui.send(ctx.chat_id, "\n".join([*reason, t("desk-find-usage")]))
                return
        if not found:
            ctx.send("desk-find-none")
            return
        files = [
            case
            for a in found[:FIND_LIMIT]
            for case in await cases.cases_of_applicant(ctx.session, a.id)
            if (kind is None or case.kind == kind) and (by_code is None or case.id == by_code.id)
        ]
        lines = [t("desk-find-title", n=t.digits(min(len(found), FIND_LIMIT)))]
        for applicant in found[:FIND_LIMIT]:
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
        if len(found) > FIND_LIMIT or len(files) > FIND_LIMIT:
            lines.append(t("desk-find-more", n=t.digits(FIND_LIMIT)))
        for chunk in chunks("\n".join(lines))[:-1]:
            ctx.ui.send(ctx.chat_id, chunk)
        last = chunks("\n".join(lines))[-1]
        ctx.ui.send(ctx.chat_id, last, self._open_buttons(files[:FIND_LIMIT]) if files else None)

    @staticmethod
    def _search(typed: str) -> dict[str, str] | None:
        """A national code or a mobile number, whichever the text is."""
        for column, check in (("national_code", validate_national_code), ("mobile", validate_mobile)):
            try:
                return {column: check(typed)}
            except InvalidInput:
                continue
        return None

    @staticmethod
    def _refusal(typed: str) -> InvalidInput | None:
        """Why digits typed as a national code or a mobile number are neither: the reason, not
        only the usage (a mistyped check digit is the common case)."""
        digits = "".join(ch for ch in normalize_digits(typed) if ch not in " -+")
        if not digits.isdigit():
            return None
        mobile = digits.startswith(("09", "98", "0098")) and len(digits) > 10
        check = validate_mobile if mobile else validate_national_code
        try:
            check(typed)
        except InvalidInput as exc:
            return exc
        return None

    # ---- /stats ------------------------------------------------------------------------------------

    async def on_stats(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        kind, rest = self.kind_filter(ctx, command)
        days = normalize_digits(rest[0]) if len(rest) == 1 else str(stats.DEFAULT_DAYS)
        if len(rest) > 1 or not (days.isascii() and days.isdigit() and 0 < int(days) <= MAX_STATS_DAYS):
            ctx.send("desk-stats-usage")
            return
        kinds = [kind] if kind is not None else list(self.processes)
        # the figures at once; the same figures as a picture (issue 23) on the button: its reads over
        # every week and section took 1.4 s at 200,000 files, and the numbers waited for it (issue 30)
        chart = inline([button(ctx.t("btn-stats-chart"), WorkspaceCb(act="chart", desk=f"{kind or ''}.{days}"))])
        figures = [await self.stats_text(ctx, k, int(days)) for k in kinds]
        ctx.ui.send(ctx.chat_id, "\n\n".join([*self.scope_line(ctx), *figures]), chart)

    @staticmethod
    def scope_line(ctx: Ctx) -> list[str]:
        """With several provinces (issue 25): whose files the figures count, national or the
        staff member's provinces."""
        return [ctx.t("stats-scope", scope=scope_name(ctx))] if ctx.services.tenants else []

    async def send_chart(self, ctx: Ctx, wanted: str) -> None:
        """The chart of a /stats answer, drawn off the event loop. ``wanted``: "kind.days" (kind
        empty: every kind; not ":", the callback's own separator); a forged or stale one: the usage."""
        kind, _, days = wanted.rpartition(".")
        if (kind and kind not in self.processes) or not (days.isdigit() and 0 < int(days) <= MAX_STATS_DAYS):
            ctx.send("desk-stats-usage")
            return
        kinds = [kind] if kind else list(self.processes)
        picture = await stats_chart(ctx, self.posting.applications, kinds, int(days))
        today = ctx.t.digits(format_jalali(dt.datetime.now(IRAN_TIME).date()))
        ctx.ui.send_photo(ctx.chat_id, picture, "stats.png", ctx.t("stats-chart-caption", date=today))

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

    # ---- waiting too long (a daily digest, issue 23) ----------------------------------------------

    def waiting_cutoffs(self, policy: WaitingPolicy, now: dt.datetime) -> dict[str, dt.datetime]:
        """Each staff step's status (some role's queue) → the time before which a file in it has
        waited too long (a step of 0 days: never)."""
        steps = {s for role in STAFF_ROLES for _, s in self.desk_of(role)}
        return {
            status: now - dt.timedelta(days=policy.days(status))
            for status in self.statuses()
            if status in steps and policy.days(status) > 0
        }

    async def post_waiting(
        self,
        session: AsyncSession,
        outbox: Outbox,
        t: Translator,
        staff_chats: Mapping[str, Mapping[str | None, int]],
        policy: WaitingPolicy,
        now: dt.datetime,
    ) -> int:
        """The files past their step's days, oldest first, to each messenger's staff chats (platform
        → province → chat; None: every province's files) and to each desk's members in private (the
        files of their desks, in their provinces: issue 25); how many files."""
        found = await cases.waiting_too_long(session, self.waiting_cutoffs(policy, now))
        if not found:
            return 0
        names: dict[int, str | None] = {}
        lines: dict[int, str] = {}
        for w in found:
            taken = ""
            if w.case.assigned_staff_id is not None:
                if w.case.assigned_staff_id not in names:
                    member = await staff.get_staff_by_id(session, w.case.assigned_staff_id)
                    names[w.case.assigned_staff_id] = member.display_name if member else None
                taken = t("waiting-taken", name=names[w.case.assigned_staff_id] or t("someone"))
            lines[w.case.id] = t(
                "waiting-line",
                code=w.case.tracking_code,
                kind=t(f"kind-{w.case.kind}"),
                status=t(f"status-{w.case.status}"),
                days=t.digits((now - w.since).days),
                taken=taken,
            )

        def digest(files: list[cases.Waiting]) -> str:
            shown = [lines[w.case.id] for w in files[:DIGEST_LINES]]
            more = [t("waiting-more", n=t.digits(len(files) - DIGEST_LINES))] if len(files) > DIGEST_LINES else []
            return "\n".join([t("waiting-title", n=t.digits(len(files))), *shown, *more])

        for platform, chats in staff_chats.items():
            for province, chat_id in chats.items():
                files = found if province is None else [w for w in found if w.case.province == province]
                if files:
                    for chunk in chunks(digest(files)):
                        await outbox.text(chat_id, chunk, platform=platform)
            for member in await staff.list_staff(session, platform):
                desks = frozenset(pair for role in self.desks(member) for pair in self.desk_of(role))
                held = member.scope()
                theirs = [
                    w
                    for w in found
                    if (w.case.kind, w.case.status) in desks and (held is None or w.case.province in held)
                ]
                if theirs:
                    for chunk in chunks(digest(theirs)):
                        await outbox.text(member.external_id, chunk, platform=platform)
        return len(found)

    def menu_router(self) -> Router:
        """/start and /menu of a staff member: the staff menu (before the applicant's menu, which
        everyone else gets)."""
        router = Router(name="staff-menu")
        router.message.filter(InPrivate())
        router.message.register(self.on_menu, CommandStart(), IsStaff())
        router.message.register(self.on_menu, Command("menu"), IsStaff())
        return router

    def router(self) -> Router:
        router = Router(name="staff-desk")
        router.message.middleware(StaffAuth())
        router.callback_query.middleware(StaffAuth())
        staff_only = allowed(*STAFF_ROLES)
        router.message.register(self.on_queue, Command("queue"), flags=staff_only)
        router.message.register(self.on_case, Command("case"), flags=staff_only)
        router.message.register(self.on_find, Command("find"), flags=staff_only)
        router.message.register(self.on_stats, Command("stats"), flags=staff_only)
        router.message.register(self.on_audit, Command("audit"), flags=allowed(Role.ADMIN))
        router.callback_query.register(self.on_open, DeskCb.filter(), flags=staff_only)
        router.callback_query.register(self.on_menu_button, WorkspaceCb.filter(), InPrivate(), flags=staff_only)
        router.message.register(self.on_find_typed, at(FINDING), flags=staff_only)
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
