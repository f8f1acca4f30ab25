"""Every input gets its specific answer, never "something went wrong" (issue 16.5): text the
database would refuse, text over a field's limit, forged buttons of every kind, files over the
messenger's download limit, a PDF where a photo is asked, an edited message — on SQLite and on
PostgreSQL, which refuses more. And when something does fail, the log names the handler."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import OperationalError

from bot.emulator import FakeUser
from storage import cases, people
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import bodies, expect
from tests.factories import with_prefix
from tests.images import heic_bytes, jpeg_bytes, photo

GENERIC = ("خطایی پیش آمد", "something went wrong")
STALE = "دیگر معتبر نیست"


def no_generic_error(user: FakeUser) -> None:
    text = bodies(user.messages())
    assert not any(g in text for g in GENERIC), text[-500:]


async def forged(user: FakeUser, data: str) -> str:
    """Press a button with forged data on the newest message; returns the press's answer."""
    answers = len(user.bot.callback_answers)
    await user.settle(user.push_callback(user.last(), data))
    assert len(user.bot.callback_answers) == answers + 1, f"{data!r} was not answered"
    return str(user.bot.callback_answers[-1].get("text", ""))


async def test_text_the_database_refuses_and_text_over_the_limit(db_harness: Harness) -> None:
    user = db_harness.user("telegram", 8901)
    await user.send("/start")
    await user.send("📝 درخواست عضویت")
    await user.share_contact("+989121234567")
    await expect(user, await user.send("1" * 4096), "کد ملی", "حداکثر ۳۰۰")  # the longest text a messenger sends
    await expect(user, await user.send(with_prefix("461")), "نام خود را")
    await expect(user, await user.send("\x00رضا\x07"), "نام خانوادگی")  # control characters dropped
    await expect(user, await user.send("کریمی\ud800"), "نام پدر")  # a lone surrogate dropped
    await expect(user, await user.send("م" * 61), "حداکثر ۶۰", "نام پدر")
    await expect(user, await user.send("م" * 301), "حداکثر ۳۰۰", "نام پدر")
    for answer in ("محمد", "۱۲۳۴۵", "۱۳۷۰/۰۶/۳۱"):
        await user.send(answer)
    await user.press("مرد")
    await user.press("تایید و ادامه")
    await user.press("قوانین را خواندم")
    await user.press("تهران")
    await user.press("تهران مرکزی")
    await expect(user, await user.press("⭐"), "نشانی کامل محل سکونت")
    # free text: stored as typed, minus what no database takes (PostgreSQL refuses NUL)
    await expect(user, await user.send("تهران،\x00 خیابان\x1b آزادی\ud83d"), "کد پستی")
    await expect(user, await user.send("خ" * 301), "حداکثر ۳۰۰")
    no_generic_error(user)
    async with db_harness.app.sessions() as session:
        applicant = (await people.find_applicants(session, mobile="09121234567"))[0]
        case = (await cases.cases_of_applicant(session, applicant.id))[0]
        answers = await cases.answers(session, case.id)
    assert (applicant.first_name, applicant.last_name, applicant.father_name) == ("رضا", "کریمی", "محمد")
    assert answers["personal"]["residence_address"] == "تهران، خیابان آزادی"


async def test_forged_buttons_are_answered_no_longer_valid(db_harness: Harness) -> None:
    owner = db_harness.user("telegram", 8902)
    await flows.identity(owner, with_prefix("461"))
    await flows.personal(owner)
    await owner.press("افزودن مدرک")
    async with db_harness.app.sessions() as session:
        found = (await people.find_applicants(session, mobile="09123456789"))[0]
        other_case = (await cases.cases_of_applicant(session, found.id))[0]
        other_degree = (await cases.degrees(session, other_case.id))[0].id

    user = db_harness.user("telegram", 8903)
    await flows.identity(user, with_prefix("001"), phone="+989127654321")
    await flows.personal(user)
    await expect(user, [user.last()], "افزودن مدرک")
    big = "99999999999"
    for data in (
        f"f:v:personal:{big}:province:IR-14",  # beyond the integer range of an id
        "f:v:personal:0:no_such_field:x",
        "f:p:education:0:degrees:abc",
        "f:v:identity:0:gender",  # too few parts
        f"g:edit:education:degrees:{big}",
        f"g:edit:education:degrees:{other_degree}",  # another applicant's degree
        f"g:del:education:degrees:{other_degree}",
        "g:add:nosuch:degrees:0",
        "a:submit:membership:",  # not at the confirmation
        "a:rules:nosuchapp:",
        f"c:fix:{big}",
        f"p:pay:{big}",
        f"s:take:{big}:1",  # a staff button, by someone who is not staff
        f"s:take:{other_case.id}:1",
        f"o:{other_case.id}:1:{big}",
        f"k:{big}",
        "r:toggle:personal",
        "💥",
        "x" * 64,
    ):
        answer = await forged(user, data)
        assert answer, f"{data!r} answered without a word"
        assert not any(g in answer for g in GENERIC), (data, answer)
    assert STALE in await forged(user, f"g:edit:education:degrees:{other_degree}")
    no_generic_error(user)
    await expect(user, await user.press("افزودن مدرک"), "مقطع")  # the real buttons still work
    async with db_harness.app.sessions() as session:
        degrees = await cases.degrees(session, other_case.id)
    assert [d.id for d in degrees] == [other_degree]  # the other applicant's degree is untouched


async def test_files_over_the_limit_are_refused_before_the_download(harness: Harness) -> None:
    user = harness.user("telegram", 8904)
    await flows.to_degree_certificate(user)
    bot = harness.bot("telegram")
    calls = len(bot.calls)
    replies = await user.settle(user.push_document(b"x" * 100, "scan.jpg", "image/jpeg", file_size=25 * 1024 * 1024))
    await expect(user, replies, "بیش از ۲۰ مگابایت", "تصویر مدرک تحصیلی")
    assert "getFile" not in [method for method, _ in bot.calls[calls:]]  # never asked for
    replies = await user.settle(
        user.push_document(b"%PDF" + b"x" * 100, "scan.pdf", "application/pdf", file_size=12 * 1024 * 1024)
    )
    await expect(user, replies, "بیش از ۱۰ مگابایت")  # the largest PDF kept
    # a size not announced (or wrong): the messenger refuses the download, and that is said
    replies = await user.settle(
        user.push_document(b"\xff" * (21 * 1024 * 1024), "big.jpg", "image/jpeg", file_size=1000)
    )
    await expect(user, replies, "بیش از ۲۰ مگابایت", "تصویر مدرک تحصیلی")
    replies = await user.send_document(b"%PDF-1.4\n% damaged beyond repair\n", "broken.pdf", "application/pdf")
    await expect(user, replies, "آسیب دیده")
    # an iPhone's HEIC sent as a file of unknown type: taken (its bytes are checked)
    replies = await user.send_document(heic_bytes(photo(seed=3)), "IMG_0001.HEIC", "application/octet-stream")
    await expect(user, replies, "کارشناسی", "✅")  # the degree complete: its list
    no_generic_error(user)


async def test_a_pdf_where_a_photo_is_asked_and_an_edited_message(harness: Harness) -> None:
    user = harness.user("telegram", 8905)
    await flows.to_documents(user)
    await flows.sides(user, jpeg_bytes(photo(seed=21)), jpeg_bytes(photo(seed=24)), then="شناسنامه")
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=23))), "عکس پرسنلی")
    replies = await user.send_document(b"%PDF-1.4\n", "me.pdf", "application/pdf")
    await expect(user, replies, "PDF برای این مورد پذیرفته نمی‌شود", "عکس پرسنلی")
    sent = [m for m in user.bot.messages if not m.from_bot and m.chat_id == user.chat_id][-1]
    edited = {
        "message_id": sent.message_id,
        "date": sent.date,
        "edit_date": sent.date + 5,
        "chat": {"id": user.chat_id, "type": "private", "first_name": user.first_name},
        "from": user.json,
        "text": "ویرایش شد",
    }
    replies = await user.settle(user.bot.push_update({"edited_message": edited}))
    await expect(user, replies, "ویرایش پیام‌های فرستاده‌شده خوانده نمی‌شود", "عکس پرسنلی")
    no_generic_error(user)


async def test_a_failure_names_its_handler_in_the_log_and_a_database_outage_is_said_so(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user("telegram", 8906)
    await user.send("/start")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a value that must not be logged: 0012345678")

    monkeypatch.setattr(people, "set_language", broken)
    with caplog.at_level(logging.ERROR, logger="nezam.updates"):
        await expect(user, await user.send("/lang"), "خطایی پیش آمد")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "conversations/menu.py" in logged and "_switch" in logged
    assert "0012345678" not in logged

    async def unavailable(*args: object, **kwargs: object) -> None:
        raise OperationalError("UPDATE messenger_users", {}, ConnectionRefusedError())

    monkeypatch.setattr(people, "set_language", unavailable)
    await expect(user, await user.send("/lang"), "موقتاً در دسترس نیست", "ذخیره شده")
