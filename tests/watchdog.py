"""A test that hangs fails, and says where it hung.

Without this a test waiting forever (a lock never released, an answer that never comes) holds CI
until its 90 minutes run out and says nothing. After ``TEST_TIMEOUT`` seconds (300 by default; 0
turns it off) the watchdog, from a thread of its own:

1. writes every thread's stack to the test's stderr (``faulthandler``) — enough when the event
   loop's own thread is stuck in something synchronous;
2. on each event loop running in the process, prints every task's stack (what each coroutine is
   awaiting — a thread's stack shows only ``select``) and cancels the tasks, so the test ends with
   a failure whose captured stderr holds the dump, and the worker goes on with the next test.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import gc
import io
import os
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

import pytest

TIMEOUT = float(os.environ.get("TEST_TIMEOUT", "300"))


def _running_loops() -> list[asyncio.AbstractEventLoop]:
    gc.unfreeze()  # an app started in this process froze what existed (bot.app.settle_memory)
    return [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop) and o.is_running()]


def _awaiting(coro: object) -> list[str]:
    """A suspended coroutine's whole chain, outermost first: each ``await`` down to the future it
    waits for (``Task.print_stack`` shows only the outermost frame of a suspended task)."""
    lines = []
    for _ in range(100):
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None) or getattr(coro, "ag_frame", None)
        if frame is None:
            lines.append(f"waiting for {coro!r}"[:300])
            break
        lines.append(f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}")
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None) or getattr(coro, "ag_await", None)
        if coro is None:
            break
    return lines


def _dump_and_cancel(loop: asyncio.AbstractEventLoop, out: TextIO | None) -> None:
    tasks = asyncio.all_tasks(loop)
    print(f"--- watchdog: {len(tasks)} tasks on the loop", file=out)
    for task in tasks:
        print(f"--- {task.get_name()}", file=out)
        for line in _awaiting(task.get_coro()):
            print(f"  {line}", file=out)
    for task in tasks:
        task.cancel(f"the test ran past TEST_TIMEOUT={TIMEOUT:g}s")


def _fire(name: str, out: TextIO | None) -> None:
    print(f"\n--- watchdog: {name} still running after {TIMEOUT:g} s", file=out)
    with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):  # no descriptor behind stderr
        faulthandler.dump_traceback(file=sys.__stderr__ or 2, all_threads=True)
    for loop in _running_loops():
        loop.call_soon_threadsafe(_dump_and_cancel, loop, out)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    if TIMEOUT <= 0:
        yield
        return
    timer = threading.Timer(TIMEOUT, _fire, args=(item.nodeid, sys.stderr))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
