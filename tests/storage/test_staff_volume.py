"""Issue 30 on real SQLite and PostgreSQL: /stats' figures computed by the database are the ones
computed from the whole history before; the counts kept as cases change are the cases counted;
/queue merges the oldest of each status; /find by a messenger user's mobile; the export read in
batches continues exactly where it stopped; the outbox pruned and counted; migration 0011 fills
the first submission and take from the history."""

from __future__ import annotations

import datetime as dt
import statistics

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import cases, counts, outbox, people, stats
from storage.db import make_engine, make_sessionmaker
from storage.exports import CaseFilter, case_rows, stream_case_rows
from storage.models import Case, MessengerUser, OutboxMessage, WorkflowEvent, utcnow
from storage.staff import grant_role
from storage.workflow import Action, Actor, Role, Status, first_review_waits, history
from tests.storage.helpers import BUILDER_LICENSE, MEMBERSHIP, move, new_case

A = Action
NOW = utcnow()


async def _at(session: AsyncSession, case_id: int, *minutes_ago: float) -> None:
    """The case's events, oldest first, moved to these times (minutes before now), as the history
    and the case's kept firsts would have them."""
    events = await history(session, case_id)
    for event, ago in zip(events, minutes_ago, strict=True):
        at = NOW - dt.timedelta(minutes=ago)
        await session.execute(update(WorkflowEvent).where(WorkflowEvent.id == event.id).values(at=at))
    firsts = {}
    for action, column in ((A.SUBMIT, "first_submitted_at"), (A.TAKE, "first_taken_at")):
        times = [
            NOW - dt.timedelta(minutes=ago) for e, ago in zip(events, minutes_ago, strict=True) if e.action == action
        ]
        firsts[column] = min(times) if times else None
    await session.execute(update(Case).where(Case.id == case_id).values(**firsts))


async def test_first_review_median_is_the_one_the_history_gave(session: AsyncSession) -> None:
    reviewer = await grant_role(session, "telegram", 501, Role.REVIEWER)
    by = Actor(Role.REVIEWER, reviewer.id)
    # waits of 60, 90, 200 and 45 minutes; one returned and taken again (its second take not counted)
    plans = [(600, 540), (500, 410), (800, 600), (300, 255)]
    made = []
    for number, (submitted, taken) in enumerate(plans):
        case = await new_case(session, user_id=3000 + number)
        await move(session, case.id, A.SUBMIT, Actor.applicant())
        await move(session, case.id, A.TAKE, by)
        made.append(case.id)
        if number == 0:
            await move(session, case.id, A.RETURN, by)
            await move(session, case.id, A.RESUBMIT, Actor.applicant())
            await move(session, case.id, A.TAKE, by)
            await _at(session, case.id, submitted, taken, 500, 400, 100)
        else:
            await _at(session, case.id, submitted, taken)
    waiting = await new_case(session, user_id=3100)
    await move(session, waiting.id, A.SUBMIT, Actor.applicant())  # not taken: no wait yet
    license_file = await new_case(session, BUILDER_LICENSE, user_id=3101)
    await move(session, license_file.id, A.SUBMIT, Actor.applicant())
    await move(session, license_file.id, A.TAKE, by)

    before = statistics.median(w.total_seconds() for w in await first_review_waits(session, MEMBERSHIP))
    found = await stats.first_reviews(session, MEMBERSHIP)
    assert found.count == 4 and found.median is not None
    assert abs(found.median.total_seconds() - before) < 0.01 and before == 75 * 60  # (60 + 90) / 2

    # an odd number of files: the middle one
    await session.execute(update(Case).where(Case.id == made[3]).values(first_taken_at=None))
    assert (await stats.first_reviews(session, "membership")).median == dt.timedelta(minutes=90)
    # the period: files first taken within it
    await _at(session, made[2], 200 * 24 * 60, 199 * 24 * 60)
    recent = await stats.first_reviews(session, "membership")
    assert (recent.count, recent.median) == (2, dt.timedelta(minutes=75))
    year = await stats.first_reviews(session, "membership", days=365)
    assert (year.count, year.median) == (3, dt.timedelta(minutes=90))
    license_reviews = await stats.first_reviews(session, "builder_license")
    assert license_reviews.count == 1 and license_reviews.median is not None
    assert (await stats.first_reviews(session, "no_such_kind")) == stats.FirstReviews(0, None)


async def test_queue_takes_the_oldest_of_every_status(session: AsyncSession) -> None:
    reviewer = await grant_role(session, "telegram", 502, Role.REVIEWER)
    made = {}
    for number, (kind, where, taken) in enumerate(
        [
            (MEMBERSHIP, "IR-14", False),
            (MEMBERSHIP, "IR-23", True),
            (BUILDER_LICENSE, "IR-14", False),
            (MEMBERSHIP, "IR-14", True),
            (BUILDER_LICENSE, "IR-23", True),
        ]
    ):
        case = await new_case(session, kind, user_id=4000 + number)
        await cases.set_case_fields(session, case.id, province=where)
        await move(session, case.id, A.SUBMIT, Actor.applicant())
        if taken:
            await move(session, case.id, A.TAKE, Actor(Role.REVIEWER, reviewer.id))
        at = NOW - dt.timedelta(days=10 - number)  # the first made waits longest
        await session.execute(update(Case).where(Case.id == case.id).values(submitted_at=at))
        made[number] = case.tracking_code
    waiting = (Status.SUBMITTED.value, "in_review", "documents_review")

    async def codes(**options: object) -> list[str]:
        return [c.tracking_code for c in await cases.queue(session, statuses=waiting, **options)]  # type: ignore[arg-type]

    assert await codes() == [made[n] for n in range(5)]
    assert await codes(limit=3) == [made[0], made[1], made[2]]
    assert await codes(kind=BUILDER_LICENSE) == [made[2], made[4]]
    assert await codes(province="IR-14", limit=2) == [made[0], made[2]]
    assert await codes(kind=MEMBERSHIP, province="IR-14") == [made[0], made[3]]
    assert await cases.queue(session, statuses=()) == []


async def test_find_by_a_mobile_of_the_applicant_or_of_a_messenger_user(session: AsyncSession) -> None:
    case = await new_case(session, user_id=5001)  # the applicant's mobile 09120000000
    other = await new_case(session, user_id=5002)
    await session.execute(
        update(MessengerUser).where(MessengerUser.applicant_id == other.applicant_id).values(mobile="09351112233")
    )
    await session.execute(text("UPDATE applicants SET mobile = NULL WHERE id = :id"), {"id": other.applicant_id})
    found = await people.find_applicants(session, mobile="09351112233")  # only a messenger user has it
    assert [a.id for a in found] == [other.applicant_id]
    assert [a.id for a in await people.find_applicants(session, mobile="09120000000")] == [case.applicant_id]
    assert await people.find_applicants(session, mobile="09999999999") == []


async def test_export_batches_continue_where_they_stopped(session: AsyncSession) -> None:
    """Cases submitted at the same instant, a batch boundary between them: none lost, none twice."""
    same = NOW - dt.timedelta(days=3)
    made = []
    for number in range(7):
        case = await new_case(session, user_id=6000 + number)
        if number < 6:
            await move(session, case.id, A.SUBMIT, Actor.applicant())
            at = same if number % 2 else same - dt.timedelta(hours=number)
            await session.execute(update(Case).where(Case.id == case.id).values(first_submitted_at=at))
        made.append(case)
    every = CaseFilter(statuses=(Status.SUBMITTED.value, Status.DRAFT.value))
    whole = [row async for rows in stream_case_rows(session, every, batch=100) for row in rows]
    batches = [rows async for rows in stream_case_rows(session, every, batch=2)]
    assert [r.tracking_code for rows in batches for r in rows] == [r.tracking_code for r in whole]
    assert max(len(rows) for rows in batches) == 2 and len(whole) == 7
    assert whole[-1].tracking_code == made[6].tracking_code  # the draft, never submitted, last
    times = [r.submitted_at for r in whole[:6]]
    assert times == sorted(t for t in times if t is not None)
    assert len(await case_rows(session)) == 6  # drafts only when named


async def test_outbox_pruned_and_counted(session: AsyncSession) -> None:
    old, recent = NOW - dt.timedelta(days=8), NOW - dt.timedelta(hours=1)
    ids = [await outbox.add(session, "telegram", 1, "sendMessage", {"text": str(n)}) for n in range(6)]
    values: list[dict[str, object]] = [
        {"sent_at": old},  # sent a week ago: forgotten
        {"sent_at": recent},
        {"failed_at": NOW - dt.timedelta(days=100)},  # given up on long ago: forgotten
        {"failed_at": old},  # given up on, kept and counted
        {},  # waiting
        {"sent_at": old},
    ]
    for row_id, changes in zip(ids, values, strict=True):
        if changes:
            await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(**changes))
    assert await outbox.unsent_counts(session) == (1, 2)
    assert await outbox.prune(session, batch=1) == (1, 1)  # a batch at a time
    assert await outbox.prune(session) == (1, 0)
    assert await outbox.prune(session) == (0, 0)
    left = set(await session.scalars(select(OutboxMessage.id)))
    assert left == {ids[1], ids[3], ids[4]}
    assert await outbox.unsent_counts(session) == (1, 1) and await outbox.pending_count(session) == 1


async def test_migration_0011_fills_the_firsts_from_the_history(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            reviewer = await grant_role(session, "telegram", 503, Role.REVIEWER)
            case = await new_case(session, user_id=7001)
            for action in (A.SUBMIT, A.TAKE, A.RETURN, A.RESUBMIT, A.TAKE):
                actor = Actor.applicant() if action in (A.SUBMIT, A.RESUBMIT) else Actor(Role.REVIEWER, reviewer.id)
                await move(session, case.id, action, actor)
            draft = await new_case(session, user_id=7002)
            kept = await session.get(Case, case.id)
            assert kept is not None and kept.first_taken_at is not None and kept.first_submitted_at is not None
            firsts = (kept.first_submitted_at, kept.first_taken_at)
            events = await history(session, case.id)
            assert firsts[0] <= events[0].at and firsts[1] <= events[1].at  # set once, at the first of each
            assert kept.submitted_at is not None and kept.submitted_at > firsts[0]  # a resubmission moved this one
        await asyncio_run_sync(database_url, "0010")
        await asyncio_run_sync(database_url, "head")  # 0011 again, filled from the history
        async with make_sessionmaker(engine)() as session:
            filled = (
                await session.execute(select(Case.first_submitted_at, Case.first_taken_at).where(Case.id == case.id))
            ).one()
            assert tuple(filled) == (events[0].at, events[1].at)
            never = (await session.execute(select(Case.first_submitted_at).where(Case.id == draft.id))).scalar()
            assert never is None
    finally:
        await engine.dispose()


async def asyncio_run_sync(url: str, revision: str) -> None:
    """Alembic's upgrade or downgrade to ``revision`` (blocking: in a thread)."""
    import asyncio

    from alembic import command

    from storage.db import alembic_config

    def move() -> None:
        config = alembic_config(url)
        if revision == "head":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)

    await asyncio.to_thread(move)


async def test_counts_kept_as_cases_change_are_the_cases_counted(session: AsyncSession) -> None:
    reviewer = await grant_role(session, "telegram", 504, Role.REVIEWER)
    by = Actor(Role.REVIEWER, reviewer.id)

    async def counted() -> dict[tuple[str, str], int]:
        rows = await session.execute(select(Case.kind, Case.status, func.count()).group_by(Case.kind, Case.status))
        return {(k, s): n for k, s, n in rows.all()}

    made = [await new_case(session, user_id=8000 + n) for n in range(4)]
    license_file = await new_case(session, BUILDER_LICENSE, user_id=8010)
    assert (
        await counts.by_kind_and_status(session)
        == await counted()
        == {
            ("membership", "draft"): 4,
            ("builder_license", "draft"): 1,
        }
    )
    for case in made[:3]:
        await move(session, case.id, A.SUBMIT, Actor.applicant())
    await move(session, made[0].id, A.TAKE, by)
    await counts.fold(session)
    await move(session, made[0].id, A.RETURN, by)
    await move(session, license_file.id, A.SUBMIT, Actor.applicant())
    assert await counts.by_kind_and_status(session) == await counted()
    await counts.fold(session)
    await counts.fold(session)  # nothing more to fold
    assert await counts.by_kind_and_status(session) == await counted()
    assert await cases.count_by_status(session, MEMBERSHIP) == {"draft": 1, "submitted": 2, "returned": 1}
    assert await cases.count_by_kind_and_status(session) == await counted()
