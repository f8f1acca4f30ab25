"""A full membership application from /start to tracking code, on both messengers."""

import pytest

from bot.emulator import FakeUser
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo


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


async def test_each_document_question_shows_what_is_already_received(harness: Harness) -> None:
    user = harness.user("telegram", 7002)
    await flows.identity(user, with_prefix("461"))
    await flows.personal(user)
    await flows.education(user)
    await flows.family(user)
    question = flows.bodies(await user.send_photo(jpeg_bytes(photo(seed=21))))
    assert "شناسنامه" in question and "✅ کارت ملی" in question and "⬜ شناسنامه" in question, question
