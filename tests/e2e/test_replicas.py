"""Issue 13, item 5: three replicas of the real ``nezam-bot run`` in webhook mode behind a
round-robin balancer, on PostgreSQL and Redis, behave as one bot — 50 applicants apply at once
with their updates spread over every replica, one replica is SIGKILLed in the middle, and every
applicant finishes with nothing lost and nothing done twice; a broadcast of 300 notifications from
three replicas never goes faster than Telegram's 30 a second."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import itertools
import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.emulator import BotApiEmulator, ChatMessage, EmulatedBot, FakeUser
from storage import cases
from storage.db import make_engine, make_sessionmaker
from storage.models import Applicant, Case, Degree, FamilyMember, OutboxMessage, WorkflowEvent
from tests.e2e import flows
from tests.e2e.replicas import Cluster, Replica, cluster, fresh_postgres, seed_offices
from tests.factories import with_prefix
from tests.images import photo

pytestmark = [pytest.mark.replicas, pytest.mark.postgres, pytest.mark.redis]

APPLICANTS = int(os.environ.get("REPLICAS_TEST_APPLICANTS", "50"))


@functools.cache
def small_photo(width: int = 1600, height: int = 1200, *, seed: int = 1, marker: bool = True) -> Image.Image:
    """The flows' photos at half the size (still above the 600×400 minimum), made once."""
    return photo(max(width // 2, 640), max(height // 2, 480), seed=seed, marker=marker)


CONTINUE = "📝 ادامه درخواست عضویت"
TRACKING = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")


class PatientUser(FakeUser):
    """A person who, when the bot's answer does not come after their message, does what people do.

    That happens here when the replica handling the message was killed after its transaction
    committed and before its reply went out: the balancer tries the update on another replica,
    which finds it handled already (issue 16) and says nothing. The answer is saved; the person
    presses the button again, or sends /start and "continue", which asks the question the
    database says is next (``patient_expect``)."""

    def __init__(self, emulator: BotApiEmulator, bot: EmulatedBot, user_id: int, died: set[int]) -> None:
        super().__init__(emulator, bot, user_id, "رضا", "fa")
        self.died = died  # update ids a replica took and died with (the balancer's)
        self.recovered: list[int] = []
        self._last: tuple[int, dict[int, int], Callable[[], int] | None] | None = None

    async def _act(
        self, push: Callable[[], int], replies: int | None = None, *, again: Callable[[], int] | None = None
    ) -> list[ChatMessage]:
        before = {m.message_id: m.edited for m in self.messages()}
        update_id = push()
        self._last = (update_id, before, again)
        return await self.settle(update_id, before, within=30, replies=replies)

    async def press(self, text: str, *, replies: int | None = None) -> list[ChatMessage]:
        message, button = self.find_button(text)

        def push() -> int:
            return self.push_callback(message, button["callback_data"])

        return await self._act(push, replies, again=push)

    def _since(self, before: dict[int, int]) -> list[ChatMessage]:
        return [m for m in self.messages() if before.get(m.message_id, -1) != m.edited]

    async def recover(self, needles: tuple[str, ...]) -> list[ChatMessage] | None:
        """After an answer that did not come: the messages since the step, once the needles are
        among them (pressing again first, then /start and continue); None if the step's update
        did not die with a replica (then the missing answer is a real failure)."""
        if self._last is None or self._last[0] not in self.died:
            return None
        update_id, before, again = self._last
        self.recovered.append(update_id)
        if again is not None:
            await self.settle(again(), within=30)
            if all(n in flows.bodies(self._since(before)) for n in needles):
                return self._since(before)
        await self.settle(self.push_text("/start"), within=30)
        await self.settle(self.push_text(CONTINUE), within=30)
        return self._since(before)


async def patient_expect(user: FakeUser, replies: list[ChatMessage], *needles: str) -> None:
    """``flows.expect``, for a person who tries again when the answer died with a replica."""
    if all(n in flows.bodies(replies) for n in needles):
        return
    again = await user.recover(needles) if isinstance(user, PatientUser) else None
    await ORIGINAL_EXPECT(user, again if again is not None else replies, *needles)


ORIGINAL_EXPECT = flows.expect


async def apply(user: PatientUser, n: int, rng: random.Random) -> str:
    """The whole membership application; the tracking code."""
    await flows.identity(user, with_prefix("461", rng), phone=f"+98912{n:07d}")
    await flows.personal(user)
    await flows.education(user)
    await flows.family(user)
    await flows.documents(user)
    replies = await user.press("اطلاعات و مدارک صحیح است")
    found = TRACKING.search(flows.bodies(replies))
    if found is None:  # its reply died with a replica: the status says it
        found = TRACKING.search(flows.bodies(await user.send("/status")))
    assert found is not None, flows.bodies(replies)
    return found.group(0)


@dataclass
class Kill:
    """SIGKILL one replica once ``after`` updates have been answered."""

    after: int
    at: float = 0.0
    answered: int = 0
    in_flight: int = 0

    async def watch(self, c: Cluster, victim: Replica) -> None:
        for _ in itertools.count():
            if len(c.bot.handled or ()) >= self.after:
                break
            await asyncio.sleep(0.01)
        self.in_flight = c.balancer.in_flight[victim.url]
        victim.kill()
        self.at = time.monotonic()
        self.answered = len(c.bot.handled or ())


async def test_fifty_applicants_on_three_replicas_one_killed(
    tmp_path: Path, postgres_server_url: str, redis_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flows, "photo", small_photo)
    monkeypatch.setattr(flows, "expect", patient_expect)
    rng = random.Random(13)
    expected_updates = APPLICANTS * 52  # the flow's steps per applicant
    kill = Kill(after=expected_updates * 2 // 5)
    started = time.monotonic()
    async with fresh_postgres(postgres_server_url) as database_url:
        await seed_offices(database_url)
        async with cluster(tmp_path, database_url, redis_server_url) as c:
            ready = time.monotonic()
            died = c.balancer.failed_updates
            users = [PatientUser(c.emulator, c.bot, 5_000_001 + n, died) for n in range(APPLICANTS)]
            killer = asyncio.create_task(kill.watch(c, c.replicas[1]))
            cpu = time.process_time()
            codes = await asyncio.gather(*(apply(user, n, rng) for n, user in enumerate(users)))
            finished, cpu = time.monotonic(), time.process_time() - cpu
            assert killer.done(), "the run ended before the kill"
            served = {r.name: c.balancer.served[r.url] for r in c.replicas}
            errors = c.errors_logged()
            redelivered = sum(1 for tries in (c.bot.webhook.tries if c.bot.webhook else {}).values() if tries > 1)
        engine = make_engine(database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                statuses = Counter((await session.scalars(select(Case.status))).all())
                events = (
                    await session.execute(select(WorkflowEvent.case_id, WorkflowEvent.action, WorkflowEvent.to_status))
                ).all()
                degrees = Counter((await session.scalars(select(Degree.case_id))).all())
                members = Counter((await session.scalars(select(FamilyMember.case_id))).all())
                people = (
                    await session.execute(
                        select(
                            Applicant.first_name,
                            Applicant.last_name,
                            Applicant.father_name,
                            Applicant.birth_certificate_number,
                            Applicant.mobile,
                        )
                    )
                ).all()
                answers = [
                    await cases.answers(session, case.id) for case in (await session.scalars(select(Case))).all()
                ]
        finally:
            await engine.dispose()
    updates = len(c.bot.handled or ())
    recovered = [u for user in users for u in user.recovered]
    print(  # the figures for the note
        f"\n{APPLICANTS} applicants, {updates} updates; ready in {ready - started:.1f} s, applied in "
        f"{finished - ready:.1f} s (the test process's CPU {cpu:.1f} s); replica-2 SIGKILLed after "
        f"{kill.answered} answered updates, {kill.at - ready:.1f} s in, {kill.in_flight} requests in flight on it; "
        f"{len(died)} updates died with it and were tried on another replica, {redelivered} redelivered by the "
        f"messenger; {len(recovered)} replies lost with it (the person pressed again or sent /start); "
        f"served per replica {served}"
    )
    assert len(set(codes)) == APPLICANTS  # every applicant finished, each with a file of their own
    assert statuses == Counter({"submitted": APPLICANTS})
    assert all(n > updates / 10 for n in served.values())  # spread over all three (one died in the middle)
    assert max(Counter(events).values()) == 1  # no transition twice
    assert len(events) == APPLICANTS  # one submission each
    assert set(degrees.values()) == {1}  # "add degree" never twice
    assert set(members.values()) == {1}
    # no answer lost, none in another field
    assert sorted(str(mobile) for *_, mobile in people) == sorted(f"09120{n:06d}" for n in range(APPLICANTS))
    assert {(first, last, father, cert) for first, last, father, cert, _ in people} == {
        ("رضا", "کریمی", "محمد", "12345")
    }
    for sections in answers:
        given = {name: value for values in sections.values() for name, value in values.items()}
        assert (given.get("residence_postal_code"), given.get("work_postal_code")) == ("8815813344", "8815813355")
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
    tmp_path: Path, postgres_server_url: str, redis_server_url: str
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

            async def unsent() -> int:
                async with make_sessionmaker(engine)() as session:
                    return int(
                        await session.scalar(
                            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                        )
                        or 0
                    )

            async with cluster(tmp_path, database_url, redis_server_url, listener=seen) as c:
                deadline = time.monotonic() + 120
                # every row marked sent, then no replica with a notification queued or sending:
                # nothing can go out any more (a second send of a row would have shown by now)
                while (
                    len(sent) < len(recipients) or await unsent() or any(await c.scrape("nezam_notifications_queued"))
                ):
                    assert time.monotonic() < deadline, f"{len(sent)} of {len(recipients)} sent"
                    await asyncio.sleep(0.1)
                per_replica = await c.outbound_counts("sendMessage")
        finally:
            await engine.dispose()
    times = [at for at, _ in sent]
    rate = busiest_second(times)
    print(  # the figures for the note
        f"\n300 notifications from 3 replicas in {max(times) - min(times):.1f} s; busiest second {rate} messages; "
        f"sent per replica {per_replica}"
    )
    assert sorted(chat for _, chat in sent) == recipients  # each once
    assert rate <= 30
    assert len([n for n in per_replica if n > 0]) == 3  # all three took part
