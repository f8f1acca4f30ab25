"""Several real ``nezam-bot run`` processes in webhook mode behind a round-robin load balancer
(``bot.emulator.balancer``), sharing a PostgreSQL database of their own and Redis, against the
emulator — as a province deploys it (issue 13)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.emulator import BotApiEmulator, EmulatedBot
from bot.emulator.balancer import LoadBalancer
from bot.emulator.redis_keys import forget_bot_keys
from bot.emulator.server import Listener
from storage import offices
from storage.db import make_engine, make_sessionmaker, upgrade_async
from tests.bot.cli import ROOT, process_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def fresh_postgres(server_url: str) -> AsyncIterator[str]:
    """A database of its own, migrated; dropped after."""
    name = f"nezam_replicas_{uuid.uuid4().hex[:8]}"
    base = make_url(server_url)
    admin = create_engine(
        base.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        await upgrade_async(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


async def seed_offices(url: str) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await offices.seed_sample_offices(session)
    finally:
        await engine.dispose()


@dataclass
class Replica:
    name: str
    port: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(  # our own interpreter and package
                [sys.executable, "-m", "bot.cli", "run"],
                env=self.env,
                cwd=self.log.parent,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    async def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        for _ in range(300):
            if self.proc.poll() is not None:
                return
            await asyncio.sleep(0.05)
        self.proc.kill()
        self.proc.wait()

    def log_lines(self) -> list[str]:
        return self.log.read_text("utf-8", errors="replace").splitlines() if self.log.exists() else []


@dataclass
class Cluster:
    emulator: BotApiEmulator
    balancer: LoadBalancer
    replicas: list[Replica]
    bot: EmulatedBot
    database_url: str
    secret: str
    files: Path
    extra: dict[str, str] = field(default_factory=dict)

    async def wait_ready(self, within: float = 90.0) -> None:
        """Every replica answers /healthz 200 and the webhook is registered."""
        deadline = asyncio.get_running_loop().time() + within
        async with aiohttp.ClientSession() as http:
            for replica in self.replicas:
                while True:
                    if not replica.alive():
                        raise AssertionError(f"{replica.name} exited: {replica.log_lines()[-5:]}")
                    with contextlib.suppress(aiohttp.ClientError):
                        async with http.get(replica.url + "/healthz") as response:
                            if response.status == 200:
                                break
                    if asyncio.get_running_loop().time() > deadline:
                        raise AssertionError(f"{replica.name} not ready: {replica.log_lines()[-5:]}")
                    await asyncio.sleep(0.1)
        while self.bot.webhook is None:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("no replica registered the webhook")
            await asyncio.sleep(0.05)

    async def scrape(self, sample: str) -> list[float]:
        """Each live replica's value of ``sample`` (a metric's name and labels) from its /metrics."""
        values = []
        async with aiohttp.ClientSession() as http:
            for replica in self.replicas:
                if not replica.alive():
                    continue
                async with http.get(replica.url + "/metrics") as response:
                    text = await response.text()
                found = [float(row.split()[-1]) for row in text.splitlines() if row.startswith(sample + " ")]
                values.append(found[0] if found else 0.0)
        return values

    async def outbound_counts(self, method: str) -> list[int]:
        """Each replica's successful ``method`` calls."""
        return [int(n) for n in await self.scrape(f'nezam_outbound_calls_total{{method="{method}",status="ok"}}')]

    def errors_logged(self) -> list[str]:
        return [
            f"{r.name}: {line}"
            for r in self.replicas
            for line in r.log_lines()
            if " ERROR " in line or line.startswith("Traceback")
        ]


@contextlib.asynccontextmanager
async def cluster(
    tmp: Path,
    database_url: str,
    redis_url: str,
    *,
    replicas: int = 3,
    listener: Listener | None = None,
    **extra: str,
) -> AsyncIterator[Cluster]:
    """``replicas`` bot processes on one Telegram bot of the emulator, behind a balancer;
    ``listener`` sees every message from the start."""
    emulator = BotApiEmulator()
    if listener is not None:
        emulator.listeners.append(listener)
    emulator.webhook_retry_delay = 0.3
    bot_id = 9_000_000 + int.from_bytes(os.urandom(3), "big")
    bot = emulator.add_bot(f"{bot_id}:replicas-test", "telegram")
    bot.handled = set()
    await emulator.start()
    ports = [free_port() for _ in range(replicas)]
    balancer = LoadBalancer([f"http://127.0.0.1:{port}" for port in ports])
    await balancer.start()
    secret = secrets.token_hex(24)  # made now, never stored
    files = tmp / "files"  # one folder for every replica, as a shared volume would be
    env = process_env(
        TELEGRAM_TOKEN=bot.token,
        TELEGRAM_API_BASE=emulator.base_url,
        WEBHOOK_URL=balancer.url,
        WEBHOOK_SECRET=secret,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        FILES_DIR=str(files),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    env["PYTHONPATH"] = str(ROOT)
    members = [
        Replica(f"replica-{n + 1}", port, {**env, "LISTEN": f"127.0.0.1:{port}"}, tmp / f"replica-{n + 1}.log")
        for n, port in enumerate(ports)
    ]
    found = Cluster(emulator, balancer, members, bot, database_url, secret, files, dict(extra))
    try:
        for replica in members:
            replica.start()
        await found.wait_ready()
        yield found
    except BaseException:
        # the replicas' logs go with the test's tmp dir: what they raised is printed with the failure
        for replica in members:
            print(f"--- {replica.name}'s log (last 200 lines)", *replica.log_lines()[-200:], sep="\n")
        raise
    finally:
        for replica in members:
            await replica.stop()
        await balancer.stop()
        await emulator.stop()
        await forget_bot_keys(redis_url, bot_id)
