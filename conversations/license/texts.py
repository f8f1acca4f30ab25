"""How the builder license's numbers and rule-file names read, in either language."""

from __future__ import annotations

import re
from decimal import Decimal

from conversations.kit.i18n import Translator
from scoring import default_rules
from scoring.license import format_decimal, round_points


def decimal_text(value: object, t: Translator) -> str:
    """A decimal for people: the language's digits, the Persian decimal mark in Persian."""
    text = format_decimal(Decimal(str(value)))
    return t.digits(text).replace(".", "٫") if t.lang == "fa" else text


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


def core_text(text: str, t: Translator) -> str:
    """A line of the core (explanations) in the language's digits and decimal mark."""
    if t.lang != "fa":
        return text
    return re.sub(r"(?<=\d)\.(?=\d)", "٫", t.digits(text))
