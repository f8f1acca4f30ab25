"""Backups that restore (issue 26.4): a consistent snapshot of the database and the files, taken
while the bot runs, and a restore that checks everything before it writes anything.

A snapshot is a folder:

    manifest.json   format, when, the database kind, the migration head, rows per table, and the
                    size and sha256 of every other file in the folder
    database.dump   PostgreSQL: ``pg_dump --format=custom`` from an exported snapshot, so the rows
                    counted and the rows dumped are the same instant; SQLite: ``database.sqlite``,
                    a copy by SQLite's online backup API
    files/…         the document store (``FILES_DIR``), same layout

Consistency without stopping the bot: the database is read first, in one snapshot; the files after.
The store is content-addressed and only ever adds files, each written (atomically) before the row
that names it commits — so every file a row of the snapshot names exists when the files are copied
(checked: ``missing`` in the manifest). Redis is not backed up: nothing an applicant sees is there.

Restoring refuses a target that holds data (a table with rows, files in FILES_DIR), verifies every
checksum first (a damaged file is named and nothing is written), restores, counts the rows again,
and applies newer migrations when the snapshot was made by an older version.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # nosec  # pg_dump and pg_restore, run with argument lists (no shell)
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from storage.db import head_revision, is_sqlite, upgrade

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite"
FILES = "files"
SNAPSHOT_NAME = re.compile(r"nezam-(\d{8}-\d{6})Z")
FILE_KEY_COLUMNS = ("file_key", "thumbnail_key")  # storage.models: the documents' keys in the store
_CHUNK = 1 << 20


class BackupError(Exception):
    """The backup or restore cannot go on; ``str()`` is one line, naming what to look at."""


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the snapshot folder, with /
    size: int
    sha256: str


@dataclass
class Manifest:
    kind: str  # "postgresql" or "sqlite"
    migration: str | None
    tables: dict[str, int]
    database: Entry
    files: list[Entry] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # keys the database names and the store lacked
    created: str = ""
    format: int = FORMAT
    server_version: str = ""

    @property
    def files_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def summary(self) -> str:
        rows = sum(self.tables.values())
        kind = "PostgreSQL" if self.kind == "postgresql" else "SQLite"
        shown = ", ".join(f"{self.tables.get(t, 0)} {t}" for t in ("applicants", "cases", "documents"))
        return (
            f"{kind} at migration {self.migration or 'none'}, {rows} rows in {len(self.tables)} tables ({shown}), "
            f"{len(self.files)} files ({self.files_bytes / 1e6:.1f} MB)"
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        data["database"] = Entry(**data["database"])
        data["files"] = [Entry(**f) for f in data.get("files", [])]
        return cls(**data)


# ---- backup -----------------------------------------------------------------------------------


def snapshot_name(now: dt.datetime | None = None) -> str:
    return f"nezam-{(now or dt.datetime.now(dt.UTC)):%Y%m%d-%H%M%S}Z"


async def backup(database_url: str, files_dir: str | Path, root: str | Path) -> tuple[Path, Manifest]:
    """A snapshot in a new folder under ``root`` (``nezam-YYYYMMDD-HHMMSSZ``), written as
    ``….partial`` and renamed once complete: a folder with that name is always whole."""
    root = Path(root)
    now = dt.datetime.now(dt.UTC)
    final = root / snapshot_name(now)
    if final.exists():
        raise BackupError(f"{final} exists already (two backups in the same second?)")
    work = final.with_name(final.name + ".partial")
    try:
        root.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(mode=0o700)  # personal data: for the bot's user only, whatever the umask
    except OSError as exc:
        raise BackupError(f"cannot write in {root}: {exc.strerror or exc}") from None
    try:
        if is_sqlite(database_url):
            manifest, referenced = await asyncio.to_thread(_sqlite_snapshot, database_url, work)
        else:
            manifest, referenced = await _postgres_snapshot(database_url, work)
        manifest.files = await asyncio.to_thread(_copy_tree, Path(files_dir), work / FILES)
        present = {entry.path.removeprefix(f"{FILES}/") for entry in manifest.files}
        manifest.missing = sorted(referenced - present)
        manifest.created = now.isoformat(timespec="seconds").replace("+00:00", "Z")
        (work / MANIFEST).write_text(manifest.to_json(), "utf-8")
        _fsync_tree(work)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final, manifest


def _pg_environment(url: URL) -> dict[str, str]:
    """libpq's variables for pg_dump / pg_restore: the password never on a command line."""
    env = {**os.environ, "PGDATABASE": url.database or "", "PGCONNECT_TIMEOUT": "10"}
    host = url.query.get("host") or url.host
    if host:
        env["PGHOST"] = str(host if isinstance(host, str) else host[0])
    if url.port:
        env["PGPORT"] = str(url.port)
    if url.username:
        env["PGUSER"] = url.username
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return env


def _pg_tool(name: str, server_major: int) -> str:
    """pg_dump / pg_restore from PATH, if its major version can talk to the server's."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client (Debian: apt install postgresql-client), "
            f"version {server_major} or newer"
        )
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603  # nosec  # an argument list: the tool found on PATH, no shell
    match = re.search(r"(\d+)(?:\.\d+)?", version)
    major = int(match.group(1)) if match else 0
    if major < server_major:
        raise BackupError(
            f"{found} is version {major}, the server {server_major}: install postgresql-client-{server_major} "
            "(or put a newer one first in PATH)"
        )
    return found


async def _connect(url: URL) -> Any:
    import asyncpg

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        return await asyncpg.connect(dsn, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise BackupError(f"DATABASE_URL: cannot connect ({type(exc).__name__}); is the database up?") from None


async def _postgres_snapshot(database_url: str, work: Path) -> tuple[Manifest, set[str]]:
    """The dump and its counts, and the file keys its rows name."""
    url = make_url(database_url)
    connection = await _connect(url)
    try:
        server_major = int(await connection.fetchval("SHOW server_version_num")) // 10000
        pg_dump = _pg_tool("pg_dump", server_major)
        # one snapshot for the counts and the dump: pg_dump --snapshot uses the exported one, which
        # lives as long as this transaction
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            tables = {
                name: int(await connection.fetchval(f'SELECT count(*) FROM "{name}"'))  # noqa: S608  # nosec  # names from the catalog, not input  # nosec  # names from the catalog, not input
                for name in await _pg_tables(connection)
            }
            migration = await connection.fetchval("SELECT version_num FROM alembic_version") if tables else None
            referenced = await _pg_file_keys(connection)
            dump = work / PG_DUMP
            process = await asyncio.create_subprocess_exec(
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                "--no-privileges",
                f"--file={dump}",
                env=_pg_environment(url),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            _, err = await process.communicate()
            if process.returncode != 0:
                said = err.decode(errors="replace").strip().splitlines()
                raise BackupError(f"pg_dump failed: {said[-1] if said else process.returncode}")
        version = str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()
    entry = await asyncio.to_thread(_entry, work, dump)
    return Manifest("postgresql", migration, tables, entry, server_version=version), referenced


async def _pg_tables(connection: Any) -> list[str]:
    rows = await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [str(row[0]) for row in rows]


async def _pg_file_keys(connection: Any) -> set[str]:
    rows = await connection.fetch(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = ANY($1::text[])",
        list(FILE_KEY_COLUMNS),
    )
    keys: set[str] = set()
    for table, column in rows:
        found = await connection.fetch(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')  # noqa: S608  # nosec  # names from the catalog, not input
        keys.update(str(r[0]) for r in found)
    return keys


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("DATABASE_URL: only a SQLite database in a file can be backed up or restored")
    return Path(database).expanduser()


def _sqlite_snapshot(database_url: str, work: Path) -> tuple[Manifest, set[str]]:
    source_path = _sqlite_path(database_url)
    if not source_path.exists():
        raise BackupError(f"DATABASE_URL: there is no SQLite database at {source_path}")
    copy = work / SQLITE_COPY
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)  # one step: a consistent copy while the bot writes (WAL: readers never block it)
    finally:
        source.close()
        target.close()
    tables, migration, referenced = _sqlite_contents(copy)
    return Manifest("sqlite", migration, tables, _entry(work, copy)), referenced


def _sqlite_contents(path: Path) -> tuple[dict[str, int], str | None, set[str]]:
    connection = sqlite3.connect(path)
    try:
        names = [
            str(r[0])
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        tables = {name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}  # noqa: S608  # nosec  # names from the catalog, not input
        migration = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            migration = str(row[0]) if row else None
        keys: set[str] = set()
        for name in names:
            columns = {str(r[1]) for r in connection.execute(f'PRAGMA table_info("{name}")')}
            for column in columns & set(FILE_KEY_COLUMNS):
                rows = connection.execute(f'SELECT "{column}" FROM "{name}" WHERE "{column}" IS NOT NULL')  # noqa: S608  # nosec  # names from the catalog, not input
                keys.update(str(r[0]) for r in rows)
    finally:
        connection.close()
    return tables, migration, keys


def _files_under(folder: Path) -> Iterator[Path]:
    """The store's files (not its temporary ones, nor hidden probes)."""
    if not folder.exists():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path


def _copy_tree(source: Path, target: Path) -> list[Entry]:
    """Copy the store, hashing as it goes."""
    entries = []
    target.mkdir(parents=True, exist_ok=True)
    for path in _files_under(source):
        relative = path.relative_to(source).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        entries.append(_copy(path, destination, f"{FILES}/{relative}"))
    return entries


def _copy(source: Path, destination: Path, name: str) -> Entry:
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reader, destination.open("wb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    return Entry(name, size, digest.hexdigest())


def _entry(root: Path, path: Path) -> Entry:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Entry(path.relative_to(root).as_posix(), size, digest.hexdigest())


def _fsync_tree(folder: Path) -> None:
    for path in [*folder.rglob("*"), folder]:
        flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
        descriptor = os.open(path, flags)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def prune(root: str | Path, keep_days: int, *, now: dt.datetime | None = None) -> list[Path]:
    """Remove the complete snapshots under ``root`` older than ``keep_days`` days, never the newest."""
    now = now or dt.datetime.now(dt.UTC)
    snapshots = []
    for path in Path(root).iterdir() if Path(root).exists() else ():
        match = SNAPSHOT_NAME.fullmatch(path.name)
        if match and (path / MANIFEST).exists():
            made = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
            snapshots.append((made, path))
    snapshots.sort()
    removed = []
    for made, path in snapshots[:-1]:
        if now - made > dt.timedelta(days=keep_days):
            shutil.rmtree(path)
            removed.append(path)
    return removed


# ---- verify and restore ---------------------------------------------------------------------------


def read_manifest(snapshot: Path) -> Manifest:
    path = snapshot / MANIFEST
    if not path.exists():
        inside = sorted(p.name for p in snapshot.glob("nezam-*Z")) if snapshot.is_dir() else []
        if inside:
            raise BackupError(
                f"{snapshot} holds {len(inside)} backups: restore one of them, e.g. {snapshot / inside[-1]}"
            )
        raise BackupError(f"{snapshot}: no {MANIFEST}: not a nezam-bot backup, or an incomplete one")
    try:
        manifest = Manifest.from_json(path.read_text("utf-8"))
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(f"{path}: damaged, not a manifest this version reads ({type(exc).__name__})") from None
    if manifest.format != FORMAT:
        raise BackupError(f"{path}: backup format {manifest.format}; this version reads format {FORMAT}")
    return manifest


def verify(snapshot: Path) -> Manifest:
    """The manifest, once every file it lists is there with its size and checksum; else
    ``BackupError`` naming the first file that is not."""
    manifest = read_manifest(snapshot)
    listed = {manifest.database.path, *(f.path for f in manifest.files)}
    for entry in [manifest.database, *manifest.files]:
        path = snapshot / entry.path
        if not path.is_file():
            raise BackupError(f"{path}: missing from the backup")
        actual = _entry(snapshot, path)
        if actual.size != entry.size or actual.sha256 != entry.sha256:
            raise BackupError(f"{path}: damaged (its checksum is not the one in {MANIFEST})")
    extra = [p for p in _files_under(snapshot / FILES) if p.relative_to(snapshot).as_posix() not in listed]
    if extra:
        raise BackupError(f"{extra[0]}: not listed in {MANIFEST} (the backup was changed after it was made)")
    return manifest


def known_revisions() -> set[str]:
    found = set()
    for script in (resources.files("storage") / "migrations" / "versions").iterdir():
        if script.name.endswith(".py"):
            match = re.search(r'^revision(?:: str)? = "([^"]+)"', script.read_text("utf-8"), re.MULTILINE)
            if match:
                found.add(match.group(1))
    return found


async def restore(snapshot: str | Path, database_url: str, files_dir: str | Path) -> Manifest:
    """Restore ``snapshot`` into an empty database and an empty FILES_DIR (see the module)."""
    snapshot, files_dir = Path(snapshot), Path(files_dir)
    manifest = read_manifest(snapshot)
    target_kind = "sqlite" if is_sqlite(database_url) else "postgresql"
    if manifest.kind != target_kind:
        raise BackupError(
            f"{snapshot}: a {manifest.kind} backup restores into {manifest.kind} (DATABASE_URL is {target_kind})"
        )
    if manifest.migration is not None and manifest.migration not in known_revisions():
        raise BackupError(
            f"{snapshot}: made by a newer nezam-bot (migration {manifest.migration}); restore it with that version"
        )
    if any(_files_under(files_dir)):
        raise BackupError(f"FILES_DIR: {files_dir} is not empty; restore into an empty folder")
    if target_kind == "sqlite":
        await asyncio.to_thread(_sqlite_target_empty, database_url)
    else:
        await _postgres_target_empty(database_url)
    await asyncio.to_thread(verify, snapshot)  # every checksum, before anything is written
    if target_kind == "sqlite":
        await asyncio.to_thread(_sqlite_restore, snapshot / manifest.database.path, database_url)
        tables, _, _ = await asyncio.to_thread(_sqlite_contents, _sqlite_path(database_url))
    else:
        await _postgres_restore(snapshot / manifest.database.path, database_url)
        tables = await _postgres_counts(database_url)
    if tables != manifest.tables:
        differ = sorted(
            name for name in set(tables) | set(manifest.tables) if tables.get(name) != manifest.tables.get(name)
        )
        raise BackupError(f"the restored database differs from the backup's counts in {', '.join(differ)}")
    await asyncio.to_thread(_restore_files, snapshot, manifest, files_dir)
    if manifest.migration != head_revision():
        await asyncio.to_thread(upgrade, database_url)  # a backup of an older version: its newer migrations
    return manifest


def _sqlite_target_empty(database_url: str) -> None:
    path = _sqlite_path(database_url)
    if not path.exists() or path.stat().st_size == 0:
        return
    tables, _, _ = _sqlite_contents(path)
    full = [name for name, rows in tables.items() if rows and name != "alembic_version"]
    if full:
        raise BackupError(f"DATABASE_URL: {path} holds data ({', '.join(full[:3])} …); restore into an empty one")


def _sqlite_restore(copy: Path, database_url: str) -> None:
    path = _sqlite_path(database_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)  # empty (checked): a schema without rows, made by a start
    partial = path.with_name(path.name + ".restoring")
    shutil.copyfile(copy, partial)
    os.replace(partial, path)


async def _postgres_target_empty(database_url: str) -> None:
    counts = await _postgres_counts(database_url)
    full = [name for name, rows in counts.items() if rows and name != "alembic_version"]
    if full:
        where = make_url(database_url).database
        raise BackupError(
            f"DATABASE_URL: the database “{where}” holds data ({', '.join(full[:3])} …); restore into an empty one"
        )


async def _postgres_counts(database_url: str) -> dict[str, int]:
    connection = await _connect(make_url(database_url))
    try:
        return {
            name: int(await connection.fetchval(f'SELECT count(*) FROM "{name}"'))  # noqa: S608  # nosec  # names from the catalog, not input  # nosec  # names from the catalog, not input
            for name in await _pg_tables(connection)
        }
    finally:
        await connection.close()


async def _postgres_restore(dump: Path, database_url: str) -> None:
    url = make_url(database_url)
    connection = await _connect(url)
    try:
        server_major = int(await connection.fetchval("SHOW server_version_num")) // 10000
        schema_exists = bool(await _pg_tables(connection))
    finally:
        await connection.close()
    pg_restore = _pg_tool("pg_restore", server_major)
    # an empty schema made by a start or `db upgrade` is replaced by the backup's (--clean)
    clean = ["--clean", "--if-exists"] if schema_exists else []
    process = await asyncio.create_subprocess_exec(
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *clean,
        f"--dbname={url.database}",
        str(dump),
        env=_pg_environment(url),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await process.communicate()
    if process.returncode != 0:
        said = err.decode(errors="replace").strip().splitlines()
        raise BackupError(f"pg_restore failed (nothing restored: one transaction): {said[-1] if said else ''}")


def _restore_files(snapshot: Path, manifest: Manifest, files_dir: Path) -> None:
    files_dir.mkdir(parents=True, exist_ok=True)
    for entry in manifest.files:
        destination = files_dir / entry.path.removeprefix(f"{FILES}/")
        destination.parent.mkdir(parents=True, exist_ok=True)
        copied = _copy(snapshot / entry.path, destination, entry.path)
        if copied.sha256 != entry.sha256:
            raise BackupError(f"{destination}: written wrong (its checksum differs); the disk may be failing")
