"""Wrong and unexpected inputs at every kind of field: each gets its reason and the same
question again; nothing is ever met with silence."""

from bot.emulator import FakeUser
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import expect
from tests.factories import make_national_code, with_prefix
from tests.images import jpeg_bytes, photo


async def test_wrong_inputs_in_identity_and_personal(harness: Harness) -> None:
    user: FakeUser = harness.user("telegram", 8101)
    await user.send("/start")
    await expect(user, await user.send("📝 درخواست عضویت"), "شماره همراه")
    # contact: typed instead of shared, then someone else's contact
    await expect(user, await user.send("09123456789"), "دکمه", "ارسال شماره همراه من")
    await expect(user, await user.share_contact("+989121111111", user_id=4242), "متعلق به حساب شما نیست")
    await expect(user, await user.share_contact("+989123456789"), "کد ملی")
    # national code: every rule
    await expect(user, await user.send("12345"), "۱۰ رقم", "کد ملی ۱۰ رقمی")
    await expect(user, await user.send("1111111111"), "تکراری")
    valid = make_national_code("461234567")
    wrong = valid[:9] + str((int(valid[9]) + 1) % 10)
    await expect(user, await user.send(wrong), "رقم کنترل")
    await expect(user, await user.send_sticker(), "استیکر", "کد ملی ۱۰ رقمی")
    await expect(user, await user.send_voice(), "صوتی", "کد ملی ۱۰ رقمی")
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=5))), "فایل لازم نیست")
    await expect(user, await user.send("/help"), "راهنما")  # commands work in any state
    await expect(user, await user.send(valid.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))), "نام خود را")
    await expect(user, await user.send("رضا۲"), "فقط می‌تواند شامل حروف")
    await user.send("رضا")
    await user.send("کریمی")
    await user.send("محمد")
    await user.send("12345")
    await expect(user, await user.send("1404/12/30"), "در تقویم وجود ندارد")
    await expect(user, await user.send("دیروز"), "سال/ماه/روز")
    await expect(user, await user.send("1400/01/01"), "دست‌کم ۱۸ سال")
    await expect(user, await user.send("1370/6/31"), "جنسیت")
    # a choice: typing something that is not an option, then typing a label
    await expect(user, await user.send("نمی‌دانم"), "یکی از دکمه‌ها")
    await expect(user, await user.send("مرد"), "تایید و ادامه")
    await user.press("تایید و ادامه")
    await expect(user, await user.send("باشه"), "قوانین را بپذیرید")
    await user.press("قوانین را خواندم")
    # a stale button of an earlier question
    stale = [m for m in user.messages() if any(b["text"] == "زن" for b in m.inline_buttons())]
    if stale:  # on Telegram the answered question lost its buttons; Bale keeps them
        await user._act(lambda: user.push_callback(stale[-1], stale[-1].inline_buttons()[0]["callback_data"]))
    await user.press("بعدی")
    await user.press("چهارمحال و بختیاری")
    await user.press("ترجیحی ندارم")
    await user.press("⭐")
    await user.send("شهرکرد، خیابان کاشانی")
    await expect(user, await user.send("1234"), "۱۰ رقم")
    await expect(user, await user.send("1204567890"), "۰ و ۲")
    await expect(user, await user.send("8815813344"), "محل کار")


async def test_wrong_files_for_a_degree(harness: Harness) -> None:
    user = harness.user("telegram", 8102)
    await flows.to_degree_university(user)
    await user.send("دانشگاه تهران")
    await expect(user, await user.send("1360/01/01"), "بعد از تاریخ تولد")
    await expect(user, await user.send("1480/01/01"), "آینده")
    await user.send("1395/06/01")
    await expect(user, await user.press("کد تاییدیه"), "کد استعلام")
    await expect(user, await user.send("V-99887766"), "تاییدیه تحصیلی")
    await expect(user, await user.send("باشه"), "تصویر مدرک", "PDF")
    await expect(user, await user.send_document(b"hello\n" * 100, "degree.txt", "text/plain"), "فقط عکس")
    await expect(
        user, await user.send_document(b"not really a photo\n" * 100, "degree.jpg", "image/jpeg"), "قابل خواندن نیست"
    )
    await expect(user, await user.send_photo(jpeg_bytes(photo(300, 200, seed=3))), "خیلی کوچک", "حداقل ۶۰۰×۴۰۰")
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=7))), "تصویر مدرک تحصیلی را بفرستید")
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=8))), "کارشناسی ارشد", "✅")  # the list
    await expect(user, await user.press("ویرایش ۱"), "کد استعلام / تاییدیه", "تصویر تاییدیه تحصیلی: ✅")


async def test_back_skip_and_edit_from_the_summary(harness: Harness) -> None:
    user = harness.user("telegram", 8103)
    await flows.identity(user, with_prefix("461"))
    await flows.personal(user)
    await user.send("/menu")
    replies = await user.send("📝 ادامه درخواست عضویت")
    await expect(user, replies, "اطلاعات تحصیلی")
    await user.press("افزودن مدرک")
    await expect(user, await user.press("بازگشت"), "هنوز مدرکی ثبت نشده")  # back from the first question
    await user.press("افزودن مدرک")
    await user.press("کاردانی")
    await expect(user, await user.press("بازگشت"), "مقطع", "مقدار فعلی: کاردانی")


async def test_a_429_is_waited_out(harness: Harness) -> None:
    user = harness.user("telegram", 8104)
    harness.bot("telegram").fail_next("sendMessage", status=429, retry_after=1)
    replies = await user.settle(user.push_text("/start"))  # handled once the retry, 1 s later, got through
    await expect(user, replies, "منوی اصلی")
    assert ("sendMessage", 429, "Too Many Requests: retry after 1") in harness.bot("telegram").errors
