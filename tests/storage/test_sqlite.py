"""SQLite on the event loop's thread (``storage.sqlite``): another process holding the write lock
is waited for without holding up the loop, and not forever."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import people, sqlite
from storage.db import make_engine, make_sessionmaker
from storage.models import MessengerUser


@pytest.fixture
def path(sqlite_template: Path, tmp_path: Path) -> Path:
    shutil.copy(sqlite_template, tmp_path / "bot.db")
    return tmp_path / "bot.db"


@pytest.fixture
async def engine(path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    yield engine
    await engine.dispose()


@pytest.fixture
def other_writer(path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's connection (the CLI's), holding the write lock until it commits."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()


async def add_user(engine: AsyncEngine, user_id: int) -> None:
    async with make_sessionmaker(engine)() as session, session.begin():
        await people.upsert_user(session, "telegram", user_id, user_id)


async def test_a_transaction_waits_for_another_writer_while_the_loop_goes_on(
    engine: AsyncEngine, other_writer: sqlite3.Connection
) -> None:
    writing = asyncio.create_task(add_user(engine, 7))
    ticks = 0
    while ticks < 50:  # the loop runs other work meanwhile (SQLite's busy handler would block it)
        await asyncio.sleep(0.001)
        ticks += 1
    assert not writing.done()  # still waiting for the lock
    other_writer.execute("COMMIT")
    await asyncio.wait_for(writing, 10)
    async with make_sessionmaker(engine)() as session:
        assert await session.scalar(select(func.count()).select_from(MessengerUser)) == 1


async def test_a_writer_that_never_lets_go_makes_the_transaction_fail(
    engine: AsyncEngine, other_writer: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT", 0.05)
    with pytest.raises(OperationalError, match="locked"):
        await asyncio.wait_for(add_user(engine, 8), 10)
