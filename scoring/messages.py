"""Fluent rendering of the core's own messages (validation errors, score explanations).

The texts live in ``scoring/locales/<lang>/core.ftl``; the bot loads the same files into its
own bundles, so a message key means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources

from fluent.runtime import FluentBundle, FluentResource

LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"


def core_ftl(lang: str) -> str:
    """The text of the core's .ftl file for ``lang``."""
    return (resources.files("scoring") / "locales" / lang / "core.ftl").read_text("utf-8")


@cache
def _bundle(lang: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource(core_ftl(lang)))
    return bundle


def has_message(key: str, lang: str) -> bool:
    return bool(_bundle(lang).has_message(key))


def render(key: str, lang: str = DEFAULT_LANGUAGE, args: Mapping[str, object] | None = None) -> str:
    """Render message ``key``; an unknown language falls back to Persian."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    bundle = _bundle(lang)
    if not bundle.has_message(key):
        raise KeyError(f"no message {key!r} in {lang}")
    message = bundle.get_message(key)
    if message.value is None:
        raise KeyError(f"message {key!r} in {lang} has no value")
    text, errors = bundle.format_pattern(message.value, dict(args or {}))
    if errors:
        raise errors[0]
    return str(text)
