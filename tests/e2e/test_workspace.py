"""The staff workspace (issue 23): the staff menu by role, one message per file in the staff chat
with its buttons, documents on demand in private, names instead of ids, reads audited, /find by
name, /queue's filters, and 20 submissions in a minute paced and complete."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from sqlalchemy import update

from bot.emulator import ChatMessage, EmulatedBot, FakeUser
from bot.ratelimit import Limits
from bot.waiting import WaitingDigest
from conversations.kit.i18n import I18n
from conversations.staff.desk import WaitingPolicy
from storage import reads, staff
from storage.models import Case
from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness, until
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import grant, press_in_staff_chat
from tests.factories import with_prefix

t = I18n()("fa")
SUBMIT = "اطلاعات و مدارک صحیح است"  # the membership confirm step's button


def cards(harness: Harness, platform: str, tracking: str) -> list[ChatMessage]:
    return [m for m in harness.bot(platform).chat(STAFF_CHAT) if tracking in m.body]


def labels(message: ChatMessage) -> list[str]:
    return [b["text"] for b in message.inline_buttons()]


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_the_staff_menu_by_role(harness: Harness, platform: str) -> None:
    applicant = harness.user(platform, 7601)
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    reviewer = harness.user(platform, 9920, "سارا")
    finance = harness.user(platform, 9921, "مریم")
    await grant(harness, platform, 9920, Role.REVIEWER, "سارا رحیمی")
    async with harness.app.sessions() as session, session.begin():  # added with no name …
        await staff.grant_role(session, platform, 9921, Role.FINANCE)

    menu = (await reviewer.send("/start"))[-1]
    assert "سارا رحیمی" in menu.body and t("role-reviewer") in menu.body
    desk = t("btn-desk", desk=t("role-reviewer"), n=t.digits(1))
    assert desk in labels(menu)  # the desk with the count waiting there
    assert t("btn-desk-mine", n=t.digits(0)) in labels(menu) and t("btn-desk-find") in labels(menu)
    assert t("btn-desk-stats") in labels(menu) and t("btn-desk-export") not in labels(menu)  # export: admins
    assert not any(t("role-finance") in label for label in labels(menu))  # not their desk
    await expect(reviewer, await reviewer.press(desk), tracking)

    fin_menu = (await finance.send("/menu"))[-1]
    assert "مریم" in fin_menu.body  # … their messenger profile's, recorded when they first act
    assert t("btn-desk", desk=t("role-finance"), n=t.digits(0)) in labels(fin_menu)
    assert not any(t("role-reviewer") in label for label in labels(fin_menu))

    # the applicant's menu stays reachable for staff who are engineers too; an applicant gets only it
    await expect(reviewer, await reviewer.press(t("btn-desk-applicant")), "منوی اصلی")
    assert t("desk-menu", name="x", roles="y").split("—")[0] not in bodies(await applicant.send("/start"))

    bot = harness.bot(platform)
    if platform == "telegram":  # the staff commands in this person's own command list
        listed = [c["command"] for c in bot.chat_commands[reviewer.chat_id]]
        assert {"queue", "case", "find", "stats"} <= set(listed) and "audit" not in listed
        assert applicant.chat_id not in bot.chat_commands
    else:  # Bale has no setMyCommands: the menu's buttons carry them
        assert not bot.chat_commands


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_one_message_per_file_documents_on_demand_names_and_reads_audited(
    harness: Harness, platform: str
) -> None:
    applicant = harness.user(platform, 7602)
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    channel = harness.bot(platform).chat(STAFF_CHAT)
    [card] = cards(harness, platform, tracking)  # the card and its buttons: one message
    assert "درخواست عضویت جدید" in card.body
    assert "برداشتن پرونده" in str(labels(card)) and t("btn-staff-documents") in labels(card)
    assert not any(m.photo or m.media_group_id or m.document for m in channel)  # no photos in the group

    # added by an admin without a name: the name is the messenger profile's, once they act
    admin = harness.user(platform, 9930, "مدیر")
    await grant(harness, platform, 9930, Role.ADMIN, "مدیر سامانه")
    reviewer = harness.user(platform, 9931, "سارا رحیمی")
    await expect(admin, await admin.send("/staff add 9931 reviewer"), "به‌روز")
    await reviewer.send("/start")
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")
    [card] = cards(harness, platform, tracking)  # edited in place: still one message
    assert t("staff-handled", name="سارا رحیمی", status=t("status-in_review")) in card.body
    assert "درخواست عضویت جدید" in card.body and "9931" not in card.body

    # the documents, in the reviewer's private chat as an album and a PDF; never in the group
    before = len(reviewer.messages())
    await press_in_staff_chat(harness, reviewer, platform, t("btn-staff-documents"))
    await until(lambda: any(m.document for m in reviewer.messages()[before:]))
    sent = reviewer.messages()[before:]
    assert len({m.media_group_id for m in sent if m.media_group_id}) == 1  # the photos as one album
    assert any(m.document and tracking in m.body for m in sent)  # the PDF, captioned
    assert not any(m.photo or m.media_group_id or m.document for m in harness.bot(platform).chat(STAFF_CHAT))

    # every read recorded; admins see them in the history and with /audit, others do not
    await reviewer.send(f"/case {tracking}")
    async with harness.app.sessions() as session:
        found = await reads.reads_of(session, card_case_id := await case_id(harness, tracking))
    assert [r.what for r in found] == [reads.Read.DOCUMENTS, reads.Read.CARD] and card_case_id
    assert t("desk-reads-title", code=tracking) not in bodies(reviewer.messages()[-3:])
    audit = bodies(await admin.send(f"/audit {tracking}"))
    assert "سارا رحیمی" in audit and t("desk-read-documents") in audit and t("desk-read-card") in audit
    history = bodies(await admin.send(f"/case {tracking}"))
    assert t("desk-reads-title", code=tracking) in history and "سارا رحیمی" in history
    await expect(admin, await admin.send("/audit"), t("desk-audit-usage"))
    await expect(reviewer, await reviewer.send(f"/audit {tracking}"), "اجازه")  # admins only

    listed = bodies(await admin.send("/staff list"))
    assert "سارا رحیمی (9931): " + t("role-reviewer") in listed


async def case_id(harness: Harness, tracking: str) -> int:
    from storage import cases

    async with harness.app.sessions() as session:
        found = await cases.get_case_by_tracking_code(session, tracking)
    assert found is not None
    return found.id


async def test_find_by_name_code_mobile_and_queue_filters(harness: Harness) -> None:
    applicant = harness.user("telegram", 7603)
    code = with_prefix("462")
    tracking = await flows.full_application(applicant, code)
    await harness.app.notifier.drain()
    reviewer = harness.user("telegram", 9940, "سارا")
    await grant(harness, "telegram", 9940, Role.REVIEWER, "سارا رحیمی")
    await reviewer.send("/start")

    # a name typed with the Arabic ي and ك (and a ZWNJ, spaces) finds «رضا کریمی»
    found = await reviewer.send("/find كريمي")
    await expect(reviewer, found, "رضا کریمی", tracking)
    assert any(tracking.strip("\u200e") in b["text"] for b in found[-1].inline_buttons())  # each file a button
    await expect(reviewer, await reviewer.send("/find رضا \u200cكريمي"), tracking)
    await expect(reviewer, await reviewer.send("/find رضاكريمي"), tracking)
    await expect(reviewer, await reviewer.send(f"/find {tracking.lower()}"), "رضا کریمی", tracking)
    await expect(reviewer, await reviewer.send(f"/find {code}"), tracking)
    await expect(reviewer, await reviewer.send("/find ناشناس"), t("desk-find-none"))
    await expect(reviewer, await reviewer.send("/find ر"), "استفاده: /find")
    # digits that are neither a national code nor a mobile number: the reason, then the usage
    wrong_check = code[:9] + str((int(code[9]) + 1) % 10)
    usage = "استفاده: /find"
    await expect(reviewer, await reviewer.send(f"/find {wrong_check}"), t("invalid-national-code-checksum"), usage)
    await expect(reviewer, await reviewer.send("/find ۱۲۳۴"), t("invalid-national-code-length", length=4), usage)
    await expect(reviewer, await reviewer.send("/find 0912 345 67890"), t("invalid-mobile"), usage)
    # from the menu: "search", then the name
    await reviewer.send("/menu")
    await expect(reviewer, await reviewer.press(t("btn-desk-find")), t("desk-find-ask"))
    replies = await reviewer.send("كريمي")
    await expect(reviewer, replies, tracking)
    card = await reviewer.press(tracking)
    await expect(reviewer, card, "کد رهگیری", "برداشتن پرونده")

    # /queue: "mine" (nothing taken yet, then the taken file), an age, a desk, an office
    await expect(reviewer, await reviewer.send("/queue mine"), t("desk-queue-empty"))
    await press_in_staff_chat(harness, reviewer, "telegram", "برداشتن پرونده")
    await expect(reviewer, await reviewer.send("/queue mine"), tracking, t("desk-queue-mine"))
    await expect(reviewer, await reviewer.send("/queue reviewer 10"), t("desk-queue-empty"))  # not 10 days yet
    await expect(reviewer, await reviewer.send("/queue reviewer ۰"), tracking)
    await expect(reviewer, await reviewer.send("/queue office=999999"), t("desk-queue-empty"))
    await expect(reviewer, await reviewer.send("/queue finance"), t("desk-queue-empty"))
    menu = (await reviewer.send("/menu"))[-1]
    assert t("btn-desk-mine", n=t.digits(1)) in labels(menu)


async def test_twenty_submissions_in_a_minute_paced_and_complete(harness: Harness) -> None:
    """20 applicants at the confirm step press "submit" within a second: the staff chat gets 20
    messages, each a card with its buttons and no photo, spaced by the group's pacing (the
    emulated limits: the same pacing, faster), the last no later than the pacing allows."""
    people: list[FakeUser] = [harness.user("telegram", 7700 + n, f"متقاضی{n}") for n in range(20)]

    async def walk(person: FakeUser) -> None:
        await flows.to_documents(person, with_prefix("461"))
        await flows.documents(person)

    for person in people:
        await walk(person)
    await harness.app.notifier.drain()
    bot = harness.bot("telegram")
    arrived: list[tuple[float, ChatMessage]] = []

    def listen(b: EmulatedBot, message: ChatMessage) -> None:
        if b is bot and message.from_bot and message.chat_id == STAFF_CHAT:
            arrived.append((time.monotonic(), message))

    harness.emulator.listeners.append(listen)
    start = time.monotonic()
    for person in people:  # the presses, not waiting for the answers
        message, found = person.find_button(SUBMIT)
        person.push_callback(message, found["callback_data"])
    pushed = time.monotonic() - start
    await until(lambda: len(arrived) >= 20, within=60)
    await asyncio.sleep(0.5)  # nothing more comes
    assert pushed < 60
    assert len(arrived) == 20  # one message per file
    for _, message in arrived:
        assert "درخواست عضویت جدید" in message.body
        assert "برداشتن پرونده" in str(labels(message)) and t("btn-staff-documents") in labels(message)
        assert not (message.photo or message.media_group_id or message.document)
    group = Limits.emulated().group
    # within the group's limit: the pacing spaces the sends, but one arrival can lag its send by a
    # round trip (tens of ms on a busy machine), so spans of five intervals are judged, not pairs
    times = [when for when, _ in arrived]
    spans = [later - earlier for earlier, later in zip(times, times[5:], strict=False)]
    assert min(spans) >= 5 * group - 0.15, spans
    # the last card as soon as the pacing allows it: 19 intervals after the first, plus slack
    assert arrived[-1][0] - start <= 19 * group + 10


async def test_waiting_too_long_a_daily_digest_once(harness: Harness) -> None:
    """A file past its step's days is named in the staff chat and to the desk's members in private
    (not to another desk's), once a day however many replicas or restarts run the round."""
    applicant = harness.user("telegram", 7604)
    tracking = await flows.full_application(applicant)
    fresh = await flows.full_application(harness.user("telegram", 7605), with_prefix("461"))
    await harness.app.notifier.drain()
    reviewer = harness.user("telegram", 9950, "سارا")
    finance = harness.user("telegram", 9951, "مریم")
    await grant(harness, "telegram", 9950, Role.REVIEWER, "سارا رحیمی")
    await grant(harness, "telegram", 9951, Role.FINANCE, "مریم کاظمی")
    async with harness.app.sessions() as session, session.begin():  # the first file: 10 days in its step
        await session.execute(
            update(Case)
            .where(Case.tracking_code == tracking.strip("\u200e"))
            .values(status_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=10, minutes=1))
        )

    def digest(**options: object) -> WaitingDigest:
        return WaitingDigest(
            harness.app.sessions,
            harness.app.dialogs.desk,
            harness.app.i18n,
            harness.app.outbox,
            {"telegram": STAFF_CHAT},
            WaitingPolicy({"awaiting_payment": 3}, 7),
            **options,  # type: ignore[arg-type]
        )

    now = dt.datetime.now(dt.UTC)
    assert await digest(hour=24).run_once(now) is None  # not yet the hour
    assert await digest(hour=0).run_once(now) == 1
    assert await digest(hour=0).run_once(now + dt.timedelta(seconds=5)) is None  # another replica, a restart
    await harness.app.notifier.drain()
    title = t("waiting-title", n=t.digits(1))
    [posted] = [m for m in harness.bot("telegram").chat(STAFF_CHAT) if title in m.body]
    assert tracking in posted.body and fresh not in posted.body and t.digits(10) in posted.body
    assert any(title in m.body and tracking in m.body for m in reviewer.messages())  # their desk
    assert not any(title in m.body for m in finance.messages())  # not theirs
    assert await digest(hour=0).run_once(now + dt.timedelta(days=1)) == 1  # the next day, again
