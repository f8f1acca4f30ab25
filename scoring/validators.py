"""Validators: each takes what a person typed and returns a clean value or raises InvalidInput.

All of them accept Persian and Arabic digits and surrounding spaces.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

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


BIRTH_CERTIFICATE_MAX_DIGITS = 10


def validate_birth_certificate_number(text: str) -> str:
    """A birth certificate (شناسنامه) number: digits only, 1 to 10 of them (since 1368 it is the
    holder's 10-digit national code; older ones have 1 to 6 digits). The serial printed beside it
    (e.g. «۱۲/الف») is another thing, and a date-like «1403/13/40» is no number at all."""
    cleaned = _SEPARATORS.sub("", normalize_digits(normalize_text(text)))
    if not cleaned:
        raise InvalidInput("invalid-text-empty", text)
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise InvalidInput("invalid-birth-certificate-digits", text)
    if len(cleaned) > BIRTH_CERTIFICATE_MAX_DIGITS:
        raise InvalidInput(
            "invalid-birth-certificate-length",
            text,
            params={"max": BIRTH_CERTIFICATE_MAX_DIGITS, "length": len(cleaned)},
        )
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


# Iran's time (UTC+03:30; Iran has kept no daylight saving time since 2022): dates and years are
# the calendar's in Iran, not the server's
IRAN_TIME = dt.timezone(dt.timedelta(hours=3, minutes=30), "IRST")


def jalali_year(moment: dt.datetime | None = None) -> int:
    """The Jalali year in Iran at ``moment`` (default: now): letters are numbered per year, and
    annual dues are paid per year."""
    day = (moment or dt.datetime.now(dt.UTC)).astimezone(IRAN_TIME).date()
    return int(jdatetime.date.fromgregorian(date=day).year)


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


def validate_phone(text: str) -> str:
    """A landline with its area code or a mobile number (an employer's phone)."""
    for validate in (validate_landline, validate_mobile):
        try:
            return validate(text)
        except InvalidInput:
            continue
    raise InvalidInput("invalid-phone", text)


# ---- numbers people type: amounts, areas, counts ------------------------------------------------

# The decimal mark as people type it: ".", the Persian decimal mark "٫" (U+066B) and "/" (how a
# Persian decimal is often written by hand and on the seed's forms: ۱/۵ = 1.5).
_DECIMAL_MARKS = ".٫/"
# Thousands separators: "," and the Arabic thousands separator "٬" (U+066C), in groups of three.
_NUMBER = re.compile(r"(\d{1,3}(?:[,٬]\d{3})+|\d+)(?:[" + _DECIMAL_MARKS + r"](\d+))?")
_UNITS = re.compile(r"\s*(میلیارد\s*ریال|میلیارد|مترمربع|متر\s*مربع|متر|m²|m2|billion(\s*rials)?)\s*$", re.I)


def parse_decimal(text: str, *, places: int, maximum: Decimal) -> Decimal:
    """A non-negative decimal number: Persian or Arabic digits, a decimal mark (. ٫ /), thousands
    separators (, ٬) in groups of three, a unit word after it (متر، میلیارد ریال) ignored;
    at most ``places`` decimals and at most ``maximum``."""
    cleaned = _UNITS.sub("", normalize_digits(normalize_text(text))).replace(" ", "")
    if cleaned.startswith(("-", "−")):
        raise InvalidInput("invalid-number-negative", text)
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise InvalidInput("invalid-number-format", text)
    whole, fraction = match.group(1).replace(",", "").replace("٬", ""), match.group(2) or ""
    fraction = fraction.rstrip("0")
    if len(fraction) > places:
        raise InvalidInput("invalid-number-too-precise", text, params={"places": places})
    number = Decimal(f"{whole}.{fraction}" if fraction else whole)
    if number > maximum:
        raise InvalidInput("invalid-number-too-large", text, params={"max": maximum})
    return number


MAX_AMOUNT_BILLION_RIALS = Decimal(1_000_000)  # a million billion rials: beyond any builder's means
MAX_AREA_M2 = Decimal(10_000_000)
MAX_FLOORS = 200


def parse_amount(text: str) -> Decimal:
    """An amount in billion rials (worksheet 5): 0 allowed, at most three decimals."""
    return parse_decimal(text, places=3, maximum=MAX_AMOUNT_BILLION_RIALS)


def parse_area(text: str) -> Decimal:
    """A built area in square metres (worksheet 4): more than 0, at most two decimals."""
    area = parse_decimal(text, places=2, maximum=MAX_AREA_M2)
    if area <= 0:
        raise InvalidInput("invalid-area-zero", text)
    return area


def parse_floors(text: str) -> int:
    """A number of floors: a whole number from 1."""
    cleaned = normalize_digits(normalize_text(text)).replace(" ", "")
    cleaned = re.sub(r"(طبقه|floors?)$", "", cleaned, flags=re.I)
    if not cleaned.isascii() or not cleaned.isdigit():
        raise InvalidInput("invalid-floors", text, params={"max": MAX_FLOORS})
    floors = int(cleaned)
    if not 1 <= floors <= MAX_FLOORS:
        raise InvalidInput("invalid-floors", text, params={"max": MAX_FLOORS})
    return floors


# ---- dates of a builder-license request ------------------------------------------------------------


def check_license_validity(valid_until: dt.date, *, today: dt.date | None = None) -> dt.date:
    """An engineering license's validity date: an expired license cannot carry a builder license
    (spec/builder-license.md "Who applies": a valid engineering license)."""
    today = today or dt.date.today()
    if valid_until < today:
        raise InvalidInput("invalid-license-expired", format_jalali(valid_until), params={"date": valid_until})
    return valid_until


def check_project_dates(
    start: dt.date | None, end: dt.date | None, *, today: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """A project's start and end (worksheet 4): neither in the future, the end not before the start."""
    today = today or dt.date.today()
    for date in (start, end):
        if date is not None and date > today:
            raise InvalidInput("invalid-date-future", format_jalali(date))
    if start is not None and end is not None and end < start:
        raise InvalidInput("invalid-project-end-before-start", format_jalali(end), params={"start": start})
    return start, end
