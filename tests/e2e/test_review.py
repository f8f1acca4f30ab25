"""The whole loop of spec §4–§5 on both messengers: submit → staff take → return two sections
with notes → the applicant sees them, fixes, resends → staff see what changed → approve → the
finance office confirms the payment → member; plus forged buttons, a race, privacy."""

from __future__ import annotations

import pytest

from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import alerts, grant, press_in_staff_chat, staff_button
from tests.images import jpeg_bytes, photo


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_the_review_loop(harness: Harness, platform: str) -> None:
    applicant = harness.user(platform, 7501)
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    channel = harness.bot(platform).chat(STAFF_CHAT)
    text = bodies(channel)
    assert "درخواست عضویت جدید" in text and tracking in text
    # one message for the file: its card with its buttons; the documents are not pushed into the group
    assert [m for m in channel if tracking in m.body] == [channel[-1]]
    assert not any(m.media_group_id or m.photo for m in channel)
    assert any("برداشتن پرونده" in b["text"] for b in channel[-1].inline_buttons())

    reviewer = harness.user(platform, 9900, "کارشناس")
    stranger = harness.user(platform, 9901, "غریبه")
    await grant(harness, platform, 9900, Role.REVIEWER, "کارشناس الف")

    # a forged press from someone without a role changes nothing
    await press_in_staff_chat(harness, stranger, platform, "برداشتن پرونده")
    assert "اجازه این کار را ندارید" in alerts(harness, platform)[-1]
    await expect(applicant, await applicant.send("/status"), "ارسال‌شده")

    await reviewer.send("/start")  # reviewers chat with the bot privately to write notes
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    assert "در دست بررسی" in applicant.last().body

    await press_in_staff_chat(harness, reviewer, platform, "بازگشت برای اصلاح")
    await expect(reviewer, [reviewer.last()], "بخش‌هایی را که باید اصلاح شوند")
    await reviewer.press("مشخصات فردی")
    await reviewer.press("مدارک و مستندات")
    await expect(reviewer, await reviewer.press("نوشتن توضیحات"), "مشخصات فردی")
    await expect(reviewer, await reviewer.send("کد پستی محل کار درست نیست."), "مدارک و مستندات")
    await expect(reviewer, await reviewer.send("تصویر کارت ملی خوانا نیست."), "ثبت شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "برای اصلاح", "کد پستی محل کار درست نیست", "کارت ملی خوانا نیست")

    # the applicant: marker in the cartable, the notes beside the sections, fix, resend
    await expect(applicant, await applicant.send("🗂 کارتابل"), "🔴", tracking)
    replies = await applicant.press("مشاهده و اصلاح")
    await expect(applicant, replies, "کد پستی محل کار درست نیست", "مشخصات فردی")
    await expect(applicant, await applicant.press("کد پستی محل کار"), "کد پستی ۱۰ رقمی محل کار")
    await expect(applicant, await applicant.send("8815813366"), "۸۸۱۵۸۱۳۳۶۶")
    await expect(applicant, await applicant.press("ثبت اطلاعات و مرحله بعد"), "مدارک و مستندات")
    await expect(applicant, await applicant.press("کارت ملی"), "هر دو روی کارت ملی")
    await expect(applicant, await applicant.press("از نو"), "هر دو روی کارت ملی")  # both sides again
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=77))), "روی دیگر")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=78))), "مدارک و مستندات")
    await expect(applicant, await applicant.press("ثبت اطلاعات و مرحله بعد"), "تایید نهایی")
    await expect(applicant, await applicant.press("اطلاعات و مدارک صحیح است"), "کد رهگیری", tracking)
    await harness.app.notifier.drain()
    text = bodies(harness.bot(platform).chat(STAFF_CHAT))
    assert "ارسال مجدد پس از اصلاح" in text
    assert "بخش‌های اصلاح‌شده از آخرین بازگشت: مشخصات فردی, مدارک و مستندات" in text

    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, reviewer, platform, "تایید")
    assert "تایید شد" in applicant.last().body and "2٬500٬000" not in applicant.last().body
    assert "۲٬۵۰۰٬۰۰۰" in applicant.last().body

    # the slip path (no payment provider configured): the applicant sends a photo of the slip
    await expect(applicant, await applicant.press("ارسال فیش واریزی"), "تصویر فیش واریزی")
    await expect(applicant, await applicant.send_sticker(), "تصویر فیش واریزی")  # not a slip: asked again
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=91))), "دریافت شد", "واحد مالی")
    await harness.app.notifier.drain()
    slip = harness.bot(platform).chat(STAFF_CHAT)[-1]
    assert slip.photo is not None and "فیش واریزی پرونده " + tracking in slip.body
    assert any("پرداخت دریافت شد" in b["text"] for b in slip.inline_buttons())

    finance = harness.user(platform, 9902, "مالی")
    await grant(harness, platform, 9902, Role.FINANCE, "واحد مالی")
    await press_in_staff_chat(harness, reviewer, platform, "پرداخت دریافت شد")  # a reviewer is not finance
    assert "اجازه" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, finance, platform, "پرداخت دریافت شد")
    assert "عضویت تکمیل شد" in applicant.last().body
    await press_in_staff_chat(harness, finance, platform, "پرداخت دریافت شد")  # pressed twice: nothing more
    assert "قبلاً توسط" in alerts(harness, platform)[-1]
    assert len([m for m in applicant.messages() if "عضویت تکمیل شد" in m.body]) == 1

    await expect(applicant, await applicant.send("/start"), "عضویت من")
    await expect(applicant, await applicant.send("✅ عضویت من"), "تکمیل شده")
    await applicant.send("🗂 کارتابل")
    history = await applicant.press("جزئیات فرآیند")
    text = bodies(history)
    for step in (
        "فیش واریزی ارسال شد",
        "بازگشت به کارتابل",
        "ارسال‌شده",
        "تایید شده",
        "در انتظار پرداخت",
        "عضویت تکمیل شده",
        "کارشناس پذیرش",
        "کد پستی محل کار درست نیست",
    ):
        assert step in text, step
    assert "9900" not in text and "کارشناس الف" not in text  # a role, never a person
    assert harness.bot(platform).errors == []


async def test_two_reviewers_approving_at_once_one_wins(harness: Harness) -> None:
    applicant = harness.user("telegram", 7601)
    await flows.full_application(applicant)
    await harness.app.notifier.drain()
    a, b = harness.user("telegram", 9911, "الف"), harness.user("telegram", 9912, "ب")
    await grant(harness, "telegram", 9911, Role.REVIEWER, "کارشناس الف")
    await grant(harness, "telegram", 9912, Role.REVIEWER, "کارشناس ب")
    await press_in_staff_chat(harness, a, "telegram", "برداشتن پرونده")
    message, button = staff_button(harness, "telegram", "تایید")
    first = a.push_callback(message, button["callback_data"])
    second = b.push_callback(message, button["callback_data"])
    await a.settle(first)
    await b.settle(second)
    await harness.app.notifier.drain()
    answers = alerts(harness, "telegram")[-2:]
    assert sum("قبلاً توسط" in x for x in answers) == 1, answers
    assert sum(x == "ثبت شد." for x in answers) == 1, answers
    approvals = [m for m in applicant.messages() if "حق عضویت" in m.body]
    assert len(approvals) == 1


async def test_an_applicant_cannot_read_another_file(harness: Harness) -> None:
    a = harness.user("telegram", 7701)
    tracking = await flows.full_application(a)
    b = harness.user("bale", 7701)  # even the same numeric id on another messenger
    shown = await b.send(f"/status {tracking}")  # not linked to an applicant: how to link, nothing of the file
    await expect(b, shown, harness.app.i18n("fa")("status-not-linked"))
    assert "در انتظار بررسی" not in bodies(shown) and "رضا" not in bodies(shown)
    c = harness.user("telegram", 7702)
    wrong = await c.send("/status ABCD-EFGH")
    theirs = await c.send(f"/status {tracking}")
    assert bodies(wrong) == bodies(theirs)  # someone else's code looks like a wrong one
    await expect(a, await a.send(f"/status {tracking.lower()}"), tracking)


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_restart_in_the_middle_of_a_return_loses_nothing(harness: Harness, platform: str) -> None:
    applicant = harness.user(platform, 7901)
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    reviewer = harness.user(platform, 9900, "کارشناس")
    await grant(harness, platform, 9900, Role.REVIEWER, "کارشناس الف")
    await reviewer.send("/start")
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, reviewer, platform, "بازگشت برای اصلاح")
    await reviewer.press("مشخصات فردی")
    await reviewer.press("اطلاعات تحصیلی")

    await harness.stop()  # the process dies while the sections are being chosen …
    await harness.start()
    await reviewer.press("📄 کارت ملی")  # … the ticks made before are still there
    await expect(reviewer, await reviewer.press("نوشتن توضیحات"), "مشخصات فردی")
    await expect(reviewer, await reviewer.send("نشانی محل کار ناقص است."), "اطلاعات تحصیلی")

    await harness.stop()  # … and again in the middle of the notes
    await harness.start()
    await expect(reviewer, await reviewer.send("تاریخ فارغ‌التحصیلی را بررسی کنید."), "کارت ملی")
    await expect(reviewer, await reviewer.send("تصویر کارت ملی تار است."), "ثبت شد", tracking)
    await harness.app.notifier.drain()
    await expect(
        applicant,
        [applicant.last()],
        "برای اصلاح",
        "نشانی محل کار ناقص است",
        "تاریخ فارغ‌التحصیلی را بررسی کنید",
        "تصویر کارت ملی تار است",
    )
    # the applicant goes straight to the first returned section, with the notes
    replies = await applicant.send("📝 ادامه درخواست عضویت")
    await expect(applicant, replies, "نشانی محل کار ناقص است", "مشخصات فردی")
    assert harness.bot(platform).errors == []
