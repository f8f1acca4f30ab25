"""Verification codes of the documents the bot issues (issue 27): ten characters of Crockford's
base-32 alphabet (no I, L, O, U: nothing to mistake for another), the first a letter, printed in
two groups (``K7Q2M-X9D4T``), derived with HMAC-SHA256 from a secret key and what the document is — so a
code says nothing about how many were issued, and without the key none can be forged or guessed
(49.5 bits: a million guesses against a million documents find one about once in 800).

What a person types is read leniently: Persian digits, lower case, spaces and dashes anywhere,
O for 0 and I or L for 1 (Crockford's decoding rules)."""

from __future__ import annotations

import hashlib
import hmac

from scoring.normalize import normalize_digits

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FIRST = ALPHABET[10:]  # a code's first character: a letter
LENGTH = 10
GROUP = 5
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_\u200c\u2010\u2011\u2012\u2013\u2014\u2212.")


def derive_code(key: bytes, source: str, attempt: int = 0) -> str:
    """The code of the document ``source`` (a later ``attempt`` when an earlier one is taken). It
    begins with a letter, as tracking codes do (``storage.tracking``): inside Persian text the bidi
    algorithm never reads its first group as a number and reverses the groups (49.5 bits)."""
    message = source.encode() if attempt == 0 else f"{source}#{attempt}".encode()
    digest = int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big")
    first = FIRST[(digest >> 59) % len(FIRST)]
    return first + "".join(ALPHABET[(digest >> (5 * i)) & 31] for i in range(LENGTH - 1))


def read_code(text: str) -> str | None:
    """The code a person typed (or a link carried), or None when it cannot be one."""
    code = normalize_digits(text).strip().upper().translate(_SEPARATORS).translate(_READ_AS)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def grouped(code: str) -> str:
    """As printed and typed: two groups of five (``K7Q2M-X9D4T``)."""
    return f"{code[:GROUP]}-{code[GROUP:]}"


def masked_name(first_name: str | None, last_name: str | None) -> str:
    """The holder's name as a verification shows it (issue 27 §3): the first name's initial only,
    the last name whole («ع*** رضایی»); enough to match the paper, not to learn who it is."""
    first = (first_name or "").strip()
    last = (last_name or "").strip()
    parts = [f"{first[0]}***" if first else "", last]
    return " ".join(p for p in parts if p) or "—"
