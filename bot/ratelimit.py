"""Outbound pacing for notifications (the outbox, notices): Telegram's published limits — about 30
messages a second per bot, one a second per chat, 20 a minute per group — kept by every replica
together when they share Redis, by the one process otherwise.

The algorithm is GCRA (a "theoretical arrival time" per key): each key remembers the earliest time
its next message may go. ``acquire(bot, chat)`` reserves the bot's next slot and the chat's at
once and sleeps until it: a broadcast from several replicas is spaced evenly, never bunched. When
the chat is the one that is not ready (a second message to the same person within a second), the
bot's slot is not taken (other chats use it) and the caller waits for the chat, then tries again.
A caller that wakes up late for its slot (a busy event loop) takes a new one rather than send
bunched together with the next slots' messages — twice at most, so that a replica that is always
late still sends.

With Redis the check-and-reserve is one Lua script, timed by Redis' own clock, so replicas on
machines with different clocks agree. If Redis fails, the process falls back to its own pacing
(one log line) until Redis answers again: replicas may then send more than 30 a second together,
which the messenger answers with 429s that the bot session waits out (``bot.session``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """Seconds between two messages: of one bot, to one private chat, to one group."""

    @classmethod
    def emulated(cls) -> Limits:
        """For the emulator (tests, the sandbox), which limits nothing: paced all the same, in
        the same order, ten times as fast."""
        return cls(bot=1 / 250, chat=0.1, group=0.1)

    # 25 rather than 30 a second: the limit must hold where the messenger counts, after the jitter of
    # the event loops and the network (measured: at 28 a second, 30 arrived within one second)
    bot: float = 1 / 25
    chat: float = 1.0
    group: float = 60 / 20


LATE = 0.05  # seconds after its slot a send no longer goes: it takes a new slot …
RESLOTS = 2  # … this many times at most


async def _sleep_until_slot(wait: float) -> bool:
    """Sleep ``wait`` seconds; False when the loop woke up too late for the slot."""
    if wait <= 0:
        return True
    woke = time.monotonic() + wait
    await asyncio.sleep(wait)
    return time.monotonic() - woke <= LATE


class RateLimiter(Protocol):
    async def acquire(self, bot_id: int, chat_id: int, messages: int = 1) -> None:
        """Return when ``messages`` messages (an album counts each photo) may go to ``chat_id``."""


class _Pacer:
    """What both limiters share: which chats are groups, and the intervals."""

    def __init__(self, limits: Limits, groups: Collection[int]) -> None:
        self.limits = limits
        self.groups = frozenset(groups)

    def chat_interval(self, chat_id: int) -> float:
        return self.limits.group if chat_id in self.groups else self.limits.chat


class LocalRateLimiter(_Pacer):
    """The same GCRA in this process (no Redis, or while Redis is down)."""

    PRUNE_AT = 10_000  # chat entries kept before the ones in the past are forgotten

    def __init__(self, limits: Limits = Limits(), groups: Collection[int] = ()) -> None:
        super().__init__(limits, groups)
        self._bots: dict[int, float] = {}
        self._chats: dict[tuple[int, int], float] = {}

    def reserve(self, bot_id: int, chat_id: int, messages: int = 1) -> tuple[bool, float]:
        """(reserved, seconds to wait): reserved → send after the wait; else wait and ask again."""
        now = time.monotonic()
        chat_ready = self._chats.get((bot_id, chat_id), 0.0)
        if chat_ready > now:
            return False, chat_ready - now
        slot = max(now, self._bots.get(bot_id, 0.0))
        self._bots[bot_id] = slot + self.limits.bot * messages
        self._chats[(bot_id, chat_id)] = slot + self.chat_interval(chat_id) * messages
        if len(self._chats) > self.PRUNE_AT:
            self._chats = {key: ready for key, ready in self._chats.items() if ready > now}
        return True, slot - now

    async def acquire(self, bot_id: int, chat_id: int, messages: int = 1) -> None:
        late = 0
        while True:
            reserved, wait = self.reserve(bot_id, chat_id, messages)
            on_time = await _sleep_until_slot(wait)
            if reserved and (on_time or late == RESLOTS):
                return
            late += reserved


# KEYS: the bot's key, the chat's key. ARGV: the bot's interval, the chat's interval (µs, already
# times the number of messages). Returns {1, µs to wait} when reserved, {0, µs to wait} when the
# chat is not ready (nothing reserved).
_GCRA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local chat_ready = tonumber(redis.call('GET', KEYS[2]) or '0')
if chat_ready > now then
  return {0, chat_ready - now}
end
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local bot_next = slot + tonumber(ARGV[1])
local chat_next = slot + tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.0f', bot_next), 'PX', math.ceil((bot_next - now) / 1000) + 1000)
redis.call('SET', KEYS[2], string.format('%.0f', chat_next), 'PX', math.ceil((chat_next - now) / 1000) + 1000)
return {1, slot - now}
"""


class RedisRateLimiter(_Pacer):
    """GCRA in Redis: every replica's notifications paced together."""

    PREFIX = "nezam:pace"

    def __init__(self, redis: Redis, limits: Limits = Limits(), groups: Collection[int] = ()) -> None:
        super().__init__(limits, groups)
        self._script = redis.register_script(_GCRA)
        self._fallback = LocalRateLimiter(limits, groups)
        self._redis_down = False

    async def reserve(self, bot_id: int, chat_id: int, messages: int = 1) -> tuple[bool, float]:
        """As ``LocalRateLimiter.reserve``, in Redis; raises what Redis raises."""
        keys = [f"{self.PREFIX}:{bot_id}", f"{self.PREFIX}:{bot_id}:{chat_id}"]
        intervals = [round(self.limits.bot * messages * 1e6), round(self.chat_interval(chat_id) * messages * 1e6)]
        reserved, wait_us = await self._script(keys=keys, args=intervals)
        return bool(reserved), wait_us / 1e6

    async def acquire(self, bot_id: int, chat_id: int, messages: int = 1) -> None:
        late = 0
        while True:
            try:
                reserved, wait = await self.reserve(bot_id, chat_id, messages)
            except (RedisError, OSError) as exc:
                if not self._redis_down:
                    log.warning("redis: %s; notifications are paced by this process alone", type(exc).__name__)
                    self._redis_down = True
                await self._fallback.acquire(bot_id, chat_id, messages)
                return
            if self._redis_down:
                log.warning("redis: back; notifications are paced across replicas again")
                self._redis_down = False
            on_time = await _sleep_until_slot(wait)
            if reserved and (on_time or late == RESLOTS):
                return
            late += reserved
