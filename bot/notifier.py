"""Messages that are not a reply to the person who caused them (staff channel posts, applicant
notifications: the outbox, ``bot.outbox``) go through one rate-limited queue: at most ``rate``
messages a second overall and one a second per chat, as Telegram asks, so a burst never turns
into 429s."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]


class NotificationQueue:
    def __init__(self, rate: float = 20.0, per_chat_interval: float = 1.0) -> None:
        self.interval = 1.0 / rate
        self.per_chat_interval = per_chat_interval
        self._queue: asyncio.Queue[tuple[int, Job]] = asyncio.Queue()
        self._last_sent: dict[int, float] = {}
        self._next_slot = 0.0
        self._worker: asyncio.Task[None] | None = None
        self.sent = 0
        self.failed = 0

    def start(self) -> None:
        if self._worker is None:
            self._worker = asyncio.create_task(self._run(), name="notification-queue")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    async def notify(self, bot: Bot, chat_id: int, text: str, **kwargs: Any) -> None:
        """Queue a text message; returns at once. Only for messages outside an update (e.g. a
        notice at start): an update's messages to others go through its outbox."""
        self.submit(chat_id, lambda: bot.send_message(chat_id, text, **kwargs))

    def submit(self, chat_id: int, job: Job) -> None:
        self._queue.put_nowait((chat_id, job))
        self.start()

    async def drain(self, within: float = 10.0) -> None:
        """Wait until everything queued so far was sent (tests, shutdown)."""
        await asyncio.wait_for(self._queue.join(), within)

    async def _run(self) -> None:
        while True:
            chat_id, job = await self._queue.get()
            try:
                now = time.monotonic()
                wait = max(self._next_slot - now, self._last_sent.get(chat_id, 0.0) + self.per_chat_interval - now, 0.0)
                if wait:
                    await asyncio.sleep(wait)
                self._next_slot = time.monotonic() + self.interval
                self._last_sent[chat_id] = time.monotonic()
                await job()  # the bot session already retries 429 and network errors
                self.sent += 1
            except TelegramAPIError as exc:
                self.failed += 1
                log.warning("notification to a chat failed: %s", type(exc).__name__)
            except Exception:  # a notification must never take the queue down
                self.failed += 1
                log.exception("notification job crashed")
            finally:
                self._queue.task_done()
