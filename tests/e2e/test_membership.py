"""A full membership application from /start to tracking code, on both messengers."""

import pytest

from bot.emulator import FakeUser
from tests.e2e import flows
from tests.e2e.conftest import Harness


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_full_application_on_each_messenger(harness: Harness, platform: str) -> None:
    user: FakeUser = harness.user(platform, 7001)
    tracking = await flows.full_application(user)
    assert len(tracking) == 9
    status = await user.send("/status")
    await flows.expect(user, status, tracking, "ارسال‌شده")
    bot = harness.bot(platform)
    assert bot.errors == []  # the emulator refused nothing the bot sent
    edits = [m for m in user.messages() if m.edited]
    if platform == "bale":
        assert edits == []  # never edit on Bale
        assert all(method != "sendChatAction" for method, _ in bot.calls)
    else:
        assert edits  # Telegram closes answered questions in place
        assert any(method == "sendChatAction" for method, _ in bot.calls)
    assert all(not params.get("parse_mode") for _, params in bot.calls)
