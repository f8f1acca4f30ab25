"""What an SMS says (issue 24): a short text in the recipient's language — one part where possible
(70 characters in Persian, ``scoring.sms``) — with the file's tracking code and nothing else of
the file: never a national code, a name or a family member's name (an SMS is read on a lock
screen, by whoever holds the phone).

Each SMS has a *kind*, the name of its text (``sms-<kind>``) and of the provider's template
(``SMS_TEMPLATES``: ``kind=template id``): a decision's kind is its notice's key without
``notify-`` (and without the ``-invoice`` / ``-slip`` that only says how the fee is paid); a
reminder's is ``reminder-<reason>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.kit.i18n import Translator
from scoring.sms import parts

# every kind an SMS can be (each has its text in every language, and may have a template)
DECISIONS = (
    "returned",
    "rejected",
    "slip-refused",
    "approved",
    "dues",
    "member",
    "dues-settled",
    "license-sent",
    "license-closed",
    "license-revoked",
)
REMINDERS = ("reminder-draft", "reminder-returned", "reminder-fee")
KINDS = DECISIONS + REMINDERS


def kind_of(notice_key: str) -> str:
    kind = notice_key.removeprefix("notify-")
    for how in ("-invoice", "-slip"):
        if kind.endswith(how) and kind != "slip-refused":
            return kind.removesuffix(how)
    return kind


@dataclass(frozen=True, slots=True)
class SmsText:
    kind: str
    text: str
    params: dict[str, str]  # a template's tokens
    parts: int


def render(t: Translator, kind: str, code: str) -> SmsText:
    text = t(f"sms-{kind}", code=code)
    return SmsText(kind, text, {"code": code}, parts(text))
