"""The builder license's organization side in storage, on SQLite and PostgreSQL: the reviewers'
changes guarded by the assessment's version (of two at once, one wins and the other learns who),
letters numbered without gaps or twins when issued at once, the inquiries' replies, the
applicant's changed claim judged again, and what the applicant's history leaves out."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import builder_license, cases
from storage.builder_license import Inquiry, LicenseAction, Reply
from storage.staff import grant_role
from storage.workflow import (
    Action,
    Actor,
    AlreadyHandled,
    IllegalTransition,
    Role,
    applicant_history,
    history,
)
from tests.storage.helpers import BUILDER_LICENSE, move, new_case, workflows


async def in_review(session: AsyncSession, user_id: int = 1001) -> tuple[int, int]:
    """A license file in documents review with one project (3000 m², own contract) and one
    finance item (2.5 billion rials); (case id, project id)."""
    case = await new_case(session, BUILDER_LICENSE, user_id=user_id)
    project = await cases.add_license_project(session, case.id, record_type="own_contract", area_m2=Decimal(3000))
    await cases.set_finance_item(session, case.id, "capital_equipment", Decimal("2.5"))
    await move(session, case.id, Action.SUBMIT, Actor.applicant())
    await move(session, case.id, Action.TAKE, Actor(Role.REVIEWER))
    return case.id, project


async def reviewers(session: AsyncSession) -> tuple[Actor, Actor]:
    a = await grant_role(session, "telegram", 9911, Role.REVIEWER, display_name="کارشناس الف")
    b = await grant_role(session, "telegram", 9912, Role.REVIEWER, display_name="کارشناس ب")
    return Actor(Role.REVIEWER, a.id), Actor(Role.REVIEWER, b.id)


async def test_two_reviewers_changing_at_once_one_wins(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        case_id, project = await in_review(session)
        a, b = await reviewers(session)

    async def mark(actor: Actor, value: int) -> int | AlreadyHandled:
        try:
            async with sessions() as session, session.begin():
                return await builder_license.set_mark(
                    session, case_id, 0, value, actor, criteria=5, expected_version=1, note=f"mark {value}"
                )
        except AlreadyHandled as exc:
            return exc

    outcomes = await asyncio.gather(mark(a, 8), mark(b, 3))
    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyHandled", "int"]
    winner = 8 if outcomes[0] == 2 else 3
    lost = next(o for o in outcomes if isinstance(o, AlreadyHandled))
    assert lost.by_name == ("کارشناس الف" if winner == 8 else "کارشناس ب")
    async with sessions() as session:
        assessment = await builder_license.get_assessment(session, case_id)
        assert assessment.version == 2 and assessment.marks[0] == winner
        # the case's own version did not move: the staff chat's buttons stay good
        case = await cases.get_case(session, case_id)
        assert case is not None and case.version == 3
        with pytest.raises(AlreadyHandled):  # a change made against what one saw before
            await builder_license.judge_project(
                session, case_id, project, a, expected_version=1, note="", accepted=True
            )


async def test_letters_issued_at_once_get_distinct_numbers(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        first, _ = await in_review(session, 1001)
        second, _ = await in_review(session, 1002)
        for case_id in (first, second):
            await move(session, case_id, LicenseAction.ADVANCE, Actor(Role.REVIEWER))
        staff = await grant_role(session, "telegram", 9913, Role.BUILDERS_UNIT, display_name="واحد مجریان")
    unit = Actor(Role.BUILDERS_UNIT, staff.id)

    async def issue(case_id: int, kind: Inquiry) -> str:
        async with sessions() as session, session.begin():
            letter, new = await builder_license.issue_letter(
                session, case_id, kind, unit, year=1404, note=lambda number: f"letter {number}"
            )
            assert new
            return str(letter.number)

    numbers = await asyncio.gather(
        issue(first, Inquiry.EXECUTION), issue(second, Inquiry.EXECUTION), issue(first, Inquiry.DISCIPLINARY)
    )
    assert sorted(numbers) == ["1404/1", "1404/2", "1404/3"]
    async with sessions() as session, session.begin():
        again, new = await builder_license.issue_letter(
            session, first, Inquiry.EXECUTION, unit, year=1404, note=lambda n: n
        )
        assert not new and again.number in numbers  # asked again: the same letter
        next_year, _ = await builder_license.issue_letter(
            session, second, Inquiry.DISCIPLINARY, unit, year=1405, note=lambda n: n
        )
        assert next_year.number == "1405/1"  # a sequence per Jalali year

        # replies: finance may record unpaid dues with no certificate; clear twice is told who
        await builder_license.record_reply(
            session, first, Inquiry.FINANCE, Reply.RECORD, unit, note="unpaid", reply_note="۱۴۰۳ unpaid"
        )
        await builder_license.record_reply(session, first, Inquiry.EXECUTION, Reply.CLEAR, unit, note="clear")
        with pytest.raises(AlreadyHandled) as told:
            await builder_license.record_reply(session, first, Inquiry.EXECUTION, Reply.CLEAR, unit, note="clear")
        assert told.value.by_name == "واحد مجریان"
        assert not await builder_license.all_clear(session, first)
        found = await builder_license.letter(session, first, Inquiry.FINANCE)
        assert found is not None and not found.issued and found.reply == "record"


async def test_judging_only_in_documents_review_and_the_applicants_changes(session: AsyncSession) -> None:
    case_id, project = await in_review(session)
    reviewer = Actor(Role.REVIEWER)
    version = await builder_license.judge_project(
        session,
        case_id,
        project,
        reviewer,
        expected_version=1,
        note="area 3000 → 2500",
        accepted=True,
        accepted_area_m2=Decimal(2500),
    )
    version = await builder_license.accept_amount(
        session, case_id, "capital_equipment", Decimal(2), reviewer, expected_version=version, note="2.5 → 2"
    )
    # the applicant keeps a claim: the judgement stays; changes it: judged again
    await cases.update_license_project(session, case_id, project, area_m2="3000")
    await cases.set_finance_item(session, case_id, "capital_equipment", Decimal("2.5"))
    file = await cases.case_file(session, case_id)
    assert file is not None
    assert file.projects[0].accepted is True and file.projects[0].accepted_area_m2 == Decimal(2500)
    assert file.finance[0].accepted_amount == Decimal(2)
    await cases.update_license_project(session, case_id, project, area_m2="2800")
    await cases.set_finance_item(session, case_id, "capital_equipment", Decimal(3))
    file = await cases.case_file(session, case_id)
    assert file is not None
    assert file.projects[0].accepted is None and file.projects[0].accepted_area_m2 is None
    assert file.finance[0].accepted_amount is None and not file.finance[0].verified

    events = await history(session, case_id)
    assert [e.note for e in events if e.action == LicenseAction.ASSESS] == ["area 3000 → 2500", "2.5 → 2"]
    await move(session, case_id, LicenseAction.ADVANCE, reviewer)
    with pytest.raises(IllegalTransition):  # inquiries: the grey part is no longer open
        await builder_license.set_mark(session, case_id, 0, 5, reviewer, criteria=5, expected_version=version, note="")
    await builder_license.issue_letter(session, case_id, Inquiry.EXECUTION, reviewer, year=1404, note=lambda n: n)
    shown = [e.action for e in await applicant_history(session, workflows()[BUILDER_LICENSE], case_id)]
    assert shown == [LicenseAction.ADVANCE.value]  # the grey part and the letters are staff's
