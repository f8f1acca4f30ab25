"""Each user's message with buttons, written behind the updates (issue 29): notes of many users
in one transaction; the noting process reads its own note until it is written; a stop writes
what is left; a newer note of the same user is never overwritten by an older one."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.buttons import ButtonsKeeper
from storage import people


async def users(sessions: async_sessionmaker[AsyncSession], count: int) -> list[int]:
    async with sessions() as session, session.begin():
        return [(await people.upsert_user(session, "telegram", 7100 + n, 7100 + n)).id for n in range(count)]


async def asked(sessions: async_sessionmaker[AsyncSession], user_id: int) -> tuple[int, int] | None:
    async with sessions() as session:
        found = await people.get_user(session, user_id)
    assert found is not None
    return found.asked


async def test_notes_are_written_behind_and_read_fresh_until_then(sessions: async_sessionmaker[AsyncSession]) -> None:
    first, second, third = await users(sessions, 3)
    keeper = ButtonsKeeper(sessions)
    keeper.keep(first, (7100, 11))
    keeper.keep(second, (7101, 12))
    keeper.keep(first, (7100, 13))  # a newer note of the same user, before the writer ran
    async with sessions() as session:
        read = await people.get_user(session, first)
    assert read is not None and read.asked is None  # not written yet …
    assert keeper.fresher(read).asked == (7100, 13)  # … but this process knows it
    await keeper.close()
    assert await asked(sessions, first) == (7100, 13)
    assert await asked(sessions, second) == (7101, 12)
    assert await asked(sessions, third) is None
    keeper.keep(first, None)  # its buttons are gone
    await keeper.close()
    assert await asked(sessions, first) is None
    async with sessions() as session:
        read = await people.get_user(session, second)
    assert read is not None and keeper.fresher(read).asked == (7101, 12)  # nothing noted: as read
