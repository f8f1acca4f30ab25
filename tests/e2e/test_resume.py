"""Stopping halfway and coming back: after a restart of the bot (its memory gone), with Redis
emptied, and across two messengers with the same numeric user id. The position is in the
database with the answers, so the first answer after a restart counts (issue 16.3)."""

from __future__ import annotations

import asyncio
import os

import pytest

from bot.emulator import FakeUser
from storage import documents
from storage.cases import cases_of_applicant
from storage.people import find_applicants
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import expect
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo


async def test_resume_after_a_restart_at_the_exact_question(harness: Harness) -> None:
    user = harness.user("telegram", 8201)
    await flows.identity(user, with_prefix("461"))
    await user.press("بعدی")
    await user.press("چهارمحال و بختیاری")
    await user.press("(نمونه) دفتر نمایندگی بروجن")
    await user.press("⭐")
    await expect(user, await user.send("شهرکرد، خیابان کاشانی"), "کد پستی ۱۰ رقمی محل سکونت")

    await harness.stop()  # the process dies: whatever it held in memory is gone
    await harness.start()

    # the question the user sees is the one the database knows: the answer is checked for it …
    # (the postal code question shares its address's number, the office the province's)
    replies = await user.send("سلام")
    await expect(user, replies, "کد پستی باید ۱۰ رقم باشد", "کد پستی ۱۰ رقمی محل سکونت", "پرسش ۳ از")

    await harness.stop()
    await harness.start()
    # … and the first answer after a restart is taken
    await expect(user, await user.send("8815813344"), "نشانی کامل محل کار", "پرسش ۴ از")

    await harness.stop()
    await harness.start()
    await expect(user, await user.send("/start"), "ادامه درخواست عضویت")
    replies = await user.send("📝 ادامه درخواست عضویت")
    await expect(user, replies, "نشانی کامل محل کار", "پرسش ۴ از")


async def test_an_album_of_six_photos_stores_six_photos(harness: Harness) -> None:
    user = harness.user("telegram", 8202)
    await flows.identity(user, with_prefix("461"))  # born in Chaharmahal and Bakhtiari …
    await user.press("تهران")  # … applying in Tehran (first page)
    await user.press("تهران مرکزی")
    await user.press("⭐")
    for answer in ("تهران، خیابان آزادی", "1314594361", "تهران، خیابان انقلاب", "1314594362"):
        await user.send(answer)
    await user.press("آدرس محل کار")
    await user.press("خیر")
    await user.press("خیر")
    await user.press("خیر")
    await user.press("می‌پذیرم")  # the section's last answer: on to education (issue 29)
    await flows.education(user, level="کاردانی")  # an associate degree: technicians' certificate
    await expect(user, await user.press("ثبت اطلاعات و مرحله بعد"), "کارت ملی", "مدرک ۶ ماه سکونت", "نظام کاردانی")
    bot = harness.bot("telegram")
    for n in range(6):  # the national card's two sides (issue 29), then one photo a document
        user.push_photo(jpeg_bytes(photo(seed=100 + n)), media_group_id="album-1")
    await user.wait_for("کدام مدرک را برای اثبات سکونت")
    await expect(user, await user.press("اجاره‌نامه رسمی"), "مدارک و مستندات")
    assert bot.errors == []
    async with harness.app.sessions() as session:
        applicant = (await find_applicants(session, mobile="09123456789"))[0]
        case = (await cases_of_applicant(session, applicant.id))[0]
        current = await documents.current_documents(session, case.id)
    slots = sorted(d.slot for d in current if not d.slot.startswith("degree_"))
    assert slots == sorted(
        [
            "national_card",
            "national_card",
            "birth_certificate",
            "personal_photo",
            "residence_proof",
            "technician_non_membership",
        ]
    )
    assert len([d for d in current if d.slot == "national_card"]) == 2
    assert len({d.sha256 for d in current}) == len(current)  # six different photos, each stored


async def test_telegram_and_bale_users_with_the_same_id_never_mix(harness: Harness) -> None:
    telegram = harness.user("telegram", 8300, "تلگرام")
    bale = harness.user("bale", 8300, "بله")
    code_t, code_b = with_prefix("461"), with_prefix("001")

    async def walk(user: FakeUser, code: str, name: str) -> None:
        await user.send("/start")
        await user.send("📝 درخواست عضویت")
        await user.share_contact("+98912000" + ("1111" if name == "tg" else "2222"))
        await user.send(code)
        await user.send("رضا" if name == "tg" else "علی")

    await asyncio.gather(walk(telegram, code_t, "tg"), walk(bale, code_b, "bale"))
    await expect(telegram, [telegram.last()], "نام خانوادگی")
    await expect(bale, [bale.last()], "نام خانوادگی")
    async with harness.app.sessions() as session:
        tg_applicant = (await find_applicants(session, national_code=code_t))[0]
        bale_applicant = (await find_applicants(session, national_code=code_b))[0]
    assert tg_applicant.first_name == "رضا"
    assert bale_applicant.first_name == "علی"
    assert tg_applicant.mobile == "09120001111"
    assert bale_applicant.mobile == "09120002222"


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail('TEST_REDIS_URL is not set: run `eval "$(scripts/test-services.sh)"`')
        pytest.skip('Redis tests need TEST_REDIS_URL: run `eval "$(scripts/test-services.sh)"` first')
    return url


async def test_redis_holds_nothing_of_a_dialog_and_an_emptied_redis_changes_nothing(
    harness: Harness, redis_url: str
) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    await harness.stop()
    harness.settings = harness.settings.model_copy(update={"redis_url": redis_url})
    await harness.start()
    telegram = harness.user("telegram", 8400)
    bale = harness.user("bale", 8400)
    await telegram.send("/start")
    await telegram.send("📝 درخواست عضویت")
    await expect(telegram, await telegram.share_contact("+989121234000"), "کد ملی")
    await bale.send("/start")
    assert await redis.keys("*") == []  # positions are in the database: nothing to lose here

    await harness.stop()
    await harness.start()  # a restart: the user is still answering the national code
    await expect(telegram, await telegram.send(with_prefix("461")), "نام خود را")

    await redis.flushdb()
    await harness.stop()
    await harness.start()
    await expect(telegram, await telegram.send("رضا"), "نام خانوادگی")  # the first answer counts
    await expect(bale, await bale.send("📝 درخواست عضویت"), "شماره همراه")  # the Bale user is apart
    await redis.aclose()
