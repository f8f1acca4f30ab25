"""Issue 29 (direction and digits): commands and codes inside Persian texts reach the chat between
Unicode isolates, on Telegram and on Bale; a code copied with them still finds its file; file names
and English texts carry none; a typed address comes back in Persian digits."""

from __future__ import annotations

import re

import pytest

from bot.emulator import FakeUser
from conversations.kit.i18n import I18n
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import bodies, expect

LRI, PDI = "\u2066", "\u2069"
BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
fa, en = I18n()("fa"), I18n()("en")


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_commands_in_the_help_are_isolated(harness: Harness, platform: str) -> None:
    user: FakeUser = harness.user(platform, 2911)
    await user.send("/start")
    help_text = (await user.send("/help"))[-1].shown
    for command in ("/status", "/cartable", "/mydata", "/menu", "/lang"):
        assert f"{LRI}{command}{PDI}" in help_text, help_text
    assert f"{LRI}/{PDI}" not in help_text  # a whole command, never its slash alone
    # the isolates are all there is to it: as read, the text is the help's own
    assert bodies([(await user.send("/help"))[-1]]) == fa("help-text")


async def test_a_code_copied_with_its_isolates_finds_the_file(harness: Harness) -> None:
    user: FakeUser = harness.user("telegram", 2912)
    tracking = await flows.full_application(user)
    # the address typed «کوچه ۱۲، پلاک ۴» (stored with Latin digits) comes back as typed
    said = [m.body for m in user.messages() if m.from_bot]
    assert any("کوچه ۱۲، پلاک ۴" in text for text in said)
    assert not any("کوچه 12" in text for text in said)
    receipt = await user.wait_for("رسید قابل چاپ")
    assert receipt.document_name and tracking in receipt.document_name
    assert not BIDI_MARKS.search(receipt.document_name)  # a file name is made of what is stored

    shown = (await user.send("/cartable"))[-1].shown
    assert f"{LRI}{tracking}{PDI}" in shown, shown
    # what a person copies from that line, isolates and all, after /status
    replies = await user.send(f"/status {LRI}{tracking}{PDI}")
    assert tracking in bodies(replies) and fa("status-not-found") not in bodies(replies)

    # a command copied out of the help with its isolates is still the command
    await expect(user, await user.send(f"{LRI}/status{PDI}"), tracking)

    # English texts are left to right already: nothing added
    await expect(user, await user.send("/lang"), "Main menu")  # Persian ↔ English
    replies = await user.send("/help")
    assert not BIDI_MARKS.search(replies[-1].shown), replies[-1].shown
    await expect(user, replies, "/cartable")
