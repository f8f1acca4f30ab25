"""The bot's boundary tried as an attacker would (issue 31), on a real webhook replica and a real
polling bot: an update no messenger can send is refused (400; in polling skipped and acknowledged)
without an ERROR line; each route refuses a body over its limit and what it does not take; every
answer carries the security headers and no server version; a flood of 2,000 wrong secrets and 100
slow clients is a handful of log lines and a counter, the slow clients are cut after the timeout,
and a real update is answered meanwhile."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.emulator import BotApiEmulator
from bot.guard import SECURITY_HEADERS, HttpLimits
from bot.webhook import SECRET_HEADER, endpoints
from tests.e2e.conftest import BALE_TOKEN, TELEGRAM_TOKEN, Harness, until
from tests.e2e.flows import expect
from tests.e2e.replicas import free_port
from tests.e2e.test_webhook import message_update, replica

ATTACKER = "127.0.0.2"  # loopback, but not the emulator's address: the per-address limit is not its
SLOW_ATTACKER = "127.0.0.3"
MENU = "منوی اصلی"


def trouble(caplog: pytest.LogCaptureFixture) -> list[str]:
    """ERROR lines and tracebacks, from any logger."""
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def warnings_from(caplog: pytest.LogCaptureFixture, start: int = 0) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records[start:]
        if r.levelno >= logging.WARNING and r.name.startswith(("nezam", "aiohttp"))
    ]


def metric(text: str, name: str, **labels: str) -> float:
    """One sample of the Prometheus text (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} ") or (not labels and line.startswith(f"{name} ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def summarised(lines: list[str], pattern: str) -> int:
    """What the summary lines matching ``pattern`` (with the count as its group) count together."""
    return sum(int(found.group(1)) for line in lines if (found := re.search(pattern, line)))


async def scrape(port: int) -> str:
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as response:
        return await response.text()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def test_an_update_no_messenger_sends_is_400_and_no_error_line(
    emulator: BotApiEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The issue's case first: an update_id of -10^30 passed, failed inside with an OverflowError
    (an ERROR line) and was answered 200."""
    caplog.set_level(logging.WARNING)
    port = free_port()
    async with replica(tmp_path, emulator, port) as app:
        found = endpoints(app.settings)
        url = f"http://127.0.0.1:{port}{found['telegram'].route}"
        secret = {SECRET_HEADER: found["telegram"].secret, "Content-Type": "application/json"}
        person = {"id": 4201, "is_bot": False, "first_name": "x"}
        bad: dict[str, Any] = {
            "update_id -10^30": {**message_update(1, 4201, text="/start"), "update_id": -(10**30)},
            "a sender id -10^30": message_update(2, 4201, text="/start", **{"from": {**person, "id": -(10**30)}}),
            "a chat id 2^63": {**message_update(3, 2**63, text="/start"), "update_id": 3},
            "a text of 4097 characters": message_update(4, 4201, text="x" * 4097),
            "no kind the API knows": {"update_id": 5, "story_of_the_future": {"chat": {"id": 4201}}},
            "two kinds": {**message_update(6, 4201, text="/start"), "edited_message": {"text": "x"}},
            "a JSON array": [message_update(7, 4201, text="/start")],
            "a textual update_id": {**message_update(8, 4201, text="/start"), "update_id": "eight"},
        }
        raw = {
            "nested 100,000 deep": b"[" * 100_000,
            "NaN": b'{"update_id": NaN, "message": {}}',
            "not UTF-8": b"\xff\xfe{}",
        }
        async with aiohttp.ClientSession() as http:
            for name, body in [*((n, json.dumps(b).encode()) for n, b in bad.items()), *raw.items()]:
                async with http.post(url, data=body, headers=secret) as response:
                    assert response.status == 400, name
                    assert "Bad Request" in await response.text()
            # a form is not JSON, whatever its secret
            form = {SECRET_HEADER: found["telegram"].secret}
            async with http.post(url, data={"update_id": "9"}, headers=form) as response:
                assert response.status == 415
        assert emulator.bots[TELEGRAM_TOKEN].bot_messages(4201) == []  # nothing handled, nothing said
        # Bale's way: no content type, extra fields, other kinds set to null — taken and answered
        bale_url = f"http://127.0.0.1:{port}{found['bale'].route}"
        update = message_update(10, 4202, text="/start", bale_only={"x": [1, None]})
        body = json.dumps({**update, "edited_message": None, "callback_query": None}).encode()
        async with (
            aiohttp.ClientSession(skip_auto_headers=["Content-Type"]) as http,
            http.post(bale_url, data=body) as response,
        ):
            assert response.status == 200
        assert any(MENU in m.body for m in emulator.bots[BALE_TOKEN].bot_messages(4202))
        # and the real thing still is, from the messenger
        user = emulator.user(TELEGRAM_TOKEN, 4203, "رضا")
        await expect(user, await user.send("/start"), MENU)
        text = await scrape(port)
    assert trouble(caplog) == []
    refused = {"out_of_range": 3, "too_long": 1, "unknown_kind": 1, "several_kinds": 1, "invalid": 1}
    for reason, count in refused.items():
        assert metric(text, "nezam_updates_refused_total", platform="telegram", reason=reason) == count, reason
    assert metric(text, "nezam_http_refused_total", route="webhook/telegram", reason="bad_update") == 11
    assert metric(text, "nezam_http_refused_total", route="webhook/telegram", reason="media_type") == 1
    said = warnings_from(caplog)
    assert "nezam.boundary: telegram: refused an update from 127.0.0.1 (update_id out of the 64-bit range)" in said
    assert all("4097" not in line and "xxxx" not in line for line in said)  # never a value from the update


async def test_each_route_refuses_a_body_over_its_limit_and_what_it_does_not_take(
    emulator: BotApiEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with replica(tmp_path, emulator, port) as app:
        found = endpoints(app.settings)
        secret = {SECRET_HEADER: found["telegram"].secret, "Content-Type": "application/json"}
        webhook = base + found["telegram"].route
        seen: list[aiohttp.ClientResponse] = []
        big = b'{"update_id": 1, "message": {"text": "' + b"x" * (2 * 1024 * 1024) + b'"}}'

        async def chunked() -> AsyncIterator[bytes]:
            for _ in range(40):
                yield b"x" * 65536

        cases: list[tuple[str, str, dict[str, Any], int]] = [
            ("POST", webhook, {"data": big, "headers": secret}, 413),  # 2 MB declared: refused unread
            ("POST", webhook, {"data": chunked(), "headers": secret}, 413),  # 2.5 MB, no length declared
            ("POST", base + found["bale"].route, {"data": big}, 413),
            ("GET", base + "/healthz", {"data": b"x" * 10}, 413),  # no body where none is taken
            ("GET", base + "/metrics", {"data": b"x" * 10}, 413),
            ("GET", webhook, {}, 405),
            ("PUT", base + "/healthz", {}, 405),
            ("GET", base + "/wp-login.php", {}, 404),
            ("GET", base + "/webhook/telegram/../../etc/passwd", {}, 404),
            ("GET", base + "/healthz", {}, 200),
            ("HEAD", base + "/metrics", {}, 200),
            ("POST", webhook, {"json": message_update(11, 4210, text="/start"), "headers": secret}, 200),
        ]
        async with aiohttp.ClientSession() as http:
            for method, url, options, status in cases:
                async with http.request(method, url, **options) as response:
                    assert response.status == status, (method, url, status)
                    await response.read()
                    seen.append(response)
        # a malformed request never reaches a handler: aiohttp answers it (it logged an ERROR with a
        # traceback for each, and named its version)
        answer = await raw_request(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 9000 + b"\r\n\r\n")
        # clients that hang up in the middle of their body (each was an ERROR with a traceback:
        # ConnectionResetError inside request.json())
        request = f"POST {found['telegram'].route} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        request += f"{SECRET_HEADER}: {found['telegram'].secret}\r\nContent-Length: 1000\r\n\r\n{{"
        await asyncio.gather(*(hang_up(port, request.encode()) for _ in range(10)))
        # a secret header that is not UTF-8 (it was a 500 and an ERROR with a traceback)
        head = f"POST {found['telegram'].route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        tail = b"\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        not_utf8 = await raw_request(port, head.encode() + SECRET_HEADER.encode() + b": \xff\xfe" + tail)
        text = await scrape(port)
    for response in seen:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.url, name)
        assert response.headers["Server"] == "nezam-bot", response.url
    assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.0 400")), answer[:100]
    assert b"aiohttp" not in answer and b"Python" not in answer
    assert not_utf8.startswith(b"HTTP/1.1 401"), not_utf8[:100]
    assert trouble(caplog) == []
    refused = {
        ("webhook/telegram", "too_large"): 2,
        ("webhook/bale", "too_large"): 1,
        ("healthz", "too_large"): 1,
        ("metrics", "too_large"): 1,
        ("other", "method"): 2,
        ("other", "not_found"): 2,
        ("other", "malformed"): 1,
        ("webhook/telegram", "wrong_secret"): 1,
        ("webhook/telegram", "hung_up"): 10,
    }
    for (route, reason), count in refused.items():
        assert metric(text, "nezam_http_refused_total", route=route, reason=reason) == count, (route, reason)


async def raw_request(port: int, request: bytes, *, source: str = "127.0.0.1") -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


async def hang_up(port: int, request: bytes) -> None:
    """Send ``request`` (never complete), then hang up with a reset, as a lost phone does."""
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    await asyncio.sleep(0.3)
    writer.transport.abort()


async def slow_client(port: int, request: bytes) -> tuple[float, bytes]:
    """Send ``request`` (never complete) and wait: how long from the connection's opening (the
    server's clock starts when it accepts it) until the server cut it, and what it answered."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(SLOW_ATTACKER, 0))
    writer.write(request)
    await writer.drain()
    try:
        answer = await asyncio.wait_for(reader.read(), 60)
    except ConnectionResetError:
        answer = b"(reset)"
    writer.close()
    return time.monotonic() - started, answer


async def test_a_flood_of_wrong_secrets_and_slow_clients(
    emulator: BotApiEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """2,000 requests with a wrong secret (500 made 500 WARNING lines) and 100 slow clients (never
    cut; each an ERROR with a traceback when it hung up) while a person writes to the bot."""
    caplog.set_level(logging.WARNING)
    limits = HttpLimits(header_seconds=2.0, body_seconds=2.0, lingering_seconds=0.5, log_window=5.0)
    port = free_port()
    async with replica(tmp_path, emulator, port, http_limits=limits) as app:
        found = endpoints(app.settings)
        route = found["telegram"].route
        before = rss_mb()
        start = len(caplog.records)
        head = f"POST {route} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n".encode()
        slow = [
            *(slow_client(port, head[: 20 + n]) for n in range(50)),  # never finish their headers
            *(  # the right secret, then one byte of a 1,000-byte body
                slow_client(port, head + f"{SECRET_HEADER}: {found['telegram'].secret}\r\n".encode()
                            + b"Content-Length: 1000\r\n\r\n{")
                for _ in range(50)
            ),
        ]  # fmt: skip
        slow_tasks = [asyncio.create_task(c) for c in slow]
        statuses: Counter[int] = Counter()

        answered = asyncio.Event()

        async def flood(at_least: int) -> None:
            """20 connections sending one after another, until ``at_least`` were sent and the
            person was answered: the flood goes on from before their message to after the answer."""
            connector = aiohttp.TCPConnector(local_addr=(ATTACKER, 0), limit=20)
            sent = 0
            async with aiohttp.ClientSession(connector=connector) as http:
                headers = {SECRET_HEADER: "wrong-secret-guessed", "Content-Type": "application/json"}

                async def connection() -> None:
                    nonlocal sent
                    while sent < at_least or not answered.is_set():
                        sent += 1
                        async with http.post(f"http://127.0.0.1:{port}{route}", data=b"{}", headers=headers) as answer:
                            statuses[answer.status] += 1

                await asyncio.gather(*(connection() for _ in range(20)))

        flood_started = time.monotonic()
        flooding = asyncio.create_task(flood(2000))
        await until(lambda: sum(statuses.values()) >= 300, within=60)
        user = emulator.user(TELEGRAM_TOKEN, 4220, "رضا")
        pushed = time.monotonic()
        replies = await user.settle(user.push_text("/start"), within=60)
        answered_in = time.monotonic() - pushed
        during = sum(statuses.values())
        answered.set()
        await expect(user, replies, MENU)
        await flooding
        flood_seconds = time.monotonic() - flood_started
        cut = await asyncio.gather(*slow_tasks)
        after = rss_mb()
        flood_lines = warnings_from(caplog, start)
        text = await scrape(port)
        await asyncio.sleep(limits.log_window + 1)  # the windows end: their summaries
        lines = warnings_from(caplog, start)
    total = sum(statuses.values())
    print(  # the figures, for the note (pytest -s)
        f"\nflood: {statuses} in {flood_seconds:.1f} s; the real update answered in {answered_in:.2f} s, after"
        f" {during} of the {total};"
        f" {len(flood_lines)} log lines during the flood, {len(lines)} with the summaries; RSS {before:.0f} →"
        f" {after:.0f} MB; slow clients cut after {min(s for s, _ in cut):.2f}–{max(s for s, _ in cut):.2f} s"
    )
    assert total >= 2000
    assert statuses == {401: 20, 429: total - 20}  # 20 refusals a minute, then no more looks
    assert trouble(caplog) == []
    # the first of each kind (wrong secret, over the limit, slow body) at once, then a summary of each
    # per window (more than one if the flood outlasts a window, on a loaded machine)
    windows = 1 + int(flood_seconds // limits.log_window)
    assert len(flood_lines) <= 3 + 3 * (windows - 1), flood_lines
    assert len(lines) <= 3 + 3 * windows, lines
    assert summarised(lines, rf"refused (\d+) requests with a wrong secret from {ATTACKER} in the last 5 seconds") == 20
    over = rf"refused (\d+) requests over the address's limit of refusals from {ATTACKER}"
    assert summarised(lines, over) == total - 20
    assert summarised(lines, rf"refused (\d+) bodies that did not arrive in time from {SLOW_ATTACKER}") == 50
    assert metric(text, "nezam_http_refused_total", route="webhook/telegram", reason="wrong_secret") == 20
    assert metric(text, "nezam_http_refused_total", route="webhook/telegram", reason="over_limit") == total - 20
    assert metric(text, "nezam_http_refused_total", route="webhook/telegram", reason="slow_body") == 50
    assert metric(text, "nezam_log_repeats_total", kind="webhook/telegram:over_limit") == total - 21
    headers_cut = [seconds for seconds, answer in cut[:50]]
    bodies_cut = [(seconds, answer) for seconds, answer in cut[50:]]
    assert all(1.9 <= s <= 2.0 + 6 for s in headers_cut), headers_cut  # at the header timeout, not before
    assert all(a.startswith(b"HTTP/1.1 408") for _, a in bodies_cut), {a[:40] for _, a in bodies_cut}
    assert all(1.9 <= s <= 2.0 + 0.5 + 6 for s, _ in bodies_cut), [s for s, _ in bodies_cut]


async def test_polling_skips_and_acknowledges_an_update_no_messenger_sends(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """One such item of getUpdates used to fail the whole answer's parsing: polling retried it
    forever and nobody was answered again."""
    caplog.set_level(logging.WARNING)
    bot = harness.bot("telegram")
    user = harness.user("telegram", 4230)
    person = {"id": 4230, "is_bot": False, "first_name": "x"}
    chat = {"id": 4230, "type": "private"}
    bad = [
        bot.push_update({"message": {"message_id": 1, "date": 0, "chat": chat, "from": {**person, "id": 10**30}}}),
        bot.push_update({"message": {"message_id": 2, "date": 0, "chat": chat, "from": person, "text": "1" * 4097}}),
        bot.push_update({"message": {"message_id": 3, "date": 0, "chat": {**chat, "id": -(10**30)}, "text": "x"}}),
    ]
    await until(lambda: bot.acknowledged >= bad[-1])  # skipped, and acknowledged
    await expect(user, await user.send("/start"), MENU)  # and the next one is answered
    assert not (set(bad) & (bot.handled or set()))
    assert trouble(caplog) == []
    said = warnings_from(caplog)
    assert said == [
        "nezam.boundary: telegram: refused an update from getUpdates (message.from.id out of the 64-bit range)",
        "nezam.boundary: telegram: refused an update from getUpdates (message.text longer than 4096 characters)",
    ]  # the third, of the first's kind, is in the minute's summary
    assert harness.app.metrics.updates_refused.labels("telegram", "out_of_range")._value.get() == 2
