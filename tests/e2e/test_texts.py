"""Every text the bot can say exists in both languages, and every key the code names exists."""

from __future__ import annotations

import re
from pathlib import Path

from fluent.syntax import FluentParser, ast

import conversations
from conversations.kit.i18n import LANGUAGES

ROOT = Path(conversations.__file__).parent
# t("key", …), ctx.send("key", …), Refused("key"), outbox.tell(…, "key", …), post_note(ctx, "key", …): literal keys
KEY_USE = re.compile(r"""(?:\bt|send|Refused|(?:tell|post_note)\([^()"]*)\(?\s*"([a-z][a-z0-9-]+)"[,)]""")


def keys(lang: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "locales" / lang).glob("*.ftl"):
        resource = FluentParser().parse(path.read_text("utf-8"))
        found |= {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}
    return found


def test_both_languages_have_the_same_texts() -> None:
    fa, en = keys("fa"), keys("en")
    assert set(LANGUAGES) == {"fa", "en"}
    assert fa - en == set(), "missing in English"
    assert en - fa == set(), "missing in Persian"


def test_every_key_named_in_the_code_exists() -> None:
    known = keys("fa")
    core = Path(conversations.__file__).parent.parent / "scoring" / "locales" / "fa"
    for path in core.glob("*.ftl"):
        resource = FluentParser().parse(path.read_text("utf-8"))
        known |= {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}
    used: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        for key in KEY_USE.findall(path.read_text("utf-8")):
            used.setdefault(key, path.name)
    assert len(used) > 100  # the pattern really finds the keys
    missing = {k: f for k, f in used.items() if k not in known}
    assert missing == {}
