"""Issue 23 on real SQLite and PostgreSQL: a name found with its letters folded (ي/ك, ZWNJ,
spaces) by the database; since when a case is in its status, and the files past a cutoff, longest
waiting first; a staff read recorded; a day's digest claimed once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import cases, people, reads
from storage.models import Applicant, Case, utcnow
from storage.staff import grant_role, set_name
from storage.workflow import Action, Actor, Role, Status
from tests.storage.helpers import move, new_case


async def test_a_name_is_found_with_its_letters_folded(session: AsyncSession) -> None:
    first = await new_case(session, user_id=3001)
    second = await new_case(session, user_id=3002)
    await session.execute(  # an older row, stored before names were normalised: Arabic letters
        update(Applicant).where(Applicant.id == first.applicant_id).values(first_name="علي\u200cرضا", last_name="كريمي")
    )
    await session.execute(
        update(Applicant).where(Applicant.id == second.applicant_id).values(first_name="مریم", last_name="احمدی")
    )
    for typed in ("کریمی", "كريمي", "علیرضا کریمی", "علی رضا", "علي‌رضا  كريمي", "رضاکر"):
        found = await people.find_applicants_by_name(session, typed)
        assert [a.id for a in found] == [first.applicant_id], typed
    assert await people.find_applicants_by_name(session, "ی") == []  # one letter: no search
    assert await people.find_applicants_by_name(session, "50%") == []  # LIKE's signs are letters here
    assert len(await people.find_applicants_by_name(session, "ی", limit=1)) <= 1


async def test_since_when_in_its_status_and_who_waited_too_long(session: AsyncSession) -> None:
    waiting = await new_case(session, user_id=3011)
    recent = await new_case(session, user_id=3012)
    for case in (waiting, recent):
        await move(session, case.id, Action.SUBMIT, Actor.applicant())
    before = utcnow()
    await session.execute(update(Case).where(Case.id == waiting.id).values(status_at=before - dt.timedelta(days=10)))
    found = await cases.waiting_too_long(session, {Status.SUBMITTED: before - dt.timedelta(days=7)})
    assert [w.case.id for w in found] == [waiting.id]
    reviewer = await grant_role(session, "telegram", 77, Role.REVIEWER)
    await move(session, waiting.id, Action.TAKE, Actor(Role.REVIEWER, reviewer.id))
    moved = await cases.waiting_too_long(session, {Status.SUBMITTED: before - dt.timedelta(days=7)})
    assert moved == []  # a new status: the clock starts again
    named = await set_name(session, reviewer, "  سارا   رحیمی ")
    assert named.display_name == "سارا رحیمی"


async def test_reads_recorded_and_a_digest_claimed_once(session: AsyncSession) -> None:
    case = await new_case(session, user_id=3021)
    member = await grant_role(session, "telegram", 78, Role.ADMIN, display_name="مدیر")
    await reads.record(session, case.id, member.id, reads.Read.DOCUMENTS)
    await reads.record(session, case.id, member.id, reads.Read.FILE)
    assert [r.what for r in await reads.reads_of(session, case.id)] == [reads.Read.DOCUMENTS, reads.Read.FILE]
    day = dt.date(2026, 12, 7)
    assert await reads.claim_digest(session, "waiting", day)
    assert not await reads.claim_digest(session, "waiting", day)
    assert await reads.claim_digest(session, "waiting", day + dt.timedelta(days=1))
