"""Webhook mode (issue 13): with ``WEBHOOK_URL``, the messengers post updates to the bot, and any
number of replicas behind a load balancer share the work.

Each replica:

- serves on ``LISTEN``: ``POST <base>/webhook/telegram`` (Telegram sends ``WEBHOOK_SECRET`` in the
  ``X-Telegram-Bot-Api-Secret-Token`` header) and ``POST <base>/webhook/bale/<secret>`` (Bale has
  no secret header, ``../shared/platforms/bale.md``, so the secret is a path segment, derived from
  ``WEBHOOK_SECRET`` so that a Bale URL seen in a log does not give away Telegram's); a wrong
  secret is 401 and nothing is handled, a body that is not an acceptable update (``bot.boundary``)
  400; sizes, timeouts, the per-address limit of refusals and the logging of refusals are the
  guard's (``bot.guard``). ``GET /healthz`` and ``GET /metrics`` beside them (``bot.http``);
- handles an update completely — its transaction committed, its replies sent — before it answers
  200. A replica that dies in the middle leaves the messenger without an answer, and the messenger
  delivers the update again, to any replica; the update's handled mark (issue 16) makes a second
  delivery of an update that had committed a no-op;
- keeps an album's photos in order (``AlbumOrder``): they may arrive side by side on different
  replicas, and each fills the next open document question;
- registers the webhook at start (``register``): one replica at a time (a lock in Redis), and only
  when the messenger's webhook differs from the configuration (getWebhookInfo's URL, and a
  fingerprint of URL, secret and update types that the registering replica leaves in Redis), so a
  rolling restart of ten replicas calls setWebhook once. Leaving, a replica never deletes it: the
  others still serve it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramUnauthorizedError
from aiogram.types import Update
from aiohttp import web
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.boundary import BadUpdate, UpdateScreen, parse_json, read_update
from bot.coordination import Coordination
from bot.guard import JSON, LARGEST_BODY, Guard, HttpLimits, Refusal, Route, client_address
from bot.polling import handler_data, lane, stored_updates
from bot.settings import ConfigError, Settings, listen_address

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("nezam.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  # nosec  # the header's name, not a secret
SHUTDOWN_SECONDS = 20.0  # in-flight updates finish before the replica goes (compose: stop_grace_period 30s)


@dataclass(frozen=True)
class Endpoint:
    platform: str
    route: str  # the path this server answers, e.g. /nezam/webhook/telegram
    url: str  # what the messenger is told (WEBHOOK_URL + the path)
    secret: str  # Telegram: the header's value; Bale: the path segment


def bale_path_secret(secret: str) -> str:
    return hmac.new(secret.encode(), b"bale webhook", hashlib.sha256).hexdigest()[:40]


def endpoints(settings: Settings) -> dict[str, Endpoint]:
    """platform → its endpoint, for each platform with a token (webhook mode only)."""
    base, secret = settings.webhook_url, settings.webhook_secret
    if base is None or secret is None:
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    path = urlsplit(base).path.rstrip("/")
    found = {}
    for platform in settings.tokens():
        if platform == "bale":  # the secret in the path: Bale sends no secret header
            segment = bale_path_secret(secret)
            found[platform] = Endpoint(
                platform, f"{path}/webhook/bale/{segment}", f"{base}/webhook/bale/{segment}", segment
            )
        else:
            found[platform] = Endpoint(platform, f"{path}/webhook/telegram", f"{base}/webhook/telegram", secret)
    return found


# ---- albums ----------------------------------------------------------------------------------


@dataclass
class _Album:
    first_seen: float
    seen: set[int] = field(default_factory=set)
    done: set[int] = field(default_factory=set)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class AlbumOrder:
    """An album (photos with one ``media_group_id``) arrives as one update per photo, and each fills
    the next open document question, so they must be handled in the order the person sent them.
    Telegram sends a chat's next update only once the previous one is answered, but Bale's
    behaviour is unknown and a photo redelivered after a crash may come late. So a photo waits
    until ``window`` seconds after its album's first photo arrived (the rest arrive meanwhile) and
    then until every photo of the album with a smaller message id is done; after ``patience``
    seconds it goes anyway (a photo whose replica died and is redelivered later).

    With Redis this holds across replicas (the photos seen and done are sets there); without, in
    this process. If Redis fails, photos are handled as they come (one log line).
    """

    PREFIX = "nezam:album"
    KEEP_SECONDS = 300

    def __init__(self, redis: Redis | None, *, window: float = 0.25, patience: float = 10.0) -> None:
        self.redis = redis
        self.window = window
        self.patience = patience
        self._albums: dict[tuple[int, int, str], _Album] = {}
        self._redis_failed = False

    @contextlib.asynccontextmanager
    async def turn(self, bot_id: int, update: Update) -> AsyncIterator[None]:
        message = update.message
        if message is None or message.media_group_id is None:
            yield
            return
        key = (bot_id, message.chat.id, message.media_group_id)
        if self.redis is not None:
            async with self._redis_turn(self.redis, key, message.message_id):
                yield
        else:
            async with self._local_turn(key, message.message_id):
                yield

    @contextlib.asynccontextmanager
    async def _local_turn(self, key: tuple[int, int, str], number: int) -> AsyncIterator[None]:
        album = self._albums.get(key)
        if album is None:
            album = self._albums[key] = _Album(time.monotonic())
            asyncio.get_running_loop().call_later(self.KEEP_SECONDS, self._albums.pop, key, None)
        album.seen.add(number)
        deadline = time.monotonic() + self.patience
        await asyncio.sleep(max(0.0, album.first_seen + self.window - time.monotonic()))
        while any(n < number and n not in album.done for n in album.seen) and time.monotonic() < deadline:
            album.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(album.changed.wait(), deadline - time.monotonic())
        try:
            yield
        finally:
            album.done.add(number)
            album.changed.set()

    @contextlib.asynccontextmanager
    async def _redis_turn(self, redis: Redis, key: tuple[int, int, str], number: int) -> AsyncIterator[None]:
        name = f"{self.PREFIX}:{key[0]}:{key[1]}:{key[2]}"
        ordered = True
        try:
            async with redis.pipeline(transaction=False) as pipe:
                pipe.set(f"{name}:first", f"{time.time():.3f}", nx=True, ex=self.KEEP_SECONDS)
                pipe.get(f"{name}:first")
                pipe.zadd(f"{name}:seen", {str(number): number})
                pipe.expire(f"{name}:seen", self.KEEP_SECONDS)
                _, first, _, _ = await pipe.execute()
            await asyncio.sleep(max(0.0, float(first) + self.window - time.time()))
            deadline = time.monotonic() + self.patience
            while time.monotonic() < deadline:
                async with redis.pipeline(transaction=False) as pipe:
                    pipe.zrangebyscore(f"{name}:seen", "-inf", number - 1)
                    pipe.smembers(f"{name}:done")
                    earlier, done = await pipe.execute()
                if set(earlier) <= set(done):
                    break
                await asyncio.sleep(0.03)
        except (RedisError, OSError) as exc:
            self._redis_down(exc)
            ordered = False
        try:
            yield
        finally:
            if ordered:
                with contextlib.suppress(RedisError, OSError):
                    async with redis.pipeline(transaction=False) as pipe:
                        pipe.sadd(f"{name}:done", str(number))
                        pipe.expire(f"{name}:done", self.KEEP_SECONDS)
                        await pipe.execute()

    def _redis_down(self, exc: BaseException) -> None:
        if not self._redis_failed:
            self._redis_failed = True
            log.warning("redis: %s; album photos are handled as they arrive", type(exc).__name__)


# ---- receiving --------------------------------------------------------------------------------


class WebhookReceiver:
    """The webhook routes: the secret checked, then the update handled by the dispatcher's
    ``feed_update`` — the same call, middlewares and handled mark (``storage.inbox.claim``) as
    long polling's (``bot.polling``) — and only then answered 200."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bots: Mapping[str, Bot],
        endpoints: Mapping[str, Endpoint],
        albums: AlbumOrder,
        guard: Guard,
        screen: UpdateScreen,
    ) -> None:
        self.dispatcher = dispatcher
        self.bots = bots
        self.endpoints = endpoints
        self.albums = albums
        self.guard = guard
        self.screen = screen
        self.data = handler_data(dispatcher, bots.values())

    def routes(self, app: web.Application) -> None:
        for platform, endpoint in self.endpoints.items():
            rule = Route(f"webhook/{platform}", max_body=LARGEST_BODY, content_types=JSON)
            if platform == "bale":
                self.guard.add(app.router.add_post(endpoint.route.rsplit("/", 1)[0] + "/{secret}", self.bale), rule)
            else:
                self.guard.add(app.router.add_post(endpoint.route, self.telegram), rule)

    async def telegram(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        return await self._receive("telegram", request, given)

    async def bale(self, request: web.Request) -> web.Response:
        return await self._receive("bale", request, request.match_info["secret"])

    async def _receive(self, platform: str, request: web.Request, given: str) -> web.Response:
        expected = self.endpoints[platform].secret
        # a header's bytes that are not UTF-8 come as surrogates: compared as they came, never an error
        if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode()):
            raise Refusal(401, "wrong_secret")
        bot = self.bots[platform]
        body = await self.guard.body(request, authenticated=True)
        try:
            update = read_update(parse_json(body), bot)
        except BadUpdate as refused:  # the messenger would send it again: a 4xx, said once
            self.screen.refused(platform, client_address(request), refused)
            raise Refusal(400, "bad_update", f"Bad Request: {refused.detail}", counts=False, logged=True) from None
        if not await self._handle(bot, update):  # not 2xx, so the messenger delivers it again
            return web.Response(status=500, text="Internal Server Error")
        return web.json_response({})

    async def _handle(self, bot: Bot, update: Update) -> bool:
        """Handle one update; False if an error escaped even the middlewares (which answer one)."""
        async with self.albums.turn(bot.id, update):
            try:
                # committed and answered when this returns
                await self.dispatcher.feed_update(bot, update, **self.data)
            except Exception as exc:
                log.error("update %s escaped its handling: %s", update.update_id, type(exc).__name__)
                return False
        return True

    async def replay(self, bot: Bot, updates: Sequence[Update]) -> int:
        """Updates an earlier polling run stored and did not handle (``bot.polling.stored_updates``):
        each person's in order, different people side by side; returns how many were handled (an
        update handled meanwhile by another replica is a no-op, by its mark)."""
        people: dict[Hashable, list[Update]] = {}
        for update in updates:
            people.setdefault(lane(update), []).append(update)

        async def in_order(theirs: list[Update]) -> int:
            return sum([await self._handle(bot, update) for update in theirs])

        return sum(await asyncio.gather(*(in_order(theirs) for theirs in people.values())))


# ---- registering ------------------------------------------------------------------------------


async def register(bot: Bot, endpoint: Endpoint, coordination: Coordination, allowed_updates: Sequence[str]) -> bool:
    """Set the webhook unless the messenger already has this one; True when this call set it."""
    fingerprint = hashlib.sha256(f"{endpoint.url}|{endpoint.secret}|{','.join(sorted(allowed_updates))}".encode())
    mark = fingerprint.hexdigest()[:20]
    async with coordination.lock(f"webhook:{bot.id}"):
        try:
            info = await bot.get_webhook_info()
            current = info.url
        except TelegramAPIError:  # not every Bot API has it (Bale's list does not promise it)
            current = None
        if current == endpoint.url and await coordination.get(f"webhook:{bot.id}") == mark:
            log.info("%s: the webhook is registered already", endpoint.platform)
            return False
        try:
            if endpoint.platform == "bale":  # setWebhook(url) only
                await bot.set_webhook(url=endpoint.url)
            else:
                await bot.set_webhook(
                    url=endpoint.url, secret_token=endpoint.secret, allowed_updates=list(allowed_updates)
                )
        except (TelegramBadRequest, TelegramUnauthorizedError) as exc:
            raise ConfigError([f"WEBHOOK_URL: {endpoint.platform} refused the webhook: {exc.message}"]) from None
        await coordination.set(f"webhook:{bot.id}", mark)
        log.info("%s: webhook registered at %s", endpoint.platform, urlsplit(endpoint.url).netloc)
        return True


async def release_for_polling(bot: Bot, platform: str) -> None:
    """Long polling gets nothing while a webhook is set (Telegram refuses getUpdates): an earlier
    webhook deployment's is deleted. Bale's deleteWebhook is reported to do nothing, so then an
    empty setWebhook is tried, and if the webhook stays, one line says so."""
    for attempt in ("deleteWebhook", "setWebhook('')", None):
        try:
            info = await bot.get_webhook_info()
        except TelegramAPIError:
            return  # no getWebhookInfo: nothing to go by
        if not info.url:
            if attempt != "deleteWebhook":
                log.warning("%s: the earlier webhook is removed; long polling", platform)
            return
        if attempt is None:
            log.error("%s: a webhook is still set and long polling gets no updates; remove it", platform)
            return
        log.warning("%s: a webhook is set (%s); removing it for long polling", platform, urlsplit(info.url).netloc)
        with contextlib.suppress(TelegramAPIError):
            if attempt == "deleteWebhook":
                await bot.delete_webhook()
            else:
                await bot.set_webhook(url="")


# ---- running ----------------------------------------------------------------------------------


async def run_webhook(app: App, *, handle_signals: bool = True, limits: HttpLimits | None = None) -> None:
    """Serve webhooks (and /healthz, /metrics) until SIGTERM or SIGINT; in-flight updates finish.
    ``limits``: the HTTP server's timeouts and limits (``bot.guard``; tests shorten them)."""
    from bot.app import begin, stop_on_signals
    from bot.http import build_web

    settings = app.settings
    await begin(app)
    found = endpoints(settings)
    guard = Guard(app.metrics, limits)
    receiver = WebhookReceiver(app.dispatcher, app.bots, found, AlbumOrder(app.redis), guard, app.screen)
    bots = list(app.bots.values())
    runner = guard.runner(build_web(app, guard, receiver), shutdown_timeout=SHUTDOWN_SECONDS)
    await runner.setup()
    stop = asyncio.Event()
    if handle_signals:
        stop_on_signals(stop.set)
    try:
        host, port = listen_address(settings.listen)
        await web.TCPSite(runner, host, port).start()
        await app.dispatcher.emit_startup(bot=bots[-1], **receiver.data)
        for platform, bot in app.bots.items():  # what a polling run that died stored (before the mode changed)
            await receiver.replay(bot, await stored_updates(app.sessions, platform, bot))
        allowed = app.dispatcher.resolve_used_update_types()
        for platform, bot in app.bots.items():
            await register(bot, found[platform], app.coordination, allowed)
        log.info("webhook mode: listening on %s:%d for %s", host, port, ", ".join(found))
        await stop.wait()
        log.info("stopping: finishing the updates in flight")
    finally:
        await runner.cleanup()
        guard.close()
        await app.dispatcher.emit_shutdown(bot=bots[-1], **receiver.data)
        await app.close()
