"""The builder license, the applicant's side (issue 11), end to end on both messengers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.emulator import FakeUser
from storage.cases import case_file, cases_of_applicant
from storage.people import find_applicants
from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import approved_file, grant, press_in_staff_chat, reviewer
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_member_from_before_the_bot_applies(harness: Harness, platform: str) -> None:
    user = harness.user(platform, 7301)
    await flows.license_gate(user, with_prefix("461"))
    tracking = await flows.license_sections(user)
    assert len(tracking.strip("\u200e")) == 9  # shown with a left-to-right mark in Persian
    assert harness.bot(platform).errors == []


async def make_member(harness: Harness, platform: str, applicant: FakeUser) -> None:
    """A membership applied for, approved and paid (slip confirmed by finance) in this test."""
    await approved_file(harness, platform, applicant)
    await harness.app.notifier.drain()
    await applicant.press("ارسال فیش واریزی")
    await applicant.send_photo(jpeg_bytes(photo(seed=91)))
    await harness.app.notifier.drain()
    finance = harness.user(platform, 9902, "مالی")
    await grant(harness, platform, 9902, Role.FINANCE, "واحد مالی")
    await press_in_staff_chat(harness, finance, platform, "پرداخت دریافت شد")
    await expect(applicant, [applicant.last()], "عضویت تکمیل شد")


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_member_made_by_the_bot_applies_with_worksheet_1_prefilled(harness: Harness, platform: str) -> None:
    applicant = harness.user(platform, 7401)
    await make_member(harness, platform, applicant)
    menu = await applicant.send("/start")
    await expect(applicant, menu, "عضویت من", flows.LICENSE)
    replies = await applicant.send(flows.LICENSE)  # no gate: the bot knows the membership
    await expect(applicant, replies, "از پرونده عضویت شما پر شد", "خوداظهاری متقاضی پروانه")
    replies = await applicant.press(flows.DECLARATION)
    # issue 29: the seven answers the bot gave (membership, addresses, mobile) are not counted
    await expect(applicant, replies, "شماره پروانه اشتغال", "پرسش ۱ از ۴")
    tracking = await flows.license_sections(applicant, prefilled=True)
    await harness.app.notifier.drain()

    # the staff chat: a readable card, and the generic take / return work on a license file
    staff_chat = bodies(harness.bot(platform).chat(STAFF_CHAT))
    for needle in (tracking, "پروانه مجری حقیقی", "رضا کریمی", "عضویت از طریق بات", "پایه ۲", "۱ پروژه"):
        assert needle in staff_chat, needle
    assert "۳٬۰۰۰ متر مربع" in staff_chat
    assert "۴ میلیارد ریال" in staff_chat and "جمع ۱۵" in staff_chat
    expert = await reviewer(harness, platform)
    await press_in_staff_chat(harness, expert, platform, "برداشتن پرونده")
    assert "بررسی مدارک" in bodies(harness.bot(platform).chat(STAFF_CHAT)[-1:])
    await press_in_staff_chat(harness, expert, platform, "بازگشت برای اصلاح")
    labels = [b["text"] for b in expert.last().inline_buttons()]
    assert sum("شناسنامه" in label for label in labels) == 1, labels  # two pages, one document to return
    await expect(expert, await expert.press("کاربرگ ۵"), "کاربرگ ۵")
    await expect(expert, await expert.press("نوشتن توضیحات"), "کاربرگ ۵")
    await expect(expert, await expert.send("مدرک ضمانت‌نامه را هم بفرستید."), "ثبت شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "مدرک ضمانت‌نامه را هم بفرستید")

    # the cartable: both files, the license waiting for the applicant; /status answers for both
    cartable = await applicant.send("🗂 کارتابل")
    await expect(applicant, cartable, "درخواست عضویت: عضویت تکمیل شده", "🔴 " + tracking, "پروانه مجری حقیقی")
    status = bodies(await applicant.send("/status"))
    assert "عضویت تکمیل شده" in status and tracking in status and "بازگشت به کارتابل" in status
    replies = await applicant.press("مشاهده و اصلاح")
    await expect(applicant, replies, "مدرک ضمانت‌نامه را هم بفرستید", "کاربرگ ۵")
    await expect(applicant, await applicant.press("ضمانت‌نامه بانکی"), "ضمانت‌نامه بانکی معتبر")
    await expect(applicant, await applicant.send("۳"), "مدرک «ضمانت‌نامه بانکی")
    await flows.files(applicant, None, then="امتیاز مقدماتی")  # the section's last answer: on to the confirmation
    await expect(applicant, await applicant.press("ارسال درخواست پروانه"), tracking)
    await harness.app.notifier.drain()
    staff_chat = bodies(harness.bot(platform).chat(STAFF_CHAT))
    assert "ارسال مجدد پس از اصلاح" in staff_chat and "کاربرگ ۵ — توان مالی" in staff_chat
    assert harness.bot(platform).errors == []


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_non_member_is_sent_to_membership_first(harness: Harness, platform: str) -> None:
    user = harness.user(platform, 7501)
    await flows.identity(user, with_prefix("461"), entry=flows.LICENSE, then="آیا عضو سازمان")
    await expect(user, await user.send("شاید"), "«بله» یا «خیر»", "آیا عضو سازمان")
    await expect(user, await user.press("خیر"), "ابتدا باید عضو سازمان باشید", "شروع درخواست عضویت")
    await expect(user, await user.press("شروع درخواست عضویت"), "قوانین و مقررات عضویت")
    await expect(user, await user.press("قوانین را خواندم"), "استان مورد تقاضای عضویت")
    async with harness.app.sessions() as session:
        applicant = (await find_applicants(session, mobile="09123456789"))[0]
        kinds = [c.kind for c in await cases_of_applicant(session, applicant.id)]
    assert kinds == ["membership"]  # no license file was made
    await expect(user, await user.send("/start"), "ادامه درخواست عضویت", flows.LICENSE)


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_wrong_inputs_and_a_restart_in_the_project_list(harness: Harness, platform: str) -> None:
    user = harness.user(platform, 7601)
    await flows.license_gate(user, with_prefix("461"))
    await user.send("12-3456")
    await user.press("عمران")
    await user.press("کارشناسی پیوسته")
    await expect(user, await user.send("1-23-45678"), "تاریخ اعتبار")
    await expect(user, await user.send("1400/01/01"), "به پایان رسیده", "تمدید", "تاریخ اعتبار")  # expired
    await expect(user, await user.send("1409/13/01"), "در تقویم وجود ندارد")
    await expect(user, await user.send("1409/06/31"), "منزل")
    await user.send("شهرکرد، خیابان فردوسی")
    await user.send("شهرکرد، بلوار مهندسان")
    await expect(user, await user.send("8815813344"), "تلفن ثابت")
    await expect(user, await user.send("09131234567"), "پیش‌شماره")  # a mobile is not a landline
    await expect(user, await user.send("03833334455"), "پست الکترونیک")
    await expect(user, await user.send("reza@"), "ایمیل معتبر نیست")
    await expect(user, await user.press("رد کردن"), "کاربرگ ۲")  # e-mail is optional; the last: on to worksheet 2
    await flows.worksheet2(user)
    await expect(user, await user.send("پروانه اشتغال کاردانی"), "پایه پروانه")  # a typed label is a choice
    await expect(user, await user.send("پایه ۷"), "یکی از دکمه‌ها")  # no such grade
    await expect(user, await user.press("پایه ۱"), "صلاحیت اجرا")
    await expect(user, await user.press("خیر"), "بدون درج «صلاحیت اجرا»", "صلاحیت اجرا")  # cannot apply
    await expect(user, await user.press("بله"), "هر دو روی پروانه")
    assert "دو عکس متفاوت" in user.last().body  # issue 29: said in the question …
    front = jpeg_bytes(photo(seed=61))
    await expect(user, await user.send_photo(front), "۱ روی از ۲ روی", "روی دیگر")
    replies = await user.send_photo(front)  # … and one photo twice is refused, with the reason
    await expect(user, replies, "همان تصویری است که برای روی اول", "۱ روی از ۲ روی")
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=62))), "افزودن پروژه")
    await expect(user, await user.press(flows.SAVE_NEXT), "دست‌کم یک پروژه")  # none yet
    await expect(user, await user.press("افزودن پروژه"), "نام پروژه")
    await user.send("برج نمونه")  # the name alone, not the sheet: the rest one at a time
    await user.press("اصفهان")
    await expect(user, await user.send("اصفهان"), "تاریخ شروع")
    await expect(user, await user.send("1420/01/01"), "آینده")  # in the future
    await expect(user, await user.send("1399/05/01"), "تاریخ خاتمه")
    await expect(user, await user.send("1398/01/01"), "قبل از تاریخ شروع")  # before the start
    await expect(user, await user.send("1400/02/01"), "سطح زیربنا")
    await expect(user, await user.send("0"), "بیشتر از صفر")
    await expect(user, await user.send("دوهزار"), "یک عدد بنویسید")
    await expect(user, await user.send("۱۲۰۰٫۵ متر"), "تعداد طبقات")

    await harness.stop()  # a restart in the middle of the project list: the same question, nothing lost
    await harness.start()
    await expect(user, await user.send("0"), "عدد صحیح از ۱", "تعداد طبقات")  # the first answer counts
    await expect(user, await user.send("۴"), "سمت شما در کارگاه")
    await user.press("مسئولیت کارگاهی")
    await user.send("شرکت نمونه")
    await expect(user, await user.send("12"), "تلفن ثابت را با پیش‌شماره یا شماره همراه")
    await expect(user, await user.send("03133334455"), "مدرک این سابقه")
    await flows.files(user, None, then="برج نمونه")
    await expect(user, [user.last()], "برج نمونه", "۱٬۲۰۰٫۵ متر مربع", "مسئولیت کارگاهی", "✅")
    await expect(user, await user.press(flows.SAVE_NEXT), "سرمایه و تجهیزات")
    await expect(user, await user.send("-2"), "منفی")
    await expect(user, await user.send("1.2345"), "حداکثر ۳ رقم")
    await expect(user, await user.send("یک میلیارد"), "یک عدد بنویسید")
    await expect(user, await user.send("۰٫۵"), "مدرک «سرمایه و تجهیزات»")
    async with harness.app.sessions() as session:
        applicant = (await find_applicants(session, mobile="09123456789"))[0]
        case = (await cases_of_applicant(session, applicant.id))[0]
        file = await case_file(session, case.id)
    assert file is not None
    assert [(p.name, p.area_m2, p.floors, p.record_type) for p in file.projects] == [
        ("برج نمونه", Decimal("1200.5"), 4, "site_responsibility")
    ]
    assert {f.item: f.amount for f in file.finance} == {"capital_equipment": Decimal("0.5")}
    assert harness.bot(platform).errors == []
