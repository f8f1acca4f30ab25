"""Bale as its published facts say (shared/platforms/bale.md), each uncertain fact both ways
through the emulator's switches: Markdown in every text, the wallet's inquireTransaction, old
clients' callback ids, setMyCommands."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app import set_commands
from bot.emulator import ChatMessage, FakeUser
from bot.emulator.bale import render_markdown
from conversations.applications.membership.process import MembershipStatus
from scoring import normalize_text
from storage import cases
from storage.models import utcnow
from storage.workflow import Status
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness, bale_facts
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import approved_file, press_in_staff_chat, reviewer
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo

# what people type: each would be reformatted by Bale's Markdown if it reached Bale as it is
TYPED_ADDRESS = "کوچه *۱۲* _الف_ [x](y)"
ADDRESS = normalize_text(TYPED_ADDRESS)  # as the core keeps it (ASCII digits); shown again as typed (issue 29)
FIRST_NAME = "علی _رضا_"
UNIVERSITY = "دانشگاه *صنعتی* (شریف)"


def test_the_emulator_renders_what_bale_would_reformat() -> None:
    """The control: sent as typed, Bale would show something else, so the test below can fail."""
    for typed in (TYPED_ADDRESS, ADDRESS, FIRST_NAME, UNIVERSITY):
        shown, entities = render_markdown(typed)
        assert shown != typed and entities, typed
    assert render_markdown("technical_manager, a*b*c")[0] == "technical_manager, a*b*c"  # markers need word edges


def shows_as_typed(messages: list[ChatMessage], *typed: str) -> None:
    text = bodies(messages)
    for value in typed:
        assert value in text, f"{value!r} is not shown as typed in:\n{text}"


@pytest.mark.parametrize("markdown_always", [True, False])
async def test_typed_text_shows_as_typed_in_every_bale_message(harness: Harness, markdown_always: bool) -> None:
    bot = harness.bot("bale")
    bale_facts(harness).markdown_always = markdown_always
    applicant = harness.user("bale", 7201)
    await flows.identity(applicant, with_prefix("461"), first_name=FIRST_NAME)
    await flows.personal(applicant, home_address=TYPED_ADDRESS)
    await flows.education(applicant, university=UNIVERSITY)
    await flows.family(applicant)
    seen = len(applicant.messages())
    await flows.documents(applicant)
    shows_as_typed(applicant.messages()[seen:], TYPED_ADDRESS, FIRST_NAME, UNIVERSITY)  # the full summary to confirm
    await flows.submit(applicant)
    await harness.app.notifier.drain()
    staff_chat = bot.chat(STAFF_CHAT)
    shows_as_typed(staff_chat, FIRST_NAME, UNIVERSITY)  # the staff card

    expert = await reviewer(harness, "bale")
    await press_in_staff_chat(harness, expert, "bale", "نمایش پرونده کامل")
    shows_as_typed(expert.messages(), TYPED_ADDRESS)  # the full file, in the staff member's private chat
    await press_in_staff_chat(harness, expert, "bale", "برداشتن پرونده")
    await press_in_staff_chat(harness, expert, "bale", "تایید")
    await expect(applicant, await applicant.press("ارسال فیش واریزی"), "فیش واریزی")
    await applicant.send_photo(jpeg_bytes(photo(seed=31)))
    await harness.app.notifier.drain()
    slip = next(m for m in reversed(bot.chat(STAFF_CHAT)) if m.photo and m.caption)
    shows_as_typed([slip], FIRST_NAME)  # a caption
    assert bot.errors == []
    assert all("parse_mode" not in params for _, params in bot.calls)


# ---- payments: the wallet confirms (inquireTransaction) ---------------------------------------------


async def paid_by_invoice(h: Harness, applicant: FakeUser) -> str:
    tracking = await approved_file(h, "bale", applicant)
    await h.app.notifier.drain()
    invoice = applicant.last()
    assert invoice.invoice is not None and invoice.invoice["currency"] == "IRR"
    ok, error = await applicant.pay(invoice)
    assert ok, error
    await h.app.notifier.drain()
    return tracking


async def status_of(h: Harness, tracking: str) -> str:
    async with h.app.sessions() as session:
        case = await cases.get_case_by_tracking_code(session, tracking)
    assert case is not None
    return case.status


def inquiries(h: Harness) -> list[str]:
    return [str(p.get("transaction_id")) for m, p in h.bot("bale").calls if m == "inquireTransaction"]


@pytest.mark.parametrize("answer", ["failed", "rejected"])
async def test_a_payment_the_wallet_refuses_is_not_applied(paying: Harness, answer: str) -> None:
    bot = paying.bot("bale")
    bale_facts(paying).inquire_transaction_status = answer
    applicant = paying.user("bale", 7211)
    tracking = await paid_by_invoice(paying, applicant)
    assert await status_of(paying, tracking) == Status.AWAITING_PAYMENT
    await expect(applicant, [applicant.last()], "تایید نشد", tracking)
    staff = bodies(bot.chat(STAFF_CHAT))
    assert ("رد شد" if answer == "rejected" else "ناموفق بود") in staff
    assert f"پرداخت آنلاین پرونده {tracking}" in staff and "آنلاین پرداخت شد" not in staff
    assert inquiries(paying) == [next(iter(bot.payments))]  # asked once, by the payment's charge id


async def test_a_pending_payment_is_checked_again_after_a_restart(paying: Harness) -> None:
    bot = paying.bot("bale")
    bale_facts(paying).inquire_transaction_status = "pending"
    applicant = paying.user("bale", 7212)
    tracking = await paid_by_invoice(paying, applicant)
    await expect(applicant, [applicant.last()], "در انتظار تایید کیف پول")
    assert await status_of(paying, tracking) == Status.AWAITING_PAYMENT

    await paying.stop()  # the process dies; the check is a row
    await paying.start()
    later = utcnow() + dt.timedelta(hours=1)
    assert await paying.app.payment_checks.run_once(now=later) == 1  # still pending: asked again later
    assert await status_of(paying, tracking) == Status.AWAITING_PAYMENT
    bale_facts(paying).inquire_transaction_status = "paid"
    assert await paying.app.payment_checks.run_once(now=later) == 1
    await paying.app.notifier.drain()
    assert await status_of(paying, tracking) == MembershipStatus.MEMBER
    await expect(applicant, [applicant.last()], "عضویت تکمیل شد")
    assert "آنلاین پرداخت شد" in bodies(bot.chat(STAFF_CHAT))
    assert len(inquiries(paying)) == 3 and len(set(inquiries(paying))) == 1
    assert await paying.app.payment_checks.run_once(now=later + dt.timedelta(days=1)) == 0  # decided


async def test_without_inquire_transaction_the_payment_is_trusted(paying: Harness) -> None:
    """A Bale without the method (404): today's behaviour, and the bot stops asking."""
    bot = paying.bot("bale")
    bale_facts(paying).inquire_transaction_status = None
    first = paying.user("bale", 7213)
    tracking = await paid_by_invoice(paying, first)
    assert await status_of(paying, tracking) == MembershipStatus.MEMBER
    await expect(first, [first.last()], "عضویت تکمیل شد")
    assert [e[:2] for e in bot.errors] == [("inquireTransaction", 404)]


# ---- callback answers, commands -----------------------------------------------------------------------


@pytest.mark.parametrize("old_client", [True, False])
async def test_old_bale_clients_get_the_answer_as_a_message(harness: Harness, old_client: bool) -> None:
    bot = harness.bot("bale")
    bale_facts(harness).old_client_callbacks = old_client
    user = harness.user("bale", 7221)
    await user.send("/start")
    seen = len(user.messages())
    await user.settle(user.push_callback(user.last(), "gone:1"))  # a button that no longer means anything
    answer = bot.callback_answers[-1]
    assert str(answer["callback_query_id"]).startswith("1") == old_client
    assert answer.get("text")
    assert (answer["text"] in bodies(user.messages()[seen:])) == old_client


@pytest.mark.parametrize("missing", [True, False])
async def test_set_my_commands_refused_on_bale_is_ignored(harness: Harness, missing: bool) -> None:
    bale = harness.bot("bale")
    bale_facts(harness).set_my_commands_missing = missing
    await set_commands(harness.app)
    assert harness.bot("telegram").commands
    refused = [e for e in bale.errors if e[0] == "setMyCommands"]
    assert len(refused) == (1 if missing else 0)  # tried once, not once per language
    assert bool(bale.commands) != missing
