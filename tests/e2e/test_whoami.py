"""/whoami and the group's id when the bot is added (issue 26.5): an operator learns the numbers the
settings need from the bot itself, on either messenger, without leaving a dialog."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.flows import MEMBERSHIP, expect


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_whoami_in_private_and_in_a_group(harness: Harness, platform: str) -> None:
    user = harness.user(platform, 8123401)
    replies = await user.send("/whoami")
    assert len(replies) == 1
    assert "\n8123401\n" in replies[0].body  # on a line of its own: copied as it is
    await user.settle(user.push_text("/whoami", chat_id=STAFF_CHAT))
    said = harness.bot(platform).bot_messages(STAFF_CHAT)[-1].body
    assert f"\n{STAFF_CHAT}\n" in said and "\n8123401\n" in said
    assert f"{platform.upper()}_STAFF_CHAT_ID={STAFF_CHAT}" in said.replace("\\", "")  # Bale: markers neutralised


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_added_to_a_group_the_bot_tells_its_id(harness: Harness, platform: str) -> None:
    admin = harness.user(platform, 8123402)
    group = -1009988776655
    await admin.settle(admin.push_bot_added(group, "کارشناسان عضویت", status="administrator"))
    (said,) = harness.bot(platform).bot_messages(group)
    assert f"\n{group}\n" in said.body
    assert f"{platform.upper()}_STAFF_CHAT_ID={group}" in said.body.replace("\\", "")
    # a change of its rights afterwards is not an arrival: nothing said again
    await admin.settle(admin.push_bot_added(group, "کارشناسان عضویت", status="member"))
    assert len(harness.bot(platform).bot_messages(group)) == 1


async def test_whoami_in_the_middle_of_a_dialog_leaves_it_where_it_was(harness: Harness) -> None:
    user = harness.user("telegram", 8123403)
    await expect(user, await user.send("/start"), "منوی اصلی")
    await expect(user, await user.send(MEMBERSHIP), "شماره همراه")
    await expect(user, await user.send("/whoami"), "8123403")
    await expect(user, await user.share_contact("+989121238888"), "کد ملی")
