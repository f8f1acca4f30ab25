"""A full membership application from /start to tracking code, on both messengers."""

import pytest

from bot.emulator import FakeUser
from tests.e2e import flows
from tests.e2e.conftest import Harness, bale_facts
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_full_application_on_each_messenger(harness: Harness, platform: str) -> None:
    user: FakeUser = harness.user(platform, 7001)
    tracking = await flows.full_application(user)
    assert len(tracking.strip("\u200e")) == 9  # shown with a left-to-right mark in Persian
    status = await user.send("/status")
    await flows.expect(user, status, tracking, "ارسال‌شده")
    bot = harness.bot(platform)
    assert bot.errors == []  # the emulator refused nothing the bot sent
    assert [m for m in user.messages() if m.edited]  # answered questions are closed in place, Bale too
    actions = {params.get("action") for method, params in bot.calls if method == "sendChatAction"}
    # the receipt's "uploading a document…" is "typing…" on Bale, which has no upload_document
    assert actions == ({"typing"} if platform == "bale" else {"typing", "upload_document"})
    assert all(not params.get("parse_mode") for _, params in bot.calls)
    answered = [str(params["callback_query_id"]) for method, params in bot.calls if method == "answerCallbackQuery"]
    assert sorted(answered) == sorted(bot.callback_queries)  # every press answered, once


@pytest.mark.parametrize("refused", ["edits_refused", "inline_edits_refused"])
async def test_bale_refusing_edits_costs_one_failed_edit(harness: Harness, refused: str) -> None:
    """If Bale answers an edit with an error, the bot sends a new message instead and stops
    editing: a whole application, and a second applicant on the same bot, cost one failed call."""
    bot = harness.bot("bale")
    setattr(bale_facts(harness), refused, True)
    first = harness.user("bale", 7003)
    tracking = await flows.full_application(first)
    second = harness.user("bale", 7004)
    await flows.identity(second, with_prefix("462"))
    assert len(tracking.strip("\u200e")) == 9  # shown with a left-to-right mark in Persian
    # the first edit refused (a typed answer's buttons taken away, or a question closed) is the only one
    failed_edits = [e for e in bot.errors if e[0] in ("editMessageText", "editMessageReplyMarkup")]
    assert len(failed_edits) == 1, bot.errors
    assert [e for e in bot.errors if e not in failed_edits] == []
    assert not [m for m in first.messages() + second.messages() if m.edited]
    # the screens an edit would have shown came as new messages: the summary after the last answer
    await flows.expect(second, [second.last()], "استان مورد تقاضای عضویت")


async def test_each_document_question_shows_what_is_already_received(harness: Harness) -> None:
    user = harness.user("telegram", 7002)
    await flows.to_documents(user)
    question = flows.bodies(await user.send_photo(jpeg_bytes(photo(seed=21))))
    assert "شناسنامه" in question and "✅ کارت ملی" in question and "⬜ شناسنامه" in question, question
