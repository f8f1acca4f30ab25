"""SMS on decisions (issue 24), end to end against the emulator's SMS gateway: the real bot, its
relay and its SMS sender, speaking Kavenegar's and sms.ir's APIs to the gateway.

- an approval sends one SMS to the verified mobile with the tracking code (and no name, no
  national code); the chat message goes too
- the provider answering 500 twice, then 200 → one SMS
- a replica gone between commit and send (and one gone holding the row's lease) → one SMS after
  the restart
- no credit → the SMS refused with the provider's reason, one admin alert (not one per SMS), the
  chat message still sent
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.emulator import BotApiEmulator
from storage import sms
from storage.models import Applicant, utcnow
from tests.e2e.conftest import Harness, make_settings, until
from tests.e2e.staffing import approved_file

MOBILE = "09123456789"  # flows' applicant shares +98 912 345 6789
ADMIN = 4242
KEY = "emulator-sms-key"


def sms_settings(tmp: Path, base_url: str, provider: str = "kavenegar", **overrides: object) -> dict[str, object]:
    return {
        "sms_provider": provider,
        "sms_api_key": KEY,
        "sms_sender": "10004346",
        "sms_api_base": base_url,
        "telegram_admin_ids": [ADMIN],
        **overrides,
    }


@pytest.fixture(params=["kavenegar", "smsir"])
async def texting(request: pytest.FixtureRequest, emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path, emulator.base_url, **sms_settings(tmp_path, emulator.base_url, request.param))
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    yield h
    await h.stop()


async def rows(h: Harness) -> list[sms.SmsInfo]:
    async with h.app.sessions() as session:
        return await sms.listing(session)


async def test_an_approval_sends_one_sms_with_the_tracking_code(texting: Harness) -> None:
    applicant = texting.user("telegram", 6101)
    tracking = await approved_file(texting, "telegram", applicant)
    gateway = texting.emulator.sms
    await until(lambda: len(gateway.to(MOBILE)) == 1)
    [received] = gateway.to(MOBILE)
    t = texting.app.i18n("fa")
    assert received.text == t("sms-approved", code=tracking)
    assert tracking in received.text and received.parts == 1
    async with texting.app.sessions() as session:
        applicant_row = (await session.scalars(select(Applicant))).one()
    for private in (applicant_row.national_code, applicant_row.first_name or "", applicant_row.last_name or ""):
        assert private not in received.text
    assert any(tracking in m.body for m in applicant.messages())  # the chat's message too
    [row] = await rows(texting)
    assert row.sent and row.kind == "approved" and row.provider == texting.settings.sms_provider
    assert row.delivery  # what the provider reported on acceptance
    scraped = (await texting.app.metrics.render(texting.app.sessions)).decode()
    provider = texting.settings.sms_provider
    assert f'nezam_sms_total{{kind="approved",outcome="sent",provider="{provider}"}} 1.0' in scraped


async def test_the_provider_failing_twice_then_answering_sends_one_sms(texting: Harness) -> None:
    gateway = texting.emulator.sms
    gateway.fail_next(500, times=2)
    await approved_file(texting, "telegram", texting.user("telegram", 6102))
    await until(lambda: gateway.calls >= 1)
    assert texting.app.sms is not None
    for minutes in (1, 2, 3):  # the backoff's clock, moved on
        await texting.app.sms.run_once(now=utcnow() + dt.timedelta(minutes=minutes))
    await until(lambda: len(gateway.to(MOBILE)) == 1)
    await texting.app.sms.run_once(now=utcnow() + dt.timedelta(hours=2))
    assert len(gateway.to(MOBILE)) == 1 and gateway.calls == 3
    [row] = await rows(texting)
    assert row.sent and row.attempts == 3


async def test_a_replica_gone_between_commit_and_send_sends_once_after_the_restart(texting: Harness) -> None:
    assert texting.app.sms is not None
    await texting.app.sms.stop()  # the sending side dies; the commit has happened (below)
    await approved_file(texting, "telegram", texting.user("telegram", 6103))
    [row] = await rows(texting)
    assert not row.sent and texting.emulator.sms.to(MOBILE) == []
    await texting.stop()
    await texting.start()  # the restart: its first round sends what is due
    await until(lambda: len(texting.emulator.sms.to(MOBILE)) == 1)
    assert texting.app.sms is not None
    await texting.app.sms.run_once(now=utcnow() + dt.timedelta(hours=1))
    assert len(texting.emulator.sms.to(MOBILE)) == 1


async def test_a_replica_gone_holding_the_lease_sends_once_after_it_expires(texting: Harness) -> None:
    assert texting.app.sms is not None
    await texting.app.sms.stop()
    await approved_file(texting, "telegram", texting.user("telegram", 6104))
    [row] = await rows(texting)
    async with texting.app.sessions() as session, session.begin():
        assert await sms.claim(session, row.id) is not None  # claimed by a replica that then dies
    await texting.stop()
    await texting.start()
    assert texting.app.sms is not None
    await texting.app.sms.run_once()
    assert texting.emulator.sms.to(MOBILE) == []  # its lease still holds
    await texting.app.sms.run_once(now=utcnow() + sms.LEASE * 2)
    await texting.app.sms.run_once(now=utcnow() + sms.LEASE * 3)
    assert len(texting.emulator.sms.to(MOBILE)) == 1


async def test_no_credit_alerts_the_admins_once_and_the_chat_goes_on(texting: Harness) -> None:
    gateway = texting.emulator.sms
    gateway.credit = 0
    applicant = texting.user("telegram", 6105)
    tracking = await approved_file(texting, "telegram", applicant)
    bot = texting.bot("telegram")
    t = texting.app.i18n("fa")
    marker = t("sms-alert-credit", provider="@", reason="@").split("@")[0]
    await until(lambda: any(marker in m.body for m in bot.bot_messages(ADMIN)))
    assert any(tracking in m.body for m in applicant.messages())  # the chat's message is not held up
    [row] = await rows(texting)
    assert row.failed and not row.sent and row.error is not None and "اعتبار" in row.error
    assert row.attempts == 1  # a refusal is not retried
    # another decision's SMS refused too, minutes later: no second alert within the hour
    async with texting.app.sessions() as session, session.begin():
        assert await sms.add(session, "event:999999", MOBILE, "member", t("sms-member", code=tracking), {})
    assert texting.app.sms is not None
    assert await texting.app.sms.run_once() == 0
    await texting.app.notifier.drain()
    assert [r.failed for r in await rows(texting)] == [True, True]
    assert len([m for m in bot.bot_messages(ADMIN) if marker in m.body]) == 1
