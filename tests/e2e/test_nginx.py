"""The shipped nginx site (``deploy/nginx/nezam-bot.conf`` with the Debian upstream file, issues 13
and 26) run by nginx in front of a real
webhook replica: the webhook goes through over TLS, /healthz and /metrics stay inside, plain HTTP
is sent to HTTPS, and Bale's path secret never reaches the access log."""

from __future__ import annotations

import asyncio
import ssl
import time
from pathlib import Path

import aiohttp
import pytest

from bot.emulator import BotApiEmulator
from bot.webhook import SECRET_HEADER, endpoints
from tests.deploy.test_deploy import NGINX, local_nginx_conf, self_signed
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.replicas import free_port
from tests.e2e.test_webhook import message_update, replica


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (scripts/test-services.sh installs it)")
async def test_nginx_passes_webhooks_to_a_replica_and_nothing_else(emulator: BotApiEmulator, tmp_path: Path) -> None:
    assert NGINX is not None
    self_signed(tmp_path / "certs")
    bot_port, https, http = free_port(), free_port(), free_port()
    conf = local_nginx_conf(tmp_path, https=https, http=http, upstream=f"127.0.0.1:{bot_port}")
    proxy = await asyncio.create_subprocess_exec(
        NGINX, "-c", str(conf), "-p", str(tmp_path), "-g", f"daemon off; pid {tmp_path / 'nginx.pid'};",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE  # our own throwaway certificate
    try:
        verify_base = "https://bot.example.ir"  # issue 27: the verification pages, through the proxy
        async with replica(tmp_path / "bot", emulator, bot_port, verify_base_url=verify_base) as app:
            found = endpoints(app.settings)
            public = f"https://127.0.0.1:{https}"
            update = message_update(9001, 4100, text="/start")
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=tls)) as client:
                deadline = time.monotonic() + 30  # nginx starting, on a loaded machine
                while True:
                    try:
                        async with client.get(public + "/") as response:
                            break
                    except aiohttp.ClientConnectorError:
                        assert time.monotonic() < deadline, "nginx did not start"
                        await asyncio.sleep(0.05)
                headers = {SECRET_HEADER: found["telegram"].secret}
                async with client.post(public + found["telegram"].route, json=update, headers=headers) as response:
                    assert response.status == 200
                async with client.post(public + found["bale"].route, json={**update, "update_id": 9002}) as response:
                    assert response.status == 200
                async with client.post(public + found["telegram"].route, json=update) as response:
                    assert response.status == 401  # the bot's answer, through the proxy
                for private in ("/healthz", "/metrics"):
                    async with client.get(public + private) as response:
                        assert response.status == 404, private  # operators' endpoints stay inside
                async with client.get(public + "/v/K7Q2M-X9D4T") as response:  # the bot's page: no such document
                    assert response.status == 404 and 'dir="rtl"' in await response.text()
                async with client.get(public + "/v/font/vazirmatn-regular.ttf") as response:
                    assert response.status == 200 and response.content_type == "font/ttf"
                async with client.post(public + "/v/K7Q2M-X9D4T") as response:
                    assert response.status == 403  # GET only, refused by the proxy
                async with client.get(f"http://127.0.0.1:{http}/webhook/telegram", allow_redirects=False) as response:
                    assert response.status == 301  # plain HTTP goes to HTTPS
            assert emulator.bots[TELEGRAM_TOKEN].bot_messages(4100)  # the bot answered the webhook's update
    finally:
        proxy.terminate()
        await asyncio.wait_for(proxy.wait(), 10)
    log = (tmp_path / "access.log").read_text("utf-8")
    assert '"POST" 200' in log
    assert found["bale"].secret not in log  # Bale's secret is in its path: the log leaves paths out
