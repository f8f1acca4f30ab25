"""What one update costs the database (issue 15): at most one write transaction; nothing written
that did not change (the messenger user's row: only when their chat, language or position did);
each row read once. Counted from SQLAlchemy's own events around the real bot's updates, on
SQLite and on PostgreSQL.

Behind an update that sent a new message with buttons, the note of that message (issue 29,
``bot.buttons``: known only once sent, after the commit) is one UPDATE of the user's row, written
in a transaction shared with the other users' notes waiting then; here the only one, flushed at
the end of each step so that it is counted with the update that made it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection

from bot.emulator import ChatMessage
from tests.e2e.conftest import Harness
from tests.factories import with_prefix

_WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.I)
_READ = re.compile(r"^\s*SELECT\b.*?\bFROM\s+\"?(\w+)", re.I | re.S)


@dataclass
class Transaction:
    statements: list[tuple[str, str]] = field(default_factory=list)  # (SQL, its parameters)
    committed: bool = False

    def writes(self) -> list[tuple[str, str]]:
        """(verb, table) of each INSERT, UPDATE, DELETE."""
        found = (_WRITE.match(sql) for sql, _ in self.statements)
        return [(m.group(1).split()[0].upper(), m.group(2)) for m in found if m]

    def reads(self) -> list[tuple[str, str, str]]:
        """(table, SQL, parameters) of each SELECT."""
        found = ((_READ.match(sql), sql, parameters) for sql, parameters in self.statements)
        return [(m.group(1), sql, parameters) for m, sql, parameters in found if m]


class Statements:
    """Every transaction on the bot's engine since the last ``clear()``, with its statements."""

    def __init__(self, harness: Harness) -> None:
        self.transactions: list[Transaction] = []
        self.buttons = harness.app.buttons
        engine = harness.app.engine.sync_engine
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "before_cursor_execute", self._execute)
        event.listen(engine, "commit", self._commit)

    def _begin(self, connection: Connection) -> None:
        connection.info["recorded"] = transaction = Transaction()
        self.transactions.append(transaction)

    def _execute(
        self, connection: Connection, _cursor: Any, sql: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        transaction: Transaction | None = connection.info.get("recorded")
        if transaction is not None:
            transaction.statements.append((sql, repr(parameters)))

    def _commit(self, connection: Connection) -> None:
        transaction: Transaction | None = connection.info.pop("recorded", None)
        if transaction is not None:
            transaction.committed = True

    async def of(self, step: Awaitable[list[ChatMessage]]) -> list[Transaction]:
        """The transactions of one update (``step``: a user's action, awaited until handled)."""
        if self.buttons is not None:
            await self.buttons.close()  # what the steps before noted: not this one's
        self.transactions = []
        await step
        if self.buttons is not None:
            await self.buttons.close()  # the note of its message with buttons, written behind it
        return self.transactions


NOTE = [("UPDATE", "messenger_users")]  # the note of a new message with buttons (``bot.buttons``)


def write_transactions(transactions: list[Transaction]) -> list[list[tuple[str, str]]]:
    return [t.writes() for t in transactions if t.committed and t.writes()]


def assert_each_row_read_once(transactions: list[Transaction]) -> None:
    reads = [read for t in transactions for read in t.reads()]
    repeated = [(table, sql) for (table, sql, _), n in Counter(reads).items() if n > 1]
    assert repeated == [], repeated
    # the rows every step reads: the messenger user (with their position) and the applicant
    by_table = Counter(table for table, _, _ in reads)
    assert by_table["messenger_users"] <= 1 and by_table["applicants"] <= 1, by_table


async def test_an_update_that_changes_nothing_writes_only_its_handled_mark(db_harness: Harness) -> None:
    statements = Statements(db_harness)
    user = db_harness.user("telegram", 9301)
    first = await statements.of(user.send("/start"))
    assert ("INSERT", "messenger_users") in write_transactions(first)[0]  # a new user: their row

    for _ in range(2):  # /start again: same chat, language and place (the menu)
        again = await statements.of(user.send("/start"))
        assert write_transactions(again) == [[("INSERT", "inbox")]]
        assert_each_row_read_once(again)

    await user.send("📝 درخواست عضویت")
    await user.share_contact("+98 912 345 6789")
    await user.send(with_prefix("461"))
    await user.send("رضا")
    await user.send("کریمی")
    for _ in range(2):  # a father's name the form refuses, twice: the same question again
        refused = await statements.of(user.send("123"))
        # the question again is a new message with buttons: its note behind the update (issue 29)
        assert write_transactions(refused) == [[("INSERT", "inbox")], NOTE]
        assert_each_row_read_once(refused)


async def test_an_answer_is_one_transaction_reading_each_row_once(db_harness: Harness) -> None:
    statements = Statements(db_harness)
    user = db_harness.user("telegram", 9302)
    await user.send("/start")
    await user.send("📝 درخواست عضویت")
    await user.share_contact("+98 912 345 6789")
    await user.send(with_prefix("461"))

    answer = await statements.of(user.send("رضا"))  # the first name: the answer and the next question
    assert "نام خانوادگی" in user.last().body
    writes = write_transactions(answer)
    assert len(writes) == 2 and writes[1] == NOTE, writes  # the update's, and the next question's note
    assert sorted(writes[0]) == [("INSERT", "inbox"), ("UPDATE", "applicants"), ("UPDATE", "messenger_users")]
    assert_each_row_read_once(answer)
