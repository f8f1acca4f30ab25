"""The applicant's path, polished (issue 29, the flow half): honest counters, both sides of a card,
the builder license's own declaration, the menu after submitting, answered questions without their
buttons, deep links."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

import pytest
from sqlalchemy import select

from bot.emulator import ChatMessage, EmulatedBot, FakeUser
from conversations.kit.parsers import postal_code_at_end
from storage.models import Case
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.factories import with_prefix

PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
COUNTER = re.compile(r"^(.+?) — پرسش ([۰-۹]+) از ([۰-۹]+)", re.MULTILINE)


def counters(harness: Harness, user: FakeUser) -> dict[str, list[tuple[int, int]]]:
    """Every "question n of total" the user is shown from now on, by form, in order (as sent: an
    answered question is edited afterwards)."""
    seen: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def listen(bot: EmulatedBot, message: ChatMessage) -> None:
        if message.from_bot and message.chat_id == user.chat_id:
            for form, n, total in COUNTER.findall(message.body):
                seen[form].append((int(n.translate(PERSIAN)), int(total.translate(PERSIAN))))

    harness.emulator.listeners.append(listen)
    return seen


def assert_honest(seen: dict[str, list[tuple[int, int]]]) -> None:
    """In each form: one total from the first question on, and numbers that go up by one at most."""
    for form, shown in seen.items():
        totals = {total for _, total in shown}
        assert len(totals) == 1, (form, shown)
        numbers = [n for n, _ in shown]
        assert numbers[0] == 1, (form, shown)
        assert all(b - a in (0, 1) for a, b in itertools.pairwise(numbers)), (form, shown)
        assert numbers[-1] == totals.pop(), (form, shown)


async def test_the_counters_never_grow_nor_skip_through_the_builder_license(harness: Harness) -> None:
    user = harness.user("telegram", 9401)
    seen = counters(harness, user)
    sent = everything_sent(harness, user)
    await flows.license_gate(user, with_prefix("461"))
    await flows.license_sections(user)
    # the preliminary score: each worksheet's total, and the grade no total can reach, with why
    preview = next(text for text in sent if "امتیاز مقدماتی" in text)
    for worksheet in "۳۴۵":
        assert f"جمع کاربرگ {worksheet}:" in preview, preview
    assert "پایه ۱ با جدول‌های فعلی دست‌نیافتنی است: حداقل ۷۰ امتیاز لازم دارد و بیشترین جمع ممکن ۶۳ است" in preview
    assert "کاربرگ ۵ — توان مالی" in seen and "کاربرگ ۱ — درخواست" in " ".join(seen), seen.keys()
    assert_honest(seen)


async def test_the_counters_of_membership_are_honest(harness: Harness) -> None:
    user = harness.user("telegram", 9402)
    seen = counters(harness, user)
    await flows.full_application(user)
    assert_honest(seen)


def everything_sent(harness: Harness, user: FakeUser) -> list[str]:
    """The bodies of the bot's messages to ``user`` from now on, as sent."""
    sent: list[str] = []

    def listen(bot: EmulatedBot, message: ChatMessage) -> None:
        if message.from_bot and message.chat_id == user.chat_id:
            sent.append(message.body)

    harness.emulator.listeners.append(listen)
    return sent


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_the_builder_license_shows_its_own_declaration_not_the_membership_rules(
    harness: Harness, platform: str
) -> None:
    user = harness.user(platform, 9403)
    sent = everything_sent(harness, user)
    await flows.license_gate(user, with_prefix("461"))
    text = "\n".join(sent)
    assert "قوانین و مقررات عضویت" not in text and "قوانین را خواندم" not in text
    assert "خوداظهاری متقاضی پروانه اشتغال مجری حقیقی" in text and "اقرار می‌نمایم" in text
    await flows.worksheet1(user)
    # worksheet 2 does not ask the declaration again, and counts from one without it
    assert "کاربرگ ۲ — خوداظهاری — پرسش ۱ از" in user.last().body
    await flows.expect(user, [user.last()], "وضعیت اشتغال")


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_deep_links_open_an_application_a_status_and_the_question_where_one_is(
    harness: Harness, platform: str
) -> None:
    newcomer = harness.user(platform, 9404)
    await flows.expect(newcomer, await newcomer.send("/start apply_license"), "خوش آمدید", "شماره همراه")
    other = harness.user(platform, 9405)
    await flows.expect(other, await other.send("/start apply_membership"), "شماره همراه")
    await flows.expect(other, await other.send("/start apply_nothing"), "این پیوند شناخته نشد", "منوی اصلی")

    applicant = harness.user(platform, 9406)
    await flows.identity(applicant, with_prefix("461"))
    await applicant.send("/menu")
    await flows.expect(applicant, await applicant.send("/start resume"), "استان مورد تقاضای عضویت")
    await flows.personal(applicant)
    await flows.education(applicant)
    await flows.family(applicant)
    await flows.documents(applicant)
    code = await flows.submit(applicant)
    # the menu after submitting: the file's status and the cartable, not the application's start
    menu = await applicant.wait_for("منوی اصلی")
    labels = [b.get("text", "") for b in menu.reply_buttons()]
    assert flows.MEMBERSHIP not in labels and "🗂 کارتابل" in labels, labels
    assert "درخواست عضویت — پرونده" in menu.body and "در انتظار بررسی" in menu.body, menu.body
    replies = await applicant.send(flows.MEMBERSHIP)  # typed anyway: said at once, no rules again
    await flows.expect(applicant, replies, "در انتظار بررسی")
    assert "قوانین و مقررات" not in flows.bodies(replies)
    replies = await applicant.send(f"/start status_{code.strip(chr(0x200E))}")
    await flows.expect(applicant, replies, "در انتظار بررسی", "منوی اصلی")
    # someone else's tracking code is answered as an unknown one
    # someone else's tracking code tells nothing: an account with no files is told how to link one,
    # whatever the code; one with files, "not found"
    not_linked = harness.app.i18n("fa")("status-not-linked")
    await flows.expect(other, await other.send(f"/start status_{code.strip(chr(0x200E))}"), not_linked)
    await flows.expect(other, await other.send("/start status_ABCD-12345"), not_linked)
    stranger = harness.user(platform, 9413)
    await flows.identity(stranger, with_prefix("461"))
    await flows.expect(stranger, await stranger.send(f"/start status_{code.strip(chr(0x200E))}"), "پیدا نشد")


async def test_the_license_link_asks_a_non_member_and_continues_a_member_from_before_the_bot(harness: Harness) -> None:
    """/start apply_license: someone the bot does not know as a member is asked whether they are one
    (with the reason); a member from before the bot (a license file begun) is taken to their question."""
    t = harness.app.i18n("fa")
    user = harness.user("telegram", 9411)
    await flows.identity(user, with_prefix("461"))  # a membership draft begun: not a member yet
    replies = await user.send("/start apply_license")
    await flows.expect(user, replies, t("license-gate-question").split("\n")[0], t("btn-gate-yes"), t("btn-gate-no"))
    await flows.expect(user, await user.press(t("btn-gate-no")), t("license-gate-refused").split("؛")[0])
    member = harness.user("telegram", 9412)
    await flows.license_gate(member, with_prefix("461"))
    await flows.expect(member, await member.send("۱۲-۳۴۵۶"), "رشته")
    await member.send("/menu")
    await flows.expect(member, await member.send("/start apply_license"), "رشته")


async def test_status_link_of_a_file_made_on_the_other_messenger(harness: Harness) -> None:
    """The same person on Bale follows the status link of the file they made on Telegram: told
    how to see it here (the same mobile and national code), not "not found"; once linked, its status."""
    t = harness.app.i18n("fa")
    national_code = with_prefix("461")
    code = (await flows.full_application(harness.user("telegram", 9410), national_code)).strip("\u200e")
    bale = harness.user("bale", 9410)
    replies = await bale.send(f"/start status_{code}")
    await flows.expect(bale, replies, t("status-not-linked"), "منوی اصلی")
    assert t("status-not-found") not in flows.bodies(replies) and "در انتظار بررسی" not in flows.bodies(replies)
    # a code that is nobody's reads the same to an account with no files: it tells nothing of whose it is
    assert t("status-not-linked") in flows.bodies(await bale.send("/start status_ABCD-12345"))
    await bale.send(flows.MEMBERSHIP)
    await bale.share_contact("+98 912 345 6789")
    await flows.expect(bale, await bale.send(national_code), "📋 اطلاعات هویتی", "کریمی")  # linked: their identity
    await flows.expect(bale, await bale.press(t("btn-confirm-continue")), "در انتظار بررسی")  # and their file
    await flows.expect(bale, await bale.send(f"/start status_{code}"), "در انتظار بررسی", "منوی اصلی")


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_question_answered_by_typing_loses_its_buttons(harness: Harness, platform: str) -> None:
    user = harness.user(platform, 9407)
    await user.send("/start")
    await user.send(flows.MEMBERSHIP)
    await user.share_contact("+98 912 345 6789")
    question = next(m for m in reversed(user.messages()) if "کد ملی" in m.body and m.inline_buttons())
    await flows.expect(user, await user.send("123"), "کد ملی")  # refused: the question again, with buttons
    asked_again = user.last()
    assert asked_again.inline_buttons()
    await flows.expect(user, await user.send(with_prefix("461")), "نام خود را")
    shown = {m.message_id: m for m in user.messages()}
    assert shown[question.message_id].inline_buttons() == [], shown[question.message_id]
    assert shown[asked_again.message_id].inline_buttons() == []
    assert user.last().inline_buttons()  # the question now asked keeps its own
    assert harness.bot(platform).errors == []


async def test_a_member_from_before_the_bot_is_shown_their_membership_not_the_application(harness: Harness) -> None:
    """Known to the bot as a member from before it (the membership number of their builder-license
    application): the menu shows their membership, not «درخواست عضویت»; asking for it (the entry, a
    deep link) says what is true for them — the number, the license file, where dues are paid —
    and shows no rules and begins nothing."""
    t = harness.app.i18n("fa")
    user = harness.user("telegram", 9409)
    await flows.license_gate(user, with_prefix("461"))
    await flows.expect(user, await user.send("۱۲-۳۴۵۶"), "رشته")
    menu = (await user.send("/menu"))[-1]
    labels = [b.get("text", "") for b in menu.reply_buttons()]
    assert flows.MEMBERSHIP not in labels and t("menu-membership-done") in labels, labels
    assert t("menu-license-continue") in labels, labels
    for asked in (t("menu-membership-done"), "/start apply_membership", "/start apply_dues"):
        replies = await user.send(asked)
        await flows.expect(user, replies, "پیش از این بات عضو سازمان", "۱۲-۳۴۵۶", t("status-draft"), "منوی اصلی")
        assert "قوانین و مقررات" not in flows.bodies(replies)
        assert t("dues-gate-refused") not in flows.bodies(replies)  # dues: not "become a member first"
    async with harness.app.sessions() as session:
        kinds = (await session.scalars(select(Case.kind))).all()
    assert kinds == ["builder_license"], kinds  # no membership file was begun
    # the builder license goes on where it was
    await flows.expect(user, await user.send(t("menu-license-continue")), "رشته")


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_an_answered_question_loses_its_buttons_after_a_restart(harness: Harness, platform: str) -> None:
    """The question is asked by one process and answered by typing to the next (a restart, or
    another replica): its buttons still go; and a message that has lost them is not edited again."""
    user = harness.user(platform, 9408)
    await user.send("/start")
    await user.send(flows.MEMBERSHIP)
    await user.share_contact("+98 912 345 6789")
    question = user.last()
    assert "کد ملی" in question.body and question.inline_buttons(), question.body
    await harness.stop()  # the process that asked, and what it held in memory, are gone
    await harness.start()
    await flows.expect(user, await user.send(with_prefix("461")), "نام خود را")
    shown = {m.message_id: m for m in user.messages()}
    assert shown[question.message_id].inline_buttons() == [], shown[question.message_id]
    asked = user.last()
    assert asked.inline_buttons()
    # answered by typing again, after another restart: that one loses them too, each edited once
    await harness.stop()
    await harness.start()
    await flows.expect(user, await user.send("رضا"), "نام خانوادگی")
    shown = {m.message_id: m for m in user.messages()}
    assert shown[asked.message_id].inline_buttons() == []
    await user.send("/menu")  # no question asked: nothing to take buttons off
    edits = [int(p["message_id"]) for m, p in harness.bot(platform).calls if m == "editMessageReplyMarkup"]
    assert [e for e in edits if e >= question.message_id] == [question.message_id, asked.message_id], edits
    assert harness.bot(platform).errors == []


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("شهرکرد، کوچه ۱۲، پلاک ۴، کد پستی ۸۸۱۵۸۱۳۳۴۴", ("شهرکرد، کوچه ۱۲، پلاک ۴", "8815813344")),
        ("شهرکرد، پلاک ۴ 8815813344", ("شهرکرد، پلاک ۴", "8815813344")),
        ("Shahrekord, No. 4, postal code 88158-13344", ("Shahrekord, No. 4", "8815813344")),
        ("شهرکرد، کوچه ۱۲، پلاک ۴", None),  # no code: the postal question follows
        ("شهرکرد، پلاک ۴ 1234567890", None),  # not a postal code (a 2 in its first five): asked
        ("8815813344", None),  # a code and no address: the address is still to be typed
    ],
)
def test_a_postal_code_at_the_end_of_an_address_is_taken_apart(typed: str, split: tuple[str, str] | None) -> None:
    assert postal_code_at_end(typed) == split


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_summary_left_by_its_confirm_button_loses_its_edit_buttons(harness: Harness, platform: str) -> None:
    """The identity summary's «تایید و ادامه» goes on; its "edit" buttons no longer hold, so they go
    (issue 29 item 8: no button left that then answers "no longer valid")."""
    t = harness.app.i18n("fa")
    user = harness.user(platform, 9410)
    await flows.identity(user, with_prefix("461"))
    summary = next(m for m in user.messages() if m.body.startswith("📋"))
    assert summary.inline_buttons() == [], [b["text"] for b in summary.inline_buttons()]
    with_buttons = [m for m in user.messages() if m.inline_buttons()]
    assert len(with_buttons) == 1 and t("q-province") in with_buttons[0].body  # only the question asked
    assert harness.bot(platform).errors == []
