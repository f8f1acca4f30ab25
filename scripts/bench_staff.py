"""Staff operations at national volume (issue 30): the staff commands and the exports timed on a
small and on a national-size database in the same run, each **with an applicant's latency
measured while it runs**.

    python scripts/seed_national.py --url $PG/nezam_bench_1k --create --cases 1000
    python scripts/seed_national.py --url $PG/nezam_bench_200k --create --cases 200000
    python scripts/bench_staff.py --db 1k=$PG/nezam_bench_1k --db 200k=$PG/nezam_bench_200k \\
        --redis redis://127.0.0.1:6399/12 --rounds 2 --json staff.json
    python scripts/bench_staff.py … --code /tmp/before   # the same, with another tree's bot

What runs (as ``scripts/bench_dialog.py``, whose pieces it uses): the project's Bot API emulator
and the simulated people in this process; ``nezam-bot run`` as a subprocess on the database
named (``--code``: the ``bot`` package of another tree, e.g. an export of the commit before).
Per database, rounds alternating between the databases:

- ``--people`` applicants walk to the identity summary, then edit it in a closed loop all along
  (``bench_dialog.applicant``): their steps' latencies, at rest (``--rest`` seconds) and during
  each staff operation;
- a staff member (an admin by TELEGRAM_ADMIN_IDS) sends each command ``--repeat`` times, one
  after the other: ``/queue``, ``/queue license``, ``/find <mobile>``, ``/find <national code>``,
  ``/stats``, ``/stats 365`` — the time from pushing the update to the reply — first alone (the
  applicants waiting at their summary: the command's own cost), then again while the applicants
  go round their loop;
- ``/export`` in the chat: until the document arrives; the bot's RSS (and any child process's)
  sampled every 0.1 s, and the export child's CPU time (user + system);
- ``/metrics``' database refresh (``bot.metrics.DatabaseFigures.refresh``), timed in a child with
  the same code, median of 20;
- ``nezam-bot export`` (XLSX and CSV, with personal data) as a process of its own: wall time, CPU
  time (user + system: less sensitive to other work on the machine) and peak RSS, and the peak of
  an export of no case (its idle); the 1-minute load average beside each.

"During" an operation: the applicants' steps that overlap it. The table prints each operation's
median (and max), the applicants' p50 and max during it, and their p50 during minus at rest.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(SCRIPTS))

import bench_dialog  # noqa: E402
from bench_dialog import (  # noqa: E402
    BenchError,
    BotProcess,
    Expect,
    Person,
    applicant,
    proc_memory_mb,
    say,
)

from bot.emulator import BotApiEmulator, ChatMessage, EmulatedBot  # noqa: E402

# an applicant waits for the answer however long the bot is held up (bench_dialog gives up after
# 30 s): how long they waited is what is measured here
EXPORT_TIMEOUT = 600.0
bench_dialog.STEP_TIMEOUT = EXPORT_TIMEOUT
ADMIN_ID = 990_001
PREPARING = "در حال آماده شدن"

METRICS_TIMER = """
import asyncio, json, statistics, sys, time
from bot.metrics import DatabaseFigures
from storage.db import make_engine, make_sessionmaker

async def main() -> None:
    engine = make_engine(sys.argv[1])
    sessions = make_sessionmaker(engine)
    figures = DatabaseFigures()
    times = []
    for _ in range(21):
        async with sessions() as session:
            started = time.perf_counter()
            await figures.refresh(session)
            times.append((time.perf_counter() - started) * 1000)
    await engine.dispose()
    print(json.dumps({"median_ms": statistics.median(times[1:]), "max_ms": max(times[1:])}))

asyncio.run(main())
"""


@dataclass
class Timed:
    """An operation's runs: (start, end) on the perf_counter clock."""

    name: str
    windows: list[tuple[float, float]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ms(self) -> list[float]:
        return [(end - start) * 1000 for start, end in self.windows]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


@dataclass
class Run:
    args: argparse.Namespace
    run_dir: Path
    emulator: BotApiEmulator = field(default_factory=BotApiEmulator)
    people: dict[int, Person] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    steps: list[tuple[float, float]] = field(default_factory=list)  # the applicants' loop steps
    bot: EmulatedBot | None = None
    serial: int = 0

    def listen(self, bot: EmulatedBot, message: ChatMessage) -> None:
        if message.from_bot and not message.deleted:
            person = self.people.get(message.chat_id)
            if person is not None:
                person.seen(message)

    async def housekeeping(self) -> None:
        while True:
            assert self.bot is not None
            self.tally.update(method for method, _ in self.bot.calls)
            self.bot.calls.clear()
            self.bot.callback_answers.clear()
            if len(self.bot.messages) > 3000:
                del self.bot.messages[:-1500]
            await asyncio.sleep(0.2)

    def env(self, token: str, url: str) -> dict[str, str]:
        from bot.settings import Settings
        from storage.encryption import new_key_text

        ours = {name.upper() for name in Settings.model_fields}
        env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
        env.update(
            TELEGRAM_TOKEN=token,
            TELEGRAM_API_BASE=self.emulator.base_url,
            TELEGRAM_ADMIN_IDS=str(ADMIN_ID),
            DATABASE_URL=url,
            FILES_DIR=str(self.run_dir / "files"),
            FILES_KEY=new_key_text(),  # the bot refuses to start without one; the run's files are its own
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        if self.args.redis:
            env["REDIS_URL"] = self.args.redis
        if self.args.code:
            env["PYTHONPATH"] = str(Path(self.args.code).resolve())
        return env

    # ---- one database ----------------------------------------------------------------------------

    async def measure(self, label: str, url: str, round_no: int) -> dict[str, Any]:
        self.serial += 1  # new people each time: a seeded database keeps those of earlier runs
        token = f"{8_000_000 + os.getpid() % 100_000 * 10 + self.serial}:{secrets.token_hex(4)}"
        self.bot = self.emulator.add_bot(token, "telegram", username=f"bench_staff_{label}_{round_no}_bot")
        keeper = asyncio.create_task(self.housekeeping())
        process = BotProcess(
            "nezam-bot",
            [sys.executable, "-m", "bot.cli", "run"],
            self.env(token, url),
            self.run_dir,
            self.run_dir / f"bot-{label}-{round_no}.log",
        )
        process.start()
        tasks: list[asyncio.Task[None]] = []
        try:
            await process.wait_up(self.tally, 120)
            self.tally.clear()
            probe = await self._probe(url)
            self.people.clear()
            self.steps = []
            import random

            rng = random.Random(os.getpid() * 1000 + self.serial)  # noqa: S311  # synthetic national codes
            walkers = []
            for i in range(self.args.people):
                # new people every time, in this run and any other on the same database
                fake = self.emulator.user(token, 3_000_000 + os.getpid() % 500 * 10_000 + self.serial * 100 + i, "رضا")
                person = applicant(fake, os.getpid() % 500 * 10_000 + self.serial * 100 + i, rng)
                self.people[fake.chat_id] = person
                walkers.append(person)
            staff_fake = self.emulator.user(token, ADMIN_ID, "کارشناس")
            staff = Person(staff_fake, [], lambda n: (None, Expect()))  # type: ignore[arg-type,return-value]
            self.people[staff_fake.chat_id] = staff
            await asyncio.gather(*(self._setup(p) for p in walkers))
            commands = (
                ("/queue", "/queue"),
                ("/queue license", "/queue license"),
                ("/find <mobile>", f"/find {probe['mobile']}"),
                ("/find <national code>", f"/find {probe['national_code']}"),
                ("/stats", "/stats"),
                ("/stats 365", "/stats 365"),
            )
            alone = {}  # each command with nobody else talking to the bot: its own cost
            for name, text in commands:
                times = []
                for _ in range(self.args.repeat):
                    started, ended = await self._command(staff, text, Expect())
                    times.append((ended - started) * 1000)
                alone[name] = times
            stop = asyncio.Event()
            tasks = [asyncio.create_task(self._loop(p, stop)) for p in walkers]
            await asyncio.sleep(2)  # warm up
            rest_from = time.perf_counter()
            await asyncio.sleep(self.args.rest)
            rest = [e - s for s, e in self.steps if s >= rest_from]
            ops = []
            for name, text in commands:
                timed = Timed(name, extra={"alone_p50_ms": round(statistics.median(alone[name]), 1)})
                for _ in range(self.args.repeat):
                    timed.windows.append(await self._command(staff, text, Expect()))
                    await asyncio.sleep(0.05)
                ops.append(timed)
            ops.append(await self._export(staff, process.pid))
            stop.set()
            return self._summary(label, round_no, rest, ops, probe)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await process.stop()
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def _probe(self, url: str) -> dict[str, Any]:
        """A mobile and a national code of an applicant with files, the case count, /metrics' refresh."""
        import asyncpg  # type: ignore[import-untyped,unused-ignore]
        from sqlalchemy.engine import make_url

        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        conn = await asyncpg.connect(dsn)
        try:
            row = await conn.fetchrow(
                "SELECT a.national_code, m.mobile FROM applicants a JOIN messenger_users m ON m.applicant_id = a.id "
                "WHERE a.id = (SELECT applicant_id FROM cases ORDER BY id "
                "LIMIT 1 OFFSET (SELECT count(*) / 2 FROM cases))"
            )
            cases = await conn.fetchval("SELECT count(*) FROM cases")
        finally:
            await conn.close()
        env = self.env("0:none", url)
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", METRICS_TIMER, url],
            env=env,
            cwd=self.run_dir,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        metrics = json.loads(done.stdout.strip().splitlines()[-1])
        return {"mobile": row["mobile"], "national_code": row["national_code"], "cases": cases, "metrics": metrics}

    async def _setup(self, person: Person) -> None:
        for step in person.setup:
            await person.take(step)

    async def _loop(self, person: Person, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.steps.append(await person.take(person.next_step()))

    async def _command(self, staff: Person, text: str, expect: Expect) -> tuple[float, float]:
        from bench_dialog import Action

        return await staff.take((Action("text", text), expect))

    async def _export(self, staff: Person, bot_pid: int) -> Timed:
        from bench_dialog import Action

        timed = Timed("/export (chat)")
        idle_rss, _ = proc_memory_mb(bot_pid)
        peaks = {"bot": idle_rss, "child": 0.0}
        child_cpu: dict[int, float] = {}  # the export's user + system seconds, as last seen
        sampling = asyncio.Event()

        async def sample() -> None:
            while not sampling.is_set():
                with contextlib.suppress(OSError, ValueError):
                    peaks["bot"] = max(peaks["bot"], proc_memory_mb(bot_pid)[0])
                    children = Path(f"/proc/{bot_pid}/task/{bot_pid}/children").read_text()  # noqa: ASYNC240
                    for child in children.split():
                        # once it is the export (after exec): between fork and exec a child shows the bot's pages
                        if b"bot.exports" in Path(f"/proc/{child}/cmdline").read_bytes():  # noqa: ASYNC240
                            peaks["child"] = max(peaks["child"], proc_memory_mb(int(child))[0])
                            child_cpu[int(child)] = proc_cpu_seconds(int(child))
                await asyncio.sleep(0.1)

        sampler = asyncio.create_task(sample())
        loop = asyncio.get_running_loop()
        first: asyncio.Future[float] = loop.create_future()  # the bot's first answer ("preparing", or the file)
        document: asyncio.Future[float] = loop.create_future()
        original = staff.seen

        def seen(message: ChatMessage) -> None:
            original(message)
            now = time.perf_counter()
            if not first.done():
                first.set_result(now)
            if message.document and not document.done():
                document.set_result(now)

        staff.seen = seen  # type: ignore[method-assign]
        started = time.perf_counter()
        try:
            staff.push(Action("text", "/export"))
            answered = await asyncio.wait_for(first, EXPORT_TIMEOUT)
            ended = await asyncio.wait_for(document, EXPORT_TIMEOUT)
        finally:
            staff.seen = original  # type: ignore[method-assign]
            sampling.set()
            await sampler
        timed.windows.append((started, ended))
        timed.extra |= {
            "answered_ms": round((answered - started) * 1000, 1),
            "bot_rss_idle_mb": round(idle_rss, 1),
            "bot_rss_peak_mb": round(peaks["bot"], 1),
            "child_rss_peak_mb": round(peaks["child"], 1),
            # sampled every 0.1 s until it exits: at most the last tenth of a second short
            "child_cpu_s": round(sum(child_cpu.values()), 2),
            "load_1min": round(os.getloadavg()[0], 2),
        }
        return timed

    def _summary(
        self, label: str, round_no: int, rest: list[float], ops: list[Timed], probe: dict[str, Any]
    ) -> dict[str, Any]:
        rest_ms = [r * 1000 for r in rest]
        at_rest = {"n": len(rest_ms), "p50_ms": percentile(rest_ms, 50), "max_ms": max(rest_ms, default=float("nan"))}
        out: dict[str, Any] = {"db": label, "round": round_no, "cases": probe["cases"], "at_rest": at_rest}
        out["metrics_refresh_ms"] = probe["metrics"]
        rows = []
        for op in ops:
            during = [
                (e - s) * 1000 for s, e in self.steps if any(s < w_end and e > w_start for w_start, w_end in op.windows)
            ]
            rows.append(
                {
                    "operation": op.name,
                    "p50_ms": round(statistics.median(op.ms), 1),
                    "max_ms": round(max(op.ms), 1),
                    "applicant_steps_during": len(during),
                    "applicant_p50_during_ms": round(percentile(during, 50), 1),
                    "applicant_max_during_ms": round(max(during, default=float("nan")), 1),
                    "applicant_added_p50_ms": round(percentile(during, 50) - at_rest["p50_ms"], 1),
                    **op.extra,
                }
            )
        out["operations"] = rows
        return out


# ---- the CLI export, a process of its own ------------------------------------------------------------


def proc_cpu_seconds(pid: int) -> float:
    """A process's user + system CPU seconds so far (``/proc/PID/stat``: utime, stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cli_export(args: argparse.Namespace, run_dir: Path, url: str, fmt: str, *, empty: bool) -> dict[str, Any]:
    out = run_dir / f"export.{fmt}"
    argv = [sys.executable, "-m", "bot.cli", "export", "--database-url", url, "--format", fmt, "--output", str(out)]
    argv += ["--with-personal"]
    if empty:
        argv += ["--from", "1500/01/01"]  # no case: the process's idle peak
    env = dict(os.environ)
    if args.code:
        env["PYTHONPATH"] = str(Path(args.code).resolve())
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=run_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    # the peak as the kernel keeps it for the process's own memory since its exec (VmHWM), read
    # until it exits; not getrusage's ru_maxrss, which counts the benchmark's pages the child
    # held between fork and exec
    peak = 0.0
    load = os.getloadavg()[0]
    while True:
        with contextlib.suppress(OSError, ValueError):
            peak = max(peak, proc_memory_mb(proc.pid)[1])
        # reaped here (not by poll) for its own CPU time: user + system, less sensitive to a
        # busy machine than the wall time
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        time.sleep(0.02)
    wall = time.perf_counter() - started
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise BenchError(f"nezam-bot export failed ({proc.returncode}): {stderr[-300:]}")
    size = out.stat().st_size if out.exists() else 0
    out.unlink(missing_ok=True)
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_mb": round(peak, 1),
        "bytes": size,
        "load_1min": load,
    }


# ---- the run ----------------------------------------------------------------------------------------


async def bench(args: argparse.Namespace, run_dir: Path) -> list[dict[str, Any]]:
    run = Run(args, run_dir)
    await run.emulator.start()
    run.emulator.listeners.append(run.listen)
    results = []
    try:
        for round_no in range(1, args.rounds + 1):
            for label, url in args.db:
                if args.only_cli:
                    result: dict[str, Any] = {"db": label, "round": round_no}
                else:
                    say(f"round {round_no}, {label}: the bot …")
                    result = await run.measure(label, url, round_no)
                say(f"round {round_no}, {label}: nezam-bot export …")
                exports = {}
                for fmt in () if args.no_cli else ("xlsx", "csv"):
                    idle = await asyncio.to_thread(cli_export, args, run_dir, url, fmt, empty=True)
                    full = await asyncio.to_thread(cli_export, args, run_dir, url, fmt, empty=False)
                    exports[fmt] = {**full, "idle_peak_rss_mb": idle["peak_rss_mb"]}
                result["cli_export"] = exports
                results.append(result)
                if args.only_cli:
                    say(f"{label}, round {round_no}: {json.dumps(exports)}")
                else:
                    print_result(result)
    finally:
        await run.emulator.stop()
    return results


def print_result(result: dict[str, Any]) -> None:
    rest = result["at_rest"]
    say(
        f"\n== {result['db']} ({result['cases']:,} cases), round {result['round']}: applicants at rest "
        f"p50 {rest['p50_ms']:.0f} ms, max {rest['max_ms']:.0f} ms ({rest['n']} steps); /metrics refresh "
        f"{result['metrics_refresh_ms']['median_ms']:.1f} ms"
    )
    say(
        "| operation | alone, median | with applicants, median (max) | applicant p50 during | applicant max during "
        "| added p50 | notes |"
    )
    say("|---|---|---|---|---|---|---|")
    for op in result["operations"]:
        notes = ", ".join(
            f"{k} {v}"
            for k, v in op.items()
            if k
            in ("answered_ms", "bot_rss_idle_mb", "bot_rss_peak_mb", "child_rss_peak_mb", "child_cpu_s", "load_1min")
        )
        alone = f"{op['alone_p50_ms']:.1f} ms" if "alone_p50_ms" in op else ""
        say(
            f"| {op['operation']} | {alone} | {op['p50_ms']:.1f} ({op['max_ms']:.1f}) ms "
            f"| {op['applicant_p50_during_ms']:.0f} ms "
            f"| {op['applicant_max_during_ms']:.0f} ms | {op['applicant_added_p50_ms']:+.0f} ms "
            f"({op['applicant_steps_during']} steps) | {notes} |"
        )
    for fmt, e in result["cli_export"].items():
        say(
            f"| nezam-bot export {fmt} | | {e['wall_s']:.2f} s (CPU {e['cpu_s']:.2f} s, load {e['load_1min']:.1f}) "
            f"| peak RSS {e['peak_rss_mb']:.0f} MB "
            f"(idle {e['idle_peak_rss_mb']:.0f} MB, +{e['peak_rss_mb'] - e['idle_peak_rss_mb']:.0f}) | "
            f"{e['bytes'] / 1e6:.1f} MB file | | |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", action="append", required=True, help="LABEL=URL of a seeded database (repeat)")
    parser.add_argument("--code", default=None, help="run the bot and the CLI from this tree (PYTHONPATH)")
    parser.add_argument("--redis", default=None)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--people", type=int, default=5, help="applicants in the closed loop all along")
    parser.add_argument("--repeat", type=int, default=10, help="each command this many times")
    parser.add_argument("--rest", type=float, default=8.0, help="seconds of applicants at rest")
    parser.add_argument("--json", default=None)
    parser.add_argument("--no-cli", action="store_true", help="leave out nezam-bot export (the bot's side only)")
    parser.add_argument("--only-cli", action="store_true", help="nezam-bot export only (no bot)")
    args = parser.parse_args(argv)
    args.db = [tuple(item.split("=", 1)) for item in args.db]
    run_dir = Path(tempfile.mkdtemp(prefix="bench-staff-"))
    try:
        results = asyncio.run(bench(args, run_dir))
    except BenchError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    say(f"\nharness CPU {usage.ru_utime + usage.ru_stime:.1f} s; run directory {run_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
