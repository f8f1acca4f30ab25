"""Tracking codes: short, unambiguous when read aloud or retyped, and unguessable."""

from __future__ import annotations

import re
import secrets

from scoring import normalize_digits

# No 0/O, 1/I/L, or U: nothing a person can misread; 8 of 30 symbols ≈ 39 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # 30 symbols
# The first symbol is a letter. Inside Persian text the bidi algorithm reads a first group of
# digits as a number that the dash does not join to the letters after it: «5483-SW6R» would be
# shown «SW6R-5483» in the chat and in the PDFs. After a letter, digits and the dash read left to
# right with it. 22 × 30⁷ ≈ 38.5 bits.
FIRST = "".join(ch for ch in ALPHABET if ch.isalpha())
LENGTH = 8
# Spaces, dashes, and the invisible direction marks a code copied from a message may carry.
_CLEAN = re.compile(r"[\s\-_\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def new_tracking_code() -> str:
    """A random code shown as XXXX-XXXX (never a sequential id)."""
    raw = secrets.choice(FIRST) + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_tracking_code(text: str) -> str | None:
    """What a person typed (any case, Persian digits, with or without the dash) → canonical form."""
    raw = _CLEAN.sub("", normalize_digits(text)).upper()
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"
