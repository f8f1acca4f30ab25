"""The ``nezam-bot`` command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from scoring import InvalidInput, check_rules, parse_license_request, render, score_license
from scoring.license import default_rules, format_decimal, round_points


def _read_json(path: str) -> Any:
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        data = _read_json(args.file)
    except FileNotFoundError:
        err.write(f"error: no such file: {args.file}\n")
        return 2
    except json.JSONDecodeError as exc:
        err.write(f"error: {args.file} is not valid JSON (line {exc.lineno}, column {exc.colno})\n")
        return 2
    try:
        request = parse_license_request(data)
    except InvalidInput as exc:
        err.write(f"error: {exc.message(args.lang)}\n")
        return 2
    result = score_license(request)
    json.dump(result.to_json(args.lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def cmd_rules_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = default_rules()
    report = check_rules(rules)
    lang = args.lang
    for ws, maximum in report.maxima.items():
        title = rules.titles[ws].label(lang)
        out.write(
            render(
                "rules-report-worksheet",
                lang,
                {"worksheet": ws, "title": title, "maximum": format_decimal(round_points(maximum))},
            )
            + "\n"
        )
    out.write(render("rules-report-total", lang, {"total": format_decimal(round_points(report.max_total))}) + "\n")
    if report.reachable_grades:
        out.write(render("rules-report-grades", lang, {"grades": ", ".join(map(str, report.reachable_grades))}) + "\n")
    else:
        out.write(render("rules-report-no-grades", lang) + "\n")
    for finding in report.findings:
        out.write("! " + finding.text(lang) + "\n")
    return 0


def cmd_db_upgrade(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.db import database_url_from_env, upgrade

    url = args.database_url or database_url_from_env()
    upgrade(url)
    out.write(f"database is up to date: {_safe_url(url)}\n")
    return 0


def _safe_url(url: str) -> str:
    """A database URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_staff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Grant, revoke and list staff roles (the same as /staff in the bot)."""

    from storage import staff
    from storage.db import database_url_from_env, make_engine, make_sessionmaker, upgrade

    url = args.database_url or database_url_from_env()
    upgrade(url)

    async def work() -> int:
        engine = make_engine(url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                if args.staff_command == "list":
                    for member in await staff.list_staff(session, args.platform):
                        roles = ", ".join(sorted(member.roles))
                        out.write(f"{member.platform}\t{member.external_id}\t{member.display_name or '-'}\t{roles}\n")
                    return 0
                try:
                    role = staff.parse_role(args.role)
                except staff.UnknownRole:
                    err.write("error: --role must be one of reviewer, technical_manager, finance, admin\n")
                    return 2
                if args.staff_command == "add":
                    await staff.grant_role(
                        session, args.platform, args.user_id, role, display_name=args.name, granted_by="cli"
                    )
                    out.write(f"{args.platform} user {args.user_id} is now {role}\n")
                elif not await staff.revoke_role(session, args.platform, args.user_id, role):
                    out.write(f"{args.platform} user {args.user_id} did not have the role {role}\n")
                else:
                    out.write(f"{args.platform} user {args.user_id} is no longer {role}\n")
                return 0
        finally:
            await engine.dispose()

    return asyncio.run(work())


NO_PLATFORM_HELP = (
    "error: neither TELEGRAM_TOKEN nor BALE_TOKEN is set; to try the bot without a token run "
    "`nezam-bot sandbox` (see README.md, Quick start)\n"
)


def cmd_run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from bot.app import run
    from bot.settings import Settings

    settings = Settings()
    if not settings.tokens():
        err.write(NO_PLATFORM_HELP)
        return 2
    run(settings)
    return 0


def cmd_sandbox(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import logging

    from bot.sandbox import serve

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(serve(args.host, args.port, Path(args.data_dir)))
    except OSError as exc:  # e.g. the port is taken
        err.write(f"error: cannot start the sandbox on {args.host}:{args.port}: {exc.strerror or exc}\n")
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nezam-bot", description="Chat front end for the Construction Engineering Organization."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the bot (long polling) for every platform with a token")
    run.set_defaults(handler=cmd_run)

    sandbox = sub.add_parser("sandbox", help="try the bot in a browser: no token, no server (emulated messengers)")
    sandbox.add_argument("--port", type=int, default=8080)
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--data-dir", default="data", help="where the sandbox keeps its SQLite database and files")
    sandbox.set_defaults(handler=cmd_sandbox)

    staff_parser = sub.add_parser("staff", help="staff roles: add, remove, list")
    staff_sub = staff_parser.add_subparsers(dest="staff_command", required=True)
    for name in ("add", "remove"):
        cmd = staff_sub.add_parser(name)
        cmd.add_argument("--platform", choices=("telegram", "bale"), required=True)
        cmd.add_argument("--user-id", type=int, required=True)
        cmd.add_argument("--role", required=True, help="reviewer, technical_manager, finance or admin")
        cmd.add_argument("--name", default=None, help="display name shown to colleagues")
        cmd.add_argument("--database-url", default=None)
        cmd.set_defaults(handler=cmd_staff)
    listing = staff_sub.add_parser("list")
    listing.add_argument("--platform", choices=("telegram", "bale"), default=None)
    listing.add_argument("--database-url", default=None)
    listing.set_defaults(handler=cmd_staff)

    score = sub.add_parser("score", help="score a builder-license request (JSON file, or - for stdin)")
    score.add_argument("file")
    score.add_argument("--lang", choices=("fa", "en"), default="fa", help="language of explanations and errors")
    score.set_defaults(handler=cmd_score)

    rules = sub.add_parser("rules", help="the builder-license rules file")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_sub.add_parser("check", help="report what the rules can produce (maxima, reachable grades)")
    check.add_argument("--lang", choices=("fa", "en"), default="fa")
    check.set_defaults(handler=cmd_rules_check)

    db = sub.add_parser("db", help="the database")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply the migrations (DATABASE_URL, default SQLite under ./data/)")
    up.add_argument("--database-url", default=None, help="overrides DATABASE_URL")
    up.set_defaults(handler=cmd_db_upgrade)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = args.handler
    code: int = handler(args, sys.stdout, sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
