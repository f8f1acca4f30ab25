"""Finance refuses a payment slip with a reason (issue 23, item 5), end to end on both messengers:
a membership approved, the applicant's slip refused by finance with the reason, the applicant told
(the reason, and the button to send another), a new slip, confirmed; the file's history — the
applicant's and the staff's — shows both slips and the refusal with its reason. The same for the
builder license's fee slip, which comes with the application and is checked while under review."""

from __future__ import annotations

import pytest

from storage import cases
from storage.workflow import Action, Role, history
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import alerts, approved_file, grant, press_in_staff_chat
from tests.e2e.test_license_review import submitted_license
from tests.images import jpeg_bytes, photo

REASON = "مبلغ فیش ۲٬۰۰۰٬۰۰۰ ریال است، نه ۲٬۵۰۰٬۰۰۰."


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_membership_slip_refused_with_a_reason_then_a_new_one_confirmed(
    harness: Harness, platform: str
) -> None:
    t = harness.app.i18n("fa")
    applicant = harness.user(platform, 7501)
    tracking = await approved_file(harness, platform, applicant)
    await harness.app.notifier.drain()
    await expect(applicant, await applicant.press("ارسال فیش واریزی"), "تصویر فیش واریزی")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=61))), "دریافت شد")
    await harness.app.notifier.drain()
    first = harness.bot(platform).chat(STAFF_CHAT)[-1]
    assert first.photo is not None and t("btn-staff-refuse-slip") in [b["text"] for b in first.inline_buttons()]

    finance = harness.user(platform, 9902, "مالی")
    await grant(harness, platform, 9902, Role.FINANCE, "مریم کاظمی")
    await finance.send("/start")
    reviewer = harness.user(platform, 9900, "کارشناس")
    await press_in_staff_chat(harness, reviewer, platform, t("btn-staff-refuse-slip"))  # not finance's
    assert "اجازه" in alerts(harness, platform)[-1]
    await press_in_staff_chat(harness, finance, platform, t("btn-staff-refuse-slip"))
    await expect(finance, [finance.last()], "چرا این فیش پذیرفته نمی‌شود")
    await expect(finance, await finance.send("  "), "چرا این فیش پذیرفته نمی‌شود")  # no reason: asked again
    await expect(finance, await finance.send(REASON), "ثبت شد")
    await harness.app.notifier.drain()
    told = applicant.last()
    await expect(applicant, [told], "پذیرفته نشد", REASON)
    assert any("ارسال فیش واریزی" in b["text"] for b in told.inline_buttons())  # and how to send another

    # the file still waits for payment: "payment received" is not pressed on a refused slip
    await expect(applicant, await applicant.press("ارسال فیش واریزی"), "تصویر فیش واریزی")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=62))), "دریافت شد")
    await harness.app.notifier.drain()
    await press_in_staff_chat(harness, finance, platform, "پرداخت دریافت شد")
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "عضویت تکمیل شد")

    await applicant.send("🗂 کارتابل")
    text = bodies(await applicant.press("جزئیات فرآیند"))
    assert text.count("فیش واریزی ارسال شد") == 2, text
    refusal = text.index("فیش واریزی پذیرفته نشد")
    assert text.index("فیش واریزی ارسال شد") < refusal < text.rindex("فیش واریزی ارسال شد"), text
    assert REASON in text, text

    async with harness.app.sessions() as session:
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None and case.status == "member"
        events = await history(session, case.id)
    actions = [e.action for e in events]
    assert actions.count(Action.PAYMENT_SLIP) == 2
    refused = [e for e in events if e.action == "refuse_payment"]
    assert len(refused) == 1 and REASON in (refused[0].note or "")
    assert actions.index("refuse_payment") < len(actions) - 1 - actions[::-1].index(Action.PAYMENT_SLIP)
    assert harness.bot(platform).errors == []


async def test_a_license_fee_slip_refused_with_a_reason_then_a_new_one_accepted(harness: Harness) -> None:
    """The builder license's fee is paid before applying, its slip among the documents (seed 003,
    checklist 4): finance refuses it with the reason while the file is under review, the applicant
    sends another through the same "send the slip" button, finance accepts it; the history shows
    both slips and the refusal."""
    platform = "telegram"
    t = harness.app.i18n("fa")
    applicant, tracking = await submitted_license(harness, platform, 7502)
    finance = harness.user(platform, 9902, "مالی")
    await grant(harness, platform, 9902, Role.FINANCE, "مریم کاظمی")
    await finance.send("/start")
    await press_in_staff_chat(harness, finance, platform, t("btn-staff-refuse-slip"))
    await expect(finance, [finance.last()], "چرا این فیش پذیرفته نمی‌شود")
    await expect(finance, await finance.send("فیش ناخواناست."), "ثبت شد")
    await harness.app.notifier.drain()
    told = applicant.last()
    await expect(applicant, [told], "پذیرفته نشد", "فیش ناخواناست.", "ارسال فیش واریزی")
    await press_in_staff_chat(harness, finance, platform, t("btn-staff-slip-accepted"))  # no new slip yet
    assert "هنوز فیش تازه‌ای نفرستاده" in alerts(harness, platform)[-1]

    await expect(applicant, await applicant.press("ارسال فیش واریزی"), "تصویر فیش واریزی")
    await expect(applicant, await applicant.send_photo(jpeg_bytes(photo(seed=63))), "دریافت شد")
    await harness.app.notifier.drain()
    slip = harness.bot(platform).chat(STAFF_CHAT)[-1]
    assert slip.photo is not None and tracking in slip.body
    await press_in_staff_chat(harness, finance, platform, t("btn-staff-slip-accepted"))
    await harness.app.notifier.drain()
    await expect(applicant, [applicant.last()], "از سوی واحد مالی پذیرفته شد")
    await press_in_staff_chat(harness, finance, platform, t("btn-staff-slip-accepted"))  # twice: nothing more
    assert "پیش‌تر پذیرفته شده" in alerts(harness, platform)[-1]

    async with harness.app.sessions() as session:
        case = await cases.get_case_by_tracking_code(session, tracking)
        assert case is not None and case.status == "submitted"  # the file goes on as it was
        events = await history(session, case.id)
    actions = [e.action for e in events]
    assert actions.count(Action.REFUSE_PAYMENT) == 1 and actions.count(Action.CONFIRM_PAYMENT) == 1
    assert (
        actions.index(Action.REFUSE_PAYMENT)
        < actions.index(Action.PAYMENT_SLIP)
        < actions.index(Action.CONFIRM_PAYMENT)
    )
    reviewer = harness.user(platform, 9900, "کارشناس")
    await grant(harness, platform, 9900, Role.REVIEWER, "سارا رحیمی")
    await press_in_staff_chat(harness, reviewer, platform, "برداشتن پرونده")  # review goes on
    # the staff's history of the file (the applicant's begins when the first review ends, spec §5)
    text = bodies(await reviewer.send(f"/case {tracking}"))
    for needle in (t("action-refuse_payment"), "فیش ناخواناست.", t("action-payment_slip"), t("action-confirm_payment")):
        assert needle in text, (needle, text)
    assert harness.bot(platform).errors == []
