"""Every update is handled at most once (issue 16.1): the messenger delivering one again — a
webhook that timed out, polling after a crash — is answered nothing and changes nothing, for a
typed answer, a contact, "add", a photo, "submit" and a staff button alike. And a second tap on
the same button (a new update) counts only where the first left its question open."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.emulator import ChatMessage, FakeUser
from storage import cases, documents, people
from storage.models import OutboxMessage
from storage.workflow import Action, Role, history
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import expect
from tests.e2e.staffing import grant, staff_button
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo


async def twice(user: FakeUser, update_id: int, *needles: str) -> list[ChatMessage]:
    """Handle update ``update_id``, then have it delivered again: the second time, nothing."""
    replies = await user.settle(update_id)
    await expect(user, replies, *needles)
    answers = len(user.bot.callback_answers)
    assert await user.redeliver(update_id) == []  # no message sent or edited
    assert len(user.bot.callback_answers) == answers  # no button answered again
    return replies


def press(user: FakeUser, label: str) -> int:
    message, button = user.find_button(label)
    return user.push_callback(message, button["callback_data"])


async def test_every_kind_of_update_delivered_twice_is_handled_once(harness: Harness) -> None:
    user = harness.user("telegram", 8601)
    code = with_prefix("461")
    await user.send("/start")
    await user.send("📝 درخواست عضویت")
    await twice(user, user.push_contact("+989121234567"), "کد ملی")
    await expect(user, await user.send(code), "نام خود را")
    await twice(user, user.push_text("علی"), "نام خانوادگی")
    # the redelivered "علی" was not taken as the last name: this is
    await expect(user, await user.send("رضایی"), "نام پدر")
    for answer in ("محمد", "۱۲۳۴۵", "۱۳۷۰/۰۶/۳۱"):
        await user.send(answer)
    await user.press("مرد")
    await user.press("تایید و ادامه")
    await user.press("قوانین را خواندم")
    await flows.personal(user)

    # "add degree" twice: one degree; the certificate photo twice: one document
    await twice(user, press(user, "افزودن مدرک"), "مقطع")
    await user.press("کارشناسی پیوسته")
    await user.press("عمران")
    for answer in ("مهندسی عمران", "دانشگاه شهرکرد", "1392/04/10"):
        await user.send(answer)
    await user.press("کد استعلام روی مدرک")
    await user.send("ABC-123456")
    await twice(user, user.push_photo(jpeg_bytes(photo(seed=11))), "✅")  # the list, the degree complete
    await user.press("ثبت اطلاعات و مرحله بعد")
    await flows.family(user)
    await flows.documents(user)

    submitted = press(user, "اطلاعات و مدارک صحیح است")
    replies = await twice(user, submitted, "کد رهگیری")
    tracking = flows.bodies(replies).split("کد رهگیری:")[1].split()[0]
    await user.wait_for("رسید قابل چاپ")
    await harness.app.notifier.drain()

    # a staff button twice: taken once, the applicant told once
    reviewer = harness.user("telegram", 9960, "کارشناس")
    await grant(harness, "telegram", 9960, Role.REVIEWER, "کارشناس ب")
    message, button = staff_button(harness, "telegram", "برداشتن پرونده")
    take = reviewer.push_callback(message, button["callback_data"])
    await reviewer.settle(take)
    staff_messages = len(harness.bot("telegram").chat(STAFF_CHAT))
    assert await reviewer.redeliver(take) == []
    await harness.app.notifier.drain()
    assert len(harness.bot("telegram").chat(STAFF_CHAT)) == staff_messages

    async with harness.app.sessions() as session:
        applicant = (await people.find_applicants(session, national_code=code))[0]
        assert (applicant.first_name, applicant.last_name) == ("علی", "رضایی")
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None
        file = await cases.case_file(session, case.id)
        assert file is not None and len(file.degrees) == 1
        degree_docs = [d for d in await documents.all_documents(session, case.id) if d.slot.startswith("degree")]
        assert len(degree_docs) == 1  # not a second one superseding the first
        actions = [e.action for e in await history(session, case.id)]
        assert actions.count(Action.SUBMIT) == 1 and actions.count(Action.TAKE) == 1
        told = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.chat_id == user.chat_id)
        )
        assert told == 1  # "your file is in review", once
    assert len([m for m in user.messages() if "در دست بررسی" in m.body]) == 1


async def test_a_second_tap_on_add_or_submit_changes_nothing(harness: Harness) -> None:
    """A double tap is two updates: the second finds its question gone ("no longer valid")."""
    user = harness.user("bale", 8602)  # Bale keeps the buttons of answered questions
    await flows.identity(user, with_prefix("461"))
    await flows.personal(user)
    message, button = user.find_button("افزودن مدرک")
    await user.settle(user.push_callback(message, button["callback_data"]))
    replies = await user.settle(user.push_callback(message, button["callback_data"]))
    await expect(user, replies, "مقطع")  # the question of the degree being added, again
    assert "دیگر معتبر نیست" in user.bot.callback_answers[-1].get("text", "")
    async with harness.app.sessions() as session:
        found = (await people.find_applicants(session, mobile="09123456789"))[0]
        case = (await cases.cases_of_applicant(session, found.id))[0]
        assert len(await cases.degrees(session, case.id)) == 1
