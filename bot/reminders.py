"""The reminders' round (issue 24, ``storage.reminders``): every ``interval`` seconds, what is due
is told — in the chat first; the last reminder of each schedule by SMS too, when there is an SMS
channel and a verified mobile — never between 22:00 and 08:00 Iran time (a round then does
nothing; the first one after 08:00 tells what came due overnight).

Each reminder is told in a transaction of its own that records its stage (the guard: of several
replicas exactly one tells; a restart forgets nothing, the stages are rows) with its outbox
message and SMS row, sent after the commit. The clock is the round's own (``now``, ``advance``):
the tests and the sandbox move it forward to see reminders come due. The first round is an
interval after the start (which has enough to do); every replica runs rounds, and of two that find
a stage due, one tells it (its row).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import OutboxSender
from bot.periodic import Periodic
from conversations.kit.context import Services
from conversations.kit.outbox import Outbox
from conversations.kit.sms import render
from conversations.notifications import tell_reminder
from scoring.validators import IRAN_TIME
from storage import reminders, sms
from storage.models import utcnow
from storage.reminders import Reminder
from storage.retention import Policy

log = logging.getLogger(__name__)
QUIET = (22, 8)  # Iran time: no reminder from 22:00 to 08:00
Count = Callable[[str, str], None]  # (reason, channel): the metrics' counter


def quiet(now: dt.datetime) -> bool:
    hour = now.astimezone(IRAN_TIME).hour
    return hour >= QUIET[0] or hour < QUIET[1]


class ReminderRound(Periodic):
    name = "reminders"

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        services: Services,
        policy: Policy,
        sender: OutboxSender,
        *,
        sms_wake: Callable[[], None] | None = None,  # None: no SMS channel
        count: Count | None = None,
        interval: float = 900.0,
    ) -> None:
        super().__init__(interval)
        self.sessions = sessions
        self.services = services
        self.policy = policy
        self.sender = sender
        self.sms_wake = sms_wake
        self.count = count
        self.offset = dt.timedelta()

    def advance(self, by: dt.timedelta) -> dt.datetime:
        """Move this round's clock forward (the sandbox's control); the clock's new time."""
        self.offset += by
        return self.now()

    def now(self) -> dt.datetime:
        return utcnow() + self.offset

    async def run_once(self, now: dt.datetime | None = None) -> int:
        """Tell every reminder due at ``now`` (default: the round's clock); how many were told."""
        now = now or self.now()
        if quiet(now):
            return 0
        async with self.sessions() as session:
            due = await reminders.due(session, now)
        told = 0
        for reminder in due:
            told += await self.tell(reminder, now)
        if told and self.sms_wake is not None:
            self.sms_wake()
        return told

    async def tell(self, reminder: Reminder, now: dt.datetime) -> bool:
        recorded: list[tuple[int, int]] = []
        by_sms = False
        async with self.sessions() as session, session.begin():
            if not await reminders.mark(session, reminder, now):
                return False  # another replica's round told it
            outbox = Outbox(session, "telegram", self.services.i18n, recorded)  # the recipient's own messenger is used
            await tell_reminder(outbox, reminder, self.policy)
            if reminder.last and self.sms_wake is not None:
                by_sms = await self._sms(session, outbox, reminder)
        self.sender.dispatch(recorded)
        if self.count is not None:
            self.count(reminder.reason, "chat")
            if by_sms:
                self.count(reminder.reason, "sms")
        log.info(
            "reminder: %s of case %d, stage %d%s",
            reminder.reason,
            reminder.case_id,
            reminder.stage,
            " (+sms)" if by_sms else "",
        )
        return True

    @staticmethod
    async def _sms(session: AsyncSession, outbox: Outbox, reminder: Reminder) -> bool:
        mobile = await sms.verified_mobile(session, reminder.messenger_user_id)
        found = await outbox.recipient(reminder.messenger_user_id)
        if mobile is None or found is None:
            return False
        _, t = found
        short = render(t, f"reminder-{reminder.reason}", reminder.tracking_code)
        key = f"reminder:{reminder.reason}:{reminder.case_id}:{int(reminder.since.timestamp())}:{reminder.stage}"
        return await sms.add(
            session, key, mobile, short.kind, short.text, short.params, language=t.lang, parts=short.parts
        )
