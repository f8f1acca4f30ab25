"""The organization's side in storage (issue 22): a staff form's answers kept per person, file and
form; documents the organization issues, numbered from its letters and superseded by a newer one;
a person's standing (the membership the bot made, the dues settled)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import issued, staff_forms, standing
from storage.issued import next_letter_number
from storage.models import Case
from storage.people import upsert_user
from storage.workflow import Action, Actor, Role
from tests.storage.helpers import move, new_case


async def test_a_staff_forms_answers_are_its_own(session: AsyncSession) -> None:
    case = await new_case(session, user_id=3101)
    a = await upsert_user(session, "telegram", 3201, 3201)
    b = await upsert_user(session, "telegram", 3202, 3202)
    await staff_forms.save(session, a.id, case.id, "reject", "reason", "ناقص")
    await staff_forms.save(session, a.id, case.id, "return_membership", "items", ["personal", "d12"])
    await staff_forms.save(session, a.id, case.id, "reject", "reason", "مدرک ناخوانا")  # replaced
    await staff_forms.save(session, b.id, case.id, "reject", "reason", "دیگری")
    assert await staff_forms.answers(session, a.id, case.id, "reject") == {"reason": "مدرک ناخوانا"}
    assert await staff_forms.answers(session, a.id, case.id, "return_membership") == {"items": ["personal", "d12"]}
    await staff_forms.clear(session, a.id, case.id, "reject")
    assert await staff_forms.answers(session, a.id, case.id, "reject") == {}
    assert await staff_forms.answers(session, b.id, case.id, "reject") == {"reason": "دیگری"}  # someone else's stays


async def test_issued_documents_are_numbered_and_superseded(session: AsyncSession) -> None:
    case = await new_case(session, "dues", user_id=3102)
    first = await issued.issue(session, case.id, standing.SETTLEMENT_CERTIFICATE, {"through_year": 1404}, year=1405)
    second = await issued.issue(session, case.id, standing.SETTLEMENT_CERTIFICATE, {"through_year": 1405}, year=1405)
    assert (first.number, second.number) == ("1405/1", "1405/2")
    assert await next_letter_number(session, 1405) == 3  # the organization's one sequence (the inquiries' too)
    kept = await issued.of_case(session, case.id)
    assert [d.number for d in kept] == ["1405/1", "1405/2"]
    assert kept[0].superseded_at is not None and kept[1].superseded_at is None
    current = await issued.of_applicant(session, case.applicant_id, standing.SETTLEMENT_CERTIFICATE)
    assert [d.id for d in current] == [second.id]


async def test_standing_is_the_membership_the_bot_made_and_the_dues_settled(session: AsyncSession) -> None:
    membership = await new_case(session, user_id=3103)
    assert await standing.standing(session, membership.applicant_id) == standing.Standing()
    await move(session, membership.id, Action.SUBMIT, Actor.applicant())
    await move(session, membership.id, Action.TAKE, Actor(Role.REVIEWER))
    await move(session, membership.id, Action.APPROVE, Actor(Role.REVIEWER))
    await move(session, membership.id, Action.REQUEST_PAYMENT, Actor.system())
    await move(session, membership.id, Action.CONFIRM_PAYMENT, Actor(Role.FINANCE))
    await session.execute(update(Case).where(Case.id == membership.id).values(membership_number="14-1404-00007"))
    found = await standing.standing(session, membership.applicant_id)
    assert found.member and found.membership_number == "14-1404-00007" and found.member_since is not None
    assert found.dues_through is None
    dues = await session.get(Case, (await new_case(session, "dues", user_id=3104)).id)
    assert dues is not None
    dues.applicant_id = membership.applicant_id  # the same person's dues file
    await session.flush()
    for through in (1404, 1405):
        await issued.issue(session, dues.id, standing.SETTLEMENT_CERTIFICATE, {"through_year": through}, year=through)
    assert (await standing.standing(session, membership.applicant_id)).dues_through == 1405
