"""What replicas agree on through Redis: work one of them does for all (the webhook's
registration, the admins' notice at start), and locks around it. Without Redis there is one
process, which does everything itself; when Redis fails the process does it too (a duplicate
notice is better than none) and says so in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
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
