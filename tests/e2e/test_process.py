"""The real `nezam-bot run` process against the emulator: killed mid-dialog, started again, the
applicant continues at the same question and the first answer counts; killed in the middle of
handling an update, the update is handled after the restart, once; Redis unreachable at start
changes nothing; SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.emulator import BotApiEmulator
from storage import cases, documents, people
from storage.db import make_engine, make_sessionmaker
from tests.e2e import flows
from tests.e2e.conftest import BALE_TOKEN, TELEGRAM_TOKEN, Harness, make_settings, until
from tests.e2e.flows import expect
from tests.factories import FILES_KEY, with_prefix
from tests.images import jpeg_bytes, photo


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
        "FILES_KEY": FILES_KEY,
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


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


LIST = "دانشگاه تهران ✅"  # the degree complete on the list of degrees, once its photo is taken
SUMMARY = "📋 مدرک تحصیلی"  # the degree's summary, shown once its photo is taken again from it


async def killed_while_downloading(
    process: asyncio.subprocess.Process, emulator: BotApiEmulator, push: Callable[[], int], *, acknowledged: bool
) -> int:
    """Push an update whose handling downloads a file (slowly), and SIGKILL the bot in the middle:
    once the messenger has its acknowledgement (``acknowledged``: the bot stored it), or at once."""
    bot = emulator.bots[TELEGRAM_TOKEN]
    emulator.hold_downloads()
    downloads = len(emulator.downloads)
    update_id = push()
    try:
        await until(lambda: len(emulator.downloads) > downloads)  # the handler is in the middle
        if acknowledged:
            await until(lambda: bot.acknowledged >= update_id)
    finally:
        process.kill()  # no goodbye: the update's transaction never commits
        await process.wait()
        emulator.release_downloads()
    return update_id


async def test_killed_between_and_while_handling_updates_nothing_is_lost_or_done_twice(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # one applicant walks to a degree's certificate photo with the bot in this process (faster) …
    harness = Harness(emulator, None, make_settings(tmp_path, emulator.base_url), tmp_path)  # type: ignore[arg-type]
    await harness.start()
    user = emulator.user(TELEGRAM_TOKEN, 9102)
    await flows.to_degree_certificate(user)
    await harness.stop()
    bot = emulator.bots[TELEGRAM_TOKEN]
    bot.handled = None  # from here the bot is another process: its answers are waited for

    # … then the real process; another applicant starts with it
    logs = []
    process = await start_bot(emulator, tmp_path)
    other = emulator.user(TELEGRAM_TOKEN, 9101)
    # (a bot in another process: each step waits for the number of messages its answer has)
    await expect(other, await other.send("/start", replies=2), "منوی اصلی")
    await expect(other, await other.send("📝 درخواست عضویت", replies=3), "شماره همراه")
    await expect(other, await other.share_contact("+989121112233", replies=2), "کد ملی")
    await expect(other, await other.send(with_prefix("461"), replies=1), "نام خود را")
    await expect(other, await other.send("سارا", replies=1), "نام خانوادگی")
    # kill 1, while the photo is being downloaded, after the bot stored the update and acknowledged it
    first = await killed_while_downloading(
        process, emulator, lambda: user.push_photo(jpeg_bytes(photo(seed=31))), acknowledged=True
    )
    logs.append(process)
    sent = len(user.messages())
    # restarted with Redis unreachable: nothing the applicant sees depends on it
    process = await start_bot(emulator, tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    try:
        await user.wait_for(LIST, within=20)
        assert len([m for m in user.messages()[sent:] if LIST in m.body]) == 1
        assert bot.delivered[first] == 1  # not delivered again: handled from the inbox
        await expect(other, await other.send("محمدی", replies=1), "نام پدر")  # the first answer after a restart counts
        await expect(user, await user.press("ویرایش ۱", replies=1), SUMMARY)  # the degree again …
        await expect(user, await user.press("تصویر مدرک تحصیلی", replies=1), "تصویر مدرک تحصیلی را")  # … another photo
        # kill 2: at once, before the bot acknowledged it
        second = await killed_while_downloading(
            process, emulator, lambda: user.push_photo(jpeg_bytes(photo(seed=32))), acknowledged=False
        )
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    logs.append(process)
    sent = len(user.messages())
    process = await start_bot(emulator, tmp_path)
    try:
        await user.wait_for(SUMMARY, within=20)
        await expect(other, await other.send("/start", replies=1), "ادامه درخواست عضویت")
        await expect(other, await other.send("📝 ادامه درخواست عضویت", replies=1), "نام پدر", "پرسش ۴ از ۷")
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 20)
    logs.append(process)
    assert code == 0
    assert len([m for m in user.messages()[sent:] if SUMMARY in m.body]) == 1
    # delivered again by the messenger (2), or stored just before the kill and handled from the inbox (1)
    path = "delivered again" if bot.delivered[second] == 2 else "from the inbox"
    print(f"\nkill -9 while handling: the first from the inbox, the second {path}")

    texts = []
    for finished in logs:
        assert finished.stderr is not None
        texts.append((await finished.stderr.read()).decode())
    assert "REDIS_URL" in texts[1] and "starting without it" in texts[1]
    for log in texts:
        assert "Traceback" not in log
        assert "سارا" not in log and "09121112233" not in log and "محمدی" not in log  # no personal data

    engine = make_engine(make_settings(tmp_path, emulator.base_url).database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            applicant = (await people.find_applicants(session, mobile="09123456789"))[0]
            case = (await cases.cases_of_applicant(session, applicant.id))[0]
            kept = await documents.all_documents(session, case.id)
            others = await people.find_applicants(session, mobile="09121112233")
    finally:
        await engine.dispose()
    certificates = [d for d in kept if d.kind == "degree_certificate"]
    assert len(certificates) == 2  # one per photo sent (the second supersedes the first), none twice
    assert (others[0].first_name, others[0].last_name) == ("سارا", "محمدی")
