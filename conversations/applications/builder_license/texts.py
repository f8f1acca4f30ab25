"""How the builder license's numbers and rule-file names read, in either language."""

from __future__ import annotations

import re
from decimal import Decimal

from conversations.kit.i18n import Translator
from scoring import default_rules
from scoring.license import Rules, round_points, shown_points
from scoring.messages import number_text
from scoring.normalize import format_decimal


def decimal_text(value: object, t: Translator) -> str:
    """A decimal for people: the language's digits, grouped by thousands (۳٬۰۰۰ متر مربع), the
    Persian decimal mark in Persian."""
    return number_text(Decimal(str(value)), t.lang)


def amount_text(value: object, t: Translator) -> str:
    return t("amount-billion-rials", amount=decimal_text(value, t))


def area_text(value: object, t: Translator) -> str:
    return t("area-m2", area=decimal_text(value, t))


def grade_label(grade: object, t: Translator) -> str:
    return t("license-grade", grade=t.digits(grade))


def record_type_label(value: object, lang: str) -> str:
    found = default_rules().record_types.get(str(value))
    return found.label(lang) if found is not None else "—"


def finance_label(item: str, lang: str) -> str:
    found = default_rules().finance_items.get(item)
    return found.label(lang) if found is not None else item


def kind_label(value: object, lang: str) -> str:
    found = default_rules().license_kinds.get(str(value))
    return found.label(lang) if found is not None else "—"


def points_text(value: Decimal, t: Translator) -> str:
    """Points as reported (two decimals at most, half up), in the language's digits."""
    return decimal_text(round_points(value), t)


def total_text(value: Decimal, t: Translator, rules: Rules) -> str:
    """A total as reported beside its grade: as :func:`points_text`, unless rounding would put it
    on the other side of a grade's minimum (of the file's rules: issue 25) (then as many decimals
    as it takes)."""
    return decimal_text(shown_points(value, (minimum for _, minimum in rules.grades)), t)


def core_text(text: str, t: Translator) -> str:
    """A line of the core (explanations) in the language's digits, decimal mark and list comma
    (the core joins worksheet numbers with ", ")."""
    if t.lang != "fa":
        return text
    return re.sub(r"(?<=\d), (?=\d)", "، ", re.sub(r"(?<=\d)\.(?=\d)", "٫", t.digits(text)))


# ---- points in words (worksheets 3–7 print each number "عددی" and "به حروف") -------------------

_FA_ONES = ("صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_FA_TEENS = ("ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده")
_FA_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
_FA_HUNDREDS = ("", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد")
_EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _fa_whole(n: int) -> str:
    if n < 10:
        return _FA_ONES[n]
    parts = []
    if n >= 100:
        parts.append(_FA_HUNDREDS[n // 100])
        n %= 100
    if 10 <= n < 20:
        parts.append(_FA_TEENS[n - 10])
    else:
        if n >= 20:
            parts.append(_FA_TENS[n // 10])
        if n % 10:
            parts.append(_FA_ONES[n % 10])
    return " و ".join(parts)


def _en_whole(n: int) -> str:
    if n < 10:
        return _EN_ONES[n]
    parts = []
    if n >= 100:
        parts.append(f"{_EN_ONES[n // 100]} hundred")
        n %= 100
    if 10 <= n < 20:
        parts.append(_EN_TEENS[n - 10])
    elif n >= 20:
        parts.append(_EN_TENS[n // 10] + (f"-{_EN_ONES[n % 10]}" if n % 10 else ""))
    elif n:
        parts.append(_EN_ONES[n])
    return " and ".join(parts)


def points_in_words(value: Decimal, t: Translator) -> str:
    """Points as words, as the paper worksheets print them beside the number (to two decimals;
    0–999): ۱۲٫۵ → «دوازده و پنج دهم», 12.5 → "twelve point five"."""
    rounded = round_points(value)
    whole = int(rounded)
    fraction = format_decimal(rounded - whole).removeprefix("0.") if rounded != whole else ""
    if t.lang != "fa":
        words = _en_whole(whole)
        return words + (" point " + " ".join(_EN_ONES[int(d)] for d in fraction) if fraction else "")
    if not fraction:
        return _fa_whole(whole)
    part = _fa_whole(int(fraction)) + (" دهم" if len(fraction) == 1 else " صدم")
    return part if whole == 0 else f"{_fa_whole(whole)} و {part}"
