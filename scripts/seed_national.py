"""A synthetic national-size database on PostgreSQL (issue 30): what the staff commands and the
exports are measured on (``scripts/bench_staff.py``). Synthetic only: generated names, valid
national codes made by the check-digit rule (``scoring.national_code_check_digit``), numbers that
belong to nobody.

    python scripts/seed_national.py --url postgresql+asyncpg://u:p@127.0.0.1:5432/nezam_bench_200k \\
        --create --cases 200000
    python scripts/seed_national.py --url … --cases 1000 --revision 0010   # the schema before issue 30

What it makes, per case on average: 80% membership, 20% builder license; statuses spread over
each workflow as time went by (cases arrive over the last two years; a case's steps that would
fall after now have not happened yet), with return loops (returned → resubmitted → taken again),
rejections, payments, the license's documents review, letters, inquiries, score, revisions and
the ministry; ~24 answers, ~10 workflow events, ~3 documents and ~4 outbox rows (sent, a few
given up on) per case; one applicant per case (some applicants with a second file), one
messenger user each (some with a second messenger), 31 provinces weighted by population, three
offices per province, a hundred staff.

Written with COPY in batches of ``--batch`` cases (asyncpg's binary copy); the events and the
outbox go through a staging table and are inserted in time order, as a real database would hold
them (a case's events spread over the table, not side by side). Then ANALYZE and VACUUM (the
index-only reads need the visibility map). 200,000 cases take a few minutes.

What later migrations added is filled when the database has it: the first submission and first
take, the counts by kind and status (migration 0011) — so a database seeded at ``--revision
0010`` measures the code before issue 30, and ``nezam-bot db upgrade`` then fills them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import random
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scoring import national_code_check_digit  # noqa: E402

# population in millions (2016 census, rounded): the share of the country's files per province
POPULATION = {
    "IR-00": 1.43, "IR-01": 2.53, "IR-02": 3.28, "IR-03": 3.91, "IR-04": 3.27, "IR-05": 1.95,
    "IR-06": 4.71, "IR-07": 4.85, "IR-08": 3.16, "IR-09": 6.43, "IR-10": 5.12, "IR-11": 2.78,
    "IR-12": 1.60, "IR-13": 1.74, "IR-14": 0.95, "IR-15": 1.76, "IR-16": 0.58, "IR-17": 0.71,
    "IR-18": 1.16, "IR-19": 1.06, "IR-20": 0.70, "IR-21": 1.14, "IR-22": 1.78, "IR-23": 13.27,
    "IR-24": 1.27, "IR-25": 1.29, "IR-26": 1.27, "IR-27": 1.87, "IR-28": 0.86, "IR-29": 0.77,
    "IR-30": 2.71,
}  # fmt: skip
FIRST_NAMES = ("رضا", "علی", "حسین", "مهدی", "زهرا", "فاطمه", "مریم", "سارا", "محمد", "نرگس", "امیر", "لیلا")
LAST_NAMES = ("کریمی", "احمدی", "رضایی", "موسوی", "حسینی", "جعفری", "صادقی", "نوری", "قاسمی", "رحیمی")
SPAN = dt.timedelta(days=730)  # the cases arrive over the last two years
HOUR = dt.timedelta(hours=1)
TEXT = "پرونده شما با کد رهگیری {code} در وضعیت جدید قرار گرفت. برای دیدن جزئیات به کارتابل خود بروید."


def say(text: str = "", end: str = "\n") -> None:
    sys.stdout.write(text + end)
    sys.stdout.flush()


def national_code(n: int) -> str:
    """The n-th synthetic national code: nine digits from n, the tenth by the check-digit rule."""
    first_nine = f"{100_000_000 + n * 37:09d}"[-9:]
    return first_nine + str(national_code_check_digit(first_nine))


def tracking_code(n: int) -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    digits = []
    for _ in range(8):
        n, rest = divmod(n, len(alphabet))
        digits.append(alphabet[rest])
    code = "".join(reversed(digits))
    return f"{code[:4]}-{code[4:]}"


def hours(rng: random.Random, median: float) -> dt.timedelta:
    """A delay around ``median`` hours, long-tailed (log-normal)."""
    return dt.timedelta(hours=median * math.exp(rng.gauss(0, 0.9)))


@dataclass
class Walk:
    """A case's history as it stands now."""

    status: str = "draft"
    events: list[tuple[str, str, str, dt.datetime, str, str, int | None]] = field(default_factory=list)
    submitted_at: dt.datetime | None = None
    first_submitted_at: dt.datetime | None = None
    first_taken_at: dt.datetime | None = None
    resubmissions: int = 0
    scored_at: dt.datetime | None = None
    notified: list[dt.datetime] = field(default_factory=list)  # an outbox row at each

    def step(self, action: str, target: str, at: dt.datetime, role: str, staff: int | None) -> None:
        kind = "applicant" if role == "applicant" else "system" if role == "system" else "staff"
        self.events.append((action, self.status, target, at, kind, role, staff))
        if action in ("submit", "resubmit"):
            self.submitted_at = at
            self.first_submitted_at = self.first_submitted_at or at
        if action == "resubmit":
            self.resubmissions += 1
        if action == "take":
            self.first_taken_at = self.first_taken_at or at
        if target != self.status or action in ("submit", "take"):
            self.notified.append(at)
        self.status = target

    def log(self, action: str, at: dt.datetime, role: str, staff: int | None) -> None:
        self.events.append((action, self.status, self.status, at, "staff", role, staff))


def walk(rng: random.Random, kind: str, created: dt.datetime, now: dt.datetime, staff: list[int]) -> Walk:
    """The steps a case took from ``created`` until ``now``: each step's time is drawn, and a step
    that would come after now has not happened yet."""
    w = Walk()
    at = created + hours(rng, 30)
    if rng.random() < 0.08 or at > now:  # abandoned drafts, and the ones still being written
        return w
    w.step("submit", "submitted", at, "applicant", None)
    reviewer = rng.choice(staff)
    while True:
        at += hours(rng, 60)  # the wait for a first look
        if at > now:
            return w
        w.step("take", "in_review" if kind == "membership" else "documents_review", at, "reviewer", reviewer)
        at += hours(rng, 20)
        if at > now:
            return w
        if rng.random() < 0.6:
            w.log("set_office", at, "reviewer", reviewer)
        if kind == "builder_license":
            for _ in range(rng.randint(2, 6)):  # the grey part, amounts, marks
                at += hours(rng, 3)
                w.log("assess", at, "reviewer", reviewer)
            if at > now:
                return w
        fate = rng.random()
        if fate < 0.22:  # returned for corrections
            w.step("return", "returned", at, "reviewer", reviewer)
            at += hours(rng, 70)
            if rng.random() < 0.15 or at > now:
                return w
            w.step("resubmit", "submitted", at, "applicant", None)
            continue
        if fate < 0.3:
            w.step("reject", "rejected", at, "reviewer", reviewer)
            return w
        break
    if kind == "membership":
        w.step("approve", "approved", at, "reviewer", reviewer)
        w.step("request_payment", "awaiting_payment", at, "system", None)
        at += hours(rng, 90)
        if at > now or rng.random() < 0.12:
            return w
        w.log("payment_slip", at, "applicant", None)
        at += hours(rng, 20)
        if at <= now:
            w.step("confirm_payment", "member", at, "finance", rng.choice(staff))
        return w
    w.step("advance", "inquiries", at, "reviewer", reviewer)
    w.scored_at = at
    for _ in range(3):  # the three letters, then their replies
        at += hours(rng, 4)
        w.log("letter", at, "reviewer", reviewer)
    for _ in range(3):
        at += hours(rng, 60)
        if at > now:
            return w
        w.log("inquiry_reply", at, "builders_unit", rng.choice(staff))
    w.step("advance", "scored", at, "system", None)
    at += hours(rng, 30)
    if at > now:
        return w
    w.step("advance", "manager_approval", at, "reviewer", reviewer)
    at += hours(rng, 40)
    if at > now:
        return w
    w.step("send_to_ministry", "sent_to_ministry", at, "technical_manager", rng.choice(staff))
    at += hours(rng, 400)
    if at <= now:
        w.step("close", "closed", at, "technical_manager", rng.choice(staff))
    return w


def answers(rng: random.Random, kind: str) -> Iterator[tuple[str, str, Any]]:
    sections = (
        ("personal", "education", "family", "documents")
        if kind == "membership"
        else ("application", "declaration", "license", "documents")
    )
    for number in range(rng.randint(20, 28)):
        section = sections[number % len(sections)]
        value: Any = rng.choice((True, False, rng.randint(1, 40), f"{rng.choice(LAST_NAMES)} {number}"))
        yield section, f"field_{number}", value


class Seeder:
    def __init__(self, conn: Any, args: argparse.Namespace, columns: set[str]) -> None:
        self.conn, self.args, self.columns = conn, args, columns
        self.rng = random.Random(args.seed)  # noqa: S311  # synthetic data, reproducible by --seed
        self.now = dt.datetime.now(dt.UTC)

    async def copy(self, table: str, columns: list[str], records: list[tuple[Any, ...]]) -> None:
        if records:
            await self.conn.copy_records_to_table(table, records=records, columns=columns)

    async def basics(self) -> tuple[list[int], dict[str, list[int]]]:
        staff = list(range(1, 101))
        await self.copy(
            "staff_members",
            ["id", "platform", "external_id", "display_name", "created_at"],
            [(i, "telegram", 700_000 + i, f"کارشناس {i}", self.now - SPAN) for i in staff],
        )
        await self.copy(
            "staff_roles",
            ["staff_id", "role", "granted_at", "granted_by"],
            [(i, ("reviewer", "finance", "builders_unit", "technical_manager")[i % 4], self.now - SPAN, "seed")
             for i in staff],
        )  # fmt: skip
        offices: dict[str, list[int]] = {}
        rows = []
        for number, iso in enumerate(POPULATION):
            for k in range(3):
                office_id = 1 + number * 3 + k
                offices.setdefault(iso, []).append(office_id)
                rows.append((office_id, iso, f"دفتر نمایندگی {k + 1} ({iso})", None, True, False))
        await self.copy("offices", ["id", "province", "name", "city", "active", "is_sample"], rows)
        return staff, offices

    async def run(self) -> None:
        started = time.monotonic()
        staff, offices = await self.basics()
        await self.conn.execute(
            "CREATE UNLOGGED TABLE seed_events (LIKE workflow_events INCLUDING DEFAULTS);"
            "ALTER TABLE seed_events DROP COLUMN id;"
            "CREATE UNLOGGED TABLE seed_outbox (LIKE outbox INCLUDING DEFAULTS);"
            "ALTER TABLE seed_outbox DROP COLUMN id;"
        )
        provinces, weights = list(POPULATION), list(POPULATION.values())
        total, batch = self.args.cases, self.args.batch
        applicant = user = document = 0
        for first in range(0, total, batch):
            b = _Batch()
            for case_id in range(first + 1, min(first + batch, total) + 1):
                rng = self.rng
                kind = "membership" if rng.random() < 0.8 else "builder_license"
                iso = rng.choices(provinces, weights)[0]
                # arrivals grow over the two years (twice as many a day now as two years ago)
                created = self.now - SPAN * (2 - math.sqrt(1 + 3 * rng.random()))
                second_file = applicant > 0 and rng.random() < 0.05  # someone's second file
                if not second_file:
                    applicant += 1
                    user += 1
                    mobile = f"0912{applicant:07d}"
                    b.applicants.append(
                        (applicant, national_code(applicant), rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
                         rng.choice(FIRST_NAMES), str(rng.randint(1, 99999)), dt.date(1960, 1, 1)
                         + dt.timedelta(days=rng.randint(0, 14000)), rng.choice(("male", "female")), mobile,
                         created, created)
                    )  # fmt: skip
                    b.users.append((user, "telegram", 10_000_000 + user, 10_000_000 + user, mobile, applicant, created))
                    if rng.random() < 0.1:  # the same person on Bale too
                        user += 1
                        b.users.append((user, "bale", 20_000_000 + user, 20_000_000 + user, mobile, applicant, created))
                w = walk(rng, kind, created, self.now, staff)
                office = rng.choice(offices[iso])
                status = w.status
                member = f"M-{case_id}" if status == "member" else None
                updated = w.events[-1][3] if w.events else created
                row = [
                    case_id, kind, status, tracking_code(case_id * 7919 + 13), applicant, user, iso, office,
                    office if w.first_taken_at else None, rng.choice(staff) if w.first_taken_at else None,
                    w.resubmissions, 25_000_000 if kind == "membership" else 40_000_000, member,
                    1 + len(w.events), created, w.submitted_at, updated,
                ]  # fmt: skip
                if "first_submitted_at" in self.columns:
                    row += [w.first_submitted_at, w.first_taken_at]
                if "status_at" in self.columns:  # in its status since its last event (issue 23)
                    row.append(updated)
                b.cases.append(tuple(row))
                for section, name, value in answers(rng, kind):
                    b.answers.append((case_id, section, name, json.dumps(value, ensure_ascii=False), created))
                for action, source, target, at, actor_kind, role, by in w.events:
                    b.events.append((case_id, action, source, target, actor_kind, role, by, None, None, at))
                chat = 10_000_000 + user
                for at in w.notified:
                    failed = rng.random() < 0.005
                    params = json.dumps({"chat_id": chat, "text": TEXT.format(code=case_id)}, ensure_ascii=False)
                    sent = None if failed else at + dt.timedelta(seconds=1)
                    b.outbox.append(
                        ("telegram", chat, "sendMessage", params, at, None, 5 if failed else 1, sent,
                         at + HOUR if failed else None, "Forbidden: bot was blocked by the user" if failed else None)
                    )  # fmt: skip
                for slot in ("national_card", "degree", "photo", "birth_certificate")[: rng.randint(2, 4)]:
                    document += 1
                    key = secrets.token_hex(16)
                    b.documents.append(
                        (document, case_id, slot, slot, f"{key}.jpg", f"{key}.thumb.jpg", None, None, "image/jpeg",
                         rng.randint(200_000, 2_000_000), 1600, 1200, secrets.token_hex(32), created)
                    )  # fmt: skip
                if kind == "builder_license" and w.scored_at is not None:
                    ws = [round(rng.uniform(2, 12), 2) for _ in range(4)]
                    b.assessments.append(
                        (case_id, 2, json.dumps([rng.randint(0, 4) for _ in range(6)]), *ws, round(sum(ws), 2),
                         rng.randint(2, 5), w.scored_at, w.scored_at)
                    )  # fmt: skip
            await b.write(self)
            done = min(first + batch, total)
            say(f"\r{done:,} / {total:,} cases ({time.monotonic() - started:.0f} s)", end="")
        say()
        await self.finish(started)

    async def finish(self, started: float) -> None:
        say("events and outbox in time order …")
        await self.conn.execute(
            "INSERT INTO workflow_events (case_id, action, from_status, to_status, actor_kind, actor_role, "
            "actor_staff_id, note, section_notes, at) SELECT case_id, action, from_status, to_status, actor_kind, "
            "actor_role, actor_staff_id, note, section_notes, at FROM seed_events ORDER BY at;"
            "INSERT INTO outbox (platform, chat_id, method, params, created_at, claimed_until, attempts, sent_at, "
            "failed_at, error) SELECT platform, chat_id, method, params, created_at, claimed_until, attempts, "
            "sent_at, failed_at, error FROM seed_outbox ORDER BY created_at;"
            "DROP TABLE seed_events; DROP TABLE seed_outbox;"
        )
        for table, column in (
            ("applicants", "id"),
            ("messenger_users", "id"),
            ("cases", "id"),
            ("documents", "id"),
            ("staff_members", "id"),
            ("offices", "id"),
        ):
            await self.conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), (SELECT max({column}) FROM {table}))"  # noqa: S608
            )
        if await self.conn.fetchval("SELECT to_regclass('case_counts') IS NOT NULL"):  # migration 0011
            await self.conn.execute(
                "DELETE FROM case_counts; INSERT INTO case_counts (kind, status, n) "
                "SELECT kind, status, count(*) FROM cases GROUP BY kind, status"
            )
        say("VACUUM ANALYZE …")
        await self.conn.execute("VACUUM ANALYZE")
        size = await self.conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
        tables = ("cases", "applicants", "messenger_users", "case_answers", "workflow_events", "documents", "outbox")
        counts = [f"{t} {await self.conn.fetchval(f'SELECT count(*) FROM {t}'):,}" for t in tables]  # noqa: S608
        say(f"done in {time.monotonic() - started:.0f} s: {size}; " + ", ".join(counts))


@dataclass
class _Batch:
    applicants: list[tuple[Any, ...]] = field(default_factory=list)
    users: list[tuple[Any, ...]] = field(default_factory=list)
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    outbox: list[tuple[Any, ...]] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    assessments: list[tuple[Any, ...]] = field(default_factory=list)

    async def write(self, seeder: Seeder) -> None:
        copy = seeder.copy
        await copy(
            "applicants",
            ["id", "national_code", "first_name", "last_name", "father_name", "birth_certificate_number",
             "birth_date", "gender", "mobile", "locked_at", "created_at"],
            self.applicants,
        )  # fmt: skip
        await copy(
            "messenger_users",
            ["id", "platform", "external_id", "chat_id", "language", "mobile", "mobile_verified_at", "applicant_id",
             "rules_accepted_at", "created_at", "last_seen_at"],
            [(u[0], u[1], u[2], u[3], "fa", u[4], u[6], u[5], u[6], u[6], u[6]) for u in self.users],
        )  # fmt: skip
        columns = ["id", "kind", "status", "tracking_code", "applicant_id", "messenger_user_id", "province",
                   "suggested_office_id", "office_id", "assigned_staff_id", "resubmission_count", "fee_rials",
                   "membership_number", "version", "created_at", "submitted_at", "updated_at"]  # fmt: skip
        if "first_submitted_at" in seeder.columns:
            columns += ["first_submitted_at", "first_taken_at"]
        if "status_at" in seeder.columns:
            columns.append("status_at")
        await copy("cases", columns, self.cases)
        await copy("case_answers", ["case_id", "section", "name", "value", "updated_at"], self.answers)
        await copy(
            "seed_events",
            ["case_id", "action", "from_status", "to_status", "actor_kind", "actor_role", "actor_staff_id", "note",
             "section_notes", "at"],
            self.events,
        )  # fmt: skip
        await copy(
            "seed_outbox",
            ["platform", "chat_id", "method", "params", "created_at", "claimed_until", "attempts", "sent_at",
             "failed_at", "error"],
            self.outbox,
        )  # fmt: skip
        await copy(
            "documents",
            ["id", "case_id", "kind", "slot", "file_key", "thumbnail_key", "file_id", "file_unique_id",
             "content_type", "size", "width", "height", "sha256", "uploaded_at"],
            self.documents,
        )  # fmt: skip
        await copy(
            "license_assessments",
            ["case_id", "version", "marks", "worksheet3", "worksheet4", "worksheet5", "worksheet6", "total", "grade",
             "scored_at", "updated_at"],
            [(*a[:3], *(round_decimal(v) for v in a[3:8]), *a[8:]) for a in self.assessments],
        )  # fmt: skip


def round_decimal(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(value))


async def main_async(args: argparse.Namespace) -> int:
    import asyncpg  # type: ignore[import-untyped,unused-ignore]
    from sqlalchemy.engine import make_url

    from storage.db import upgrade

    url = make_url(args.url)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    if args.create:
        admin = await asyncpg.connect(url.set(drivername="postgresql", database="postgres").render_as_string(False))
        try:
            if args.replace:
                await admin.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{url.database}"')
        finally:
            await admin.close()
    await asyncio.to_thread(upgrade, args.url, args.revision)
    conn = await asyncpg.connect(dsn)
    try:
        if await conn.fetchval("SELECT count(*) FROM cases"):
            say(f"error: {url.database} already holds cases (seed an empty database: --create, --replace)")
            return 2
        columns = {
            r["column_name"]
            for r in await conn.fetch("SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'")
        }
        await Seeder(conn, args, columns).run()
    finally:
        await conn.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="postgresql+asyncpg://… of the database to fill")
    parser.add_argument("--create", action="store_true", help="create the database first (the role needs CREATEDB)")
    parser.add_argument("--replace", action="store_true", help="with --create: drop a database of that name first")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5_000, help="cases per COPY round")
    parser.add_argument("--revision", default="head", help="migrate to this revision before seeding")
    parser.add_argument("--seed", type=int, default=30)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
