"""Worksheet 4's grey part complete and the dates staff type checked against the file (issue 23,
items 4 and 10), end to end on Telegram: the documents reviewer gives project 1 its desirability
factor and total factor (a factor outside the rules file's range refused with the range, and the
question asked again), its attachment number, and worksheet 6's attachment number per criterion;
the score is the hand computation; the dossier the technical manager's approval sends carries
them (rendered to PNG under ``test-artifacts/grey-part`` and looked at); the license issued dated
before the file's submission is refused with the reason, and the date asked again.

By hand (seed 003, worksheet 4 and its continuation): engineering grade 2 → 5 points; project 1
accepted as claimed, 3000 m² of own contract (1/500); with desirability 0.8 and total factor 0.9,
3000 × 0.8 × 0.9 = 2160 m² credited → 4.32, below worksheet 4's floor of 5; total factor 1 →
2400 m² → 4.8; desirability 0.9 → 2700 m² → 5.4. Finance 2.5 + 1.5 = 4; marks 34 → 10. Total
5 + 5.4 + 4 + 10 = 24.4 → grade 3."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2

from scoring.validators import IRAN_TIME, format_jalali
from storage import cases
from storage.workflow import Role, history
from tests.e2e.conftest import Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import press_in_staff_chat, wait_document
from tests.e2e.test_license_review import person, submitted_license

PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "grey-part"
PLATFORM = "telegram"


def persian(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


async def test_the_grey_part_with_factors_on_the_dossier_and_the_issue_date_checked(harness: Harness) -> None:
    applicant, tracking = await submitted_license(harness, PLATFORM, 7401)
    reviewer = await person(harness, PLATFORM, 9910, Role.REVIEWER, "سارا رحیمی")
    unit = await person(harness, PLATFORM, 9913, Role.BUILDERS_UNIT, "علی نادری")
    finance = await person(harness, PLATFORM, 9912, Role.FINANCE, "مریم کاظمی")
    manager = await person(harness, PLATFORM, 9914, Role.TECHNICAL_MANAGER, "حسن صالحی")
    await press_in_staff_chat(harness, reviewer, PLATFORM, "برداشتن پرونده")
    await press_in_staff_chat(harness, reviewer, PLATFORM, "بررسی مدارک (کاربرگ ۴ تا ۶)")

    # project 1: accepted as claimed (3000 m², own contract) → 3000 / 500 = 6
    await expect(reviewer, await reviewer.press("پروژه ۱"), "ضریب مطلوبیت اجرا: — (تا تعیین، ۱ حساب می‌شود)")
    await expect(reviewer, await reviewer.press("✅ پذیرفته"), "۳٬۰۰۰ مترمربع × ۱ / ۵۰۰ = ۶ امتیاز")
    # the desirability factor: out of the rules' range → the reason with the range, the question again
    await expect(reviewer, await reviewer.press("ضریب مطلوبیت اجرا"), "عددی از ۰ تا ۱")
    await expect(reviewer, await reviewer.send("۱٫۵"), "ضریب مطلوبیت اجرا باید عددی از ۰ تا ۱ باشد", "عددی از ۰ تا ۱")
    await expect(reviewer, await reviewer.send("abc"), "یک عدد بنویسید")
    await expect(reviewer, await reviewer.send("۰٫۸"), "ثبت شد", "ضریب مطلوبیت اجرا: ۰٫۸")
    # the total factor: 3000 × 0.8 × 0.9 = 2160 m² credited → 4.32, below the floor of 5
    await expect(reviewer, await reviewer.press("ضریب کل"), "عددی از ۰ تا ۱")
    await expect(reviewer, await reviewer.send("2"), "ضریب کل باید عددی از ۰ تا ۱ باشد")
    replies = await reviewer.send("0.9")
    await expect(
        reviewer,
        replies,
        "ضریب کل: ۰٫۹",
        "پروژه ۱: ۳٬۰۰۰ مترمربع × ضریب مطلوبیت ۰٫۸ × ضریب کل ۰٫۹ = ۲٬۱۶۰ مترمربع محاسبه‌شده",
        "۲٬۱۶۰ مترمربع × ۱ / ۵۰۰ = ۴٫۳۲ امتیاز",
        "کمتر از حداقل",
    )
    # the total factor back to 1: 3000 × 0.8 = 2400 m² → 4.8, still below; desirability 0.9 → 2700 → 5.4
    await reviewer.press("ضریب کل")
    await expect(reviewer, await reviewer.send("1"), "۲٬۴۰۰ مترمربع × ۱ / ۵۰۰ = ۴٫۸ امتیاز")
    await reviewer.press("ضریب مطلوبیت اجرا")
    await expect(reviewer, await reviewer.send("0.9"), "۲٬۷۰۰ مترمربع × ۱ / ۵۰۰ = ۵٫۴ امتیاز")
    await expect(reviewer, await reviewer.press("شماره پیوست"), "شماره پیوست مدارک")
    await expect(reviewer, await reviewer.send("4-12"), "ثبت شد", "شماره پیوست: ۴-۱۲")
    await reviewer.press("بازگشت به خلاصه")

    await reviewer.press("💰 کاربرگ ۵")
    await reviewer.press("قلم ۱ همان اظهار")
    await reviewer.press("قلم ۲ همان اظهار")
    await reviewer.press("بازگشت به خلاصه")
    await reviewer.press("⭐ کاربرگ ۶")
    for mark in ("۸", "۸", "۷", "۶", "۵"):
        await reviewer.press(mark)
    await expect(reviewer, await reviewer.press("بازگشت به خلاصه"), "پیوست‌های کاربرگ ۶ (به ترتیب معیارها): —")
    await expect(reviewer, await reviewer.press("پیوست‌های کاربرگ ۶"), "شماره پیوست مدارک هر معیار")
    for n in (1, 3):
        await expect(reviewer, await reviewer.press(f"پیوست معیار {persian(str(n))}"), "شماره پیوست مدارک معیار")
        await expect(reviewer, await reviewer.send(f"6-{n}"), "ثبت شد", f"{persian(f'6-{n}')}")
    replies = await reviewer.press("بازگشت به خلاصه")
    # 5 + 5.4 + 4 (2.5 + 1.5) + 10 = 24.4 → grade 3
    await expect(reviewer, replies, "جمع امتیاز ۲۴٫۴ ← پایه ۳")
    await reviewer.press("پایان بررسی مدارک")
    await harness.app.notifier.drain()

    for label, caption in (
        ("استعلام کارهای اجرایی", "استعلام کارهای اجرایی"),
        ("نامه شورای انتظامی", "استعلام شورای انتظامی"),
    ):
        await press_in_staff_chat(harness, unit, PLATFORM, label)
        await wait_document(harness, PLATFORM, caption)
    await press_in_staff_chat(harness, unit, PLATFORM, "کارهای اجرایی: بی‌مانع")
    await press_in_staff_chat(harness, manager, PLATFORM, "شورا: بدون سابقه")
    await press_in_staff_chat(harness, finance, PLATFORM, "گواهی تسویه حساب")
    await wait_document(harness, PLATFORM, "گواهی تسویه حساب امور مالی")
    await harness.app.notifier.drain()
    await press_in_staff_chat(harness, reviewer, PLATFORM, "معرفی به مدیر فنی")
    await press_in_staff_chat(harness, manager, PLATFORM, "تایید و ارسال")
    dossier = harness.emulator.files[await wait_document(harness, PLATFORM, "دوسیه پرونده")].data

    PAGES.mkdir(parents=True, exist_ok=True)
    pdf = pypdfium2.PdfDocument(dossier)
    texts = []
    for n in range(len(pdf)):
        pdf[n].render(scale=1.6).to_pil().save(PAGES / f"dossier-{n + 1}.png")
        texts.append(pdf[n].get_textpage().get_text_range())
    pdf.close()
    text = "\n".join(texts).replace("\u200c", "")
    for needle in ("۰٫۹", "۴-۱۲", "۶-۱", "۶-۳", "مطلوبیت", "۲۴٫۴"):
        assert needle in text, needle

    # the license issued: a date before the file was submitted → the reason, the date asked again
    await press_in_staff_chat(harness, unit, PLATFORM, "ثبت پروانه صادرشده")
    await expect(unit, await unit.send("12-3456-789"), "تاریخ صدور")
    today = dt.datetime.now(IRAN_TIME).date()
    before = today - dt.timedelta(days=30)
    replies = await unit.send(format_jalali(before))
    await expect(
        unit,
        replies,
        f"تاریخ صدور پروانه ({persian(format_jalali(before))}) نمی‌تواند پیش از ارسال پرونده",
        persian(format_jalali(today)),  # the day it was submitted: today
        "تاریخ صدور",  # the question again
    )
    assert "پایه پروانه صادرشده" not in bodies(replies)
    await expect(unit, await unit.send(format_jalali(today)), "پایه پروانه صادرشده")
    await expect(unit, await unit.press("پایه ۳"), "ثبت شد و پرونده بسته شد")
    await harness.app.notifier.drain()
    news = await applicant.wait_for("پروانه اشتغال مجری حقیقی شما صادر شد")  # then the license-issued notice (a PDF)
    await expect(applicant, [news], persian(format_jalali(today)))

    async with harness.app.sessions() as session:
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None
        notes = "\n".join(e.note or "" for e in await history(session, case.id))
    for needle in (
        "ضریب مطلوبیت اجرا ۰٫۸",
        "ضریب کل ۰٫۹",
        "شماره پیوست \u200e۴-۱۲",
        "معیار ۳",
        "شماره پیوست \u200e۶-۳",
    ):
        assert needle in notes, needle
    assert harness.bot(PLATFORM).errors == []
