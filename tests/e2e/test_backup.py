"""Backups that restore (issue 26.4). Applicants stopped at different questions — one at the
national code, one half-way through the documents with a degree photo and a document sent, one in
the middle of a degree — and another applicant answering while `nezam-bot backup` runs; the bot
stops; `nezam-bot restore` puts the snapshot into an empty database (PostgreSQL, and SQLite) and an
empty FILES_DIR; a new bot on them: each applicant continues from the same question, every answer
and document is there, and the restore said it verified every checksum. A damaged backup file is
refused by name, and nothing is restored; so is a target that holds data."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.emulator import BotApiEmulator, FakeUser
from storage import cases, people
from storage.db import make_engine, make_sessionmaker
from storage.files import LocalFileStore
from tests.bot.cli import process_env
from tests.e2e.conftest import Harness, make_settings
from tests.e2e.flows import MEMBERSHIP, expect, identity, to_degree_certificate, to_documents
from tests.e2e.replicas import fresh_postgres
from tests.factories import keyring, with_prefix
from tests.images import jpeg_bytes, minimal_pdf, photo


async def nezam_bot(tmp: Path, *args: str, **env: str) -> tuple[int, str, str]:
    """The real command line, as a process (the bot keeps running in this one meanwhile)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        cwd=tmp,
        env=process_env(**env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@contextlib.asynccontextmanager
async def empty_postgres(server_url: str) -> AsyncIterator[str]:
    """A database with nothing in it (not even the schema); dropped after."""
    name = f"nezam_restore_{uuid.uuid4().hex[:8]}"
    base = make_url(server_url)
    admin = create_engine(
        base.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.asynccontextmanager
async def databases(kind: str, request: pytest.FixtureRequest, tmp: Path) -> AsyncIterator[tuple[str, str]]:
    """(the bot's database, migrated; an empty one to restore into)."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp / 'bot.db'}", f"sqlite+aiosqlite:///{tmp / 'restored' / 'bot.db'}"
        return
    server: str = request.getfixturevalue("postgres_server_url")
    async with fresh_postgres(server) as source, empty_postgres(server) as target:
        yield source, target


async def snapshot_of(database_url: str, applicants: dict[str, FakeUser]) -> dict[str, object]:
    """Each applicant's messenger user (with the question they are at) and whole files (identity,
    answers, degrees, family, documents)."""
    engine = make_engine(database_url)
    found: dict[str, object] = {}
    try:
        async with make_sessionmaker(engine)() as session:
            for name, user in applicants.items():
                found_user = await people.find_user(session, "telegram", user.id)
                assert found_user is not None
                files = []
                if found_user.applicant_id is not None:
                    listed = await cases.cases_of_applicant(session, found_user.applicant_id)
                    files = [await cases.case_file(session, case.id) for case in listed]
                found[name] = (found_user, files)
    finally:
        await engine.dispose()
    return found


async def document_keys(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT file_key, thumbnail_key FROM documents"))).all()
    finally:
        await engine.dispose()
    return {key for row in rows for key in row if key}


@pytest.mark.parametrize("kind", ["postgres", "sqlite"])
async def test_backup_while_applicants_are_mid_dialog_then_restore_and_they_go_on(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest, kind: str
) -> None:
    async with databases(kind, request, tmp_path) as (source, target):
        files, restored_files = tmp_path / "files", tmp_path / "restored" / "files"
        harness = Harness(emulator, None, make_settings(tmp_path, emulator.base_url, database_url=source), tmp_path)  # type: ignore[arg-type]
        await harness.start()
        at_code, at_documents, at_degree = (harness.user("telegram", n) for n in (9301, 9302, 9303))
        await expect(at_code, await at_code.send("/start"), "منوی اصلی")
        await expect(at_code, await at_code.send(MEMBERSHIP), "شماره همراه")
        await expect(at_code, await at_code.share_contact("+989121230001"), "کد ملی")
        await to_documents(at_documents, with_prefix("461"), "+98 912 123 0002")
        await expect(at_documents, await at_documents.send_photo(jpeg_bytes(photo(seed=41))), "شناسنامه")
        await to_degree_certificate(at_degree)
        applicants = {"at_code": at_code, "at_documents": at_documents, "at_degree": at_degree}

        # another applicant keeps answering while the backup runs
        busy = harness.user("telegram", 9304)
        answering = asyncio.create_task(identity(busy, with_prefix("461"), "+98 912 123 0004"))
        code, out, err = await nezam_bot(
            tmp_path, "backup", str(tmp_path / "backups"), "--database-url", source, FILES_DIR=str(files)
        )
        await answering
        assert (code, err) == (0, ""), err
        (made,) = (tmp_path / "backups").iterdir()
        assert out.startswith(f"backed up to {made}: ")
        await harness.stop()  # the machine is lost
        before = await snapshot_of(source, applicants)
        keys = await document_keys(source)
        assert len(keys) >= 3  # the degree photo and its thumbnail, the document

        code, out, err = await nezam_bot(
            tmp_path, "restore", str(made), "--database-url", target, FILES_DIR=str(restored_files)
        )
        assert (code, err) == (0, ""), err
        assert out.startswith(f"restored {made} (made ") and out.endswith("; every checksum verified\n")
        assert await snapshot_of(target, applicants) == before  # every answer, every document's record
        store = LocalFileStore(restored_files, keyring())
        for key in keys:  # every document's file, the bytes it had
            assert hashlib.sha256(await store.get(key)).hexdigest() == key.split("/")[-1].split(".")[0]

        # a new bot on the restored database and files: each applicant continues where they were
        restored = make_settings(tmp_path, emulator.base_url, database_url=target, files_dir=str(restored_files))
        harness = Harness(emulator, None, restored, tmp_path)  # type: ignore[arg-type]
        await harness.start()
        try:
            await expect(at_code, await at_code.send(with_prefix("461")), "نام خود را")
            replies = await at_documents.send_document(minimal_pdf(), "birth.pdf", "application/pdf")
            await expect(at_documents, replies, "عکس پرسنلی")
            await expect(at_degree, await at_degree.send_photo(jpeg_bytes(photo(seed=42))), "کارشناسی ارشد", "✅")
        finally:
            await harness.stop()


async def test_a_damaged_backup_file_is_refused_by_name_and_nothing_is_restored(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    source = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    harness = Harness(emulator, None, make_settings(tmp_path, emulator.base_url, database_url=source), tmp_path)  # type: ignore[arg-type]
    await harness.start()
    user = harness.user("telegram", 9311)
    await to_degree_certificate(user)
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=43))), "✅")
    await harness.stop()
    code, _, err = await nezam_bot(
        tmp_path, "backup", str(tmp_path / "backups"), "--database-url", source, FILES_DIR=str(tmp_path / "files")
    )
    assert (code, err) == (0, "")
    (made,) = (tmp_path / "backups").iterdir()
    damaged = sorted((made / "files").rglob("*.jpg"))[0]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit
    damaged.write_bytes(bytes(data))
    target, restored_files = tmp_path / "restored.db", tmp_path / "restored-files"
    code, out, err = await nezam_bot(
        tmp_path, "restore", str(made), "--database-url", f"sqlite+aiosqlite:///{target}", FILES_DIR=str(restored_files)
    )
    assert code == 2 and out == ""
    assert err == f"error: {damaged}: damaged (its checksum is not the one in manifest.json); nothing restored\n"
    assert not restored_files.exists() or not any(restored_files.iterdir())
    assert not target.exists() or target.stat().st_size < 8192  # no tables copied in

    # a target that holds data is refused as well
    code, _, err = await nezam_bot(
        tmp_path, "restore", str(made), "--database-url", source, FILES_DIR=str(tmp_path / "empty-files")
    )
    assert code == 2
    assert err.startswith(f"error: DATABASE_URL: {tmp_path / 'bot.db'} holds data (")
