"""Parsers of typed answers, ``(text, env) → value``, over the core's validators: the ones every
application's forms share."""

from __future__ import annotations

import re

from conversations.kit.fields import Carried, Env
from scoring import (
    InvalidInput,
    check_birth_date,
    check_relative_birth_date,
    parse_jalali_date,
    validate_birth_certificate_number,
    validate_identifier,
    validate_national_code,
    validate_person_name,
    validate_postal_code,
    validate_text,
)


def name(text: str, _: Env) -> str:
    return validate_person_name(text)


def national_code(text: str, _: Env) -> str:
    return validate_national_code(text)


def identifier(text: str, _: Env) -> str:
    return validate_identifier(text)


def birth_certificate_number(text: str, _: Env) -> str:
    return validate_birth_certificate_number(text)


def postal_code(text: str, _: Env) -> str:
    return validate_postal_code(text)


def short_text(text: str, _: Env) -> str:
    return validate_text(text, max_length=120)


def address(text: str, _: Env) -> str:
    return validate_text(text, max_length=300)


_CODE_AT_END = re.compile(r"(\d(?:[\s-]?\d){9})\s*$")  # ten digits (Persian too), spaces or dashes between
_LABEL_AT_END = re.compile(r"[\s,،.:؛-]*(?:کد\s*پستی|postal\s*code)?[\s:,،.-]*$", re.IGNORECASE)


def postal_code_at_end(text: str) -> tuple[str, str] | None:
    """An address typed with its postal code at the end ("…، پلاک ۴، کد پستی ۸۸۱۵۸۱۳۳۴۴") → the
    address and the code; None when it does not end with a valid postal code."""
    found = _CODE_AT_END.search(text)
    if found is None:
        return None
    try:
        code = validate_postal_code(found.group(1))
    except InvalidInput:
        return None
    rest = _LABEL_AT_END.sub("", text[: found.start()]).strip()
    return (rest, code) if rest else None


def postal_code_of(field: str) -> Carried:
    """The postal code question ``field`` is answered by an address that ends with one."""
    return Carried(field, postal_code_at_end)


def birth_date(text: str, _: Env) -> str:
    return check_birth_date(parse_jalali_date(text)).isoformat()


def relative_birth_date(text: str, _: Env) -> str:
    return check_relative_birth_date(parse_jalali_date(text)).isoformat()
