"""Payments waiting for the wallet's confirmation: recorded once per transaction, due when their
time comes, claimed by one worker at a time, rescheduled or decided (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import payment_checks
from storage.models import utcnow
from tests.storage.helpers import new_case


async def test_a_check_comes_due_is_claimed_once_and_is_decided(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        case = await new_case(session, platform="bale")
        first = await payment_checks.add(
            session, case.id, "bale", "tg-7", "2500000 IRR", after=dt.timedelta(seconds=30)
        )
        again = await payment_checks.add(session, case.id, "bale", "tg-7", "other", after=dt.timedelta(0))
        assert again == first  # a redelivered successful_payment records nothing new
    async with sessions() as session:
        assert await payment_checks.due(session) == []  # not yet
        later = utcnow() + dt.timedelta(minutes=1)
        assert await payment_checks.due(session, now=later) == [first.id]
    async with sessions() as session, session.begin():
        claimed = await payment_checks.claim(session, first.id)
        assert claimed is not None and claimed.attempts == 1 and claimed.note == "2500000 IRR"
        assert await payment_checks.claim(session, first.id) is None  # someone holds it
    async with sessions() as session:
        assert await payment_checks.due(session, now=later) == []  # held
    async with sessions() as session, session.begin():
        await payment_checks.reschedule(session, first.id, after=dt.timedelta(minutes=10))
    async with sessions() as session:
        assert await payment_checks.due(session, now=later) == []
        assert await payment_checks.due(session, now=later + dt.timedelta(minutes=10)) == [first.id]
    async with sessions() as session, session.begin():
        assert (await payment_checks.claim(session, first.id) or first).attempts == 2
        await payment_checks.decide(session, first.id, "paid")
    async with sessions() as session, session.begin():
        assert await payment_checks.due(session, now=later + dt.timedelta(days=1)) == []
        assert await payment_checks.claim(session, first.id) is None
        decided = await payment_checks.find(session, "bale", "tg-7")
        assert decided is not None and decided.outcome == "paid"
