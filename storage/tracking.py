"""Tracking codes: short, unambiguous when read aloud or retyped, and unguessable."""

from __future__ import annotations

import re
import secrets

from scoring import normalize_digits

# No 0/O, 1/I/L, or U: nothing a person can misread; 8 of 30 symbols ≈ 39 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # 30 symbols
LENGTH = 8
# spaces, dashes, and the bidi marks a code copied from a Persian message carries (its LRM)
_CLEAN = re.compile("[\\s\\-_\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def new_tracking_code() -> str:
    """A random code shown as XXXX-XXXX (never a sequential id)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_tracking_code(text: str) -> str | None:
    """What a person typed (any case, Persian digits, with or without the dash) → canonical form."""
    raw = _CLEAN.sub("", normalize_digits(text)).upper()
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"
