"""What each messenger can do. Handlers never check the platform by name: they ask the profile."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PlatformProfile:
    name: str
    # Edit a message that carries an inline keyboard (Bale: send a new message instead).
    edits_inline_messages: bool
    # Show "typing…"/"uploading…" chat actions (Bale: skipped).
    chat_actions: bool
    # aiogram sends uploads as multipart parts referenced by attach://; Bale wants the part
    # itself under the parameter's name (the bot's session does that on Bale).
    attach_uploads: bool
    # Invoice amounts are in the currency's smallest unit: 10**exp per rial. Telegram's
    # currency table gives IRR two decimals; Bale's wallet takes whole rials.
    invoice_amount_exp: int = 0
    # Messages are plain text on both: no parse_mode anywhere (Bale refuses it).
    parse_mode: str | None = None


TELEGRAM = PlatformProfile(
    "telegram", edits_inline_messages=True, chat_actions=True, attach_uploads=True, invoice_amount_exp=2
)
BALE = PlatformProfile("bale", edits_inline_messages=False, chat_actions=False, attach_uploads=False)
PROFILES = {p.name: p for p in (TELEGRAM, BALE)}
