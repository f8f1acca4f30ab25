"""Shared fixtures: real databases (SQLite always; PostgreSQL too).

PostgreSQL and Redis are TEST_POSTGRES_URL and TEST_REDIS_URL when set (CI: `scripts/test-services.sh`
starts Debian's servers and prints them). When they are not, the session starts its own from the
dev lock's wheels (``tests/services.py``), so a fresh machine runs every tier without root; only if
that fails too are those tests skipped — except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import make_engine, make_sessionmaker, upgrade
from storage.models import Base
from tests.services import LocalServers
from tests.watchdog import pytest_runtest_call  # noqa: F401  # a hanging test fails, saying where

IN_CI = os.environ.get("CI") == "true"
_SERVERS = pytest.StashKey[LocalServers]()


def pytest_configure(config: pytest.Config) -> None:
    """Without TEST_POSTGRES_URL / TEST_REDIS_URL, this session's own servers, started once by the
    controlling process before pytest-xdist starts its workers (which inherit the environment)."""
    if os.environ.get("PYTEST_XDIST_WORKER") or IN_CI:
        return
    postgres, redis = not os.environ.get("TEST_POSTGRES_URL"), not os.environ.get("TEST_REDIS_URL")
    if not (postgres or redis):
        return
    servers = LocalServers()
    config.stash[_SERVERS] = servers
    os.environ.update(servers.start(postgres=postgres, redis=redis))
    for problem in servers.problems:
        print(f"tests: {problem}; those tests are skipped", file=sys.stderr)


def pytest_unconfigure(config: pytest.Config) -> None:
    servers = config.stash.get(_SERVERS, None)
    if servers is not None:
        servers.stop()


def _redis_database_per_worker() -> None:
    """Under pytest-xdist each worker gets its own Redis database (the base one + the worker's
    number), because Redis tests empty their database with FLUSHDB."""
    worker, url = os.environ.get("PYTEST_XDIST_WORKER", ""), os.environ.get("TEST_REDIS_URL", "")
    if not (worker.startswith("gw") and url):
        return
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = (base + int(worker.removeprefix("gw"))) % 16
    os.environ["TEST_REDIS_URL"] = urlunsplit(parts._replace(path=f"/{number}"))


_redis_database_per_worker()


def _need(var: str, what: str) -> str:
    value = os.environ.get(var)
    if not value:
        message = f'{what} tests need {var}: run `eval "$(scripts/test-services.sh)"` first'
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return value


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


def _sync_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """TEST_POSTGRES_URL itself (a role that can log in; its database exists)."""
    return _need("TEST_POSTGRES_URL", "PostgreSQL")


@pytest.fixture
def redis_server_url() -> str:
    """TEST_REDIS_URL itself (this worker's Redis database)."""
    return _need("TEST_REDIS_URL", "Redis")


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated from empty; dropped at the end."""
    base = _need("TEST_POSTGRES_URL", "PostgreSQL")
    name = f"nezam_test_{uuid.uuid4().hex[:10]}"
    url = make_url(base)
    admin = create_engine(_sync_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = url.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(database_url)
        yield database_url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_database(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> str:
    """The URL of an empty, migrated database of ``kind`` (sqlite, postgres)."""
    if kind == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    engine = create_engine(_sync_url(url))
    with engine.begin() as conn:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated database: every storage test runs on both."""
    return empty_database(request, tmp_path, request.param)


@pytest.fixture
def strictest_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """PostgreSQL when the tests have one (it refuses more than SQLite), else SQLite: for the long
    tests that run once."""
    return empty_database(request, tmp_path, "postgres" if os.environ.get("TEST_POSTGRES_URL") else "sqlite")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_sessionmaker(engine)


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work; the test commits when it needs to (closing rolls back the rest)."""
    async with sessions() as session:
        yield session
