"""Normalisers for what people type: digits, names and addresses.

Applicants type on Persian, Arabic and Latin keyboards; the same name arrives with Arabic
yeh/kaf, tatweel, bidi control marks pasted from other apps, and stray zero-width non-joiners.
Everything stored or compared goes through these first.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Persian (U+06F0..U+06F9) and Arabic-Indic (U+0660..U+0669) digits → ASCII.
_DIGITS = {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})

_ZWNJ = "\u200c"
# Arabic letters that Persian keyboards should not produce, and marks that are never content.
_LETTERS = {
    ord("ي"): "ی",
    ord("ى"): "ی",
    ord("ك"): "ک",
    ord("ـ"): None,  # tatweel (kashida)
    ord("\ufeff"): None,  # BOM / zero-width no-break space
    ord("\u200b"): None,  # zero-width space
    ord("\u200e"): None,  # LRM
    ord("\u200f"): None,  # RLM
    ord("\u061c"): None,  # Arabic letter mark
    **dict.fromkeys(range(8234, 8239)),  # LRE, RLE, PDF, LRO, RLO
    **dict.fromkeys(range(8294, 8298)),  # LRI, RLI, FSI, PDI
}
_ZWNJ_RUN = re.compile(_ZWNJ + "{2,}")
# What no text field may hold: control characters (the NUL that PostgreSQL refuses among them;
# tab and line breaks are kept) and lone surrogates (invalid UTF-8, refused by every driver).
_UNSTORABLE = {
    **dict.fromkeys((c for c in range(32) if chr(c) not in "\t\n\r"), None),
    **dict.fromkeys(range(127, 160)),
    **dict.fromkeys(range(0xD800, 0xE000)),
}


def format_decimal(value: Decimal) -> str:
    """A number for people: plain notation, no trailing zeros (20, 0.4, 7.2 — never 2E+1)."""
    return format(value.normalize(), "f")


def normalize_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII; every other character is kept."""
    return text.translate(_DIGITS)


def clean_text(text: str) -> str:
    """Text as a person typed it, minus what cannot be stored (control characters, lone
    surrogates); everything else is kept as is (staff notes, free text)."""
    return text.translate(_UNSTORABLE)


def normalize_text(text: str) -> str:
    """Normalise a name or an address.

    ي/ى → ی and ك → ک; tatweel, bidi marks, BOM and zero-width spaces removed; digits to ASCII;
    whitespace collapsed to single spaces and trimmed; a ZWNJ at the edge of a word is dropped
    and runs of ZWNJ collapse to one, while a ZWNJ inside a word (می‌خواهم) is kept.
    """
    cleaned = normalize_digits(clean_text(text).translate(_LETTERS))
    words = []
    for word in cleaned.split():
        word = _ZWNJ_RUN.sub(_ZWNJ, word).strip(_ZWNJ)
        if word:
            words.append(word)
    return " ".join(words)


# The Persian alphabet, in dictionary order (آ sorts with ا; ی with its Arabic forms).
_PERSIAN_ORDER = "آاأإبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهۀیئ"
_RANK = {ch: i for i, ch in enumerate(_PERSIAN_ORDER)}


def persian_sort_key(text: str) -> tuple[int, ...]:
    """Sort Persian names in dictionary order (Unicode order puts پ چ ژ گ after ی)."""
    normalized = normalize_text(text)
    return tuple(_RANK.get(ch, 100 + ord(ch)) for ch in normalized)
