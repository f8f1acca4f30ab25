"""Parsers of typed answers, ``(text, env) → value``, over the core's validators: the ones every
application's forms share."""

from __future__ import annotations

from conversations.kit.fields import Env
from scoring import (
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


def birth_date(text: str, _: Env) -> str:
    return check_birth_date(parse_jalali_date(text)).isoformat()


def relative_birth_date(text: str, _: Env) -> str:
    return check_relative_birth_date(parse_jalali_date(text)).isoformat()
