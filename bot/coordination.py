"""What replicas agree on through Redis: work one of them does for all (the webhook's
registration, the admins' notice at start), and locks around it. Without Redis there is one
process, which does everything itself; when Redis fails the process does it too (a duplicate
notice is better than none) and says so in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
import time
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

PREFIX = "nezam"

# deletes the lock only if it is still ours (it may have expired and been taken by another replica)
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
# extends the lease only if it is still ours
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class Coordination:
    def __init__(self, redis: Redis | None) -> None:
        self.redis = redis

    async def once(self, name: str, within: float) -> bool:
        """True for the first replica to ask within ``within`` seconds (always without Redis)."""
        if self.redis is None:
            return True
        try:
            return bool(await self.redis.set(f"{PREFIX}:once:{name}", "1", nx=True, px=round(within * 1000)))
        except (RedisError, OSError) as exc:
            log.warning("redis: %s; %s done by this replica without asking the others", type(exc).__name__, name)
            return True

    async def get(self, name: str) -> str | None:
        if self.redis is None:
            return None
        try:
            value = await self.redis.get(f"{PREFIX}:{name}")
        except (RedisError, OSError):
            return None
        return value.decode() if isinstance(value, bytes) else value

    async def set(self, name: str, value: str) -> None:
        if self.redis is not None:
            with contextlib.suppress(RedisError, OSError):
                await self.redis.set(f"{PREFIX}:{name}", value)

    @contextlib.asynccontextmanager
    async def lease(self, name: str, *, seconds: float = 30.0, waiting: str = "") -> AsyncIterator[None]:
        """Held by one replica at a time for as long as it runs (renewed every third of
        ``seconds``; a replica that dies loses it within ``seconds``); the others wait here, saying
        ``waiting`` once. Without Redis, or when Redis fails, held at once."""
        if self.redis is None:
            yield
            return
        key, token, held = f"{PREFIX}:lease:{name}", secrets.token_hex(8), False
        try:
            for attempt in itertools.count():
                held = bool(await self.redis.set(key, token, nx=True, px=round(seconds * 1000)))
                if held:
                    break
                if attempt == 0 and waiting:
                    log.warning("%s", waiting)
                await asyncio.sleep(seconds / 3)
        except (RedisError, OSError) as exc:
            log.warning("redis: %s; %s taken without asking the others", type(exc).__name__, name)
        renewing = asyncio.create_task(self._renew(key, token, seconds)) if held else None
        try:
            yield
        finally:
            if renewing is not None:
                renewing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewing
                with contextlib.suppress(RedisError, OSError):
                    await self.redis.eval(_RELEASE, 1, key, token)

    async def _renew(self, key: str, token: str, seconds: float) -> None:
        assert self.redis is not None
        while True:
            await asyncio.sleep(seconds / 3)
            try:
                if not await self.redis.eval(_RENEW, 1, key, token, str(round(seconds * 1000))):
                    log.error("%s: the lease went to another replica (this one was unreachable too long)", key)
            except (RedisError, OSError) as exc:
                log.warning("redis: %s; the lease %s is not renewed this time", type(exc).__name__, key)

    @contextlib.asynccontextmanager
    async def lock(self, name: str, *, hold: float = 30.0, wait: float = 60.0) -> AsyncIterator[None]:
        """One replica at a time inside (held at most ``hold`` seconds); after ``wait`` seconds of
        waiting, or without Redis, in anyway."""
        if self.redis is None:
            yield
            return
        key, token = f"{PREFIX}:lock:{name}", secrets.token_hex(8)
        deadline = time.monotonic() + wait
        held = False
        try:
            while not held:
                held = bool(await self.redis.set(key, token, nx=True, px=round(hold * 1000)))
                if not held:
                    if time.monotonic() > deadline:
                        log.warning("%s: waited %.0f s for another replica; going ahead", name, wait)
                        break
                    await asyncio.sleep(0.1)
        except (RedisError, OSError) as exc:
            log.warning("redis: %s; %s without a lock", type(exc).__name__, name)
        try:
            yield
        finally:
            if held:
                with contextlib.suppress(RedisError, OSError):
                    await self.redis.eval(_RELEASE, 1, key, token)
