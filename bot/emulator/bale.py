"""Bale as the emulator plays it: one switch per uncertain fact (``BaleFacts``), and Bale's
Markdown rendered the way a Bale user would see a text (``render_markdown``).

The defaults are the most likely facts per ``shared/platforms/bale.md``; a test flips a switch to
run the bot against the other answer. This model is written from the facts, not from the bot's
code, so that a test reading what it renders checks the bot rather than itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# bale.md: typing, upload_photo, record_video, upload_video, record_voice, upload_voice, choose_sticker
CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "choose_sticker"}
)
TRANSACTION_STATES = ("pending", "paid", "failed", "rejected")


@dataclass
class BaleFacts:
    """The uncertain facts, one switch each (default: the most likely answer)."""

    # edits: editMessageText etc. work, on messages with inline keyboards too (medium-high)
    edits_refused: bool = False  # every edit answered 400
    inline_edits_refused: bool = False  # an edit of a message that carries an inline keyboard answered 400
    # every text is parsed as Bale's Markdown, parse_mode or not (medium-high)
    markdown_always: bool = True
    # sendChatAction exists with seven actions only (high): any other action answered 400
    chat_actions_limited: bool = True
    # setMyCommands is in no client's method list (medium): 404
    set_my_commands_missing: bool = True
    # inquireTransaction answers this status for every transaction; None: no such method (404)
    inquire_transaction_status: str | None = "paid"
    # callback queries come from old clients (ids starting with "1"), which show no answer text
    old_client_callbacks: bool = False
    # uploads as attach:// references refused (medium-low): only plain multipart parts
    attach_refused: bool = True
    # deleteWebhook answers true and changes nothing (medium): an empty setWebhook removes it
    delete_webhook_ignored: bool = True
    # per-transaction answers that win over ``inquire_transaction_status`` (a test's script)
    transactions: dict[str, str] = field(default_factory=dict)

    def transaction_status(self, transaction_id: str) -> str | None:
        return self.transactions.get(transaction_id, self.inquire_transaction_status)


# ---- Markdown --------------------------------------------------------------------------------------
# bale.md: `*bold*` and `_italic_` need spaces around the markers (a marker opens after the start, a
# space or "(" and closes before a space, punctuation or the end); `[text](url)` is a link. The link
# is modelled for any target, not only http(s) URLs: the stricter reading for a bot that must keep
# `[x](y)` as typed. Zero-width format characters have no glyph: a person sees the text without them.

_EDGE_BEFORE = r"(?:(?<=[\s(])|^)"
_EDGE_AFTER = r"(?=[\s.,:;!?؟،)]|$)"
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")
_STYLES = {
    "bold": re.compile(_EDGE_BEFORE + r"\*(?=\S)([^*\n]+?)(?<=\S)\*" + _EDGE_AFTER, re.MULTILINE),
    "italic": re.compile(_EDGE_BEFORE + r"_(?=\S)([^_\n]+?)(?<=\S)_" + _EDGE_AFTER, re.MULTILINE),
}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))


def render_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    """What a Bale user sees of ``text``, and the entities (bold, italic, text_link) it got.
    Offsets are in Python characters of the text at that pass (links, then bold, then italic): enough
    for tests, which read the text and the entities' types."""
    entities: list[dict[str, Any]] = []
    for kind, pattern in (("text_link", _LINK), *_STYLES.items()):
        shown, last = [], 0
        for match in pattern.finditer(text):
            shown.append(text[last : match.start()])
            start = sum(map(len, shown))
            shown.append(match.group(1))
            entity: dict[str, Any] = {"type": kind, "offset": start, "length": len(match.group(1))}
            if kind == "text_link":
                entity["url"] = match.group(2)
            entities.append(entity)
            last = match.end()
        shown.append(text[last:])
        text = "".join(shown)
    return visible(text), entities


def visible(text: str) -> str:
    """``text`` without the zero-width characters that have no glyph (a person cannot see them)."""
    return text.translate(_INVISIBLE)
