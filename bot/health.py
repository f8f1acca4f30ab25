"""What an operator (and ``GET /healthz``, ``bot.http``) can ask: is each service the bot uses there?

Redis is not on the path of an update: dialog positions are in the database, and one user's
updates are kept in order in the process (``bot.polling.Lanes``) and, across processes, by the
database (the user's row, locked by each update's transaction on PostgreSQL; SQLite has one
writer). So Redis down or unreachable at start changes nothing an applicant sees; it is watched
here — a ping every few seconds, one log line when it goes and one when it is back — because the
replicas share through it what is not on an update's way (notification pacing, locks: issue 13),
and each replica falls back to doing that alone while it is down.

``Health.check()`` asks both now (one round trip each, with a timeout): ``/healthz`` answers 503
naming what fails, so that an operator (or the orchestrator) sees a replica without its database,
or replicas pacing their notifications each on its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.periodic import Periodic
from storage.db import ping

log = logging.getLogger("nezam.health")


@dataclass(frozen=True)
class ServiceState:
    up: bool | None  # None: not checked yet
    since: dt.datetime
    problem: str = ""  # the error's type when down (never its text: it may hold the URL)

    @property
    def label(self) -> str:
        return "unknown" if self.up is None else "up" if self.up else "down"


class RedisMonitor(Periodic):
    name = "redis-monitor"

    def __init__(self, client: Redis, *, interval: float = 5.0) -> None:
        super().__init__(interval)
        self.client = client  # the app's (its socket timeouts bound a ping); closed by the app
        self.state = ServiceState(None, dt.datetime.now(dt.UTC))

    async def check(self) -> bool:
        """Ping once; the state changes (and one line is logged) only when it flips."""
        try:
            await self.client.ping()
        except (RedisError, OSError) as exc:
            self._set(False, type(exc).__name__)
            return False
        self._set(True, "")
        return True

    def _set(self, up: bool, problem: str) -> None:
        if self.state.up is up:
            return
        previous = self.state.up
        self.state = ServiceState(up, dt.datetime.now(dt.UTC), problem)
        if up:
            log.log(logging.INFO if previous is None else logging.WARNING, "redis: up")
        else:
            log.warning("redis: down (%s); the bot answers without it", problem)

    async def run_once(self) -> bool:
        return await self.check()

    async def start(self) -> None:
        await self.check()  # known from the start (a ping, within the client's socket timeouts)
        await super().start()


CHECK_SECONDS = 3.0


async def _probe(check: Awaitable[str]) -> str:
    """The check's "ok", or "down: …" naming the error's type (never its text: it may hold a URL)."""
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            return await check
    except TimeoutError:
        return f"down: no answer within {CHECK_SECONDS:g} s"
    except Exception as exc:
        return f"down: {type(exc).__name__}"


class Health:
    """The database and, when configured, Redis: as last seen (``snapshot``) or asked now (``check``)."""

    def __init__(self, engine: AsyncEngine, redis: RedisMonitor | None) -> None:
        self.engine = engine
        self.redis = redis

    def snapshot(self) -> dict[str, str]:
        """What the monitor last saw: ``{"redis": "down"}`` (nothing without Redis)."""
        checks: dict[str, str] = {}
        if self.redis is not None:
            checks["redis"] = self.redis.state.label
        return checks

    async def check(self) -> tuple[bool, dict[str, str]]:
        """(all fine, name → "ok" or "down: …"), each service asked now, side by side."""
        names = ["database"]
        probes = [_probe(self._database())]
        if self.redis is not None:
            names.append("redis")
            probes.append(_probe(self._redis(self.redis)))
        checks = dict(zip(names, await asyncio.gather(*probes), strict=True))
        return all(state == "ok" for state in checks.values()), checks

    async def _database(self) -> str:
        await ping(self.engine)
        return "ok"

    @staticmethod
    async def _redis(monitor: RedisMonitor) -> str:
        return "ok" if await monitor.check() else f"down: {monitor.state.problem}"
