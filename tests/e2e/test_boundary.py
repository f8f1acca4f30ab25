"""The bot's boundary tried as an attacker would (issue 31): an update no messenger can send is
skipped and acknowledged by polling, without an ERROR line."""

from __future__ import annotations

import logging

import pytest

from tests.e2e.conftest import Harness, until
from tests.e2e.flows import expect

MENU = "منوی اصلی"


def trouble(caplog: pytest.LogCaptureFixture) -> list[str]:
    """ERROR lines and tracebacks, from any logger."""
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def warnings_from(caplog: pytest.LogCaptureFixture, start: int = 0) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records[start:]
        if r.levelno >= logging.WARNING and r.name.startswith(("nezam", "aiohttp"))
    ]


async def test_polling_skips_and_acknowledges_an_update_no_messenger_sends(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """One such item of getUpdates used to fail the whole answer's parsing: polling retried it
    forever and nobody was answered again."""
    caplog.set_level(logging.WARNING)
    bot = harness.bot("telegram")
    user = harness.user("telegram", 4230)
    person = {"id": 4230, "is_bot": False, "first_name": "x"}
    chat = {"id": 4230, "type": "private"}
    bad = [
        bot.push_update({"message": {"message_id": 1, "date": 0, "chat": chat, "from": {**person, "id": 10**30}}}),
        bot.push_update({"message": {"message_id": 2, "date": 0, "chat": chat, "from": person, "text": "1" * 4097}}),
        bot.push_update({"message": {"message_id": 3, "date": 0, "chat": {**chat, "id": -(10**30)}, "text": "x"}}),
    ]
    await until(lambda: bot.acknowledged >= bad[-1])  # skipped, and acknowledged
    await expect(user, await user.send("/start"), MENU)  # and the next one is answered
    assert not (set(bad) & (bot.handled or set()))
    assert trouble(caplog) == []
    said = warnings_from(caplog)
    assert said == [
        "nezam.boundary: telegram: refused an update from getUpdates (message.from.id out of the 64-bit range)",
        "nezam.boundary: telegram: refused an update from getUpdates (message.text longer than 4096 characters)",
    ]  # the third, of the first's kind, is in the minute's summary
    assert harness.app.metrics.updates_refused.labels("telegram", "out_of_range")._value.get() == 2
