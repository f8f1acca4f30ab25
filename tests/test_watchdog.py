"""The watchdog (``tests/watchdog.py``): a hanging test fails with what it was waiting for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HANGING = """
import asyncio
import gc


async def wait_for_an_answer_that_never_comes(event: asyncio.Event) -> None:
    await event.wait()


async def test_hangs() -> None:
    gc.freeze()  # as an app started in the test's process does (bot.app.settle_memory)
    await wait_for_an_answer_that_never_comes(asyncio.Event())


def test_after_it_runs() -> None:
    assert True
"""


def test_a_hanging_test_fails_with_the_coroutine_it_was_waiting_in(tmp_path: Path) -> None:
    (tmp_path / "test_hang.py").write_text(HANGING)
    env = {**os.environ, "TEST_TIMEOUT": "1", "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.watchdog",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "-o",
            "asyncio_mode=auto",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_hang.py"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "1 failed, 1 passed" in out, out
    assert "test_hang.py::test_hangs still running after 1 s" in out, out
    assert "watchdog: 1 tasks on the loop" in out, out  # found the loop, frozen as it was
    assert "wait_for_an_answer_that_never_comes" in out, out  # the awaiting coroutine's frame
