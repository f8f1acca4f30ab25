"""Redis is not on the way of an answer (issue 16.4): with a Redis of the test's own (a real
redis-server on a free port), restored from an older snapshot, stopped in the middle of a dialog,
or not there at start, the bot answers every update and nothing is lost; it reports Redis down
and up again for ``/healthz``."""

from __future__ import annotations

import asyncio
import shutil
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from storage import people
from tests.e2e.conftest import Harness
from tests.e2e.flows import expect
from tests.factories import with_prefix

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


class RedisServer:
    """A redis-server of this test: started, stopped, started again from its last snapshot."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.folder),
            "--save",
            "",
            "--appendonly",
            "no",
            stdout=asyncio.subprocess.DEVNULL,
        )
        client = Redis.from_url(self.url)
        try:
            deadline = time.monotonic() + 30  # a loaded machine starts a process slowly
            while time.monotonic() < deadline:
                try:
                    await client.ping()
                    return
                except OSError:
                    await asyncio.sleep(0.02)
                except Exception:  # redis' ConnectionError while it starts
                    await asyncio.sleep(0.02)
        finally:
            await client.aclose()
        raise AssertionError("redis-server did not start")

    async def snapshot(self) -> None:
        client = Redis.from_url(self.url)
        await client.save()
        await client.aclose()

    async def stop(self) -> None:
        """Gone at once (SIGKILL): what it held since the last snapshot is lost."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@pytest.fixture
async def redis_server(tmp_path: Path) -> AsyncIterator[RedisServer]:
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    await server.start()
    yield server
    await server.stop()


async def test_redis_restored_stopped_and_back_the_bot_answers_every_update(
    harness: Harness, redis_server: RedisServer
) -> None:
    await harness.stop()
    harness.settings = harness.settings.model_copy(update={"redis_url": redis_server.url})
    await harness.start()
    monitor = harness.app.health.redis
    assert monitor is not None
    await monitor.check()
    assert harness.app.health.snapshot() == {"redis": "up"}

    user = harness.user("telegram", 9301)
    await user.send("/start")
    await user.send("📝 درخواست عضویت")
    await user.share_contact("+989121230001")
    await user.send(with_prefix("461"))
    await expect(user, await user.send("علی"), "نام خانوادگی")
    await redis_server.snapshot()  # the operator's backup: the user was asked the last name
    await expect(user, await user.send("رضایی"), "نام پدر")

    # Redis dies and is restored from that older snapshot: the father's name goes where it belongs
    await redis_server.stop()
    await redis_server.start()
    await expect(user, await user.send("حسین"), "شماره شناسنامه")

    # Redis stopped in the middle of the dialog: every update is answered, nothing is lost
    await redis_server.stop()
    assert not await monitor.check()
    assert harness.app.health.snapshot() == {"redis": "down"}
    during = [
        await user.send("۱۲۳۴۵"),
        await user.send("۱۳۷۰/۰۶/۳۱"),
        await user.press("مرد"),
        await user.send("/start"),
        await user.send("📝 ادامه درخواست عضویت"),
        await user.press("تایید و ادامه"),
    ]
    assert all(during), "an update got no answer while Redis was down"
    await expect(user, during[-1], "قوانین و مقررات")
    print(f"\nRedis down: {len(during)} updates, {len(during)} answered")

    await redis_server.start()
    assert await monitor.check()
    assert harness.app.health.snapshot() == {"redis": "up"}
    await expect(user, await user.press("قوانین را خواندم"), "استان مورد تقاضای عضویت")
    async with harness.app.sessions() as session:
        applicant = (await people.find_applicants(session, mobile="09121230001"))[0]
    assert (applicant.first_name, applicant.last_name, applicant.father_name) == ("علی", "رضایی", "حسین")
    assert (applicant.birth_certificate_number, applicant.gender) == ("12345", "male")


async def test_redis_not_there_at_start(harness: Harness, redis_server: RedisServer) -> None:
    await redis_server.stop()
    await harness.stop()
    harness.settings = harness.settings.model_copy(update={"redis_url": redis_server.url})
    await harness.start()
    user = harness.user("bale", 9302)
    await expect(user, await user.send("/start"), "منوی اصلی")
    await expect(user, await user.send("📝 درخواست عضویت"), "شماره همراه")
    assert harness.app.health.redis is not None and not await harness.app.health.redis.check()
