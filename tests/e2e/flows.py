"""Whole applications — membership and the builder license — driven like a person would (shared
by several tests): send text, press a button found by its label, send a photo or a PDF."""

from __future__ import annotations

from bot.emulator import ChatMessage, FakeUser
from tests.factories import with_prefix
from tests.images import jpeg_bytes, minimal_pdf, photo


def bodies(messages: list[ChatMessage]) -> str:
    """The texts of the messages with their buttons' labels, as a person reads them (without the
    isolates: a test of them reads ``ChatMessage.shown``)."""
    parts = []
    for m in messages:
        labels = [b.get("text", "") for b in m.inline_buttons() + m.reply_buttons()]
        parts.append(m.body + ("\n[" + " | ".join(labels) + "]" if labels else ""))
    return "\n---\n".join(parts)


async def expect(user: FakeUser, replies: list[ChatMessage], *needles: str) -> None:
    text = bodies(replies)
    for needle in needles:
        assert needle in text, f"{needle!r} not in the bot's answer:\n{text}"


MEMBERSHIP = "📝 درخواست عضویت"
LICENSE = "🏗 درخواست پروانه مجری حقیقی"


async def identity(
    user: FakeUser,
    national_code: str,
    phone: str = "+98 912 345 6789",
    first_name: str = "رضا",
    *,
    entry: str = MEMBERSHIP,
    then: str = "استان مورد تقاضای عضویت",
) -> None:
    await expect(user, await user.send("/start"), "منوی اصلی")
    await expect(user, await user.send(entry), "شماره همراه")
    await expect(user, await user.share_contact(phone), "کد ملی")
    await expect(user, await user.send(national_code), "نام خود را")
    await expect(user, await user.send(first_name), "نام خانوادگی")
    await expect(user, await user.send("كريمي"), "نام پدر")  # Arabic kaf/yeh are normalised
    await expect(user, await user.send("محمد"), "شماره شناسنامه")
    await expect(user, await user.send("۱۲۳۴۵"), "تاریخ تولد")
    await expect(user, await user.send("۱۳۷۰/۰۶/۳۱"), "جنسیت")
    replies = await user.press("مرد")
    await expect(user, replies, "اطلاعات هویتی", "کریمی", "تایید و ادامه")
    if entry != MEMBERSHIP:  # the license's own declaration comes with its file; dues refuse a non-member before rules
        await expect(user, await user.press("تایید و ادامه"), then)
        return
    await expect(user, await user.press("تایید و ادامه"), "قوانین و مقررات")
    await expect(user, await user.press("قوانین را خواندم"), then)


async def personal(
    user: FakeUser,
    birth_province: str = "⭐",
    home_address: str = "شهرکرد، خیابان کاشانی، کوچه ۱۲، پلاک ۴",
    *,
    postal_in_address: bool = False,
) -> None:
    # 31 provinces are paged; چهارمحال is not on the first page (unless the organization's own, first:
    # a deployment of several provinces offers only theirs, issue 25)
    chat = getattr(user, "behind", user)  # the sandbox page's user acts through a FakeUser
    if not any("چهارمحال و بختیاری" in b.get("text", "") for b in chat.last().inline_buttons()):
        replies = await user.press("بعدی")
        await expect(user, replies, "صفحه ۲")
    await expect(user, await user.press("چهارمحال و بختیاری"), "دفتر نمایندگی")
    await expect(user, await user.press("(نمونه) دفتر نمایندگی شهرکرد"), "استان محل تولد")
    await expect(user, await user.press(birth_province), "نشانی کامل محل سکونت")
    work_address = "شهرکرد، بلوار آیت‌الله کاشانی، ساختمان مهندسان"
    if postal_in_address:  # each postal code at the end of its address: not asked again (issue 29)
        await expect(user, await user.send(home_address + "، کد پستی 8815813344"), "نشانی کامل محل کار")
        await expect(user, await user.send(work_address + " ۸۸۱۵۸۱۳۳۵۵"), "اقامتگاه قانونی")
    else:
        await expect(user, await user.send(home_address), "کد پستی")
        await expect(user, await user.send("8815813344"), "نشانی کامل محل کار")
        await expect(user, await user.send(work_address), "کد پستی")
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


async def education(user: FakeUser, level: str = "کارشناسی پیوسته", university: str = "دانشگاه شهرکرد") -> None:
    await expect(user, await user.press("افزودن مدرک"), "مقطع")
    await expect(user, await user.press(level), "رشته")
    await expect(user, await user.press("عمران"), "گرایش")
    await expect(user, await user.send("مهندسی عمران - عمران"), "دانشگاه")
    await expect(user, await user.send(university), "فارغ")
    await expect(user, await user.send("1392/04/10"), "کد استعلام")
    await expect(user, await user.press("کد استعلام روی مدرک"), "کد استعلام")
    await expect(user, await user.send("ABC-123456"), "تصویر مدرک تحصیلی")
    replies = await user.send_photo(jpeg_bytes(photo(seed=11)))
    await expect(user, replies, "مدرک تحصیلی", "ذخیره تغییرات مدرک")
    await expect(user, await user.press("ذخیره تغییرات مدرک"), level, "✅")
    await expect(user, await user.press("ثبت اطلاعات و مرحله بعد"), "همسر و فرزندان")


async def to_degree_university(user: FakeUser) -> None:
    """A new applicant, through identity and personal details, into a master's degree in
    architecture: asked its university."""
    await identity(user, with_prefix("461"))
    await personal(user)
    await user.press("افزودن مدرک")
    await user.press("کارشناسی ارشد")
    await user.press("معماری")
    await expect(user, await user.send("معماری"), "دانشگاه")


async def to_degree_certificate(user: FakeUser) -> None:
    """… on to the degree's certificate photo (a question that downloads a file)."""
    await to_degree_university(user)
    for answer in ("دانشگاه تهران", "1395/06/01"):
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


async def to_documents(user: FakeUser, national_code: str | None = None, phone: str = "+98 912 345 6789") -> None:
    """A new applicant through identity, personal details, a degree and the family: at the documents."""
    await identity(user, national_code or with_prefix("461"), phone)
    await personal(user)
    await education(user)
    await family(user)


async def full_application(user: FakeUser, national_code: str | None = None) -> str:
    await to_documents(user, national_code)
    await documents(user)
    return await submit(user)


# ---- the builder license ------------------------------------------------------------------------

SAVE_NEXT = "ثبت اطلاعات و مرحله بعد"
DECLARATION = "این خوداظهاری را می‌پذیرم"
DONE_FILES = "تمام شد"


async def files(user: FakeUser, *uploads: bytes | None, then: str) -> None:
    """Answer a question of several files: each photo (None: a one-page PDF), then "done"."""
    for n, data in enumerate(uploads, start=1):
        replies = await (
            user.send_photo(data) if data is not None else user.send_document(minimal_pdf(), "p.pdf", "application/pdf")
        )
        await expect(user, replies, f"{'۱۲۳۴'[n - 1] if data is not None else '۱'} فایل دریافت شده")
    await expect(user, await user.press(DONE_FILES), then)


async def sides(user: FakeUser, front: bytes | None, back: bytes | None = None, *, then: str) -> None:
    """A card's two sides: two different photos (the second moves on by itself), or one PDF (None)."""
    if front is None:
        await expect(user, await user.send_document(minimal_pdf(), "card.pdf", "application/pdf"), then)
        return
    await expect(user, await user.send_photo(front), "روی دیگر")
    assert back is not None
    await expect(user, await user.send_photo(back), then)


async def license_gate(user: FakeUser, national_code: str, phone: str = "+98 912 345 6789") -> None:
    """A newcomer to the bot, a member from before it: the license entry, contact, identity, rules, "a member? yes"."""
    await identity(user, national_code, phone, entry=LICENSE, then="آیا عضو سازمان")
    await expect(user, await user.press("بله"), "خوداظهاری متقاضی پروانه", "تمام‌وقت")
    await expect(user, await user.press(DECLARATION), "شماره عضویت حقیقی")


async def worksheet1(user: FakeUser, *, prefilled: bool = False, postal_in_address: bool = False) -> None:
    if not prefilled:
        await expect(user, await user.send("۱۲-۳۴۵۶"), "رشته")
        await expect(user, await user.press("عمران"), "نوع مدرک تحصیلی")
        await expect(user, await user.press("کارشناسی پیوسته"), "شماره پروانه اشتغال")
    await expect(user, await user.send("1-23-45678"), "تاریخ اعتبار")
    await expect(user, await user.send("1409/06/31"), "منزل" if not prefilled else "تلفن ثابت")
    if not prefilled:
        await expect(user, await user.send("شهرکرد، خیابان فردوسی، پلاک ۸"), "دفتر کار")
        if postal_in_address:
            await expect(user, await user.send("شهرکرد، بلوار مهندسان، ساختمان ۳، 8815813344"), "تلفن ثابت")
        else:
            await expect(user, await user.send("شهرکرد، بلوار مهندسان، ساختمان ۳"), "کد پستی")
            await expect(user, await user.send("8815813344"), "تلفن ثابت")
    await expect(user, await user.send("038-3333-4455"), "پست الکترونیک")
    replies = await user.send("reza@example.com")
    if "عضو سازمان نظام مهندسی کدام استان" in bodies(replies):  # several provinces served (issue 25)
        replies = await user.press("چهارمحال و بختیاری")
    await expect(user, replies, "کاربرگ ۱", "شماره عضویت", SAVE_NEXT)
    await expect(user, await user.press(SAVE_NEXT), "کاربرگ ۲", "وضعیت اشتغال")


async def worksheet2(user: FakeUser) -> None:
    await expect(user, await user.press("مجری آزاد"), "مدرک وضعیت اشتغال")
    await files(user, jpeg_bytes(photo(seed=41)), then="کاربرگ ۲")
    await expect(user, await user.press(SAVE_NEXT), "نوع پروانه")


async def worksheet3(user: FakeUser) -> None:
    await expect(user, await user.press("پروانه اشتغال به کار مهندسی"), "پایه پروانه")
    await expect(user, await user.press("پایه ۲"), "صلاحیت اجرا")
    await expect(user, await user.press("بله"), "هر دو روی پروانه")
    await sides(user, None, then="کاربرگ ۳")
    await expect(user, await user.press(SAVE_NEXT), "سوابق اجرایی", "افزودن پروژه")


async def project(user: FakeUser, name: str = "مجتمع مسکونی نمونه", area: str = "۳۰۰۰") -> None:
    await expect(user, await user.press("افزودن پروژه"), "نام پروژه")
    await expect(user, await user.send(name), "استان")
    await expect(user, await user.press("اصفهان"), "شهر")
    await expect(user, await user.send("اصفهان"), "تاریخ شروع")
    await expect(user, await user.send("1398/02/15"), "تاریخ خاتمه")
    await expect(user, await user.send("1399/10/01"), "سطح زیربنا")
    await expect(user, await user.send(area), "تعداد طبقات")
    await expect(user, await user.send("۵"), "سمت شما در کارگاه")
    await expect(user, await user.press("قرارداد اجرای قبلی"), "نام کارفرما")
    await expect(user, await user.send("علی محمدی"), "تلفن کارفرما")
    await expect(user, await user.send("09131234567"), "مدرک این سابقه")
    await files(user, jpeg_bytes(photo(seed=42)), jpeg_bytes(photo(seed=43)), then="ذخیره این پروژه")
    await expect(user, await user.press("ذخیره این پروژه"), name, "✅")


async def worksheet4(user: FakeUser) -> None:
    await project(user)
    await expect(user, await user.press(SAVE_NEXT), "سرمایه و تجهیزات", "میلیارد ریال")


async def worksheet5(user: FakeUser) -> None:
    await expect(user, await user.send("۲٫۵"), "مدرک «سرمایه و تجهیزات»")
    await files(user, jpeg_bytes(photo(seed=44)), then="تسهیلات")
    await expect(user, await user.send("0"), "مشارکت")
    await expect(user, await user.send("۰"), "اعتبار جذب")
    await expect(user, await user.send("1/5"), "مدرک «اعتبار جذب")
    await files(user, None, then="ضمانت")
    await expect(user, await user.send("0"), "سرمایه‌گذاری‌های قبلی")
    await expect(user, await user.send("0"), "اجاره رسمی دفتر کار")
    await expect(user, await user.press("رد کردن"), "کاربرگ ۵", "۲٫۵ میلیارد ریال")
    await expect(user, await user.press(SAVE_NEXT), "همه صفحات شناسنامه")


PRELIMINARY = ("امتیاز مقدماتی", "برآورد", "پایه ۳", "پایه ۲ به ۴۵ امتیاز نیاز دارد")


async def license_documents(
    user: FakeUser, *, membership_card: bool = True, preliminary: tuple[str, ...] = PRELIMINARY
) -> None:
    await files(user, jpeg_bytes(photo(seed=51)), jpeg_bytes(photo(seed=52)), then="کارت ملی")
    national_card = jpeg_bytes(photo(seed=53)), jpeg_bytes(photo(seed=57))
    await sides(user, *national_card, then="کارت عضویت" if membership_card else "۳×۴")
    if membership_card:
        await sides(user, jpeg_bytes(photo(seed=54)), jpeg_bytes(photo(seed=58)), then="۳×۴")
    await files(user, jpeg_bytes(photo(900, 1200, seed=55)), jpeg_bytes(photo(900, 1200, seed=56)), then="فیش واریز")
    await files(user, None, then="تسویه حساب")
    await expect(user, await user.press("رد کردن"), "مدارک مورد نیاز", SAVE_NEXT)
    replies = await user.press(SAVE_NEXT)
    await expect(user, replies, *preliminary)


async def license_submit(user: FakeUser) -> str:
    await expect(user, await user.press("ادامه به تایید نهایی"), "تایید نهایی", "کاربرگ ۴")
    replies = await user.press("ارسال درخواست پروانه")
    await expect(user, replies, "کد رهگیری", "پروانه اشتغال مجری حقیقی")
    receipt = await user.wait_for("رسید قابل چاپ")
    assert receipt.document is not None
    assert user.emulator.files[receipt.document].data.startswith(b"%PDF-")
    return bodies(replies).split("کد رهگیری:")[1].split()[0]


async def license_sections(user: FakeUser, *, prefilled: bool = False) -> str:
    """Worksheet 1 (prefilled or not) to the tracking code."""
    await worksheet1(user, prefilled=prefilled)
    await worksheet2(user)
    await worksheet3(user)
    await worksheet4(user)
    await worksheet5(user)
    await license_documents(user, membership_card=not prefilled)
    return await license_submit(user)
