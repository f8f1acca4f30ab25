"""What an operator (and ``/healthz``, issue 13) can ask: is each service the bot uses there?

Redis is not on the path of an update: dialog positions are in the database, and one user's
updates are kept in order in the process (``bot.polling.Lanes``) and, across processes, by the
database (the user's row, locked by each update's transaction on PostgreSQL; SQLite has one
writer). So Redis down or unreachable at start changes nothing an applicant sees; it is watched
here — a ping every few seconds, one log line when it goes and one when it is back — for the
work that will need it across replicas (issue 13: shared rate limits) and for ``/healthz``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.periodic import Periodic

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

    def __init__(self, url: str, *, interval: float = 5.0, timeout: float = 2.0) -> None:
        super().__init__(interval)
        self.client: Redis = Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
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
        await self.check()  # known from the start (a ping, at most ``timeout`` seconds)
        await super().start()

    async def stop(self) -> None:
        await super().stop()
        await self.client.aclose()


class Health:
    """The state of each service, for ``/healthz``: ``{"redis": "down", …}``."""

    def __init__(self, redis: RedisMonitor | None) -> None:
        self.redis = redis

    def snapshot(self) -> dict[str, str]:
        checks: dict[str, str] = {}
        if self.redis is not None:
            checks["redis"] = self.redis.state.label
        return checks
