"""The builder license, the applicant's side (issue 11), end to end on both messengers."""

from __future__ import annotations

import pytest

from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import expect
from tests.factories import with_prefix


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_a_member_from_before_the_bot_applies(harness: Harness, platform: str) -> None:
    user = harness.user(platform, 7301)
    await flows.license_gate(user, with_prefix("461"))
    tracking = await flows.license_sections(user)
    assert len(tracking) == 9
    assert harness.bot(platform).errors == []
