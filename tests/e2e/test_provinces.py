"""Provinces as tenants (issue 25): one deployment, two provinces' organizations. A file goes to its
province's staff chat only, with its province's fee and account; a reviewer of the other province
reads and changes nothing of it, whatever they send; a national admin sees both."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from prometheus_client import generate_latest
from sqlalchemy import select

from bot import sandbox
from bot.emulator import BotApiEmulator, ChatMessage, FakeUser
from storage import staff
from storage.models import Case, StaffRead
from storage.reads import Read
from storage.workflow import Role, Status
from tests.e2e import flows
from tests.e2e.conftest import Harness, make_settings
from tests.e2e.flows import bodies, expect
from tests.factories import with_prefix

CHAT_A, CHAT_B = -100514, -100523  # IR-14's staff chat, IR-23's
# IR-23 scores the builder license by the sandbox's sample rules: an own contract counts 1.2 per
# 500 m² (shipped: 1), grade 3 from 25 points and grade 2 from 50 (shipped: 20 and 45)
SAMPLE_RULES = Path(sandbox.__file__).parent / "license_rules_ir23.toml"
ACCOUNT_A, ACCOUNT_B = "0208388017002", "0105557788001"
PROVINCES = f"""
[IR-14]
name_fa = "سازمان نظام مهندسی ساختمان استان چهارمحال و بختیاری"
name_en = "Chaharmahal and Bakhtiari Construction Engineering Organization"
telegram_staff_chat_id = {CHAT_A}
bale_staff_chat_id = {CHAT_A}
membership_fee_rials = 2500000
membership_bank_account = "{ACCOUNT_A}"
license_fee_rials = 90000
license_bank_account = "{ACCOUNT_A}"
rules_file_fa = "ir14-rules-fa.txt"

[IR-23]
name_fa = "سازمان نظام مهندسی ساختمان استان تهران"
name_en = "Tehran Construction Engineering Organization"
telegram_staff_chat_id = {CHAT_B}
bale_staff_chat_id = {CHAT_B}
membership_fee_rials = 3100000
membership_bank_account = "{ACCOUNT_B}"
license_fee_rials = 120000
license_bank_account = "{ACCOUNT_B}"
license_rules_file = "{SAMPLE_RULES}"
dues_rials = {{ 1404 = 2100000, 1405 = 2400000 }}
"""
NATIONAL, REVIEWER_A, REVIEWER_B = 9700, 9714, 9723
RULES_A = "۱. قاعدهٔ نمونهٔ استان چهارمحال و بختیاری: مدارک اصل در دفتر نمایندگی دیده می‌شود."


@pytest.fixture
async def nation(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Harness]:
    path = tmp_path / "provinces.toml"
    path.write_text(PROVINCES, "utf-8")
    (tmp_path / "ir14-rules-fa.txt").write_text(RULES_A, "utf-8")
    settings = make_settings(
        tmp_path,
        emulator.base_url,
        provinces_file=str(path),
        telegram_staff_chat_id=None,
        bale_staff_chat_id=None,
        telegram_admin_ids=[NATIONAL],
    )
    h = Harness(emulator, None, settings, tmp_path)  # type: ignore[arg-type]
    await h.start()
    async with h.app.sessions() as session, session.begin():
        for role in (Role.REVIEWER, Role.FINANCE, Role.ADMIN):
            await staff.grant_role(
                session, "telegram", REVIEWER_A, role, display_name="کارشناس الف", provinces=["IR-14"]
            )
            await staff.grant_role(session, "telegram", REVIEWER_B, role, display_name="کارشناس ب", provinces=["IR-23"])
    yield h
    await h.stop()


def button_in(harness: Harness, chat: int, label: str) -> tuple[ChatMessage, str]:
    for message in reversed(harness.bot("telegram").chat(chat)):
        for b in message.inline_buttons():
            if label in b["text"]:
                return message, b["callback_data"]
    raise AssertionError(f"no button {label!r} in chat {chat}")


async def press_in(harness: Harness, person: FakeUser, chat: int, label: str) -> None:
    message, data = button_in(harness, chat, label)
    await person.settle(person.push_callback(message, data))
    await harness.app.notifier.drain()


async def status_of(harness: Harness, tracking: str) -> tuple[str, int | None]:
    async with harness.app.sessions() as session:
        row = (
            await session.execute(
                select(Case.status, Case.assigned_staff_id).where(Case.tracking_code == tracking.strip("\u200e"))
            )
        ).one()
        return str(row[0]), row[1]


async def exported(harness: Harness, person: FakeUser) -> list[list[object]]:
    await expect(person, await person.send("/export"), "در حال آماده شدن")
    assert harness.app.exports is not None
    await harness.app.exports.wait()
    sheet = next(m for m in reversed(person.messages()) if m.document)
    ws = load_workbook(io.BytesIO(harness.emulator.files[sheet.document or ""].data)).active
    assert ws is not None
    return [[c.value for c in row] for row in ws.iter_rows()]


async def test_a_file_of_province_a_is_a_s_alone_and_the_nation_s(nation: Harness) -> None:
    applicant = nation.user("telegram", 9801)
    national_code = with_prefix("461")
    # the applicant is offered only the provinces this deployment serves; chooses IR-14
    tracking = await flows.full_application(applicant, national_code)
    await nation.app.notifier.drain()
    code = tracking.strip("\u200e")
    assert code in bodies(nation.bot("telegram").chat(CHAT_A))  # A's staff chat has the card
    assert nation.bot("telegram").chat(CHAT_B) == []  # B's nothing

    b = nation.user("telegram", REVIEWER_B, "کارشناس ب")
    await b.send("/start")
    queue = bodies(await b.send("/queue"))
    assert code not in queue and "رضا کریمی" not in queue
    found = bodies(await b.send(f"/find {national_code}"))
    assert code not in found and "رضا کریمی" not in found
    card = bodies(await b.send(f"/case {code}"))
    assert "کد رهگیری: " + code not in card and "رضا کریمی" not in card
    stats = bodies(await b.send("/stats"))
    assert "ارسال‌شده، در انتظار بررسی: ۱" not in stats
    assert "🗺 دامنه: سازمان نظام مهندسی ساختمان استان تهران\n" in stats  # says whose files it counts
    assert [row for row in (await exported(nation, b))[1:] if row and row[0] == code] == []
    # a forged "take" of A's file, pressed by B: no longer valid, nothing taken, the refusal audited
    message, take = button_in(nation, CHAT_A, "برداشتن پرونده")
    await b.settle(b.push_callback(message, take))
    assert nation.bot("telegram").callback_answers[-1].get("text") == nation.app.i18n("fa")("stale-button")
    assert await status_of(nation, code) == (Status.SUBMITTED.value, None)
    async with nation.app.sessions() as session:
        refused = (await session.scalars(select(StaffRead.what).where(StaffRead.what == Read.REFUSED.value))).all()
    assert refused  # /case and the button, each audited

    a = nation.user("telegram", REVIEWER_A, "کارشناس الف")
    await a.send("/start")
    assert code in bodies(await a.send("/queue"))
    assert "ارسال‌شده، در انتظار بررسی: ۱" in bodies(await a.send("/stats"))
    assert [row for row in (await exported(nation, a))[1:] if row and row[0] == code]
    await press_in(nation, a, CHAT_A, "برداشتن پرونده")
    await press_in(nation, a, CHAT_A, "تایید")
    assert (await status_of(nation, code))[0] == Status.AWAITING_PAYMENT.value
    assert nation.bot("telegram").chat(CHAT_B) == []  # B's chat still heard nothing of it
    # A's fee and account on what the applicant is asked to pay, never B's
    asked = bodies(applicant.messages())
    assert ACCOUNT_A in asked and ACCOUNT_B not in asked
    t = nation.app.i18n("fa")
    assert t.money(2_500_000) in asked and t.money(3_100_000) not in asked

    national = nation.user("telegram", NATIONAL, "مدیر")
    await national.send("/start")
    await expect(national, await national.send(f"/case {code}"), "کد رهگیری: " + code)
    await expect(national, await national.send(f"/find {national_code}"), "رضا کریمی", code)
    stats = bodies(await national.send("/stats"))
    assert "🗺 دامنه: سراسری — " in stats and "(همه ۲ استان)" in stats
    # the operator's /metrics: national, and the provinces it covers
    scraped = generate_latest(nation.app.metrics.registry).decode()
    assert 'nezam_scope{provinces="IR-14,IR-23",scope="national"} 1.0' in scraped


async def test_a_member_from_before_the_bot_says_their_province_and_the_license_goes_there(nation: Harness) -> None:
    """A builder license of a member the bot does not know: worksheet 1 asks the province of
    membership (only the provinces served), and the file is that province's — its staff chat,
    its reviewer — and not the other's."""
    user = nation.user("telegram", 9802)
    await flows.license_gate(user, with_prefix("461"))
    await flows.worksheet1(user)  # answers "چهارمحال و بختیاری" when asked
    await flows.worksheet2(user)
    await flows.worksheet3(user)
    await flows.worksheet4(user)
    await flows.worksheet5(user)
    await flows.license_documents(user)
    code = (await flows.license_submit(user)).strip("\u200e")
    await nation.app.notifier.drain()
    assert code in bodies(nation.bot("telegram").chat(CHAT_A))
    assert nation.bot("telegram").chat(CHAT_B) == []
    async with nation.app.sessions() as session:
        assert await session.scalar(select(Case.province).where(Case.tracking_code == code)) == "IR-14"
    b = nation.user("telegram", REVIEWER_B, "کارشناس ب")
    await b.send("/start")
    assert "کد رهگیری: " + code not in bodies(await b.send(f"/case {code}"))


async def test_a_license_file_is_scored_by_its_province_s_rules(nation: Harness) -> None:
    """The same worksheets (engineering grade 2; one own contract of 3,000 m²; 2.5 + 1.5 billion
    rials at factor 1) in two provinces. By hand: IR-14 (the shipped rules) 5 + 3000/500 × 1 + 4 =
    15, with 5 desirability points 20 → grade 3, grade 2 needs 45; IR-23 (its own rules) 5 +
    3000/500 × 1.2 + 4 = 16.2, with 5 points 21.2 → under grade 3's 25, grade 2 needs 50. The
    applicant's preliminary score and the staff card say so, and name the rules."""
    results = {}
    t = nation.app.i18n("fa")
    fees = {CHAT_A: (t.money(90_000), ACCOUNT_A), CHAT_B: (t.money(120_000), ACCOUNT_B)}
    for n, (province, chat) in enumerate((("چهارمحال و بختیاری", CHAT_A), ("تهران", CHAT_B))):
        user = nation.user("telegram", 9810 + n)
        await flows.license_gate(user, with_prefix(f"47{n}"))
        await flows.worksheet1(user, province=province)
        await flows.worksheet2(user)
        await flows.worksheet3(user)
        await flows.worksheet4(user)
        await flows.worksheet5(user)
        await flows.license_documents(user, preliminary=("امتیاز مقدماتی",))
        screen = bodies(user.messages()[-3:])
        # the fee slip asked before submission: the chosen province's fee and account (issue 25)
        slip = next(text for m in user.messages() if "فیش واریز" in (text := m.text or "") and "هزینه بررسی" in text)
        assert all(part in slip for part in fees[chat]), slip
        code = (await flows.license_submit(user)).strip("\u200e")
        await nation.app.notifier.drain()
        card = bodies(nation.bot("telegram").chat(chat))
        assert code in card
        results[province] = screen, card
    own = "📐 امتیازها با قواعد پروانهٔ سازمان نظام مهندسی ساختمان استان تهران"
    shipped, shipped_card = results["چهارمحال و بختیاری"]
    assert "جمع کاربرگ‌های ۳ تا ۵: ۱۵" in shipped
    assert "با ۵ امتیاز مطلوبیت: ۲۰ ← پایه ۳" in shipped and "پایه ۲ به ۴۵ امتیاز نیاز دارد" in shipped
    assert "📐" not in shipped and "📐" not in shipped_card
    tehran, tehran_card = results["تهران"]
    assert "جمع کاربرگ‌های ۳ تا ۵: ۱۶٫۲" in tehran
    assert "با ۵ امتیاز مطلوبیت: ۲۱٫۲ ← کمتر از ۲۵ امتیاز لازم برای پایه ۳" in tehran
    assert "پایه ۲ به ۵۰ امتیاز نیاز دارد" in tehran and own in tehran
    assert "۱۶٫۲" in tehran_card and "۲۱٫۲ ← کمتر از ۲۵" in tehran_card and own in tehran_card


async def test_a_staff_member_applying_in_another_province_uses_their_file_but_cannot_act_on_it(
    nation: Harness,
) -> None:
    """A reviewer of IR-23 is an engineer too, and applies for membership in IR-14: their own
    file is theirs as an applicant (the menu, /status, the invoice and payment) — the staff scope
    narrows staff reads only — and still not theirs to review: a forged take is refused."""
    b = nation.user("telegram", REVIEWER_B, "کارشناس ب")
    await b.send("/start")
    await expect(b, await b.press("منوی متقاضی"), "منوی اصلی")
    await flows.identity(b, with_prefix("462"), opened=True)  # chooses چهارمحال و بختیاری (IR-14)
    await flows.personal(b)
    await flows.education(b)
    await flows.family(b)
    await flows.documents(b)
    code = (await flows.submit(b)).strip("\u200e")
    await nation.app.notifier.drain()
    assert code in bodies(nation.bot("telegram").chat(CHAT_A)) and nation.bot("telegram").chat(CHAT_B) == []

    # as staff: not theirs to take (another province's file), however the button is forged
    message, take = button_in(nation, CHAT_A, "برداشتن پرونده")
    await b.settle(b.push_callback(message, take))
    assert nation.bot("telegram").callback_answers[-1].get("text") == nation.app.i18n("fa")("stale-button")
    assert await status_of(nation, code) == (Status.SUBMITTED.value, None)
    assert "کد رهگیری: " + code not in bodies(await b.send(f"/case {code}"))

    # as the applicant: their file, from their desk's applicant menu and from /status
    await b.send("/start")
    await b.press("منوی متقاضی")
    assert code in bodies(await b.send("🗂 کارتابل"))
    assert code in bodies(await b.send("/status"))
    # IR-14's reviewer approves; the invoice of IR-14's fee reaches the applicant
    a = nation.user("telegram", REVIEWER_A, "کارشناس الف")
    await a.send("/start")
    await press_in(nation, a, CHAT_A, "برداشتن پرونده")
    await press_in(nation, a, CHAT_A, "تایید")
    assert (await status_of(nation, code))[0] == Status.AWAITING_PAYMENT.value
    asked = bodies(b.messages())
    assert ACCOUNT_A in asked and nation.app.i18n("fa").money(2_500_000) in asked
    assert code in bodies(await b.send("/status"))


async def test_the_chosen_province_s_own_rules_are_shown_with_the_confirmation(nation: Harness) -> None:
    """The membership rules come before the province is chosen, so they are the deployment's; a
    province with rules of its own has them shown, and accepted by submitting, at the confirmation."""
    applicant = nation.user("telegram", 9802)
    await flows.to_documents(applicant, with_prefix("461"))
    start = len(applicant.messages())
    await flows.documents(applicant)
    confirmation = bodies(applicant.messages()[start - 1 :])
    assert RULES_A in confirmation
    assert "با ارسال درخواست، قوانین و مقررات سازمان نظام مهندسی ساختمان استان چهارمحال و بختیاری" in confirmation
    first = bodies(applicant.messages()[:start])
    assert RULES_A not in first  # not shown before the province was chosen
    await flows.submit(applicant)


def test_each_province_s_dues_are_priced_by_its_own_table_or_dues_rials(nation: Harness) -> None:
    services = nation.app.services
    assert services.org_of("IR-23").dues_rials == {1404: 2_100_000, 1405: 2_400_000}  # its own table
    assert services.org_of("IR-14").dues_rials == services.org.dues_rials  # DUES_RIALS
