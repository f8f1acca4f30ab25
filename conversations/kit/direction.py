"""Left-to-right words inside Persian text, shown in place (issue 29).

Inside a right-to-left paragraph the Unicode bidi algorithm (UAX #9) moves the neutral characters
at the edges of a left-to-right word to the Persian side: «/start» shows as «start/», a dashed
membership number «۱۴-۱۳۹۸-۰۰۷۳۱» shows its parts in reverse (after Persian letters its digits
are Arabic numbers, which a dash does not join), and a line that begins with a tracking code is
laid out left to right as a whole. A left-to-right isolate (LRI U+2066 … PDI U+2069, UAX #9 §2.4)
around each such word keeps it one left-to-right run and makes it count as a neutral for the
paragraph's direction (rule P2 skips isolates), so the line stays right to left.

Applied once, where texts leave for a chat (``bot.session.IsolateMiddleware``), never to what is
stored, printed (PDFs lay out their own runs) or sent by SMS. The isolates are invisible but are
characters: a code copied with them must still be understood, so every parser of what people type
drops them (``scoring.normalize.normalize_text``, ``storage.tracking._CLEAN``), and file names are
made from stored values, never from message texts.
"""

from __future__ import annotations

import re

LRI, PDI = "\u2066", "\u2069"
LRM = "\u200e"

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_INNER = r"A-Za-z0-9@._%+\-/:#?=&~"  # what a command, code, e-mail or web address is made of
_WORD = rf"[/@#]?[A-Za-z0-9](?:[{_INNER}]*[A-Za-z0-9/])?"  # ends in a letter, digit or slash, not a full stop
_DIGITS = r"[0-9\u06f0-\u06f9]+"
_LTR = re.compile(
    rf"(?<![{_INNER}\u06f0-\u06f9]){LRM}?"  # not inside a word; an LRM before it is replaced
    rf"(?:(?=[^\s]*[A-Za-z])(?:{_WORD})(?: (?:{_WORD}))*"  # Latin words (several: «Ali Rezaei»)
    rf"|{_DIGITS}(?:-{_DIGITS})+)"  # digits joined by dashes: a membership or license number
    rf"(?![A-Za-z0-9\u06f0-\u06f9])"  # a whole word (a full stop after it is the sentence's)
)


_ISOLATED = re.compile("([\u2066-\u2068][^\u2069]*\u2069)")


def isolate_ltr(text: str) -> str:
    """``text`` with every left-to-right word of a Persian (Arabic-script) text between LRI and
    PDI; a text without Persian letters is left alone. Idempotent."""
    if not _ARABIC_SCRIPT.search(text):
        return text
    parts = _ISOLATED.split(text)  # what is isolated already stays as it is (odd parts)
    return "".join(
        part if n % 2 else _LTR.sub(lambda m: LRI + m.group().removeprefix(LRM) + PDI, part)
        for n, part in enumerate(parts)
    )


def strip_isolates(text: str) -> str:
    """``text`` without the isolates :func:`isolate_ltr` adds (for comparing what people saw)."""
    return text.replace(LRI, "").replace(PDI, "")


_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def strip_marks(text: str) -> str:
    """``text`` without invisible direction marks and isolates: what a person sends after copying
    a command or a code out of our own messages («\u2066/status\u2069» is the command /status)."""
    return _MARKS.sub("", text)
