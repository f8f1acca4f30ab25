import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import (
    InvalidInput,
    check_birth_date,
    check_graduation_date,
    find_province,
    parse_jalali_date,
    validate_birth_certificate_number,
    validate_email,
    validate_identifier,
    validate_landline,
    validate_mobile,
    validate_person_name,
    validate_postal_code,
)
from scoring.validators import format_jalali

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def key_of(fn: object, text: str) -> str:
    with pytest.raises(InvalidInput) as info:
        fn(text)  # type: ignore[operator]
    return info.value.key


# ---- mobile ----------------------------------------------------------------------------------

operators = st.sampled_from(["912", "935", "901", "990", "919", "921", "939", "933", "991"])
subscribers = st.text(alphabet="0123456789", min_size=7, max_size=7)


def _forms(national: str) -> list[str]:
    spaced = f"0{national[:3]} {national[3:6]} {national[6:]}"
    return [
        "0" + national,
        "+98" + national,
        "0098" + national,
        "98" + national,
        "+98 " + national[:3] + "-" + national[3:6] + "-" + national[6:],
        spaced,
        spaced.translate(PERSIAN),
        ("0" + national).translate(ARABIC),
        f" +98 ({national[:3]}) {national[3:]} ",
    ]


@given(operators, subscribers)
def test_every_accepted_form_of_a_mobile_gives_the_same_value(operator: str, subscriber: str) -> None:
    national = operator + subscriber
    assert {validate_mobile(form) for form in _forms(national)} == {"0" + national}


@pytest.mark.parametrize(
    "text",
    ["0912123456", "091212345678", "02188776655", "+1 212 555 0100", "hello", "", "9999999999999999"],
)
def test_not_a_mobile(text: str) -> None:
    assert key_of(validate_mobile, text) == "invalid-mobile"


def test_landline_needs_an_area_code() -> None:
    assert validate_landline("021-8877 6655") == "02188776655"
    assert validate_landline("۰۳۸ ۳۳۳۳ ۴۴۵۵") == "03833334455"
    assert key_of(validate_landline, "88776655") == "invalid-landline"
    assert key_of(validate_landline, "09121234567") == "invalid-landline"


# ---- postal code -----------------------------------------------------------------------------


def test_postal_code() -> None:
    assert validate_postal_code("13145-94361") == "1314594361"
    assert validate_postal_code("۱۳۱۴۵۹۴۳۶۱") == "1314594361"
    assert validate_postal_code("8815813344") == "8815813344"  # 0 and 2 allowed after the fifth digit
    assert validate_postal_code("1314594020") == "1314594020"
    assert key_of(validate_postal_code, "131459436") == "invalid-postal-code-length"
    assert key_of(validate_postal_code, "1314a94361") == "invalid-postal-code-length"
    assert key_of(validate_postal_code, "1304594361") == "invalid-postal-code-pattern"
    assert key_of(validate_postal_code, "1314294361") == "invalid-postal-code-pattern"
    assert key_of(validate_postal_code, "0314594361") == "invalid-postal-code-pattern"


# ---- e-mail, names, identifiers ---------------------------------------------------------------


def test_email() -> None:
    assert validate_email(" Reza.Karimi@Example.COM ") == "Reza.Karimi@example.com"
    for bad in ["reza", "reza@", "@example.com", "reza@example", "a b@example.com"]:
        assert key_of(validate_email, bad) == "invalid-email"


def test_names() -> None:
    assert validate_person_name("  علي   رضا ") == "علی رضا"
    assert validate_person_name("O'Brien") == "O'Brien"
    assert validate_person_name("محمد\u200cحسین") == "محمد\u200cحسین"
    assert key_of(validate_person_name, "رضا۲") == "invalid-name"
    assert key_of(validate_person_name, "   ") == "invalid-text-empty"
    assert key_of(validate_person_name, "!!!") == "invalid-name"


def test_identifier() -> None:
    assert validate_identifier(" ۱۲۳۴/۵۶ ") == "1234/56"
    assert key_of(validate_identifier, "12 ; 34") == "invalid-identifier"


@pytest.mark.parametrize(
    ("typed", "stored"), [("۱۲۳۴۵", "12345"), (" 0 ", "0"), ("٤٥٦", "456"), ("0012345678", "0012345678")]
)
def test_birth_certificate_number(typed: str, stored: str) -> None:
    assert validate_birth_certificate_number(typed) == stored


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("1403/13/40", "invalid-birth-certificate-digits"),  # a date is not a number (issue 29)
        ("۱۲/الف", "invalid-birth-certificate-digits"),
        ("A123", "invalid-birth-certificate-digits"),
        ("12345678901", "invalid-birth-certificate-length"),
        ("  ", "invalid-text-empty"),
    ],
)
def test_birth_certificate_number_refused(typed: str, key: str) -> None:
    assert key_of(validate_birth_certificate_number, typed) == key


# ---- Jalali dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1403/5/12", "۱۴۰۳/۰۵/۱۲", "1403-05-12", "١٤٠٣/٠٥/١٢", " 1403 / 05 / 12 ", "1403.05.12"]
)
def test_jalali_forms(text: str) -> None:
    assert parse_jalali_date(text) == dt.date(2024, 8, 2)


def test_leap_days() -> None:
    assert parse_jalali_date("1403/12/30") == dt.date(2025, 3, 20)  # 1403 is a leap year
    assert key_of(parse_jalali_date, "1404/12/30") == "invalid-date-nonexistent"
    assert key_of(parse_jalali_date, "1403/07/31") == "invalid-date-nonexistent"  # Mehr has 30 days
    assert key_of(parse_jalali_date, "1403/13/01") == "invalid-date-nonexistent"


@pytest.mark.parametrize("text", ["", "1403", "12/05/1403", "1403/05", "yesterday", "0003/01/01"])
def test_bad_date_formats(text: str) -> None:
    assert key_of(parse_jalali_date, text) == "invalid-date-format"


def test_format_jalali_round_trip() -> None:
    assert format_jalali(dt.date(2024, 8, 2)) == "1403/05/12"
    assert parse_jalali_date(format_jalali(dt.date(1990, 9, 22))) == dt.date(1990, 9, 22)


TODAY = dt.date(2026, 11, 20)


def test_birth_date_makes_the_applicant_18_to_100() -> None:
    assert check_birth_date(dt.date(2008, 11, 20), today=TODAY)  # 18 today
    with pytest.raises(InvalidInput) as info:
        check_birth_date(dt.date(2008, 11, 21), today=TODAY)  # 18 tomorrow
    assert info.value.key == "invalid-birth-date-too-young"
    assert check_birth_date(dt.date(1926, 11, 21), today=TODAY)  # 99
    with pytest.raises(InvalidInput) as info:
        check_birth_date(dt.date(1925, 11, 20), today=TODAY)  # 101
    assert info.value.key == "invalid-birth-date-too-old"
    with pytest.raises(InvalidInput) as info:
        check_birth_date(dt.date(2027, 1, 1), today=TODAY)
    assert info.value.key == "invalid-date-future"


def test_graduation_is_after_birth_and_not_in_the_future() -> None:
    birth = dt.date(1990, 1, 1)
    assert check_graduation_date(dt.date(2012, 7, 1), birth=birth, today=TODAY)
    with pytest.raises(InvalidInput) as info:
        check_graduation_date(dt.date(1989, 7, 1), birth=birth, today=TODAY)
    assert info.value.key == "invalid-graduation-before-birth"
    with pytest.raises(InvalidInput) as info:
        check_graduation_date(dt.date(2026, 11, 21), birth=birth, today=TODAY)
    assert info.value.key == "invalid-date-future"


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("IR-14", "IR-14"),
        ("ir-14", "IR-14"),
        ("14", "IR-14"),
        ("۱۴", "IR-14"),
        ("چهارمحال و بختیاری", "IR-14"),
        ("Chaharmahal and Bakhtiari", "IR-14"),
        ("تهران", "IR-23"),
        ("tehran", "IR-23"),
    ],
)
def test_find_province(typed: str, iso: str) -> None:
    found = find_province(typed)
    assert found is not None and found.iso == iso


@pytest.mark.parametrize("typed", ["", "IR-99", "99", "ناکجا", "Atlantis"])
def test_find_province_unknown(typed: str) -> None:
    assert find_province(typed) is None
