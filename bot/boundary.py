"""An update is checked before anything is stored or handled (issue 31), in both modes: the webhook's
body (``bot.webhook``: refused with 400) and each item of a ``getUpdates`` answer (``bot.polling``:
skipped and acknowledged). Refused means one warning line (throttled, ``bot.logthrottle``) and a
counter (``nezam_updates_refused_total{platform,reason}``), never an ERROR line or a traceback.

Strict on what the bot relies on, tolerant of the rest (Bale is Telegram-compatible but may send
fields differently, ``../shared/platforms/bale.md``):

- JSON, an object, nested at most ``MAX_DEPTH`` deep and ``MAX_NODES`` values in all (a real update
  is a few hundred);
- ``update_id`` an integer from 0 to 2^63-1, and exactly one kind of update the Bot API knows
  (``message``, ``callback_query``, …; a field set to null counts as absent);
- every integer anywhere (ids of users, chats, messages) within signed 64 bits, also one that came
  as a string, and every number finite;
- every string at most 4,096 characters (the API's longest: a message's text, a Premium user's
  caption), a button's data at most 64 bytes, an invoice payload 128 bytes, an inline query 256
  characters;
- then aiogram's own model (``Update``), which keeps unknown extra fields as they are.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.types import Update
from pydantic import BaseModel, ValidationError

from bot.logthrottle import LogThrottle, Notice

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger("nezam.boundary")

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_DEPTH = 32
MAX_NODES = 20_000
MAX_STRING = 4096  # characters: a message's text (and a Premium caption) after entities parsing
BYTES = {"data": 64, "invoice_payload": 128}  # callback_query.data; pre_checkout_query / successful_payment
CHARACTERS = {"query": 256}  # inline_query.query
UPDATE_KINDS = frozenset(name for name in Update.model_fields if name != "update_id")
_NAME = re.compile(r"[a-z_]{1,40}")


class BadUpdate(ValueError):
    """An update not taken: ``reason`` is a metric label (a fixed word), ``detail`` names the field
    and never holds a value from the update (it is logged and answered)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def parse_json(body: bytes) -> Any:
    """The body as JSON; NaN and Infinity are not JSON, and nesting deep enough to exhaust the
    parser's recursion is refused like any other malformed body."""
    try:
        return json.loads(body, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BadUpdate("not_json", "the body is not JSON") from None


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def read_update(raw: Any, bot: Bot) -> Update:
    """``raw`` (parsed JSON) as an ``Update`` bound to ``bot``, or ``BadUpdate``."""
    if not isinstance(raw, dict):
        raise BadUpdate("not_an_update", "not a JSON object")
    if "update_id" not in raw:
        raise BadUpdate("not_an_update", "no update_id")
    kinds = [name for name in UPDATE_KINDS if raw.get(name) is not None]
    if not kinds:
        raise BadUpdate("unknown_kind", "no kind of update the Bot API knows")
    if len(kinds) > 1:
        raise BadUpdate("several_kinds", "more than one kind of update: " + ", ".join(sorted(kinds)))
    _check_tree(raw)
    try:
        update = Update.model_validate(raw, context={"bot": bot})
    except ValidationError as exc:
        raise BadUpdate("invalid", "not a Bot API update: " + _where(exc)) from None
    if not 0 <= update.update_id <= INT64_MAX:
        raise BadUpdate("out_of_range", "update_id out of range")
    _check_model_integers(update, ["update"])  # numbers that came as strings and were converted
    return update


def update_id_of(raw: Any) -> int | None:
    """The id of an item of getUpdates even if it is refused (it is acknowledged all the same), or
    None when it has no usable one."""
    value = raw.get("update_id") if isinstance(raw, dict) else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= INT64_MAX:
        return value
    return None


# ---- the tree ---------------------------------------------------------------------------------


def _check_tree(raw: dict[str, Any]) -> None:
    nodes = 0
    stack: list[tuple[Any, tuple[str, ...]]] = [(raw, ())]
    while stack:
        value, path = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise BadUpdate("too_big", f"more than {MAX_NODES} values")
        if len(path) > MAX_DEPTH:
            raise BadUpdate("too_deep", f"nested more than {MAX_DEPTH} deep")
        if isinstance(value, dict):
            stack.extend((item, (*path, _name(key))) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, path) for item in value)
        elif isinstance(value, str):
            _check_string(value, path)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if not INT64_MIN <= value <= INT64_MAX:
                raise BadUpdate("out_of_range", f"{_dotted(path)} out of the 64-bit range")
        elif isinstance(value, float) and not math.isfinite(value):
            raise BadUpdate("not_finite", f"{_dotted(path)} is not a finite number")


def _check_string(value: str, path: tuple[str, ...]) -> None:
    key = path[-1] if path else ""
    if len(value) > MAX_STRING:
        raise BadUpdate("too_long", f"{_dotted(path)} longer than {MAX_STRING} characters")
    if key in CHARACTERS and len(value) > CHARACTERS[key]:
        raise BadUpdate("too_long", f"{_dotted(path)} longer than {CHARACTERS[key]} characters")
    if key in BYTES and len(value.encode("utf-8", "surrogatepass")) > BYTES[key]:
        raise BadUpdate("too_long", f"{_dotted(path)} longer than {BYTES[key]} bytes")


def _check_model_integers(value: Any, path: list[str]) -> None:
    if isinstance(value, BaseModel):
        for name, item in value.__dict__.items():
            if item is not None:
                _check_model_integers(item, [*path, name])
    elif isinstance(value, list | tuple):
        for item in value:
            _check_model_integers(item, path)
    elif isinstance(value, int) and not isinstance(value, bool) and not INT64_MIN <= value <= INT64_MAX:
        raise BadUpdate("out_of_range", f"{'.'.join(path[1:])} out of the 64-bit range")


def _name(key: str) -> str:
    """A key as it may be shown: the API's names are lower-case words; anything else is not echoed."""
    return key if _NAME.fullmatch(key) else "?"


def _dotted(path: Iterable[str]) -> str:
    return ".".join(path) or "the update"


def _where(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    loc: Sequence[Any] = errors[0]["loc"] if errors else ()
    return ".".join(_name(str(part)) for part in loc if not isinstance(part, int)) or "the update"


# ---- what is said and counted -------------------------------------------------------------------


class UpdateScreen:
    """Reads updates at the boundary for both modes, and tells of the refused ones: a warning
    (the first of a kind from a source at once, the rest summarised) and a counter."""

    def __init__(self, metrics: Metrics | None = None, throttle: LogThrottle | None = None) -> None:
        self.metrics = metrics
        self.throttle = throttle or LogThrottle(log, on_folded=metrics.folded if metrics else None)

    def read(self, platform: str, raw: Any, bot: Bot, source: str) -> Update | None:
        """The update, or None when it is refused (said and counted here)."""
        try:
            return read_update(raw, bot)
        except BadUpdate as refused:
            self.refused(platform, source, refused)
            return None

    def refused(self, platform: str, source: str, refused: BadUpdate) -> None:
        if self.metrics is not None:
            self.metrics.refused_update(platform, refused.reason)
        notice = Notice(
            f"{platform}: refused an update from {{source}} ({refused.detail})",
            f"{platform}: refused {{count}} updates ({refused.reason}) from {{source}} in the last {{window}}",
        )
        self.throttle.warn(f"{platform}:{refused.reason}", source, notice)

    def batch(self, platform: str, bot: Bot, items: Sequence[Any]) -> tuple[list[Update], int | None]:
        """A getUpdates answer: its acceptable updates, and the highest id among all its items (the
        refused ones are acknowledged too: the messenger would deliver them again and again)."""
        updates: list[Update] = []
        highest: int | None = None
        for raw in items:
            update_id = update_id_of(raw)
            if update_id is not None:
                highest = update_id if highest is None else max(highest, update_id)
            update = self.read(platform, raw, bot, "getUpdates")
            if update is not None:
                updates.append(update)
        return updates, highest
