"""Every message key the core raises or explains with exists in Persian and in English."""

import re
from pathlib import Path

import pytest

from scoring.messages import core_ftl, has_message

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
