"""The sandbox in real headless Chromium: a person applies through the page (contact, identity,
every section, a real JPEG uploaded from disk), switches to the staff identity and finds the
file in the staff channel. Screenshots go to ``test-artifacts/screenshots``.

The page is driven through the same steps as every other end-to-end test (``flows``): a
``BrowserUser`` types, clicks and uploads in the page and reads the bot's answers from the
emulator behind it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.emulator import ChatMessage, FakeUser
from bot.sandbox import Sandbox
from conversations.kit.direction import isolate_ltr
from scoring.validators import IRAN_TIME, format_jalali
from tests.e2e import flows
from tests.e2e.flows import bodies, expect
from tests.factories import with_prefix

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

if not os.environ.get("CI"):  # in CI both are installed by .ci/run: missing means failing
    pytest.importorskip("playwright.async_api", reason="needs playwright (pip) and chromium (apt)")
    if CHROMIUM is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)", allow_module_level=True)

from playwright.async_api import FilePayload, Page, async_playwright  # noqa: E402


class BrowserUser:
    """``FakeUser``'s interface, acted out in the sandbox page."""

    def __init__(self, page: Page, behind: FakeUser) -> None:
        self.page = page
        self.behind = behind
        self.emulator = behind.emulator

    async def _act(self, action: Any) -> list[ChatMessage]:
        before = {m.message_id: m.edited for m in self.behind.messages()}
        async with self.page.expect_response(lambda r: "/api/" in r.url and r.request.method == "POST"):
            await action()
        await self.page.wait_for_function("!document.body.classList.contains('busy')")
        # the page shows what the emulator holds: as many bubbles as messages in the chat
        count = len(self.behind.bot.chat(self.behind.chat_id))
        await self.page.wait_for_function(f"Number(document.getElementById('messages').dataset.count) >= {count}")
        return [m for m in self.behind.messages() if before.get(m.message_id, -1) != m.edited]

    async def send(self, text: str) -> list[ChatMessage]:
        key = self.page.locator("#keyboard button", has_text=text)
        if await key.count() == 1 and (await key.inner_text()).strip() == text:
            return await self._act(key.click)  # a reply-keyboard button sends its label

        async def type_it() -> None:
            await self.page.fill("#text", text)
            await self.page.press("#text", "Enter")

        return await self._act(type_it)

    async def press(self, text: str) -> list[ChatMessage]:
        button = self.page.locator("#messages .msg.bot .inline button", has_text=text).last
        return await self._act(button.click)

    async def share_contact(self, phone: str, **_: Any) -> list[ChatMessage]:
        return await self._act(self.page.locator("#keyboard button.contact").click)

    async def send_photo(self, data: bytes, **_: Any) -> list[ChatMessage]:
        return await self._upload("photo.jpg", "image/jpeg", data)

    async def send_document(self, data: bytes, file_name: str, mime_type: str) -> list[ChatMessage]:
        return await self._upload(file_name, mime_type, data)

    async def _upload(self, name: str, mime: str, data: bytes) -> list[ChatMessage]:
        async def choose() -> None:
            payload: FilePayload = {"name": name, "mimeType": mime, "buffer": data}
            await self.page.set_input_files("#file", files=[payload])

        return await self._act(choose)

    async def wait_for(self, text: str, within: float = 15.0) -> ChatMessage:
        return await self.behind.wait_for(text, within)


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    box = Sandbox(tmp_path / "data")
    await box.start(port=0)
    yield box
    await box.stop()


async def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture
async def browser_page() -> AsyncIterator[tuple[Page, list[str]]]:
    """A page of headless Chromium, and the JavaScript errors it reports."""
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = await browser.new_page(viewport={"width": 1280, "height": 860}, locale="fa-IR")
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, errors
        await browser.close()


async def test_apply_in_the_browser_and_find_it_in_the_staff_channel(
    sandbox: Sandbox, browser_page: tuple[Page, list[str]]
) -> None:
    page, errors = browser_page
    await page.goto(sandbox.url)
    await page.wait_for_selector("#messages .empty")
    assert await page.evaluate("document.documentElement.dir") == "rtl"
    font = await page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in font
    assert await page.evaluate("document.fonts.check('16px Vazirmatn')")

    person = BrowserUser(page, sandbox.user("telegram", "applicant"))
    code = with_prefix("461")
    await flows.identity(person, code)  # type: ignore[arg-type]
    await shot(page, "01-identity-done")
    await flows.personal(person)  # type: ignore[arg-type]
    await flows.education(person)  # type: ignore[arg-type]  # uploads a real JPEG from "disk"
    await shot(page, "02-education-photo")
    await flows.family(person)  # type: ignore[arg-type]
    await flows.documents(person)  # type: ignore[arg-type]
    await shot(page, "03-confirm")
    tracking = await flows.submit(person)  # type: ignore[arg-type]
    await page.wait_for_selector("#messages .file")  # the PDF receipt, downloadable
    href = await page.locator("#messages .file").last.get_attribute("href")
    assert href is not None
    receipt = await page.request.get(sandbox.url + href)
    assert (await receipt.body()).startswith(b"%PDF-")
    await shot(page, "04-submitted-receipt")
    await page.locator("#messages").get_by_text("کد رهگیری").last.wait_for()

    # the second identity: the staff reviewer with the staff channel beside the chat
    await page.click("[data-identity=staff]")
    await page.wait_for_selector("#channel-pane:not([hidden])")
    channel = page.locator("#channel")
    await channel.get_by_text(tracking).first.wait_for()
    assert await channel.locator("img").count() == 0  # one message per file: the photos on demand
    await shot(page, "05-staff-channel")
    take = channel.locator(".inline button", has_text="برداشتن پرونده").last
    async with page.expect_response(lambda r: "/api/press" in r.url):
        await take.click()
    await page.wait_for_selector("#toast:not([hidden])")
    await channel.get_by_text("در حال بررسی").first.wait_for()
    await shot(page, "06-staff-took-the-file")

    # the applicant was told; the Bale profile shows its own chat and behaviour note
    await page.click("[data-identity=applicant]")
    await page.locator("#messages").get_by_text("در دست بررسی").last.wait_for()
    await page.click("[data-platform=bale]")
    await page.wait_for_selector("body.bale #messages .empty")  # a chat of its own
    assert "بله" in await page.inner_text("#profile-note")
    bale = BrowserUser(page, sandbox.user("bale", "applicant"))
    await expect(bale, await bale.send("/start"), "منوی اصلی")  # type: ignore[arg-type]
    await shot(page, "07-bale-profile")
    assert errors == [], errors
    assert refused(sandbox, "telegram") == [] and refused(sandbox, "bale") == []
    assert "منوی اصلی" in bodies(sandbox.user("bale", "applicant").messages())


def refused(sandbox: Sandbox, platform: str) -> list[tuple[str, int, str]]:
    """What the emulator refused, but Bale's missing setMyCommands (expected: commands are set in
    Bale's BotFather, and the bot ignores the refusal)."""
    return [e for e in sandbox.bot(platform).errors if e[0] != "setMyCommands"]


async def press_in_channel(page: Page, label: str) -> None:
    """A staff member presses a button of the newest staff-channel message that has it."""
    button = page.locator("#channel .inline button", has_text=label).last
    async with page.expect_response(lambda r: "/api/press" in r.url):
        await button.click()


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_the_review_loop_in_the_browser(
    sandbox: Sandbox, browser_page: tuple[Page, list[str]], platform: str
) -> None:
    """Apply, staff take and return one section with a note in their private chat, the applicant
    fixes and resends, staff approve, the applicant pays: a member."""
    page, errors = browser_page
    assert sandbox.app is not None
    await page.goto(sandbox.url)
    await page.click(f"[data-platform={platform}]")
    await page.wait_for_selector(f"body{'.bale' if platform == 'bale' else ':not(.bale)'} #messages .empty")
    person = BrowserUser(page, sandbox.user(platform, "applicant"))
    tracking = await flows.full_application(person)  # type: ignore[arg-type]
    await sandbox.app.notifier.drain()

    await page.click("[data-identity=staff]")
    await page.wait_for_selector("#channel-pane:not([hidden])")
    expert = BrowserUser(page, sandbox.user(platform, "staff"))
    await expect(expert, await expert.send("/start"), "میز کار کارکنان")  # type: ignore[arg-type]
    await press_in_channel(page, "برداشتن پرونده")
    await press_in_channel(page, "بازگشت برای اصلاح")
    await page.locator("#messages .inline button", has_text="نوشتن توضیحات").last.wait_for()
    await expert.press("مشخصات فردی")
    await shot(page, f"11-{platform}-return-picker")
    await expect(expert, await expert.press("نوشتن توضیحات"), "مشخصات فردی")  # type: ignore[arg-type]
    await expect(expert, await expert.send("کد پستی محل کار درست نیست."), "ثبت شد")  # type: ignore[arg-type]
    await sandbox.app.notifier.drain()
    await shot(page, f"12-{platform}-return-recorded")

    await page.click("[data-identity=applicant]")
    await page.locator("#messages").get_by_text("کد پستی محل کار درست نیست").last.wait_for()
    replies = await person.send("📝 ادامه درخواست عضویت")
    await expect(person, replies, "کد پستی محل کار درست نیست", "مشخصات فردی")  # type: ignore[arg-type]
    await expect(person, await person.press("کد پستی محل کار"), "کد پستی ۱۰ رقمی محل کار")  # type: ignore[arg-type]
    await expect(person, await person.send("8815813366"), "۸۸۱۵۸۱۳۳۶۶")  # type: ignore[arg-type]
    await expect(person, await person.press("ثبت اطلاعات و مرحله بعد"), "تایید نهایی")  # type: ignore[arg-type]
    await expect(person, await person.press("اطلاعات و مدارک صحیح است"), tracking)  # type: ignore[arg-type]
    await sandbox.app.notifier.drain()
    await shot(page, f"13-{platform}-resubmitted")

    await page.click("[data-identity=staff]")
    channel = page.locator("#channel")
    await channel.get_by_text("بخش‌های اصلاح‌شده از آخرین بازگشت: مشخصات فردی").first.wait_for()
    await press_in_channel(page, "برداشتن پرونده")
    await press_in_channel(page, "تایید")
    await sandbox.app.notifier.drain()
    await shot(page, f"14-{platform}-approved")

    await page.click("[data-identity=applicant]")
    # issue 24: the return and the approval reached the phone too, with the tracking code
    t = sandbox.app.i18n("fa")
    sms = page.locator("#sms .msg.sms")
    await sms.nth(1).wait_for()
    texts = await sms.all_inner_texts()
    assert len(texts) == 2 and all(tracking in text for text in texts), texts
    assert t("sms-returned", code=tracking).split(tracking)[-1].strip() in texts[0]
    await shot(page, f"14b-{platform}-phone-panel")
    pay = page.locator("#messages .invoice button.pay").last
    await pay.wait_for()
    async with page.expect_response(lambda r: "/api/pay" in r.url):
        await pay.click()
    await sandbox.app.notifier.drain()
    await page.locator("#messages").get_by_text("عضویت تکمیل شد").last.wait_for()
    await shot(page, f"15-{platform}-member")
    assert errors == [], errors
    assert refused(sandbox, platform) == []
    assert [m for m in sandbox.user(platform, "applicant").messages() if m.edited]  # questions closed in place


async def test_the_builder_license_in_the_browser(sandbox: Sandbox, browser_page: tuple[Page, list[str]]) -> None:
    """A member from before the bot applies for the builder license through the page: every
    worksheet, the project list, pages of the birth certificate, the preliminary score, the
    receipt; the staff channel shows the license card. Then the sample staff member (every role
    of the organization's side) plays the file through: documents review in the private chat,
    the inquiries with their letters, worksheet 7, the approval with the dossier, the license
    issued — and the applicant is told."""
    page, errors = browser_page
    assert sandbox.app is not None
    await page.goto(sandbox.url)
    await page.wait_for_selector("#messages .empty")
    person = BrowserUser(page, sandbox.user("telegram", "applicant"))
    user: Any = person  # FakeUser's interface
    await flows.license_gate(user, with_prefix("461"))
    await shot(page, "21-license-worksheet1")
    await flows.worksheet1(user)
    await flows.worksheet2(user)
    await flows.worksheet3(user)
    await flows.worksheet4(user)
    await shot(page, "22-license-projects")
    await flows.worksheet5(user)
    await flows.license_documents(user)
    await shot(page, "23-license-preliminary-score")
    tracking = await flows.license_submit(user)
    await page.wait_for_selector("#messages .file")
    await shot(page, "24-license-submitted")
    await sandbox.app.notifier.drain()
    await page.click("[data-identity=staff]")
    await page.wait_for_selector("#channel-pane:not([hidden])")
    card = page.locator("#channel").get_by_text("پروانه مجری حقیقی — کد رهگیری").first
    await card.wait_for()
    await card.evaluate("e => e.scrollIntoView({block: 'start'})")
    assert tracking in await page.inner_text("#channel")
    await shot(page, "25-license-staff-card")

    expert: Any = BrowserUser(page, sandbox.user("telegram", "staff"))
    channel, chat = page.locator("#channel"), page.locator("#messages")
    await expect(expert, await expert.send("/start"), "میز کار کارکنان")  # the staff menu
    await press_in_channel(page, "برداشتن پرونده")
    await channel.get_by_text("بررسی مدارک").first.wait_for()
    await press_in_channel(page, "بررسی مدارک (کاربرگ ۴ تا ۶)")
    await chat.get_by_text(isolate_ltr("بررسی مدارک پرونده " + tracking)).last.wait_for()
    await expect(expert, await expert.press("پروژه ۱"), "بخش خاکستری")
    await expect(expert, await expert.press("✅ پذیرفته"), "وضعیت: ✅ پذیرفته")
    await expert.press("بازگشت به خلاصه")
    await expect(expert, await expert.press("💰 کاربرگ ۵"), "تایید توان مالی")
    await expert.press("قلم ۱ همان اظهار")
    await expect(expert, await expert.press("قلم ۲ همان اظهار"), "پذیرفته ۱٫۵ میلیارد ریال")
    await expert.press("بازگشت به خلاصه")
    await expect(expert, await expert.press("⭐ کاربرگ ۶"), "معیار ۱ از ۵")
    for mark in ("۸", "۸", "۷", "۶", "۵"):
        await expert.press(mark)
    # 5 (engineering, grade 2) + 3000/500 + (2.5 + 1.5) + 10 (marks 34)
    await expect(expert, await expert.press("بازگشت به خلاصه"), "جمع امتیاز ۲۵ ← پایه ۳", "دست‌نیافتنی")
    await shot(page, "26-license-documents-review")
    await expert.press("پایان بررسی مدارک")
    await channel.get_by_text("استعلام‌ها").first.wait_for()

    for label, kind in (("استعلام کارهای اجرایی", "execution"), ("نامه شورای انتظامی", "disciplinary")):
        await press_in_channel(page, label)
        await channel.locator(
            ".file", has_text=f"{kind}-{tracking.strip(chr(0x200E))}.pdf"
        ).wait_for()  # the letter, a PDF
    await press_in_channel(page, "کارهای اجرایی: بی‌مانع")
    await press_in_channel(page, "شورا: بدون سابقه")
    await press_in_channel(page, "گواهی تسویه حساب")
    worksheet7 = channel.get_by_text("کاربرگ ۷ — جمع امتیاز و تعیین پایه").last  # worksheet 7's card
    await worksheet7.wait_for()
    await worksheet7.evaluate("e => e.scrollIntoView({block: 'start'})")
    await shot(page, "27-license-worksheet7")
    await press_in_channel(page, "معرفی به مدیر فنی")
    await channel.locator(".inline button", has_text="تایید و ارسال").last.wait_for()  # the manager's now
    await press_in_channel(page, "تایید و ارسال")
    dossier = channel.locator(".file", has_text=f"dossier-{tracking.strip(chr(0x200E))}.pdf")
    await dossier.wait_for()
    await dossier.scroll_into_view_if_needed()
    href = await dossier.get_attribute("href")
    assert href is not None and (await (await page.request.get(sandbox.url + href)).body()).startswith(b"%PDF-")
    await shot(page, "28-license-dossier")

    await press_in_channel(page, "ثبت پروانه صادرشده")
    await chat.get_by_text("شماره پروانه").last.wait_for()
    await expect(expert, await expert.send("12-3456-789"), "تاریخ صدور")
    # the license issued: today, the day it was submitted (never before it)
    issued = format_jalali(dt.datetime.now(IRAN_TIME).date())
    await expect(expert, await expert.send(issued), "پایه پروانه صادرشده")
    await expect(expert, await expert.press("پایه ۳"), "ثبت شد و پرونده بسته شد")
    await sandbox.app.notifier.drain()
    await page.click("[data-identity=applicant]")
    await chat.get_by_text("پروانه اشتغال مجری حقیقی شما صادر شد").last.wait_for()
    await shot(page, "29-license-issued")
    assert errors == [], errors
    assert refused(sandbox, "telegram") == []


async def test_a_project_in_one_answer_in_the_browser(sandbox: Sandbox, browser_page: tuple[Page, list[str]]) -> None:
    """Issue 29: the project's sheet typed in the page's composer (several lines: Shift+Enter in
    the page, as in the messengers), one fact refused and asked again alone with its reason."""
    page, errors = browser_page
    await page.goto(sandbox.url)
    await page.wait_for_selector("#messages .empty")
    user: Any = BrowserUser(page, sandbox.user("telegram", "applicant"))
    await flows.license_gate(user, with_prefix("461"))
    await flows.worksheet1(user)
    await flows.worksheet2(user)
    await flows.worksheet3(user)
    await expect(user, await user.press("افزودن پروژه"), "نام پروژه:", "یکی‌یکی بپرسید")
    await shot(page, "40-project-sheet")
    await page.fill("#text", "نام پروژه: برج")
    await page.press("#text", "Shift+Enter")  # a new line, not sent
    assert await page.input_value("#text") == "نام پروژه: برج\n"
    facts = flows.project_sheet("برج نمونه", **{"تاریخ خاتمه": "1397/01/01"})
    replies = await user.send(facts)
    await expect(user, replies, "۹ مورد ثبت شد", "«تاریخ خاتمه» ثبت نشد", "تاریخ خاتمه پروژه را به شمسی")
    await shot(page, "41-project-sheet-one-refused")
    await expect(user, await user.send("۱۳۹۹/۱۰/۰۱"), "مدرک این سابقه")
    assert errors == [], errors


async def test_reminders_come_when_the_clock_is_advanced(
    sandbox: Sandbox, browser_page: tuple[Page, list[str]]
) -> None:
    """Issue 24: a new applicant leaves a draft; each press of "a day later" moves the bot's
    reminder clock on: reminders after 1, 3 and 7 days in the chat, the last by SMS in the phone
    panel too, and nothing after that."""
    page, errors = browser_page
    assert sandbox.app is not None
    await page.goto(sandbox.url)
    await page.wait_for_selector("#messages .empty")
    person = BrowserUser(page, sandbox.user("telegram", "applicant"))
    await flows.identity(person, with_prefix("464"))  # type: ignore[arg-type]
    hint = sandbox.app.i18n("fa")("reminder-off-hint")
    told = []
    for _day in range(9):
        async with page.expect_response(lambda r: "/api/clock" in r.url) as response:
            await page.click("#advance")
        told.append((await (await response.value).json())["told"])
    assert told == [1, 0, 1, 0, 0, 0, 1, 0, 0], told
    await page.locator("#messages").get_by_text(isolate_ltr(hint)).nth(2).wait_for()
    await page.locator("#sms .msg.sms").first.wait_for()
    assert len(await page.locator("#sms .msg.sms").all()) == 1
    await shot(page, "16-reminders-and-phone")
    assert errors == [], errors
