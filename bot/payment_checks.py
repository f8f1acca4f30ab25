"""Asking the wallet again about payments it had not confirmed (``storage.payment_checks``; Bale's
``inquireTransaction`` said pending, or did not answer).

Every ``interval`` seconds the due checks are claimed one by one (a lease, so two processes never
work on the same check) and handed to the payment dialog in a transaction of their own; what that
records in the outbox (the applicant told by the relay, a staff line) is sent once it has committed. The checks
are rows, so a restart forgets none: the first round after it picks up whatever came due.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import OutboxSender
from bot.periodic import Periodic
from conversations.kit.context import Background, Services, Telling
from conversations.kit.outbox import Outbox
from conversations.kit.platform import PlatformProfile
from conversations.payment import Payment
from storage import payment_checks

log = logging.getLogger(__name__)


class PaymentChecker(Periodic):
    name = "payment-checks"

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        bots: Mapping[str, Bot],
        profiles: Mapping[int, PlatformProfile],
        services: Services,
        sender: OutboxSender,
        payment: Payment,
        relay: Telling,
        *,
        interval: float = 20.0,
    ) -> None:
        super().__init__(interval)
        self.sessions = sessions
        self.bots = bots  # platform → bot
        self.profiles = profiles  # bot id → its profile (with what it has learned)
        self.services = services
        self.sender = sender
        self.payment = payment
        self.relay = relay  # whom the payments it confirms tell, before each check's commit

    async def run_once(self, *, now: dt.datetime | None = None) -> int:
        """Work on every check due at ``now`` (default: now); returns how many were taken."""
        async with self.sessions() as session:
            due = await payment_checks.due(session, now=now)
        taken = 0
        for check_id in due:
            taken += await self.check(check_id)
        return taken

    async def check(self, check_id: int) -> bool:
        async with self.sessions() as session, session.begin():
            check = await payment_checks.claim(session, check_id)
        if check is None:  # decided, or someone else holds it
            return False
        bot = self.bots.get(check.platform)
        if bot is None:
            log.warning("payment check %s: no %s bot in this process", check_id, check.platform)
            return False
        recorded: list[tuple[int, int]] = []
        async with self.sessions() as session, session.begin():
            outbox = Outbox(session, check.platform, self.services.i18n, recorded)
            work = Background(session, outbox, self.services, self.profiles[bot.id])
            await self.payment.check_again(work, bot, check)
            await self.relay.flush(work)
        self.sender.dispatch(recorded)
        return True
