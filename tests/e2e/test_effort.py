"""How many actions an applicant takes (issue 29 item 11): each text sent, button pressed, contact
shared or file sent counts one, from the first /start to the tracking code, over the same walks the
other tests use (tests/e2e/flows.py). The numbers are upper bounds: a change that adds a step to
either application fails here, and the report prints the counts (``-s``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.emulator import FakeUser
from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.factories import with_prefix

# issue 29 targets: membership ≤ 36, the builder license with three projects ≤ 70; the bounds are
# the counts reached (a degree and a project in one answer, summaries only where they correct
# something); the national card's second side is counted in membership's
MEMBERSHIP_MOST = 35  # one degree, no family, the three documents (issue 29: 45, then 43 before)
LICENSE_MOST = 70  # three projects (issue 29: 109, then 106 before)


def counted(user: FakeUser) -> list[str]:
    """Count ``user``'s actions: the list grows by one name per action."""
    actions: list[str] = []
    for name in ("send", "press", "share_contact", "send_photo", "send_document"):
        original: Callable[..., Awaitable[Any]] = getattr(user, name)

        def wrapped(
            *args: Any, _original: Callable[..., Awaitable[Any]] = original, _name: str = name, **kw: Any
        ) -> Awaitable[Any]:
            actions.append(_name)
            return _original(*args, **kw)

        setattr(user, name, wrapped)
    return actions


async def test_membership_takes_at_most_its_count_of_actions(harness: Harness) -> None:
    user = harness.user("telegram", 9301)
    actions = counted(user)
    await flows.identity(user, with_prefix("461"))
    await flows.personal(user, postal_in_address=True)
    await flows.education(user)
    await flows.expect(user, await user.press(flows.SAVE_NEXT), "کارت ملی")  # no spouse, no children
    await flows.documents(user)
    await flows.submit(user)
    print(f"membership: {len(actions)} actions")
    assert len(actions) <= MEMBERSHIP_MOST, actions


@pytest.mark.parametrize("projects", [3])
async def test_the_builder_license_with_three_projects_takes_at_most_its_count(harness: Harness, projects: int) -> None:
    user = harness.user("telegram", 9302)
    actions = counted(user)
    await flows.license_gate(user, with_prefix("461"))
    await flows.worksheet1(user, postal_in_address=True)
    await flows.worksheet2(user)
    await flows.worksheet3(user)
    for n in range(projects):
        await flows.project(user, name=f"پروژه شماره {n + 1}", area="۱۰۰۰")
    await flows.expect(user, await user.press(flows.SAVE_NEXT), "سرمایه و تجهیزات")
    await flows.worksheet5(user)
    await flows.license_documents(user, preliminary=("امتیاز مقدماتی",))
    await flows.license_submit(user)
    print(f"builder license, {projects} projects: {len(actions)} actions")
    assert len(actions) <= LICENSE_MOST, actions
