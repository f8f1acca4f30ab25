"""Issue 29 (direction and digits), looked at in real headless Chromium: the help, a summary with a
typed address, the cartable, the status, the staff queue and the receipt rendered from its PDF.
Screenshots go to ``test-artifacts/screenshots/29-*.png``; what they show is asserted on the
page's own text (isolates around commands and codes, Persian digits in the summary)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from playwright.async_api import Page

from bot.sandbox import Sandbox
from tests.e2e import flows
from tests.e2e.flows import expect
from tests.e2e.test_sandbox import SHOTS, BrowserUser, browser_page, sandbox, shot
from tests.factories import with_prefix

__all__ = ["browser_page", "sandbox"]  # the fixtures, shared with test_sandbox

LRI, PDI = "\u2066", "\u2069"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ADDRESS = "شهرکرد، خیابان کاشانی، کوچه ۱۲، پلاک ۴"


async def bubbles(page: Page, pane: str = "#messages") -> list[str]:
    return await page.locator(f"{pane} .msg.bot").all_text_contents()


def receipt_png(pdf: bytes, path: Path) -> None:
    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=2).to_pil().save(path)


async def test_direction_and_digits_in_the_browser(sandbox: Sandbox, browser_page: tuple[Page, list[str]]) -> None:
    page, errors = browser_page
    assert sandbox.app is not None
    await page.goto(sandbox.url)
    await page.wait_for_selector("#messages .empty")
    person = BrowserUser(page, sandbox.user("telegram", "applicant"))

    await expect(person, await person.send("/start"), "منوی اصلی")  # type: ignore[arg-type]
    await expect(person, await person.send("/help"), "/cartable")  # type: ignore[arg-type]
    await shot(page, "29-help")
    help_text = (await bubbles(page))[-1]

    national_code = with_prefix("461")
    await flows.identity(person, national_code)  # type: ignore[arg-type]
    await flows.personal(person, home_address=ADDRESS)  # type: ignore[arg-type]
    await flows.education(person)  # type: ignore[arg-type]
    await flows.family(person)  # type: ignore[arg-type]
    await flows.documents(person)  # type: ignore[arg-type]
    # the typed address in the summary the applicant confirms (a section goes straight on: issue 29)
    summary = next(text for text in reversed(await bubbles(page)) if "📋 مشخصات فردی" in text)
    await page.locator("#messages .msg.bot", has_text="📋 مشخصات فردی").last.evaluate(
        "bubble => bubble.scrollIntoView({block: 'start'})"
    )
    await shot(page, "29-summary-typed-address")
    tracking = await flows.submit(person)  # type: ignore[arg-type]
    receipt = await person.wait_for("رسید قابل چاپ")
    assert receipt.document is not None
    receipt_pdf = person.emulator.files[receipt.document].data
    receipt_png(receipt_pdf, SHOTS / "29-receipt.png")
    await sandbox.app.notifier.drain()

    await person.send("/cartable")
    await shot(page, "29-cartable")
    cartable = (await bubbles(page))[-1]
    await person.send("/status")
    await shot(page, "29-status")
    status = (await bubbles(page))[-1]

    await page.click("[data-identity=staff]")
    await page.wait_for_selector("#channel-pane:not([hidden])")
    expert = BrowserUser(page, sandbox.user("telegram", "staff"))
    await expect(expert, await expert.send("/start"), "میز کار کارکنان")  # type: ignore[arg-type]
    await expert.send("/queue")
    await shot(page, "29-staff-queue")
    queue = (await bubbles(page))[-1]
    assert errors == [], errors

    # what the screenshots show, on the page's own text: a command, a tracking code in place
    assert f"{LRI}/cartable{PDI}" in help_text, help_text
    assert f"{LRI}/status{PDI}" in help_text, help_text
    for text in (cartable, status, queue):
        assert f"{LRI}{tracking}{PDI}" in text, text
    # a typed address comes back in the reader's digits
    assert "کوچه ۱۲، پلاک ۴" in summary, summary
    # the receipt's numbers in Persian digits, as its text says (the PDF's own text, extracted)
    pdf_text = "".join(page_.get_textpage().get_text_range() for page_ in pypdfium2.PdfDocument(receipt_pdf))
    assert national_code.translate(PERSIAN) in pdf_text and national_code not in pdf_text, pdf_text
