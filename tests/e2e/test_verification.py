"""Verifiable documents (issue 27), end to end: every PDF the bot issues is rendered to PNG, its QR
code decoded by zbar (pyzbar over Debian's libzbar0), and the decoded address fetched from the
bot's own HTTP server — the page says what the document is, its number, its holder masked and its
status; a code with one character changed is 404; a receipt re-issued after a return supersedes
the old one; a license revoked by the technical manager shows revoked; one client past its limit
of checks a minute meets 429. The same facts in the bot: /verify and the deep link start=v_<code>.

The membership walk runs on both messengers; the builder license's (its receipt, three letters,
the dossier, the license-issued notice) and the dues' settlement certificate on Telegram."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import aiohttp
import pypdfium2
import pytest
from prometheus_client import generate_latest
from pyzbar.pyzbar import decode

from bot.emulator import BotApiEmulator
from bot.http import serve_operators
from conversations.kit.i18n import Translator
from scoring.validators import IRAN_TIME, format_jalali
from scoring.verification import ALPHABET, grouped, read_code
from storage import verification
from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import Harness, make_settings
from tests.e2e.flows import expect
from tests.e2e.staffing import grant, press_in_staff_chat, wait_document
from tests.e2e.test_license_review import accept_as_claimed, person, submitted_license
from tests.storage.helpers import new_case

PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "verification"
MASKED = "ر*** کریمی"  # flows' applicant: رضا کریمی


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def verified(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Harness]:
    """The harness with VERIFY_BASE_URL: the pages served on LISTEN as polling mode serves them
    (``serve_operators``; METRICS=0, so only the pages)."""
    port = free_port()
    settings = make_settings(
        tmp_path, emulator.base_url, verify_base_url=f"http://127.0.0.1:{port}", listen=f"127.0.0.1:{port}"
    )
    harness = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await harness.start()
    runner = await serve_operators(harness.app)
    yield harness
    await runner.cleanup()
    await harness.stop()


def qr_codes(pdf: bytes, name: str) -> list[str]:
    """The QR code of each page, decoded from the page rendered to PNG (kept to be looked at)."""
    PAGES.mkdir(parents=True, exist_ok=True)
    found = []
    document = pypdfium2.PdfDocument(pdf)
    for n in range(len(document)):
        image = document[n].render(scale=2).to_pil()
        image.save(PAGES / f"{name}-{n + 1}.png")
        decoded = decode(image)
        assert len(decoded) == 1, f"{name} page {n + 1}: {len(decoded)} QR codes"
        found.append(decoded[0].data.decode())
    return found


def the_url(harness: Harness, pdf: bytes, name: str) -> str:
    """The one address every page's QR code opens."""
    urls = set(qr_codes(pdf, name))
    assert len(urls) == 1, urls
    url = urls.pop()
    assert url.startswith(f"{harness.settings.verify_base_url}/v/"), url
    return url


async def fetch(url: str) -> tuple[int, str, Mapping[str, str]]:
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status, await response.text(), response.headers


def changed(code: str) -> str:
    """The code with its last character another of the alphabet."""
    return code[:-1] + next(c for c in ALPHABET if c != code[-1])


async def check_page(url: str, t: Translator, *needles: str) -> str:
    status, page, headers = await fetch(url)
    assert status == 200, page[:300]
    assert 'dir="rtl"' in page and "Vazirmatn" in page
    assert "font-src 'self'" in str(headers["Content-Security-Policy"])
    for needle in needles:
        assert needle in page, needle
    return page


def pdf_of(harness: Harness, message_file: str | None) -> bytes:
    assert message_file is not None
    data = harness.emulator.files[message_file].data
    assert data.startswith(b"%PDF-")
    return data


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_membership_receipt_checked_by_its_qr_code_then_superseded(verified: Harness, platform: str) -> None:
    harness = verified
    t = harness.app.i18n("fa")
    applicant = harness.user(platform, 7701)
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    receipt = await applicant.wait_for("رسید قابل چاپ")
    url = the_url(harness, pdf_of(harness, receipt.document), f"{platform}-membership-receipt")
    code = url.rsplit("/", 1)[1]
    kind = t("verify-kind-receipt", application=t("kind-membership"))
    page = await check_page(url, t, kind, tracking, t("verify-status-valid"), MASKED, grouped(code))
    assert "رضا" not in page and "national" not in page  # the first name masked, nothing else personal
    status, english, _ = await fetch(url + "?lang=en")
    assert status == 200 and 'dir="ltr"' in english and "✅ Valid" in english

    # one character changed, or not a code at all: 404, a page that says so
    for wrong in (changed(code), "NOT-A-CODE", "0" * 65):
        status, page, _ = await fetch(url.rsplit("/", 1)[0] + "/" + wrong)
        assert status == 404 and t("verify-page-unknown") in page, wrong

    # anyone checks it in the bot: /verify CODE, and the deep link
    clerk = harness.user(platform, 7790, "کارمند")
    await expect(clerk, await clerk.send(f"/verify {grouped(code).lower()}"), kind, t("verify-status-valid"), MASKED)
    await expect(clerk, await clerk.send(f"/start v_{code}"), kind, t("verify-status-valid"))
    await expect(clerk, await clerk.send("/verify"), t("verify-ask"))
    replies = await clerk.send("سلام")
    await expect(clerk, replies, "کد اصالت نیست", t("verify-ask"))
    await expect(clerk, await clerk.send(changed(code)), "صادر نشده", t("verify-ask"))
    await expect(clerk, await clerk.send(code), kind, t("verify-status-valid"), "منوی اصلی")

    # staff return it, the applicant resubmits: a new receipt, the old one superseded
    reviewer = harness.user(platform, 9900, "کارشناس")
    await grant(harness, platform, 9900, Role.REVIEWER, "کارشناس الف")
    await reviewer.send("/start")
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, reviewer, platform, "بازگشت برای اصلاح")
    await reviewer.press("مشخصات فردی")
    await reviewer.press("نوشتن توضیحات")
    await expect(reviewer, await reviewer.send("کد پستی محل کار درست نیست."), "ثبت شد")
    await harness.app.notifier.drain()
    await applicant.send("🗂 کارتابل")
    await applicant.press("مشاهده و اصلاح")
    await applicant.press("کد پستی محل کار")
    await applicant.send("8815813366")
    await expect(applicant, await applicant.press("ثبت اطلاعات و مرحله بعد"), "تایید نهایی")
    before = len(applicant.messages())
    await expect(applicant, await applicant.press("اطلاعات و مدارک صحیح است"), "کد رهگیری", tracking)
    again = await applicant.wait_for("رسید قابل چاپ")
    assert applicant.messages().index(again) >= before
    new_url = the_url(harness, pdf_of(harness, again.document), f"{platform}-membership-receipt-resubmitted")
    assert new_url != url
    await check_page(new_url, t, t("verify-status-valid"), tracking)
    await check_page(url, t, "جایگزین", kind, tracking)

    counted = generate_latest(harness.app.metrics.registry).decode()
    assert 'nezam_verifications_total{result="valid",via="page"}' in counted
    assert 'nezam_verifications_total{result="unknown",via="page"} 1.0' in counted
    assert 'nezam_verifications_total{result="malformed",via="page"} 2.0' in counted
    assert 'nezam_verifications_total{result="superseded",via="page"} 1.0' in counted
    assert 'nezam_verifications_total{result="valid",via="bot"} 3.0' in counted
    assert harness.bot(platform).errors == []


async def test_one_client_past_its_checks_a_minute_is_refused(verified: Harness) -> None:
    harness = verified
    async with harness.app.sessions() as session, session.begin():
        case = await new_case(session)
        found = await verification.register(
            session, harness.app.services.verifying.key, case.id, "receipt", case.tracking_code, "receipt:test"
        )
    url = f"{harness.settings.verify_base_url}/v/{found.code}"
    statuses = []
    async with aiohttp.ClientSession() as client:
        for _ in range(200):
            async with client.get(url) as response:
                statuses.append(response.status)
                if response.status == 429:
                    assert int(response.headers["Retry-After"]) > 0
    limit = harness.settings.verify_checks_per_minute
    assert statuses[:limit] == [200] * limit
    assert statuses[limit:] == [429] * (200 - limit)
    # another client (behind the proxy: its address appended last) is not held back
    async with (
        aiohttp.ClientSession() as client,
        client.get(url, headers={"X-Forwarded-For": "198.51.100.7"}) as response,
    ):
        assert response.status == 200
    counted = generate_latest(harness.app.metrics.registry).decode()
    assert f'nezam_verifications_total{{result="limited",via="page"}} {200 - limit:.1f}' in counted


async def test_every_document_of_a_builder_license_checked_and_the_license_revoked(verified: Harness) -> None:
    """The license's receipt, its three letters, the dossier and the license-issued notice: each
    one's QR code opens its page; revoked by the technical manager, the notice says so."""
    harness = verified
    platform = "telegram"
    t = harness.app.i18n("fa")
    applicant, tracking = await submitted_license(harness, platform, 7302)
    receipt = await applicant.wait_for("رسید قابل چاپ")
    urls = {"receipt": the_url(harness, pdf_of(harness, receipt.document), "license-receipt")}
    reviewer = await person(harness, platform, 9900, Role.REVIEWER, "سارا رحیمی")
    unit = await person(harness, platform, 9903, Role.BUILDERS_UNIT, "علی نادری")
    finance = await person(harness, platform, 9902, Role.FINANCE, "مریم کاظمی")
    manager = await person(harness, platform, 9904, Role.TECHNICAL_MANAGER, "حسن صالحی")
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, reviewer, platform, "بررسی مدارک (کاربرگ ۴ تا ۶)")
    await accept_as_claimed(reviewer)
    await reviewer.press("⭐ کاربرگ ۶")
    for mark in ("۸", "۸", "۷", "۶", "۵"):
        await reviewer.press(mark)
    await reviewer.press("بازگشت به خلاصه")
    await reviewer.press("پایان بررسی مدارک")
    for who, label, caption, kind in (
        (unit, "استعلام کارهای اجرایی", "استعلام کارهای اجرایی", "letter_execution"),
        (unit, "نامه شورای انتظامی", "استعلام شورای انتظامی", "letter_disciplinary"),
        (finance, "گواهی تسویه حساب", "گواهی تسویه حساب امور مالی", "letter_finance"),
    ):
        await press_in_staff_chat(harness, who, platform, label)
        urls[kind] = the_url(harness, pdf_of(harness, await wait_document(harness, platform, caption)), kind)
    await press_in_staff_chat(harness, unit, platform, "کارهای اجرایی: بی‌مانع")
    await press_in_staff_chat(harness, manager, platform, "شورا: بدون سابقه")
    await press_in_staff_chat(harness, reviewer, platform, "معرفی به مدیر فنی")
    await press_in_staff_chat(harness, manager, platform, "تایید و ارسال")
    dossier = await wait_document(harness, platform, "دوسیه پرونده")
    urls["dossier"] = the_url(harness, pdf_of(harness, dossier), "dossier")
    await press_in_staff_chat(harness, unit, platform, "ثبت پروانه صادرشده")
    await unit.send("12-3456-789")
    await unit.send(format_jalali(dt.datetime.now(IRAN_TIME).date()))  # issued today: not before the submission
    await expect(unit, await unit.press("پایه ۳"), "ثبت شد و پرونده بسته شد")
    await harness.app.notifier.drain()
    notice = await applicant.wait_for(t("license-notice-caption", number="").split("(")[0].strip())
    urls["license_issued"] = the_url(harness, pdf_of(harness, notice.document), "license-issued-notice")

    assert len(set(urls.values())) == len(urls)  # a code each
    for kind, url in urls.items():
        label = (
            t("verify-kind-receipt", application=t("kind-builder_license"))
            if kind == "receipt"
            else t(f"verify-kind-{kind}")
        )
        await check_page(url, t, label, t("verify-status-valid"), MASKED)
    await check_page(urls["receipt"], t, tracking)

    # the technical manager revokes the license: its notice's page says revoked (the rest stand)
    await press_in_staff_chat(harness, unit, platform, t("btn-license-revoke"))  # not the builders unit's
    await press_in_staff_chat(harness, manager, platform, t("btn-license-revoke"))
    await expect(manager, [manager.last()], "دلیل ابطال")
    await expect(manager, await manager.send("مدارک سابقه اجرایی جعلی بود."), "باطل شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "باطل شد", "مدارک سابقه اجرایی جعلی بود")
    await check_page(urls["license_issued"], t, "باطل‌شده", t("verify-kind-license_issued"))
    await check_page(urls["dossier"], t, t("verify-status-valid"))
    code = urls["license_issued"].rsplit("/", 1)[1]
    clerk = harness.user(platform, 7791, "کارفرما")
    await expect(clerk, await clerk.send(f"/verify {code}"), t("verify-kind-license_issued"), "باطل‌شده")
    assert read_code(grouped(code)) == code
    assert harness.bot(platform).errors == []


def test_every_page_carries_it_in_either_orientation_and_without_an_address_only_the_code() -> None:
    """A printout of several pages (one landscape): the QR code on each, read back; without
    VERIFY_BASE_URL the code and /verify are printed and there is no QR code to scan."""
    from conversations.kit.i18n import I18n
    from conversations.kit.pdf import Block, NewPage, Paragraph, Printout, render
    from conversations.kit.verification import Verifying, verification_of

    t = I18n("fa")("fa")
    blocks: tuple[Block, ...] = (
        *(Paragraph("متن نمونه یک نامه " * 40) for _ in range(14)),
        NewPage(landscape=True),
        Paragraph("پایان"),
    )
    with_address = verification_of(t, Verifying(base_url="https://bot.example.ir/nezam"), "K7Q2MX9D4T")
    pdf = render(Printout("fa", blocks, with_address))
    pages = qr_codes(pdf, "printout-pages")
    assert len(pages) >= 3 and set(pages) == {"https://bot.example.ir/nezam/v/K7Q2MX9D4T"}
    assert pypdfium2.PdfDocument(pdf)[len(pages) - 1].get_size()[0] > 800  # the last page landscape

    without = verification_of(t, Verifying(), "K7Q2MX9D4T")
    assert without.url is None and without.how == "/verify K7Q2M-X9D4T"
    document = pypdfium2.PdfDocument(render(Printout("fa", blocks[:2], without)))
    image = document[0].render(scale=2).to_pil()
    assert decode(image) == []
    text = document[0].get_textpage().get_text_range()
    assert "K7Q2M-X9D4T" in text and "/verify" in text
    plain = pypdfium2.PdfDocument(render(Printout("fa", blocks[:2])))[0].get_textpage().get_text_range()
    assert "K7Q2M" not in plain  # no verification: nothing printed
