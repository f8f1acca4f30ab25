"""Fluent rendering of the core's own messages (validation errors, score explanations), and the
Fluent bundles the bot's texts use too.

The texts live in ``scoring/locales/<lang>/core.ftl``; the bot loads the same files into its
own bundles, so a message key means the same thing everywhere.

Numbers and dates given to a message are printed here, as people in that language read them
(Persian digits and separators in Persian; dates in the Jalali calendar), not by Babel: a
bundle built by :func:`new_bundle` never loads Babel's locale data (about 5 MB per process for
Persian and English), only the two languages' plural rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from babel.plural import PluralRule
from fluent.runtime import FluentBundle
from fluent.runtime.resolver import CurrentEnvironment, Pattern, ResolverEnvironment
from fluent.runtime.types import FluentDecimal, FluentInt, FluentNone
from fluent.syntax import FluentParser
from fluent.syntax.ast import Resource

from scoring.normalize import format_decimal, normalize_digits
from scoring.validators import format_jalali

LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"

# CLDR's cardinal plural rules (what Babel's locale data holds for these two languages).
_PLURAL_RULES = {"fa": {"one": "i = 0 or n = 1"}, "en": {"one": "i = 1 and v = 0"}}
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_PARSER = FluentParser(with_spans=False)


def digits(text: str, lang: str) -> str:
    """``text`` with the language's digits: Persian in Persian, ASCII otherwise."""
    return text.translate(_PERSIAN_DIGITS) if lang == "fa" else normalize_digits(text)


# A word with a Latin letter in it: a tracking or verification code (AB7K-93QX), an IBAN (IR…),
# an e-mail or web address, a file name, a command. Such identifiers are Latin by convention and
# keep their ASCII digits in Persian text too; every other digit is the reader's.
_LATIN_WORD = re.compile(r"\S*[A-Za-z]\S*")


def typed_digits(text: str, lang: str) -> str:
    """What a person typed (stored with ASCII digits) as a reader of ``lang`` reads it: Persian
    digits in Persian — «کوچه ۱۲، پلاک ۳» — but inside words with Latin letters (see above)."""
    if lang != "fa":
        return normalize_digits(text)
    out, end = [], 0
    for word in _LATIN_WORD.finditer(text):
        out += [digits(text[end : word.start()], lang), word.group()]
        end = word.end()
    out.append(digits(text[end:], lang))
    return "".join(out)


def number_text(value: int | float | Decimal, lang: str) -> str:
    """A number for people, grouped by thousands (۱۲٬۵۰۰ / 12,500; ۱٬۲۰۰٫۵ / 1,200.5), decimals
    in plain notation without trailing zeros (۰٫۴ / 0.4, never 4E-1); Persian digits and marks in
    Persian."""
    if isinstance(value, bool):
        raise TypeError("a yes/no value is not a number: give the message a text")
    if isinstance(value, int):
        text = f"{value:,}"
        return digits(text, lang).replace(",", "٬") if lang == "fa" else text
    plain = format_decimal(value if isinstance(value, Decimal) else Decimal(str(value)))
    sign, body = ("-", plain[1:]) if plain.startswith("-") else ("", plain)
    whole, mark, fraction = body.partition(".")
    text = f"{sign}{int(whole):,}{mark}{fraction}"  # the whole part grouped, as a whole number is
    return digits(text, lang).replace(",", "٬").replace(".", "٫") if lang == "fa" else text


def date_text(value: dt.date, lang: str) -> str:
    """A date as a Jalali YYYY/MM/DD, with the language's digits."""
    return digits(format_jalali(value.date() if isinstance(value, dt.datetime) else value), lang)


class _PluralRules:
    """What a bundle needs of a Babel locale: its plural rule (the rest is never asked for,
    since every number and date reaches a message already printed)."""

    def __init__(self, lang: str) -> None:
        self.plural_form = PluralRule(_PLURAL_RULES.get(lang, _PLURAL_RULES[DEFAULT_LANGUAGE]))


class _Int(FluentInt):
    text: str

    def format(self, locale: object) -> str:
        return self.text


class _Decimal(FluentDecimal):
    text: str

    def format(self, locale: object) -> str:
        return self.text


def _no_builtin(*args: object, **kwargs: object) -> FluentNone:
    raise TypeError("NUMBER() and DATETIME() are not used in our .ftl files: numbers and dates reach a message printed")


class Bundle(FluentBundle):
    """fluent.runtime's bundle without Babel's locale data: its arguments are converted by
    :func:`fluent_args` (``FluentBundle.format_pattern`` would wrap every number again in a
    type that Babel prints)."""

    def _get_babel_locale(self) -> Any:
        return _PluralRules(self.locales[0])

    def format_pattern(self, pattern: Pattern, args: Mapping[str, object] | None = None) -> tuple[Any, list[Exception]]:
        errors: list[Exception] = []
        current = CurrentEnvironment(args=fluent_args(args or {}, self.locales[0]))
        env = ResolverEnvironment(context=self, current=current, errors=errors)
        try:
            result = pattern(env)
        except ValueError as e:  # too long or too deeply nested: as FluentBundle reports it
            errors.append(e)
            result = "{???}"
        return result, errors


def parse_ftl(source: str) -> Resource:
    """An .ftl file's messages (without source positions: nothing reports them, and they would
    be half of the parsed tree's memory)."""
    return _PARSER.parse(source)


def new_bundle(lang: str, sources: list[str]) -> Bundle:
    """A bundle of ``sources`` (.ftl texts) for ``lang``; ``format_pattern`` takes numbers and
    dates as they are and prints them as :func:`fluent_args` says."""
    bundle = Bundle([lang], functions={"NUMBER": _no_builtin, "DATETIME": _no_builtin}, use_isolating=False)
    for source in sources:
        bundle.add_resource(parse_ftl(source))
    return bundle


def fluent_args(args: Mapping[str, object], lang: str) -> dict[str, Any]:
    """A message's arguments for a bundle of :func:`new_bundle`: numbers stay numbers (a
    selector can still match ``[0]`` or ``[one]``) but print as :func:`number_text` does;
    dates become Jalali text."""
    out: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, str):
            out[name] = value
        elif isinstance(value, bool):
            raise TypeError(f"argument {name!r} is a yes/no value: give the message a text")
        elif isinstance(value, int):
            number: _Int | _Decimal = _Int(value)
            number.text = number_text(value, lang)
            out[name] = number
        elif isinstance(value, (float, Decimal)):
            number = _Decimal(value if isinstance(value, Decimal) else Decimal(str(value)))
            number.text = number_text(value, lang)
            out[name] = number
        elif isinstance(value, dt.date):
            out[name] = date_text(value, lang)
        else:
            raise TypeError(f"argument {name!r} is a {type(value).__name__}: give the message a text or a number")
    return out


def core_ftl(lang: str) -> str:
    """The text of the core's .ftl file for ``lang``."""
    return (resources.files("scoring") / "locales" / lang / "core.ftl").read_text("utf-8")


@cache
def _bundle(lang: str) -> Bundle:
    return new_bundle(lang, [core_ftl(lang)])


def has_message(key: str, lang: str) -> bool:
    return bool(_bundle(lang).has_message(key))


def render(key: str, lang: str = DEFAULT_LANGUAGE, args: Mapping[str, object] | None = None) -> str:
    """Render message ``key``; an unknown language falls back to Persian."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    bundle = _bundle(lang)
    if not bundle.has_message(key):
        raise KeyError(f"no message {key!r} in {lang}")
    message = bundle.get_message(key)
    if message.value is None:
        raise KeyError(f"message {key!r} in {lang} has no value")
    text, errors = bundle.format_pattern(message.value, args)
    if errors:
        raise errors[0]
    return str(text)
