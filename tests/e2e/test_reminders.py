"""Reminders (issue 24) on a controllable clock, end to end: the real bot's reminder round, its
outbox and its SMS sender against the emulator (Telegram and the SMS gateway).

- a draft: reminded in the chat after 1 and 3 days, after 7 the last time, by SMS too; never again;
  the reminder's button continues the draft
- a fee not paid: after 3 days, after 10 the last time (SMS too), the button opens the payment
- never between 22:00 and 08:00 Iran time
- /notifications → off: no reminder (on again: the stage due now)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator, FakeUser
from bot.reminders import quiet
from storage.models import utcnow
from tests.e2e import flows
from tests.e2e.conftest import Harness, make_settings, until
from tests.e2e.staffing import approved_file
from tests.e2e.test_sms import MOBILE, sms_settings
from tests.factories import with_prefix


@pytest.fixture
async def reminding(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path, emulator.base_url, **sms_settings(tmp_path, emulator.base_url))
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


def daytime(start: dt.datetime, days: float) -> dt.datetime:
    """``days`` after ``start`` (and an hour), moved on to 08:00 Iran time if that falls in the night."""
    moment = start + dt.timedelta(days=days, hours=1)
    while quiet(moment):
        moment += dt.timedelta(minutes=30)
    return moment


def night(start: dt.datetime, days: float) -> dt.datetime:
    moment = start + dt.timedelta(days=days, hours=1)
    while not quiet(moment):
        moment += dt.timedelta(minutes=30)
    return moment


def reminders_of(h: Harness, user: FakeUser) -> list[str]:
    hint = h.app.i18n("fa")("reminder-off-hint")
    return [m.body for m in user.messages() if hint in m.body]


async def test_a_draft_is_reminded_three_times_the_last_by_sms_too(reminding: Harness) -> None:
    h, start = reminding, utcnow()
    assert h.app.reminders is not None
    applicant = h.user("telegram", 6201)
    await flows.identity(applicant, with_prefix("462"))
    t = h.app.i18n("fa")
    rounds = h.app.reminders
    assert await rounds.run_once(daytime(start, 0.5)) == 0
    assert await rounds.run_once(night(start, 1)) == 0  # due, but in the night
    assert await rounds.run_once(daytime(start, 1)) == 1
    await h.app.notifier.drain()
    assert len(reminders_of(h, applicant)) == 1
    assert await rounds.run_once(daytime(start, 1.2)) == 0  # told once
    assert await rounds.run_once(daytime(start, 3)) == 1
    assert await rounds.run_once(daytime(start, 7)) == 1
    await h.app.notifier.drain()
    told = reminders_of(h, applicant)
    last_line = t("reminder-draft-last", kind="@", code="@", since="@").split("@")[-1]
    assert len(told) == 3 and last_line in told[-1] and last_line not in told[0]
    assert t("reminder-draft-kept", days="@", date="@").split("@")[0] in told[-1]  # retention's date, too
    await until(lambda: len(h.emulator.sms.to(MOBILE)) == 1)  # the last one only
    code = told[-1].split("(")[1].split(")")[0].split()[-1].strip("\u200e\u2068\u2069")
    assert h.emulator.sms.to(MOBILE)[0].text == t("sms-reminder-draft", code=code)
    assert await rounds.run_once(daytime(start, 30)) == 0  # the 7-day reminder was the last
    replies = await applicant.press(t("btn-fix", code=code))  # the reminder's button continues the draft
    assert replies and not any("منقضی" in r.body for r in replies)


async def test_an_unpaid_fee_is_reminded_at_3_and_10_days(reminding: Harness) -> None:
    h, start = reminding, utcnow()
    assert h.app.reminders is not None
    applicant = h.user("telegram", 6202)
    tracking = await approved_file(h, "telegram", applicant)
    await until(lambda: len(h.emulator.sms.to(MOBILE)) == 1)  # the approval's
    rounds = h.app.reminders
    assert await rounds.run_once(daytime(start, 2)) == 0
    assert await rounds.run_once(daytime(start, 3)) == 1
    assert await rounds.run_once(daytime(start, 10)) == 1
    assert await rounds.run_once(daytime(start, 40)) == 0
    await h.app.notifier.drain()
    told = reminders_of(h, applicant)
    assert len(told) == 2 and all(tracking in text for text in told)
    t = h.app.i18n("fa")
    await until(lambda: len(h.emulator.sms.to(MOBILE)) == 2)
    assert h.emulator.sms.to(MOBILE)[-1].text == t("sms-reminder-fee", code=tracking)
    message, pay = applicant.find_button(t("btn-pay", code=tracking))
    assert t("reminder-off-hint") in message.body and pay


async def test_reminders_turned_off_are_not_sent_and_decisions_still_are(reminding: Harness) -> None:
    h, start = reminding, utcnow()
    assert h.app.reminders is not None
    t = h.app.i18n("fa")
    applicant = h.user("telegram", 6203)
    await flows.identity(applicant, with_prefix("463"))
    screen = await applicant.send("/notifications")
    assert t("notifications-on", sms="yes") in screen[-1].body
    assert t("notifications-decisions", sms="yes") in screen[-1].body  # an SMS channel and a verified mobile
    await applicant.press(t("btn-reminders-off"))
    assert t("notifications-off") in applicant.last().body
    assert await h.app.reminders.run_once(daytime(start, 1)) == 0
    assert await h.app.reminders.run_once(daytime(start, 7)) == 0
    assert reminders_of(h, applicant) == []
    await applicant.press(t("btn-reminders-on"))
    assert await h.app.reminders.run_once(daytime(start, 7.2)) == 1  # on again: the stage due now
