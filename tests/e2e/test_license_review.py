"""The builder license, the organization's side (issue 12), end to end: the documents reviewer's
panel in private (the grey part, the amounts accepted, the marks, the score after every change),
the inquiries with their letters as PDFs, worksheet 7, the technical manager's approval with the
dossier, the license issued — and returns, a reject, forged and stale buttons, wrong roles, two
reviewers at once.

The applicant side is driven by ``flows`` (the license application as a person fills it: it is
also what puts photos and PDFs in the staff chat); the whole walk runs on both messengers, the
other scenarios on Telegram only (they exercise the same handlers)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.emulator import FakeUser
from scoring.validators import IRAN_TIME, format_jalali
from storage import builder_license, cases, documents
from storage.exports import case_rows
from storage.workflow import Role, history
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness, until
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import alerts, grant, press_in_staff_chat, staff_button, wait_document
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo

# the license issued is dated the day the file was submitted (today): never before it (issue 23)
ISSUED = format_jalali(dt.datetime.now(IRAN_TIME).date())
ISSUED_FA = ISSUED.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


async def person(harness: Harness, platform: str, user_id: int, role: Role, name: str) -> FakeUser:
    who = harness.user(platform, user_id, name)
    await grant(harness, platform, user_id, role, name)
    await who.send("/start")  # staff chat with the bot privately (panels, notes)
    return who


async def submitted_license(harness: Harness, platform: str, user_id: int) -> tuple[FakeUser, str]:
    """A member from before the bot applies: engineering license grade 2, one project of
    3000 m² (own contract), finance 2.5 + 1.5 billion rials — submitted."""
    applicant = harness.user(platform, user_id)
    await flows.license_gate(applicant, with_prefix("461"))
    tracking = await flows.license_sections(applicant)
    await harness.app.notifier.drain()
    return applicant, tracking


async def judge_everything(reviewer: FakeUser) -> None:
    """The documents reviewer's panel: project 1 accepted at 2500 m² with the applicant's own
    dates; finance item 1 as claimed, item 2 at 1 billion rials; marks 8 8 7 6 5 (34 → 10)."""
    await expect(reviewer, await reviewer.press("پروژه ۱"), "بخش خاکستری", "۳٬۰۰۰ متر مربع")
    await expect(reviewer, await reviewer.press("متراژ پذیرفته"), "حداکثر همان اظهار")
    await expect(reviewer, await reviewer.send("۳۵۰۰"), "بیشتر از مقدار اظهارشده")  # more than claimed
    await expect(reviewer, await reviewer.send("۲۵۰۰"), "ثبت شد", "متراژ پذیرفته: ۲٬۵۰۰ متر مربع")
    # the record type corrected (0.4 / 500), then put back as claimed
    await expect(reviewer, await reviewer.press("نوع سابقه"), "نوع سابقه", "✅ قرارداد اجرای قبلی")
    await expect(reviewer, await reviewer.press("مسئولیت کارگاهی"), "مسئولیت کارگاهی تمام‌وقت", "ضریب ۰٫۴ به ازای ۵۰۰")
    await reviewer.press("نوع سابقه")
    await expect(reviewer, await reviewer.press("قرارداد اجرای قبلی"), "نوع سابقه: قرارداد اجرای قبلی")
    await expect(reviewer, await reviewer.press("شروع کار متقاضی"), "تاریخ شروع کار متقاضی")
    await expect(reviewer, await reviewer.send("1397/01/01"), "میان تاریخ شروع")  # before the project
    await expect(reviewer, await reviewer.send("1398/03/01"), "ثبت شد", "۱۳۹۸/۰۳/۰۱")
    await expect(reviewer, await reviewer.press("خاتمه کار متقاضی"), "تاریخ خاتمه")
    await expect(reviewer, await reviewer.send("1399/09/30"), "ثبت شد", "۱۳۹۹/۰۹/۳۰")
    replies = await reviewer.press("✅ پذیرفته")
    await expect(reviewer, replies, "وضعیت: ✅ پذیرفته", "۲٬۵۰۰ مترمربع × ۱ / ۵۰۰ = ۵ امتیاز")
    await expect(reviewer, await reviewer.press("بازگشت به خلاصه"), "کاربرگ ۵")
    await expect(reviewer, await reviewer.press("💰 کاربرگ ۵"), "تایید توان مالی")
    await expect(reviewer, await reviewer.press("قلم ۱ همان اظهار"), "پذیرفته ۲٫۵ میلیارد ریال")
    await expect(reviewer, await reviewer.press("مبلغ پذیرفته قلم ۲"), "میلیارد ریال")
    await expect(reviewer, await reviewer.send("۱"), "ثبت شد", "پذیرفته ۱ میلیارد ریال")
    await expect(reviewer, await reviewer.press("بازگشت به خلاصه"), "کاربرگ ۶")
    await expect(reviewer, await reviewer.press("⭐ کاربرگ ۶"), "معیار ۱ از ۵")
    for mark in ("۸", "۸", "۷", "۶"):
        await reviewer.press(mark)
    replies = await reviewer.press("۵")
    await expect(reviewer, replies, "نمرات مطلوبیت: ۸، ۸، ۷، ۶، ۵", "جمع نمرات ۸ + ۸ + ۷ + ۶ + ۵ = ۳۴")


async def accept_as_claimed(reviewer: FakeUser) -> None:
    """From the panel's summary: project 1 accepted and both finance items as claimed, back to the summary."""
    for label in ("پروژه ۱", "✅ پذیرفته", "بازگشت به خلاصه", "💰 کاربرگ ۵", "قلم ۱ همان اظهار", "قلم ۲ همان اظهار"):
        await reviewer.press(label)
    await expect(reviewer, await reviewer.press("بازگشت به خلاصه"), "✅ پذیرفته", "پذیرفته ۱٫۵ میلیارد ریال")


# what the applicant reads at each step, in their language (on Bale the applicant switches to
# English once the file is submitted)
APPLICANT_READS = {
    "fa": {
        "taken": ("بررسی مدارک سازمان",),
        "inquiries": ("استعلام‌ها",),
        "scored": ("امتیاز پرونده تعیین شد",),
        "introduced": ("به مدیر فنی سازمان معرفی شد", "۲۳٫۵", "پایه ۳"),
        "sent": ("اداره راه و شهرسازی ارسال شد", "پایه ۳"),
        "closed": (
            "پروانه اشتغال مجری حقیقی شما صادر شد",
            "۱۲-۳۴۵۶-۷۸۹",
            ISSUED.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
        ),
        "status": ("مختومه",),
        "history": ("کارشناس بررسی مدارک", "واحد مجریان ذی‌صلاح", "مدیر فنی", "استعلام‌ها", "مختومه"),
    },
    "en": {
        "taken": ("organization's documents review",),
        "inquiries": ("the inquiries (disciplinary council, finance, execution works) are under way",),
        "scored": ("came back clear and its score is set",),
        "introduced": ("introduced to the organization's technical manager", "23.5", "grade 3"),
        "sent": ("sent to the Roads and Urban Development office", "grade 3"),
        "closed": ("Your individual builder license was issued", "12-3456-789", ISSUED),
        "status": ("Closed",),
        "history": ("Documents reviewer", "Builders unit", "Technical manager", "Inquiries", "Closed"),
    },
}


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_the_whole_walk_from_submitted_to_closed(harness: Harness, platform: str) -> None:
    applicant, tracking = await submitted_license(harness, platform, 7301)
    lang = "en" if platform == "bale" else "fa"
    reads = APPLICANT_READS[lang]
    if lang == "en":
        await applicant.send("🌐 English")
    bot = harness.bot(platform)
    channel = bot.chat(STAFF_CHAT)
    text = bodies(channel)
    assert "پروانه مجری حقیقی — کد رهگیری" in text and tracking in text
    assert not any(m.media_group_id or m.photo or m.document for m in channel)  # the documents on demand …

    reviewer = await person(harness, platform, 9900, Role.REVIEWER, "سارا رحیمی")
    unit = await person(harness, platform, 9903, Role.BUILDERS_UNIT, "علی نادری")
    finance = await person(harness, platform, 9902, Role.FINANCE, "مریم کاظمی")
    manager = await person(harness, platform, 9904, Role.TECHNICAL_MANAGER, "حسن صالحی")
    stranger = harness.user(platform, 9909, "غریبه")

    await press_in_staff_chat(harness, stranger, platform, "برداشتن پرونده")  # no role: nothing
    assert "اجازه این کار را ندارید" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, manager, platform, "برداشتن پرونده")  # not the documents reviewer's
    assert "اجازه این کار را ندارید" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    await expect(applicant, [applicant.last()], *reads["taken"])
    await press_in_staff_chat(harness, reviewer, platform, "📎")  # … in the reviewer's private chat
    await until(lambda: any(m.document and "پروانه اشتغال" in m.body for m in reviewer.messages()))
    private = reviewer.messages()
    assert any(m.media_group_id for m in private)  # the photos as albums
    pdfs = [m for m in private if m.document]
    assert pdfs and all(tracking in m.body for m in pdfs)  # the PDFs as documents, captioned

    await press_in_staff_chat(harness, reviewer, platform, "بررسی مدارک (کاربرگ ۴ تا ۶)")
    panel = reviewer.last()
    for needle in ("بررسی مدارک پرونده " + tracking, "⏳ بررسی نشده", "پایه ۱ با جدول‌های فعلی دست‌نیافتنی است"):
        assert needle in panel.body, needle
    assert "کمتر از حداقل" in panel.body  # nothing accepted yet: worksheet 4 is under its floor
    assert "کاربرگ(های) ۴، ۵، ۶ به حداقل" in panel.body  # a Persian list comma
    await reviewer.press("پایان بررسی مدارک")
    assert "همه پروژه‌ها" in alerts(harness, platform)[-1]  # not everything judged yet

    await judge_everything(reviewer)
    replies = await reviewer.press("بازگشت به خلاصه")
    await expect(reviewer, replies, "جمع امتیاز ۲۳٫۵ ← پایه ۳", "کاربرگ ۶: جمع نمرات")
    assert "کمتر از حداقل" not in bodies(replies)
    await reviewer.press("پایان بررسی مدارک")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], *reads["inquiries"])

    # inquiries: each letter by its role, as a PDF in the staff chat
    await press_in_staff_chat(harness, finance, platform, "استعلام کارهای اجرایی")  # the builders unit's
    assert "اجازه" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, unit, platform, "کارهای اجرایی: بی‌مانع")  # no letter yet
    assert "ابتدا نامه" in alerts(harness, platform)[-1]
    for label, caption in (
        ("استعلام کارهای اجرایی", "استعلام کارهای اجرایی"),
        ("نامه شورای انتظامی", "استعلام شورای انتظامی"),
    ):
        await press_in_staff_chat(harness, unit, platform, label)
        letter = await wait_document(harness, platform, caption)
        assert harness.emulator.files[letter].data.startswith(b"%PDF-")
    await press_in_staff_chat(harness, unit, platform, "کارهای اجرایی: بی‌مانع")
    await press_in_staff_chat(harness, manager, platform, "شورا: بدون سابقه")
    await press_in_staff_chat(harness, finance, platform, "گواهی تسویه حساب")  # its issue is the clear
    await wait_document(harness, platform, "گواهی تسویه حساب امور مالی")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], *reads["scored"])
    card = bodies(bot.chat(STAFF_CHAT))
    for needle in ("کاربرگ ۷", "با جمع امتیاز ۲۳٫۵", "پایه ۳ معرفی می‌شود", "✅ بی‌مانع", "دست‌نیافتنی"):
        assert needle in card, needle

    await press_in_staff_chat(harness, manager, platform, "معرفی به مدیر فنی")  # the reviewer's step
    assert "اجازه" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, reviewer, platform, "معرفی به مدیر فنی")
    await expect(applicant, [applicant.last()], *reads["introduced"])
    await press_in_staff_chat(harness, reviewer, platform, "تایید و ارسال")  # the manager's step
    assert "اجازه" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, manager, platform, "تایید و ارسال")
    dossier = await wait_document(harness, platform, "دوسیه پرونده")
    assert harness.emulator.files[dossier].data.startswith(b"%PDF-")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], *reads["sent"])

    await press_in_staff_chat(harness, unit, platform, "ثبت پروانه صادرشده")
    await expect(unit, [unit.last()], "شماره پروانه")
    await expect(unit, await unit.send("12-3456-789"), "تاریخ صدور")
    await expect(unit, await unit.send("1499/01/01"), "آینده")
    await expect(unit, await unit.send(ISSUED), "پایه پروانه صادرشده", "✅ پایه ۳")
    await expect(unit, await unit.press("پایه ۳"), "ثبت شد و پرونده بسته شد")
    await harness.app.notifier.drain()
    # the news, then the license-issued notice as a PDF (issue 27: checkable by its code)
    await expect(applicant, applicant.messages()[-2:-1], *reads["closed"])
    notice = applicant.last()
    assert notice.document is not None and harness.emulator.files[notice.document].data.startswith(b"%PDF-")
    assert harness.app.i18n(lang)("license-notice-caption", number="").split("(")[0].strip() in notice.body

    await expect(applicant, await applicant.send("/status"), tracking.strip("\u200e"), *reads["status"])
    await applicant.send("🗂 Cartable" if lang == "en" else "🗂 کارتابل")
    history_text = bodies(await applicant.press("Process details" if lang == "en" else "جزئیات فرآیند"))
    for step in reads["history"]:
        assert step in history_text, step
    # roles, never staff names; none of the review's details (accepted area, notes)
    for name in ("سارا رحیمی", "علی نادری", "مریم کاظمی", "حسن صالحی", "9900", "۲۵۰۰", "2500"):
        assert name not in history_text, name

    async with harness.app.sessions() as session:
        rows = [
            r for r in await case_rows(session, kind="builder_license") if r.tracking_code == tracking.strip("\u200e")
        ]
        events = await history(session, (await cases.get_case_by_tracking_code(session, tracking)).id)  # type: ignore[union-attr]
    assert rows[0].scores is not None and rows[0].scores.total == 23.5 and rows[0].scores.grade == 3
    notes = "\n".join(e.note or "" for e in events)
    assert "متراژ ۳٬۰۰۰ متر مربع ← ۲٬۵۰۰ متر مربع" in notes  # claimed → accepted, in the history
    assert "نوع سابقه «قرارداد اجرای قبلی» ← «مسئولیت کارگاهی" in notes
    assert bot.errors == []


async def test_returns_a_revise_a_reject_and_two_reviewers_at_once(harness: Harness) -> None:
    platform = "telegram"
    applicant, tracking = await submitted_license(harness, platform, 7401)
    a = await person(harness, platform, 9911, Role.REVIEWER, "کارشناس الف")
    b = await person(harness, platform, 9912, Role.REVIEWER, "کارشناس ب")
    unit = await person(harness, platform, 9913, Role.BUILDERS_UNIT, "واحد مجریان")
    finance = await person(harness, platform, 9914, Role.FINANCE, "واحد مالی")
    manager = await person(harness, platform, 9915, Role.TECHNICAL_MANAGER, "مدیر فنی")
    take_message, take = staff_button(harness, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, a, platform, "برداشتن پرونده")
    await b.settle(b.push_callback(take_message, take["callback_data"]))  # pressed again: stale
    assert "قبلاً توسط کارشناس الف" in alerts(harness, platform)[-1]

    # both reviewers open the panel and give the first mark at the same moment: one wins
    for reviewer in (a, b):
        await press_in_staff_chat(harness, reviewer, platform, "بررسی مدارک (کاربرگ ۴ تا ۶)")
        await expect(reviewer, await reviewer.press("⭐ کاربرگ ۶"), "معیار ۱ از ۵")
    pushes = []
    for reviewer, mark in ((a, "۸"), (b, "۳")):
        message, button = reviewer.find_button(mark)
        pushes.append((reviewer, reviewer.push_callback(message, button["callback_data"])))
    for reviewer, update in pushes:
        await reviewer.settle(update)
    answers = alerts(harness, platform)[-2:]
    assert sum(x == "ثبت شد." for x in answers) == 1, answers
    loser = next(x for x in answers if x != "ثبت شد.")
    assert "همین حالا این پرونده را تغییر داد" in loser and "کارشناس" in loser, answers
    # a forged mark (no criterion 9) changes nothing
    message, button = a.find_button("۵")
    forged = button["callback_data"].rsplit(":", 1)[0] + ":9.5"
    await a.settle(a.push_callback(message, forged))
    assert alerts(harness, platform)[-1] == harness.app.i18n("fa")("stale-button")

    # the rest of the review, then a return of worksheet 5 from the panel
    await expect(a, await a.press("بازگشت به خلاصه"), "کاربرگ ۴")
    await accept_as_claimed(a)
    await a.press("بازگشت برای اصلاح")
    await expect(a, await a.press("کاربرگ ۵"), "کاربرگ ۵")
    await expect(a, await a.press("نوشتن توضیحات"), "کاربرگ ۵")
    await expect(a, await a.send("ضمانت‌نامه بانکی را هم اظهار کنید."), "ثبت شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "ضمانت‌نامه بانکی را هم اظهار کنید", "🏗 ادامه درخواست پروانه")

    # the applicant fixes worksheet 5 and resends; the staff chat says what changed
    await applicant.send("🗂 کارتابل")
    await expect(applicant, await applicant.press("مشاهده و اصلاح"), "کاربرگ ۵")
    await expect(applicant, await applicant.press("ضمانت‌نامه بانکی"), "ضمانت‌نامه بانکی معتبر")
    await expect(applicant, await applicant.send("۲"), "مدرک «ضمانت‌نامه بانکی")
    await flows.files(applicant, None, then="امتیاز مقدماتی")
    await expect(applicant, await applicant.press("ارسال درخواست پروانه"), tracking)
    await harness.app.notifier.drain()
    assert "بخش‌های اصلاح‌شده از آخرین بازگشت: کاربرگ ۵ — توان مالی" in bodies(harness.bot(platform).chat(STAFF_CHAT))

    # taken again: what was judged is still there, the new item waits; a restart mid-typing loses nothing
    await press_in_staff_chat(harness, a, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, a, platform, "بررسی مدارک (کاربرگ ۴ تا ۶)")
    panel = a.last().body
    assert "✅ پذیرفته" in panel and ("نمرات مطلوبیت: ۸، —" in panel or "نمرات مطلوبیت: ۳، —" in panel), panel
    assert "۱ قلم توان مالی" in panel, panel
    await a.press("💰 کاربرگ ۵")
    await expect(a, await a.press("مبلغ پذیرفته قلم ۳"), "ضمانت‌نامه بانکی")
    await harness.stop()
    await harness.start()
    await expect(a, await a.send("۲٫۵"), "بیشتر از مقدار اظهارشده")
    await expect(a, await a.send("۱٫۵"), "ثبت شد", "پذیرفته ۱٫۵ میلیارد ریال")
    await a.press("بازگشت به خلاصه")
    await a.press("⭐ کاربرگ ۶")
    for mark in ("۹", "۹", "۸", "۸", "۷"):
        await a.press(mark)
    await a.press("بازگشت به خلاصه")
    await a.press("پایان بررسی مدارک")
    await harness.app.notifier.drain()

    # inquiries: a record found (with a photo of the reply), later cleared; the others clear
    await press_in_staff_chat(harness, unit, platform, "استعلام کارهای اجرایی")
    await press_in_staff_chat(harness, unit, platform, "کارهای اجرایی: مورد دارد")
    await expect(unit, [unit.last()], "پاسخ استعلام")
    await unit.settle(unit.push_photo(jpeg_bytes(photo(seed=95)), caption="شکایت کارفرمای پروژه ۱ در جریان است."))

    await harness.app.notifier.drain()
    assert "⚠️ مورد ثبت‌شده: «شکایت کارفرمای پروژه ۱ در جریان است.»" in bodies(harness.bot(platform).chat(STAFF_CHAT))
    await press_in_staff_chat(harness, unit, platform, "کارهای اجرایی: بی‌مانع")
    await press_in_staff_chat(harness, unit, platform, "نامه شورای انتظامی")
    await press_in_staff_chat(harness, manager, platform, "شورا: بدون سابقه")
    await press_in_staff_chat(harness, finance, platform, "گواهی تسویه حساب")
    await press_in_staff_chat(harness, a, platform, "معرفی به مدیر فنی")

    # the technical manager sends it back to documents review with a note; the reviewer is told
    await press_in_staff_chat(harness, manager, platform, "بازگشت به بررسی مدارک")
    await expect(manager, [manager.last()], "توضیح خود را برای کارشناس بررسی مدارک")
    await expect(manager, await manager.send("نمره معیار ۵ را دوباره بررسی کنید."), "ثبت شد")
    await harness.app.notifier.drain()
    await expect(a, [a.last()], "مدیر فنی پرونده", "نمره معیار ۵ را دوباره بررسی کنید")
    await expect(applicant, [applicant.last()], "به بررسی مدارک سازمان بازگشت")
    assert "نمره معیار ۵" not in bodies(applicant.messages())  # the note is staff's
    await expect(a, await a.press("باز کردن بررسی مدارک"), "بررسی مدارک پرونده " + tracking)
    await a.press("⭐ کاربرگ ۶")
    await expect(a, await a.press("بازگشت به خلاصه"), "کاربرگ ۶")
    await a.press("پایان بررسی مدارک")  # its inquiries are already clear: straight to scored
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "امتیاز پرونده تعیین شد")
    await press_in_staff_chat(harness, a, platform, "معرفی به مدیر فنی")

    # the technical manager rejects it, with a reason the applicant reads
    await press_in_staff_chat(harness, manager, platform, "⛔ رد")
    await expect(manager, await manager.send("سوابق اجرایی با استعلام‌ها همخوانی ندارد."), "ثبت شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "رد شد", "سوابق اجرایی با استعلام‌ها همخوانی ندارد")
    await press_in_staff_chat(harness, manager, platform, "تایید و ارسال")  # a button of before: stale
    assert "قبلاً توسط" in alerts(harness, platform)[-1]
    async with harness.app.sessions() as session:
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None and case.status == "rejected"
        reply = await builder_license.letter(session, case.id, builder_license.Inquiry.EXECUTION)
        kept = await documents.current_documents(session, case.id)
        events = await history(session, case.id)
    assert reply is not None and reply.clear
    assert [d.slot for d in kept if d.kind == documents.INQUIRY_REPLY] == ["inquiry_reply:execution"]  # the photo kept
    notes = [e.note or "" for e in events]
    assert any("شکایت کارفرمای پروژه ۱" in n for n in notes) and any("نمره معیار ۵" in n for n in notes)
    assert harness.bot(platform).errors == []


async def test_the_organization_side_under_the_delivery_guarantees(harness: Harness) -> None:
    """Issue 16's rules on the license's staff side: a mark or a letter delivered twice counts
    once; a panel button forged (an id beyond the database's) or pressed in a group is answered
    "no longer valid" and changes nothing; a note beyond the limit is refused with the reason."""
    platform = "telegram"
    bot = harness.bot(platform)
    _, tracking = await submitted_license(harness, platform, 7601)
    reviewer = await person(harness, platform, 9921, Role.REVIEWER, "سارا رحیمی")
    unit = await person(harness, platform, 9923, Role.BUILDERS_UNIT, "علی نادری")
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, reviewer, platform, "بررسی مدارک (کاربرگ ۴ تا ۶)")
    await accept_as_claimed(reviewer)
    await expect(reviewer, await reviewer.press("⭐ کاربرگ ۶"), "معیار ۱ از ۵")
    panel, mark = reviewer.find_button("۹")
    once = reviewer.push_callback(panel, mark["callback_data"])
    await expect(reviewer, await reviewer.settle(once), "معیار ۲ از ۵")
    answers = len(bot.callback_answers)
    assert await reviewer.redeliver(once) == [] and len(bot.callback_answers) == answers

    # forged (a case id no database holds) and pressed in the staff group: answered, nothing changes
    forged = mark["callback_data"].split(":")
    forged[2] = "9" * 12
    await reviewer.settle(reviewer.push_callback(panel, ":".join(forged)))
    assert alerts(harness, platform)[-1] == "این دکمه دیگر معتبر نیست."
    await reviewer.settle(reviewer.push_callback(bot.chat(STAFF_CHAT)[-1], mark["callback_data"]))
    assert alerts(harness, platform)[-1] == "این دکمه دیگر معتبر نیست."
    for value in ("۸", "۷", "۶", "۵"):
        await reviewer.press(value)
    summary = await reviewer.press("بازگشت به خلاصه")
    await expect(reviewer, summary, "جمع امتیاز ۲۵ ← پایه ۳")  # 5 + 6 + 4 + 10 (marks 35)
    await reviewer.press("پایان بررسی مدارک")
    await harness.app.notifier.drain()

    # the execution-works letter asked for, and the press delivered again: one letter, one PDF
    message, letter = staff_button(harness, platform, "استعلام کارهای اجرایی")
    asked = unit.push_callback(message, letter["callback_data"])
    await unit.settle(asked)
    await wait_document(harness, platform, "استعلام کارهای اجرایی")
    await unit.redeliver(asked)
    await harness.app.notifier.drain()
    assert len([m for m in bot.chat(STAFF_CHAT) if m.document and "استعلام کارهای اجرایی" in m.body]) == 1

    # a record found, its note too long for the applicant's message: refused with the limit
    await press_in_staff_chat(harness, unit, platform, "کارهای اجرایی: مورد دارد")
    await expect(unit, [unit.last()], "پاسخ استعلام")
    await expect(unit, await unit.send("شکایت " * 100), "بیش از حد طولانی", "۵۰۰")
    await expect(unit, await unit.send("شکایت کارفرما در جریان است."), "ثبت شد")

    async with harness.app.sessions() as session:
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None
        events = await history(session, case.id)
        assessment = await builder_license.get_assessment(session, case.id)
        execution = await builder_license.letter(session, case.id, builder_license.Inquiry.EXECUTION)
    assert list(assessment.marks) == [9, 8, 7, 6, 5]
    assert sum("معیار ۱ " in (e.note or "") for e in events) == 1  # the mark delivered twice: once
    assert execution is not None and execution.number is not None and execution.reply == "record"
    assert sum("نامه" in (e.note or "") and "کارهای اجرایی" in (e.note or "") for e in events) == 1
    assert bot.errors == []
