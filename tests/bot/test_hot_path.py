"""What every update pays for (issue 15), checked without timing anything."""

from __future__ import annotations

from bot.wiring import build_dialogs
from conversations.kit.i18n import I18n


def test_every_filter_and_handler_runs_on_the_event_loop() -> None:
    """aiogram runs a plain function — a magic filter such as ``F.text.in_(...)`` included — in a
    worker thread: two thread hops for a set lookup, several per update. Every filter and handler
    of the dialogs is a coroutine function."""
    root = build_dialogs(I18n("fa")).router
    synchronous = [
        f"{router.name}.{event}: {getattr(item.callback, '__qualname__', repr(item.callback))}"
        for router in root.chain_tail
        for event, observer in router.observers.items()
        for handler in [observer._handler, *observer.handlers]
        for item in [*(handler.filters or []), *([handler] if handler is not observer._handler else [])]
        if not item.awaitable
    ]
    assert synchronous == []
