"""The real `nezam-bot run` process against the emulator: killed mid-dialog, started again, the
applicant continues at the same question; SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from bot.emulator import BotApiEmulator
from tests.e2e.conftest import BALE_TOKEN, TELEGRAM_TOKEN
from tests.e2e.flows import expect
from tests.factories import with_prefix


async def start_bot(emulator: BotApiEmulator, tmp: Path, **extra_env: str) -> asyncio.subprocess.Process:
    """`nezam-bot run` against the emulator; returns once it is up (``extra_env``: more settings)."""
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_API_BASE": emulator.base_url,
        "BALE_TOKEN": BALE_TOKEN,
        "BALE_API_BASE": emulator.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'bot.db'}",
        "FILES_DIR": str(tmp / "files"),
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2]), os.environ.get("PYTHONPATH", "")]),
        **extra_env,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", env=env, cwd=tmp, stderr=asyncio.subprocess.PIPE
    )
    bot = emulator.bots[TELEGRAM_TOKEN]
    calls = len(bot.calls)
    deadline = time.monotonic() + 60  # a loaded CI machine starts a process slowly
    while time.monotonic() < deadline:  # up when it has set its commands
        if any(m == "setMyCommands" for m, _ in bot.calls[calls:]):
            return process
        if process.returncode is not None:
            break
        await asyncio.sleep(0.05)
    if process.returncode is None:
        process.kill()
    raise AssertionError(f"nezam-bot run did not come up (exit code {process.returncode})")


async def test_killed_mid_dialog_and_restarted(emulator: BotApiEmulator, tmp_path: Path) -> None:
    process = await start_bot(emulator, tmp_path)
    user = emulator.user(TELEGRAM_TOKEN, 9101)
    try:
        await expect(user, await user.send("/start"), "منوی اصلی")
        await user.send("📝 درخواست عضویت")
        await user.share_contact("+989121112233")
        await user.send(with_prefix("461"))
        await expect(user, await user.send("سارا"), "نام خانوادگی")
    finally:
        process.kill()  # no goodbye: SIGKILL
        await process.wait()

    process = await start_bot(emulator, tmp_path)
    try:
        await expect(user, await user.send("/start"), "ادامه درخواست عضویت")
        await expect(user, await user.send("📝 ادامه درخواست عضویت"), "نام خانوادگی", "پرسش ۳ از ۷")
        await expect(user, await user.send("محمدی"), "نام پدر")
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 20)
    assert code == 0
    assert process.stderr is not None
    log = (await process.stderr.read()).decode()
    assert "Traceback" not in log
    assert "سارا" not in log and "09121112233" not in log  # no personal data in logs
