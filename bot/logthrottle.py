"""Warnings that anyone can cause must not be able to fill the disk or bury a real alert (issue 31).

``LogThrottle.warn(kind, source, notice)``: the first warning of a kind from a source is logged at
once; the rest of its window are counted and told in one line when the window ends ("refused 500
requests with a wrong secret from 203.0.113.7 in the last minute"). While they keep coming, each
window ends with one such line and nothing is logged in between; a window with none forgets the
source. Past ``sources`` sources of one kind in a window, the others share one tally ("… from 3,000
other addresses"), so that many addresses (a botnet, IPv6) do not mean many lines either. Every
warning folded into a summary is counted (``on_folded``, a counter in ``/metrics``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

OTHERS = "\x00others"  # the shared tally's key (no address looks like it)
KEEP_ADDRESSES = 10_000  # distinct addresses remembered to count the shared tally's


@dataclass(frozen=True)
class Notice:
    """What to say: ``once`` for the first warning, ``summary`` for a window's count; format fields
    ``{source}``, ``{count}`` and ``{window}`` ("minute", "10 seconds")."""

    once: str
    summary: str


@dataclass
class _Tally:
    notice: Notice
    count: int = 0  # warnings of this window (the first one, logged at once, included)
    logged_first: bool = False
    addresses: set[str] = field(default_factory=set)  # the shared tally's sources


class LogThrottle:
    def __init__(
        self,
        logger: logging.Logger,
        *,
        window: float = 60.0,
        sources: int = 20,
        on_folded: Callable[[str], None] | None = None,
    ) -> None:
        self.logger = logger
        self.window = window
        self.sources = sources
        self.on_folded = on_folded
        self._tallies: dict[tuple[str, str], _Tally] = {}
        self._per_kind: dict[str, int] = {}  # sources tallied on their own, by kind
        self._timers: dict[tuple[str, str], asyncio.TimerHandle] = {}

    def warn(self, kind: str, source: str, notice: Notice) -> None:
        key = (kind, source)
        tally = self._tallies.get(key)
        if tally is None and self._per_kind.get(kind, 0) >= self.sources:
            key = (kind, OTHERS)
            tally = self._tallies.get(key)
            if tally is None:
                tally = self._start(key, notice)
            if len(tally.addresses) < KEEP_ADDRESSES:
                tally.addresses.add(source)
        elif tally is None:
            self._per_kind[kind] = self._per_kind.get(kind, 0) + 1
            tally = self._start(key, notice)
            tally.count = 1
            tally.logged_first = True
            self.logger.warning(notice.once.format(source=source))
            return
        tally.count += 1
        if self.on_folded is not None:
            self.on_folded(kind)

    def close(self) -> None:
        """Say what the open windows counted (at shutdown), and forget them."""
        for key in list(self._timers):
            self._timers.pop(key).cancel()
            self._end(key, again=False)

    # ---- windows --------------------------------------------------------------------------------

    def _start(self, key: tuple[str, str], notice: Notice) -> _Tally:
        tally = self._tallies[key] = _Tally(notice)
        self._timers[key] = asyncio.get_running_loop().call_later(self.window, self._end, key)
        return tally

    def _end(self, key: tuple[str, str], again: bool = True) -> None:
        self._timers.pop(key, None)
        tally = self._tallies.pop(key)
        folded = tally.count - (1 if tally.logged_first else 0)
        if folded:
            self.logger.warning(
                tally.notice.summary.format(source=self._name(key, tally), count=tally.count, window=self._window())
            )
        if folded and again:  # still coming: the next window is quiet from its start
            self._tallies[key] = _Tally(tally.notice)
            self._timers[key] = asyncio.get_running_loop().call_later(self.window, self._end, key)
        elif key[1] != OTHERS:
            self._per_kind[key[0]] -= 1
            if not self._per_kind[key[0]]:
                del self._per_kind[key[0]]

    @staticmethod
    def _name(key: tuple[str, str], tally: _Tally) -> str:
        if key[1] != OTHERS:
            return key[1]
        many = len(tally.addresses)
        return f"{many:,}{'+' if many >= KEEP_ADDRESSES else ''} other addresses"

    def _window(self) -> str:
        if self.window == 60:
            return "minute"
        return f"{self.window:g} seconds"
