"""How many SMS parts a text takes (what an SMS costs: providers charge per part).

GSM 03.38: a text wholly in the GSM-7 alphabet takes 160 characters in one part, 153 per part when
it is split (the rest carries the concatenation header); the extension table's characters
(``^{}[]~|€\\``) count twice. Any other character (Persian letters and digits, the marks that keep a
tracking code left to right) makes the whole text UCS-2: 70 characters in one part, 67 per part
split. A Persian SMS of one part is therefore at most 70 characters.
"""

from __future__ import annotations

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM7_BASIC or ch in _GSM7_EXTENDED for ch in text)


def units(text: str) -> int:
    """The text's length as the network counts it (GSM-7 septets, or UCS-2 code units)."""
    if is_gsm7(text):
        return sum(2 if ch in _GSM7_EXTENDED else 1 for ch in text)
    return len(text.encode("utf-16-le")) // 2


def parts(text: str) -> int:
    """How many SMS parts ``text`` is sent in (0 for an empty text)."""
    n = units(text)
    if n == 0:
        return 0
    single, split = (160, 153) if is_gsm7(text) else (70, 67)
    return 1 if n <= single else -(-n // split)
