"""Repeated warnings are summarised (issue 31, ``bot.logthrottle``): the first of a kind from a
source at once, the rest in one line per window, many sources in one shared line."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.logthrottle import LogThrottle, Notice

NOTICE = Notice(
    "refused a request with a wrong secret from {source}", "refused {count} from {source} in the last {window}"
)


async def test_repeated_warnings_are_one_line_then_one_summary_per_window(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.throttle")
    folded: list[str] = []
    throttle = LogThrottle(logger, window=0.2, on_folded=folded.append)
    with caplog.at_level(logging.WARNING, logger="tests.throttle"):
        for _ in range(500):
            throttle.warn("wrong_secret", "203.0.113.7", NOTICE)
        throttle.warn("wrong_secret", "198.51.100.1", NOTICE)  # another address: its own first line
        lines = [r.getMessage() for r in caplog.records]
        assert lines == [
            "refused a request with a wrong secret from 203.0.113.7",
            "refused a request with a wrong secret from 198.51.100.1",
        ]
        await asyncio.sleep(0.3)
        assert caplog.records[-1].getMessage() == "refused 500 from 203.0.113.7 in the last 0.2 seconds"
        assert len(caplog.records) == 3  # the second address sent one: nothing to summarise
        for _ in range(7):  # still coming: no line at once, a summary at the window's end
            throttle.warn("wrong_secret", "203.0.113.7", NOTICE)
        assert len(caplog.records) == 3
        await asyncio.sleep(0.3)
        assert caplog.records[-1].getMessage() == "refused 7 from 203.0.113.7 in the last 0.2 seconds"
        await asyncio.sleep(0.3)  # a window with none: the address is forgotten
        throttle.warn("wrong_secret", "203.0.113.7", NOTICE)
        assert caplog.records[-1].getMessage() == "refused a request with a wrong secret from 203.0.113.7"
        throttle.close()
    assert len(folded) == 499 + 7


async def test_many_addresses_share_one_summary(caplog: pytest.LogCaptureFixture) -> None:
    throttle = LogThrottle(logging.getLogger("tests.throttle"), window=0.2, sources=3)
    with caplog.at_level(logging.WARNING, logger="tests.throttle"):
        for n in range(3000):
            throttle.warn("wrong_secret", f"10.0.{n // 256}.{n % 256}", NOTICE)
        assert len(caplog.records) == 3
        await asyncio.sleep(0.3)
    assert caplog.records[-1].getMessage() == "refused 2997 from 2,997 other addresses in the last 0.2 seconds"
    assert len(caplog.records) == 4
