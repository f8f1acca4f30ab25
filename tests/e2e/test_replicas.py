"""Issue 13, item 5: three replicas of the real ``nezam-bot run`` in webhook mode behind a
round-robin balancer, on PostgreSQL and Redis, behave as one bot — 50 applicants apply at once
with their updates spread over every replica, one replica is SIGKILLed in the middle, and every
applicant finishes with nothing lost and nothing done twice; a broadcast of 300 notifications from
three replicas never goes faster than Telegram's 30 a second."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import random
import time
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.emulator import ChatMessage, FakeUser
from storage.db import make_engine, make_sessionmaker
from storage.models import Case, Degree, FamilyMember, OutboxMessage, WorkflowEvent
from tests.e2e import flows
from tests.e2e.replicas import cluster, fresh_postgres, seed_offices
from tests.factories import with_prefix
from tests.images import photo

pytestmark = [pytest.mark.replicas, pytest.mark.postgres, pytest.mark.redis]

APPLICANTS = int(os.environ.get("REPLICAS_TEST_APPLICANTS", "50"))


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("the replicas tests need TEST_REDIS_URL")
        pytest.skip("the replicas tests need TEST_REDIS_URL")
    return url


@functools.cache
def small_photo(width: int = 1600, height: int = 1200, *, seed: int = 1, marker: bool = True) -> Image.Image:
    """The flows' photos at a third of the size (still above the 600×400 minimum), made once."""
    return photo(max(width // 2, 640), max(height // 2, 480), seed=seed, marker=marker)


async def apply(user: FakeUser, n: int, rng: random.Random) -> str:
    await flows.identity(user, with_prefix("461", rng), phone=f"+98912{n:07d}")
    await flows.personal(user)
    await flows.education(user)
    await flows.family(user)
    await flows.documents(user)
    return await flows.submit(user)


async def test_fifty_applicants_on_three_replicas_one_killed(
    tmp_path: Path, postgres_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flows, "photo", small_photo)
    rng = random.Random(13)
    started = time.monotonic()
    async with fresh_postgres(postgres_server_url) as database_url:
        await seed_offices(database_url)
        async with cluster(tmp_path, database_url, redis_url()) as c:
            ready = time.monotonic()
            cpu = time.process_time()
            users = [c.emulator.user(c.bot.token, 5_000_001 + n, "رضا") for n in range(APPLICANTS)]
            codes = await asyncio.gather(*(apply(user, n, rng) for n, user in enumerate(users)))
            finished = time.monotonic()
            cpu = time.process_time() - cpu
            served = dict(c.balancer.served)
            errors = c.errors_logged()
        engine = make_engine(database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                statuses = Counter((await session.scalars(select(Case.status))).all())
                events = (
                    await session.execute(select(WorkflowEvent.case_id, WorkflowEvent.action, WorkflowEvent.to_status))
                ).all()
                degrees = Counter((await session.scalars(select(Degree.case_id))).all())
                members = Counter((await session.scalars(select(FamilyMember.case_id))).all())
        finally:
            await engine.dispose()
    updates = len(c.bot.handled or ())
    print(  # the figures for the note
        f"\n{APPLICANTS} applicants, {updates} updates, ready in {ready - started:.1f} s, "
        f"applied in {finished - ready:.1f} s (the test process's CPU {cpu:.1f} s); served per replica {served}"
    )
    assert len(set(codes)) == APPLICANTS
    assert statuses == Counter({"submitted": APPLICANTS})
    assert all(len(served) == 3 and n > updates / 6 for n in [min(served.values())])  # spread over all
    assert max(Counter(events).values()) == 1  # no transition twice
    assert set(degrees.values()) == {1}
    assert set(members.values()) == {1}
    assert errors == []


def busiest_second(times: list[float]) -> int:
    """The most messages in any window of one second."""
    ordered = sorted(times)
    most, start = 0, 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_a_broadcast_from_three_replicas_stays_under_thirty_a_second(
    tmp_path: Path, postgres_server_url: str
) -> None:
    """300 notifications left in the outbox (e.g. by a crashed run) are sent by three replicas at
    once: each goes once, and the emulator never sees more than 30 in a second."""
    recipients = [6_000_001 + n for n in range(300)]
    sent: list[tuple[float, int]] = []

    def seen(_: object, message: ChatMessage) -> None:
        if message.from_bot and message.edited == 0:
            sent.append((time.monotonic(), message.chat_id))

    async with fresh_postgres(postgres_server_url) as database_url:
        engine = make_engine(database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
                session.add_all(
                    OutboxMessage(
                        platform="telegram",
                        chat_id=chat,
                        method="sendMessage",
                        params={"chat_id": chat, "text": f"اطلاعیه {n}"},
                        created_at=long_ago,
                    )
                    for n, chat in enumerate(recipients)
                )
            async with cluster(tmp_path, database_url, redis_url(), listener=seen) as c:
                for _ in range(600):  # a minute at most
                    if len(sent) >= len(recipients):
                        break
                    await asyncio.sleep(0.1)
                await asyncio.sleep(1.5)  # anything sent twice would show now
                per_replica = await c.outbound_counts("sendMessage")
            async with make_sessionmaker(engine)() as session:
                unsent = await session.scalar(
                    select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                )
        finally:
            await engine.dispose()
    times = [at for at, _ in sent]
    rate = busiest_second(times)
    print(  # the figures for the note
        f"\n300 notifications from 3 replicas in {max(times) - min(times):.1f} s; busiest second {rate} messages; "
        f"sent per replica {per_replica}"
    )
    assert sorted(chat for _, chat in sent) == recipients  # each once
    assert unsent == 0
    assert rate <= 30
    assert len([n for n in per_replica if n > 0]) == 3  # all three took part
