"""The polling loop's parts: one person's updates strictly in order, different people's side by
side; a slow update is stored, then acknowledged, while it is still being handled."""

from __future__ import annotations

import asyncio

from bot.emulator import BotApiEmulator
from bot.polling import Lanes
from storage import inbox
from tests.e2e.conftest import TELEGRAM_TOKEN, Harness, until
from tests.e2e.flows import expect
from tests.images import jpeg_bytes, photo


async def test_one_lane_in_order_lanes_side_by_side_a_failure_stays_its_own() -> None:
    lanes = Lanes(limit=10)
    done: list[str] = []
    release = asyncio.Event()

    async def slow(name: str) -> None:
        await release.wait()
        done.append(name)

    async def quick(name: str) -> None:
        done.append(name)

    async def failing() -> None:
        raise RuntimeError("its own problem")

    first = lanes.submit("a", lambda: slow("a1"))
    broken = lanes.submit("a", failing)
    last = lanes.submit("a", lambda: quick("a3"))
    other = lanes.submit("b", lambda: quick("b1"))
    await other
    assert done == ["b1"]  # b did not wait for a
    release.set()
    await asyncio.wait([first, broken, last])
    assert done == ["b1", "a1", "a3"]  # a in order, past a failure
    assert isinstance(broken.exception(), RuntimeError)
    assert lanes.running == set()


async def test_a_slow_update_is_stored_and_acknowledged_while_it_runs(
    emulator: BotApiEmulator, harness: Harness
) -> None:
    await harness.stop()
    await harness.start(store_after=0.05)
    user = emulator.user(TELEGRAM_TOKEN, 8990)
    await user.send("/start")
    await user.send("📝 درخواست عضویت")
    await user.share_contact("+989121239999")
    bot = harness.bot("telegram")
    emulator.hold_downloads()
    try:
        update_id = user.push_photo(jpeg_bytes(photo(seed=1)))  # a photo where a national code is asked
        await until(lambda: bot.acknowledged >= update_id)  # acknowledged while its file is still downloading …
        async with harness.app.sessions() as session:
            stored = await inbox.pending(session, "telegram", bot.id)
        # … because it is stored: it cannot have been handled, its file is still held (the counter
        # of stored updates would not say so: on a loaded machine the steps above may pass 0.05 s too)
        assert [u for u, _ in stored] == [update_id]
    finally:
        emulator.release_downloads()
    await expect(user, await user.settle(update_id), "کد ملی")
    async with harness.app.sessions() as session:
        assert await inbox.pending(session, "telegram", bot.id) == []  # handled: the payload is gone
        assert await inbox.is_handled(session, "telegram", bot.id, update_id)
