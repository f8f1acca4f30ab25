"""What each messenger can do. Handlers never check the platform by name: they ask the profile.

Bale's facts come from public sources, each with a confidence (``shared/platforms/bale.md``).
Where a fact is uncertain the bot tries the better call and falls back on the specific error,
never assuming the worse: a refusal is remembered for that bot (``Learned``), so a wrong guess
costs one failed call per bot, not one per message.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

log = logging.getLogger(__name__)

# what a bot may find refused at run time (``Learned``)
EDITS = "edits"  # editing any message
INLINE_EDITS = "inline-edits"  # editing a message that carries an inline keyboard
CHAT_ACTIONS = "chat-actions"
INQUIRE_TRANSACTION = "inquireTransaction"


class Learned:
    """What one bot has found out about its messenger while running: the calls it refused.

    Process memory, one per bot (``PlatformProfile.for_bot``, built once in ``bot.app``): a restart
    forgets it and pays one refused call again, which is cheaper than a table for facts that do not
    change between runs, and lets a messenger that starts allowing a call be used again after a
    restart."""

    def __init__(self) -> None:
        self._refused: set[str] = set()

    def refused(self, what: str) -> bool:
        return what in self._refused

    def refuse(self, what: str, because: str) -> None:
        if what not in self._refused:
            log.info("the messenger refused %s (%s): not tried again by this bot until a restart", what, because)
            self._refused.add(what)


@dataclass(frozen=True, slots=True)
class PlatformProfile:
    name: str
    # The chat actions ("typing…") the messenger knows; None: all of Telegram's. Another action is
    # shown as "typing" where that is known (Bale has no upload_document).
    chat_actions: frozenset[str] | None
    # aiogram sends uploads as multipart parts referenced by attach://; Bale wants the part
    # itself under the parameter's name (the bot's session does that on Bale).
    attach_uploads: bool
    # Invoice amounts are in the currency's smallest unit: 10**exp per rial. Telegram's
    # currency table gives IRR two decimals; Bale's wallet takes whole rials.
    invoice_amount_exp: int = 0
    # Bale parses every text as its own Markdown and renders no HTML, whatever parse_mode says:
    # texts go out neutralised (``neutralise_markdown``, in the bot's session) and never with a
    # parse_mode. Telegram: plain text, no parse_mode.
    markdown_always: bool = False
    # Uncertain facts: a refused edit, chat action or method is remembered for the bot (``Learned``).
    learns_refusals: bool = False
    # Bale: ``inquireTransaction`` confirms a successful_payment before the file is marked paid.
    inquires_transactions: bool = False
    # Bale: a callback query id starting with this comes from an old client that cannot show the
    # answer's text, so the text is also sent as a message.
    old_client_callback_prefix: str | None = None
    # Bale: no setMyCommands in any client's method list; commands are set in Bale's BotFather.
    commands_by_api: bool = True
    learned: Learned = field(default_factory=Learned, compare=False, repr=False)

    def for_bot(self) -> PlatformProfile:
        """This profile with a memory of its own, for one bot."""
        return replace(self, learned=Learned())

    def chat_action(self, action: str) -> str | None:
        """The action to show for ``action``, or None for none."""
        if self.learned.refused(CHAT_ACTIONS):
            return None
        if self.chat_actions is None or action in self.chat_actions:
            return action
        return "typing" if "typing" in self.chat_actions else None

    def is_old_client_callback(self, query_id: str) -> bool:
        return self.old_client_callback_prefix is not None and query_id.startswith(self.old_client_callback_prefix)


# bale.md: typing, upload_photo, record_video, upload_video, record_voice, upload_voice, choose_sticker
BALE_CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "choose_sticker"}
)

TELEGRAM = PlatformProfile("telegram", chat_actions=None, attach_uploads=True, invoice_amount_exp=2)
BALE = PlatformProfile(
    "bale",
    chat_actions=BALE_CHAT_ACTIONS,
    attach_uploads=False,
    markdown_always=True,
    learns_refusals=True,
    inquires_transactions=True,
    old_client_callback_prefix="1",
    commands_by_api=False,
)
PROFILES = {p.name: p for p in (TELEGRAM, BALE)}


# ---- Bale's Markdown ------------------------------------------------------------------------------

WORD_JOINER = "\u2060"  # invisible, not a space, no line break, and joins no letters (a format character)
_MARKERS = re.compile(f"{WORD_JOINER}?([*_`~\\[\\]]){WORD_JOINER}?")


def neutralise_markdown(text: str) -> str:
    """``text`` as Bale must show it, as typed: every Markdown marker (``* _ ` ~ [ ]``) between two
    word joiners.

    Bale's bold and italic need the marker to stand at a word's edge — after a space or the start
    and before a space, punctuation or the end (``*bold*``, ``_italic_``) — and a link needs ``](``
    together (``[text](url)``). An invisible non-space on both sides of a marker breaks all three
    patterns, and shows nothing: the text looks, and is copied, as it was typed. Backslash escapes
    were the other choice; nothing public says that Bale honours them, and where it does not, the
    backslashes would show. Idempotent; only markers are touched, never letters (so Persian words
    keep their joining)."""
    return _MARKERS.sub(lambda m: f"{WORD_JOINER}{m.group(1)}{WORD_JOINER}", text)
