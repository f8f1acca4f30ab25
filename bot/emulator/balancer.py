"""A round-robin load balancer in front of several bot replicas, for the tests and the benchmark
(issue 13): what nginx does with the shipped ``deploy/nginx/`` site, small enough to watch.

Each request goes to the next replica in turn. A replica that refuses the connection (down) is
skipped for the next one; one that fails after the request was sent (it died while handling it)
is skipped too, the request tried on the next one — ``proxy_next_upstream error …
non_idempotent`` (safe because an update is handled at most once per update id, issue 16). With
``retry_sent=False`` such a request is answered 502 instead (nginx's default for a POST), and the
messenger delivers the update again later. No replica left: 502.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections import Counter

import aiohttp
from aiohttp import web

HOP_BY_HOP = {"host", "connection", "content-length", "transfer-encoding", "keep-alive"}


class LoadBalancer:
    def __init__(self, replicas: list[str], *, timeout: float = 60.0, retry_sent: bool = True) -> None:
        self.replicas = replicas  # base URLs, e.g. http://127.0.0.1:8081
        self.timeout = timeout
        self.retry_sent = retry_sent
        self.served: Counter[str] = Counter()  # replica → requests it answered
        self.failed: Counter[str] = Counter()  # replica → requests that died with it
        self.failed_updates: set[int] = set()  # the update ids of those requests
        self.in_flight: Counter[str] = Counter()  # replica → requests it holds now
        self._turn = itertools.cycle(range(len(replicas)))
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""

    def use(self, replicas: list[str]) -> None:
        """From now on, spread requests over ``replicas`` only (the benchmark: 1, then 2)."""
        self.replicas = replicas
        self._turn = itertools.cycle(range(len(replicas)))

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.url = f"http://{host}:{sockets[0].getsockname()[1] if sockets else port}"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self.url

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["X-Forwarded-For"] = request.remote or ""
        for _ in self.replicas:
            replica = self.replicas[next(self._turn)]
            self.in_flight[replica] += 1
            try:
                async with self._session.request(
                    request.method, replica + request.rel_url.path_qs, data=body, headers=headers
                ) as response:
                    answer = await response.read()
                    self.served[replica] += 1
                    return web.Response(status=response.status, body=answer, content_type=response.content_type)
            except aiohttp.ClientConnectorError:  # refused: down, try the next one
                continue
            except (aiohttp.ClientError, TimeoutError):  # it took the request and died
                self.failed[replica] += 1
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    self.failed_updates.add(int(json.loads(body)["update_id"]))
                if self.retry_sent:
                    continue
                return web.Response(status=502, text="Bad Gateway")
            finally:
                self.in_flight[replica] -= 1
        return web.Response(status=502, text="Bad Gateway: no replica answers")
