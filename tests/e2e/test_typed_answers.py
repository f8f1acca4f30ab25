"""Issue 29 (texts): a province typed instead of pressed — with Arabic yeh and kaf, spaces for the
ZWNJ, part of the name — "did you mean" when it fits several, a reason when it fits none; the
birth-certificate number refused with its reason when it is not one."""

from __future__ import annotations

from sqlalchemy import select

from bot.emulator import ChatMessage, FakeUser
from conversations.kit.i18n import I18n
from storage.models import CaseAnswer
from tests.e2e.conftest import Harness
from tests.e2e.flows import MEMBERSHIP, bodies, expect
from tests.factories import with_prefix

t = I18n()("fa")


def last_buttons(replies: list[ChatMessage]) -> list[str]:
    return [b["text"] for b in replies[-1].inline_buttons()]


async def test_a_province_typed_with_arabic_letters_and_part_of_its_name(harness: Harness) -> None:
    user: FakeUser = harness.user("telegram", 2901)
    await user.send("/start")
    await user.send(MEMBERSHIP)
    await user.share_contact("+98 912 345 6789")
    await user.send(with_prefix("461"))
    for answer in ("رضا", "کریمی", "محمد"):
        await user.send(answer)
    # issue 29 item 9: a date is not a birth certificate number; the reason, the question again
    replies = await user.send("1403/13/40")
    await expect(user, replies, t("invalid-birth-certificate-digits"), t("q-birth_certificate_number"))
    replies = await user.send("12345678901")
    await expect(user, replies, t("invalid-birth-certificate-length", max=10, length=11))
    await expect(user, await user.send("۱۲۳۴۵"), t("q-birth_date"))
    await user.send("۱۳۷۰/۰۶/۳۱")
    await user.press("مرد")
    await user.press(t("btn-confirm-continue"))
    replies = await user.press(t("btn-accept-rules"))
    # a long list says its names can be typed
    await expect(user, replies, t("q-province"), t("choice-type-hint"))

    # Arabic yeh (ي), a space where the name has none, no «و»: still the one province
    await expect(user, await user.send("چهار محال بختياري"), t("q-office"))
    await user.press("(نمونه) دفتر نمایندگی شهرکرد")
    # birth province: a name that is no province → the reason and the question again, every button
    replies = await user.send("لندن")
    await expect(user, replies, t("choice-not-found", typed="لندن"), t("q-birth_province", suggestions=0).split(".")[0])
    assert len(last_buttons(replies)) > 8
    # part of two provinces' names → "did you mean", with those two only (and the question's controls)
    replies = await user.send("آذربايجان")
    await expect(user, replies, t("choice-did-you-mean", typed="آذربایجان"))
    offered = [b for b in last_buttons(replies) if "آذربایجان" in b]
    assert sorted(offered) == ["آذربایجان شرقی", "آذربایجان غربی"], bodies(replies)
    assert not [b for b in last_buttons(replies) if "تهران" in b]
    # one letter too few: many names → asked for more
    await expect(user, await user.send("ان"), t("choice-type-more", typed="ان"))
    # Arabic kaf (ك): Kerman itself, not Kermanshah whose name begins with it
    await expect(user, await user.send("كرمان"), t("q-residence_address"))
    # what was taken, as the file holds it: the province, and Kerman as the birth province
    shown = bodies(user.messages())
    assert "چهارمحال و بختیاری" in shown and "کرمانشاه" not in shown, shown


async def test_did_you_mean_buttons_answer_the_question(harness: Harness) -> None:
    user: FakeUser = harness.user("bale", 2902)
    await user.send("/start")
    await user.send(MEMBERSHIP)
    await user.share_contact("+98 912 345 6789")
    await user.send(with_prefix("461"))
    for answer in ("رضا", "کریمی", "محمد", "۱۲۳۴۵", "۱۳۷۰/۰۶/۳۱"):
        await user.send(answer)
    await user.press("مرد")
    await user.press(t("btn-confirm-continue"))
    await user.press(t("btn-accept-rules"))
    replies = await user.send("خراسان")
    assert sorted(b for b in last_buttons(replies) if "خراسان" in b) == [
        "خراسان جنوبی",
        "خراسان رضوی",
        "خراسان شمالی",
    ]
    # a province without an office: "no preference" is the only answer, given for the applicant (issue 29)
    await expect(user, await user.press("خراسان رضوی"), "ترجیحی ندارم", "استان محل تولد خود را")


async def test_a_province_typed_in_the_other_language_is_taken_and_answered_in_the_readers(harness: Harness) -> None:
    """«Tehran» typed by a Persian reader, «تهران» by an English one: the province either way, with
    Latin case and spacing folded; the buttons and replies stay in the reader's language."""
    en = I18n()("en")
    user: FakeUser = harness.user("telegram", 2903)
    await user.send("/start")
    await user.send(MEMBERSHIP)
    await user.share_contact("+98 912 345 6789")
    await user.send(with_prefix("461"))
    for answer in ("رضا", "کریمی", "محمد", "۱۲۳۴۵", "۱۳۷۰/۰۶/۳۱"):
        await user.send(answer)
    await user.press("مرد")
    await user.press(t("btn-confirm-continue"))
    await user.press(t("btn-accept-rules"))
    await expect(user, await user.send("  CHAHARMAHAL and bakhtiari "), t("q-office"))
    await user.press("(نمونه) دفتر نمایندگی شهرکرد")
    # an English name typed in part: "did you mean" with the Persian names on the buttons
    replies = await user.send("khorasan")
    await expect(user, replies, t("choice-did-you-mean", typed="khorasan"))
    assert sorted(b for b in last_buttons(replies) if "خراسان" in b) == ["خراسان جنوبی", "خراسان رضوی", "خراسان شمالی"]
    assert not [b for b in last_buttons(replies) if "Khorasan" in b]
    await expect(user, await user.send("Tehran"), t("q-residence_address"))
    async with harness.app.sessions() as session:
        rows = (await session.execute(select(CaseAnswer.name, CaseAnswer.value))).all()
        taken: dict[str, object] = dict(rows)
    assert (taken["province"], taken["birth_province"]) == ("IR-14", "IR-23"), taken

    reader = harness.emulator.user(user.bot.token, 2904, "Reza", "en")
    await reader.send("/start")
    await reader.send("/lang")
    await reader.send(en("menu-membership"))
    await reader.share_contact("+98 912 345 6790")
    await reader.send(with_prefix("461"))
    for answer in ("Reza", "Karimi", "Mohammad", "12345", "1370/06/31"):
        await reader.send(answer)
    await reader.press("Male")
    await reader.press(en("btn-confirm-continue"))
    await reader.press(en("btn-accept-rules"))
    await expect(reader, await reader.send("چهارمحال و بختياري"), en("q-office"))
