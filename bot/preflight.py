"""Before the bot starts: the database and Redis answer, and accept us.

Two kinds of failure, two answers (README, "When the database or Redis is not there"):
- *unreachable* (connection refused, unknown host, timeout, server starting up) is usually a
  matter of time under docker-compose or systemd: for the database, one line per attempt, and
  try again with backoff (1, 2, 4 … 30 s) until it answers; for Redis, one line and start without
  it (``check_optional``): nothing an applicant sees depends on Redis (``bot.health``);
- *refused* (wrong password, no such database, a Redis database index out of range, an SQLite
  file that cannot be opened) will not fix itself: ``ConfigError``, one line, exit code 2.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import uuid
from collections.abc import Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.exceptions import AuthenticationError, RedisError, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.settings import ConfigError
from storage.db import DatabaseRefused, DatabaseUnreachable, check_connection

TIMEOUT_SECONDS = 10


class Unreachable(Exception):
    """Nothing answered; may work later."""


@dataclass(frozen=True)
class Service:
    variable: str  # the setting people fix: DATABASE_URL, REDIS_URL
    check: Callable[[], Coroutine[Any, Any, None]]  # raises Unreachable, or ConfigError


def backoff(first: float = 1.0, cap: float = 30.0) -> Iterator[float]:
    """1, 2, 4, 8, 16, 30, 30, … seconds."""
    for n in itertools.count():
        yield min(first * 2**n, cap)


def database(url: str, variable: str = "DATABASE_URL") -> Service:
    async def check() -> None:
        try:
            await check_connection(url)
        except DatabaseUnreachable as exc:
            raise Unreachable(str(exc)) from None
        except DatabaseRefused as exc:
            raise ConfigError([f"{variable}: {exc}"]) from None

    return Service(variable, check)


def redis(url: str) -> Service:
    parts = urlsplit(url)
    where = parts.path if parts.scheme == "unix" else f"{parts.hostname}:{parts.port or 6379}"

    async def check() -> None:
        client = Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
        try:
            await client.ping()
        except AuthenticationError:  # a ConnectionError too: before it
            raise ConfigError([f"REDIS_URL: {where} refused the password (wrong, missing, or not expected)"]) from None
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            raise Unreachable(_unreachable(where, exc)) from None
        except ResponseError as exc:  # e.g. "DB index is out of range"
            raise ConfigError([f"REDIS_URL: {where} answered: {exc}"]) from None
        except RedisError as exc:
            raise ConfigError([f"REDIS_URL: {where}: {type(exc).__name__}"]) from None
        finally:
            await client.aclose()

    return Service("REDIS_URL", check)


def _unreachable(where: str, exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, socket.gaierror):
        return f"cannot resolve the host of {where}"
    if isinstance(cause, ConnectionRefusedError):
        return f"nothing answers at {where} (connection refused)"
    if isinstance(exc, RedisTimeoutError | TimeoutError) or isinstance(cause, TimeoutError):
        return f"no answer from {where} within {TIMEOUT_SECONDS} s"
    return f"cannot reach {where}"


async def wait_for(
    services: Iterable[Service], report: Callable[[str], None], delays: Iterator[float] | None = None
) -> None:
    """Return once every service answers; ``ConfigError`` as soon as one refuses. ``report`` gets
    one line per failed attempt."""
    for service in services:
        waits = delays if delays is not None else backoff()
        for attempt in itertools.count(1):
            try:
                await service.check()
            except Unreachable as exc:
                delay = next(waits)
                report(f"{service.variable}: {exc}; attempt {attempt}, trying again in {delay:g} s")
                await asyncio.sleep(delay)
                continue
            if attempt > 1:
                report(f"{service.variable}: connected (attempt {attempt})")
            break


async def check_optional(service: Service, report: Callable[[str], None]) -> None:
    """One try: ``ConfigError`` if it refuses; if it does not answer, one line and go on."""
    try:
        await service.check()
    except Unreachable as exc:
        report(f"{service.variable}: {exc}; starting without it (answers do not depend on it; it is watched)")


def files_dir_problem(folder: str) -> str | None:
    """Whether documents can be stored under FILES_DIR (created if missing): a file written and
    removed. The line says who the bot runs as — the usual cause is a volume or folder owned by
    another user (a Docker volume made by root, a folder made before the service user)."""
    path = Path(folder)
    probe = path / f".write-test-{uuid.uuid4().hex}"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        who = f"uid {os.getuid()}" if hasattr(os, "getuid") else "this user"
        return (
            f"FILES_DIR: {path} is not writable by the user the bot runs as ({who}): {exc.strerror or exc}; "
            "give that user the folder (chown) or set FILES_DIR"
        )
    return None
