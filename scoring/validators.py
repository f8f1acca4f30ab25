"""Validators: each takes what a person typed and returns a clean value or raises InvalidInput.

All of them accept Persian and Arabic digits and surrounding spaces.
"""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
import phonenumbers
from email_validator import EmailNotValidError
from email_validator import validate_email as _check_email

from scoring.errors import InvalidInput
from scoring.normalize import normalize_digits, normalize_text

_SEPARATORS = re.compile(r"[\s\-–—_.()]+")


def _digits_only(text: str) -> str:
    """Normalise digits and drop spaces, dashes, dots and parentheses people type in numbers."""
    return _SEPARATORS.sub("", normalize_digits(normalize_text(text)))


def national_code_check_digit(first_nine: str) -> int:
    """The check digit of a national code whose first nine digits are given.

    s = Σ d[i]·(10−i) for i < 9; r = s mod 11; check = r if r < 2 else 11 − r.
    """
    s = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    r = s % 11
    return r if r < 2 else 11 - r


def validate_national_code(text: str) -> str:
    """A national code (کد ملی) as exactly 10 ASCII digits.

    No zero-padding: Tehran codes start with 00, so a 9-digit input is a typo, not a code.
    An unknown prefix is never rejected (the prefix table is incomplete).
    """
    code = _digits_only(text)
    if code and not (code.isascii() and code.isdigit()):
        raise InvalidInput("invalid-national-code-digits", text)
    if len(code) != 10:
        raise InvalidInput("invalid-national-code-length", text, params={"length": len(code)})
    if len(set(code)) == 1:
        raise InvalidInput("invalid-national-code-repeated", text)
    if code[3:9] == "000000":
        raise InvalidInput("invalid-national-code-middle", text)
    if int(code[9]) != national_code_check_digit(code[:9]):
        raise InvalidInput("invalid-national-code-checksum", text)
    return code


def _parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    raw = _digits_only(text)
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    elif raw.startswith("98") and len(raw) == 12:
        raw = "+" + raw
    if not re.fullmatch(r"\+?\d{6,15}", raw):
        return None
    try:
        number = phonenumbers.parse(raw, "IR")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 98 or not phonenumbers.is_valid_number(number):
        return None
    return number


def validate_mobile(text: str) -> str:
    """An Iranian mobile number as ``09XXXXXXXXX``.

    Accepts +98, 0098, 98 and 0 prefixes, spaces, dashes and Persian/Arabic digits.
    """
    number = _parse_phone(text)
    if number is None or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise InvalidInput("invalid-mobile", text)
    return "0" + str(number.national_number)


def validate_landline(text: str) -> str:
    """An Iranian fixed-line number with its area code, as ``0XXXXXXXXXX`` (11 digits)."""
    number = _parse_phone(text)
    if number is None or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidInput("invalid-landline", text)
    return "0" + str(number.national_number)


def validate_postal_code(text: str) -> str:
    """A 10-digit Iranian postal code; the digits 0 and 2 never appear in its first five."""
    code = _digits_only(text)
    if not code.isdigit() or not code.isascii() or len(code) != 10:
        raise InvalidInput("invalid-postal-code-length", text)
    if "0" in code[:5] or "2" in code[:5]:
        raise InvalidInput("invalid-postal-code-pattern", text)
    return code


def validate_email(text: str) -> str:
    """An e-mail address (syntax only: the machine that runs the bot may have no DNS)."""
    candidate = normalize_text(text)
    try:
        result = _check_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidInput("invalid-email", text) from None
    return str(result.normalized)


def validate_text(text: str, *, max_length: int = 200) -> str:
    """A free-text answer (name, university, address): normalised, not empty, not too long."""
    cleaned = normalize_text(text)
    if not cleaned:
        raise InvalidInput("invalid-text-empty", text)
    if len(cleaned) > max_length:
        raise InvalidInput("invalid-text-too-long", text, params={"max": max_length})
    return cleaned


def validate_person_name(text: str) -> str:
    """A first, last or father's name: letters (Persian or Latin), spaces, ZWNJ, hyphen, dot."""
    cleaned = validate_text(text, max_length=60)
    if any(ch.isdigit() for ch in cleaned) or not re.fullmatch(r"[^\W\d_][\w\u200c .'\-]*", cleaned):
        raise InvalidInput("invalid-name", text)
    return cleaned


def validate_identifier(text: str, *, max_length: int = 30) -> str:
    """A document number (birth certificate, membership, license, insurance, inquiry code).

    Digits are normalised; letters, digits, slashes and dashes are kept as typed.
    """
    cleaned = normalize_digits(normalize_text(text)).replace(" ", "")
    if not cleaned:
        raise InvalidInput("invalid-text-empty", text)
    if len(cleaned) > max_length or not re.fullmatch(r"[\w/\-]+", cleaned):
        raise InvalidInput("invalid-identifier", text, params={"max": max_length})
    return cleaned


_JALALI = re.compile(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})")


def parse_jalali_date(text: str) -> dt.date:
    """A Jalali (Solar Hijri) date as a Gregorian ``datetime.date``.

    Accepts 1403/5/12, ۱۴۰۳/۰۵/۱۲, 1403-05-12 and 1403.05.12; rejects days that do not exist
    (1404/12/30: 1404 is not a leap year).
    """
    match = _JALALI.fullmatch(normalize_digits(normalize_text(text)))
    if match is None:
        raise InvalidInput("invalid-date-format", text)
    year, month, day = (int(part) for part in match.groups())
    if not 1200 <= year <= 1600:
        raise InvalidInput("invalid-date-format", text)
    try:
        gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise InvalidInput("invalid-date-nonexistent", text) from None
    return gregorian


def format_jalali(date: dt.date) -> str:
    """``YYYY/MM/DD`` in the Jalali calendar, ASCII digits."""
    text: str = jdatetime.date.fromgregorian(date=date).strftime("%Y/%m/%d")
    return text


def _age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


MIN_APPLICANT_AGE = 18
MAX_APPLICANT_AGE = 100


def check_birth_date(birth: dt.date, *, today: dt.date | None = None) -> dt.date:
    """An applicant's birth date: the person is 18 to 100 years old today."""
    today = today or dt.date.today()
    if birth > today:
        raise InvalidInput("invalid-date-future", format_jalali(birth))
    age = _age_on(birth, today)
    if age < MIN_APPLICANT_AGE:
        raise InvalidInput("invalid-birth-date-too-young", format_jalali(birth), params={"min": MIN_APPLICANT_AGE})
    if age > MAX_APPLICANT_AGE:
        raise InvalidInput("invalid-birth-date-too-old", format_jalali(birth), params={"max": MAX_APPLICANT_AGE})
    return birth


def check_relative_birth_date(birth: dt.date, *, today: dt.date | None = None) -> dt.date:
    """A spouse's or child's birth date: not in the future and at most 120 years ago."""
    today = today or dt.date.today()
    if birth > today:
        raise InvalidInput("invalid-date-future", format_jalali(birth))
    if _age_on(birth, today) > 120:
        raise InvalidInput("invalid-birth-date-too-old", format_jalali(birth), params={"max": 120})
    return birth


def check_graduation_date(graduated: dt.date, *, birth: dt.date | None, today: dt.date | None = None) -> dt.date:
    """A graduation date: after the birth date and not in the future."""
    today = today or dt.date.today()
    if graduated > today:
        raise InvalidInput("invalid-date-future", format_jalali(graduated))
    if birth is not None and graduated <= birth:
        raise InvalidInput("invalid-graduation-before-birth", format_jalali(graduated))
    return graduated
