"""Notifications are paced by Telegram's limits — per bot, per chat, per group — in one process,
and across processes when they share Redis (issue 13, item 2); the queue keeps each chat's order
and never lets a slow chat hold up the others."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from redis.asyncio import Redis

from bot.notifier import NotificationQueue
from bot.ratelimit import Limits, LocalRateLimiter, RedisRateLimiter

FAST = Limits(bot=0.02, chat=0.2, group=0.5)
GROUP = -100500


def spread(times: list[float]) -> list[float]:
    ordered = sorted(times)
    return [b - a for a, b in itertools.pairwise(ordered)]


@pytest.fixture
async def redis(redis_server_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_server_url)
    yield client
    await client.aclose()


def test_one_process_spaces_a_bots_messages_and_a_chats() -> None:
    """The slots handed out: the bot's every 20 ms whatever the chat, a chat's own every 200 ms,
    a group's every 500 ms, another bot's apart."""
    limiter = LocalRateLimiter(FAST, groups={GROUP})
    waits = [limiter.reserve(1, chat) for chat in range(10)]
    assert all(reserved for reserved, _ in waits)
    assert [round(wait, 3) for _, wait in waits] == [round(0.02 * n, 3) for n in range(10)]
    reserved, wait = limiter.reserve(1, 0)  # the first chat again: not before its own interval
    assert not reserved
    assert wait == pytest.approx(0.2, abs=0.01)
    assert limiter.reserve(1, GROUP)[0]
    reserved, wait = limiter.reserve(1, GROUP)
    assert not reserved
    assert wait == pytest.approx(0.2 + 0.5, abs=0.01)  # its first slot was the bot's 11th, the next 0.5 s on
    assert limiter.reserve(2, 0) == (True, 0.0)  # another bot: its own budget


async def test_acquire_sleeps_until_the_slot() -> None:
    limiter = LocalRateLimiter(FAST)
    started = time.monotonic()
    for chat in range(6):
        await limiter.acquire(1, chat)
    assert time.monotonic() - started >= 5 * 0.02 - 0.005


def test_an_album_counts_each_photo() -> None:
    limiter = LocalRateLimiter(FAST)
    assert limiter.reserve(1, 7, messages=3) == (True, 0.0)
    reserved, wait = limiter.reserve(1, 7)
    assert not reserved
    assert wait == pytest.approx(3 * 0.2, abs=0.01)


@pytest.mark.redis
async def test_processes_sharing_redis_share_the_budget(redis: Redis) -> None:
    """Three limiters (three replicas) on one Redis, 60 messages to 60 chats: one schedule, the
    bot's next free slot 60 intervals after the first, not 20 (as three schedules would be)."""
    bot_id = int(uuid.uuid4().int % 10**9)
    replicas = [RedisRateLimiter(redis, FAST) for _ in range(3)]
    assert await replicas[0].reserve(bot_id, 0) == (True, 0.0)
    first_next = int(await redis.get(f"nezam:pace:{bot_id}") or 0)
    waits = []
    for n in range(1, 60):
        reserved, wait = await replicas[n % 3].reserve(bot_id, n)
        assert reserved
        waits.append(wait)
    assert int(await redis.get(f"nezam:pace:{bot_id}") or 0) - first_next == 59 * 20_000  # µs, Redis' clock
    assert max(waits) > 0.5  # the last caller waits behind all the others (three schedules: ~0.38 s at most)
    await redis.delete(*[key async for key in redis.scan_iter(match=f"nezam:pace:{bot_id}*")])


@pytest.mark.redis
async def test_a_chat_that_is_not_ready_does_not_take_the_bots_slot(redis: Redis) -> None:
    bot_id = int(uuid.uuid4().int % 10**9)
    limiter = RedisRateLimiter(redis, Limits(bot=0.05, chat=0.5))
    assert await limiter.reserve(bot_id, 1) == (True, 0.0)
    reserved, wait = await limiter.reserve(bot_id, 1)  # the same chat: not yet, and nothing taken
    assert not reserved
    assert wait == pytest.approx(0.5, abs=0.05)
    reserved, wait = await limiter.reserve(bot_id, 2)  # another chat: the bot's next slot
    assert reserved
    assert wait == pytest.approx(0.05, abs=0.02)
    started = time.monotonic()
    await limiter.acquire(bot_id, 1)
    assert time.monotonic() - started >= 0.4
    await redis.delete(*[key async for key in redis.scan_iter(match=f"nezam:pace:{bot_id}*")])


async def test_without_redis_the_process_paces_alone() -> None:
    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)  # nothing listens there
    limiter = RedisRateLimiter(dead, FAST)
    started = time.monotonic()
    for chat in range(5):
        await limiter.acquire(1, chat)
    assert 4 * 0.02 - 0.01 <= time.monotonic() - started < 2.0
    await dead.aclose()


async def test_the_queue_keeps_a_chats_order_and_a_slow_group_holds_no_one_up() -> None:
    queue = NotificationQueue(LocalRateLimiter(Limits(bot=0.001, chat=0.05, group=0.4), groups={GROUP}), workers=4)
    done: list[tuple[int, int]] = []

    class FakeBot:
        id = 1

    def job(chat: int, n: int) -> Callable[[], Awaitable[None]]:
        async def send() -> None:
            await queue.pace(FakeBot(), chat)  # type: ignore[arg-type]
            done.append((chat, n))

        return send

    for n in range(3):
        queue.submit(GROUP, job(GROUP, n))  # the staff group: 0.4 s apart
    for chat in range(1, 11):
        for n in range(2):
            queue.submit(chat, job(chat, n))
    deadline = time.monotonic() + 10
    while len([entry for entry in done if entry[0] != GROUP]) < 20:
        assert time.monotonic() < deadline, done
        await asyncio.sleep(0.005)
    assert len([entry for entry in done if entry[0] == GROUP]) < 3  # all 20 went while the group waits
    for chat in range(1, 11):
        assert [n for c, n in done if c == chat] == [0, 1]  # in order
    await queue.drain(5)
    assert [n for c, n in done if c == GROUP] == [0, 1, 2]
    assert queue.pending == 0
    await queue.stop()
