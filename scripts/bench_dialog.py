"""Closed-loop dialog benchmark (issue 15): ``nezam-bot run`` against a bare aiogram 3 echo bot,
the same Bot API emulator, the same closed loop, the same number of people, in the same run.

    python scripts/bench_dialog.py                       # 20 people, SQLite, no Redis
    python scripts/bench_dialog.py --db postgres --redis redis://127.0.0.1:6399/3
    python scripts/bench_dialog.py --rounds 3 --count --profile --json result.json
    python scripts/bench_dialog.py --replicas --db postgres --redis redis://127.0.0.1:6399/3 --rounds 3

What runs
    - this process: the project's Bot API emulator (``bot.emulator.BotApiEmulator``, the one the
      end-to-end tests use) and the simulated people, on one asyncio loop;
    - ``nezam-bot run``, a subprocess configured by environment only (TELEGRAM_TOKEN,
      TELEGRAM_API_BASE → the emulator, DATABASE_URL: SQLite in the run's directory or, with
      ``--db postgres``, a PostgreSQL database created for the run and dropped after it;
      REDIS_URL with ``--redis``, else none; FILES_DIR; LOG_LEVEL INFO as deployed);
      its working directory is the run's directory, so no ``.env`` is read;
    - ``scripts/bench_echo_bot.py``, a subprocess: the floor.
    Both bots poll the emulator all along; the phases alternate echo, dialog (``--rounds``
    times), so each bot has the machine to itself (but for the rest of the machine) while
    measured.

The closed loop: each person waits for the bot's answer to a step before taking the next.
"The bot's answer" is the step's *last* expected message, recognised by its text or buttons
(as a person would, like ``tests/e2e/flows.py``), so latency covers the whole step:

    step                                              the answer (last message of the step)
    echo:   send a text                               the same text back
    dialog, setup (not measured), per person:
            /start                                    the main menu
            "📝 درخواست عضویت"                        the contact question (its share button)
            share the contact                         the national-code question
            national code, first name, last name,     the next question each
            father's name, birth certificate number,
            birth date
            press the gender                          the identity summary (its confirm button)
    dialog, measured, round the six fields name, family name, father's name, certificate
    number, birth date, gender (each value changes every time):
            press "✏️ <field>" on the summary         the field's question
            answer it (text, or press the gender)     the identity summary again

Figures per phase (a ``--warmup`` of the loop first, then ``--seconds`` measured):
updates/s = steps completed in the window / window (one step = one update); latency from
pushing the update into the emulator's queue to the emulator receiving the answer (p50, p99);
the bot's CPU per update from /proc/<pid>/stat; RSS at the end of the window (VmRSS) and the
process's peak (VmHWM); the rest of the machine's CPU in the window (noise).

``--replicas`` (issue 13) measures something else: the same dialog on one, then two ``nezam-bot
run`` processes in webhook mode behind the project's round-robin balancer
(``bot.emulator.balancer``; the emulator posts each update to it as Telegram posts to a webhook),
PostgreSQL and Redis shared; both processes run all along, the balancer uses the first only or
both, phases alternating (``--rounds``). It prints updates/s of each and the ratio 2/1, with the
replicas' CPU per update and what the harness (emulator, balancer, people) used meanwhile: on a
2-core machine the harness takes a share of the second core.

Options that look inside: ``--count`` runs the bot under ``scripts/bench_probe.py`` (SQL
statements, transactions, PostgreSQL round trips, Redis commands per update; slower, so its
updates/s are not the benchmark's), ``--profile`` records the measured window of the first
round with py-spy (``pip install py-spy``; collapsed stacks, a flame graph and a table from
``scripts/bench_profile.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import itertools
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(SCRIPTS))

from bot.emulator import BotApiEmulator, ChatMessage, EmulatedBot, FakeUser  # noqa: E402
from bot.emulator.redis_keys import forget_bot_keys  # noqa: E402
from scoring import national_code_check_digit  # noqa: E402
from storage.encryption import new_key_text  # noqa: E402

# ---- what people see (Persian texts of conversations/locales/fa) -----------------------------

MENU = "منوی اصلی"
BTN_MEMBERSHIP = "📝 درخواست عضویت"
BTN_SHARE_CONTACT = "ارسال شماره همراه من"
SUMMARY_DONE = "تایید و ادامه"  # the identity summary's confirm button
ERROR_TEXT = "خطایی پیش آمد"  # error-generic
Q_NATIONAL_CODE = "کد ملی ۱۰ رقمی"
FIELDS = ("first_name", "last_name", "father_name", "birth_certificate_number", "birth_date", "gender")
QUESTION = {  # a fragment of each question, found in no other message of the flow
    "first_name": "نام خود را",
    "last_name": "نام خانوادگی خود را",
    "father_name": "نام پدر را",
    "birth_certificate_number": "شماره شناسنامه را",
    "birth_date": "تاریخ تولد خود را",
    "gender": "جنسیت را",
}
LABEL = {  # the summary's edit button is "✏️ " + the label
    "first_name": "نام",
    "last_name": "نام خانوادگی",
    "father_name": "نام پدر",
    "birth_certificate_number": "شماره شناسنامه",
    "birth_date": "تاریخ تولد",
    "gender": "جنسیت",
}
VALUES = {  # consecutive values differ, so every edit changes the saved answer
    "first_name": ("رضا", "علی", "حسین", "مهدی"),
    "last_name": ("كريمي", "احمدی", "رضایی"),  # Arabic kaf/yeh first: normalised by the bot
    "father_name": ("محمد", "حسن", "جواد"),
    "birth_certificate_number": ("۱۲۳۴۵", "۵۴۳۲۱", "۹۸۷۶"),
    "birth_date": ("۱۳۷۰/۰۶/۳۱", "1368/02/15", "۱۳۷۲/۱۱/۰۱"),
    "gender": ("مرد", "زن"),
}
STEP_TIMEOUT = 30.0


class BenchError(Exception):
    """Something that ends the run with one line on stderr."""


class StepTimeout(BenchError):
    """A person got no answer: the bot is stuck or failing (its log says why)."""


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def national_code(rng: random.Random) -> str:
    """A valid synthetic national code (as tests/factories.py: generated, never copied)."""
    first_nine = "461" + "".join(rng.choice("123456789") for _ in range(6))
    return first_nine + str(national_code_check_digit(first_nine))


# ---- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    kind: Literal["text", "contact", "press"]
    value: str
    exact: bool = False  # press: the label must equal ``value`` (else contain it)

    def __str__(self) -> str:
        return f"{self.kind} {self.value!r}"


@dataclass(frozen=True)
class Expect:
    """The step's answer: a message (new or edited) with this text and/or this button."""

    text: str | None = None
    button: str | None = None
    equals: str | None = None

    def matches(self, message: ChatMessage) -> bool:
        if self.equals is not None and message.body != self.equals:
            return False
        if self.text is not None and self.text not in message.body:
            return False
        if self.button is not None:
            labels = [b.get("text", "") for b in message.inline_buttons() + message.reply_buttons()]
            return any(self.button in label for label in labels)
        return True

    def __str__(self) -> str:
        parts = [f"text {v!r}" for v in (self.text, self.equals) if v]
        if self.button:
            parts.append(f"button {self.button!r}")
        return " and ".join(parts)


Step = tuple[Action, Expect]


class Person:
    """One simulated person: takes a step, waits for its answer (seen through the emulator)."""

    def __init__(self, fake: FakeUser, setup: list[Step], loop: Callable[[int], Step]) -> None:
        self.fake = fake
        self.setup = setup
        self.loop = loop
        self.n = 0
        self.recent: deque[ChatMessage] = deque(maxlen=8)  # newest bot messages with inline buttons
        self.waiting: tuple[Expect, asyncio.Future[float]] | None = None
        self.errors = 0
        self.last_body = ""

    def seen(self, message: ChatMessage) -> None:
        """The emulator recorded a bot message (new or edited) in this person's chat."""
        now = time.perf_counter()
        self.last_body = message.body
        if message.inline_buttons():
            self.recent.append(message)
        if ERROR_TEXT in message.body:
            self.errors += 1
        if self.waiting is not None:
            expect, future = self.waiting
            if not future.done() and expect.matches(message):
                future.set_result(now)

    def _button(self, label: str, exact: bool) -> tuple[ChatMessage, dict[str, Any]]:
        for message in reversed(self.recent):
            for button in message.inline_buttons():
                text = button.get("text", "")
                if (text == label) if exact else (label in text):
                    return message, button
        raise BenchError(
            f"person {self.fake.id}: no button {label!r}; the bot's last message: {self.last_body[:120]!r}"
        )

    def push(self, action: Action) -> int:
        if action.kind == "text":
            return self.fake.push_text(action.value)
        if action.kind == "contact":
            return self.fake.push_contact(action.value)
        message, button = self._button(action.value, action.exact)
        return self.fake.push_callback(message, button["callback_data"])

    async def take(self, step: Step) -> tuple[float, float]:
        """Take a step; (pushed, answered) on the perf_counter clock."""
        action, expect = step
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting = (expect, future)
        started = time.perf_counter()
        try:
            self.push(action)
            ended = await asyncio.wait_for(future, STEP_TIMEOUT)
        except TimeoutError:
            raise StepTimeout(
                f"person {self.fake.id}: no answer ({expect}) within {STEP_TIMEOUT:.0f} s after {action}; "
                f"the bot's last message: {self.last_body[:160]!r}"
            ) from None
        finally:
            self.waiting = None
        return started, ended

    def next_step(self) -> Step:
        step = self.loop(self.n)
        self.n += 1
        return step


def applicant(fake: FakeUser, index: int, rng: random.Random) -> Person:
    phone = f"+98912{1000000 + index:07d}"
    setup: list[Step] = [
        (Action("text", "/start"), Expect(text=MENU)),
        (Action("text", BTN_MEMBERSHIP), Expect(button=BTN_SHARE_CONTACT)),
        (Action("contact", phone), Expect(text=Q_NATIONAL_CODE)),
        (Action("text", national_code(rng)), Expect(text=QUESTION["first_name"])),
    ]
    for name, following in itertools.pairwise(FIELDS):
        setup.append((Action("text", VALUES[name][0]), Expect(text=QUESTION[following])))
    setup.append((Action("press", VALUES["gender"][0], exact=True), Expect(button=SUMMARY_DONE)))

    def loop(n: int) -> Step:
        name = FIELDS[(n // 2) % len(FIELDS)]
        if n % 2 == 0:
            return Action("press", f"✏️ {LABEL[name]}", exact=True), Expect(text=QUESTION[name])
        values = VALUES[name]
        value = values[(n // (2 * len(FIELDS)) + 1) % len(values)]
        kind: Literal["text", "press"] = "press" if name == "gender" else "text"
        return Action(kind, value, exact=True), Expect(button=SUMMARY_DONE)

    return Person(fake, setup, loop)


def echoer(fake: FakeUser) -> Person:
    def loop(n: int) -> Step:
        text = f"سلام {fake.id} — پیام {n}"
        return Action("text", text), Expect(equals=text)

    return Person(fake, [], loop)


# ---- processes and /proc -----------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the benchmark dies, even by SIGKILL."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


async def exited(proc: subprocess.Popen[bytes], within: float) -> None:
    """Wait (without blocking the loop) until ``proc`` has exited, or ``within`` seconds."""
    for _ in range(int(within / 0.05)):
        if proc.poll() is not None:
            return
        await asyncio.sleep(0.05)


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime, all threads


def proc_memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (everything but idle and iowait)."""
    parts = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(parts) - parts[3] - parts[4]) / CLOCK_TICKS


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class BotProcess:
    """A bot subprocess: started in its own session, stopped with SIGTERM then SIGKILL, always reaped."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.name, self.argv, self.env, self.cwd, self.log_path = name, argv, env, cwd, log
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(  # noqa: S603  # our own interpreter and scripts
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the benchmark only; it stops the bots in order
            preexec_fn=_die_with_parent,
        )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def last_line(self) -> str:
        with contextlib.suppress(OSError):
            lines = [ln for ln in self.log_path.read_text("utf-8", errors="replace").splitlines() if ln.strip()]
            for line in reversed(lines):  # the exception's last line, if it died of one
                if not line.startswith((" ", "\t")):
                    return line.strip()[:300]
        return "(no output)"

    async def wait_up(self, tally: Counter[str], within: float) -> None:
        """Up = it has called getMe (aiogram does, right before its first getUpdates)."""
        deadline = time.monotonic() + within
        while not tally["getMe"]:
            if not self.alive():
                code = self.proc.returncode if self.proc else None
                raise BenchError(
                    f"{self.name} exited with code {code} before it came up: {self.last_line()} (log: {self.log_path})"
                )
            if time.monotonic() > deadline:
                raise BenchError(
                    f"{self.name} did not come up within {within:.0f} s: {self.last_line()} (log: {self.log_path})"
                )
            await asyncio.sleep(0.05)

    async def stop(self, grace: float = 15.0) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.send_signal(signal.SIGTERM)
                await exited(self.proc, grace)
                if self.proc.poll() is None:
                    self.proc.kill()
            self.proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def last_error(self) -> str | None:
        """The last exception (a traceback's final line) or ERROR line in the log."""
        with contextlib.suppress(OSError):
            for line in reversed(self.log_path.read_text("utf-8", errors="replace").splitlines()):
                if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b.*", line) or " ERROR " in line:
                    return line.strip()[:300]
        return None

    def errors_logged(self) -> list[str]:
        with contextlib.suppress(OSError):
            text = self.log_path.read_text("utf-8", errors="replace")
            return [ln for ln in text.splitlines() if " ERROR " in ln or "Traceback" in ln]
        return []


# ---- databases ---------------------------------------------------------------------------------


class Database:
    """SQLite in the run's directory, or a PostgreSQL database of its own (created, dropped)."""

    def __init__(self, kind: str, run_dir: Path, admin_url: str | None) -> None:
        self.kind = kind
        self.run_dir = run_dir
        self.admin_url = admin_url
        self.name = f"nezam_bench_{os.getpid()}_{secrets.token_hex(3)}"
        self.url = f"sqlite+aiosqlite:///{run_dir / 'bench.db'}"
        self._admin: Any = None
        self._created = False

    async def create(self) -> None:
        if self.kind != "postgres":
            return
        import asyncpg  # type: ignore[import-untyped,unused-ignore]
        from sqlalchemy.engine import make_url

        if not self.admin_url:
            raise BenchError("--db postgres needs --postgres-url or TEST_POSTGRES_URL (a role with CREATEDB)")
        base = make_url(self.admin_url)
        dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            self._admin = await asyncpg.connect(dsn)
            await self._admin.execute(f'CREATE DATABASE "{self.name}"')
        except (OSError, asyncpg.PostgresError) as exc:
            raise BenchError(f"cannot create a PostgreSQL database at {base.host}:{base.port}: {exc}") from None
        self._created = True
        self.url = base.set(drivername="postgresql+asyncpg", database=self.name).render_as_string(hide_password=False)

    async def backends_cpu(self) -> dict[int, float]:
        """CPU seconds of each server process serving the run's database (the bots' connections)."""
        if self._admin is None:
            return {}
        rows = await self._admin.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", self.name)
        found = {}
        for row in rows:
            with contextlib.suppress(OSError, ValueError, IndexError):
                found[int(row["pid"])] = proc_cpu_seconds(int(row["pid"]))
        return found

    async def stats(self) -> dict[str, int] | None:
        """pg_stat_database for the run's database (the server flushes these about once a second)."""
        if self._admin is None:
            return None
        row = await self._admin.fetchrow(
            "SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, "
            "blks_hit, blks_read FROM pg_stat_database WHERE datname = $1",
            self.name,
        )
        return dict(row) if row is not None else None

    async def drop(self) -> None:
        if self._admin is None:
            return
        try:
            if self._created:
                await self._admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await self._admin.close()
            self._admin = None


# ---- measuring ---------------------------------------------------------------------------------


@dataclass
class Snapshot:
    at: float
    bot_cpu: float
    other_bot_cpu: float
    own_cpu: float
    machine_busy: float
    calls: Counter[str]
    api_errors: int
    pg: dict[str, int] | None
    probe: dict[str, Any] | None
    postgres_cpu: dict[int, float] = field(default_factory=dict)  # backend pid → CPU s (--replicas)


@dataclass
class Phase:
    name: str
    round: int
    seconds: float
    latencies_ms: list[float]
    bot_cpu_s: float
    own_cpu_s: float
    others_cpu_s: float
    rss_mb: float
    hwm_mb: float
    calls: Counter[str]
    api_errors: int
    person_errors: int
    pg: dict[str, int] | None = None
    probe: dict[str, Any] | None = None
    postgres_cpu_s: float = 0.0
    profile: dict[str, str] | None = None

    @property
    def updates(self) -> int:
        return len(self.latencies_ms)

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    @property
    def cpu_ms_per_update(self) -> float:
        return self.bot_cpu_s * 1000 / self.updates if self.updates else float("nan")

    def summary(self) -> dict[str, Any]:
        per_update = max(self.updates, 1)
        return {
            "phase": self.name,
            "round": self.round,
            "updates": self.updates,
            "seconds": round(self.seconds, 3),
            "updates_per_s": round(self.rate, 1),
            "p50_ms": round(self.percentile(50), 1),
            "p90_ms": round(self.percentile(90), 1),
            "p99_ms": round(self.percentile(99), 1),
            "max_ms": round(max(self.latencies_ms, default=float("nan")), 1),
            "bot_cpu_ms_per_update": round(self.cpu_ms_per_update, 2),
            "bot_cpu_cores": round(self.bot_cpu_s / self.seconds, 2),
            "harness_cpu_cores": round(self.own_cpu_s / self.seconds, 2),
            "others_cpu_cores": round(self.others_cpu_s / self.seconds, 2),
            "postgres_cpu_cores": round(self.postgres_cpu_s / self.seconds, 2),
            "rss_end_mb": round(self.rss_mb, 1),
            "rss_peak_mb": round(self.hwm_mb, 1),
            "api_calls_per_update": {k: round(v / per_update, 3) for k, v in sorted(self.calls.items())},
            "api_errors": self.api_errors,
            "error_messages": self.person_errors,
            "pg_stat_database_per_update": (
                {k: round(v / per_update, 2) for k, v in self.pg.items()} if self.pg is not None else None
            ),
            "probe_per_update": probe_per_update(self.probe, per_update) if self.probe else None,
            "profile": self.profile,
        }


def probe_per_update(probe: dict[str, Any], updates: int) -> dict[str, Any]:
    out: dict[str, Any] = {k: round(v / updates, 3) for k, v in sorted(probe.get("counters", {}).items())}
    for name, values in sorted(probe.get("samples", {}).items()):
        if values:
            ordered = sorted(values)
            out[name] = {
                "n": len(ordered),
                "p50": round(ordered[len(ordered) // 2], 3),
                "p99": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 3),
                "max": round(ordered[-1], 3),
                "per_update_total": round(sum(ordered) / updates, 3),
            }
    return out


class Probe:
    """The counters of scripts/bench_probe.py in the bot process, read on SIGUSR1."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seq = 0

    async def read(self, pid: int) -> dict[str, Any]:
        os.kill(pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, ValueError):
                data: dict[str, Any] = json.loads(self.path.read_text("utf-8"))
                if data.get("seq", 0) > self.seq:
                    self.seq = data["seq"]
                    return data
            await asyncio.sleep(0.01)
        raise BenchError("the probe in the bot process did not answer SIGUSR1 within 10 s")


@dataclass
class Bench:
    args: argparse.Namespace
    run_dir: Path
    emulator: BotApiEmulator = field(default_factory=BotApiEmulator)
    tallies: dict[str, Counter[str]] = field(default_factory=dict)
    people: dict[tuple[str, int], Person] = field(default_factory=dict)
    processes: dict[str, BotProcess] = field(default_factory=dict)
    bots: dict[str, EmulatedBot] = field(default_factory=dict)
    probe: Probe | None = None
    database: Database | None = None

    # -- the emulator's side

    def listen(self, bot: EmulatedBot, message: ChatMessage) -> None:
        if message.from_bot and not message.deleted:
            person = self.people.get((bot.token, message.chat_id))
            if person is not None:
                person.seen(message)

    def housekeeping(self) -> None:
        """Tally the emulator's call log and keep its lists short (they are scanned linearly)."""
        for token, bot in self.emulator.bots.items():
            tally = self.tallies.setdefault(token, Counter())
            tally.update(method for method, _ in bot.calls)
            bot.calls.clear()
            bot.callback_answers.clear()
            if len(bot.messages) > 3000:
                del bot.messages[:-1500]

    async def housekeeping_loop(self) -> None:
        while True:
            self.housekeeping()
            await asyncio.sleep(0.5)

    # -- snapshots

    async def snapshot(self, name: str) -> Snapshot:
        probe = None
        if name == "dialog" and self.probe is not None:
            probe = await self.probe.read(self.processes["dialog"].pid)
        pg = await self.database.stats() if name == "dialog" and self.database is not None else None
        other = "echo" if name == "dialog" else "dialog"
        return self._snapshot(self.bots[name], [name], [other], pg=pg, probe=probe)

    def _snapshot(self, bot: EmulatedBot, measured: list[str], idle: list[str], **extra: Any) -> Snapshot:
        """CPU of the ``measured`` processes and of the ``idle`` ones, the bot's calls so far."""
        self.housekeeping()
        return Snapshot(
            at=time.perf_counter(),
            bot_cpu=sum(proc_cpu_seconds(self.processes[n].pid) for n in measured),
            other_bot_cpu=sum(proc_cpu_seconds(self.processes[n].pid) for n in idle),
            own_cpu=own_cpu_seconds(),
            machine_busy=machine_busy_seconds(),
            calls=Counter(self.tallies.get(bot.token, Counter())),
            api_errors=len(bot.errors),
            pg=extra.pop("pg", None),
            probe=extra.pop("probe", None),
            **extra,
        )

    # -- phases

    async def phase(self, name: str, people: list[Person], round_no: int, profile: bool) -> Phase:
        latencies: list[float] = []
        window: list[float] = []  # [start] while measuring, [start, end] after
        stop = asyncio.Event()

        async def run(person: Person) -> None:
            while not stop.is_set():
                started, ended = await person.take(person.next_step())
                if len(window) == 1 and ended >= window[0]:
                    latencies.append((ended - started) * 1000)

        errors_before = sum(p.errors for p in people)
        tasks = [asyncio.create_task(run(p)) for p in people]
        profiler: subprocess.Popen[bytes] | None = None
        try:
            await self._wait(tasks, self.args.warmup)
            before = await self.snapshot(name)
            if profile:
                profiler = self._start_profiler(name, round_no)
            window.append(time.perf_counter())
            await self._wait(tasks, self.args.seconds)
            window.append(time.perf_counter())
            after = await self.snapshot(name)
            rss, hwm = self.memory(name)
        except BaseException:
            if profiler is not None and profiler.poll() is None:
                profiler.kill()
                profiler.wait()
            raise
        finally:
            await self._stop_people(tasks, stop)
        profile_files = await self._finish_profiler(profiler, name, round_no)
        seconds = window[1] - window[0]
        own = after.own_cpu - before.own_cpu
        bot_cpu = after.bot_cpu - before.bot_cpu
        idle_bot = after.other_bot_cpu - before.other_bot_cpu
        others = (after.machine_busy - before.machine_busy) - bot_cpu - own - idle_bot
        # per backend: one that started in the window counts whole; one that ended is missed
        postgres = sum(cpu - before.postgres_cpu.get(pid, 0.0) for pid, cpu in after.postgres_cpu.items())
        others -= postgres
        pg = None
        if after.pg is not None and before.pg is not None:
            pg = {k: after.pg[k] - before.pg.get(k, 0) for k in after.pg}
        return Phase(
            name=name,
            round=round_no,
            seconds=seconds,
            latencies_ms=latencies,
            bot_cpu_s=bot_cpu,
            own_cpu_s=own,
            others_cpu_s=max(others, 0.0),
            rss_mb=rss,
            hwm_mb=hwm,
            calls=after.calls - before.calls,
            api_errors=after.api_errors - before.api_errors,
            person_errors=sum(p.errors for p in people) - errors_before,
            pg=pg,
            probe=after.probe,
            profile=profile_files,
            postgres_cpu_s=postgres,
        )

    @staticmethod
    async def _stop_people(tasks: list[asyncio.Task[None]], stop: asyncio.Event) -> None:
        """Each person finishes the step under way (so the dialog is at a known point), then stops."""
        stop.set()
        done, pending = await asyncio.wait(tasks, timeout=STEP_TIMEOUT + 5)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        for task in done:
            exc = None if task.cancelled() else task.exception()
            if exc is not None:
                raise exc

    @staticmethod
    async def _wait(tasks: list[asyncio.Task[None]], seconds: float) -> None:
        """Sleep, but end the run at once if a person's step failed."""
        done, _ = await asyncio.wait(tasks, timeout=seconds, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            exc = task.exception()
            if exc is not None:
                raise exc

    def _start_profiler(self, name: str, round_no: int) -> subprocess.Popen[bytes]:
        py_spy = self.args.py_spy
        out = self.run_dir / f"profile-{name}-round{round_no}.txt"
        log = (self.run_dir / f"py-spy-{name}.log").open("wb")
        argv = [py_spy, "record", "--pid", str(self.processes[name].pid), "--duration", str(int(self.args.seconds))]
        argv += ["--rate", str(self.args.profile_rate), "--gil", "--format", "raw", "--output", str(out)]
        with log:
            return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)  # noqa: S603

    async def _finish_profiler(
        self, profiler: subprocess.Popen[bytes] | None, name: str, round_no: int
    ) -> dict[str, str] | None:
        if profiler is None:
            return None
        await exited(profiler, 20)
        if profiler.poll() is None:
            profiler.terminate()
        profiler.wait()
        raw = self.run_dir / f"profile-{name}-round{round_no}.txt"
        if not raw.exists():
            say(f"  (py-spy wrote no profile; see {self.run_dir / f'py-spy-{name}.log'})")
            return None
        import bench_profile

        stacks = bench_profile.parse(raw)
        svg = raw.with_suffix(".svg")
        svg.write_text(bench_profile.flamegraph_svg(stacks, f"{name} bot, round {round_no}"), encoding="utf-8")
        return {"raw": str(raw), "svg": str(svg)}

    def memory(self, name: str) -> tuple[float, float]:
        return proc_memory_mb(self.processes[name].pid)

    def with_causes(self, exc: StepTimeout) -> StepTimeout:
        """The timeout with each bot's last logged error."""
        causes = [f"{p.name} log: {p.last_error()}" for p in self.processes.values() if p.last_error()]
        return StepTimeout("; ".join([str(exc), *causes]))

    async def stop_bots(self, bot_id: int) -> None:
        for process in self.processes.values():
            await process.stop()
        if self.args.redis:
            with contextlib.suppress(Exception):
                await forget_bot_keys(self.args.redis, bot_id)

    async def shut_down(self, keeper: asyncio.Task[None]) -> None:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
        await self.emulator.stop()
        if self.database is not None:
            await self.database.drop()

    async def reach_summary(self, people: list[Person]) -> None:
        """Every applicant walks to the identity summary (not measured)."""
        started = time.perf_counter()

        async def setup(person: Person) -> None:
            for step in person.setup:
                await person.take(step)

        await asyncio.gather(*(setup(p) for p in people))
        say(f"setup: {len(people)} applicants reached the identity summary in {time.perf_counter() - started:.1f} s")

    def warn_errors_logged(self) -> None:
        for name, process in self.processes.items():
            errors = process.errors_logged()
            if errors:
                first = errors[0][:200]
                say(f"warning: {len(errors)} error lines in the {name} log ({process.log_path}); first: {first}")

    # -- the run

    def env(self, token: str, extra: dict[str, str]) -> dict[str, str]:
        from bot.settings import Settings

        # the bot's own variables come from here only, never from the caller's environment
        ours = {name.upper() for name in Settings.model_fields}
        env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
        env.update(
            TELEGRAM_TOKEN=token,
            TELEGRAM_API_BASE=self.emulator.base_url,
            LOG_LEVEL=self.args.log_level,
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    async def run(self) -> list[Phase]:
        args = self.args
        rng = random.Random(args.seed)  # noqa: S311  # synthetic national codes, not secrets
        base_id = 7_000_000 + os.getpid() % 1_000_000
        tokens = {"dialog": f"{base_id}:bench-dialog", "echo": f"{base_id + 1}:bench-echo"}
        for name, token in tokens.items():
            self.bots[name] = self.emulator.add_bot(token, "telegram", username=f"bench_{name}_bot")
        await self.emulator.start()
        self.emulator.listeners.append(self.listen)
        keeper = asyncio.create_task(self.housekeeping_loop())
        try:
            self.database = Database(args.db, self.run_dir, args.postgres_url)
            await self.database.create()
            dialog_env = {
                "DATABASE_URL": self.database.url,
                "FILES_DIR": str(self.run_dir / "files"),
                "FILES_KEY": new_key_text(),  # made for this run, never stored
            }
            if args.redis:
                dialog_env["REDIS_URL"] = args.redis
            argv = [args.nezam_bot, "run"]
            if args.count:
                dialog_env["BENCH_PROBE_OUT"] = str(self.run_dir / "probe.json")
                argv = [sys.executable, str(SCRIPTS / "bench_probe.py")]
                self.probe = Probe(self.run_dir / "probe.json")
            self.processes["dialog"] = BotProcess(
                "nezam-bot", argv, self.env(tokens["dialog"], dialog_env), self.run_dir, self.run_dir / "dialog.log"
            )
            self.processes["echo"] = BotProcess(
                "the echo bot",
                [sys.executable, str(SCRIPTS / "bench_echo_bot.py")],
                self.env(tokens["echo"], {}),
                self.run_dir,
                self.run_dir / "echo.log",
            )
            for process in self.processes.values():
                process.start()
            try:
                await asyncio.gather(
                    *(
                        self.processes[n].wait_up(self.tallies.setdefault(tokens[n], Counter()), args.startup_timeout)
                        for n in ("dialog", "echo")
                    )
                )
                try:
                    return await self._measure(tokens, rng)
                except StepTimeout as exc:
                    raise self.with_causes(exc) from None
            finally:
                await self.stop_bots(base_id)
        finally:
            await self.shut_down(keeper)

    async def _measure(self, tokens: dict[str, str], rng: random.Random) -> list[Phase]:
        args = self.args
        dialog_people, echo_people = [], []
        for i in range(args.users):
            fake = self.emulator.user(tokens["dialog"], 1_000_001 + i, "رضا")
            person = applicant(fake, i, rng)
            self.people[(tokens["dialog"], fake.chat_id)] = person
            dialog_people.append(person)
            fake = self.emulator.user(tokens["echo"], 2_000_001 + i, "رضا")
            person = echoer(fake)
            self.people[(tokens["echo"], fake.chat_id)] = person
            echo_people.append(person)

        await self.reach_summary(dialog_people)
        phases = []
        for round_no in range(1, args.rounds + 1):
            for name, people in (("echo", echo_people), ("dialog", dialog_people)):
                phase = await self.phase(name, people, round_no, profile=args.profile and round_no == 1)
                phases.append(phase)
                s = phase.summary()
                say(
                    f"round {round_no} {name:6} {s['updates_per_s']:7.1f} updates/s  p50 {s['p50_ms']:6.1f} ms  "
                    f"p99 {s['p99_ms']:6.1f} ms  CPU {s['bot_cpu_ms_per_update']:5.2f} ms/update  "
                    f"RSS {s['rss_end_mb']:.0f} MB  (others {s['others_cpu_cores']:.2f} cores)"
                )
        self.warn_errors_logged()
        return phases


class ReplicaBench(Bench):
    """``--replicas``: the dialog on 1, then 2 replicas in webhook mode behind the balancer."""

    REPLICAS = ("replica-1", "replica-2")

    def phase_name(self, replicas: int) -> str:
        return f"{replicas} replica" + ("s" if replicas > 1 else "")

    def _using(self, name: str) -> list[str]:
        return list(self.REPLICAS[: int(name.split()[0])])

    async def snapshot(self, name: str) -> Snapshot:
        used = self._using(name)
        idle = [r for r in self.REPLICAS if r not in used]
        backends = await self.database.backends_cpu() if self.database is not None else {}
        return self._snapshot(self.bots["dialog"], used, idle, postgres_cpu=backends)

    def memory(self, name: str) -> tuple[float, float]:
        sizes = [proc_memory_mb(self.processes[r].pid) for r in self._using(name)]
        return sum(s[0] for s in sizes), sum(s[1] for s in sizes)

    async def run(self) -> list[Phase]:
        from bot.emulator.balancer import LoadBalancer

        args = self.args
        rng = random.Random(args.seed)  # noqa: S311  # synthetic national codes, not secrets
        base_id = 7_000_000 + os.getpid() % 1_000_000
        token = f"{base_id}:bench-replicas"
        self.bots["dialog"] = self.emulator.add_bot(token, "telegram", username="bench_replicas_bot")
        await self.emulator.start()
        self.emulator.listeners.append(self.listen)
        keeper = asyncio.create_task(self.housekeeping_loop())
        ports = [free_port() for _ in self.REPLICAS]
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        balancer = LoadBalancer(urls)
        await balancer.start()
        try:
            self.database = Database(args.db, self.run_dir, args.postgres_url)
            await self.database.create()
            env = {
                "DATABASE_URL": self.database.url,
                "FILES_DIR": str(self.run_dir / "files"),
                "FILES_KEY": new_key_text(),  # made for this run, never stored: every replica the same
                "REDIS_URL": args.redis,
                "WEBHOOK_URL": balancer.url,
                "WEBHOOK_SECRET": secrets.token_hex(24),
            }
            for name, port in zip(self.REPLICAS, ports, strict=True):
                self.processes[name] = BotProcess(
                    name,
                    [args.nezam_bot, "run"],
                    self.env(token, {**env, "LISTEN": f"127.0.0.1:{port}"}),
                    self.run_dir,
                    self.run_dir / f"{name}.log",
                )
                self.processes[name].start()
            try:
                await self._wait_up(urls)
                return await self._measure_replicas(token, rng, balancer, urls)
            except StepTimeout as exc:
                raise self.with_causes(exc) from None
            finally:
                await self.stop_bots(base_id)
        finally:
            await balancer.stop()
            await self.shut_down(keeper)

    async def _wait_up(self, urls: list[str]) -> None:
        """Up = /healthz answers 200 on every replica and the webhook is registered."""
        import aiohttp

        deadline = time.monotonic() + self.args.startup_timeout
        async with aiohttp.ClientSession() as http:
            for name, url in zip(self.REPLICAS, urls, strict=True):
                process = self.processes[name]
                while True:
                    if not process.alive():
                        raise BenchError(f"{name} exited before it came up: {process.last_line()}")
                    with contextlib.suppress(aiohttp.ClientError):
                        async with http.get(url + "/healthz") as response:
                            if response.status == 200:
                                break
                    if time.monotonic() > deadline:
                        raise BenchError(f"{name} did not come up: {process.last_line()} (log: {process.log_path})")
                    await asyncio.sleep(0.1)
        while self.bots["dialog"].webhook is None:
            if time.monotonic() > deadline:
                raise BenchError("no replica registered the webhook")
            await asyncio.sleep(0.05)

    async def _measure_replicas(self, token: str, rng: random.Random, balancer: Any, urls: list[str]) -> list[Phase]:
        args = self.args
        people = []
        for i in range(args.users):
            fake = self.emulator.user(token, 1_000_001 + i, "رضا")
            person = applicant(fake, i, rng)
            self.people[(token, fake.chat_id)] = person
            people.append(person)
        await self.reach_summary(people)
        phases = []
        for round_no in range(1, args.rounds + 1):
            for replicas in (1, 2):
                balancer.use(urls[:replicas])
                name = self.phase_name(replicas)
                phase = await self.phase(name, people, round_no, profile=False)
                phases.append(phase)
                s = phase.summary()
                say(
                    f"round {round_no} {name:10} {s['updates_per_s']:7.1f} updates/s  p50 {s['p50_ms']:6.1f} ms  "
                    f"p99 {s['p99_ms']:6.1f} ms  CPU {s['bot_cpu_ms_per_update']:5.2f} ms/update  "
                    f"harness {s['harness_cpu_cores']:.2f}, PostgreSQL {s['postgres_cpu_cores']:.2f} cores  "
                    f"(others {s['others_cpu_cores']:.2f} cores)"
                )
        self.warn_errors_logged()
        return phases


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def report_replicas(phases: list[Phase], args: argparse.Namespace, run_dir: Path) -> dict[str, Any]:
    by_name: dict[str, list[Phase]] = {}
    for phase in phases:
        by_name.setdefault(phase.name, []).append(phase)
    one, two = by_name["1 replica"], by_name["2 replicas"]
    rounds = [b.rate / a.rate if a.rate else float("nan") for a, b in zip(one, two, strict=True)]
    say()
    say(
        f"nezam-bot dialog on 1 and 2 replicas (webhook mode, round-robin balancer): {args.users} people, closed loop, "
        f"PostgreSQL + Redis, {args.rounds} round(s) of {args.warmup:g} s warm-up + {args.seconds:g} s measured"
    )
    say(
        f"{'':12} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/upd':>11} {'harness cores':>14} "
        f"{'PostgreSQL cores':>17} {'RSS MB':>8}"
    )
    summary: dict[str, Any] = {}
    for name, group in (("1 replica", one), ("2 replicas", two)):
        row = {
            "updates_per_s": median([p.rate for p in group]),
            "p50_ms": median([p.percentile(50) for p in group]),
            "p99_ms": median([p.percentile(99) for p in group]),
            "cpu_ms_per_update": median([p.cpu_ms_per_update for p in group]),
            "harness_cores": median([p.own_cpu_s / p.seconds for p in group]),
            "postgres_cores": median([p.postgres_cpu_s / p.seconds for p in group]),
            "rss_end_mb": group[-1].rss_mb,
        }
        summary[name] = row
        say(
            f"{name:12} {row['updates_per_s']:10.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
            f"{row['cpu_ms_per_update']:11.2f} {row['harness_cores']:14.2f} {row['postgres_cores']:17.2f} "
            f"{row['rss_end_mb']:8.0f}"
        )
    summary["ratio"] = say_ratio("ratio 2 replicas / 1 replica (updates/s, same round)", rounds, 2)
    others = [p.others_cpu_s / p.seconds for p in phases]
    say(
        f"noise: the rest of the machine used {min(others):.2f}–{max(others):.2f} of {os.cpu_count()} cores "
        "during the measured windows (besides the replicas, the harness and the run's PostgreSQL backends)"
    )
    say(f"logs and files: {run_dir}")
    return save_result(summary, rounds, phases, args, run_dir)


# ---- report ------------------------------------------------------------------------------------


def say_ratio(label: str, rounds: list[float], digits: int) -> float:
    """The median of the rounds' ratios, said with each round's; returned."""
    ratio = median(rounds)
    spread = f" (rounds: {', '.join(f'{r:.{digits}f}' for r in rounds)})" if len(rounds) > 1 else ""
    say(f"{label}: {ratio:.{digits}f}{spread}")
    return ratio


def save_result(
    summary: dict[str, Any], rounds: list[float], phases: list[Phase], args: argparse.Namespace, run_dir: Path
) -> dict[str, Any]:
    """result.json in the run's directory (and ``--json``)."""
    result = {
        "args": {k: v for k, v in vars(args).items() if k not in ("postgres_url",)},
        "summary": summary,
        "ratio_per_round": rounds,
        "phases": [p.summary() for p in phases],
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    (run_dir / "result.json").write_text(text, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(phases: list[Phase], args: argparse.Namespace, run_dir: Path) -> dict[str, Any]:
    by_name: dict[str, list[Phase]] = {"echo": [], "dialog": []}
    for phase in phases:
        by_name[phase.name].append(phase)
    rounds = []
    for echo, dialog in zip(by_name["echo"], by_name["dialog"], strict=True):
        rounds.append(dialog.rate / echo.rate if echo.rate else float("nan"))
    storage = "SQLite" if args.db == "sqlite" else "PostgreSQL"
    fsm = "Redis" if args.redis else "no Redis"
    say()
    say(
        f"nezam-bot dialog vs aiogram echo: {args.users} people, closed loop, {storage} + {fsm}, "
        f"{args.rounds} round(s) of {args.warmup:g} s warm-up + {args.seconds:g} s measured per bot"
        + ("  [--count: instrumented bot]" if args.count else "")
        + ("  [--profile: round 1 sampled by py-spy]" if args.profile else "")
    )
    header = (
        f"{'':18} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'CPU ms/upd':>11} "
        f"{'RSS end MB':>11} {'RSS peak MB':>12}"
    )
    say(header)
    summary: dict[str, Any] = {}
    for name, label in (("echo", "echo (aiogram)"), ("dialog", "nezam-bot dialog")):
        group = by_name[name]
        row = {
            "updates_per_s": median([p.rate for p in group]),
            "p50_ms": median([p.percentile(50) for p in group]),
            "p99_ms": median([p.percentile(99) for p in group]),
            "max_ms": max(max(p.latencies_ms, default=0.0) for p in group),
            "cpu_ms_per_update": median([p.cpu_ms_per_update for p in group]),
            "rss_end_mb": group[-1].rss_mb,
            "rss_peak_mb": group[-1].hwm_mb,
        }
        summary[name] = row
        say(
            f"{label:18} {row['updates_per_s']:10.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} {row['max_ms']:8.1f} "
            f"{row['cpu_ms_per_update']:11.2f} {row['rss_end_mb']:11.1f} {row['rss_peak_mb']:12.1f}"
        )
    summary["ratio"] = say_ratio("ratio dialog/echo (updates/s, same round)", rounds, 3)
    cpu_ratio = summary["echo"]["cpu_ms_per_update"] / summary["dialog"]["cpu_ms_per_update"]
    summary["cpu_ratio"] = cpu_ratio
    say(
        f"ratio of CPU per update (echo/dialog): {cpu_ratio:.3f} — the updates/s ratio if both were CPU-bound on "
        "equal cores; steadier than updates/s on a shared machine"
    )
    others = [p.others_cpu_s / p.seconds for p in phases]
    say(
        f"noise: the rest of the machine used {min(others):.2f}–{max(others):.2f} of {os.cpu_count()} cores "
        f"during the measured windows; the harness {median([p.own_cpu_s / p.seconds for p in phases]):.2f} core"
    )
    if len(by_name["echo"]) > 1:
        say("(figures are medians over rounds; max latency and RSS: the whole run / the last round)")
    last_dialog = by_name["dialog"][-1]
    calls = last_dialog.summary()["api_calls_per_update"]
    say("Bot API calls per dialog update: " + ", ".join(f"{k} {v:.2f}" for k, v in calls.items() if k != "getUpdates"))
    if last_dialog.pg is not None:
        pg = last_dialog.summary()["pg_stat_database_per_update"]
        say(
            "pg_stat_database per dialog update (approximate: flushed about once a second): "
            + ", ".join(f"{k} {v:.2f}" for k, v in pg.items())
        )
    if args.count:
        say()
        say("per dialog update (scripts/bench_probe.py, last round):")
        for key, value in (last_dialog.summary()["probe_per_update"] or {}).items():
            if isinstance(value, dict):
                say(
                    f"  {key:58} n {value['n']}, p50 {value['p50']:.2f}, p99 {value['p99']:.2f}, "
                    f"max {value['max']:.2f}, total per update {value['per_update_total']:.2f}"
                )
            else:
                say(f"  {key:58} {value:8.3f}")
    if args.profile:
        import bench_profile

        for phase in phases:
            if phase.profile:
                stacks = bench_profile.parse(Path(phase.profile["raw"]))
                table = bench_profile.format_report(bench_profile.analyse(stacks), phase.cpu_ms_per_update)
                table_path = Path(phase.profile["raw"]).with_suffix(".table.txt")
                table_path.write_text(table, encoding="utf-8")
                phase.profile["table"] = str(table_path)
                say()
                say(f"profile of the {phase.name} bot ({phase.profile['svg']}):")
                say("\n".join(table.splitlines()[:32]))
    say()
    say(f"logs and files: {run_dir}")
    return save_result(summary, rounds, phases, args, run_dir)


# ---- command line ------------------------------------------------------------------------------


def _default_nezam_bot() -> str:
    beside = Path(sys.executable).with_name("nezam-bot")
    return str(beside) if beside.exists() else shutil.which("nezam-bot") or "nezam-bot"


def _default_py_spy() -> str:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy") or ""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench_dialog.py",
        description="Closed-loop benchmark: nezam-bot's identity dialog vs a bare aiogram echo bot (issue 15).",
    )
    parser.add_argument("--users", type=int, default=20, help="people in the closed loop (default 20)")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per bot per round (default 20)")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of the loop before measuring (default 5)")
    parser.add_argument("--rounds", type=int, default=1, help="echo, dialog phases this many times (default 1)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL"),
        help="a role with CREATEDB (default: BENCH_POSTGRES_URL or TEST_POSTGRES_URL); the run creates a database",
    )
    parser.add_argument("--redis", default=None, help="REDIS_URL for the bot (default: none)")
    parser.add_argument(
        "--replicas", action="store_true", help="the dialog on 1 vs 2 replicas in webhook mode (needs postgres, redis)"
    )
    parser.add_argument("--count", action="store_true", help="count SQL, round trips, Redis commands per update")
    parser.add_argument("--profile", action="store_true", help="py-spy the bots in round 1's measured windows")
    parser.add_argument("--profile-rate", type=int, default=200, help="py-spy samples per second (default 200)")
    parser.add_argument("--log-level", default="INFO", help="LOG_LEVEL of both bots (default INFO, as deployed)")
    parser.add_argument("--startup-timeout", type=float, default=90)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", default=None, help="for logs, profiles and result.json (default: a temp directory)")
    parser.add_argument("--json", default=None, help="also write the result here")
    parser.add_argument("--nezam-bot", default=_default_nezam_bot(), help=argparse.SUPPRESS)
    parser.add_argument("--py-spy", default=_default_py_spy(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.rounds < 1 or args.warmup < 0:
        parser.error("--users, --seconds and --rounds must be positive, --warmup not negative")
    if args.profile and not args.py_spy:
        parser.error("--profile needs py-spy: pip install py-spy")
    if args.replicas and (args.db != "postgres" or not args.redis or args.count or args.profile):
        parser.error("--replicas needs --db postgres and --redis (replicas share them), without --count or --profile")
    return args


@contextlib.contextmanager
def run_directory(out: str | None) -> Iterator[Path]:
    path = Path(out) if out else Path(tempfile.mkdtemp(prefix="nezam-bench-"))
    path.mkdir(parents=True, exist_ok=True)
    try:
        yield path.resolve()
    finally:
        if not any(path.iterdir()):  # nothing ran: leave nothing behind
            path.rmdir()


async def amain(args: argparse.Namespace, run_dir: Path) -> int:
    main_task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    if main_task is not None:
        loop.add_signal_handler(signal.SIGTERM, main_task.cancel)
    if args.replicas:
        phases = await ReplicaBench(args, run_dir).run()
        report_replicas(phases, args, run_dir)
        return 0
    bench = Bench(args, run_dir)
    phases = await bench.run()
    report(phases, args, run_dir)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with run_directory(args.out) as run_dir:
        try:
            return asyncio.run(amain(args, run_dir))
        except BenchError as exc:
            sys.stderr.write(f"error: {exc}\n")
            return 2
        except BrokenPipeError:  # piped into head: the bots are stopped already; say no more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except (KeyboardInterrupt, asyncio.CancelledError):
            sys.stderr.write(f"interrupted; bots stopped, logs in {run_dir}\n")
            return 130


if __name__ == "__main__":
    raise SystemExit(main())
