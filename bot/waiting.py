"""Waiting too long (issue 23): once a day, at ``waiting_digest_hour`` Iran time, the files that
have waited in a staff step longer than its days (``waiting_days``, else ``waiting_default_days``)
are named, the longest waiting first, in each messenger's staff chat and to each desk's members in
private (``conversations.staff.desk.StaffDesk.post_waiting``).

Every replica runs the round (every few minutes); the day's digest is recorded in the same
transaction as its messages (``storage.reads.claim_digest``), so exactly one replica sends it, and
a restart the same day does not send it again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import OutboxSender
from bot.periodic import Periodic
from conversations.kit.i18n import I18n
from conversations.kit.outbox import Outbox
from conversations.staff.desk import StaffDesk, WaitingPolicy
from scoring.validators import IRAN_TIME
from storage import reads
from storage.models import utcnow

log = logging.getLogger(__name__)
DIGEST = "waiting"


class WaitingDigest(Periodic):
    name = "waiting-digest"

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        desk: StaffDesk,
        i18n: I18n,
        sender: OutboxSender | None,
        # platform → province (None: every file) → chat; or platform → the one staff chat
        staff_chats: Mapping[str, Mapping[str | None, int] | int | None],
        policy: WaitingPolicy,
        *,
        hour: int = 8,
        interval: float = 300.0,
    ) -> None:
        super().__init__(interval)
        self.sessions = sessions
        self.desk = desk
        self.i18n = i18n
        self.sender = sender
        self.staff_chats: dict[str, Mapping[str | None, int]] = {
            platform: chats if isinstance(chats, Mapping) else ({None: chats} if chats is not None else {})
            for platform, chats in staff_chats.items()
        }
        self.policy = policy
        self.hour = hour

    async def run_once(self, now: dt.datetime | None = None) -> int | None:
        """The day's digest if it is due and no one sent it: how many files it named (None: not
        due, or sent already)."""
        now = now or utcnow()
        local = now.astimezone(IRAN_TIME)
        if local.hour < self.hour:
            return None
        recorded: list[tuple[int, int]] = []
        async with self.sessions() as session, session.begin():
            if not await reads.claim_digest(session, DIGEST, local.date()):
                return None
            outbox = Outbox(session, "telegram", self.i18n, recorded)
            named = await self.desk.post_waiting(session, outbox, self.i18n(None), self.staff_chats, self.policy, now)
        if self.sender is not None:
            self.sender.dispatch(recorded)
        log.info("waiting digest of %s: %d files named in %d messages", local.date().isoformat(), named, len(recorded))
        return named
