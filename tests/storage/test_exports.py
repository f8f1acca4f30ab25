"""The export's query on real SQLite and PostgreSQL: which cases, which dates, personal data only
when asked for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from scoring.validators import IRAN_TIME
from storage import builder_license, cases, offices, people, staff
from storage.exports import LicenseScores, case_rows
from storage.models import Case, WorkflowEvent
from storage.workflow import Action, Actor, Role
from tests.storage.helpers import BUILDER_LICENSE, move, new_case

# 2024-08-02 21:00 UTC is 00:30 on 1403/05/13 in Iran: the day changes at 20:30 UTC
LATE_EVENING_UTC = dt.datetime(2024, 8, 2, 21, 0, tzinfo=dt.UTC)


async def _walk(session: AsyncSession, case_id: int, *actions: Action) -> None:
    member = await staff.grant_role(session, "telegram", 77, Role.ADMIN)
    for action in actions:
        actor = Actor.applicant() if action == Action.SUBMIT else Actor(Role.ADMIN, member.id)
        if action == Action.REQUEST_PAYMENT:
            actor = Actor.system()
        await move(session, case_id, action, actor)


async def _dated(session: AsyncSession, case_id: int, at: dt.datetime) -> None:
    """Every event of the case at ``at`` (and the first submission and take the case keeps)."""
    await session.execute(update(WorkflowEvent).where(WorkflowEvent.case_id == case_id).values(at=at))
    firsts = {"first_submitted_at": at, "first_taken_at": at}
    await session.execute(update(Case).where(Case.id == case_id, Case.first_taken_at.is_not(None)).values(**firsts))
    await session.execute(update(Case).where(Case.id == case_id).values(first_submitted_at=at))


async def test_rows_kinds_dates_and_offices(session: AsyncSession) -> None:
    office = await offices.add_office(session, "IR-14", "دفتر آزمایشی شهرکرد", city="شهرکرد")
    approved = await new_case(session, user_id=1)
    await cases.set_case_fields(session, approved.id, province="IR-14", suggested_office_id=office.id)
    await _walk(session, approved.id, Action.SUBMIT, Action.TAKE, Action.APPROVE, Action.REQUEST_PAYMENT)
    await _dated(session, approved.id, LATE_EVENING_UTC)
    draft = await new_case(session, user_id=2)
    license_case = await new_case(session, BUILDER_LICENSE, user_id=3)
    await cases.set_case_fields(session, license_case.id, province="IR-23")
    await _walk(session, license_case.id, Action.SUBMIT, Action.TAKE)

    rows = await case_rows(session)
    assert [r.tracking_code for r in rows] == [approved.tracking_code, license_case.tracking_code]  # no draft
    first, second = rows
    assert (first.kind, first.status, first.province, first.office) == (
        "membership",
        "awaiting_payment",
        "IR-14",
        "دفتر آزمایشی شهرکرد",
    )
    assert first.submitted_at == LATE_EVENING_UTC and first.decided_at == LATE_EVENING_UTC
    assert first.submitted_at.astimezone(IRAN_TIME).date() == dt.date(2024, 8, 3)
    assert first.scores is None and first.personal is None
    assert second.kind == "builder_license" and second.decided_at is None and second.office is None
    assert second.scores is not None and second.scores.total is None  # not scored yet: empty score columns

    # documents review ended: the score kept is the export's
    points = {"3": Decimal(5), "4": Decimal("6.56"), "5": Decimal("3.5"), "6": Decimal(10)}
    await builder_license.keep_score(session, license_case.id, points, Decimal("25.06"), 3)
    (scored,) = await case_rows(session, kind="builder_license")
    assert scored.scores == LicenseScores(Decimal(5), Decimal("6.56"), Decimal("3.5"), Decimal(10), Decimal("25.06"), 3)

    assert [r.tracking_code for r in await case_rows(session, statuses=["draft"])] == [draft.tracking_code]
    licenses = await case_rows(session, kind="builder_license")
    assert [r.tracking_code for r in licenses] == [license_case.tracking_code]
    assert [r.status for r in await case_rows(session, statuses=["awaiting_payment", "rejected"])] == [
        "awaiting_payment"
    ]


async def test_the_date_range_is_by_the_day_in_iran(session: AsyncSession) -> None:
    case = await new_case(session)
    await _walk(session, case.id, Action.SUBMIT)
    await _dated(session, case.id, LATE_EVENING_UTC)
    iran_day = dt.date(2024, 8, 3)

    async def codes(start: dt.date | None, end: dt.date | None) -> list[str]:
        return [r.tracking_code for r in await case_rows(session, submitted_from=start, submitted_to=end)]

    assert await codes(iran_day, iran_day) == [case.tracking_code]
    assert await codes(iran_day + dt.timedelta(days=1), None) == []
    assert await codes(None, iran_day - dt.timedelta(days=1)) == []  # the UTC date (Aug 2) does not count


async def test_personal_data_only_when_asked(session: AsyncSession) -> None:
    case = await new_case(session)
    await _walk(session, case.id, Action.SUBMIT)
    applicant = await people.get_applicant(session, case.applicant_id)
    assert applicant is not None
    await people.update_identity(session, applicant.id, first_name="سارا", last_name="آزمایشی")

    (plain,) = await case_rows(session)
    assert plain.personal is None
    (admin,) = await case_rows(session, with_personal=True)
    assert admin.personal is not None
    assert (admin.personal.national_code, admin.personal.first_name) == (applicant.national_code, "سارا")
