"""The one notification relay (issue 22): a workflow step's declared notification is told exactly
when the step is kept — once after its transaction commits, never when it rolls back, never twice
for an update the messenger delivers again — and no dialog tells a decision by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from conversations.kit.context import Background
from conversations.kit.outbox import Outbox
from conversations.kit.process import act
from conversations.kit.relay import Relay
from storage import cases, people
from storage.models import OutboxMessage
from storage.workflow import Action, Actor, Role
from tests.e2e.conftest import Harness
from tests.e2e.staffing import grant, staff_button
from tests.storage.helpers import move, new_case

PROJECT = Path(__file__).resolve().parents[2]


class Rollback(Exception):
    pass


async def rows_for(harness: Harness, chat_id: int) -> list[str]:
    async with harness.app.sessions() as session:
        found = await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == chat_id))
        return [str(row.params.get("text", "")) for row in found]


@pytest.mark.parametrize("kept", [True, False], ids=["committed", "rolled-back"])
async def test_a_step_tells_what_it_declares_only_when_it_is_kept(harness: Harness, kept: bool) -> None:
    app = harness.app
    profile = next(iter(app.profiles.values()))
    async with app.sessions() as session, session.begin():
        case = await new_case(session, user_id=8801)
        await move(session, case.id, Action.SUBMIT, Actor.applicant())
        user = await people.get_user(session, case.messenger_user_id)
    assert user is not None
    recorded: list[tuple[int, int]] = []
    try:
        async with app.sessions() as session, session.begin():
            reach = Background(session, Outbox(session, profile.name, app.i18n, recorded), app.services, profile)
            await act(reach, case.id, Action.TAKE, Actor(Role.REVIEWER))
            told = await Relay().flush(reach)
            assert told == 1 and len(recorded) == 1  # in the transaction: one outbox row, not sent yet
            if not kept:
                raise Rollback
    except Rollback:
        pass
    expected = app.i18n(user.language)("notify-in-review-membership", code=case.tracking_code)
    assert await rows_for(harness, user.chat_id) == ([expected] if kept else [])
    async with app.sessions() as session:
        assert (await cases.get_case(session, case.id)).status == ("in_review" if kept else "submitted")  # type: ignore[union-attr]


async def test_an_update_delivered_again_tells_no_one_twice(harness: Harness) -> None:
    from tests.e2e import flows

    platform = "telegram"
    applicant = harness.user(platform, 8802)
    await flows.full_application(applicant)
    await harness.app.notifier.drain()
    reviewer = harness.user(platform, 9900, "کارشناس")
    await grant(harness, platform, 9900, Role.REVIEWER, "کارشناس الف")
    before = len(applicant.messages())
    message, button = staff_button(harness, platform, "برداشتن پرونده")
    update = reviewer.push_callback(message, button["callback_data"])
    await reviewer.settle(update)
    await harness.app.notifier.drain()
    told = applicant.messages()[before:]
    assert len(told) == 1 and "در دست بررسی" in told[0].body
    await reviewer.redeliver(update)  # the messenger delivers the press again
    await harness.app.notifier.drain()
    assert applicant.messages()[before:] == told  # nothing more
    await reviewer.settle(reviewer.push_callback(message, button["callback_data"]))  # a second press: stale
    await harness.app.notifier.drain()
    assert applicant.messages()[before:] == told


def test_no_dialog_tells_a_decision_by_hand() -> None:
    """``Outbox.tell`` is left for what is not a workflow decision (a wallet's refusal, the notice
    that an untouched draft will be deleted); every decision is told by the relay from the process
    declarations."""
    calls = {
        str(path.relative_to(PROJECT)): re.findall(r'\.tell\(\s*[^,]+,\s*"([a-z0-9-]+)"', path.read_text("utf-8"))
        for path in (PROJECT / "conversations").rglob("*.py")
    }
    told = {where: keys for where, keys in calls.items() if keys}
    assert told == {"conversations/payment.py": ["pay-failed"], "conversations/mydata.py": ["retention-notice"]}
