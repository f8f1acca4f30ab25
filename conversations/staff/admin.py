"""What admins do in their private chat with the bot (and /staff in any chat):

/staff [list]              the staff: names and roles
/staff add ID ROLE [IR-14 …] [NAME]  grant a role (reviewer, technical_manager, finance,
                           builders_unit, admin) in the provinces named (none: nationally; an
                           admin of some provinces grants in theirs only, issue 25); the name
                           given, else the person's messenger profile's
/staff remove ID ROLE      revoke it

/offices                   how many offices, the provinces with no active one, a button per province
  ├─ a province's button, or /offices IR-14 (code or Persian name) → its offices, each with
  │     "deactivate" / "activate" → the list again, changed (edited in place where the messenger allows)
  ├─ /offices add IR-14 | name | city → added (the same province and name twice → "already there")
  └─ /offices import → "send the file" → a CSV document → imported, or every bad line with
        its number and reason in the admin's language and nothing imported (storage.office_csv)
        anything but a document → asked again; /menu cancels

/export [status …] [from date] [to date]   the cases spreadsheet (XLSX) as a document, with
        national codes and mobile numbers (the admin export): "preparing" at once, the file when
        it is made (in another process, ``Exports``)
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from aiogram import Router
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, FSInputFile, InlineKeyboardMarkup, Message

from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.fields import province_label
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import button, inline, rows
from conversations.kit.position import Position, at
from conversations.kit.spreadsheet import ExportOrder, Exports
from conversations.kit.staffauth import StaffAuth, allowed
from conversations.kit.text import chunks
from conversations.kit.ui import show_action
from scoring import (
    InvalidInput,
    find_province,
    format_jalali,
    normalize_digits,
    normalize_text,
    parse_jalali_date,
    province,
    provinces,
)
from scoring.provinces import is_province
from scoring.validators import IRAN_TIME
from storage import offices, staff
from storage.exports import CaseFilter
from storage.office_csv import LineProblem, OfficesFileError, parse_offices_csv
from storage.offices import CITY_MAX, NAME_MAX, OfficeInfo
from storage.scope import scope
from storage.workflow import Role

IMPORTING = "admin:offices-import"
PROBLEMS_SHOWN = 20
ADMINS = allowed(Role.ADMIN)


class OfficesCb(CallbackData, prefix="n"):
    act: str  # show (a province's offices), on, off
    province: str = ""
    office: int = 0


def line_problem(t: Translator, problem: LineProblem) -> str:
    """A bad line of the offices file, in ``t``'s language (the chat, and the CLI in English)."""
    # counts and line numbers in the language's digits; what the file said, as it said it
    reason = t(problem.key, **{k: t.digits(v) if v.isdigit() else v for k, v in problem.args.items()})
    return t("offices-csv-line", line=t.digits(problem.line), reason=reason)


def every_status(ctx: Ctx) -> tuple[str, ...]:
    """Every status of every application the bot runs, in their order."""
    return tuple(dict.fromkeys(s for app in ctx.services.applications.values() for s in app.process.statuses))


_PROVINCE_CODE = re.compile(r"IR-\d\d")


def _held(t: Translator, member: staff.StaffInfo, role: Role) -> str:
    """A role, and where it is held when not nationally (issue 25)."""
    if role not in member.held_in:
        return t(f"role-{role}")
    return f"{t(f'role-{role}')} ({t.join(province_label(p, t.lang) for p in sorted(member.held_in[role]))})"


class StaffAdmin:
    # ---- /staff --------------------------------------------------------------------------------------

    async def on_staff_command(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        t = ctx.t
        parts = (command.args or "").split()
        if parts[:1] == ["list"] or not parts:
            everyone = await staff.list_staff(ctx.session, ctx.profile.name)
            lines = [t("staff-list-title")] + [
                t(
                    "staff-list-line",
                    id=str(s.external_id),
                    name=s.display_name or t("staff-no-name"),
                    roles=t.join(_held(t, s, r) for r in sorted(s.roles)),
                )
                for s in everyone
            ]
            for chunk in chunks("\n".join(lines)):
                ctx.ui.send(ctx.chat_id, chunk)
            return
        # a messenger user id is a number of at most 15 digits (larger ones fit no column); after
        # the role of an "add", the person's name (else their messenger profile's, when known)
        if (
            len(parts) >= 3
            and parts[0] in ("add", "remove")
            and (parts[0] == "add" or len(parts) == 3)
            and parts[1].isascii()
            and parts[1].isdigit()
            and len(parts[1]) <= 15
        ):
            try:
                role = staff.parse_role(parts[2])
            except staff.UnknownRole:
                ctx.send("staff-usage")
                return
            user_id = int(parts[1])
            if parts[0] == "add":
                rest = parts[3:]
                places = []  # the provinces first (ISO codes), then the name
                while rest and _PROVINCE_CODE.fullmatch(normalize_digits(rest[0]).upper()):
                    code = normalize_digits(rest.pop(0)).upper()
                    if not is_province(code):
                        ctx.send("staff-province-unknown", code=code)
                        return
                    places.append(code)
                mine = scope(ctx.session)  # an admin of some provinces grants in those only
                if mine is not None and (not places or not set(places) <= mine):
                    ctx.send("staff-province-not-yours", provinces=", ".join(sorted(mine)))
                    return
                name = normalize_text(" ".join(rest)) or await self.profile_name(ctx, user_id)
                await staff.grant_role(
                    ctx.session,
                    ctx.profile.name,
                    user_id,
                    role,
                    display_name=name,
                    granted_by=str(ctx.user.external_id),
                    provinces=places,
                )
            else:
                await staff.revoke_role(ctx.session, ctx.profile.name, user_id, role)
            ctx.send("staff-updated")
            return
        ctx.send("staff-usage")

    @staticmethod
    async def profile_name(ctx: Ctx, user_id: int) -> str | None:
        """The name on the person's messenger profile, if the bot may see it (they started it)."""
        try:
            chat = await ctx.bot.get_chat(user_id)
        except TelegramAPIError:
            return None
        name = " ".join(p for p in (chat.first_name, chat.last_name) if p)
        return normalize_text(name) or None

    # ---- /offices --------------------------------------------------------------------------------------

    async def on_offices(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        args = (command.args or "").strip()
        word = args.split(maxsplit=1)[0].casefold() if args else ""
        if not args:
            await self.overview(ctx)
        elif word == "add":
            await self.add(ctx, args[3:])
        elif word == "import":
            await ctx.position.set(Position(IMPORTING))
            ctx.send("offices-send-file")
        else:
            where = find_province(args)
            if where is None:
                ctx.send("offices-unknown-province", value=args)
                return
            text, markup = await self.province_list(ctx, where.iso)
            ctx.ui.send(ctx.chat_id, text, markup)

    async def overview(self, ctx: Ctx) -> None:
        t = ctx.t
        everything = await offices.list_offices(ctx.session)
        missing = await offices.provinces_without_active_office(ctx.session)
        lines = [
            t(
                "offices-summary",
                total=t.digits(len(everything)),
                active=t.digits(sum(o.active for o in everything)),
            )
        ]
        if not everything:
            lines.append(t("offices-none-yet"))
        elif missing:
            names = t.join(province(p).label(t.lang) for p in missing)
            lines.append(t("offices-missing", n=t.digits(len(missing)), provinces=names))
        else:
            lines.append(t("offices-all-covered"))
        lines.append(t("offices-help"))
        counts: dict[str, int] = {}
        for office in everything:
            counts[office.province] = counts.get(office.province, 0) + 1
        buttons = [
            button(
                t("btn-offices-province", province=p.label(t.lang), n=t.digits(counts[p.iso])),
                OfficesCb(act="show", province=p.iso),
            )
            for p in provinces()
            if p.iso in counts
        ]
        ctx.ui.send(ctx.chat_id, "\n".join(lines), inline(*rows(buttons, 2)) if buttons else None)

    async def province_list(self, ctx: Ctx, iso: str) -> tuple[str, InlineKeyboardMarkup | None]:
        t = ctx.t
        where = province(iso)
        found = await offices.list_offices(ctx.session, iso)
        if not found:
            return t("offices-province-empty", province=where.label(t.lang), code=iso), None
        lines = [t("offices-of-province", province=where.label(t.lang))]
        lines += [self.office_line(t, o) for o in found]
        toggles = [
            button(
                t("btn-office-off" if o.active else "btn-office-on", id=t.digits(o.id)),
                OfficesCb(act="off" if o.active else "on", province=iso, office=o.id),
            )
            for o in found
        ]
        return "\n".join(lines), inline(*rows(toggles, 2))

    @staticmethod
    def office_line(t: Translator, office: OfficeInfo) -> str:
        return t(
            "offices-line",
            id=t.digits(office.id),
            name=office.name,
            city=f" ({office.city})" if office.city else "",
            active="yes" if office.active else "no",
        )

    async def on_offices_button(self, query: CallbackQuery, callback_data: OfficesCb, ctx: Ctx) -> None:
        t = ctx.t
        iso = callback_data.province
        if find_province(iso) is None:
            ctx.ui.answer(query, t("stale-button"))
            return
        if callback_data.act in ("on", "off"):
            changed = await offices.set_office_active(ctx.session, callback_data.office, callback_data.act == "on")
            if changed is None:
                ctx.ui.answer(query, t("offices-gone"), alert=True)
                return
            ctx.ui.answer(
                query,
                t(
                    "offices-toggled",
                    id=t.digits(changed.id),
                    name=changed.name,
                    active="yes" if changed.active else "no",
                ),
            )
        else:
            ctx.ui.answer(query)
        text, markup = await self.province_list(ctx, iso)
        if callback_data.act == "show":
            ctx.ui.send(ctx.chat_id, text, markup)
        else:
            ctx.ui.replace(query.message if isinstance(query.message, Message) else None, ctx.chat_id, text, markup)

    async def add(self, ctx: Ctx, spec: str) -> None:
        """``IR-14 | name | city``: the province, the name, the city (optional)."""
        t = ctx.t
        parts = [normalize_text(p) for p in spec.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            ctx.send("offices-add-usage")
            return
        where = find_province(parts[0])
        if where is None:
            ctx.send("offices-unknown-province", value=parts[0])
            return
        name, city = parts[1], (parts[2] if len(parts) == 3 and parts[2] else None)
        if len(name) > NAME_MAX or (city is not None and len(city) > CITY_MAX):
            ctx.send("offices-add-too-long", name=t.digits(NAME_MAX), city=t.digits(CITY_MAX))
            return
        label = where.label(t.lang)
        same = [o for o in await offices.list_offices(ctx.session, where.iso) if o.name == name]
        if same:
            ctx.send("offices-exists", province=label, name=name, id=t.digits(same[0].id))
            return
        added = await offices.add_office(ctx.session, where.iso, name, city=city)
        ctx.send("offices-added", id=t.digits(added.id), name=added.name, province=label)

    async def on_offices_file(self, message: Message, ctx: Ctx) -> None:
        t = ctx.t
        if message.document is None:
            ctx.send("offices-not-a-file")
            return
        buffer = io.BytesIO()
        await ctx.bot.download(message.document.file_id, destination=buffer)
        try:
            records = parse_offices_csv(buffer.getvalue())
        except OfficesFileError as exc:
            lines = [t("offices-file-problems")] + [line_problem(t, p) for p in exc.problems[:PROBLEMS_SHOWN]]
            if len(exc.problems) > PROBLEMS_SHOWN:
                lines.append(t("offices-file-more", n=t.digits(len(exc.problems) - PROBLEMS_SHOWN)))
            lines.append(t("offices-send-file"))
            for chunk in chunks("\n".join(lines)):
                ctx.ui.send(ctx.chat_id, chunk)
            return
        summary = await offices.import_offices(ctx.session, records)
        await ctx.position.clear()
        ctx.send(
            "offices-imported",
            created=t.digits(summary.created),
            updated=t.digits(summary.updated),
            unchanged=t.digits(summary.unchanged),
        )
        await self.overview(ctx)

    # ---- /export ---------------------------------------------------------------------------------------

    async def on_export(self, message: Message, command: CommandObject, ctx: Ctx, exports: Exports) -> None:
        t = ctx.t
        statuses: list[str] = []
        dates: list[dt.date] = []
        known = every_status(ctx)
        for word in (command.args or "").split():
            if word.casefold() in ("from", "to", "از", "تا"):
                continue
            if word.lower() in known:
                statuses.append(word.lower())
                continue
            try:
                dates.append(parse_jalali_date(word))
            except InvalidInput:
                ctx.send("export-unknown", value=word)
                ctx.send("export-usage", statuses=", ".join(known))
                return
        if len(dates) > 2:
            ctx.send("export-usage", statuses=", ".join(known))
            return
        start, end = [*dates, None, None][:2]
        if start and end and start > end:
            ctx.send("export-range", start=t.date(start), end=t.date(end))
            return
        filters = ""
        if statuses:
            filters += t("export-filter-statuses", statuses=", ".join(t(f"status-{s}") for s in statuses))
        if start:
            filters += t("export-filter-from", date=t.date(start))
        if end:
            filters += t("export-filter-to", date=t.date(end))
        today = format_jalali(dt.datetime.now(IRAN_TIME).date())
        # made off the bot's process (issue 30): started once this update has committed, the file
        # sent when it is ready; the admin and everyone else are answered meanwhile
        held = scope(ctx.session)  # the export is made elsewhere: it carries the asker's provinces
        wanted = CaseFilter(
            statuses=tuple(statuses),
            submitted_from=start,
            submitted_to=end,
            with_personal=True,
            provinces=tuple(sorted(held)) if held is not None else None,
        )
        bot, profile, chat_id = ctx.bot, ctx.profile, ctx.chat_id

        async def deliver(path: Path | None, count: int) -> None:
            if path is None:
                await bot.send_message(chat_id, t("export-failed"))
                return
            await show_action(bot, profile, chat_id, ChatAction.UPLOAD_DOCUMENT)
            caption = t("export-caption", n=t.digits(count), filters=filters)
            name = f"cases-{today.replace('/', '-')}.xlsx"
            await bot.send_document(chat_id, FSInputFile(path, name), caption=caption)

        async def begin() -> None:
            exports.start(ExportOrder(wanted, t.lang), deliver)

        ctx.send("export-preparing")
        ctx.ui.replies.add(begin)

    def router(self) -> Router:
        router = Router(name="staff-admin")
        router.message.middleware(StaffAuth())
        router.callback_query.middleware(StaffAuth())
        router.message.register(self.on_staff_command, Command("staff"), flags=ADMINS)
        private = InPrivate()
        router.message.register(self.on_offices, Command("offices"), private, flags=ADMINS)
        router.message.register(self.on_export, Command("export"), private, flags=ADMINS)
        router.message.register(self.on_offices_file, at(IMPORTING), private, flags=ADMINS)
        router.callback_query.register(self.on_offices_button, OfficesCb.filter(), flags=ADMINS)
        return router
