"""The ``nezam-bot`` command line."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.settings import ConfigError, Settings, load_settings, proxy_address
from scoring import (
    InvalidInput,
    check_rules,
    find_province,
    format_jalali,
    parse_jalali_date,
    parse_license_request,
    province,
    render,
    score_license,
)
from scoring.license import Rules, default_rules, round_points
from scoring.messages import digits

KIND_ALIASES = {"license": "builder_license"}  # the word the export took before the kinds were named

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.preflight import Service
    from storage.offices import OfficeInfo

# Exit codes: 2 = fix the configuration or the command line; 1 = the database did not answer,
# try again later (a one-shot command does not wait; ``run`` does).
EXIT_UNREACHABLE = 1


def _read_json(path: str) -> Any:
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _rules(args: argparse.Namespace, err: TextIO) -> Rules | None:
    """The rules a command scores by (issue 25): a province's of PROVINCES_FILE (``--province``),
    a rules file (``--rules-file``, checked as PROVINCES_FILE's ``license_rules_file`` is), else
    the shipped file. None (and one line on ``err``) when they cannot be read."""
    from bot.provinces_file import ProvincesFileError, load_provinces, read_license_rules

    if args.rules_file is not None:
        found_rules = read_license_rules(Path(args.rules_file), args.rules_file)
        if isinstance(found_rules, str):
            err.write(f"error: --rules-file: {found_rules}\n")
            return None
        return found_rules
    if args.province is None:
        return default_rules()
    found = find_province(args.province)
    path = os.environ.get("PROVINCES_FILE")
    if found is None:
        err.write(f"error: --province: unknown province “{args.province}” (an ISO code IR-00…IR-30 or the name)\n")
        return None
    if not path:
        err.write("error: --province: PROVINCES_FILE is not set; the provinces' rules are named there\n")
        return None
    try:
        tenants = load_provinces(path, ())
    except ProvincesFileError as exc:
        err.write("".join(f"error: {problem}\n" for problem in exc.problems))
        return None
    if found.iso not in tenants:
        err.write(f"error: --province: {found.iso} has no table in PROVINCES_FILE ({path})\n")
        return None
    return tenants[found.iso].license_rules or default_rules()


def cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = _rules(args, err)
    if rules is None:
        return 2
    try:
        data = _read_json(args.file)
    except FileNotFoundError:
        err.write(f"error: no such file: {args.file}\n")
        return 2
    except json.JSONDecodeError as exc:
        err.write(f"error: {args.file} is not valid JSON (line {exc.lineno}, column {exc.colno})\n")
        return 2
    try:
        request = parse_license_request(data, rules)
    except InvalidInput as exc:
        err.write(f"error: {exc.message(args.lang)}\n")
        return 2
    result = score_license(request, rules)
    json.dump(result.to_json(args.lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def cmd_rules_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = _rules(args, err)
    if rules is None:
        return 2
    report = check_rules(rules)
    lang = args.lang
    for ws, maximum in report.maxima.items():
        title = rules.titles[ws].label(lang)
        out.write(
            render(
                "rules-report-worksheet",
                lang,
                {"worksheet": digits(ws, lang), "title": title, "maximum": round_points(maximum)},
            )
            + "\n"
        )
    out.write(render("rules-report-total", lang, {"total": round_points(report.max_total)}) + "\n")
    if report.reachable_grades:
        grades = ("، " if lang == "fa" else ", ").join(digits(str(g), lang) for g in report.reachable_grades)
        out.write(render("rules-report-grades", lang, {"grades": grades}) + "\n")
    else:
        out.write(render("rules-report-no-grades", lang) + "\n")
    for finding in report.findings:
        out.write("! " + finding.text(lang) + "\n")
    return 0


# ---- settings and the database, for the commands that use them ---------------------------------

Work = Callable[["AsyncSession"], Awaitable[int]]


def _database_url(args: argparse.Namespace, settings: Settings) -> tuple[str, str]:
    """(url, the name people fix) from --database-url or DATABASE_URL."""
    from storage.db import database_url_problem

    override: str | None = getattr(args, "database_url", None)
    if override is None:
        return settings.database_url, "DATABASE_URL"
    problem = database_url_problem(override)
    if problem:
        raise ConfigError([f"--database-url: {problem}"])
    return override, "--database-url"


def _ready_database(args: argparse.Namespace, settings: Settings, err: TextIO) -> str | None:
    """The database URL once the server answered and the migrations are applied; None (and one
    line on ``err``) when it is unreachable: a one-shot command does not wait (``run`` does)."""
    from bot.preflight import Unreachable, database
    from storage.db import upgrade

    url, variable = _database_url(args, settings)
    try:
        asyncio.run(database(url, variable).check())
    except Unreachable as exc:
        err.write(f"error: {variable}: {exc}; try again once the database is up\n")
        return None
    upgrade(url)
    return url


def _in_transaction(url: str, work: Work) -> int:
    """``work`` in one transaction, committed if it returns 0 (the CLI's unit of work)."""
    from storage.db import make_engine, make_sessionmaker

    async def run() -> int:
        engine = make_engine(url)
        try:
            async with make_sessionmaker(engine)() as session:
                code = await work(session)
                if code == 0:
                    await session.commit()
                return code
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _with_database(args: argparse.Namespace, settings: Settings, err: TextIO, work: Work) -> int:
    url = _ready_database(args, settings, err)
    return EXIT_UNREACHABLE if url is None else _in_transaction(url, work)


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    url = _ready_database(args, settings, err)
    if url is None:
        return EXIT_UNREACHABLE
    out.write(f"database is up to date: {_safe_url(url)}\n")
    return 0


def _safe_url(url: str) -> str:
    """A database URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_staff(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """Grant, revoke and list staff roles (the same as /staff in the bot)."""
    from storage import staff

    role = None
    if args.staff_command != "list":
        try:
            role = staff.parse_role(args.role)
        except staff.UnknownRole:
            err.write("error: --role must be one of reviewer, technical_manager, finance, admin\n")
            return 2
    places: list[str] = []
    for typed in getattr(args, "province", None) or []:
        found = find_province(typed)
        if found is None:
            err.write(f"error: --province: unknown province “{typed}” (an ISO code IR-00…IR-30 or the name)\n")
            return 2
        places.append(found.iso)

    async def work(session: AsyncSession) -> int:
        if role is None:
            for member in await staff.list_staff(session, args.platform):
                roles = ", ".join(
                    f"{r}" if r not in member.held_in else f"{r} ({member.where(r)})" for r in sorted(member.roles)
                )
                out.write(f"{member.platform}\t{member.external_id}\t{member.display_name or '-'}\t{roles}\n")
        elif args.staff_command == "add":
            await staff.grant_role(
                session, args.platform, args.user_id, role, display_name=args.name, granted_by="cli", provinces=places
            )
            where = f"in {', '.join(sorted(set(places)))}" if places else "nationally"
            out.write(f"{args.platform} user {args.user_id} is now {role} {where}\n")
        elif not await staff.revoke_role(session, args.platform, args.user_id, role):
            out.write(f"{args.platform} user {args.user_id} did not have the role {role}\n")
        else:
            out.write(f"{args.platform} user {args.user_id} is no longer {role}\n")
        return 0

    return _with_database(args, settings, err, work)


# ---- offices ------------------------------------------------------------------------------------

MAX_PROBLEMS_SHOWN = 50


def _province_names(isos: Sequence[str]) -> str:
    return "، ".join(province(iso).fa for iso in isos) if isos else "none"


def _office_line(office: OfficeInfo) -> str:
    state = "active" if office.active else "inactive"
    sample = "\tsample" if office.is_sample else ""
    where = province(office.province).fa
    return f"{office.id}\t{office.province}\t{where}\t{office.name}\t{office.city or '-'}\t{state}{sample}\n"


def cmd_offices_import(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from conversations.kit.i18n import I18n
    from conversations.staff.admin import line_problem
    from storage import offices
    from storage.office_csv import OfficesFileError, parse_offices_csv

    path = Path(args.file)
    try:
        records = parse_offices_csv(path.read_bytes())
    except OSError as exc:
        err.write(f"error: cannot read {path}: {exc.strerror}\n")
        return 2
    except OfficesFileError as exc:
        english = I18n("en")("en")
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            err.write(f"error: {path} {line_problem(english, problem)}\n")
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            err.write(f"error: … and {len(exc.problems) - MAX_PROBLEMS_SHOWN} more problems\n")
        err.write("error: nothing imported; fix the file and import it again\n")
        return 2

    async def work(session: AsyncSession) -> int:
        summary = await offices.import_offices(session, records)
        missing = await offices.provinces_without_active_office(session)
        out.write(
            f"imported {path}: {summary.created} new, {summary.updated} updated, {summary.unchanged} unchanged\n"
            f"provinces with no active office: {_province_names(missing)}\n"
        )
        return 0

    return _with_database(args, settings, err, work)


def cmd_offices_list(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from storage import offices

    only = None
    if args.province is not None:
        found = find_province(args.province)
        if found is None:
            err.write(f"error: --province: unknown province “{args.province}” (an ISO code IR-00…IR-30 or the name)\n")
            return 2
        only = found.iso

    async def work(session: AsyncSession) -> int:
        listed = await offices.list_offices(session, only)
        for office in listed:
            out.write(_office_line(office))
        if only is None:
            missing = await offices.provinces_without_active_office(session)
            active = sum(o.active for o in listed)
            out.write(f"{len(listed)} offices, {active} active\n")
            out.write(f"provinces with no active office: {_province_names(missing)}\n")
        elif not listed:
            out.write(f"no offices in {province(only).fa} ({only})\n")
        return 0

    return _with_database(args, settings, err, work)


def cmd_offices_set_active(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from storage import offices

    active = args.offices_command == "activate"

    async def work(session: AsyncSession) -> int:
        before = await offices.get_office(session, args.id)
        if before is None:
            err.write(f"error: no office with id {args.id} (see `nezam-bot offices list`)\n")
            return 2
        office = await offices.set_office_active(session, args.id, active)
        assert office is not None
        state = "active" if active else "inactive"
        was = " (it already was)" if before.active == active else ""
        out.write(f"office {office.id} “{office.name}” ({province(office.province).fa}) is {state}{was}\n")
        return 0

    return _with_database(args, settings, err, work)


# ---- export -------------------------------------------------------------------------------------


def _jalali_option(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_jalali_date(value)
    except InvalidInput:
        raise ConfigError([f"{name}: “{value}” is not a Jalali date (e.g. 1403/05/12)"]) from None


def cmd_export(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from bot.exports import write_export
    from conversations.kit.spreadsheet import ExportOrder
    from scoring.validators import IRAN_TIME
    from storage.exports import CaseFilter

    kind = KIND_ALIASES.get(args.kind or "", args.kind or None)
    if kind is not None or args.status:
        # the declarations (and the aiogram types they import: seconds of CPU) only to check names
        # given: an export of every case starts without them (issue 30)
        from bot.wiring import APPLICATIONS

        known = list(dict.fromkeys(s for app in APPLICATIONS for s in app.process.statuses))
        kinds = [app.name for app in APPLICATIONS]
        if kind is not None and kind not in kinds:
            err.write(f"error: --kind: unknown application “{args.kind}”; one of {', '.join(kinds)}\n")
            return 2
        unknown = [s for s in args.status if s not in known]
        if unknown:
            err.write(f"error: --status: unknown status “{unknown[0]}”; one of {', '.join(known)}\n")
            return 2
    start, end = _jalali_option("--from", args.date_from), _jalali_option("--to", args.date_to)
    if start and end and start > end:
        err.write(f"error: --from {args.date_from} is after --to {args.date_to}\n")
        return 2
    today = format_jalali(dt.datetime.now(IRAN_TIME).date()).replace("/", "-")
    path = Path(args.output or f"cases-{today}.{args.format}")
    wanted = CaseFilter(kind, tuple(args.status), start, end, args.with_personal)
    order = ExportOrder(wanted, args.lang, args.format, with_scores=kind in (None, "builder_license"))
    url = _ready_database(args, settings, err)
    if url is None:
        return EXIT_UNREACHABLE
    try:  # rows read in batches and written as they come: memory independent of their number
        rows = asyncio.run(write_export(url, order, path))
    except OSError as exc:
        err.write(f"error: cannot write {path}: {exc.strerror}\n")
        return 2
    personal = " (with names, national codes and mobile numbers: personal data, keep it safe)"
    counted = "1 case" if rows == 1 else f"{rows} cases"
    out.write(f"wrote {counted} to {path}{personal if args.with_personal else ''}\n")
    return 0


# ---- backup and restore -------------------------------------------------------------------------


def _reachable(url: str, variable: str, err: TextIO) -> bool:
    from bot.preflight import Unreachable, database

    try:
        asyncio.run(database(url, variable).check())
    except Unreachable as exc:
        err.write(f"error: {variable}: {exc}; try again once the database is up\n")
        return False
    return True


def cmd_backup(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """A snapshot of the database and the files under DIR, while the bot runs (storage.backup)."""
    from storage.backup import MANIFEST, BackupError, backup, prune

    url, variable = _database_url(args, settings)
    if not _reachable(url, variable, err):
        return EXIT_UNREACHABLE
    files_dir = args.files_dir or settings.files_dir
    try:
        path, manifest = asyncio.run(backup(url, files_dir, args.dir))
    except BackupError as exc:
        err.write(f"error: {exc}\n")
        return 2
    out.write(f"backed up to {path}: {manifest.summary()}; checksums in {MANIFEST}\n")
    if manifest.missing:
        err.write(
            f"warning: {len(manifest.missing)} files the database names were not in FILES_DIR ({files_dir}), "
            f"e.g. {manifest.missing[0]}: they were lost before this backup\n"
        )
    if args.keep_days is not None:
        removed = prune(args.dir, args.keep_days)
        if removed:
            out.write(f"removed {len(removed)} backups older than {args.keep_days} days: ")
            out.write(", ".join(p.name for p in removed) + "\n")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """A snapshot back into an empty database and FILES_DIR, every checksum verified first."""
    from storage.backup import BackupError, restore
    from storage.db import head_revision

    url, variable = _database_url(args, settings)
    if not _reachable(url, variable, err):
        return EXIT_UNREACHABLE
    files_dir = args.files_dir or settings.files_dir
    try:
        manifest = asyncio.run(restore(args.dir, url, files_dir))
    except BackupError as exc:
        err.write(f"error: {exc}; nothing restored\n")
        return 2
    migrated = f"; migrations applied up to {head_revision()}" if manifest.migration != head_revision() else ""
    out.write(
        f"restored {args.dir} (made {manifest.created}) into {_safe_url(url)} and {files_dir}: {manifest.summary()}; "
        f"every checksum verified{migrated}\n"
    )
    return 0


# ---- the document store's keys (bot/file_keys.py) and retention ----------------------------------


def cmd_files_new_key(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.encryption import MasterKey, new_key_text

    text = new_key_text()
    out.write(text + "\n")
    err.write(
        f"a new files key (id {MasterKey.from_text(text).name}): put it in .env as FILES_KEY (a rotation: the "
        "current one goes to FILES_OLD_KEYS), and keep a copy apart from the backups — without it no "
        "document opens\n"
    )
    return 0


def _files_dir(args: argparse.Namespace, settings: Settings) -> str:
    return getattr(args, "files_dir", None) or settings.files_dir


def cmd_files(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """encrypt-existing, rotate-key and verify: the folder first, then the database's record."""
    from bot import file_keys
    from storage.db import make_engine, make_sessionmaker
    from storage.files import LocalFileStore

    keyring = settings.keyring()
    store = LocalFileStore(_files_dir(args, settings), keyring)
    url = _ready_database(args, settings, err)
    if url is None:
        return EXIT_UNREACHABLE

    def report(line: str) -> None:
        err.write(line + "\n")
        err.flush()

    async def run() -> int:
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        try:
            problem = await file_keys.usable_keys(sessions, keyring)
            if problem is not None:
                err.write(f"error: {problem}; nothing changed\n")
                return 2
            command = args.files_command
            work = {"encrypt-existing": store.seal_existing, "rotate-key": store.rewrap, "verify": store.check}
            outcome = await asyncio.to_thread(file_keys.walk, store, work[command], report)
            if command != "verify":
                await file_keys.record_keys(sessions, store, outcome)
            for line in outcome.problems[:MAX_PROBLEMS_SHOWN]:
                err.write(f"error: {line}\n")
            if len(outcome.problems) > MAX_PROBLEMS_SHOWN:
                err.write(f"error: … and {len(outcome.problems) - MAX_PROBLEMS_SHOWN} more\n")
            key = keyring.current.name
            if command == "encrypt-existing":
                out.write(f"sealed {outcome.changed} files with key {key} ({outcome.already} were sealed already)\n")
            elif command == "rotate-key":
                out.write(f"re-wrapped {outcome.changed} files under key {key} ({outcome.already} were already)\n")
            else:
                plain = f"; {outcome.changed} stored before encryption (encrypt-existing)" if outcome.changed else ""
                out.write(f"{outcome.already} sealed files open with the keys given{plain}\n")
            if command != "verify":
                out.write(f"{outcome.recorded} documents recorded under key {key}\n")
                async with sessions() as session:
                    from storage.documents import count_by_key

                    left = {k: n for k, n in (await count_by_key(session)).items() if k != key}
                if not left and not outcome.problems:
                    done = "FILES_OLD_KEYS can be emptied" if command == "rotate-key" else "nothing is left plain"
                    out.write(f"every document is sealed with FILES_KEY; {done}\n")
            return 1 if outcome.problems else 0
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except KeyboardInterrupt:
        err.write("interrupted: run the same command again to go on (files done are skipped)\n")
        return 130


def cmd_retention(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """What retention deletes now (``--dry-run``: only listed); ids, dates and counts, no names."""
    from storage import retention

    policy = settings.retention()
    if not args.dry_run:
        return _retention_round(args, settings, out, err)

    async def work(session: AsyncSession) -> int:
        now = dt.datetime.now(dt.UTC)
        plan = await retention.plan(session, policy, now)
        for draft in plan.notices:
            out.write(
                f"notice\tdraft {draft.case_id}\t{draft.kind}\tuntouched since {draft.touched_at.date()}\t"
                f"{draft.documents} documents\tdeleted on {draft.deleted_on(policy, now).date()} at the earliest\n"
            )
        for draft in plan.drafts:
            out.write(
                f"delete\tdraft {draft.case_id}\t{draft.kind}\tuntouched since {draft.touched_at.date()}\t"
                f"{draft.documents} documents\ttold {draft.notice_at.date() if draft.notice_at else '-'}\n"
            )
        for rejected in plan.rejected:
            out.write(
                f"delete documents\trejected file {rejected.case_id}\t{rejected.kind}\t"
                f"rejected {rejected.rejected_at.date()}\t{rejected.documents} documents\n"
            )
        out.write(
            f"would tell {len(plan.notices)}, delete {len(plan.drafts)} drafts and the documents of "
            f"{len(plan.rejected)} rejected files (dry run: nothing changed)\n"
        )
        return 1  # nothing to commit

    code = _with_database(args, settings, err, work)
    return 0 if code == 1 else code


def _retention_round(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """One round now, as the bot's hourly one (the notices go out with the bot's outbox relay)."""
    from bot.retention import FileSweeper, RetentionRound
    from conversations.kit.i18n import I18n
    from storage.db import make_engine, make_sessionmaker
    from storage.files import LocalFileStore

    store = LocalFileStore(_files_dir(args, settings), settings.keyring())
    url = _ready_database(args, settings, err)
    if url is None:
        return EXIT_UNREACHABLE

    async def run() -> int:
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        try:
            sweeper = FileSweeper(sessions, store)
            # no bot here: the notices wait in the outbox for the running bot's relay
            job = RetentionRound(sessions, settings.retention(), I18n(settings.default_language), None, sweeper)
            result = await job.run_once()
            result.files += await sweeper.run_once()
        finally:
            await engine.dispose()
        out.write(
            f"told {result.notices}, deleted {result.drafts} drafts and the documents of {result.rejected} "
            f"rejected files; {result.files} files removed from disk\n"
        )
        return 0

    return asyncio.run(run())


# ---- running ------------------------------------------------------------------------------------

NO_PLATFORM_HELP = (
    "error: neither TELEGRAM_TOKEN nor BALE_TOKEN is set; to try the bot without a token run "
    "`nezam-bot sandbox` (see README.md, Quick start)\n"
)


def _wait_for_services(services: list[Service], err: TextIO, optional: list[Service] | None = None) -> None:
    """Until the database answers (one line per failed attempt); ``optional`` ones (Redis) are
    tried once (one line if they do not answer); ConfigError if one refuses."""
    from bot.preflight import check_optional, wait_for

    def report(line: str) -> None:
        err.write(line + "\n")
        err.flush()

    async def check() -> None:
        await wait_for(services, report)
        for service in optional or ():
            await check_optional(service, report)

    asyncio.run(check())


def _warn(settings: Settings, err: TextIO) -> None:
    for line in settings.warnings():
        err.write(f"warning: {line}\n")


def cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from bot.preflight import database, files_dir_problem, redis

    if not settings.tokens():
        err.write(NO_PLATFORM_HELP)
        return 2
    settings.keyring()  # ConfigError (one line, exit 2) without FILES_KEY: never a bot that cannot seal
    optional = [redis(settings.redis_url)] if settings.redis_url else []
    try:
        _wait_for_services([database(settings.database_url)], err, optional)
    except KeyboardInterrupt:
        return 130
    problem = files_dir_problem(settings.files_dir)
    if problem:
        raise ConfigError([problem])
    _warn(settings, err)
    from bot.app import run  # aiogram takes seconds to import: not before the checks

    run(settings)
    return 0


def cmd_sandbox(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    import logging

    from bot.preflight import redis
    from bot.sandbox import serve

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        _wait_for_services([], err, [redis(settings.redis_url)] if settings.redis_url else [])
        asyncio.run(serve(args.host, args.port, Path(args.data_dir), settings, slips=args.slips))
    except OSError as exc:  # e.g. the port is taken
        err.write(f"error: cannot start the sandbox on {args.host}:{args.port}: {exc.strerror or exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


def _sms_summary(settings: Settings) -> str:
    """What the SMS channel is (never the key)."""
    if settings.sms_provider is None:
        return "none (SMS_PROVIDER not set): decisions and reminders reach applicants in the chat only"
    templates = len(settings.sms_templates)
    line = f", text from line {settings.sms_sender}" if settings.sms_sender else ""
    return f"{settings.sms_provider} at {settings.sms_base()}, {templates} templates{line}"


def cmd_config(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """The configuration is valid (else one line per problem, exit 2); what it sets up."""
    platforms = settings.tokens()
    if args.platforms:
        out.write(" ".join(platforms) + "\n")
        return 0
    _warn(settings, err)
    out.write(f"platforms: {', '.join(platforms) or 'none (nezam-bot run needs TELEGRAM_TOKEN or BALE_TOKEN)'}\n")
    for platform in ("telegram", "bale"):
        chat = settings.staff_chat_id(platform)
        admins = len(settings.admin_ids(platform))
        if settings.tenants():
            out.write(f"{platform}: staff chats per province (PROVINCES_FILE), {admins} admins\n")
            continue
        out.write(f"{platform}: staff chat {chat if chat is not None else 'not set'}, {admins} admins\n")
    if settings.webhook_url:
        from urllib.parse import urlsplit

        where = urlsplit(settings.webhook_url)
        out.write(f"mode: webhook at {where.scheme}://{where.netloc}{where.path}, listening on {settings.listen}\n")
    else:
        extra = f"; /healthz and /metrics on {settings.listen}" if settings.metrics else "; no /healthz (METRICS=0)"
        out.write(f"mode: long polling{extra}\n")
    for platform in platforms:
        proxy = settings.proxy(platform)
        through = f"through the proxy {proxy_address(proxy)}" if proxy else "directly"
        out.write(f"{platform}: Bot API {settings.api_base(platform)}, {through}\n")
    out.write(f"database: {_safe_url(settings.database_url)}\n")
    shared = "set (replicas share pacing and locks through it; answers do not depend on it)"
    out.write(f"redis: {shared if settings.redis_url else 'not set'}\n")
    if settings.files_key is not None:
        keyring = settings.keyring()
        old = f", {len(keyring.keys) - 1} older for reading (FILES_OLD_KEYS)" if len(keyring.keys) > 1 else ""
        out.write(f"documents: {settings.files_dir}, sealed with key {keyring.current.name}{old}\n")
    else:
        out.write(f"documents: {settings.files_dir}, FILES_KEY not set (nezam-bot run needs it)\n")
    policy = settings.retention()
    drafts = f"{policy.draft_days} days untouched" if policy.draft_days else "kept"
    rejected = f"{policy.rejected_days} days after the rejection" if policy.rejected_days else "kept"
    out.write(f"retention: drafts {drafts}, rejected files' documents {rejected}\n")
    out.write(f"sms: {_sms_summary(settings)}\n")
    for iso, tenant in settings.tenants().items():
        chats = ", ".join(f"{p} {c}" for p, c in tenant.staff_chat_ids.items()) or "none"
        out.write(
            f"province {iso}: {tenant.name_en}; staff chats {chats}; membership fee "
            f"{tenant.membership_fee_rials:,} rials to {tenant.membership_bank_account or 'not set'}; builder license "
            f"fee {tenant.license_fee_rials:,} rials to {tenant.license_bank_account or 'not set'}\n"
        )
    if settings.tenants():
        return _payments(settings, platforms, out)
    if settings.province:
        out.write(f"province: {settings.province} (first in every province list)\n")
    out.write(f"organization: {settings.deployment_name('fa')} / {settings.deployment_name('en')}\n")
    out.write(f"rules files: fa {settings.rules_file_fa or 'not set'}, en {settings.rules_file_en or 'not set'}\n")
    out.write(
        f"membership fee: {settings.membership_fee_rials:,} rials, account {settings.bank_account or 'not set'}\n"
        f"builder license fee: {settings.license_fee_rials:,} rials, "
        f"account {settings.license_bank_account or 'not set'}\n"
    )
    return _payments(settings, platforms, out)


def _payments(settings: Settings, platforms: Iterable[str], out: TextIO) -> int:
    for platform in platforms:
        paid = "invoices (a provider token is set)" if settings.payment_provider(platform) else "bank slips"
        out.write(f"{platform} payments: {paid}\n")
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    """One line per check of the deployment (✓ or ✗ with what to do); 0 only if all pass."""
    from bot.doctor import Check, diagnose

    def report(check: Check) -> None:
        out.write(check.line + "\n")
        out.flush()

    return 0 if asyncio.run(diagnose(settings, report)) else 1


def rules_of(parser: argparse.ArgumentParser) -> None:
    """``--province`` / ``--rules-file``: whose license rules (issue 25; default: the shipped file)."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--province", default=None, help="the rules of this province of PROVINCES_FILE (ISO code or name)"
    )
    which.add_argument("--rules-file", default=None, help="the rules of this file (as license_rules_file)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nezam-bot", description="Chat front end for the Construction Engineering Organization."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def with_settings(command: argparse.ArgumentParser, handler: Callable[..., int], *, database: bool) -> None:
        command.set_defaults(handler=handler, needs_settings=True)
        if database:
            command.add_argument("--database-url", default=None, help="overrides DATABASE_URL")

    run = sub.add_parser(
        "run", help="run the bot for every platform with a token (webhook mode with WEBHOOK_URL, else long polling)"
    )
    with_settings(run, cmd_run, database=False)

    sandbox = sub.add_parser("sandbox", help="try the bot in a browser: no token, no server (emulated messengers)")
    sandbox.add_argument("--port", type=int, default=8080)
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--data-dir", default="data", help="where the sandbox keeps its SQLite database and files")
    sandbox.add_argument(
        "--slips",
        action="store_true",
        help="no payment provider: fees are paid by bank slips finance confirms or refuses",
    )
    with_settings(sandbox, cmd_sandbox, database=False)

    config = sub.add_parser("config", help="check the configuration (environment and .env) and summarise it")
    config.add_argument("--platforms", action="store_true", help="print only the platforms that have a token")
    with_settings(config, cmd_config, database=False)

    doctor = sub.add_parser(
        "doctor",
        help="check the deployment: tokens, staff chats, webhook, database, Redis, files, proxy, payments "
        "(exit 0 only if all pass)",
    )
    with_settings(doctor, cmd_doctor, database=False)

    staff_parser = sub.add_parser("staff", help="staff roles: add, remove, list")
    staff_sub = staff_parser.add_subparsers(dest="staff_command", required=True)
    for name in ("add", "remove"):
        cmd = staff_sub.add_parser(name)
        cmd.add_argument("--platform", choices=("telegram", "bale"), required=True)
        cmd.add_argument("--user-id", type=int, required=True)
        cmd.add_argument("--role", required=True, help="reviewer, technical_manager, finance or admin")
        cmd.add_argument("--name", default=None, help="display name shown to colleagues")
        if name == "add":
            cmd.add_argument(
                "--province",
                action="append",
                default=[],
                help="where the role is held: an ISO code (IR-14) or the name; repeatable; none: nationally",
            )
        with_settings(cmd, cmd_staff, database=True)
    listing = staff_sub.add_parser("list")
    listing.add_argument("--platform", choices=("telegram", "bale"), default=None)
    with_settings(listing, cmd_staff, database=True)

    offices = sub.add_parser("offices", help="representative offices: import a CSV file, list, (de)activate")
    offices_sub = offices.add_subparsers(dest="offices_command", required=True)
    office_import = offices_sub.add_parser(
        "import", help="create or update offices from a CSV file (UTF-8, header province,name,city,active)"
    )
    office_import.add_argument("file")
    with_settings(office_import, cmd_offices_import, database=True)
    office_list = offices_sub.add_parser("list", help="every office, and the provinces with no active office")
    office_list.add_argument("--province", default=None, help="ISO code (IR-14) or name")
    with_settings(office_list, cmd_offices_list, database=True)
    for name in ("deactivate", "activate"):
        toggle = offices_sub.add_parser(name, help=f"{name} an office (its id from `offices list`)")
        toggle.add_argument("id", type=int)
        with_settings(toggle, cmd_offices_set_active, database=True)

    export = sub.add_parser("export", help="a spreadsheet of the cases for staff (XLSX or CSV)")
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    export.add_argument(
        "--kind",
        default=None,
        help="an application: membership, builder_license (or license), dues; default: every one",
    )
    export.add_argument("--status", nargs="+", default=[], help="only these statuses (default: all but draft)")
    export.add_argument("--from", dest="date_from", default=None, help="submitted on or after (Jalali, 1403/05/12)")
    export.add_argument("--to", dest="date_to", default=None, help="submitted on or before (Jalali)")
    export.add_argument("--output", default=None, help="the file to write (default: cases-<Jalali date>.<format>)")
    export.add_argument(
        "--with-personal", action="store_true", help="add names, national codes and mobile numbers (admin export)"
    )
    export.add_argument("--lang", choices=("fa", "en"), default="fa", help="headers and labels")
    with_settings(export, cmd_export, database=True)

    score = sub.add_parser("score", help="score a builder-license request (JSON file, or - for stdin)")
    score.add_argument("file")
    score.add_argument("--lang", choices=("fa", "en"), default="fa", help="language of explanations and errors")
    rules_of(score)
    score.set_defaults(handler=cmd_score)

    rules = sub.add_parser("rules", help="the builder-license rules file")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="report what the rules can produce (maxima, reachable grades)")
    check.add_argument("--lang", choices=("fa", "en"), default="fa")
    rules_of(check)
    check.set_defaults(handler=cmd_rules_check)

    backup = sub.add_parser(
        "backup", help="a consistent snapshot of the database and the files under DIR (while the bot runs)"
    )
    backup.add_argument("dir", type=Path, help="the backups folder: each run adds nezam-<UTC time>Z/ to it")
    backup.add_argument("--keep-days", type=int, default=None, help="then remove backups older than this")
    backup.add_argument("--files-dir", default=None, help="overrides FILES_DIR")
    with_settings(backup, cmd_backup, database=True)
    restore = sub.add_parser(
        "restore", help="restore one snapshot into an empty database and FILES_DIR (checksums verified first)"
    )
    restore.add_argument("dir", type=Path, help="one snapshot folder, e.g. /var/backups/nezam/nezam-20250101-020000Z")
    restore.add_argument("--files-dir", default=None, help="overrides FILES_DIR")
    with_settings(restore, cmd_restore, database=True)

    files = sub.add_parser("files", help="the documents' keys: new-key, encrypt-existing, rotate-key, verify")
    files_sub = files.add_subparsers(dest="files_command", required=True)
    files_sub.add_parser("new-key", help="print a new FILES_KEY (32 random bytes, URL-safe base64)").set_defaults(
        handler=cmd_files_new_key
    )
    for name, about in (
        ("encrypt-existing", "seal the documents stored before encryption (resumable)"),
        ("rotate-key", "re-wrap every document's key with FILES_KEY; the old key in FILES_OLD_KEYS (resumable)"),
        ("verify", "open every stored file: report the changed or damaged ones, and those no key opens"),
    ):
        command = files_sub.add_parser(name, help=about)
        command.add_argument("--files-dir", default=None, help="overrides FILES_DIR")
        with_settings(command, cmd_files, database=True)

    retention_parser = sub.add_parser(
        "retention", help="delete what retention says is due now (the bot does it every hour); --dry-run lists it"
    )
    retention_parser.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
    retention_parser.add_argument("--files-dir", default=None, help="overrides FILES_DIR")
    with_settings(retention_parser, cmd_retention, database=True)

    db = sub.add_parser("db", help="the database")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply the migrations (DATABASE_URL, default SQLite under ./data/)")
    with_settings(up, cmd_db_upgrade, database=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Settings are built here, once, for the commands that use them: every problem in them is
    one line on stderr and exit code 2."""
    args = build_parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        if getattr(args, "needs_settings", False):
            code: int = args.handler(args, load_settings(), out, err)
        else:
            code = args.handler(args, out, err)
    except ConfigError as exc:
        for problem in exc.problems:
            err.write(f"error: {problem}\n")
        return 2
    return code


if __name__ == "__main__":
    raise SystemExit(main())
