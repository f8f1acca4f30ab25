"""Messages that are not a reply to the person who caused them (staff channel posts, applicant
notifications: the outbox, ``bot.outbox``) go through one queue: one lane per chat, so a chat's
messages go out in the order they were queued, and several chats side by side (``workers``), each
message paced by the rate limiter (``bot.ratelimit``: ≈30 a second per bot, one a second per chat,
20 a minute per group — across every replica when they share Redis), so a burst never turns into
429s and a slow group (the staff chat) never holds up the applicants' notifications."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.ratelimit import LocalRateLimiter, RateLimiter

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]


class NotificationQueue:
    def __init__(self, limiter: RateLimiter | None = None, *, workers: int = 16) -> None:
        self.limiter = limiter or LocalRateLimiter()
        self.workers = workers
        self._lanes: dict[int, deque[Job]] = {}  # chat id → its jobs not started yet
        self._ready: asyncio.Queue[int] = asyncio.Queue()  # chats with a job and no worker on them
        self._tasks: list[asyncio.Task[None]] = []
        self._unfinished = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.sent = 0
        self.failed = 0

    @property
    def pending(self) -> int:
        """Jobs queued or running."""
        return self._unfinished

    def start(self) -> None:
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._run(), name=f"notification-queue-{n}") for n in range(self.workers)
            ]

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def pace(self, bot: Bot, chat_id: int, messages: int = 1) -> None:
        """Wait until ``messages`` more may go to ``chat_id`` (a job calls it right before its send)."""
        await self.limiter.acquire(bot.id, chat_id, messages)

    async def notify(self, bot: Bot, chat_id: int, text: str, **kwargs: Any) -> None:
        """Queue a text message; returns at once. Only for messages outside an update (e.g. a
        notice at start): an update's messages to others go through its outbox."""

        async def send() -> None:
            await self.pace(bot, chat_id)
            await bot.send_message(chat_id, text, **kwargs)

        self.submit(chat_id, send)

    def submit(self, chat_id: int, job: Job) -> None:
        lane = self._lanes.get(chat_id)
        if lane is None:
            self._lanes[chat_id] = deque([job])
            self._ready.put_nowait(chat_id)
        else:
            lane.append(job)
        self._unfinished += 1
        self._idle.clear()
        self.start()

    async def drain(self, within: float = 10.0) -> None:
        """Wait until everything queued so far was sent (tests, shutdown)."""
        await asyncio.wait_for(self._idle.wait(), within)

    async def _run(self) -> None:
        while True:
            chat_id = await self._ready.get()  # this worker alone has the chat's lane until it puts it back
            lane = self._lanes[chat_id]
            job = lane.popleft()
            try:
                await job()  # the bot session already retries 429 and network errors
                self.sent += 1
            except TelegramAPIError as exc:
                self.failed += 1
                log.warning("notification to a chat failed: %s", type(exc).__name__)
            except Exception:  # a notification must never take the queue down
                self.failed += 1
                log.exception("notification job crashed")
            finally:
                if lane:
                    self._ready.put_nowait(chat_id)  # the chat's next job, behind the chats waiting now
                else:
                    del self._lanes[chat_id]
                self._unfinished -= 1
                if not self._unfinished:
                    self._idle.set()
