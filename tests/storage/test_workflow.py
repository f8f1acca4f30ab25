"""The workflow table, transitions with their events, the concurrency race and the history view."""

import asyncio
import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conversations.applications.dues.process import DuesStatus
from conversations.applications.membership.process import MembershipStatus
from storage.builder_license import LicenseAction, LicenseStatus
from storage.cases import count_by_status, get_case
from storage.models import WorkflowEvent
from storage.staff import grant_role
from storage.workflow import (
    Action,
    Actor,
    AlreadyHandled,
    IllegalTransition,
    Role,
    RoleNotAllowed,
    Status,
    Transition,
    applicant_history,
    first_review_waits,
    history,
    log_action,
)
from tests.storage.helpers import BUILDER_LICENSE, DUES, MEMBERSHIP, move, new_case, workflows

# every application's statuses and actions, by name (membership's, the builder license's, dues')
S = SimpleNamespace(**{m.name: m.value for e in (Status, MembershipStatus, LicenseStatus, DuesStatus) for m in e})
A = SimpleNamespace(**{m.name: m.value for e in (Action, LicenseAction) for m in e})
WORKFLOWS = workflows()
STEPS = [(kind, t) for kind, workflow in WORKFLOWS.items() for t in workflow.transitions]

# The path to reach each source state, per kind (actions taken with an allowed role).
PATHS: dict[tuple[str, str], list[str]] = {
    (MEMBERSHIP, S.DRAFT): [],
    (MEMBERSHIP, S.SUBMITTED): [A.SUBMIT],
    (MEMBERSHIP, S.IN_REVIEW): [A.SUBMIT, A.TAKE],
    (MEMBERSHIP, S.RETURNED): [A.SUBMIT, A.TAKE, A.RETURN],
    (MEMBERSHIP, S.APPROVED): [A.SUBMIT, A.TAKE, A.APPROVE],
    (MEMBERSHIP, S.AWAITING_PAYMENT): [A.SUBMIT, A.TAKE, A.APPROVE, A.REQUEST_PAYMENT],
    (BUILDER_LICENSE, S.DRAFT): [],
    (BUILDER_LICENSE, S.SUBMITTED): [A.SUBMIT],
    (BUILDER_LICENSE, S.DOCUMENTS_REVIEW): [A.SUBMIT, A.TAKE],
    (BUILDER_LICENSE, S.INQUIRIES): [A.SUBMIT, A.TAKE, A.ADVANCE],
    (BUILDER_LICENSE, S.SCORED): [A.SUBMIT, A.TAKE, A.ADVANCE, A.ADVANCE],
    (BUILDER_LICENSE, S.MANAGER_APPROVAL): [A.SUBMIT, A.TAKE, A.ADVANCE, A.ADVANCE, A.ADVANCE],
    (BUILDER_LICENSE, S.SENT_TO_MINISTRY): [
        A.SUBMIT,
        A.TAKE,
        A.ADVANCE,
        A.ADVANCE,
        A.ADVANCE,
        A.SEND_TO_MINISTRY,
    ],
    (BUILDER_LICENSE, S.CLOSED): [  # issue 27: a license issued may be revoked
        A.SUBMIT,
        A.TAKE,
        A.ADVANCE,
        A.ADVANCE,
        A.ADVANCE,
        A.SEND_TO_MINISTRY,
        A.CLOSE,
    ],
    (BUILDER_LICENSE, S.RETURNED): [A.SUBMIT, A.TAKE, A.RETURN],
    (DUES, S.DRAFT): [],
    (DUES, S.SUBMITTED): [A.SUBMIT],
    (DUES, S.AWAITING_PAYMENT): [A.SUBMIT, A.REQUEST_PAYMENT],
}


def actor_for(role: Role, staff_id: int | None) -> Actor:
    return Actor(role, staff_id if role not in (Role.APPLICANT, Role.SYSTEM) else None)


async def walk(session: AsyncSession, case_id: int, kind: str, actions: list[str], staff_id: int) -> None:
    for action in actions:
        case = await get_case(session, case_id)
        assert case is not None
        step = WORKFLOWS[kind].find(action, case.status)
        assert step is not None, (kind, action, case.status)
        role = sorted(step.roles)[0]
        await move(session, case_id, action, actor_for(role, staff_id))


def test_every_source_has_a_path() -> None:
    assert {(kind, t.source) for kind, t in STEPS} <= set(PATHS)


@pytest.mark.parametrize(
    ("kind", "step"), STEPS, ids=lambda v: v if isinstance(v, str) else f"{v.source}-{v.action}->{v.target}"
)
async def test_every_allowed_transition_with_every_allowed_role(
    session: AsyncSession, kind: str, step: Transition
) -> None:
    for role in sorted(step.roles):
        case = await new_case(session, kind, user_id=hash((kind, step, role)) % 10**9)
        staff = await grant_role(session, "telegram", 777, Role.REVIEWER, display_name="Reviewer A")
        await walk(session, case.id, kind, PATHS[(kind, step.source)], staff.id)
        before = await get_case(session, case.id)
        assert before is not None and before.status == step.source
        result = await move(session, case.id, step.action, actor_for(role, staff.id), note="n")
        after = await get_case(session, case.id)
        assert after is not None
        assert after.status == step.target
        assert after.version == before.version + 1 == result.version
        assert result.event.from_status == step.source
        assert result.event.to_status == step.target
        assert result.event.actor_role == role
        assert result.event.action == step.action


@pytest.mark.parametrize(
    ("kind", "source", "action", "role"),
    [
        (MEMBERSHIP, S.DRAFT, A.APPROVE, Role.REVIEWER),  # nothing to approve yet
        (MEMBERSHIP, S.SUBMITTED, A.APPROVE, Role.REVIEWER),  # must be taken first
        (MEMBERSHIP, S.RETURNED, A.APPROVE, Role.REVIEWER),
        (MEMBERSHIP, S.SUBMITTED, A.REJECT, Role.REVIEWER),
        (MEMBERSHIP, S.APPROVED, A.CONFIRM_PAYMENT, Role.FINANCE),
        (MEMBERSHIP, S.IN_REVIEW, A.SUBMIT, Role.APPLICANT),
        (MEMBERSHIP, S.IN_REVIEW, A.ADVANCE, Role.REVIEWER),  # a license step
        (BUILDER_LICENSE, S.SUBMITTED, A.APPROVE, Role.REVIEWER),  # a membership step
        (BUILDER_LICENSE, S.SCORED, A.SEND_TO_MINISTRY, Role.TECHNICAL_MANAGER),
        (BUILDER_LICENSE, S.DRAFT, A.RETURN, Role.REVIEWER),
    ],
)
async def test_forbidden_transitions_change_nothing(
    session: AsyncSession, kind: str, source: str, action: str, role: Role
) -> None:
    case = await new_case(session, kind)
    staff = await grant_role(session, "telegram", 777, Role.REVIEWER)
    await walk(session, case.id, kind, PATHS[(kind, source)], staff.id)
    before = await get_case(session, case.id)
    events_before = len(await history(session, case.id))
    with pytest.raises(IllegalTransition):
        await move(session, case.id, action, actor_for(role, staff.id))
    assert await get_case(session, case.id) == before
    assert len(await history(session, case.id)) == events_before


@pytest.mark.parametrize(
    ("kind", "source", "action", "role"),
    [
        (MEMBERSHIP, S.DRAFT, A.SUBMIT, Role.REVIEWER),  # staff cannot submit for the applicant
        (MEMBERSHIP, S.SUBMITTED, A.TAKE, Role.APPLICANT),
        (MEMBERSHIP, S.IN_REVIEW, A.APPROVE, Role.APPLICANT),
        (MEMBERSHIP, S.IN_REVIEW, A.APPROVE, Role.FINANCE),
        (MEMBERSHIP, S.IN_REVIEW, A.APPROVE, Role.TECHNICAL_MANAGER),
        (MEMBERSHIP, S.AWAITING_PAYMENT, A.CONFIRM_PAYMENT, Role.REVIEWER),
        (MEMBERSHIP, S.AWAITING_PAYMENT, A.CONFIRM_PAYMENT, Role.APPLICANT),
        (MEMBERSHIP, S.APPROVED, A.REQUEST_PAYMENT, Role.REVIEWER),
        (BUILDER_LICENSE, S.MANAGER_APPROVAL, A.SEND_TO_MINISTRY, Role.REVIEWER),
    ],
)
async def test_wrong_roles_change_nothing(
    session: AsyncSession, kind: str, source: str, action: str, role: Role
) -> None:
    case = await new_case(session, kind)
    staff = await grant_role(session, "telegram", 777, Role.REVIEWER)
    await walk(session, case.id, kind, PATHS[(kind, source)], staff.id)
    before = await get_case(session, case.id)
    with pytest.raises(RoleNotAllowed):
        await move(session, case.id, action, actor_for(role, staff.id))
    assert await get_case(session, case.id) == before


async def test_resubmission_counts_and_events_are_appended(session: AsyncSession) -> None:
    case = await new_case(session)
    staff = await grant_role(session, "telegram", 777, Role.REVIEWER)
    reviewer = Actor(Role.REVIEWER, staff.id)
    await move(session, case.id, A.SUBMIT, Actor.applicant())
    await move(session, case.id, A.TAKE, reviewer)
    await move(
        session,
        case.id,
        A.RETURN,
        reviewer,
        section_notes={"education": "degree photo is blurred", "documents": "national card back side missing"},
    )
    await move(session, case.id, A.RESUBMIT, Actor.applicant())
    after = await get_case(session, case.id)
    assert after is not None
    assert after.resubmission_count == 1
    assert after.status == S.SUBMITTED
    events = await history(session, case.id)
    assert [e.action for e in events] == ["submit", "take", "return", "resubmit"]
    assert events[2].section_notes == {
        "education": "degree photo is blurred",
        "documents": "national card back side missing",
    }
    assert events[2].actor_staff_id == staff.id


async def test_the_applicant_history_starts_at_the_end_of_the_first_review(session: AsyncSession) -> None:
    case = await new_case(session)
    staff = await grant_role(session, "telegram", 777, Role.REVIEWER)
    reviewer = Actor(Role.REVIEWER, staff.id)
    await move(session, case.id, A.SUBMIT, Actor.applicant())
    await move(session, case.id, A.TAKE, reviewer)
    assert await applicant_history(session, WORKFLOWS[MEMBERSHIP], case.id) == []  # review not finished yet
    await move(session, case.id, A.RETURN, reviewer, section_notes={"family": "add your spouse"})
    await move(session, case.id, A.RESUBMIT, Actor.applicant())
    await move(session, case.id, A.TAKE, reviewer)
    await move(session, case.id, A.APPROVE, reviewer)
    seen = await applicant_history(session, WORKFLOWS[MEMBERSHIP], case.id)
    assert [e.action for e in seen] == ["return", "resubmit", "take", "approve"]
    assert len(await history(session, case.id)) == 6


async def test_set_office_is_logged_and_versioned(session: AsyncSession) -> None:
    case = await new_case(session)
    staff = await grant_role(session, "telegram", 777, Role.REVIEWER)
    await move(session, case.id, A.SUBMIT, Actor.applicant())
    result = await log_action(session, case.id, A.SET_OFFICE, Actor(Role.REVIEWER, staff.id), note="office 2")
    assert result.from_status == result.to_status == S.SUBMITTED
    assert (await history(session, case.id))[-1].action == "set_office"


async def test_statistics_counts_and_first_review_waits(session: AsyncSession) -> None:
    staff = await grant_role(session, "telegram", 778, Role.REVIEWER)
    taken = await new_case(session, user_id=2001)
    waiting = await new_case(session, user_id=2002)
    await new_case(session, user_id=2003)  # a draft
    for case in (taken, waiting):
        await move(session, case.id, A.SUBMIT, Actor.applicant())
    await move(session, taken.id, A.TAKE, Actor(Role.REVIEWER, staff.id))
    await move(session, taken.id, A.RETURN, Actor(Role.REVIEWER, staff.id))
    await move(session, taken.id, A.RESUBMIT, Actor.applicant())
    await move(session, taken.id, A.TAKE, Actor(Role.REVIEWER, staff.id))  # a second take: not counted
    # event times set explicitly: submitted at t0, first taken 90 minutes later, again after 3 h
    t0 = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    for event, minutes in zip(await history(session, taken.id), (0, 90, 100, 120, 180), strict=True):
        await session.execute(
            update(WorkflowEvent).where(WorkflowEvent.id == event.id).values(at=t0 + dt.timedelta(minutes=minutes))
        )
    assert await count_by_status(session, MEMBERSHIP) == {"draft": 1, "submitted": 1, "in_review": 1}
    assert await count_by_status(session, BUILDER_LICENSE) == {}
    assert await first_review_waits(session, MEMBERSHIP) == [dt.timedelta(minutes=90)]


async def test_a_stale_version_is_already_handled(session: AsyncSession) -> None:
    case = await new_case(session)
    staff = await grant_role(session, "telegram", 777, Role.REVIEWER, display_name="Reviewer A")
    await move(session, case.id, A.SUBMIT, Actor.applicant())
    seen = await get_case(session, case.id)
    assert seen is not None
    await move(session, case.id, A.TAKE, Actor(Role.REVIEWER, staff.id), expected_version=seen.version)
    with pytest.raises(AlreadyHandled) as info:
        await move(session, case.id, A.TAKE, Actor(Role.REVIEWER, staff.id), expected_version=seen.version)
    assert info.value.by_name == "Reviewer A"
    assert info.value.status == S.IN_REVIEW


async def test_two_reviewers_approving_at_once_one_wins(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        case = await new_case(session)
        a = await grant_role(session, "telegram", 701, Role.REVIEWER, display_name="Reviewer A")
        b = await grant_role(session, "telegram", 702, Role.REVIEWER, display_name="Reviewer B")
        await move(session, case.id, A.SUBMIT, Actor.applicant())
        await move(session, case.id, A.TAKE, Actor(Role.REVIEWER, a.id))
        await session.commit()
        version = (await get_case(session, case.id)).version  # type: ignore[union-attr]

    barrier = asyncio.Barrier(2)

    async def approve(staff_id: int) -> str:
        async with sessions() as session:
            await barrier.wait()
            try:
                await move(session, case.id, A.APPROVE, Actor(Role.REVIEWER, staff_id), expected_version=version)
                await asyncio.sleep(0.05)  # hold the transaction open a moment: a real race
                await session.commit()
                return "won"
            except AlreadyHandled as exc:
                await session.rollback()
                return f"lost to {exc.by_name}"

    results = await asyncio.gather(approve(a.id), approve(b.id))
    assert sorted(results)[1] == "won"
    assert sorted(results)[0] in ("lost to Reviewer A", "lost to Reviewer B")
    assert results.count("won") == 1
    async with sessions() as session:
        approvals = await session.scalar(
            select(func.count())
            .select_from(WorkflowEvent)
            .where(WorkflowEvent.case_id == case.id, WorkflowEvent.action == "approve")
        )
        assert approvals == 1
        final = await get_case(session, case.id)
        assert final is not None and final.status == S.APPROVED and final.version == version + 1


async def test_a_race_without_versions_still_transitions_once(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        case = await new_case(session)
        a = await grant_role(session, "telegram", 701, Role.REVIEWER, display_name="Reviewer A")
        b = await grant_role(session, "telegram", 702, Role.REVIEWER, display_name="Reviewer B")
        await move(session, case.id, A.SUBMIT, Actor.applicant())
        await session.commit()

    async def take(staff_id: int) -> str:
        async with sessions() as session:
            try:
                await move(session, case.id, A.TAKE, Actor(Role.REVIEWER, staff_id))
                await asyncio.sleep(0.02)
                await session.commit()
                return "won"
            except AlreadyHandled:
                await session.rollback()
                return "lost"

    results = await asyncio.gather(*(take(s) for s in (a.id, b.id, a.id, b.id)))
    assert results.count("won") == 1
    assert results.count("lost") == 3


def test_waiting_marker_is_derived_from_status() -> None:
    waiting = WORKFLOWS[MEMBERSHIP].is_waiting
    assert waiting(S.DRAFT)
    assert waiting(S.RETURNED)
    assert waiting(S.AWAITING_PAYMENT)
    assert not waiting(S.SUBMITTED)
    assert not waiting(S.IN_REVIEW)
    assert not waiting(S.MEMBER)


def test_allowed_actions_for_buttons() -> None:
    reviewer = frozenset({Role.REVIEWER})
    membership = WORKFLOWS[MEMBERSHIP]
    assert membership.allowed(S.SUBMITTED, reviewer) == [A.TAKE]
    assert set(membership.allowed(S.IN_REVIEW, reviewer)) == {A.RETURN, A.APPROVE, A.REJECT}
    assert membership.allowed(S.IN_REVIEW, frozenset({Role.FINANCE})) == []
