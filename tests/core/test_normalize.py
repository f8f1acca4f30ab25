from hypothesis import given
from hypothesis import strategies as st

from scoring import normalize_digits, normalize_text

ZWNJ = "\u200c"


def test_persian_and_arabic_digits_become_ascii() -> None:
    assert normalize_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize_digits("کد ۱۲۳ و ٤٥٦ و 789") == "کد 123 و 456 و 789"


def test_arabic_letters_become_persian() -> None:
    assert normalize_text("علي") == "علی"
    assert normalize_text("موسى") == "موسی"
    assert normalize_text("كريمي") == "کریمی"


def test_tatweel_bidi_marks_and_bom_are_removed() -> None:
    assert normalize_text("\ufeffمحـــمد\u200f") == "محمد"
    assert normalize_text("\u202bتهران\u202c \u2067خیابان\u2069") == "تهران خیابان"


def test_spaces_are_collapsed_and_trimmed() -> None:
    assert normalize_text("  خیابان   آزادی \t\n پلاک ۱۲  ") == "خیابان آزادی پلاک 12"
    assert normalize_text("a\u00a0\u00a0b") == "a b"


def test_zwnj_inside_a_word_is_kept_and_at_edges_dropped() -> None:
    assert normalize_text("می" + ZWNJ + "خواهم") == "می" + ZWNJ + "خواهم"
    assert normalize_text("می" + ZWNJ * 3 + "خواهم") == "می" + ZWNJ + "خواهم"
    assert normalize_text(ZWNJ + "کتاب" + ZWNJ + " " + ZWNJ + "ها" + ZWNJ) == "کتاب ها"
    assert normalize_text(ZWNJ + ZWNJ) == ""


_alphabet = st.sampled_from(list("ابپتيىكکیـ ۱٢3a \t\u200c\u200f\ufeff\u202bزژ"))


@given(st.text(alphabet=_alphabet, max_size=40))
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(max_size=40))
def test_normalize_text_is_idempotent_on_any_text(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(max_size=40))
def test_normalize_digits_is_idempotent(text: str) -> None:
    once = normalize_digits(text)
    assert normalize_digits(once) == once
