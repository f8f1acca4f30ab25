"""Webhook mode in one process (issue 13, items 1 and 3): the webhook registered once for all
replicas, the secret checked on Telegram (header) and on Bale (path), /healthz and /metrics, an
album kept in order however its photos arrive; long polling removes a webhook left behind."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram.types import Update

from bot import app as bot_app
from bot.app import App, build_app, prepare, run_polling
from bot.emulator import BotApiEmulator, EmulatedBot
from bot.emulator.redis_keys import forget_bot_keys
from bot.guard import HttpLimits
from bot.ratelimit import Limits
from bot.webhook import SECRET_HEADER, AlbumOrder, endpoints, run_webhook
from storage import inbox
from tests.e2e.conftest import BALE_TOKEN, TELEGRAM_TOKEN, make_settings, until
from tests.e2e.flows import expect
from tests.e2e.replicas import free_port
from tests.factories import with_prefix
from tests.images import jpeg_bytes, photo


@contextlib.asynccontextmanager
async def replica(tmp: Path, emulator: BotApiEmulator, port: int, **settings: Any) -> AsyncIterator[App]:
    """One ``nezam-bot run`` in webhook mode, in this process, on ``port`` (``http_limits``: its HTTP
    server's, ``bot.guard.HttpLimits``; the rest are settings)."""
    limits: HttpLimits | None = settings.pop("http_limits", None)
    values: dict[str, Any] = {
        "webhook_url": f"http://127.0.0.1:{port}",
        "webhook_secret": "test-secret-" + secrets.token_hex(8),
        "listen": f"127.0.0.1:{port}",
    }
    values.update(settings)
    # on_handled: waiting for an answer, or for a delivery again, is exact
    app = build_app(
        make_settings(tmp, emulator.base_url, **values), limits=Limits.emulated(), on_handled=emulator.handled
    )
    task = asyncio.create_task(run_webhook(app, handle_signals=False, limits=limits))
    deadline = time.monotonic() + 60  # a loaded machine starts slowly
    async with aiohttp.ClientSession() as http:
        while True:
            if task.done():
                task.result()
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    ours = [emulator.bots[token] for token in app.settings.tokens().values()]
                    if response.status in (200, 503) and all(bot.webhook for bot in ours):
                        break
            assert time.monotonic() < deadline, "the replica did not start"
            await asyncio.sleep(0.05)
    try:
        yield app
    finally:
        # a cancellation that lands inside a Redis call at start-up (the webhook's registration)
        # can be swallowed there, and the task then waits for its stop signal forever: again
        while not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=1)
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_both_messengers_post_to_the_bot_and_it_answers(emulator: BotApiEmulator, tmp_path: Path) -> None:
    port = free_port()
    async with replica(tmp_path, emulator, port) as app:
        telegram, bale = emulator.bots[TELEGRAM_TOKEN], emulator.bots[BALE_TOKEN]
        assert telegram.webhook is not None and bale.webhook is not None
        assert telegram.webhook.url == f"http://127.0.0.1:{port}/webhook/telegram"
        assert telegram.webhook.secret_token == app.settings.webhook_secret
        assert bale.webhook.url.startswith(f"http://127.0.0.1:{port}/webhook/bale/")
        assert str(app.settings.webhook_secret) not in bale.webhook.url  # its own secret, derived
        for platform, token in (("telegram", TELEGRAM_TOKEN), ("bale", BALE_TOKEN)):
            user = emulator.user(token, 4001, "رضا")
            replies = await user.send("/start")
            assert any("منوی اصلی" in m.body for m in replies), platform
        # getUpdates is refused while the webhook is set, as on Telegram
        url = f"{emulator.base_url}/bot{TELEGRAM_TOKEN}/getUpdates"
        async with aiohttp.ClientSession() as http, http.post(url) as response:
            assert response.status == 409


async def test_a_wrong_secret_is_401_and_nothing_is_handled(emulator: BotApiEmulator, tmp_path: Path) -> None:
    port = free_port()
    async with replica(tmp_path, emulator, port) as app:
        found = endpoints(app.settings)
        update = message_update(777, 4002, text="/start")
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            for url, headers in (
                (base + found["telegram"].route, {}),
                (base + found["telegram"].route, {SECRET_HEADER: "wrong-" + secrets.token_hex(8)}),
                (base + found["bale"].route.rsplit("/", 1)[0] + "/" + secrets.token_hex(20), {}),
                (base + found["bale"].route + "x", {}),
            ):
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 401, url
            # the right secret on the wrong messenger's path is refused too
            bale_path = base + found["bale"].route.rsplit("/", 1)[0] + "/" + found["telegram"].secret
            async with http.post(bale_path, json=update) as response:
                assert response.status == 401
            assert emulator.bots[TELEGRAM_TOKEN].bot_messages(4002) == []
            assert emulator.bots[BALE_TOKEN].bot_messages(4002) == []
            # and the right one is handled
            headers = {SECRET_HEADER: found["telegram"].secret}
            async with http.post(base + found["telegram"].route, json=update, headers=headers) as response:
                assert response.status == 200
        assert emulator.bots[TELEGRAM_TOKEN].bot_messages(4002)


async def test_an_update_posted_again_is_handled_once(emulator: BotApiEmulator, tmp_path: Path) -> None:
    """A messenger posts an update again when its answer did not come in time (issue 13.2): the
    second delivery is answered 200 and does nothing — the update's mark (issue 16) is in the
    transaction that the webhook route waits for."""
    async with replica(tmp_path, emulator, free_port()):
        bot = emulator.bots[TELEGRAM_TOKEN]
        user = emulator.user(TELEGRAM_TOKEN, 4006, "رضا")
        await user.send("/start")
        await user.send("📝 درخواست عضویت")
        update_id = user.push_contact("+989121234567")
        await expect(user, await user.settle(update_id), "کد ملی")
        assert await user.redeliver(update_id) == []  # nothing sent, nothing edited
        await until(lambda: len(answers(bot, update_id)) == 2)  # the report comes before the HTTP answer
        assert answers(bot, update_id) == [200, 200]
        await expect(user, await user.send(with_prefix("461")), "نام خود را")  # the contact counted once


async def test_updates_a_polling_run_stored_and_did_not_handle_are_handled_in_webhook_mode(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    """A polling run stored two updates of a person (slow: their files were downloading) and died;
    the operator then turns to webhooks. The webhook replica handles them at start, in order,
    once — before it registers its webhook."""
    app = build_app(make_settings(tmp_path, emulator.base_url), limits=Limits.emulated())
    await prepare(app)  # the database the polling run left
    bot_id = app.bots["telegram"].id
    stored = [(9_000_001, message_update(9_000_001, 4030, text="/start"))]
    stored.append((9_000_002, message_update(9_000_002, 4030, text="📝 درخواست عضویت")))
    async with app.sessions() as session, session.begin():
        await inbox.store(session, "telegram", bot_id, stored)
    await app.engine.dispose()
    async with replica(tmp_path, emulator, free_port()) as app:
        texts = [m.body for m in emulator.bots[TELEGRAM_TOKEN].bot_messages(4030)]
        menu = next(i for i, text in enumerate(texts) if "منوی اصلی" in text)
        assert any("شماره همراه" in text for text in texts[menu + 1 :]), texts  # the second after the first
        async with app.sessions() as session:
            assert await inbox.pending(session, "telegram", bot_id) == []
            assert await inbox.is_handled(session, "telegram", bot_id, 9_000_001)
            assert await inbox.is_handled(session, "telegram", bot_id, 9_000_002)
    count = len(emulator.bots[TELEGRAM_TOKEN].bot_messages(4030))
    async with replica(tmp_path, emulator, free_port()):  # started again: nothing handled twice
        assert len(emulator.bots[TELEGRAM_TOKEN].bot_messages(4030)) == count


async def test_the_answer_200_comes_once_the_update_is_committed(emulator: BotApiEmulator, tmp_path: Path) -> None:
    """While an update is being handled (here its photo downloading, held), the messenger has no
    answer, so a replica dying now leaves it to be delivered again; the 200 comes after the commit."""
    async with replica(tmp_path, emulator, free_port()) as app:
        bot = emulator.bots[TELEGRAM_TOKEN]
        user = emulator.user(TELEGRAM_TOKEN, 4007, "رضا")
        await user.send("/start")
        await user.send("📝 درخواست عضویت")
        await user.share_contact("+989121230007")
        emulator.hold_downloads()
        try:
            downloads = len(emulator.downloads)
            update_id = user.push_photo(jpeg_bytes(photo(seed=2)))  # a photo where a national code is asked
            await until(lambda: len(emulator.downloads) > downloads)  # in the middle of its handling
            assert answers(bot, update_id) == []  # no answer yet
            async with app.sessions() as session:
                assert not await inbox.is_handled(session, "telegram", bot.id, update_id)
        finally:
            emulator.release_downloads()
        await expect(user, await user.settle(update_id), "کد ملی")
        await until(lambda: answers(bot, update_id) == [200])
        async with app.sessions() as session:
            assert await inbox.is_handled(session, "telegram", bot.id, update_id)


@pytest.mark.redis
async def test_replicas_register_the_webhook_once(
    emulator: BotApiEmulator, tmp_path: Path, redis_server_url: str
) -> None:
    redis = redis_server_url
    token = f"{700_000_000 + uuid.uuid4().int % 10**8}:webhook-once"
    emulator.add_bot(token, "telegram")
    secret = "test-secret-" + secrets.token_hex(8)
    shared = {"telegram_token": token, "bale_token": None, "redis_url": redis, "webhook_secret": secret}
    first, second = free_port(), free_port()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    lb = f"http://127.0.0.1:{first}"  # both replicas announce the same public URL
    async with (
        replica(tmp_path / "a", emulator, first, webhook_url=lb, **shared),
        replica(tmp_path / "b", emulator, second, webhook_url=lb, **shared),
    ):
        assert emulator.bots[token].webhooks_set == 1
    async with replica(tmp_path / "a", emulator, first, webhook_url=lb, **{**shared, "webhook_secret": secret + "x"}):
        # the webhook set earlier makes the replica look ready before it registers its new one
        for _ in range(1500):  # 30 s at most
            if emulator.bots[token].webhooks_set >= 2:
                break
            await asyncio.sleep(0.02)
        assert emulator.bots[token].webhooks_set == 2  # a new secret is registered again


async def test_healthz_and_metrics(emulator: BotApiEmulator, tmp_path: Path) -> None:
    port = free_port()
    async with replica(tmp_path, emulator, port):
        user = emulator.user(TELEGRAM_TOKEN, 4003, "رضا")
        await user.send("/start")
        await user.send("سلام")
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            async with http.get(base + "/healthz") as response:
                assert response.status == 200
                assert await response.json() == {"status": "ok", "checks": {"database": "ok"}}
            async with http.get(base + "/metrics") as response:
                assert response.status == 200
                assert response.content_type == "text/plain"
                text = await response.text()
    assert 'nezam_updates_total{kind="message",platform="telegram"} 2.0' in text
    assert "nezam_update_seconds_bucket" in text
    assert "nezam_errors_total 0.0" in text
    assert 'nezam_outbound_calls_total{method="sendMessage",status="ok"}' in text
    assert 'nezam_outbound_calls_total{method="setWebhook",status="ok"} 2.0' in text
    assert "nezam_outbox_pending 0.0" in text
    assert 'nezam_cases{kind="membership",status="draft"}' not in text  # no case yet
    assert "process_resident_memory_bytes" in text


async def test_healthz_names_what_is_down(emulator: BotApiEmulator, tmp_path: Path) -> None:
    port = free_port()
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with (
        replica(tmp_path, emulator, port, redis_url=dead_redis),
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        assert response.status == 503
        body = await response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("down: ")
    assert "127.0.0.1" not in body["checks"]["redis"]  # the error's type, never its text


async def test_polling_serves_metrics_and_removes_a_webhook_left_behind(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    telegram, bale = emulator.bots[TELEGRAM_TOKEN], emulator.bots[BALE_TOKEN]
    async with aiohttp.ClientSession() as http:
        for token in (TELEGRAM_TOKEN, BALE_TOKEN):
            url = f"{emulator.base_url}/bot{token}/setWebhook"
            async with http.post(url, json={"url": "https://old.example.ir/webhook"}) as response:
                assert response.status == 200
    assert bale.facts is not None and bale.facts.delete_webhook_ignored  # as reported of Bale
    port = free_port()
    app = build_app(
        make_settings(tmp_path, emulator.base_url, metrics=True, listen=f"127.0.0.1:{port}"),
        limits=Limits.emulated(),
        on_handled=emulator.handled,  # waiting for an answer is exact, however loaded the machine
    )
    telegram.handled = set()
    task = asyncio.create_task(run_polling(app, handle_signals=False))
    try:
        user = emulator.user(TELEGRAM_TOKEN, 4004, "رضا")
        await until(
            lambda: telegram.webhook is None and bale.webhook is None, within=30
        )  # Bale's: by an empty setWebhook
        replies = await user.send("/start")
        assert any("منوی اصلی" in m.body for m in replies)
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert response.status == 200
            assert 'nezam_updates_total{kind="message",platform="telegram"} 1.0' in await response.text()
    finally:
        app.polling.stop()
        with contextlib.suppress(asyncio.CancelledError, RuntimeError):
            await asyncio.wait_for(task, 10)


def answers(bot: EmulatedBot, update_id: int) -> list[int]:
    """The HTTP statuses the bot answered the webhook deliveries of ``update_id`` with."""
    return [a.status for a in (bot.webhook.attempts if bot.webhook else ()) if a.update_id == update_id]


def message_update(update_id: int, chat: int, **content: Any) -> dict[str, Any]:
    """An update as a messenger posts it: a message in a private chat."""
    message = {"message_id": update_id, "date": 0, "chat": {"id": chat, "type": "private"}}
    message["from"] = {"id": chat, "is_bot": False, "first_name": "x"}
    return {"update_id": update_id, "message": {**message, **content}}


def album_update(chat: int, message_id: int, group: str) -> Update:
    photo = [{"file_id": f"p{message_id}", "file_unique_id": f"u{message_id}", "width": 1, "height": 1}]
    return Update.model_validate(message_update(message_id, chat, media_group_id=group, photo=photo))


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_an_albums_photos_are_handled_in_order_however_they_arrive(
    backend: str, request: pytest.FixtureRequest
) -> None:
    """Five photos of an album arrive at once in scrambled order (on different replicas: two
    AlbumOrder objects sharing Redis); each is handled only after the ones before it."""
    redis_client = None
    if backend == "redis":
        from redis.asyncio import Redis

        redis_client = Redis.from_url(request.getfixturevalue("redis_server_url"))
    replicas = [AlbumOrder(redis_client, window=0.1), AlbumOrder(redis_client, window=0.1)]
    if redis_client is None:
        replicas = replicas[:1]
    group = uuid.uuid4().hex
    handled: list[int] = []

    async def handle(message_id: int, delay: float) -> None:
        await asyncio.sleep(delay)
        order = replicas[message_id % len(replicas)]
        async with order.turn(1, album_update(42, message_id, group)):
            await asyncio.sleep(0.02 * (message_id % 3))  # some take longer
            handled.append(message_id)

    await asyncio.gather(*(handle(m, d) for m, d in ((14, 0), (12, 0.01), (15, 0.02), (11, 0.03), (13, 0.04))))
    assert handled == [11, 12, 13, 14, 15]
    if redis_client is not None:
        await redis_client.delete(*[k async for k in redis_client.scan_iter(match=f"nezam:album:1:42:{group}*")])
        await redis_client.aclose()


@pytest.mark.redis
async def test_a_second_poller_waits_as_a_standby_and_takes_over(
    emulator: BotApiEmulator,
    tmp_path: Path,
    redis_server_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Several replicas without WEBHOOK_URL: one long-polls, the others wait, and one takes over
    when it is gone (a messenger gives updates to one poller)."""
    monkeypatch.setattr(bot_app, "POLLER_LEASE_SECONDS", 3.0)  # renewed every second, however loaded
    token = f"{700_000_000 + uuid.uuid4().int % 10**8}:standby"
    bot = emulator.add_bot(token, "telegram")
    values: dict[str, Any] = {"telegram_token": token, "bale_token": None, "redis_url": redis_server_url}
    settings = make_settings(tmp_path, emulator.base_url, **values)
    first, second = (build_app(settings, limits=Limits.emulated(), on_handled=emulator.handled) for _ in "12")
    bot.handled = set()

    def looked() -> int:  # each poller's first call once it holds the lease
        return sum(1 for method, _ in bot.calls if method == "getWebhookInfo")

    running = asyncio.create_task(run_polling(first, handle_signals=False))
    waiting: asyncio.Task[None] | None = None
    try:
        user = emulator.user(token, 4005, "رضا")
        assert any("منوی اصلی" in m.body for m in await user.send("/start"))
        waiting = asyncio.create_task(run_polling(second, handle_signals=False))
        await until(lambda: any("waits as a standby" in r.getMessage() for r in caplog.records))
        assert looked() == 1  # the second found the lease taken, and waits
        first.polling.stop()
        await asyncio.wait_for(running, 30)
        await until(lambda: looked() == 2, within=30)  # it took over (the lease was given back)
        assert any("منوی اصلی" in m.body for m in await user.send("/menu"))
    finally:
        for app, task in ((first, running), (second, waiting)):
            if task is not None and not task.done():
                with contextlib.suppress(RuntimeError):
                    app.polling.stop()
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                    await task
        await forget_bot_keys(redis_server_url, bot.id)
