"""The master keys of the document store, for the bot's start and for operators
(``nezam-bot files new-key | encrypt-existing | rotate-key | verify``).

- At start: every document must be sealed with a key the bot has (FILES_KEY or FILES_OLD_KEYS):
  a wrong key is one line and exit code 2, never a bot that takes documents it cannot open.
- ``encrypt-existing`` seals the files stored before encryption; ``rotate-key`` re-wraps every
  file's data key with FILES_KEY (the ciphertext is not touched). Both first walk the folder
  (every file, whether a document still refers to it or not), then record each document's key in
  the database, a batch per transaction. Each file is replaced whole in one rename, and a file
  already done is skipped: interrupted, either one goes on where it stopped when run again; the
  bot may run meanwhile (with both keys, for a rotation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import ConfigError
from storage import documents
from storage.encryption import FileUnreadable, Keyring
from storage.files import LocalFileStore

log = logging.getLogger(__name__)
Report = Callable[[str], None]


def unknown_key(used: dict[str | None, int], keyring: Keyring) -> str | None:
    """The line that says documents are sealed with a key ``keyring`` lacks (None: it has them all)."""
    unknown = {key: n for key, n in used.items() if key is not None and key not in keyring.names}
    if not unknown:
        return None
    key, count = max(unknown.items(), key=lambda item: item[1])
    others = f" (and {len(unknown) - 1} other keys)" if len(unknown) > 1 else ""
    return (
        f"FILES_KEY: {count} documents are sealed with key {key}{others}, which is neither FILES_KEY "
        f"(key {keyring.current.name}) nor in FILES_OLD_KEYS; set the key they were stored with (README: Keys)"
    )


async def check_keys(sessions: async_sessionmaker[AsyncSession], keyring: Keyring) -> None:
    """At start: ``ConfigError`` when documents are sealed with a key the bot does not have; a log
    line for documents stored before encryption, and for old keys nothing uses any more."""
    async with sessions() as session:
        used = await documents.count_by_key(session)
    problem = unknown_key(used, keyring)
    if problem is not None:
        raise ConfigError([problem])
    if used.get(None):
        log.warning("%d documents were stored before encryption: run `nezam-bot files encrypt-existing`", used[None])
    idle = keyring.names - {keyring.current.name} - set(used)
    for key in sorted(idle):
        log.info("FILES_OLD_KEYS: no document is sealed with key %s any more; it can be removed", key)


@dataclass
class Outcome:
    changed: int = 0  # files sealed or re-wrapped now
    already: int = 0  # files that were done already
    recorded: int = 0  # documents whose key the database records now
    problems: list[str] = field(default_factory=list)


def walk(store: LocalFileStore, work: Callable[[str], bool], report: Report, every: int = 1000) -> Outcome:
    """``work`` on every file of the store (True: it changed the file); problems are collected."""
    outcome = Outcome()
    for n, key in enumerate(store.file_keys(), start=1):
        try:
            if work(key):
                outcome.changed += 1
            else:
                outcome.already += 1
        except FileUnreadable as exc:
            outcome.problems.append(f"file {exc.key}: {exc.reason}")
        if n % every == 0:
            report(f"… {n} files")
    return outcome


async def record_keys(
    sessions: async_sessionmaker[AsyncSession], store: LocalFileStore, outcome: Outcome, batch: int = 200
) -> None:
    """Each document whose files are all sealed with the current key is recorded so (a batch per
    transaction: an interrupted run keeps what it recorded)."""
    current = store.key_id
    after = 0
    while True:
        async with sessions() as session, session.begin():
            found = await documents.documents_not_under(session, current, after, batch)
            if not found:
                return
            after = found[-1].id
            done = []
            for document in found:
                try:
                    keys = {store.sealed_with(key) for key in document.files}
                except FileNotFoundError:
                    outcome.problems.append(f"document {document.id}: a file of it is missing from FILES_DIR")
                    continue
                if keys == {current}:
                    done.append(document.id)
            await documents.set_key(session, done, current)
            outcome.recorded += len(done)


async def usable_keys(sessions: async_sessionmaker[AsyncSession], keyring: Keyring) -> str | None:
    """A problem line when the database records documents under a key this command does not have."""
    async with sessions() as session:
        return unknown_key(await documents.count_by_key(session), keyring)
