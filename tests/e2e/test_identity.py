"""A national code that belongs to another applicant (issue 16.7): the answer does not confirm
that the code is registered, nothing is linked, and staff hear of the attempt — once in the staff
chat per account, and every time in ``/find``."""

from __future__ import annotations

from storage import people
from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import grant
from tests.factories import with_prefix


async def test_someone_elses_national_code_is_not_confirmed_and_staff_are_told(harness: Harness) -> None:
    code = with_prefix("461")
    owner = harness.user("bale", 8950)
    await flows.identity(owner, code)

    other = harness.user("bale", 8951, "دیگری")
    await other.send("/start")
    await other.send("📝 درخواست عضویت")
    await other.share_contact("+989127770000")
    for _ in range(2):
        replies = await other.send(code)
        await expect(other, replies, "نمی‌توان با این حساب ادامه داد", "کد ملی")
        text = bodies(replies)
        assert "ثبت شده" not in text and "registered" not in text  # nothing says the code is known
    await harness.app.notifier.drain()
    notes = [m.body for m in harness.bot("bale").chat(STAFF_CHAT) if "کد ملی متقاضی" in m.body]
    assert len(notes) == 1 and "8951" in notes[0] and "رضا" in notes[0]  # once per account
    assert code not in notes[0]

    async with harness.app.sessions() as session:
        user = await people.find_user(session, "bale", 8951)
        assert user is not None and user.applicant_id is None  # nothing was linked
    await expect(other, await other.send(with_prefix("001")), "نام خود را")  # their own code goes on

    expert = harness.user("bale", 9980, "کارشناس")
    await grant(harness, "bale", 9980, Role.REVIEWER, "کارشناس د")
    await expect(expert, await expert.send(f"/find {code}"), "رضا", "۲ بار از ۱ حساب دیگر")
