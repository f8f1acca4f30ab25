"""Every message key the core raises or explains with exists in Persian and in English; numbers
and dates reach a message printed as people read them, without Babel's locale data."""

import datetime as dt
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from scoring import InvalidInput
from scoring.messages import core_ftl, has_message, new_bundle, number_text

SCORING = Path(__file__).parents[2] / "scoring"
KEY = re.compile(r'"((?:invalid|input|score|rules)-[a-z0-9-]+)"')


def keys_used_in_code() -> set[str]:
    return {k for path in SCORING.glob("*.py") for k in KEY.findall(path.read_text())}


def ftl_keys(lang: str) -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9-]*) =", core_ftl(lang), re.M))


def test_the_code_uses_many_keys() -> None:
    assert len(keys_used_in_code()) > 30


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_key_has_a_message(lang: str) -> None:
    missing = sorted(k for k in keys_used_in_code() if not has_message(k, lang))
    assert missing == []


def test_both_languages_have_the_same_keys() -> None:
    assert ftl_keys("fa") == ftl_keys("en")


# ---- numbers and dates in messages (printed by the core, not by Babel) ----------------------

NUMBERS = [
    (0, "۰", "0"),
    (7, "۷", "7"),
    (1500, "۱٬۵۰۰", "1,500"),
    (-1234567, "-۱٬۲۳۴٬۵۶۷", "-1,234,567"),
    (Decimal("12.50"), "۱۲٫۵", "12.5"),
    (Decimal("1E+3"), "۱٬۰۰۰", "1,000"),
    (Decimal("1200.5"), "۱٬۲۰۰٫۵", "1,200.5"),  # an area: grouped as a whole number is
    (Decimal("-0.5"), "-۰٫۵", "-0.5"),
    (0.25, "۰٫۲۵", "0.25"),
]


@pytest.mark.parametrize(("value", "fa", "en"), NUMBERS)
def test_numbers_read_as_people_write_them(value: int | float | Decimal, fa: str, en: str) -> None:
    assert number_text(value, "fa") == fa
    assert number_text(value, "en") == en


def test_a_number_given_to_a_message_has_the_languages_digits() -> None:
    error = InvalidInput("invalid-national-code-length", "123456789", params={"length": 9})
    assert "۹ رقم وارد شد" in error.message("fa")
    assert "9" in error.message("en")
    wrong = InvalidInput("input-wrong-count", [], field="desirability", params={"count": 1500})
    assert "۱٬۵۰۰" in wrong.message("fa")
    assert "1,500" in wrong.message("en")


SELECTS = """
count = { $n ->
    [0] none
    [one] one
   *[other] { $n } many
}
when = on { $day }
"""


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_number_still_selects_its_variant(lang: str) -> None:
    bundle = new_bundle(lang, [SELECTS])
    message = bundle.get_message("count").value
    assert message is not None

    def say(n: object) -> str:
        text, errors = bundle.format_pattern(message, {"n": n})
        assert errors == []
        return str(text)

    assert say(0) == "none"
    assert say(1) == "one"
    assert say(1000) == ("۱٬۰۰۰ many" if lang == "fa" else "1,000 many")


def test_a_date_given_to_a_message_is_jalali() -> None:
    bundle = new_bundle("fa", [SELECTS])
    message = bundle.get_message("when").value
    assert message is not None
    assert bundle.format_pattern(message, {"day": dt.date(2024, 3, 20)}) == ("on ۱۴۰۳/۰۱/۰۱", [])


@pytest.mark.parametrize("value", [True, None, object()])
def test_what_is_neither_text_nor_number_nor_date_is_refused(value: object) -> None:
    bundle = new_bundle("en", [SELECTS])
    message = bundle.get_message("when").value
    assert message is not None
    with pytest.raises(TypeError, match="day"):
        bundle.format_pattern(message, {"day": value})


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_our_plural_rules_are_cldrs(lang: str) -> None:
    """The plural rule written in scoring/messages.py is the one Babel's locale data holds."""
    from babel import Locale

    ours: Any = new_bundle(lang, [])._plural_form
    cldr: Any = Locale.parse(lang).plural_form
    for n in [0, 1, 2, 5, 11, 21, 100, Decimal("0.5"), Decimal("1.0"), Decimal("1.5"), 1.25]:
        assert ours(n) == cldr(n), n


def test_no_ftl_file_asks_babel_to_print() -> None:
    """NUMBER() and DATETIME() would print through Babel's locale data, which is never loaded."""
    files = [*SCORING.glob("locales/*/*.ftl"), *(SCORING.parent / "conversations").glob("locales/*/*.ftl")]
    assert len(files) > 10
    assert [f.name for f in files if re.search(r"\b(NUMBER|DATETIME)\(", f.read_text("utf-8"))] == []


def test_rendering_every_core_message_loads_no_babel_locale_data() -> None:
    script = r"""
import babel.localedata
from scoring.messages import render, core_ftl
import re
for lang in ("fa", "en"):
    ftl = core_ftl(lang)
    numbers = dict.fromkeys(re.findall(r"\$([a-z_]+)", ftl), 1500)
    for key in re.findall(r"^([a-z][a-z0-9-]*) =", ftl, re.M):
        render(key, lang, numbers)
print(sorted(babel.localedata._cache))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
