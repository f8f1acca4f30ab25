"""SQLite on the event loop's own thread (issue 15), behind SQLAlchemy's aiosqlite dialect.

aiosqlite runs every call — execute, fetch, close, BEGIN, COMMIT — in a thread of its own and
hands the result back through the event loop: about ten round trips per update, each waiting its
turn behind whatever else the loop has ready. With one connection taken in turn (one writer,
``storage.db``), the transaction holding it was suspended at each of them while the other updates
queued for it: at 20 people the wait for the connection was p50 81 ms, p99 192 ms (bench_dialog
--count, a quiet machine; 210 and 635 ms on a busy one).

A statement on a local SQLite file takes microseconds, less than one of those round trips; here it
runs inline, COMMIT included, so a transaction lets the loop go only where its handler awaits
something else (a receipt's rendering, a file's storing), and a dialog step never waits for the
connection (at 20 people: p99 0.01 ms, max 0.05; BEGIN IMMEDIATE p99 0.07 ms; 217 instead of
108 updates/s, 0.31 instead of 0.13 of the echo bot's in the same run; 4.4 instead of 8.3 ms of
CPU per update).
COMMIT's fsync (synchronous=FULL: a handled update survives a power cut) holds the loop for about
1 ms, at times 15 ms on this machine's disk; in a worker thread it let a queue form behind the
held connection again (p50 47 ms, p99 115 ms). One wait stays off the loop's thread: another
process holding the lock (the CLI). ``busy_timeout`` is 0, and a statement outside a transaction
(BEGIN, a PRAGMA at connect) is tried again after an asynchronous sleep, for up to
``BUSY_TIMEOUT`` seconds, instead of SQLite's busy handler sleeping on the loop's thread. A long
query (an admin's export of every file) holds the loop while it runs.

What SQLAlchemy's adapter uses of aiosqlite's connection and cursor is provided, no more: not an
isolation level set through SQLAlchemy (its adapter reaches into aiosqlite's queue for that; this
project never sets one on SQLite), nor async iteration of a streamed result (never streamed here).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

BUSY_TIMEOUT = 30.0  # seconds another process may hold the write lock before BEGIN gives up
_BUSY_DELAYS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)


class InlineCursor:
    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        deadline = time.monotonic() + BUSY_TIMEOUT
        attempt = 0
        while True:
            try:
                self._cursor.execute(sql, parameters)
                return self
            except sqlite3.OperationalError as exc:
                # another process holds the lock: BEGIN (or a PRAGMA at connect) waits for it,
                # without holding up the loop. Inside a transaction begun IMMEDIATE on a WAL
                # database the write lock is already ours: a statement is never busy there, and
                # one that were could not be retried without the transaction's earlier statements.
                # SQLITE_BUSY_RECOVERY and _SNAPSHOT are extended codes of SQLITE_BUSY.
                busy = exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
                if not busy or self._cursor.connection.in_transaction or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(_BUSY_DELAYS[min(attempt, len(_BUSY_DELAYS) - 1)])
            attempt += 1

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """A sqlite3 connection with aiosqlite's coroutine interface, run inline."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._closed = False

    @classmethod
    async def open(cls, database: str, *, uri: bool = False) -> InlineConnection:
        # isolation_level None: SQLite's own autocommit; storage.db issues BEGIN IMMEDIATE itself.
        # check_same_thread off: SQLAlchemy may close a connection it throws away from any thread
        connection = sqlite3.connect(database, isolation_level=None, check_same_thread=False, uri=uri, timeout=0)
        return cls(connection)

    @property
    def _connection(self) -> sqlite3.Connection | None:
        # SQLAlchemy's adapter skips COMMIT and ROLLBACK when this is None, as aiosqlite's is once closed
        return None if self._closed else self._conn

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        if self._conn.in_transaction:
            self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(
        self, name: str, num_params: int, func: Callable[..., Any], deterministic: bool = False
    ) -> None:
        self._conn.create_function(name, num_params, func, deterministic=deterministic)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Closes at once; SQLAlchemy's last resort when a connection is thrown away outside the
        loop (the garbage collector, on whatever thread it runs: hence check_same_thread off)."""
        self._closed = True
        self._conn.close()
