"""Paying the membership fee by invoice (a payment provider is configured): sendInvoice →
pre-checkout checked by the bot → successful_payment → member, on both messengers."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import approved_file

FEE = 2_500_000


@pytest.mark.parametrize(("platform", "amount"), [("telegram", FEE * 100), ("bale", FEE)])
async def test_the_invoice_path(paying: Harness, platform: str, amount: int) -> None:
    applicant = paying.user(platform, 8101)
    tracking = await approved_file(paying, platform, applicant)
    await paying.app.notifier.drain()
    invoice = applicant.last()
    assert invoice.invoice is not None, applicant.last().body
    assert invoice.invoice["total_amount"] == amount and invoice.invoice["currency"] == "IRR"
    assert tracking in str(invoice.invoice["description"])
    assert "صورت‌حساب" in bodies(applicant.messages()[-2:]) and "۲٬۵۰۰٬۰۰۰" in bodies(applicant.messages()[-2:])

    # someone else cannot pay (or probe) this file; a changed amount is refused
    stranger = paying.user(platform, 8102)
    ok, error = await stranger.pay(invoice)
    assert not ok and "در انتظار پرداخت نیست" in error
    ok, error = await applicant.pay(invoice, total_amount=amount - 1)
    assert not ok and "مبلغ" in error

    ok, error = await applicant.pay(invoice)
    assert ok, error
    await paying.app.notifier.drain()
    await expect(applicant, [applicant.last()], "عضویت تکمیل شد", "شماره عضویت")
    assert "آنلاین پرداخت شد" in bodies(paying.bot(platform).chat(STAFF_CHAT))
    # on Bale the wallet confirmed it first (inquireTransaction by the payment's charge id)
    inquired = [p["transaction_id"] for m, p in paying.bot(platform).calls if m == "inquireTransaction"]
    assert inquired == (list(paying.bot(platform).payments) if platform == "bale" else [])
    await expect(applicant, await applicant.send("/start"), "عضویت من")
    await applicant.send("🗂 کارتابل")
    history = bodies(await applicant.press("جزئیات فرآیند"))
    assert "سامانه: عضویت تکمیل شده" in history, history

    # the same invoice again (a double tap): refused before any money moves
    ok, error = await applicant.pay(invoice)
    assert not ok
    assert paying.bot(platform).errors == []


async def test_the_cartable_offers_payment_again(paying: Harness) -> None:
    applicant = paying.user("telegram", 8201)
    tracking = await approved_file(paying, "telegram", applicant)
    await paying.app.notifier.drain()
    await expect(applicant, await applicant.send("🗂 کارتابل"), "🔴", "پرداخت حق عضویت")
    replies = await applicant.press("پرداخت حق عضویت")
    assert replies and replies[-1].invoice is not None and tracking in str(replies[-1].invoice["description"])
    ok, error = await applicant.pay(replies[-1])
    assert ok, error
