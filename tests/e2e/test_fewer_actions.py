"""Fewer actions without weaker checks (issue 29 item 11, and item 6 for the membership national
card): a project or a degree in one answer — each fact validated as its own question would, only
what is refused or missing asked again, with its reason —, the question a province's only office
answers left out (and still changeable), and the national card's two sides."""

from __future__ import annotations

from bot.emulator import FakeUser
from storage import offices
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.test_flow import assert_honest, counters
from tests.factories import with_prefix
from tests.images import jpeg_bytes, minimal_pdf, photo


async def to_projects(harness: Harness, user_id: int) -> FakeUser:
    user = harness.user("telegram", user_id)
    await flows.license_gate(user, with_prefix("461"))
    await flows.worksheet1(user, postal_in_address=True)
    await flows.worksheet2(user)
    await flows.worksheet3(user)
    return user


async def test_a_project_in_one_answer_is_saved_fact_by_fact(harness: Harness) -> None:
    user = await to_projects(harness, 9501)
    seen = counters(harness, user)
    replies = await user.press("افزودن پروژه")
    # the sheet: a labelled line per fact, the record types to choose from, and the way to go one at a time
    await expect(user, replies, "در یک پیام", "نام پروژه:", "تلفن کارفرما:", "قرارداد اجرای قبلی", "یکی‌یکی بپرسید")
    replies = await user.send(flows.project_sheet("برج نمونه", "۱۲۰۰"))
    await expect(user, replies, "۱۰ مورد ثبت شد", "مدرک این سابقه")
    await flows.files(user, jpeg_bytes(photo(seed=71)), then="برج نمونه")
    # no "save this project" screen: the list, with the project complete and its edit button
    await expect(user, [user.last()], "برج نمونه", "۱٬۲۰۰", "قرارداد اجرای قبلی", "✅", "ویرایش ۱")
    assert seen["پروژه"][0] == (1, 2) and seen["پروژه"][-1] == (2, 2), seen  # the sheet, then its document
    await expect(user, await user.press("ویرایش ۱"), "اصفهان", "۱۳۹۸/۰۲/۱۵", "۱۳۹۹/۱۰/۰۱", "۰۹۱۳۱۲۳۴۵۶۷")


async def test_a_bad_line_is_asked_again_alone_with_its_reason(harness: Harness) -> None:
    user = await to_projects(harness, 9502)
    await user.press("افزودن پروژه")
    facts = flows.project_sheet("برج نمونه", **{"تاریخ خاتمه": "1397/01/01", "تعداد طبقات": ""})
    replies = await user.send(facts)
    # eight kept; the end date before the start refused with the core's reason; the floors left blank
    await expect(user, replies, "۸ مورد ثبت شد", "«تاریخ خاتمه» ثبت نشد", "تاریخ خاتمه پروژه را به شمسی وارد کنید")
    assert "نام پروژه را بنویسید" not in bodies(replies).split("مورد ثبت شد")[1]  # what was valid is not asked again
    await expect(user, await user.send("1397/01/01"), "تاریخ خاتمه پروژه را به شمسی وارد کنید")  # refused again
    await expect(user, await user.send("۱۳۹۹/۱۰/۰۱"), "تعداد طبقات؟")  # then the missing fact, alone
    await expect(user, await user.send("۵"), "مدرک این سابقه")  # and nothing else


async def test_a_sheet_takes_letter_and_digit_variants_and_typed_names(harness: Harness) -> None:
    user = await to_projects(harness, 9503)
    await user.press("افزودن پروژه")
    # Arabic yeh and kaf in labels and values, labels spaced otherwise, Persian and Latin digits, a
    # province typed in part, a colon of another width
    text = "\n".join(
        [
            "نام پروژه : مجتمع كوثر",
            "استان: بختياري",
            "شهر: شهركرد",
            "تاریخ شروع: ۱۳۹۸/۰۲/۱۵",
            "تاريخ خاتمه: 1399-10-01",
            "سطح زیر بنا: ۲٬۵۰۰",
            "تعداد طبقات：۴",
            "سمت در کارگاه: قرارداد اجرای قبلی",
            "نام كارفرما: علي محمدي",
            "تلفن کارفرما: ۰۹۱۳۱۲۳۴۵۶۷",
        ]
    )
    await expect(user, await user.send(text), "۱۰ مورد ثبت شد", "مدرک این سابقه")
    await flows.files(user, None, then="مجتمع کوثر")
    await expect(user, await user.press("ویرایش ۱"), "چهارمحال و بختیاری", "شهرکرد", "علی محمدی", "۲٬۵۰۰ متر مربع")


async def test_an_unknown_line_and_an_ambiguous_province_are_said(harness: Harness) -> None:
    user = await to_projects(harness, 9504)
    await user.press("افزودن پروژه")
    facts = flows.project_sheet(استان="خراسان") + "\nرنگ نما: سفید"
    replies = await user.send(facts)
    await expect(user, replies, "۹ مورد ثبت شد", "«استان» ثبت نشد", "این سطر شناخته نشد", "رنگ نما")
    await expect(user, replies, "محل اجرای پروژه: استان؟")  # the province asked alone, its buttons back
    await expect(user, await user.press("اصفهان"), "مدرک این سابقه")


async def test_one_at_a_time_stays_available(harness: Harness) -> None:
    user = await to_projects(harness, 9505)
    await flows.project_one_by_one(user, "پروژه یکی‌یکی")
    await expect(user, [user.last()], "پروژه یکی‌یکی", "✅")
    # a degree's sheet opens with its first question's buttons: pressing one goes one at a time
    member = harness.user("telegram", 9506)
    await flows.to_degree_university(member)


async def test_a_degree_in_one_answer_refuses_a_graduation_before_birth(harness: Harness) -> None:
    user = harness.user("telegram", 9507)
    await flows.identity(user, with_prefix("461"))
    await flows.personal(user)
    await user.press("افزودن مدرک")
    replies = await user.send(flows.degree_sheet(**{"تاریخ فارغ‌التحصیلی": "1360/01/01"}))  # born 1370
    await expect(user, replies, "۶ مورد ثبت شد", "«تاریخ فارغ‌التحصیلی» ثبت نشد", "تاریخ فارغ‌التحصیلی را به شمسی")
    await expect(user, await user.send("1392/04/10"), "تصویر مدرک تحصیلی")


async def test_a_province_with_one_office_is_not_asked_which(harness: Harness) -> None:
    async with harness.app.sessions() as session, session.begin():
        found = await offices.active_offices(session, "IR-14")
        for office in found[1:]:
            await offices.set_office_active(session, office.id, False)
    only = found[0].name
    user = harness.user("telegram", 9508)
    seen = counters(harness, user)
    await flows.identity(user, with_prefix("461"))
    # answered for the applicant and said so (flows.personal checks), on to the next question
    await flows.personal(user, office=None)
    await flows.education(user)
    await user.press(flows.SAVE_NEXT)  # no spouse, no children
    await flows.documents(user)
    assert_honest(seen)  # the question not asked is not counted
    # still the applicant's to change: the section from the final confirmation, its "edit office"
    await expect(user, await user.press("✏️ مشخصات فردی"), only, "✏️ دفتر نمایندگی پیشنهادی")
    replies = await user.press("✏️ دفتر نمایندگی پیشنهادی")
    await expect(user, replies, "دفتر نمایندگی مورد نظر را", only, "ترجیحی ندارم")
    await expect(user, await user.press("ترجیحی ندارم (سازمان تعیین کند)"), "دفتر نمایندگی پیشنهادی: ترجیحی ندارم")


async def test_the_membership_national_card_needs_two_different_sides(harness: Harness) -> None:
    user = harness.user("telegram", 9509)
    await flows.to_documents(user)
    assert "هر دو روی کارت ملی" in user.last().body and "دو عکس متفاوت" in user.last().body
    front = jpeg_bytes(photo(seed=81))
    await expect(user, await user.send_photo(front), "۱ روی از ۲ روی", "روی دیگر")
    await expect(user, await user.send_photo(front), "همان تصویری است که برای روی اول", "۱ روی از ۲ روی")
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=82))), "شناسنامه")


async def test_one_pdf_holds_both_sides_of_the_membership_national_card(harness: Harness) -> None:
    user = harness.user("telegram", 9510)
    await flows.to_documents(user)
    await expect(user, await user.send_document(minimal_pdf(), "card.pdf", "application/pdf"), "شناسنامه")
