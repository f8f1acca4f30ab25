"""A whole membership application, driven like a person would (shared by several tests)."""

from __future__ import annotations

from bot.emulator import ChatMessage, FakeUser
from tests.factories import with_prefix
from tests.images import jpeg_bytes, minimal_pdf, photo


def bodies(messages: list[ChatMessage]) -> str:
    """The texts of the messages with their buttons' labels."""
    parts = []
    for m in messages:
        labels = [b.get("text", "") for b in m.inline_buttons() + m.reply_buttons()]
        parts.append(m.body + ("\n[" + " | ".join(labels) + "]" if labels else ""))
    return "\n---\n".join(parts)


async def expect(user: FakeUser, replies: list[ChatMessage], *needles: str) -> None:
    text = bodies(replies)
    for needle in needles:
        assert needle in text, f"{needle!r} not in the bot's answer:\n{text}"


async def identity(user: FakeUser, national_code: str, phone: str = "+98 912 345 6789") -> None:
    await expect(user, await user.send("/start"), "منوی اصلی")
    await expect(user, await user.send("📝 درخواست عضویت"), "شماره همراه")
    await expect(user, await user.share_contact(phone), "کد ملی")
    await expect(user, await user.send(national_code), "نام خود را")
    await expect(user, await user.send("رضا"), "نام خانوادگی")
    await expect(user, await user.send("كريمي"), "نام پدر")  # Arabic kaf/yeh are normalised
    await expect(user, await user.send("محمد"), "شماره شناسنامه")
    await expect(user, await user.send("۱۲۳۴۵"), "تاریخ تولد")
    await expect(user, await user.send("۱۳۷۰/۰۶/۳۱"), "جنسیت")
    replies = await user.press("مرد")
    await expect(user, replies, "اطلاعات هویتی", "کریمی", "تایید و ادامه")
    await expect(user, await user.press("تایید و ادامه"), "قوانین و مقررات")
    await expect(user, await user.press("قوانین را خواندم"), "استان مورد تقاضای عضویت")


async def personal(user: FakeUser, birth_province: str = "⭐") -> None:
    # 31 provinces are paged; چهارمحال is not on the first page
    replies = await user.press("بعدی")
    await expect(user, replies, "صفحه ۲")
    await expect(user, await user.press("چهارمحال و بختیاری"), "دفتر نمایندگی")
    await expect(user, await user.press("(نمونه) دفتر نمایندگی شهرکرد"), "استان محل تولد")
    await expect(user, await user.press(birth_province), "نشانی کامل محل سکونت")
    await expect(user, await user.send("شهرکرد، خیابان کاشانی، کوچه ۱۲، پلاک ۴"), "کد پستی")
    await expect(user, await user.send("8815813344"), "نشانی کامل محل کار")
    await expect(user, await user.send("شهرکرد، بلوار آیت‌الله کاشانی، ساختمان مهندسان"), "کد پستی")
    await expect(user, await user.send("۸۸۱۵۸۱۳۳۵۵"), "اقامتگاه قانونی")
    await expect(user, await user.press("آدرس محل سکونت"), "سابقه عضویت")
    await expect(user, await user.press("خیر"), "پروانه اشتغال")
    await expect(user, await user.press("خیر"), "بیمه")
    await expect(user, await user.press("بله"), "نوع بیمه")
    await expect(user, await user.press("تامین اجتماعی"), "شماره بیمه")
    await expect(user, await user.send("12345678"), "نظام کاردانی")
    replies = await user.press("می‌پذیرم")
    await expect(user, replies, "مشخصات فردی", "ثبت اطلاعات و مرحله بعد")
    await expect(user, await user.press("ثبت اطلاعات و مرحله بعد"), "اطلاعات تحصیلی")


async def education(user: FakeUser, level: str = "کارشناسی پیوسته") -> None:
    await expect(user, await user.press("افزودن مدرک"), "مقطع")
    await expect(user, await user.press(level), "رشته")
    await expect(user, await user.press("عمران"), "گرایش")
    await expect(user, await user.send("مهندسی عمران - عمران"), "دانشگاه")
    await expect(user, await user.send("دانشگاه شهرکرد"), "فارغ")
    await expect(user, await user.send("1392/04/10"), "کد استعلام")
    await expect(user, await user.press("کد استعلام روی مدرک"), "کد استعلام")
    await expect(user, await user.send("ABC-123456"), "تصویر مدرک تحصیلی")
    replies = await user.send_photo(jpeg_bytes(photo(seed=11)))
    await expect(user, replies, "مدرک تحصیلی", "ذخیره تغییرات مدرک")
    await expect(user, await user.press("ذخیره تغییرات مدرک"), level, "✅")
    await expect(user, await user.press("ثبت اطلاعات و مرحله بعد"), "همسر و فرزندان")


async def to_degree_certificate(user: FakeUser) -> None:
    """A new applicant, through identity and personal details, into a master's degree up to its
    certificate photo (a question that downloads a file)."""
    await identity(user, with_prefix("461"))
    await personal(user)
    await user.press("افزودن مدرک")
    await user.press("کارشناسی ارشد")
    await user.press("معماری")
    for answer in ("معماری", "دانشگاه تهران", "1395/06/01"):
        await user.send(answer)
    await user.press("کد استعلام روی مدرک")
    await expect(user, await user.send("ABC-12345"), "تصویر مدرک تحصیلی")


async def family(user: FakeUser) -> None:
    await expect(user, await user.press("افزودن همسر"), "نسبت")
    await expect(user, await user.press("همسر"), "نام این فرد")
    await expect(user, await user.send("مریم"), "نام خانوادگی")
    await expect(user, await user.send("احمدی"), "کد ملی")
    await expect(user, await user.send(with_prefix("461")), "تاریخ تولد")
    await expect(user, await user.send("1372/01/15"), "ذخیره اطلاعات این فرد")
    await expect(user, await user.press("ذخیره اطلاعات این فرد"), "مریم احمدی")
    await expect(user, await user.press("ثبت اطلاعات و مرحله بعد"), "کارت ملی")


async def documents(user: FakeUser) -> None:
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=21))), "شناسنامه")
    await expect(user, await user.send_document(minimal_pdf(), "birth.pdf", "application/pdf"), "عکس پرسنلی")
    replies = await user.send_photo(jpeg_bytes(photo(900, 1200, seed=22)))
    await expect(user, replies, "مدارک و مستندات", "ثبت اطلاعات و مرحله بعد")
    await expect(user, await user.press("ثبت اطلاعات و مرحله بعد"), "تایید نهایی", "کد ملی")


async def submit(user: FakeUser) -> str:
    replies = await user.press("اطلاعات و مدارک صحیح است")
    await expect(user, replies, "کد رهگیری")
    receipt = await user.wait_for("رسید قابل چاپ")  # rendered off the event loop, sent a moment later
    assert receipt.document is not None
    pdf = user.emulator.files[receipt.document].data
    assert pdf.startswith(b"%PDF-")
    text = bodies(replies)
    return text.split("کد رهگیری:")[1].split()[0]


async def full_application(user: FakeUser, national_code: str | None = None) -> str:
    code = national_code or with_prefix("461")
    await identity(user, code)
    await personal(user)
    await education(user)
    await family(user)
    await documents(user)
    return await submit(user)
