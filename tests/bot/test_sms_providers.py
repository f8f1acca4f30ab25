"""The SMS providers (issue 24) against the emulator's gateway, which answers as Kavenegar and
sms.ir do: sent (with the message id and the delivery status), a key refused and no credit (the
admins must act), a receptor refused (recorded, not retried), a 5xx (tried again later); a
template when one is configured for the kind, else the text from the sending line. And what every
SMS the bot can send says: its text in both languages, one part, the tracking code in it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.emulator import BotApiEmulator
from bot.sms import Outcome, build_provider
from bot.wiring import APPLICATIONS
from conversations.kit.i18n import I18n
from conversations.kit.sms import KINDS, kind_of, render
from storage.sms import SmsRow

KEY = "emulator-sms-key"


@pytest.fixture
async def gateway() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


def row(kind: str = "approved", mobile: str = "09123456789") -> SmsRow:
    return SmsRow(1, "event:1", mobile, kind, "fa", "نظام مهندسی: پرونده 5483-SW6R تأیید شد", {"code": "5483-SW6R"}, 1)


async def send(emulator: BotApiEmulator, provider: str, message: SmsRow, **options: object) -> Outcome:
    values: dict[str, object] = {"api_key": KEY, "sender": "10004346", "templates": {}, **options}
    sender = build_provider(provider, emulator.base_url, str(values["api_key"]), values["sender"], values["templates"])  # type: ignore[arg-type]
    async with aiohttp.ClientSession() as http:
        return await sender.send(http, message)


@pytest.mark.parametrize("provider", ["kavenegar", "smsir"])
async def test_a_text_is_sent_from_the_line(gateway: BotApiEmulator, provider: str) -> None:
    outcome = await send(gateway, provider, row())
    assert outcome.sent and outcome.message_id and outcome.delivery
    [received] = gateway.sms.to("09123456789")
    assert received.text == row().text and received.template is None and received.provider == provider


@pytest.mark.parametrize("provider", ["kavenegar", "smsir"])
async def test_a_kind_with_a_template_is_sent_by_the_template(gateway: BotApiEmulator, provider: str) -> None:
    outcome = await send(gateway, provider, row(), templates={"approved": "100202"}, sender=None)
    assert outcome.sent
    [received] = gateway.sms.to("09123456789")
    assert received.template == "100202" and "5483-SW6R" in received.params.values()


@pytest.mark.parametrize("provider", ["kavenegar", "smsir"])
async def test_refusals_and_failures(gateway: BotApiEmulator, provider: str) -> None:
    refused_key = await send(gateway, provider, row(), api_key="not-a-key")
    assert not refused_key.sent and refused_key.refused and refused_key.alert == "key"
    receptor = await send(gateway, provider, row(mobile="0912"))
    assert receptor.refused and receptor.alert is None and receptor.retry is None
    gateway.sms.fail_next(503)
    down = await send(gateway, provider, row())
    assert down.retry and not down.refused
    gateway.sms.credit = 0
    broke = await send(gateway, provider, row())
    assert broke.refused and broke.alert == "credit"
    assert gateway.sms.received == []


def test_every_sms_worthy_notice_has_a_kind_and_a_short_text_in_both_languages() -> None:
    i18n = I18n()
    declared = {
        kind_of(notice.key) for app in APPLICATIONS for step in app.process.steps for notice in step.tell if notice.sms
    }
    assert {"returned", "approved", "rejected", "member", "dues-settled", "license-closed"} <= declared
    assert declared <= set(KINDS)
    for lang in ("fa", "en"):
        for kind in KINDS:
            text = render(i18n(lang), kind, "5483-SW6R")
            assert "5483-SW6R" in text.text and text.parts == 1, (lang, kind, text)
