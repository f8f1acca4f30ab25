"""Messages to other people are sent only after the update's transaction commits: a rolled-back
step tells no one anything, a committed one tells them once, and a row left unsent by a crashed
run is delivered by the relay, once, even with two senders racing for it."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from aiogram.methods import SendMessage
from sqlalchemy import func, select, update

from conversations.kit.outbox import Outbox
from conversations.staff.posting import StaffPosting
from storage import cases, outbox
from storage.models import OutboxMessage
from storage.people import find_applicants, upsert_user
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.staffing import press_in_staff_chat, reviewer

IN_REVIEW = "در دست بررسی"


async def unsent(harness: Harness) -> int:
    async with harness.app.sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        )
    return int(count or 0)


async def test_a_rolled_back_step_tells_no_one_and_a_committed_one_tells_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    applicant = harness.user("telegram", 7801)
    await flows.full_application(applicant)
    await harness.app.notifier.drain()
    expert = await reviewer(harness, "telegram")
    told_before = len(applicant.messages())

    def fail(*_: object, **__: object) -> None:  # the step fails after the applicant was "told"
        raise RuntimeError("the refresh failed")

    with monkeypatch.context() as patch:
        patch.setattr(StaffPosting, "buttons", fail)
        await press_in_staff_chat(harness, expert, "telegram", "برداشتن پرونده")
    await harness.app.notifier.drain()
    assert len(applicant.messages()) == told_before  # rolled back: not a word to the applicant
    assert await unsent(harness) == 0  # and nothing left to send later
    async with harness.app.sessions() as session:
        found = (await find_applicants(session, mobile="09123456789"))[0]
        assert (await cases.cases_of_applicant(session, found.id))[0].status == "submitted"

    await press_in_staff_chat(harness, expert, "telegram", "برداشتن پرونده")
    await harness.app.notifier.drain()
    assert [m.body for m in applicant.messages()[told_before:] if IN_REVIEW in m.body] != []
    assert len([m for m in applicant.messages() if IN_REVIEW in m.body]) == 1
    assert await unsent(harness) == 0  # sent, and marked sent


async def test_the_relay_delivers_what_a_crashed_run_left_once(harness: Harness) -> None:
    applicant = harness.user("bale", 7802)
    await applicant.send("/start")
    assert await unsent(harness) == 0
    async with harness.app.sessions() as session, session.begin():
        user = await upsert_user(session, "bale", 7802, applicant.chat_id)
        box = Outbox(session, "bale", harness.app.i18n, [])
        await box.tell(user.id, "notify-in-review", code="ABCD-2345")
        await box.tell(user.id, "notify-in-review", code="WXYZ-6789")
        recorded = box.recorded
    # "crashed": committed, never handed to the sender. Another process holds the second row.
    async with harness.app.sessions() as session, session.begin():
        assert await outbox.claim(session, recorded[1][0], lease=dt.timedelta(minutes=5)) is not None

    assert await harness.app.relay.run_once(older_than=dt.timedelta(0)) == 1  # the free one only
    await harness.app.notifier.drain()
    assert len([m for m in applicant.messages() if "ABCD-2345" in m.body]) == 1
    assert not [m for m in applicant.messages() if "WXYZ-6789" in m.body]  # its lease still holds

    # the lease runs out (its process died): two senders race for it, one sends
    async with harness.app.sessions() as session, session.begin():
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == recorded[1][0])
            .values(claimed_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    results = await asyncio.gather(*(harness.app.outbox.send(recorded[1][0]) for _ in range(2)))
    assert sorted(results) == [False, True]
    assert await harness.app.relay.run_once(older_than=dt.timedelta(0)) == 0  # nothing left
    await harness.app.notifier.drain()
    assert len([m for m in applicant.messages() if "ABCD-2345" in m.body]) == 1
    assert len([m for m in applicant.messages() if "WXYZ-6789" in m.body]) == 1


def test_a_method_survives_the_round_trip() -> None:
    from aiogram.methods import SendMediaGroup
    from aiogram.types import InputMediaPhoto

    from conversations.kit.outbox import rebuild, serialise

    album = SendMediaGroup(chat_id=5, media=[InputMediaPhoto(media="a"), InputMediaPhoto(media="b")])
    name, params = serialise(album)
    assert name == "sendMediaGroup" and "parse_mode" not in str(params)
    assert rebuild(name, params) == SendMediaGroup.model_validate(params)
    message = SendMessage(chat_id=7, text="سلام")
    rebuilt = rebuild(*serialise(message))
    assert isinstance(rebuilt, SendMessage) and rebuilt.text == "سلام"
