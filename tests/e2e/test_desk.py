"""The staff desk (private chat): set office, /queue, /case, /find, /stats — and returning a
single document rather than a whole section."""

from __future__ import annotations

from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import alerts, grant, press_in_staff_chat, reviewer
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo


async def test_set_office_is_logged_and_shown(harness: Harness) -> None:
    applicant = harness.user("telegram", 8301)
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    stranger = harness.user("telegram", 8399)
    await press_in_staff_chat(harness, stranger, "telegram", "تعیین دفتر")
    assert "اجازه" in alerts(harness, "telegram")[-1]

    expert = await reviewer(harness, "telegram")
    await press_in_staff_chat(harness, expert, "telegram", "تعیین دفتر")
    offer = expert.last()
    labels = [b["text"] for b in offer.inline_buttons()]
    assert "✅ (نمونه) دفتر نمایندگی شهرکرد" in labels and "(نمونه) دفتر نمایندگی بروجن" in labels
    assert not any("تهران" in label for label in labels)  # only the file's province
    stale = offer.inline_buttons()[0]["callback_data"]
    await expect(expert, await expert.press("بروجن"), "دفتر پرونده", "بروجن")
    await harness.app.notifier.drain()
    assert "دفتر «(نمونه) دفتر نمایندگی بروجن» توسط کارشناس الف تعیین شد" in bodies(
        harness.bot("telegram").chat(STAFF_CHAT)
    )
    card = bodies(await expert.send(f"/case {tracking}"))
    assert "بروجن (تایید شده)" in card and "تعیین دفتر" in card and "کارشناس پذیرش (کارشناس الف)" in card
    # the old office list is stale now: pressing it again changes nothing
    await expert.settle(expert.push_callback(offer, stale))
    assert alerts(harness, "telegram")[-1] == harness.app.i18n("fa")("stale-button")
    assert "بروجن (تایید شده)" in bodies(await expert.send(f"/case {tracking}"))


async def test_queue_case_find_stats(harness: Harness) -> None:
    first, second = harness.user("telegram", 8401), harness.user("telegram", 8402)
    code_a = with_prefix("461")
    tracking_a = await flows.full_application(first, code_a)
    await flows.identity(second, with_prefix("462"), phone="+98 935 111 2233")
    await harness.app.notifier.drain()

    outsider = harness.user("telegram", 8403)
    for command in ("/queue", f"/case {tracking_a}", f"/find {code_a}", "/stats"):
        await expect(outsider, await outsider.send(command), "اجازه این کار را ندارید")

    expert = await reviewer(harness, "telegram")
    queue = bodies(await expert.send("/queue"))
    assert tracking_a in queue and "رضا کریمی" in queue and "چهارمحال و بختیاری" in queue
    assert code_a not in queue  # no national codes in lists
    assert "هیچ" not in queue
    await expect(expert, await expert.send("/queue تهران"), "پرونده‌ای در صف نیست")
    await expect(expert, await expert.send("/queue IR-14"), tracking_a)
    await expect(expert, await expert.send("/queue returned"), "پرونده‌ای در صف نیست")
    await expect(expert, await expert.send("/queue ناکجا"), "استفاده: /queue")

    card = await expert.press(tracking_a)  # the queue's open button
    await expect(expert, card, "کد رهگیری: " + tracking_a, "برداشتن پرونده", "گردش کار", "ارسال پرونده")

    await expect(expert, await expert.send(f"/find {code_a}"), "رضا کریمی", tracking_a)
    await expect(expert, await expert.send("/find ۰۹۱۲۳۴۵۶۷۸۹"), "رضا کریمی", tracking_a)
    await expect(expert, await expert.send("/find 0935 111 2233"), "۱ متقاضی")  # no file yet, still found
    await expect(expert, await expert.send("/find 12345"), "استفاده: /find")
    await expect(expert, await expert.send("/find 0000000000"), "استفاده: /find")

    stats = bodies(await expert.send("/stats"))
    assert "ارسال‌شده، در انتظار بررسی: ۱" in stats and "پیش‌نویس" in stats
    assert "هنوز پرونده‌ای برای بررسی برداشته نشده" in stats
    await press_in_staff_chat(harness, expert, "telegram", "برداشتن پرونده")
    stats = bodies(await expert.send("/stats"))
    assert "میانه زمان انتظار تا اولین بررسی" in stats and "از ۱ پرونده" in stats

    # finance sees the payment queue by default
    finance = harness.user("telegram", 8404)
    await grant(harness, "telegram", 8404, Role.FINANCE, "مالی")
    await expect(finance, await finance.send("/queue"), "در انتظار پرداخت حق عضویت", "پرونده‌ای در صف نیست")


async def test_returning_a_single_document(harness: Harness) -> None:
    applicant = harness.user("bale", 8501)
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    expert = await reviewer(harness, "bale")
    await press_in_staff_chat(harness, expert, "bale", "برداشتن پرونده")
    await press_in_staff_chat(harness, expert, "bale", "بازگشت برای اصلاح")
    picker = bodies([expert.last()])
    assert "📄 کارت ملی" in picker and "📄 تصویر مدرک تحصیلی" in picker, picker
    await expert.press("📄 کارت ملی")
    await expect(expert, await expert.press("نوشتن توضیحات"), "کارت ملی")
    await expect(expert, await expert.send("پشت کارت ملی هم لازم است."), "ثبت شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "کارت ملی: پشت کارت ملی هم لازم است.")

    # straight to the one document: nothing else is asked again
    replies = await applicant.send("📝 ادامه درخواست عضویت")
    await expect(applicant, replies, "پشت کارت ملی هم لازم است", "هر دو روی کارت ملی")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=55))), "روی دیگر")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=56))), "تایید نهایی")
    await expect(applicant, await applicant.press("اطلاعات و مدارک صحیح است"), tracking)
    await harness.app.notifier.drain()
    assert "بخش‌های اصلاح‌شده از آخرین بازگشت: کارت ملی" in bodies(harness.bot("bale").chat(STAFF_CHAT))


async def test_the_desk_covers_license_files_by_kind(harness: Harness) -> None:
    """/queue, /case, /find and /stats show builder-license files beside membership files, and
    each takes a kind (its name or its Persian word) to see one kind only."""
    member_applicant, licensee = harness.user("telegram", 8501), harness.user("telegram", 8502)
    membership = await flows.full_application(member_applicant, with_prefix("461"))
    license_code = with_prefix("461")
    await flows.license_gate(licensee, license_code)
    license_file = await flows.license_sections(licensee)
    await harness.app.notifier.drain()

    expert = await reviewer(harness, "telegram")
    both = bodies(await expert.send("/queue"))
    assert membership in both and license_file in both and "پروانه مجری حقیقی" in both
    for command in ("/queue license", "/queue پروانه"):
        only = bodies(await expert.send(command))
        assert license_file in only and membership not in only, command
    only = bodies(await expert.send("/queue عضویت submitted"))
    assert membership in only and license_file not in only

    # /case: the license file's card with the buttons this role may press, then its history
    card = bodies(await expert.send(f"/case {license_file}"))
    assert "پروانه مجری حقیقی — کد رهگیری" in card and "برداشتن پرونده" in card and "گردش کار" in card
    unit = harness.user("telegram", 8503)
    await grant(harness, "telegram", 8503, Role.BUILDERS_UNIT, "واحد مجریان")
    card = bodies(await unit.send(f"/case {license_file}"))
    assert license_file in card and "برداشتن پرونده" not in card  # the documents reviewer's step
    await expect(unit, await unit.send("/queue"), "استعلام‌ها", "پرونده‌ای در صف نیست")  # the unit's own queue

    await expect(expert, await expert.send(f"/find {license_code}"), license_file, "پروانه مجری حقیقی")
    found = bodies(await expert.send(f"/find {license_code} membership"))
    assert "۱ متقاضی" in found and license_file not in found  # the person, without files of that kind
    await expect(expert, await expert.send(f"/find {license_code} پروانه"), license_file)

    stats = bodies(await expert.send("/stats license"))
    assert "آمار پرونده‌های پروانه مجری حقیقی" in stats and "ارسال‌شده، در انتظار بررسی: ۱" in stats
    assert "درخواست عضویت" not in stats
    stats = bodies(await expert.send("/stats"))
    assert "آمار پرونده‌های درخواست عضویت" in stats and "آمار پرونده‌های پروانه مجری حقیقی" in stats
    await expect(expert, await expert.send("/stats همه"), "استفاده: /stats")
