"""``nezam-bot run`` with counters, for ``scripts/bench_dialog.py --count``.

Instrumentation only: the bot is the unchanged ``bot.cli.main(["run"])``; this wrapper adds
class-level SQLAlchemy event listeners and wraps a few driver methods to count, per process:

- SQL statements by verb and table, identical SELECTs (same statement and parameters) repeated
  within one transaction, transactions committed and rolled back, pool checkouts and resets,
  and on PostgreSQL (asyncpg) every round trip the adapter makes: pre-ping (BEGIN, ``;``,
  ROLLBACK), BEGIN, statement (prepare on a cache miss + execute), COMMIT, ROLLBACK;
- on SQLite the time each ``BEGIN IMMEDIATE`` waits for the write lock, and the time a
  transaction waits for a connection from the pool (SQLite: the one connection, taken in turn:
  together, the wait for the database's lock);
- the time a full (generation 2) garbage collection stops the process;
- Redis commands by name (aiogram's FSM storage and its event-isolation lock).

On SIGUSR1 it writes what it counted since the previous SIGUSR1 to ``$BENCH_PROBE_OUT`` (JSON,
replaced atomically; ``seq`` increases by one per signal) and starts counting afresh, so the
benchmark can bracket exactly its measured window.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import time
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

counters: Counter[str] = Counter()
samples: dict[str, list[float]] = {}
_seq = 0
_TABLE_PATTERNS = (
    ("SELECT", re.compile(r"\bFROM\s+\"?(\w+)", re.I)),
    ("INSERT", re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)", re.I)),
    ("UPDATE", re.compile(r"^\s*UPDATE\s+\"?(\w+)", re.I)),
    ("DELETE", re.compile(r"^\s*DELETE\s+FROM\s+\"?(\w+)", re.I)),
)
_kinds: dict[str, tuple[str, str]] = {}


def classify(statement: str) -> tuple[str, str]:
    """(verb, table) of a statement, e.g. ("SELECT", "applicants"); cached per statement text."""
    found = _kinds.get(statement)
    if found is not None:
        return found
    words = statement.split(None, 2)
    verb = words[0].upper() if words else "?"
    if verb == "BEGIN" and len(words) > 1:
        verb = f"BEGIN {words[1].upper()}"
    table = ""
    for name, pattern in _TABLE_PATTERNS:
        if verb == name:
            match = pattern.search(statement)
            table = match.group(1) if match else ""
    _kinds[statement] = (verb, table)
    return verb, table


def sample(name: str, value: float) -> None:
    samples.setdefault(name, []).append(value)


_PROJECT = ("storage.", "conversations.", "bot.")


def call_site(depth: int = 3) -> str:
    """The project functions (innermost first) that issued the statement being executed.

    SQLAlchemy runs the statement in a greenlet; the coroutines that awaited it are the frames of
    the parent greenlet, suspended in ``greenlet_spawn``."""
    frame: FrameType | None = None
    with contextlib.suppress(Exception):
        import greenlet  # type: ignore[import-untyped,unused-ignore]

        parent = greenlet.getcurrent().parent
        frame = parent.gr_frame if parent is not None else None
    parts: list[str] = []
    while frame is not None and len(parts) < depth:
        module = str(frame.f_globals.get("__name__", ""))
        if module.startswith(_PROJECT):
            parts.append(f"{module}.{frame.f_code.co_qualname}")
        frame = frame.f_back
    return " <- ".join(parts) or "?"


def install_sqlalchemy() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import Pool

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        verb, table = classify(statement)
        counters["sql statements"] += 1
        counters[f"sql {verb} {table}".rstrip()] += 1
        if verb in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            counters[f"sql site {verb} {table}: {call_site()}"] += 1
        if verb == "SELECT":
            seen: set[tuple[str, str]] = conn.info.setdefault("probe_seen", set())
            key = (statement, repr(parameters))
            if key in seen:
                counters["sql SELECT repeated in the same transaction"] += 1
                counters[f"sql SELECT {table} repeated"] += 1
            seen.add(key)
        conn.info["probe_started"] = time.perf_counter()

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        elapsed = (time.perf_counter() - conn.info.pop("probe_started", time.perf_counter())) * 1000
        verb, _ = classify(statement)
        if verb == "BEGIN IMMEDIATE":
            sample("sqlite BEGIN IMMEDIATE wait ms", elapsed)
        sample("sql statement ms", elapsed)

    def _end(kind: str) -> Any:
        def listener(conn: Any) -> None:
            counters[f"transactions {kind}"] += 1
            conn.info.pop("probe_seen", None)

        return listener

    event.listen(Engine, "commit", _end("committed"))
    event.listen(Engine, "rollback", _end("rolled back"))

    from sqlalchemy.pool import QueuePool

    do_get: Any = QueuePool._do_get

    def timed_do_get(self: Any) -> Any:
        started = time.perf_counter()
        try:
            return do_get(self)
        finally:
            sample("pool wait for a connection ms", (time.perf_counter() - started) * 1000)

    QueuePool._do_get = timed_do_get  # type: ignore[method-assign]

    @event.listens_for(Pool, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        counters["pool checkouts"] += 1

    @event.listens_for(Pool, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        counters["pool new connections"] += 1

    @event.listens_for(Pool, "close")
    def _close(dbapi_connection: Any, record: Any) -> None:
        counters["pool connections closed"] += 1

    @event.listens_for(Pool, "reset")
    def _reset(dbapi_connection: Any, record: Any, state: Any) -> None:
        counters["pool resets on return"] += 1


def install_asyncpg() -> None:
    """Round trips of SQLAlchemy's asyncpg adapter (none of these show as cursor events)."""
    from sqlalchemy.dialects.postgresql import asyncpg as adapter

    connection_class: Any = adapter.AsyncAdapt_asyncpg_connection

    def wrap(name: str, counter: str, *, only_in_transaction: bool = False, trips: int = 1) -> None:
        original = getattr(connection_class, name)

        async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not only_in_transaction or self._transaction is not None:
                counters[counter] += 1
                counters["pg round trips"] += trips
            return await original(self, *args, **kwargs)

        setattr(connection_class, name, counted)

    # a pre-ping outside a transaction is BEGIN, ";" and ROLLBACK (SQLAlchemy: pgbouncer support)
    wrap("_async_ping", "pg pre-ping (3 round trips)", trips=3)
    wrap("_start_transaction", "pg BEGIN")

    def wrap_end(name: str, counter: str) -> None:
        original = getattr(connection_class, name)

        def counted(self: Any) -> Any:
            if self._transaction is not None:
                counters[counter] += 1
                counters["pg round trips"] += 1
            return original(self)

        setattr(connection_class, name, counted)

    wrap_end("commit", "pg COMMIT")
    wrap_end("rollback", "pg ROLLBACK")

    dbapi_class: Any = adapter.AsyncAdapt_asyncpg_dbapi
    connect = dbapi_class.connect

    def timed_connect(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return connect(self, *args, **kwargs)
        finally:
            sample("pg connect ms", (time.perf_counter() - started) * 1000)

    dbapi_class.connect = timed_connect

    cursor_class: Any = adapter.AsyncAdapt_asyncpg_cursor
    execute = cursor_class._prepare_and_execute

    async def counted_execute(self: Any, operation: str, parameters: Any) -> Any:
        counters["pg statements"] += 1
        counters["pg round trips"] += 1
        return await execute(self, operation, parameters)

    cursor_class._prepare_and_execute = counted_execute

    import asyncpg  # type: ignore[import-untyped,unused-ignore]

    prepare = asyncpg.Connection.prepare

    async def counted_prepare(self: Any, *args: Any, **kwargs: Any) -> Any:
        counters["pg prepare (statement cache miss)"] += 1
        counters["pg round trips"] += 1
        return await prepare(self, *args, **kwargs)

    asyncpg.Connection.prepare = counted_prepare


def install_redis() -> None:
    from redis.asyncio.client import Redis

    original: Any = Redis.execute_command

    async def counted(self: Any, *args: Any, **options: Any) -> Any:
        name = str(args[0]).upper() if args else "?"
        counters["redis commands"] += 1
        counters[f"redis {name}"] += 1
        started = time.perf_counter()
        try:
            return await original(self, *args, **options)
        finally:
            sample("redis command ms", (time.perf_counter() - started) * 1000)

    Redis.execute_command = counted  # type: ignore[method-assign]


def install_aiogram() -> None:
    """Two costs under aiogram: a synchronous filter or handler runs in a worker thread
    (``asyncio.to_thread`` in aiogram's ``CallableObject.call``), and ``Response[T]`` of every
    Bot API call is a pydantic generic class that pydantic caches only weakly, so it is often
    built again."""
    import asyncio
    import functools

    from pydantic._internal import _generics

    to_thread = asyncio.to_thread

    async def counted_to_thread(func: Any, /, *args: Any, **kwargs: Any) -> Any:
        target = func.func if isinstance(func, functools.partial) else func
        target = getattr(target, "__self__", None) or target  # a bound MagicFilter.resolve → the filter
        counters["asyncio.to_thread (sync filter/handler)"] += 1
        counters[f"asyncio.to_thread {type(target).__name__}"] += 1
        return await to_thread(func, *args, **kwargs)

    asyncio.to_thread = counted_to_thread

    build: Any = _generics.create_generic_submodel

    def counted_build(*args: Any, **kwargs: Any) -> Any:
        counters["pydantic generic classes built (Response[T])"] += 1
        return build(*args, **kwargs)

    _generics.create_generic_submodel = counted_build


def install_gc() -> None:
    import gc

    started: dict[int, float] = {}

    def callback(phase: str, info: dict[str, Any]) -> None:
        generation = int(info.get("generation", 0))
        if phase == "start":
            started[generation] = time.perf_counter()
        elif generation in started:
            elapsed = (time.perf_counter() - started.pop(generation)) * 1000
            counters[f"gc collections gen{generation}"] += 1
            sample(f"gc gen{generation} pause ms", elapsed)

    gc.callbacks.append(callback)


def dump(out: Path) -> None:
    global _seq
    _seq += 1
    data = {"seq": _seq, "time": time.time(), "counters": dict(counters), "samples": samples.copy()}
    counters.clear()
    samples.clear()
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(out)


def main() -> int:
    out = Path(os.environ["BENCH_PROBE_OUT"])
    install_sqlalchemy()
    install_asyncpg()
    install_redis()
    install_aiogram()
    install_gc()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        dump(out)

    signal.signal(signal.SIGUSR1, on_signal)
    from bot.cli import main as cli

    return cli(["run"])


if __name__ == "__main__":
    raise SystemExit(main())
