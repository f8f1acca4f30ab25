"""Which option a person meant by what they typed (a province among 31, an office, a degree level).

People type a name the way their keyboard and memory give it: Arabic yeh and kaf (ي ك), teh
marbuta (ة), hamza forms of alef (أ إ), diacritics (ـَ ـِ), with or without spaces and zero-width
non-joiners («چهار محال», «چهارمحال»), or only part of it («بختیاری», «کهگیلویه»). Both the typed
text and every option's names are reduced to a search key, then compared in tiers — the whole
name, its beginning, anywhere in it, and last a near spelling (one letter off: «اصفحان», only
ever offered) — and the first tier that finds anything decides: one option is the answer; a few
are offered as "did you mean"; many ask for more of the name.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from scoring.normalize import normalize_text

# Letters that the same name is written with in Persian and Arabic text (beyond normalize_text's
# yeh and kaf), reduced to one for comparing only: nothing stored changes.
_FOLD = str.maketrans({"ة": "ه", "ۀ": "ه", "ہ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی"})

# «و» / "and" between the parts of a name (چهارمحال و بختیاری) is left out as often as it is typed
_AND = frozenset({"و", "and", "&"})

MOST_SUGGESTIONS = 6  # a "did you mean" list longer than this asks for more of the name instead
MIN_PART = 2  # a part of a name shorter than this (one letter) matches too much to mean anything
NEAR = 0.8  # difflib's ratio above which a spelling is "near" (one letter off in a 5–6 letter name)


def search_key(text: str, *, keep_and: bool = False) -> str:
    """``text`` reduced for comparing names: normalised letters and digits, folded case and
    letter variants, no «و» between words, no diacritics (Unicode category Mn), spaces, ZWNJ,
    punctuation or symbols."""
    words = normalize_text(text).casefold().translate(_FOLD).split()
    folded = "".join(w for w in words if keep_and or w not in _AND)
    return "".join(ch for ch in folded if ch.isalnum() and unicodedata.category(ch) != "Mn")


@dataclass(frozen=True)
class NameMatch:
    """What a typed name means among the options: ``found`` (one), or ``candidates`` (a few, in
    the options' order), or neither (``too_many``: it is part of more names than can be offered)."""

    found: str | None = None
    candidates: tuple[str, ...] = ()
    too_many: bool = False


def match_name(typed: str, options: Sequence[tuple[str, Sequence[str]]], *, most: int = MOST_SUGGESTIONS) -> NameMatch:
    """The option (value, its names) that ``typed`` names; see the module's docstring."""
    key = search_key(typed)
    if not key:
        return NameMatch()
    # an option's names with and without their «و», since a typed one may have it glued (…ه‌وبو…)
    keyed = [
        (value, [k for n in names for k in dict.fromkeys((search_key(n), search_key(n, keep_and=True))) if k])
        for value, names in options
    ]

    def tier(test: object) -> list[str]:
        return [value for value, keys in keyed if any(test(k) for k in keys)]  # type: ignore[operator]

    tiers = [tier(lambda k: k == key)]
    if len(key) >= MIN_PART:
        tiers += [tier(lambda k: k.startswith(key)), tier(lambda k: key in k)]
    for found in tiers:
        if found:
            return _decide(found, most)
    everything = {k: value for value, keys in keyed for k in keys}
    # a near spelling differs in letters, never in a number («پایه 7» is no grade 3)
    near = [
        k for k in difflib.get_close_matches(key, list(everything), n=most, cutoff=NEAR) if _digits(k) == _digits(key)
    ]
    order = [value for value, _ in options]
    # a near spelling is a guess: offered, never taken, even when it is one
    return _decide(sorted({everything[k] for k in near}, key=order.index), most, sure=False)


def _digits(key: str) -> str:
    return "".join(ch for ch in key if ch.isdigit())


def _decide(found: list[str], most: int, *, sure: bool = True) -> NameMatch:
    unique = list(dict.fromkeys(found))
    if len(unique) == 1 and sure:
        return NameMatch(found=unique[0])
    if len(unique) > most:
        return NameMatch(too_many=True)
    return NameMatch(candidates=tuple(unique))
