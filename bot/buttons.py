"""The message with buttons last sent to each user, kept in the database behind the updates
(issue 29): a question answered by typing loses its buttons whichever process asked it, and after
a restart.

A message's id is known only once it is sent, after the update's transaction has committed, so it
cannot be written with the update. Writing it in a transaction of its own per update cost a second
commit per update (the dialog benchmark: +2 statements and +1 transaction per update). It is
written behind instead: ``keep`` notes it and one writer task writes every note waiting, in one
transaction, while the updates go on — one write per update when the bot is quiet, one for many
when it is busy. Until written, the process that noted it reads its own note (``fresher``); the
user's next update reaches another replica seconds later, a person's time to type, when the note
is in the database. A stop writes what is left (``close``); a crash loses at most the notes of the
moment, and those buttons stay, a press on one answered as stale.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import people
from storage.people import UserInfo

log = logging.getLogger(__name__)

Asked = tuple[int, int] | None  # (chat id, message id), or no message with buttons


class ButtonsKeeper:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self._notes: dict[int, Asked] = {}  # messenger user id → their message with buttons, not yet written
        self._writer: asyncio.Task[None] | None = None

    def fresher(self, user: UserInfo) -> UserInfo:
        """``user`` as read, with this process's note of their message if it is not written yet
        (read in the update's transaction, which the writer's update of that row waits for)."""
        return replace(user, asked=self._notes[user.id]) if user.id in self._notes else user

    def keep(self, user_id: int, asked: Asked) -> None:
        self._notes[user_id] = asked
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        while self._notes:
            batch = dict(self._notes)
            try:
                async with self.sessions() as session, session.begin():
                    await people.set_asked_many(session, batch)
            except Exception as exc:  # lost: those buttons stay, a press on one answered as stale
                log.warning("%d messages with buttons could not be kept: %s", len(batch), type(exc).__name__)
            for user_id, asked in batch.items():
                if user_id in self._notes and self._notes[user_id] == asked:
                    del self._notes[user_id]  # a newer note of the same user waits for the next round

    async def close(self) -> None:
        """Write what is noted (a stop, a restart)."""
        if self._writer is not None:
            await self._writer
        if self._notes:
            await self._write()
