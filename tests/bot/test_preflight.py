"""Start-up checks: unreachable → one line per attempt and try again (backoff); refused → ConfigError."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from bot.preflight import Service, Unreachable, backoff, database, redis, wait_for
from bot.settings import ConfigError


def test_backoff_doubles_up_to_30_seconds() -> None:
    assert list(itertools.islice(backoff(), 8)) == [1, 2, 4, 8, 16, 30, 30, 30]


async def test_waits_until_the_service_answers() -> None:
    answers = iter([Unreachable("nothing answers at db:5432 (connection refused)")] * 2 + [None])

    async def check() -> None:
        outcome = next(answers)
        if outcome is not None:
            raise outcome

    lines: list[str] = []
    await wait_for([Service("DATABASE_URL", check)], lines.append, delays=itertools.repeat(0.0))
    assert lines == [
        "DATABASE_URL: nothing answers at db:5432 (connection refused); attempt 1, trying again in 0 s",
        "DATABASE_URL: nothing answers at db:5432 (connection refused); attempt 2, trying again in 0 s",
        "DATABASE_URL: connected (attempt 3)",
    ]


async def test_a_refusal_is_not_retried() -> None:
    calls = 0

    async def check() -> None:
        nonlocal calls
        calls += 1
        raise ConfigError(["REDIS_URL: redis:6379 refused the password (wrong, missing, or not expected)"])

    with pytest.raises(ConfigError):
        await wait_for([Service("REDIS_URL", check)], print, delays=itertools.repeat(0.0))
    assert calls == 1


async def test_real_checks_tell_unreachable_from_refused(tmp_path: Path) -> None:
    with pytest.raises(Unreachable, match=r"nothing answers at 127\.0\.0\.1:9 \(connection refused\)"):
        await redis("redis://127.0.0.1:9/0").check()
    with pytest.raises(Unreachable, match=r"cannot resolve the host of no-such-host\.invalid:6379"):
        await redis("redis://no-such-host.invalid:6379/0").check()
    with pytest.raises(Unreachable, match=r"cannot resolve the host “no-such-host\.invalid”"):
        await database("postgresql+asyncpg://u:p@no-such-host.invalid/nezam").check()
    await database(f"sqlite+aiosqlite:///{tmp_path}/ok.db").check()  # answers: no exception
    if os.environ.get("TEST_REDIS_URL"):
        await redis(os.environ["TEST_REDIS_URL"]).check()
