"""Delivering the outbox (``storage.outbox``): rows an update recorded are handed to the
rate-limited sender (``bot.notifier``) as soon as the update has committed; a relay delivers what
was left unsent (a crash between commit and send, a failed try).

Each row is claimed with a lease before it is sent (an UPDATE guarded by ``claimed_until``), so
that several processes never send the same row at the same time, and marked sent after.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError, TelegramNotFound
from aiogram.methods import SendDocument, TelegramMethod
from aiogram.types import BufferedInputFile
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.notifier import NotificationQueue
from bot.periodic import Periodic
from conversations.kit.context import Services
from conversations.kit.issued import is_reference, render_issued
from conversations.kit.outbox import rebuild
from storage import outbox, sms

log = logging.getLogger(__name__)
PERMANENT = (TelegramBadRequest, TelegramForbiddenError, TelegramNotFound)  # trying again changes nothing


class OutboxSender:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        bots: Mapping[str, Bot],
        queue: NotificationQueue,
        *,
        services: Services | None = None,
        lease: dt.timedelta = outbox.LEASE,
        after_dispatch: Callable[[], None] | None = None,
    ) -> None:
        self.sessions = sessions
        self.bots = bots  # platform → bot
        self.queue = queue
        self.services = services  # renders the documents the organization issued (``kit.issued``)
        self.lease = lease
        # told whenever committed rows are handed over (the SMS sender: the same commit may have
        # recorded SMS, sent at once rather than at its next round)
        self.after_dispatch = after_dispatch

    def dispatch(self, rows: Sequence[tuple[int, int]]) -> None:
        """Queue rows (id, chat id) for sending; returns at once."""
        for row_id, chat_id in rows:
            self.queue.submit(chat_id, partial(self.send, row_id))
        if rows and self.after_dispatch is not None:
            self.after_dispatch()

    async def send(self, row_id: int) -> bool:
        """Send one row if it can be claimed; True when this call sent it."""
        async with self.sessions() as session, session.begin():
            row = await outbox.claim(session, row_id, lease=self.lease)
        if row is None:  # sent already, or someone holds it
            return False
        bot = self.bots.get(row.platform)
        try:
            if bot is None:
                raise LookupError(f"no bot for {row.platform}")
            method = await self._with_document(rebuild(row.method, row.params))
            # paced after the claim: the wait is seconds at most, well inside the lease
            await self.queue.pace(bot, row.chat_id, messages=len(row.params.get("media") or ()) or 1)
            await bot(method)
        except (*PERMANENT, ValidationError, LookupError) as exc:
            await self._release(row_id, exc, final=True)
            raise
        except (TimeoutError, TelegramAPIError, OSError) as exc:
            await self._release(row_id, exc, final=row.attempts >= outbox.MAX_ATTEMPTS)
            raise
        async with self.sessions() as session, session.begin():
            await outbox.mark_sent(session, row_id)
        return True

    async def _with_document(self, method: TelegramMethod[Any]) -> TelegramMethod[Any]:
        """A document the organization issued, named by its reference: rendered now, from the
        database (``LookupError``: it is gone, or nothing renders it)."""
        if not isinstance(method, SendDocument) or not is_reference(method.document):
            return method
        if self.services is None:
            raise LookupError("no renderer for issued documents")
        async with self.sessions() as session:
            found = await render_issued(session, self.services, str(method.document))
        if found is None:
            raise LookupError("the issued document is gone")
        data, filename = found
        return method.model_copy(update={"document": BufferedInputFile(data, filename)})

    async def _release(self, row_id: int, exc: BaseException, *, final: bool) -> None:
        async with self.sessions() as session, session.begin():
            await outbox.release(session, row_id, type(exc).__name__, final=final)


class OutboxRelay(Periodic):
    """Every ``interval`` seconds: rows left unsent for ``grace`` go to the sender again."""

    name = "outbox-relay"

    def __init__(
        self,
        sender: OutboxSender,
        *,
        interval: float = 15.0,
        grace: dt.timedelta = dt.timedelta(seconds=30),
    ) -> None:
        super().__init__(interval)
        self.sender = sender
        self.grace = grace

    async def run_once(self, older_than: dt.timedelta | None = None, *, most: int = 5000) -> int:
        """Queue every row left unsent (at most ``most``, page by page); how many."""
        queued, last = 0, 0
        while queued < most:
            async with self.sender.sessions() as session:
                rows = await outbox.pending(
                    session, older_than=self.grace if older_than is None else older_than, after=last, limit=500
                )
            self.sender.dispatch(rows)
            queued += len(rows)
            if len(rows) < 500:
                break
            last = rows[-1][0]
        return queued


class OutboxPruner(Periodic):
    """Sent rows are forgotten after a week, rows given up on after three months
    (``storage.outbox.prune``; ``nezam_outbox_failed`` counts those kept): every ``interval``
    seconds (the first an interval after the start, which has enough to do), in short
    transactions of a few thousand rows each, so a long backlog
    (a database that never pruned) holds no lock for long. Several replicas may prune at once:
    the same rows, deleted once (issue 30)."""

    name = "outbox-prune"

    def __init__(self, sessions: async_sessionmaker[AsyncSession], interval: float = 3600.0) -> None:
        super().__init__(interval)
        self.sessions = sessions

    async def run_once(self) -> tuple[int, int]:
        sent = failed = 0
        while True:
            async with self.sessions() as session, session.begin():
                more_sent, more_failed = await outbox.prune(session)
            sent, failed = sent + more_sent, failed + more_failed
            if more_sent < outbox.PRUNE_BATCH and more_failed < outbox.PRUNE_BATCH:
                break
        while True:  # the SMS outbox (issue 24), kept as long
            async with self.sessions() as session, session.begin():
                forgotten = await sms.prune(session)
            if forgotten < outbox.PRUNE_BATCH:
                break
        if sent or failed:
            log.info("forgot %d outbox rows sent long ago and %d given up on long ago", sent, failed)
        return sent, failed
