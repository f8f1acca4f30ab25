"""Notifications are paced by Telegram's limits — per bot, per chat, per group — in one process,
and across processes when they share Redis (issue 13, item 2); the queue keeps each chat's order
and never lets a slow chat hold up the others."""

from __future__ import annotations

import asyncio
import itertools
import os
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
async def redis() -> AsyncIterator[Redis]:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs TEST_REDIS_URL")
    client = Redis.from_url(url)
    yield client
    await client.aclose()


async def test_one_process_spaces_a_bots_messages_and_a_chats() -> None:
    limiter = LocalRateLimiter(FAST, groups={GROUP})
    started = time.monotonic()
    times = []
    for chat in range(10):  # ten chats: the bot's interval
        await limiter.acquire(1, chat)
        times.append(time.monotonic())
    assert min(spread(times)) >= 0.02 - 0.005
    await limiter.acquire(1, 0)  # the first chat again: its own interval since its first message
    assert time.monotonic() - started >= 0.2 - 0.005
    first = time.monotonic()
    await limiter.acquire(1, GROUP)
    await limiter.acquire(1, GROUP)
    assert time.monotonic() - first >= 0.5 - 0.005  # a group waits longer
    await limiter.acquire(2, 0)  # another bot: its own budget, at once
    assert time.monotonic() - first < 0.6


async def test_an_album_counts_each_photo() -> None:
    limiter = LocalRateLimiter(FAST)
    await limiter.acquire(1, 7, messages=3)
    started = time.monotonic()
    await limiter.acquire(1, 7)
    assert time.monotonic() - started >= 3 * 0.2 - 0.01


@pytest.mark.redis
async def test_processes_sharing_redis_share_the_budget(redis: Redis) -> None:
    """Three limiters (three replicas) on one Redis send 60 messages to 60 chats: evenly spaced
    by the one bot interval, not three times as fast."""
    bot_id = int(uuid.uuid4().int % 10**9)
    replicas = [RedisRateLimiter(redis, FAST) for _ in range(3)]
    times: list[float] = []

    async def replica(limiter: RedisRateLimiter, chats: range) -> None:
        for chat in chats:
            await limiter.acquire(bot_id, chat)
            times.append(time.monotonic())

    started = time.monotonic()
    await asyncio.gather(*(replica(r, range(n * 20, n * 20 + 20)) for n, r in enumerate(replicas)))
    took = time.monotonic() - started
    assert took >= 59 * 0.02 - 0.05  # one budget for all three
    gaps = spread(times)
    assert sorted(gaps)[len(gaps) // 10] >= 0.02 * 0.5  # evenly spaced, not in bursts
    await redis.delete(*[key async for key in redis.scan_iter(match=f"nezam:pace:{bot_id}*")])


@pytest.mark.redis
async def test_a_chat_that_is_not_ready_does_not_take_the_bots_slot(redis: Redis) -> None:
    bot_id = int(uuid.uuid4().int % 10**9)
    limiter = RedisRateLimiter(redis, Limits(bot=0.05, chat=0.5))
    await limiter.acquire(bot_id, 1)
    waiting = asyncio.create_task(limiter.acquire(bot_id, 1))  # the same chat: waits ~0.5 s
    await asyncio.sleep(0.06)
    started = time.monotonic()
    await limiter.acquire(bot_id, 2)  # another chat goes in the meantime
    assert time.monotonic() - started < 0.1
    await waiting
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
    await asyncio.sleep(0.3)
    applicants = [entry for entry in done if entry[0] != GROUP]
    assert len(applicants) == 20  # all went while the group waits
    for chat in range(1, 11):
        assert [n for c, n in done if c == chat] == [0, 1]  # in order
    await queue.drain(5)
    assert [n for c, n in done if c == GROUP] == [0, 1, 2]
    assert queue.pending == 0
    await queue.stop()
