"""Who may act is stated once (issue 22): each step of an application's process names its roles,
and the database's guard, the staff chat's buttons, the press's actor and every role's queue are
derived from that one statement. These tests fail when any of them would let a role act where
the workflow does not, or when a process states a step's roles a second time."""

from __future__ import annotations

import pytest

from bot.wiring import APPLICATIONS
from conversations.kit.application import Application
from conversations.kit.process import Process, actor_of, step
from storage.staff import StaffInfo
from storage.workflow import STAFF_ROLES, Action, Role, RoleNotAllowed, Status

APPS = {app.name: app for app in APPLICATIONS}


def member(*roles: Role) -> StaffInfo:
    return StaffInfo(1, "bale", 800101, "کارشناس آزمایشی", frozenset(roles))


def test_a_step_stated_twice_is_refused() -> None:
    """Two statements of who may take the same step from the same status could disagree: the
    declaration is refused when the process is built, naming the step."""
    review = frozenset({Role.REVIEWER})
    finance = frozenset({Role.FINANCE})
    with pytest.raises(ValueError, match=r"steps stated twice.*approve.*submitted"):
        Process(
            kind="sample",
            steps=(
                step(Action.APPROVE, Status.SUBMITTED, "member", review, name="approve"),
                step(Action.APPROVE, Status.SUBMITTED, "member", finance, name="approve_by_finance"),
            ),
            final=frozenset({"member"}),
            waiting=frozenset(),
        )


@pytest.mark.parametrize("app", APPLICATIONS, ids=lambda a: a.name)
def test_the_database_guards_each_step_with_its_declared_roles(app: Application) -> None:
    process = app.process
    workflow = process.workflow
    for declared in process.steps:
        if declared.target is None:
            continue
        for source in declared.source:
            guarded = workflow.find(declared.action, source)
            assert guarded is not None, f"{app.name}: {declared.name} from {source} is not in the workflow"
            assert guarded.roles == declared.by, f"{app.name}: {declared.name} from {source}"
            assert guarded.target == declared.target


@pytest.mark.parametrize("app", APPLICATIONS, ids=lambda a: a.name)
def test_every_queue_is_where_its_role_may_move_a_file_on(app: Application) -> None:
    """A role's default queue (``/queue``) holds only statuses where the workflow gives it a step
    with a button, one the database's guard lets it take."""
    process = app.process
    for role in STAFF_ROLES:
        for status in process.queue(role):
            mine = [
                s for s in process.steps if s.button is not None and status in s.source and role in s.by and s.forward
            ]
            assert mine, f"{app.name}: {role} queues {status} but may take no step there"
            for taken in mine:
                if taken.target is not None:
                    guarded = process.workflow.find(taken.action, status)
                    assert guarded is not None and role in guarded.roles, f"{app.name}: {taken.name} by {role}"


@pytest.mark.parametrize("app", APPLICATIONS, ids=lambda a: a.name)
def test_a_press_acts_in_a_role_the_workflow_allows_or_not_at_all(app: Application) -> None:
    """Every staff role against every step with a button: the actor a press makes is one the
    database's guard accepts for that step, and a role the step does not name makes none."""
    process = app.process
    for declared in process.steps:
        if declared.button is None:
            continue
        for role in STAFF_ROLES:
            someone = member(role)
            if role not in declared.by:
                with pytest.raises(RoleNotAllowed):
                    actor_of(someone, declared.by)
                continue
            actor = actor_of(someone, declared.by)
            assert actor.role in declared.by and actor.staff_id == someone.id
            for source in declared.source if declared.target is not None else ():
                guarded = process.workflow.find(declared.action, source)
                assert guarded is not None and actor.role in guarded.roles


def test_someone_with_two_roles_acts_in_the_specific_one() -> None:
    """An admin who is also finance confirms a payment as finance (the history says so), not as
    admin; an admin alone acts as admin where admins are allowed."""
    confirm = next(s for s in APPS["membership"].process.steps if s.action == Action.CONFIRM_PAYMENT)
    assert actor_of(member(Role.ADMIN, Role.FINANCE), confirm.by).role == Role.FINANCE
    assert actor_of(member(Role.ADMIN), confirm.by).role == Role.ADMIN
