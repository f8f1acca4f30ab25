"""The inbox and the position on real SQLite and PostgreSQL: an update is handled at most once,
even when two deliveries of it are handled at the same time; stored updates come back until
handled; the position is kept with the user's row."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import inbox, people
from storage.models import InboxUpdate
from tests.factories import make_national_code


async def test_an_update_is_claimed_once_and_a_rolled_back_claim_never_happened(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        assert await inbox.claim(session, "telegram", 1001, 7)
    async with sessions() as session, session.begin():
        assert not await inbox.claim(session, "telegram", 1001, 7)  # delivered again: a no-op
        assert await inbox.claim(session, "bale", 1001, 7)  # another messenger's update 7
        assert await inbox.claim(session, "telegram", 1002, 7)  # another bot's
    async with sessions() as session, session.begin():
        assert await inbox.claim(session, "telegram", 1001, 8)
        await session.rollback()  # the handling failed: its effects and its mark are gone
    async with sessions() as session, session.begin():
        assert await inbox.claim(session, "telegram", 1001, 8)


async def test_two_deliveries_handled_at_once_one_wins(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A webhook retry on another replica while the first is still handling it: the second waits
    for the first's transaction (PostgreSQL: its row; SQLite: the one writer) and finds it handled."""
    first_claimed = asyncio.Event()
    release = asyncio.Event()

    async def first() -> bool:
        async with sessions() as session, session.begin():
            claimed = await inbox.claim(session, "telegram", 1001, 42)
            first_claimed.set()
            await release.wait()  # still handling: the transaction is open
            return claimed

    async def second() -> bool:
        await first_claimed.wait()
        async with sessions() as session, session.begin():
            return await inbox.claim(session, "telegram", 1001, 42)

    one = asyncio.create_task(first())
    two = asyncio.create_task(second())
    await first_claimed.wait()
    await asyncio.sleep(0.3)
    assert not two.done()  # waiting on the first
    release.set()
    assert (await one, await two) == (True, False)


async def test_stored_updates_come_back_in_order_until_handled_and_lose_their_payload(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        await inbox.store(session, "telegram", 1001, [(12, {"update_id": 12}), (11, {"update_id": 11})])
        await inbox.store(session, "telegram", 1001, [(11, {"update_id": 11, "again": True})])  # kept as it was
        assert await inbox.claim(session, "telegram", 1001, 13)  # handled at once, never stored
        await inbox.store(session, "telegram", 1001, [(13, {"update_id": 13})])  # stored after: stays handled
    async with sessions() as session:
        assert await inbox.pending(session, "telegram", 1001) == [(11, {"update_id": 11}), (12, {"update_id": 12})]
        assert await inbox.pending(session, "bale", 1001) == []
    async with sessions() as session, session.begin():
        assert await inbox.claim(session, "telegram", 1001, 11)
    async with sessions() as session:
        assert await inbox.pending(session, "telegram", 1001) == [(12, {"update_id": 12})]
        row = await session.get(InboxUpdate, ("telegram", 1001, 11))
        assert row is not None and row.payload is None and row.handled_at is not None  # only the mark is kept


async def test_a_failed_update_is_marked_so_it_is_not_replayed(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        await inbox.store(session, "telegram", 1001, [(20, {"update_id": 20})])
    async with sessions() as session, session.begin():
        assert await inbox.claim(session, "telegram", 1001, 20, failed=True)
    async with sessions() as session:
        assert await inbox.pending(session, "telegram", 1001) == []
        row = await session.get(InboxUpdate, ("telegram", 1001, 20))
        assert row is not None and row.failed


async def test_old_marks_are_forgotten(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        for update_id in (1, 2):
            await inbox.claim(session, "telegram", 1001, update_id)
        await inbox.store(session, "telegram", 1001, [(3, {"update_id": 3})])
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=4)
        await session.execute(update(InboxUpdate).where(InboxUpdate.update_id == 1).values(handled_at=long_ago))
    async with sessions() as session, session.begin():
        assert await inbox.prune(session) == 1
    async with sessions() as session:
        assert not await inbox.is_handled(session, "telegram", 1001, 1)
        assert await inbox.is_handled(session, "telegram", 1001, 2)
        assert await inbox.pending(session, "telegram", 1001) == [(3, {"update_id": 3})]  # unhandled: kept


async def test_the_position_is_read_with_the_user_and_written_only_by_set_position(session: AsyncSession) -> None:
    user = await people.upsert_user(session, "telegram", 31, 31)
    assert user.position is None
    await people.set_position(session, user.id, {"step": "form:answering", "form": "identity", "field": "first_name"})
    again = await people.upsert_user(session, "telegram", 31, 31)  # every update's upsert keeps it
    assert again.position == {"step": "form:answering", "form": "identity", "field": "first_name"}
    await people.set_position(session, user.id, None)
    assert (await people.upsert_user(session, "telegram", 31, 31)).position is None


async def test_attempts_at_another_applicants_national_code_are_counted(session: AsyncSession) -> None:
    owner = await people.upsert_user(session, "telegram", 41, 41)
    await people.set_verified_mobile(session, owner.id, "09121111111")
    owner = await people.upsert_user(session, "telegram", 41, 41)
    code = make_national_code()
    applicant = await people.claim_national_code(session, owner, code)
    other = await people.upsert_user(session, "bale", 42, 42)
    assert (await people.code_attempts(session, applicant.id)).count == 0
    assert await people.record_code_attempt(session, applicant.id, other.id)  # the first: staff are told
    assert not await people.record_code_attempt(session, applicant.id, other.id)  # again: counted only
    attempts = await people.code_attempts(session, applicant.id)
    assert (attempts.count, attempts.accounts) == (2, 1)
    assert attempts.last is not None and attempts.last.tzinfo is not None
