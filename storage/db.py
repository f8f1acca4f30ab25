"""Engines, sessions and migrations.

One commit policy: the caller's unit of work (the bot's per-update middleware, a CLI command, a
test) opens a session and a transaction and commits; repository functions never commit.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import os
import socket
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

    from storage.sqlite import InlineConnection

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/nezam.db"
POOL_SIZE = 20  # PostgreSQL connections kept per process


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _ensure_sqlite_dir(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str = DEFAULT_DATABASE_URL, *, read_only: bool = False, **kwargs: Any) -> AsyncEngine:
    """An async engine. On SQLite: foreign keys on, WAL, one connection per process taken in turn
    (one writer), statements on the event loop's thread (``storage.sqlite``), and every
    transaction BEGIN IMMEDIATE, so two writers (another process: the CLI) queue instead of
    failing halfway (PostgreSQL relies on the version check alone).

    ``read_only`` (an export reading for many seconds): each transaction one snapshot that takes
    no lock a writer waits for — a deferred BEGIN on SQLite (WAL readers never block the writer),
    REPEATABLE READ READ ONLY on PostgreSQL (every batch of the export sees the same moment).
    """
    if read_only and not is_sqlite(url):
        kwargs = {"isolation_level": "REPEATABLE READ", **kwargs}
        engine = make_engine(url, **kwargs)
        return engine.execution_options(postgresql_readonly=True)
    if not is_sqlite(url):
        # the polling loop hands a whole batch over at once (each person's updates in order, people
        # side by side): room for a batch of 20 people without opening and closing connections
        kwargs = {"pool_size": POOL_SIZE, "max_overflow": 10, **kwargs}
        # no pool_pre_ping: it costs three round trips (BEGIN, ";", ROLLBACK) on every checkout;
        # an update whose first statement finds its connection dead is handled again on a new
        # one (bot.middlewares.DatabaseMiddleware), and other work retries on its own schedule
        return create_async_engine(url, **kwargs)
    _ensure_sqlite_dir(url)
    from storage.sqlite import InlineConnection  # sqlite3 only in a process that uses SQLite (issue 15: RSS)

    async def connect() -> InlineConnection:
        # the file the dialect makes of the URL (made absolute; a file: URI keeps its query)
        (filename, *_), options = engine.sync_engine.dialect.create_connect_args(engine.url)
        return await InlineConnection.open(str(filename), uri=bool(options.get("uri")))

    # SQLite has one writer: one connection, taken in turn (first come, first served), instead of
    # transactions racing for the file's lock and sleeping in its busy handler meanwhile
    kwargs = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 120, **kwargs}
    engine = create_async_engine(url, async_creator=connect, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def ping(engine: AsyncEngine) -> None:
    """One round trip to the database (a health check); raises what the driver raises."""
    async with engine.connect() as connection:
        await connection.exec_driver_sql("SELECT 1")


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # Alembic (~11 MB) only when there is something to migrate

    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str = DEFAULT_DATABASE_URL, revision: str = "head") -> None:
    """Apply the migrations (blocking; call from a thread when a loop is running)."""
    from alembic import command

    if is_sqlite(url):
        _ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


@functools.cache
def head_revision() -> str | None:
    """The newest migration's id, read from the files' ``revision`` and ``down_revision`` (not by
    Alembic, which is not loaded for this); None if the files do not make one line."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (resources.files("storage") / "migrations" / "versions").iterdir():
        if not script.name.endswith(".py"):
            continue
        for node in ast.parse(script.read_text("utf-8")).body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                found = ast.literal_eval(value)
                if isinstance(found, str):
                    (revisions if target.id == "revision" else parents).add(found)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for a new database."""
    try:
        async with engine.connect() as connection:
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:  # no such table: nothing migrated yet
        return None
    return str(version) if version is not None else None


class MigrationFailed(Exception):
    """The migrations stopped with an error (what Alembic said is on stderr, above)."""


MIGRATE_URL_VARIABLE = "NEZAM_MIGRATE_URL"


async def upgrade_async(url: str = DEFAULT_DATABASE_URL) -> None:
    """Apply the migrations if the database is behind. At every start of an up-to-date database
    this is one query. When there is something to do, the migrations run in a child process
    (``python -m storage.migrate``): Alembic, Mako and what they load (~10 MB) would otherwise stay
    in the bot's process until its next restart (issue 15: RSS)."""
    engine = make_engine(url)
    try:
        at = await current_revision(engine)
    finally:
        await engine.dispose()
    if at is None or at != head_revision():
        # the URL by the environment: a command line (with the password) is readable by anyone
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "storage.migrate", env={**os.environ, MIGRATE_URL_VARIABLE: url}
        )
        if await child.wait() != 0:
            raise MigrationFailed(f"the migrations failed (exit status {child.returncode}); Alembic's error is above")


# ---- checking a URL and the server behind it, for one-line messages --------------------------

SUPPORTED_DRIVERS = ("postgresql+asyncpg", "sqlite+aiosqlite")
URL_EXAMPLES = "postgresql+asyncpg://user:password@host:5432/nezam or sqlite+aiosqlite:///./data/nezam.db"
CONNECT_TIMEOUT_SECONDS = 10


def database_url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as this project's database URL, or None. Never quotes the URL
    (it may hold a password)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"not a database URL; expected e.g. {URL_EXAMPLES}"
    except ValueError:
        return "the port is not a number"
    if parsed.drivername not in SUPPORTED_DRIVERS:
        return f"unsupported driver “{parsed.drivername}”; use {' or '.join(SUPPORTED_DRIVERS)} (e.g. {URL_EXAMPLES})"
    if parsed.host and "@" in parsed.host:
        return "the host contains “@”: write an @ in the password as %40"
    if parsed.get_backend_name() == "postgresql" and not parsed.database:
        return "no database name at the end (…@host:5432/nezam)"
    return None


class DatabaseProblem(Exception):
    """The database cannot be used; ``str()`` says why in one line, without the password."""


class DatabaseUnreachable(DatabaseProblem):
    """Nothing answered (refused, unknown host, timeout, server starting): may work later."""


class DatabaseRefused(DatabaseProblem):
    """The server answered no (password, database name, SQLite file): a configuration error."""


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps: SQLAlchemy's ``orig``, then the causes and contexts."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__ or current.__context__
    return chain


def _classify(url: URL, exc: BaseException) -> DatabaseProblem:
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    postgres = url.get_backend_name() == "postgresql"
    for cause in _causes(exc):
        found = _classify_postgres(url, where, cause) if postgres else _classify_sqlite(url, cause)
        if found is not None:
            return found
        if isinstance(cause, socket.gaierror):
            return DatabaseUnreachable(f"cannot resolve the host “{url.host}”")
        if isinstance(cause, ConnectionRefusedError):
            return DatabaseUnreachable(f"nothing answers at {where} (connection refused)")
        if isinstance(cause, TimeoutError):
            return DatabaseUnreachable(f"no answer from {where} within {CONNECT_TIMEOUT_SECONDS} s")
        if isinstance(cause, OSError):
            target = where if postgres else url.database
            return DatabaseUnreachable(f"cannot reach {target}: {cause.strerror or type(cause).__name__}")
    return DatabaseRefused(f"cannot connect: {type(exc).__name__}")


def _classify_postgres(url: URL, where: str, cause: BaseException) -> DatabaseProblem | None:
    import asyncpg  # the driver of a PostgreSQL URL, loaded with its engine (not by a SQLite bot)

    if isinstance(cause, asyncpg.InvalidPasswordError):
        return DatabaseRefused(f"{where} refused the user “{url.username}”: wrong password, or no such user")
    if isinstance(cause, asyncpg.InvalidCatalogNameError):
        return DatabaseRefused(f"there is no database “{url.database}” on {where}")
    if isinstance(cause, asyncpg.InvalidAuthorizationSpecificationError):
        return DatabaseRefused(f"{where} refused the connection: {cause}")
    if isinstance(cause, asyncpg.CannotConnectNowError | asyncpg.TooManyConnectionsError):
        return DatabaseUnreachable(f"{where} does not accept connections now: {cause}")
    if isinstance(cause, asyncpg.PostgresError):
        return DatabaseRefused(f"{where} refused the connection: {type(cause).__name__}")
    return None


def _classify_sqlite(url: URL, cause: BaseException) -> DatabaseProblem | None:
    import sqlite3  # loaded with a SQLite engine (not by a PostgreSQL bot)

    if isinstance(cause, sqlite3.Error):
        return DatabaseRefused(f"cannot open the SQLite database {url.database}: {cause}")
    return None


async def check_connection(url: str) -> None:
    """Connect once; raise ``DatabaseUnreachable`` or ``DatabaseRefused`` with a one-line reason."""
    parsed = make_url(url)
    try:
        if is_sqlite(url):
            engine = make_engine(url)
        else:
            engine = make_engine(url, connect_args={"timeout": CONNECT_TIMEOUT_SECONDS})
    except OSError as exc:  # the SQLite file's folder cannot be created
        raise DatabaseRefused(f"cannot create the folder of {parsed.database}: {exc.strerror}") from None
    try:
        async with engine.connect():
            pass
    except Exception as exc:
        raise _classify(parsed, exc) from None
    finally:
        await engine.dispose()
