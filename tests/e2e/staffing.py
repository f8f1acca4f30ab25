"""Playing the staff side in end-to-end tests: roles, buttons in the staff chat."""

from __future__ import annotations

import asyncio
import time

from bot.emulator import ChatMessage, FakeUser
from storage import staff
from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness


async def grant(harness: Harness, platform: str, user_id: int, role: Role, name: str) -> None:
    async with harness.app.sessions() as session, session.begin():
        await staff.grant_role(session, platform, user_id, role, display_name=name)


def staff_button(harness: Harness, platform: str, label: str) -> tuple[ChatMessage, dict[str, str]]:
    for message in reversed(harness.bot(platform).chat(STAFF_CHAT)):
        for b in message.inline_buttons():
            if label in b["text"]:
                return message, b
    raise AssertionError(f"no staff button {label!r}")


async def press_in_staff_chat(harness: Harness, person: FakeUser, platform: str, label: str) -> None:
    message, b = staff_button(harness, platform, label)
    await person.settle(person.push_callback(message, b["callback_data"]))
    await harness.app.notifier.drain()


async def wait_document(harness: Harness, platform: str, caption: str, within: float = 15.0) -> str:
    """The file id of the newest document in the staff chat whose caption has ``caption``, waiting
    for it (PDFs are rendered off the event loop and sent after the update's commit)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for message in reversed(harness.bot(platform).chat(STAFF_CHAT)):
            if message.document and caption in message.body:
                return message.document
        await asyncio.sleep(0.02)
    raise AssertionError(f"no document {caption!r} in the staff chat within {within}s")


def alerts(harness: Harness, platform: str) -> list[str]:
    return [a.get("text", "") for a in harness.bot(platform).callback_answers]


async def reviewer(harness: Harness, platform: str, user_id: int = 9900) -> FakeUser:
    person = harness.user(platform, user_id, "کارشناس")
    await grant(harness, platform, user_id, Role.REVIEWER, "کارشناس الف")
    await person.send("/start")
    return person


async def approved_file(harness: Harness, platform: str, applicant: FakeUser) -> str:
    """A full application, taken and approved by a reviewer: awaiting payment."""
    tracking = await flows.full_application(applicant)
    await harness.app.notifier.drain()
    expert = await reviewer(harness, platform)
    await press_in_staff_chat(harness, expert, platform, "برداشتن پرونده")
    await press_in_staff_chat(harness, expert, platform, "تایید")
    return tracking
