"""Fluent texts: ``conversations/locales/<lang>/*.ftl`` plus the core's ``scoring/locales``.

Every user-facing string comes from here. A button's label and the filter that catches it use
the same key (``I18n.variants``), in every language, so a user who switches language mid-dialog
still has working buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from importlib import resources
from typing import Any

from scoring.messages import Bundle, core_ftl, date_text, digits, new_bundle, number_text, typed_digits
from scoring.validators import IRAN_TIME

LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"


def _load_bundle(lang: str) -> Bundle:
    folder = resources.files("conversations") / "locales" / lang
    files = sorted((e for e in folder.iterdir() if e.name.endswith(".ftl")), key=lambda e: e.name)
    return new_bundle(lang, [core_ftl(lang), *(e.read_text("utf-8") for e in files)])


class Translator:
    """The texts of one language."""

    def __init__(self, lang: str, bundle: Bundle) -> None:
        self.lang = lang
        self._bundle = bundle

    def __call__(self, key: str, **args: Any) -> str:
        message = self._bundle.get_message(key) if self._bundle.has_message(key) else None
        if message is None or message.value is None:
            raise KeyError(f"no text {key!r} in {self.lang}")
        text, errors = self._bundle.format_pattern(message.value, args)
        if errors:
            raise errors[0]
        return str(text)

    def has(self, key: str) -> bool:
        return bool(self._bundle.has_message(key))

    def join(self, items: Iterable[str]) -> str:
        """A list in a sentence: the Persian comma «، » in Persian, ", " in English."""
        return ("، " if self.lang == "fa" else ", ").join(items)

    def digits(self, text: object) -> str:
        """Numbers for people: Persian digits in Persian, ASCII in English."""
        return digits(str(text), self.lang)

    def typed(self, text: object) -> str:
        """What a person typed, in the reader's digits, but inside codes, addresses and IBANs that
        carry Latin letters (``scoring.messages.typed_digits``): «کوچه ۱۲، پلاک ۳»."""
        return typed_digits(str(text), self.lang)

    def identifier(self, text: object) -> str:
        """A number with dashes (membership or license number) as printed on its card, left to
        right: inside Persian text the Unicode bidi algorithm reads the digits after Persian
        letters as Arabic numbers, which a dash does not join, so «۱۴-۱۴۰۳-۰۰۰۴۲» would show
        its parts in reverse order. A left-to-right mark before it keeps it one run."""
        value = self.digits(text)
        return "\u200e" + value if self.lang == "fa" and value else value

    def date(self, value: dt.date | str | None) -> str:
        """A date as a Jalali YYYY/MM/DD with the language's digits."""
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        if isinstance(value, dt.datetime):  # a moment is dated in Iran (stored as UTC, naive on SQLite)
            moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
            value = moment.astimezone(IRAN_TIME).date()
        return date_text(value, self.lang)

    def clock(self, value: dt.datetime) -> str:
        """A moment's date and time of day in Iran (Jalali, HH:MM) with the language's digits."""
        local = value.astimezone(IRAN_TIME)
        return f"{self.date(local.date())} {self.digits(local.strftime('%H:%M'))}"

    def money(self, rials: int) -> str:
        return number_text(rials, self.lang)

    def yes_no(self, value: object) -> str:
        return self("yes") if value is True else self("no") if value is False else "—"


class I18n:
    """All languages' texts, loaded once."""

    def __init__(self, default: str = DEFAULT_LANGUAGE) -> None:
        self.default = default if default in LANGUAGES else DEFAULT_LANGUAGE
        self._translators = {lang: Translator(lang, _load_bundle(lang)) for lang in LANGUAGES}

    def __call__(self, lang: str | None) -> Translator:
        return self._translators.get(lang or self.default) or self._translators[self.default]

    def every(self) -> tuple[Translator, ...]:
        """One translator per language, the default's first."""
        return (self(None), *(t for lang, t in self._translators.items() if lang != self.default))

    def variants(self, key: str, **args: Any) -> frozenset[str]:
        """The text of ``key`` in every language (for filters that catch a button's label)."""
        return frozenset(t(key, **args) for t in self._translators.values())
