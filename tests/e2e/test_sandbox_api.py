"""The sandbox's HTTP API without a browser: state, live events, pressing, and the sandbox
"pay" that makes the emulated messenger send pre_checkout_query and successful_payment."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.sandbox import Sandbox
from bot.sandbox.server import IDENTITIES, SECOND_CHANNEL, STAFF_CHANNEL, start_line
from tests.e2e import flows


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    box = Sandbox(tmp_path / "data")
    await box.start(port=0)
    yield box
    await box.stop()


async def test_sample_data_and_a_paid_invoice(sandbox: Sandbox) -> None:
    applicant = sandbox.user("bale", "applicant")
    tracking = await flows.full_application(applicant)
    assert sandbox.app is not None
    await sandbox.app.notifier.drain()  # the staff channel post is queued (rate-limited)
    async with aiohttp.ClientSession(sandbox.url) as http:
        # live updates: the page hears of every message of the platform it shows
        events = await http.get("/api/events")
        assert (await events.content.readline()).startswith(b"event: hello")
        state = await (await http.get("/api/state", params={"platform": "bale", "identity": "staff"})).json()
        posted = [m for m in state["channel"] if m["buttons"]]
        assert posted and tracking in posted[-1]["text"]
        assert not any(m["album"] for m in state["channel"])  # one message per file: the photos on demand
        take = next(b for row in posted[-1]["buttons"] for b in row if "برداشتن" in b["text"])
        staff = {"platform": "bale", "identity": "staff"}
        result = await (
            await http.post(
                "/api/press",
                json={**staff, "chat": STAFF_CHANNEL, "message": posted[-1]["id"], "data": take["callback_data"]},
            )
        ).json()
        assert result["alert"] == "ثبت شد."

        async def next_event() -> bytes:
            while not (line := await events.content.readline()).startswith(b'data: {"'):
                pass
            return line

        assert b'"bale"' in await asyncio.wait_for(next_event(), 5)

        state = await (await http.get("/api/state", params=staff)).json()
        actions = [m for m in state["channel"] if any("تایید" in b["text"] for row in m["buttons"] for b in row)]
        approve = next(b for row in actions[-1]["buttons"] for b in row if "تایید" in b["text"])
        await http.post(
            "/api/press",
            json={**staff, "chat": STAFF_CHANNEL, "message": actions[-1]["id"], "data": approve["callback_data"]},
        )
        mine = {"platform": "bale", "identity": "applicant"}
        await sandbox.app.notifier.drain()
        state = await (await http.get("/api/state", params=mine)).json()
        invoice = state["messages"][-1]
        assert invoice["invoice"]["total_amount"] == 2_500_000 and invoice["invoice"]["currency"] == "IRR"
        paid = await (await http.post("/api/pay", json={**mine, "message": invoice["id"]})).json()
        assert paid == {"ok": True, "error": ""}
        state = await (await http.get("/api/state", params=mine)).json()
        assert "عضویت تکمیل شد" in state["messages"][-1]["text"]
        again = await (await http.post("/api/pay", json={**mine, "message": invoice["id"]})).json()
        assert again["ok"] is False  # the same invoice cannot be paid twice
        events.close()

        # the page and its offline font are served; files the bot sent can be downloaded
        page = await (await http.get("/")).text()
        assert 'dir="rtl"' in page and "/static/app.js" in page
        font = await http.get("/font/Vazirmatn-Regular.ttf")
        assert font.status == 200 and len(await font.read()) > 50_000
        receipt = next(m for m in state["messages"] if m["document"])
        assert (await (await http.get(receipt["document"])).read()).startswith(b"%PDF-")
        assert (await http.get("/static/../server.py")).status == 404
    assert IDENTITIES["staff"].name in bodies_of_staff(sandbox)


def bodies_of_staff(sandbox: Sandbox) -> str:
    return flows.bodies(sandbox.bot("bale").chat(STAFF_CHANNEL))


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("10.0.0.5", False)],
)
def test_the_start_line_says_the_sandbox_is_for_this_computer_only(host: str, loopback: bool) -> None:
    """The sandbox is not behind the bot's HTTP guard (issue 31) and anyone who opens it acts as the
    sample staff: its first line says it listens on loopback only, or warns that it does not."""
    line = start_line(f"http://{host}:8080", host)
    assert line.startswith(f"nezam-bot sandbox: open http://{host}:8080 in a browser")
    assert ("listens on loopback only" in line) is loopback
    assert ("WARNING" in line and "--host 127.0.0.1" in line) is not loopback


async def test_a_restarted_sandbox_answers_and_keeps_its_documents_key(tmp_path: Path) -> None:
    """Started again on its data (``make run`` twice): the first message is answered — the emulator
    numbers updates after those the inbox marked handled, or the bot would take them for
    duplicates — and its documents stay sealed with the local key it made and said it made."""
    first = Sandbox(tmp_path / "data")
    await first.start(port=0)
    try:
        assert "generated now" in first.key_note and "sandbox-files.key" in first.key_note
        assert "منوی اصلی" in flows.bodies(await first.user("telegram", "applicant").send("/start"))
    finally:
        await first.stop()
    key = (tmp_path / "data" / "sandbox-files.key").read_text()
    again = Sandbox(tmp_path / "data")
    await again.start(port=0)
    try:
        assert "kept from an earlier start" in again.key_note
        assert "منوی اصلی" in flows.bodies(await again.user("telegram", "applicant").send("/start"))
    finally:
        await again.stop()
    assert (tmp_path / "data" / "sandbox-files.key").read_text() == key
    assert (tmp_path / "data" / "sandbox-files.key").stat().st_mode & 0o077 == 0  # the owner's only


async def test_two_sample_provinces_each_reviewer_sees_their_own(sandbox: Sandbox) -> None:
    """Issue 25: the sandbox's two sample provinces. A file of IR-14 is in IR-14's staff chat, which
    its reviewer sees; the reviewer of IR-23 sees an empty channel and may not press in IR-14's."""
    applicant = sandbox.user("telegram", "applicant")
    tracking = await flows.full_application(applicant)
    assert sandbox.app is not None
    await sandbox.app.notifier.drain()
    async with aiohttp.ClientSession(sandbox.url) as http:

        async def channel(identity: str) -> list[dict[str, Any]]:
            state = await (await http.get("/api/state", params={"platform": "telegram", "identity": identity})).json()
            return list(state["channel"])

        mine = await channel("reviewer_a")
        assert mine and tracking in mine[-1]["text"]
        assert await channel("reviewer_b") == []
        assert tracking in (await channel("staff"))[-1]["text"]  # the national staff member sees both chats
        take = next(b for row in mine[-1]["buttons"] for b in row if "برداشتن" in b["text"])
        forged = {"platform": "telegram", "identity": "reviewer_b", "chat": STAFF_CHANNEL, "message": mine[-1]["id"]}
        refused = await http.post("/api/press", json={**forged, "data": take["callback_data"]})
        assert refused.status == 403
        own = {**forged, "identity": "reviewer_a"}
        assert (await (await http.post("/api/press", json={**own, "data": take["callback_data"]})).json())["alert"] == (
            "ثبت شد."
        )
    assert sandbox.bot("telegram").chat(SECOND_CHANNEL) == []  # IR-23's staff chat heard nothing


async def test_each_staff_chat_names_its_province_s_organization(sandbox: Sandbox) -> None:
    """Issue 25: the page's staff pane says whose staff chat it shows — a reviewer's province's
    organization; the national staff member's both, in the order of their chats."""
    async with aiohttp.ClientSession(sandbox.url) as http:

        async def channels(identity: str) -> list[tuple[int, str | None, str]]:
            state = await (await http.get("/api/state", params={"platform": "bale", "identity": identity})).json()
            return [(c["chat"], c["province"], c["org"]) for c in state["channels"]]

        chaharmahal = "سازمان نظام مهندسی ساختمان استان چهارمحال و بختیاری (نمونه)"
        tehran = "سازمان نظام مهندسی ساختمان استان تهران (نمونه)"
        assert await channels("reviewer_a") == [(STAFF_CHANNEL, "IR-14", chaharmahal)]
        assert await channels("reviewer_b") == [(SECOND_CHANNEL, "IR-23", tehran)]
        assert await channels("staff") == [(STAFF_CHANNEL, "IR-14", chaharmahal), (SECOND_CHANNEL, "IR-23", tehran)]
        assert await channels("applicant") == []
