"""In a group (the staff chat, or any group the bot is in) the bot answers only its staff commands
and buttons (issue 16.6). Applicant dialogs run only in a private chat: a command in a group gets
one line pointing there; anything else people write in a group gets nothing, is not taken as an
answer, and creates nothing — on Telegram's supergroups and on Bale's groups (Bale has no
"supergroup")."""

from __future__ import annotations

import pytest

from bot.emulator import ChatMessage
from storage import cases, people
from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import expect
from tests.e2e.staffing import alerts, grant, press_in_staff_chat
from tests.factories import with_prefix


@pytest.mark.parametrize(("platform", "kind"), [("telegram", "supergroup"), ("bale", "group")])
async def test_a_group_gets_no_dialog(harness: Harness, platform: str, kind: str) -> None:
    bot = harness.bot(platform)
    bot.chats[STAFF_CHAT] = {"id": STAFF_CHAT, "type": kind, "title": "Staff"}
    member = harness.user(platform, 8801, "عضو گروه")

    def in_group() -> list[ChatMessage]:
        return [m for m in bot.chat(STAFF_CHAT) if m.from_bot]

    before = len(in_group())

    for text in ("سلام", "📝 درخواست عضویت", with_prefix("461"), "رضا"):
        await member.settle(member.push_text(text, chat_id=STAFF_CHAT))
    assert len(in_group()) == before  # people talking among themselves: no answer at all
    await member.settle(member.push_text("/start", chat_id=STAFF_CHAT))
    assert len(in_group()) == before + 1
    assert "گفت‌وگوی خصوصی" in in_group()[-1].body and "منوی اصلی" not in in_group()[-1].body
    assert member.messages() == []  # nothing in the member's private chat either
    async with harness.app.sessions() as session:
        assert await people.find_applicants(session, national_code=with_prefix("461")) == []
        user = await people.find_user(session, platform, 8801)
        assert user is not None and user.position is None  # no dialog was opened

    # a member in the middle of their own application: what they write in the group is not an answer
    await flows.identity(member, with_prefix("461"))  # in their private chat: now at the province
    await member.settle(member.push_text("تهران", chat_id=STAFF_CHAT))
    async with harness.app.sessions() as session:
        applicant = (await people.find_applicants(session, mobile="09123456789"))[0]
        case = (await cases.cases_of_applicant(session, applicant.id))[0]
        assert (await cases.answers(session, case.id)).get("personal", {}) == {}  # "تهران" was not an answer
    assert len(in_group()) == before + 1
    await expect(member, await member.press("تهران"), "دفتر نمایندگی")  # the private dialog goes on


async def test_in_the_staff_group_staff_buttons_work_and_forged_ones_are_answered(harness: Harness) -> None:
    applicant = harness.user("telegram", 8802)
    await flows.full_application(applicant)
    await harness.app.notifier.drain()
    reviewer = harness.user("telegram", 9970, "کارشناس")
    stranger = harness.user("telegram", 9971, "غریبه")
    await grant(harness, "telegram", 9970, Role.REVIEWER, "کارشناس ج")
    await press_in_staff_chat(harness, stranger, "telegram", "برداشتن پرونده")
    assert "اجازه این کار را ندارید" in alerts(harness, "telegram")[-1]
    await press_in_staff_chat(harness, reviewer, "telegram", "برداشتن پرونده")
    assert "در دست بررسی" in applicant.last().body

    # an applicant's button forged onto a message of the staff chat: answered, nothing happens
    staff_message = harness.bot("telegram").chat(STAFF_CHAT)[-1]
    for data in ("f:v:identity:0:gender:female", "g:add:education:degrees:0", "a:submit:membership:", "zzz"):
        await stranger.settle(stranger.push_callback(staff_message, data))
        assert "دیگر معتبر نیست" in alerts(harness, "telegram")[-1]
