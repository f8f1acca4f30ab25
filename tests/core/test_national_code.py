import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import InvalidInput, national_code_check_digit, provinces_for_national_code, validate_national_code
from tests.factories import make_national_code, with_prefix

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(
    lambda s: s[3:9] != "000000" and len(set(s)) > 1
)


def error_key(text: str) -> str:
    with pytest.raises(InvalidInput) as info:
        validate_national_code(text)
    return info.value.key


@given(nine_digits)
def test_a_generated_code_passes_and_any_other_check_digit_fails(first_nine: str) -> None:
    code = make_national_code(first_nine)
    assert validate_national_code(code) == code
    for wrong in set("0123456789") - {code[9]}:
        assert error_key(first_nine + wrong) == "invalid-national-code-checksum"


def test_check_digit_formula_by_hand() -> None:
    # 001234567?: s = 0*10+0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2 = 112; 112 mod 11 = 2 → 11-2 = 9
    assert national_code_check_digit("001234567") == 9
    assert national_code_check_digit("123456789") == 1  # s=210, r=1 → 1
    assert national_code_check_digit("100000000") == 1  # s=10, r=10 → 1
    assert national_code_check_digit("200000001") == 0  # s=22, r=0 → 0


def test_persian_digits_and_separators_are_accepted() -> None:
    code = make_national_code("001234567")
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert validate_national_code(persian) == code
    assert validate_national_code(f" {code[:3]}-{code[3:9]}-{code[9]} ") == code


def test_tehran_codes_keep_their_leading_zeros_and_nine_digits_are_refused() -> None:
    code = make_national_code("001234567")
    assert validate_national_code(code) == "0012345679"
    assert error_key(code[1:]) == "invalid-national-code-length"  # no silent zero-padding
    assert error_key(code[2:]) == "invalid-national-code-length"
    assert error_key(code + "1") == "invalid-national-code-length"


@pytest.mark.parametrize("digit", "0123456789")
def test_all_same_digits_are_refused(digit: str) -> None:
    # several of these (e.g. 1111111111) satisfy the check digit formula
    assert error_key(digit * 10) == "invalid-national-code-repeated"


def test_zero_middle_block_is_refused_even_with_a_right_check_digit() -> None:
    code = make_national_code("123000000")
    assert error_key(code) == "invalid-national-code-middle"


def test_letters_are_refused() -> None:
    assert error_key("12345abcde") == "invalid-national-code-digits"
    assert error_key("") == "invalid-national-code-length"


def test_an_unknown_prefix_is_never_refused() -> None:
    code = with_prefix("999")
    assert provinces_for_national_code(code) == []
    assert validate_national_code(code) == code


def test_prefix_suggestions() -> None:
    assert provinces_for_national_code(with_prefix("001")) == ["IR-23"]  # تهران مرکزی
    assert provinces_for_national_code(with_prefix("031")) == ["IR-30"]  # کرج → Alborz (patched)
    assert sorted(provinces_for_national_code(with_prefix("483"))) == ["IR-02", "IR-15"]  # claimed twice
    assert provinces_for_national_code(with_prefix("471")) == []  # issued abroad
    assert provinces_for_national_code("۰۰۱") == ["IR-23"]
    assert provinces_for_national_code("12") == []
