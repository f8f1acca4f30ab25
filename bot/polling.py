"""Long polling that loses nothing and handles nothing twice (issue 16).

aiogram's own polling acknowledges an update (the next ``getUpdates`` offset) as soon as it has
fetched it: an update in flight when the process dies is gone. Here:

- a batch is handed to the dispatcher (``feed_update``: the same middlewares as ever), each
  user's updates strictly in order (``Lanes``), different users side by side;
- the next ``getUpdates``, which acknowledges the batch, waits until every update of the batch
  is handled — or, for those still running after ``store_after`` seconds (a slow download), until
  they are stored in the inbox (``storage.inbox``, one statement for them all);
- at start, what the inbox holds and nobody handled (the process died) is handled first, in
  order, before anything newer of the same user;
- each update's transaction marks it handled (``inbox.claim``), so one delivered again — not
  acknowledged before a crash, or stored and delivered — is a no-op.

So an update is acknowledged only once it is handled or stored, and handled at most once. An item of
``getUpdates`` that is not an acceptable update (``bot.boundary``: ids out of range, strings over
the API's limits, an unknown kind, …) is neither: it is said once, counted, and acknowledged with
the batch — taken as a whole, one such item would stop polling for good.
Replies are sent after the commit: a crash in the milliseconds between the two loses the reply
but not the answer (the next message asks the right question, from the database).

Webhooks (issue 13, ``bot.webhook``) need no inbox: handle the update (the same ``feed_update``
with the same ``handler_data``), then answer 200; the messenger redelivers what was not answered
2xx, to any replica, and the mark makes that a no-op. A webhook replica still handles at start
what a polling run stored and did not handle (``stored_updates``): the mode may change after a
crash. The marks of both modes are forgotten after a few days (``InboxPruner``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import GetUpdates
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.boundary import UpdateScreen
from bot.periodic import Periodic
from bot.reach import REFUSALS, network_problem
from storage import inbox

log = logging.getLogger("nezam.polling")

Job = Callable[[], Awaitable[Any]]


class Lanes:
    """One lane per key (a user): its jobs run one after another, in the order submitted;
    different keys run side by side, at most ``limit`` jobs at a time."""

    def __init__(self, limit: int = 100) -> None:
        self._tails: dict[Hashable, asyncio.Task[Any]] = {}
        self._slots = asyncio.Semaphore(limit)
        self.running: set[asyncio.Task[Any]] = set()

    def submit(self, key: Hashable, job: Job) -> asyncio.Task[Any]:
        previous = self._tails.get(key)

        async def run() -> Any:
            if previous is not None:
                await asyncio.wait([previous])  # whatever became of it: a failure is its own
            async with self._slots:
                return await job()

        task = asyncio.create_task(run())
        self._tails[key] = task
        self.running.add(task)

        def done(finished: asyncio.Task[Any]) -> None:
            self.running.discard(finished)
            if self._tails.get(key) is finished:
                del self._tails[key]

        task.add_done_callback(done)
        return task

    async def drain(self, within: float) -> None:
        """Wait for what runs (at most ``within`` seconds), then cancel the rest."""
        if self.running:
            _, late = await asyncio.wait(set(self.running), timeout=within)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)


def handler_data(dispatcher: Dispatcher, bots: Iterable[Bot]) -> dict[str, Any]:
    """What every handler may ask for besides the update (as aiogram's own polling passes it); the
    same in both modes: the polling here, the webhook (``bot.webhook``)."""
    return {"dispatcher": dispatcher, "bots": list(bots), **dispatcher.workflow_data}


def lane(update: Update) -> Hashable:
    """Whose update it is: its sender (one person's updates in order), else its chat, else itself."""
    event = update.event
    sender = getattr(event, "from_user", None)
    if sender is not None:
        return ("user", sender.id)
    chat = getattr(event, "chat", None)
    if chat is not None:
        return ("chat", chat.id)
    return ("update", update.update_id)


async def stored_updates(sessions: async_sessionmaker[AsyncSession], platform: str, bot: Bot) -> list[Update]:
    """What an earlier run stored in the inbox and nobody handled (it died meanwhile), oldest
    first: handled first at start, by polling (here) and by webhook mode (``bot.webhook``) alike,
    so switching modes after a crash loses nothing."""
    async with sessions() as session:
        stored = await inbox.pending(session, platform, bot.id)
    updates = []
    for update_id, payload in stored:
        try:
            updates.append(Update.model_validate(payload, context={"bot": bot}))
        except ValueError:
            log.error("%s: stored update %s cannot be read; skipped", platform, update_id)
    if stored:
        log.warning("%s: %d updates received before a restart and not handled: handling them", platform, len(stored))
    return updates


class RawGetUpdates(GetUpdates):
    """getUpdates answered as plain JSON items: each is read on its own (``UpdateScreen.batch``)."""

    __returning__ = list[Any]


class Polling:
    """Every bot's long polling, over one dispatcher; ``run()`` until ``stop()``."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        sessions: async_sessionmaker[AsyncSession],
        bots: Mapping[str, Bot],
        *,
        timeout: int = 25,
        store_after: float = 0.5,
        concurrency: int = 100,
        retry_delays: Sequence[float] = (1, 2, 4, 8, 16, 30),
        screen: UpdateScreen | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.screen = screen or UpdateScreen()
        self.sessions = sessions
        self.bots = bots  # platform → bot (filled by the composition root before run())
        self.timeout = timeout
        self.store_after = store_after
        self.retry_delays = tuple(retry_delays)
        self.lanes = Lanes(concurrency)
        self._stop = asyncio.Event()
        self.stored = 0  # updates stored because they were not handled within store_after
        self.replayed = 0  # stored updates handled after a restart

    def stop(self) -> None:
        self._stop.set()

    async def run(self, *, drain: float = 10.0) -> None:
        """Start-up hooks, the stored updates an earlier run left, then poll every bot until
        ``stop()``; what is in flight then gets ``drain`` seconds; shutdown hooks."""
        self._stop.clear()
        bots = list(self.bots.values())
        data = handler_data(self.dispatcher, bots)
        await self.dispatcher.emit_startup(bot=bots[-1], **data)
        log.info("polling %s", ", ".join(self.bots))
        try:
            loops: list[asyncio.Task[Any]] = [
                asyncio.create_task(self._poll(platform, bot, data), name=f"polling-{platform}")
                for platform, bot in self.bots.items()
            ]
            stopped: asyncio.Task[Any] = asyncio.create_task(self._stop.wait())
            done, _ = await asyncio.wait([*loops, stopped], return_when=asyncio.FIRST_COMPLETED)
            for task in loops:
                task.cancel()
            await asyncio.gather(*loops, return_exceptions=True)
            stopped.cancel()
            for task in done:  # a loop that died: say why (the loops themselves never should)
                if task is not stopped and not task.cancelled() and task.exception() is not None:
                    log.error("polling stopped: %s", type(task.exception()).__name__)
            await self.lanes.drain(drain)
        finally:
            log.info("polling stopped")
            await self.dispatcher.emit_shutdown(bot=bots[-1], **data)

    # ---- one bot ------------------------------------------------------------------------------

    async def _poll(self, platform: str, bot: Bot, workflow: dict[str, Any]) -> None:
        failures = 0
        while True:  # who the bot is (kept by aiogram: the group pointer names it), as aiogram's polling does
            try:
                me = await bot.me()
                break
            except REFUSALS:  # the token: the session told bot.reach.Refusals, which stops the run
                return
            except Exception as exc:
                delay = self.retry_delays[min(failures, len(self.retry_delays) - 1)]
                failures += 1
                log.warning("%s; getMe again in %g s", self._problem(platform, bot, exc), delay)
                await asyncio.sleep(delay)
        log.info("%s: polling as @%s", platform, me.username)
        await self._replay(platform, bot, workflow)
        method = RawGetUpdates(timeout=self.timeout, allowed_updates=self.dispatcher.resolve_used_update_types())
        request_timeout = int((bot.session.timeout or 60) + self.timeout)
        failures = 0
        while True:
            try:
                updates = await bot(method, request_timeout=request_timeout)
            except REFUSALS:  # the token was revoked: the run stops (bot.reach.Refusals)
                return
            except Exception as exc:  # the messenger is unreachable or refused: never stop polling
                delay = self.retry_delays[min(failures, len(self.retry_delays) - 1)]
                failures += 1
                log.warning("%s; getUpdates again in %g s", self._problem(platform, bot, exc), delay)
                await asyncio.sleep(delay)
                continue
            if failures:
                log.info("%s: getUpdates works again", platform)
                failures = 0
            if not updates:
                continue
            taken, highest = self.screen.batch(platform, bot, updates)
            if taken:
                await self._take(platform, bot, taken, workflow)
            if highest is not None:  # acknowledged by the next call (never backwards: one delivered again is older)
                method.offset = max(method.offset or 0, highest + 1)
            else:  # not one id to acknowledge them by: the same batch comes again; not at full speed
                await asyncio.sleep(self.retry_delays[-1])

    @staticmethod
    def _problem(platform: str, bot: Bot, exc: Exception) -> str:
        """One line: the platform, the host (and proxy), what failed, the setting (``bot.reach``)."""
        if isinstance(exc, TelegramNetworkError | OSError | TimeoutError):
            return network_problem(platform, bot.session, exc)
        return f"{platform}: {type(exc).__name__}"

    async def _take(self, platform: str, bot: Bot, updates: list[Update], workflow: dict[str, Any]) -> None:
        """Hand the batch over; return once each of its updates is handled or stored."""
        tasks = {u.update_id: self.lanes.submit((bot.id, lane(u)), self._handler(bot, u, workflow)) for u in updates}
        _, running = await asyncio.wait(set(tasks.values()), timeout=self.store_after)
        if not running:
            return
        slow = [u for u in updates if tasks[u.update_id] in running]
        for attempt in range(len(self.retry_delays) + 1):
            try:
                async with self.sessions() as session, session.begin():
                    await inbox.store(session, platform, bot.id, [(u.update_id, _json(u)) for u in slow])
            except Exception as exc:  # the database: not acknowledged until stored or handled
                if attempt == len(self.retry_delays):
                    log.error("%s: could not store updates (%s); waiting for them", platform, type(exc).__name__)
                    await asyncio.wait(running)
                    return
                _, running = await asyncio.wait(running, timeout=self.retry_delays[attempt])
                if not running:
                    return
                slow = [u for u in slow if tasks[u.update_id] in running]
                continue
            self.stored += len(slow)
            return

    async def _replay(self, platform: str, bot: Bot, workflow: dict[str, Any]) -> None:
        """What an earlier run stored and did not handle: first, oldest first."""
        for update in await stored_updates(self.sessions, platform, bot):
            self.lanes.submit((bot.id, lane(update)), self._handler(bot, update, workflow))
            self.replayed += 1

    def _handler(self, bot: Bot, update: Update, workflow: dict[str, Any]) -> Job:
        async def handle() -> None:
            try:
                await self.dispatcher.feed_update(bot, update, **workflow)
            except Exception as exc:  # the middlewares answer errors; this is only what escapes them
                log.error("update %s escaped its handling: %s", update.update_id, type(exc).__name__)

        return handle


class InboxPruner(Periodic):
    """Old marks are forgotten (messengers redeliver for a day at most), in either mode: at start,
    then every ``interval`` seconds. Several replicas may prune at once: the same rows, deleted once."""

    name = "inbox-prune"

    def __init__(self, sessions: async_sessionmaker[AsyncSession], interval: float = 3600.0) -> None:
        super().__init__(interval)
        self.sessions = sessions

    async def run_once(self) -> int:
        async with self.sessions() as session, session.begin():
            pruned = await inbox.prune(session)
        if pruned:
            log.info("forgot %d marks of updates handled long ago", pruned)
        return pruned

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as exc:
                log.warning("pruning the inbox failed: %s", type(exc).__name__)
            await asyncio.sleep(self.interval)


def _json(update: Update) -> dict[str, Any]:
    """The update as the messenger sent it (enough to read it again after a restart)."""
    data: dict[str, Any] = update.model_dump(mode="json", exclude_none=True, by_alias=True)
    return data
