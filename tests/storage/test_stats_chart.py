"""The chart's figures (issue 23) on real SQLite and PostgreSQL, against hand-made histories:
submissions and decisions per week and kind, the median days from the first submission to each
status reached, and the applicants' path through the sections (reached, stopped there)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import cases, stats
from storage.models import Case, WorkflowEvent, utcnow
from storage.staff import grant_role
from storage.workflow import Action, Actor, Role, history
from tests.storage.helpers import BUILDER_LICENSE, MEMBERSHIP, move, new_case

A = Action
NOW = utcnow()
SECTIONS = ["personal", "education", "family", "documents"]


async def _days_ago(session: AsyncSession, case_id: int, *days: float) -> None:
    """The case's events, oldest first, moved to these days before now; its first submission too."""
    events = await history(session, case_id)
    for event, ago in zip(events, days, strict=True):
        await session.execute(
            update(WorkflowEvent).where(WorkflowEvent.id == event.id).values(at=NOW - dt.timedelta(days=ago))
        )
    await session.execute(
        update(Case).where(Case.id == case_id).values(first_submitted_at=NOW - dt.timedelta(days=days[0]))
    )


async def test_weeks_waits_and_the_path_through_the_sections(session: AsyncSession) -> None:
    reviewer = await grant_role(session, "telegram", 601, Role.REVIEWER)
    by = Actor(Role.REVIEWER, reviewer.id)
    approved = await new_case(session, user_id=4001)
    for action in (A.SUBMIT, A.TAKE, A.APPROVE):
        await move(session, approved.id, action, by if action != A.SUBMIT else Actor.applicant())
    await _days_ago(session, approved.id, 20, 19, 17)  # taken after 1 day, approved after 3
    rejected = await new_case(session, user_id=4002)
    for action in (A.SUBMIT, A.TAKE, A.REJECT):
        await move(session, rejected.id, action, by if action != A.SUBMIT else Actor.applicant())
    await _days_ago(session, rejected.id, 3, 1.5, 1)  # taken after 1.5 days, rejected after 2
    old = await new_case(session, user_id=4003)
    await move(session, old.id, A.SUBMIT, Actor.applicant())
    await _days_ago(session, old.id, 100)  # before the 12 weeks: not in them
    license_file = await new_case(session, BUILDER_LICENSE, user_id=4004)
    await move(session, license_file.id, A.SUBMIT, Actor.applicant())
    await _days_ago(session, license_file.id, 10)
    # two drafts: one saved its first section and answered in the second, one only began the first
    further = await new_case(session, user_id=4005)
    await cases.save_answer(session, further.id, "personal", "first_name", "رضا")
    await cases.save_answer(session, further.id, "progress", "personal", True)
    await cases.save_answer(session, further.id, "education", "level", "bachelor")
    began = await new_case(session, user_id=4006)
    await cases.save_answer(session, began.id, "personal", "first_name", "مریم")
    await cases.save_answer(session, approved.id, "personal", "first_name", "علی")  # submitted: all stages

    weekly = await stats.weekly(session, now=NOW)
    assert weekly.weeks == 12 and weekly.start == NOW - dt.timedelta(weeks=12)
    # 20 days ago: (84 − 20) / 7 = week 9; 17 days ago: 9.57 → 9; 3 and 1 days ago: week 11
    expected_submitted = [0] * 12
    expected_submitted[9], expected_submitted[11] = 1, 1
    assert weekly.submitted[MEMBERSHIP] == expected_submitted
    assert weekly.decided[MEMBERSHIP] == expected_submitted  # approved in week 9, rejected in 11
    license_weeks = [0] * 12
    license_weeks[(84 - 10) // 7] = 1
    assert weekly.submitted[BUILDER_LICENSE] == license_weeks
    assert BUILDER_LICENSE not in weekly.decided

    waits = {(w.kind, w.status): w for w in await stats.step_waits(session, days=90)}
    assert waits[(MEMBERSHIP, "in_review")].count == 2
    assert waits[(MEMBERSHIP, "in_review")].median_days == pytest.approx(1.25, abs=1e-3)  # (1 + 1.5) / 2
    assert waits[(MEMBERSHIP, "approved")].median_days == pytest.approx(3, abs=1e-3)
    assert waits[(MEMBERSHIP, "rejected")].median_days == pytest.approx(2, abs=1e-3)
    assert (MEMBERSHIP, "submitted") not in waits  # the applicant's own step is not a wait
    recent = {(w.kind, w.status): w for w in await stats.step_waits(session, days=2)}
    assert set(recent) == {(MEMBERSHIP, "in_review"), (MEMBERSHIP, "rejected")}  # the period: reached in it
    assert recent[(MEMBERSHIP, "in_review")].median_days == pytest.approx(1.5, abs=1e-3)

    path = await stats.funnel(session, MEMBERSHIP, SECTIONS, "progress", days=90)
    # begun: the three submitted membership files and the two drafts
    assert (path.begun, path.submitted) == (5, 3)
    assert path.stopped == [1, 1, 0, 0, 0]  # one stopped at "personal", one at "education"
    assert path.reached == [5, 4, 3, 3, 3]  # the last stage: the confirmation
    empty = await stats.funnel(session, "no_such_kind", SECTIONS, "progress")
    assert (empty.begun, empty.reached, empty.stopped) == (0, [0] * 5, [0] * 5)
