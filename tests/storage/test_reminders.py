"""Reminders' schedules (issue 24) on SQLite and PostgreSQL, on a controllable clock: a draft at 1,
3 and 7 days idle and never again; a returned file at 2 and 7 days; a fee at 3 and 10; a late round
tells only the latest stage due; each stage once (the second replica's mark loses); an applicant
who turned reminders off is not reminded."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import reminders, sms
from storage.models import Case, WorkflowEvent
from storage.reminders import Reminder
from storage.workflow import Action, Actor, Role
from tests.storage.helpers import move, new_case

T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


def day(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


async def told(sessions: async_sessionmaker[AsyncSession], at: dt.datetime) -> list[Reminder]:
    """What a round at ``at`` tells (each marked, as the round does)."""
    async with sessions() as session, session.begin():
        due = await reminders.due(session, at)
        return [r for r in due if await reminders.mark(session, r, at)]


async def a_draft(sessions: async_sessionmaker[AsyncSession], user_id: int) -> int:
    async with sessions() as session, session.begin():
        case = await new_case(session, user_id=user_id)
        await session.execute(update(Case).where(Case.id == case.id).values(created_at=T0, updated_at=T0))
    return case.id


async def test_a_draft_is_reminded_after_1_3_and_7_days_then_never_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    case_id = await a_draft(sessions, 7001)
    assert await told(sessions, day(0.5)) == []
    first = await told(sessions, day(1.1))
    assert [(r.case_id, r.reason, r.stage, r.last) for r in first] == [(case_id, "draft", 1, False)]
    assert await told(sessions, day(1.2)) == []  # told once
    assert [r.stage for r in await told(sessions, day(3.1))] == [2]
    last = await told(sessions, day(7.1))
    assert [(r.stage, r.last) for r in last] == [(3, True)]
    assert await told(sessions, day(40)) == []  # the 7-day reminder is the last


async def test_a_late_round_tells_only_the_latest_stage_due(sessions: async_sessionmaker[AsyncSession]) -> None:
    await a_draft(sessions, 7002)
    assert [r.stage for r in await told(sessions, day(5))] == [2]  # not stage 1 and stage 2
    assert [r.stage for r in await told(sessions, day(8))] == [3]


async def test_of_two_replicas_one_tells(sessions: async_sessionmaker[AsyncSession]) -> None:
    await a_draft(sessions, 7003)
    async with sessions() as session:  # both replicas' rounds find the same reminder due …
        due = await reminders.due(session, day(1.1))
    assert len(due) == 1
    marks = []
    for _replica in range(2):  # … and each tries to tell it
        async with sessions() as session, session.begin():
            marks.append(await reminders.mark(session, due[0], day(1.1)))
    assert marks == [True, False]


async def test_a_returned_file_and_a_fee_on_their_own_schedules(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        case = await new_case(session, user_id=7004)
        await move(session, case.id, Action.SUBMIT, Actor.applicant())
        await move(session, case.id, Action.TAKE, Actor(Role.REVIEWER, None))
        await move(session, case.id, Action.RETURN, Actor(Role.REVIEWER, None), section_notes={"personal": "x"})
        await session.execute(update(WorkflowEvent).where(WorkflowEvent.case_id == case.id).values(at=T0))
    assert await told(sessions, day(1.9)) == []
    assert [(r.reason, r.stage) for r in await told(sessions, day(2.1))] == [("returned", 1)]
    assert [(r.reason, r.stage, r.last) for r in await told(sessions, day(7.1))] == [("returned", 2, True)]
    assert await told(sessions, day(30)) == []
    async with sessions() as session, session.begin():  # sent again, approved: the fee is asked
        await move(session, case.id, Action.RESUBMIT, Actor.applicant())
        await move(session, case.id, Action.TAKE, Actor(Role.REVIEWER, None))
        await move(session, case.id, Action.APPROVE, Actor(Role.REVIEWER, None))
        await move(session, case.id, Action.REQUEST_PAYMENT, Actor.system())
        await session.execute(
            update(WorkflowEvent).where(WorkflowEvent.case_id == case.id, WorkflowEvent.at > T0).values(at=day(31))
        )
    assert await told(sessions, day(33.9)) == []
    assert [(r.reason, r.stage) for r in await told(sessions, day(34.1))] == [("fee", 1)]
    assert [(r.reason, r.stage, r.last) for r in await told(sessions, day(41.1))] == [("fee", 2, True)]


async def test_reminders_turned_off_are_not_told(sessions: async_sessionmaker[AsyncSession]) -> None:
    await a_draft(sessions, 7005)
    async with sessions() as session, session.begin():
        due = await reminders.due(session, day(1.1))
        await sms.set_reminders(session, due[0].messenger_user_id, on=False)
    assert await told(sessions, day(1.1)) == []
    async with sessions() as session, session.begin():
        await sms.set_reminders(session, due[0].messenger_user_id, on=True)
    assert [r.stage for r in await told(sessions, day(1.2))] == [1]
