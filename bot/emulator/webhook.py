"""The emulator's webhook mode: once a bot calls ``setWebhook``, its updates are posted to that URL
instead of waiting for ``getUpdates`` (which is then refused with 409, as Telegram does).

Delivery as Telegram's is described and observed:
- one chat's updates one at a time and in order: the next only after the previous was answered
  2xx (a failing one holds its chat's later updates back);
- different chats side by side, at most ``max_connections`` requests at a time;
- an update not answered 2xx (an error status, a broken connection, no answer in ``timeout``) is
  posted again, the same update id, after ``retry_delay`` seconds, until it is;
- Telegram sends ``secret_token`` in the ``X-Telegram-Bot-Api-Secret-Token`` header; the Bale
  profile sends no header (Bale has no secret token).

Every attempt is recorded (``attempts``): update id, HTTP status (0: no answer), start and end.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import Counter, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from bot.emulator.server import EmulatedBot

JSONDict = dict[str, Any]


@dataclass(frozen=True)
class Attempt:
    update_id: int
    status: int  # the HTTP status, 0 when the connection broke or timed out
    started: float  # time.monotonic()
    ended: float


def chat_of(update: JSONDict) -> int:
    """The chat an update belongs to (its delivery lane)."""
    for kind in ("message", "edited_message", "channel_post"):
        if kind in update:
            return int(update[kind]["chat"]["id"])
    query = update.get("callback_query")
    if query is not None:
        message = query.get("message")
        return int(message["chat"]["id"]) if message else int(query["from"]["id"])
    for kind in ("pre_checkout_query", "shipping_query", "inline_query"):
        if kind in update:
            return int(update[kind]["from"]["id"])
    return 0


class WebhookDelivery:
    def __init__(
        self,
        bot: EmulatedBot,
        url: str,
        secret_token: str | None,
        *,
        max_connections: int = 40,
        retry_delay: float = 1.0,
        timeout: float = 60.0,
    ) -> None:
        self.bot = bot
        self.url = url
        self.secret_token = secret_token
        self.max_connections = max_connections
        self.retry_delay = retry_delay
        self.timeout = timeout
        self.attempts: list[Attempt] = []
        self.tries: Counter[int] = Counter()  # update id → attempts
        self._connections = asyncio.Semaphore(max_connections)
        self._lanes: dict[int, deque[JSONDict]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    @property
    def pending(self) -> int:
        return sum(len(lane) for lane in self._lanes.values())

    def deliver(self, update: JSONDict) -> None:
        chat = chat_of(update)
        lane = self._lanes.get(chat)
        if lane is not None:
            lane.append(update)
            return
        self._lanes[chat] = deque([update])
        task = asyncio.get_running_loop().create_task(self._run(chat))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, chat: int) -> None:
        lane = self._lanes[chat]
        try:
            while lane and not self._closed:
                update = lane[0]
                for _ in itertools.count():  # until it is answered 2xx
                    if await self._post(update):
                        break
                    await asyncio.sleep(self.retry_delay)
                lane.popleft()
        finally:
            if self._lanes.get(chat) is lane:
                del self._lanes[chat]

    async def _post(self, update: JSONDict) -> bool:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {}
        if self.secret_token and self.bot.profile != "bale":
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.secret_token
        update_id = int(update["update_id"])
        self.tries[update_id] += 1
        started = time.monotonic()
        status = 0
        async with self._connections:
            with contextlib.suppress(aiohttp.ClientError, TimeoutError, OSError):
                async with self._session.post(
                    self.url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=self.timeout)
                ) as response:
                    await response.read()
                    status = response.status
        self.attempts.append(Attempt(update_id, status, started, time.monotonic()))
        if 200 <= status < 300:
            self.bot.webhook_answered(update_id)
            return True
        return False

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()
            self._session = None
