"""The documents' keys as an operator meets them (issue 28): `nezam-bot files new-key`,
`encrypt-existing` on files stored before encryption, `rotate-key`, `verify`; a missing, malformed
or wrong FILES_KEY is one line and exit code 2; `retention --dry-run` lists and changes nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.app import build_app, prepare
from bot.settings import ConfigError
from storage import cases, documents
from storage.db import make_engine, make_sessionmaker, upgrade
from storage.encryption import MAGIC, FileKeyUnknown, Keyring, MasterKey, new_key_text, parse_key
from storage.files import LocalFileStore, StoredFile, content_key
from storage.models import Case, CaseAnswer, Document, MessengerUser, OutboxMessage
from tests.bot.cli import nezam_bot, run_main
from tests.bot.test_config_errors import assert_one_line
from tests.e2e.conftest import make_settings
from tests.images import jpeg_bytes, minimal_pdf, photo
from tests.storage.helpers import new_case

TOKEN = "1001:secret-token-value"
KEY_A, KEY_B = new_key_text(), new_key_text()
A, B = MasterKey.from_text(KEY_A).name, MasterKey.from_text(KEY_B).name


def plain_stored(folder: Path, data: bytes, suffix: str, content_type: str) -> StoredFile:
    """A file as the store wrote it before issue 28: its bytes as they are."""
    key = content_key(data, suffix)
    (folder / key).parent.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(data)
    return StoredFile(key, None, content_type, len(data), None, None, hashlib.sha256(data).hexdigest())


def an_old_deployment(tmp: Path) -> tuple[str, Path, list[str]]:
    """A database and a files folder from before encryption: two documents (a photo with its
    thumbnail, a PDF) and an orphan file no document refers to."""
    url, folder = f"sqlite+aiosqlite:///{tmp / 'nezam.db'}", tmp / "files"
    upgrade(url)

    async def work() -> None:
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as session, session.begin():
            case = await new_case(session, user_id=4242)
            image = plain_stored(folder, jpeg_bytes(photo(seed=61)), ".jpg", "image/jpeg")
            thumb = plain_stored(folder, jpeg_bytes(photo(320, 240, seed=62)), ".jpg", "image/jpeg")
            image = StoredFile(image.key, thumb.key, "image/jpeg", image.size, 1600, 1200, image.sha256)
            await documents.add_document(session, case.id, "national_card", "national_card", image)
            pdf = plain_stored(folder, minimal_pdf(), ".pdf", "application/pdf")
            await documents.add_document(session, case.id, "birth_certificate", "birth_certificate", pdf)
        await engine.dispose()

    asyncio.run(work())
    plain_stored(folder, jpeg_bytes(photo(seed=63)), ".jpg", "image/jpeg")  # a rolled-back upload's file
    return url, folder, sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def recorded_keys(url: str) -> list[str | None]:
    async def read() -> list[str | None]:
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as session:
            found = list(await session.scalars(select(Document.key_id).order_by(Document.id)))
        await engine.dispose()
        return found

    return asyncio.run(read())


def files(tmp: Path, *args: str, key: str, old: str = "", url: str) -> tuple[int, str, str]:
    done = nezam_bot(
        "files", *args, "--database-url", url, cwd=tmp, FILES_KEY=key, FILES_OLD_KEYS=old, FILES_DIR=str(tmp / "files")
    )
    return done.returncode, done.stdout, done.stderr


def test_new_key_prints_a_key_and_its_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run_main(monkeypatch, capsys, tmp_path, "files", "new-key")
    assert code == 0 and len(parse_key(out.strip())) == 32
    assert MasterKey.from_text(out.strip()).name in err and out.strip() not in err


def test_an_operator_encrypts_the_old_files_then_rotates_the_key(tmp_path: Path) -> None:
    url, folder, names = an_old_deployment(tmp_path)
    assert len(names) == 4 and recorded_keys(url) == [None, None]

    assert files(tmp_path, "verify", key=KEY_A, url=url) == (
        0,
        "0 sealed files open with the keys given; 4 stored before encryption (encrypt-existing)\n",
        "",
    )
    code, out, err = files(tmp_path, "encrypt-existing", key=KEY_A, url=url)
    assert (code, err) == (0, "")
    assert out == (
        f"sealed 4 files with key {A} (0 were sealed already)\n2 documents recorded under key {A}\n"
        "every document is sealed with FILES_KEY; nothing is left plain\n"
    )
    assert all((folder / name).read_bytes().startswith(MAGIC) for name in names)
    assert recorded_keys(url) == [A, A]
    code, out, _ = files(tmp_path, "encrypt-existing", key=KEY_A, url=url)  # again: nothing left to do
    assert code == 0 and out.startswith("sealed 0 files") and "(4 were sealed already)" in out

    # a new key without the old one beside it: refused before anything changes
    before = {name: (folder / name).read_bytes() for name in names}
    code, out, err = files(tmp_path, "rotate-key", key=KEY_B, url=url)
    assert code == 2 and out == ""
    assert err == (
        f"error: FILES_KEY: 2 documents are sealed with key {A}, which is neither FILES_KEY (key {B}) nor in "
        "FILES_OLD_KEYS; set the key they were stored with (README: Keys); nothing changed\n"
    )
    assert {name: (folder / name).read_bytes() for name in names} == before

    code, out, err = files(tmp_path, "rotate-key", key=KEY_B, old=KEY_A, url=url)
    assert (code, err) == (0, "")
    assert out == (
        f"re-wrapped 4 files under key {B} (0 were already)\n2 documents recorded under key {B}\n"
        "every document is sealed with FILES_KEY; FILES_OLD_KEYS can be emptied\n"
    )
    assert recorded_keys(url) == [B, B]
    assert files(tmp_path, "verify", key=KEY_B, url=url)[:2] == (0, "4 sealed files open with the keys given\n")
    old_alone = LocalFileStore(folder, Keyring.from_texts(KEY_A))
    for name in names:
        with pytest.raises(FileKeyUnknown):
            asyncio.run(old_alone.get(name))
    code, _, err = files(tmp_path, "verify", key=KEY_A, url=url)
    assert code == 2 and f"sealed with key {B}, which is neither FILES_KEY (key {A})" in err

    # a file changed on disk: named, refused, the others fine
    damaged = folder / names[0]
    data = bytearray(damaged.read_bytes())
    data[-5] ^= 0x20
    damaged.write_bytes(bytes(data))
    code, out, err = files(tmp_path, "verify", key=KEY_B, url=url)
    assert code == 1 and out == "3 sealed files open with the keys given\n"
    assert (
        err == f"error: file {names[0]}: changed or damaged since it was stored (its authentication failed); refused\n"
    )
    assert KEY_A not in out + err and KEY_B not in out + err


async def test_a_wrong_key_at_start_is_one_line(tmp_path: Path) -> None:
    url, _, _ = await asyncio.to_thread(an_old_deployment, tmp_path)
    sealed = make_settings(tmp_path, "http://127.0.0.1:9", database_url=url, files_key=KEY_A)
    assert (await asyncio.to_thread(files, tmp_path, "encrypt-existing", key=KEY_A, url=url))[0] == 0
    app = build_app(make_settings(tmp_path, "http://127.0.0.1:9", database_url=url, files_key=KEY_B))
    with pytest.raises(ConfigError) as caught:
        await prepare(app)
    await app.close()
    assert caught.value.problems == [
        f"FILES_KEY: 2 documents are sealed with key {A}, which is neither FILES_KEY (key {B}) nor in "
        "FILES_OLD_KEYS; set the key they were stored with (README: Keys)"
    ]
    app = build_app(sealed)
    await prepare(app)  # the right one starts
    await app.close()


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"FILES_KEY": ""}, "error: FILES_KEY: not set; the documents applicants send are encrypted with it"),
        ({"FILES_KEY": "c2VjcmV0LWtleS10aGF0LWlzLXRvby1zaG9ydA"}, "error: FILES_KEY: not a files key: expected 32"),
        ({"FILES_OLD_KEYS": f"{KEY_A},nope"}, "error: FILES_OLD_KEYS: key 2 of 2: not a files key"),
        ({"DRAFT_RETENTION_DAYS": "10"}, "error: DRAFT_RETENTION_DAYS: 10 days: at least 15"),
        ({"REJECTED_RETENTION_DAYS": "two years"}, "error: REJECTED_RETENTION_DAYS: “two years” is not a whole number"),
    ],
    ids=["missing", "malformed", "old-malformed", "draft-days", "rejected-days"],
)
def test_a_bad_key_or_period_is_one_line_at_run(tmp_path: Path, env: dict[str, str], line: str) -> None:
    done = nezam_bot("run", cwd=tmp_path, TELEGRAM_TOKEN=TOKEN, **env)
    assert_one_line(done.returncode, done.stderr, line, hidden=(KEY_A, "c2VjcmV0LWtleS10aGF0LWlzLXRvby1zaG9ydA"))


def test_config_says_how_documents_are_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run_main(
        monkeypatch, capsys, tmp_path, "config", FILES_KEY=KEY_B, FILES_OLD_KEYS=KEY_A, DRAFT_RETENTION_DAYS="90"
    )
    assert code == 0
    assert f"documents: ./data/files, sealed with key {B}, 1 older for reading (FILES_OLD_KEYS)\n" in out
    assert "retention: drafts 90 days untouched, rejected files' documents 730 days after the rejection\n" in out
    assert KEY_A not in out and KEY_B not in out


def test_retention_dry_run_lists_and_changes_nothing_then_a_round_tells(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, _, _ = an_old_deployment(tmp_path)
    assert files(tmp_path, "encrypt-existing", key=KEY_A, url=url)[0] == 0
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=170)

    async def backdate() -> int:
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as session, session.begin():
            case_id = int(await session.scalar(select(Case.id)) or 0)
            await cases.save_answer(session, case_id, "personal", "home_address", "شهرکرد")
            for statement in (
                update(Case).values(created_at=long_ago, updated_at=long_ago),
                update(CaseAnswer).values(updated_at=long_ago),
                update(Document).values(uploaded_at=long_ago),
                update(MessengerUser).values(position_at=long_ago),
            ):
                await session.execute(statement)
        await engine.dispose()
        return case_id

    case_id = asyncio.run(backdate())
    env = {"FILES_KEY": KEY_A, "FILES_DIR": str(tmp_path / "files")}
    done = nezam_bot("retention", "--dry-run", "--database-url", url, cwd=tmp_path, **env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"notice\tdraft {case_id}\tmembership\tuntouched since {long_ago.date()}\t2 documents")
    assert lines[-1] == "would tell 1, delete 0 drafts and the documents of 0 rejected files (dry run: nothing changed)"
    done = nezam_bot("retention", "--dry-run", "--database-url", url, cwd=tmp_path, **env)
    assert done.stdout.splitlines()[0].startswith("notice\t")  # still due: the dry run recorded nothing
    # the round itself in this process (its imports take a loaded machine's minute as a process)
    code, out, _ = run_main(monkeypatch, capsys, tmp_path, "retention", "--database-url", url, **env)
    assert (code, out) == (
        0,
        "told 1, deleted 0 drafts and the documents of 0 rejected files; 0 files removed from disk\n",
    )

    async def outbox() -> list[str]:
        engine = make_engine(url)
        async with make_sessionmaker(engine)() as session:
            rows = list(await session.scalars(select(OutboxMessage.method)))
        await engine.dispose()
        return rows

    assert asyncio.run(outbox()) == ["sendMessage"]  # waits for the running bot's relay
