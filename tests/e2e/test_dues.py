"""The third application, annual membership dues and the settlement certificate (issue 22): a
member the bot made sees the years they owe, pays by slip, finance refuses the first slip with a
reason, the member sends another, finance confirms, and the certificate arrives as a PDF; the
builder license then asks no settlement sheet of them and answers finance's inquiry from it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from bot.emulator import FakeUser
from conversations.applications.dues.texts import certificate as certificate_printout
from conversations.kit.context import Background
from conversations.kit.outbox import Outbox
from conversations.kit.process import act
from scoring.validators import jalali_year
from storage import builder_license, cases, issued, standing
from storage.builder_license import Inquiry, LicenseAction, LicenseStatus
from storage.models import Case, WorkflowEvent
from storage.workflow import Action, Actor, Role
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import alerts, approved_file, grant, press_in_staff_chat
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo
from tests.storage.helpers import BUILDER_LICENSE, move, new_case

TWO_YEARS_AGO = dt.datetime.now(dt.UTC) - dt.timedelta(days=2 * 366)


async def member(harness: Harness, platform: str, applicant: FakeUser) -> str:
    """A membership the bot made (approved, paid by slip, confirmed), paid two years ago."""
    tracking = await approved_file(harness, platform, applicant)
    await applicant.press("ارسال فیش واریزی")
    await applicant.send_photo(jpeg_bytes(photo(seed=70)))
    await harness.app.notifier.drain()
    finance = harness.user(platform, 9902, "مالی")
    await grant(harness, platform, 9902, Role.FINANCE, "واحد مالی")
    await finance.send("/start")
    await press_in_staff_chat(harness, finance, platform, "پرداخت دریافت شد")
    async with harness.app.sessions() as session, session.begin():
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None and case.status == "member"
        await session.execute(
            update(WorkflowEvent)
            .where(WorkflowEvent.case_id == case.id, WorkflowEvent.action == Action.CONFIRM_PAYMENT.value)
            .values(at=TWO_YEARS_AGO)
        )
    return tracking


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_owed_years_a_refused_slip_a_confirmed_one_and_the_certificate(harness: Harness, platform: str) -> None:
    applicant = harness.user(platform, 7901)
    await member(harness, platform, applicant)
    year = jalali_year()
    owed = [year - 1, year]  # the membership year is paid; the two after it are owed
    t = harness.app.i18n("fa")

    # the member sees the entry, the years owed with their dues, and the total
    await expect(applicant, await applicant.send("/start"), t("menu-dues"))
    replies = await applicant.send(t("menu-dues"))
    await expect(applicant, replies, *(t.digits(y) for y in owed), t.money(3_800_000))
    assert t.digits(year - 2) not in bodies(replies)
    await expect(applicant, await applicant.press(t("btn-accept")), t("form-dues"), t.money(3_800_000))
    await expect(applicant, await applicant.press(flows.SAVE_NEXT), t("dues-confirm-question"))
    replies = await applicant.press(t("btn-dues-submit"))
    await expect(applicant, replies, "کد رهگیری")
    tracking = bodies(replies).split("کد رهگیری:")[1].split()[0]
    await harness.app.notifier.drain()
    await expect(applicant, applicant.messages()[-3:], "۳٬۸۰۰٬۰۰۰", "واریز")  # the fee asked, by slip

    # a slip, refused by finance with a reason; a second one, confirmed
    await expect(applicant, await applicant.press("ارسال فیش واریزی"), "تصویر فیش واریزی")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=81))), "دریافت شد")
    await harness.app.notifier.drain()
    finance = harness.user(platform, 9902, "مالی")
    reviewer = harness.user(platform, 9900, "کارشناس")
    await press_in_staff_chat(harness, reviewer, platform, t("btn-staff-refuse-slip"))  # not finance's
    assert "اجازه" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, finance, platform, t("btn-staff-refuse-slip"))
    await expect(finance, [finance.last()], "چرا این فیش پذیرفته نمی‌شود")
    await expect(finance, await finance.send("مبلغ واریزی ۳٬۰۰۰٬۰۰۰ ریال است، نه ۳٬۸۰۰٬۰۰۰."), "ثبت شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "پذیرفته نشد", "مبلغ واریزی ۳٬۰۰۰٬۰۰۰ ریال است")
    await expect(applicant, await applicant.press("ارسال فیش واریزی"), "تصویر فیش واریزی")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=82))), "دریافت شد")
    await harness.app.notifier.drain()
    await press_in_staff_chat(harness, finance, platform, "پرداخت دریافت شد")
    await harness.app.notifier.drain()
    certificate = await applicant.wait_for(t("dues-certificate-caption", number="").strip())
    assert certificate.document is not None
    assert harness.emulator.files[certificate.document].data.startswith(b"%PDF-")
    await expect(applicant, applicant.messages()[-3:], "تسویه", t.digits(year))

    # what the certificate says, as issued: the years paid, through this one
    async with harness.app.sessions() as session:
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None and case.status == "settled"
        [document] = await issued.of_case(session, case.id, standing.SETTLEMENT_CERTIFICATE)
        found = await standing.standing(session, case.applicant_id)
        file = await cases.case_file(session, case.id, harness.app.services.parts)
    assert document.data["from_year"] == year - 1 and document.data["through_year"] == year
    assert found.dues_through == year and found.membership_number == document.data["membership_number"]
    printout = certificate_printout(t, file, document, harness.app.services.org)  # type: ignore[arg-type]
    words = " ".join(
        [getattr(block, "text", "") for block in printout.blocks]
        + [value for block in printout.blocks for row in getattr(block, "rows", ()) for value in row]
    )
    assert found.membership_number is not None
    for needle in (t.digits(year), t.identifier(found.membership_number), t.digits(document.number)):
        assert needle in words, needle

    # nothing more owed: the menu says so, and asking again says it is settled
    await expect(applicant, await applicant.send("/start"), t("menu-dues-done"))
    await expect(applicant, await applicant.send(t("menu-dues-done")), t.digits(year))
    assert harness.bot(platform).errors == []


async def test_a_member_who_is_not_the_bots_is_sent_to_membership(harness: Harness) -> None:
    applicant = harness.user("telegram", 7902)
    t = harness.app.i18n("fa")
    assert t("menu-dues") not in bodies(await applicant.send("/start"))  # the menu offers it to members only
    await flows.identity(applicant, with_prefix("461"), entry=t("menu-dues"), then="اعضای سازمان")
    await expect(applicant, [applicant.last()], t("btn-dues-gate-membership"))


async def test_the_builder_license_reads_the_settled_dues(harness: Harness) -> None:
    """Finance's inquiry of a member whose dues are settled through this year is answered by the
    system when inquiries begin (its letter issued all the same); anyone else's waits for finance."""
    app = harness.app
    profile = next(iter(app.profiles.values()))
    async with app.sessions() as session, session.begin():
        settled = await new_case(session, BUILDER_LICENSE, user_id=7903)
        other = await new_case(session, BUILDER_LICENSE, user_id=7904)
        membership = await new_case(session, user_id=7903)  # the same person's membership, made by the bot
        await cases.assign_membership_number(session, membership.id, "14-1403-00042")
        await session.execute(update(Case).where(Case.id == membership.id).values(status="member"))
        dues = await new_case(session, "dues", user_id=7903)
        this_year = {"through_year": jalali_year()}
        await issued.issue(session, dues.id, standing.SETTLEMENT_CERTIFICATE, this_year, year=jalali_year())
        for case in (settled, other):
            await move(session, case.id, Action.SUBMIT, Actor.applicant())
            await move(session, case.id, Action.TAKE, Actor(Role.REVIEWER))
    for case in (settled, other):
        recorded: list[tuple[int, int]] = []
        async with app.sessions() as session, session.begin():
            reach = Background(session, Outbox(session, profile.name, app.i18n, recorded), app.services, profile)
            await act(reach, case.id, LicenseAction.ADVANCE, Actor(Role.REVIEWER))
    async with app.sessions() as session:
        answered = await builder_license.letter(session, settled.id, Inquiry.FINANCE)
        waiting = await builder_license.letter(session, other.id, Inquiry.FINANCE)
        status = (await cases.get_case(session, settled.id)).status  # type: ignore[union-attr]
    assert answered is not None and answered.issued and answered.clear and answered.replied_by is None
    assert waiting is None  # finance has not answered the other one
    assert status == LicenseStatus.INQUIRIES  # the two other inquiries still wait
