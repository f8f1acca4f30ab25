"""Which province a typed name means (issue 29): letter variants, spacing, part of the name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import provinces
from scoring.matching import NameMatch, match_name, search_key

OPTIONS = [(p.iso, (p.fa, p.en)) for p in provinces()]
ISO = {p.fa: p.iso for p in provinces()}


@pytest.mark.parametrize(
    ("typed", "province"),
    [
        ("چهارمحال", "چهارمحال و بختیاری"),
        ("چهار محال بختياري", "چهارمحال و بختیاری"),  # Arabic yeh, a space for none, no «و»
        ("بختیاری", "چهارمحال و بختیاری"),  # a part from its middle
        ("يزد", "یزد"),
        ("كرمان", "کرمان"),  # itself, though Kermanshah begins with it
        ("كرمانشاه", "کرمانشاه"),
        ("اذربایجان شرقی", "آذربایجان شرقی"),  # alef without madda
        ("کهگیلویه‌وبویراحمد", "کهگیلویه و بویراحمد"),
        ("تِهران", "تهران"),  # a diacritic
        ("Tehran", "تهران"),
        ("  خراسان   رضوی ", "خراسان رضوی"),
    ],
)
def test_one_province(typed: str, province: str) -> None:
    assert match_name(typed, OPTIONS) == NameMatch(found=ISO[province])


@pytest.mark.parametrize(
    ("typed", "province"),
    [
        ("TEHRAN", "تهران"),
        ("  tehran\u200c ", "تهران"),
        ("kohgiluyeh boyer ahmad", "کهگیلویه و بویراحمد"),  # no hyphen, no "and"
        ("Chaharmahal & Bakhtiari", "چهارمحال و بختیاری"),
        ("sistan", "سیستان و بلوچستان"),
        ("kerman", "کرمان"),  # itself, though Kermanshah begins with it
    ],
)
def test_a_latin_name_in_any_case_and_spacing(typed: str, province: str) -> None:
    """Issue 29: a Persian reader may type the English name (and an English reader the Persian
    one): every language's name counts, its case and spacing folded."""
    assert match_name(typed, OPTIONS) == NameMatch(found=ISO[province])
    assert match_name(typed, [(iso, (fa,)) for iso, (fa, _) in OPTIONS]) == NameMatch()  # not by Persian names


def test_a_latin_near_spelling_or_part_is_offered() -> None:
    assert match_name("Esfahan", OPTIONS) == NameMatch(candidates=(ISO["اصفهان"],))
    found = match_name("AZERBAIJAN", OPTIONS)
    assert sorted(found.candidates) == sorted(ISO[p] for p in ("آذربایجان شرقی", "آذربایجان غربی"))


@pytest.mark.parametrize(
    ("typed", "provinces_meant"),
    [
        ("آذربايجان", ("آذربایجان شرقی", "آذربایجان غربی")),
        ("خراسان", ("خراسان رضوی", "خراسان شمالی", "خراسان جنوبی")),
        ("اصفحان", ("اصفهان",)),  # one letter off: offered, never taken
    ],
)
def test_did_you_mean(typed: str, provinces_meant: tuple[str, ...]) -> None:
    found = match_name(typed, OPTIONS)
    assert found.found is None
    assert sorted(found.candidates) == sorted(ISO[p] for p in provinces_meant)


def test_a_number_is_never_a_near_spelling() -> None:
    grades = [("3", ("پایه ۳",)), ("2", ("پایه ۲",)), ("1", ("پایه ۱",))]
    assert match_name("پایه 7", grades) == NameMatch()
    assert match_name("پايه 2", grades) == NameMatch(found="2")


def test_nothing_or_too_much() -> None:
    assert match_name("لندن", OPTIONS) == NameMatch()
    assert match_name("", OPTIONS) == NameMatch()
    assert match_name("⭐", OPTIONS) == NameMatch()
    assert match_name("ان", OPTIONS).too_many


@given(st.sampled_from(list(provinces())), st.sampled_from(["", " ", "\u200c"]), st.booleans())
def test_every_province_by_its_own_name_in_any_spelling(province: object, gap: str, arabic: bool) -> None:
    name = province.fa.replace(" و ", " ").replace(" ", gap or " ")  # type: ignore[attr-defined]
    if arabic:
        name = name.replace("ی", "ي").replace("ک", "ك")
    assert match_name(name, OPTIONS).found == province.iso  # type: ignore[attr-defined]


def test_search_key_drops_what_is_not_a_letter() -> None:
    assert search_key("⭐ چهارمحال\u200cو بختیاری (پیشنهاد)") == search_key("چهارمحالوبختیاریپیشنهاد")
