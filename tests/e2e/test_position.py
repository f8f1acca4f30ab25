"""An answer lands only in the question it was shown for (issue 16.0): a button of another
question, of another item of a list or of an earlier step changes nothing ("no longer valid",
then the question the user is at); a position the database no longer supports — its item
removed, its file submitted meanwhile — gives way to where the database says."""

from __future__ import annotations

from bot.emulator import ChatMessage, FakeUser
from storage import cases, people
from storage.cases import CaseFile
from storage.workflow import Action, Actor
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import expect
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo
from tests.storage.helpers import move

STALE = "دیگر معتبر نیست"


def buttons_of(user: FakeUser, text: str) -> tuple[ChatMessage, dict[str, str]]:
    """The newest message with the button ``text`` (to press it again later, stale)."""
    message, button = user.find_button(text)
    return message, dict(button)


async def press_stale(user: FakeUser, held: tuple[ChatMessage, dict[str, str]]) -> list[ChatMessage]:
    message, button = held
    replies = await user.settle(user.push_callback(message, button["callback_data"]))
    assert STALE in user.bot.callback_answers[-1].get("text", "")
    return replies


async def case_file(harness: Harness, mobile: str = "09123456789") -> CaseFile:
    async with harness.app.sessions() as session:
        applicant = (await people.find_applicants(session, mobile=mobile))[0]
        case = (await cases.cases_of_applicant(session, applicant.id))[0]
        file = await cases.case_file(session, case.id)
    assert file is not None
    return file


async def test_old_buttons_of_other_questions_and_other_items_change_nothing(harness: Harness) -> None:
    user = harness.user("telegram", 8701)
    await user.send("/start")
    await user.send("📝 درخواست عضویت")
    await user.share_contact("+98 912 345 6789")
    await user.send(with_prefix("461"))
    for answer in ("رضا", "کریمی", "محمد", "۱۲۳۴۵", "۱۳۷۰/۰۶/۳۱"):
        await user.send(answer)
    female = buttons_of(user, "زن")  # the gender question's buttons, kept to press later
    await user.press("مرد")
    await user.press("تایید و ادامه")
    accept_rules = buttons_of(user, "قوانین را خواندم")
    await user.press("قوانین را خواندم")
    await flows.personal(user)

    await user.press("افزودن مدرک")
    first_level = buttons_of(user, "کاردانی")  # degree 1's level question
    await user.press("کارشناسی پیوسته")
    await user.press("عمران")
    await expect(user, await user.send("مهندسی عمران"), "دانشگاه")

    # the gender question's "female", the rules' "accept": nothing changes, the question again
    replies = await press_stale(user, female)
    await expect(user, replies, "دانشگاه")
    replies = await press_stale(user, accept_rules)
    await expect(user, replies, "دانشگاه")
    # degree 1's level, while degree 1's university is asked: it is not that question any more
    replies = await press_stale(user, first_level)
    await expect(user, replies, "دانشگاه")
    file = await case_file(harness)
    assert file.applicant.gender == "male"
    assert [d.level for d in file.degrees] == ["bachelor_continuous"]
    assert file.degrees[0].university is None

    # degree 1 done; while degree 2's level is asked, degree 1's level and the list's buttons are stale
    await user.send("دانشگاه شهرکرد")
    await user.send("1392/04/10")
    await user.press("کد استعلام روی مدرک")
    await user.send("ABC-123456")
    await expect(user, await user.send_photo(jpeg_bytes(photo(seed=11))), "کارشناسی پیوسته", "✅")  # the list
    edit_first = buttons_of(user, "ویرایش ۱")  # "edit degree 1" on the list
    await expect(user, await user.press("افزودن مدرک"), "مقطع")
    await expect(user, await press_stale(user, first_level), "مقطع")
    await expect(user, await press_stale(user, edit_first), "مقطع")
    await expect(user, await user.press("کارشناسی ارشد"), "رشته")  # degree 2's own button counts
    file = await case_file(harness)
    assert [(d.level, d.university) for d in file.degrees] == [
        ("bachelor_continuous", "دانشگاه شهرکرد"),
        ("master", None),
    ]


async def test_a_position_the_database_no_longer_supports_gives_way(harness: Harness) -> None:
    user = harness.user("telegram", 8702)
    await flows.to_degree_university(user)
    file = await case_file(harness)
    removed = file.degrees[0].id

    # the degree is removed meanwhile (the same applicant on their other messenger)
    async with harness.app.sessions() as session, session.begin():
        await cases.remove_degree(session, file.case.id, removed)
    replies = await user.send("دانشگاه تهران")
    await expect(user, replies, "تغییر کرده است", "هنوز مدرکی ثبت نشده")  # the list, as it is now
    file = await case_file(harness)
    assert file.degrees == ()  # the answer went nowhere
    assert "دانشگاه تهران" not in str(file.answers)

    # the file is submitted meanwhile: a typed answer is not taken into it
    await user.press("افزودن مدرک")
    async with harness.app.sessions() as session, session.begin():
        await move(session, file.case.id, Action.SUBMIT, Actor.applicant())
    replies = await user.send("کارشناسی")
    await expect(user, replies, "تغییر کرده است")
    file = await case_file(harness)
    assert [d.level for d in file.degrees] == [None]


async def test_the_license_dialog_takes_an_answer_only_at_its_question(harness: Harness) -> None:
    """The builder license runs on the same engine: its gate, a project's question of another
    project, a question removed meanwhile, "add project" delivered twice — nothing lands elsewhere."""
    user = harness.user("bale", 8703)  # Bale: buttons of answered questions stay pressable
    await flows.identity(user, with_prefix("461"), entry=flows.LICENSE, then="آیا عضو سازمان")
    gate_no = buttons_of(user, "خیر")
    await expect(user, await user.press("بله"), "خوداظهاری متقاضی پروانه")
    await expect(user, await press_stale(user, gate_no), "خوداظهاری متقاضی پروانه")  # "not a member" no longer counts
    await expect(user, await user.press(flows.DECLARATION), "شماره عضویت حقیقی")  # "not a member" no longer counts
    await flows.worksheet1(user)
    await flows.worksheet2(user)
    await flows.worksheet3(user)

    add = user.find_button("افزودن پروژه")
    add_project = user.push_callback(add[0], add[1]["callback_data"])
    await expect(user, await user.settle(add_project), "نام پروژه")
    assert await user.redeliver(add_project) == []  # the messenger's second delivery: no second project
    await expect(user, await user.send("برج یک"), "استان")
    province = buttons_of(user, "اصفهان")
    await expect(user, await user.press("اصفهان"), "شهر")
    await expect(user, await press_stale(user, province), "شهر")  # the question before, of the same project
    for answer in ("اصفهان", "1398/02/15", "1399/10/01", "۳۰۰۰", "۵"):
        await user.send(answer)
    first_role = buttons_of(user, "قرارداد اجرای قبلی")  # project 1's "your role on site"
    await user.press("قرارداد اجرای قبلی")
    await user.send("علی محمدی")
    await user.send("09131234567")
    await flows.files(user, jpeg_bytes(photo(seed=71)), then="برج یک")

    await expect(user, await user.press("افزودن پروژه"), "نام پروژه")
    await user.send("برج دو")
    await user.press("اصفهان")
    for answer in ("شهرکرد", "1400/01/10", "1401/05/01", "۸۰۰", "۳"):
        await user.send(answer)
    # project 1's role button, while project 2's role is asked: another item, nothing changes
    await expect(user, await press_stale(user, first_role), "سمت شما در کارگاه")
    file = await case_file(harness)
    assert [(p.name, p.record_type) for p in file.projects] == [("برج یک", "own_contract"), ("برج دو", None)]

    # project 2 is removed meanwhile (the applicant's other messenger): its own button goes nowhere
    async with harness.app.sessions() as session, session.begin():
        await cases.remove_license_project(session, file.case.id, file.projects[1].id)
    await expect(user, await user.press("مسئولیت کارگاهی"), "تغییر کرده است", "برج یک")
    file = await case_file(harness)
    assert [(p.name, p.record_type) for p in file.projects] == [("برج یک", "own_contract")]
    assert harness.bot("bale").errors == []
