"""The bot's HTTP side for operators, on ``LISTEN``: always in webhook mode (beside the webhook
routes, ``bot.webhook``), in polling mode with ``METRICS=1``.

- ``GET /healthz``: 200 and ``{"status": "ok", "checks": {"database": "ok", "redis": "ok"}}``, or
  503 with the failing check named (``"database": "down: ConnectionRefusedError"``; the error's
  type only, never its text, which may hold a URL). Each check is one round trip with a timeout
  (``bot.health``).
- ``GET /metrics``: Prometheus text (``bot.metrics``).
- ``GET <VERIFY_BASE_URL's path>/v/<code>``: the public verification page of a document the bot
  issued (``bot.verify_page``, issue 27), when VERIFY_BASE_URL is set — in polling mode even with
  ``METRICS=0`` (then without /healthz and /metrics).

Neither /healthz nor /metrics belongs on the public side of the reverse proxy: it forwards the
webhook paths and the verification pages only (``deploy/nginx``). All
are GET (and HEAD) without a body, behind the same guard as the webhook (``bot.guard``: timeouts,
refusals counted and logged sparingly, security headers).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.guard import Guard, HttpLimits, Route
from bot.settings import listen_address
from bot.verify_page import VerifyPage, verify_path

if TYPE_CHECKING:
    from bot.app import App
    from bot.webhook import WebhookReceiver

log = logging.getLogger("nezam.http")


def build_web(
    app: App, guard: Guard, receiver: WebhookReceiver | None = None, *, operators: bool = True
) -> web.Application:
    """The aiohttp application: /healthz and /metrics (``operators``), the verification pages with
    VERIFY_BASE_URL, and the webhook routes when ``receiver``."""

    async def healthz(_: web.Request) -> web.Response:
        ok, checks = await app.health.check()
        body = {"status": "ok" if ok else "fail", "checks": checks}
        return web.json_response(body, status=200 if ok else 503)

    async def metrics(_: web.Request) -> web.Response:
        text = await app.metrics.render(app.sessions)
        return web.Response(body=text, headers={"Content-Type": CONTENT_TYPE_LATEST})

    web_app = guard.application()
    if operators:
        guard.add(web_app.router.add_get("/healthz", healthz), Route("healthz"))
        guard.add(web_app.router.add_get("/metrics", metrics), Route("metrics"))
    base_url = app.settings.verify_base_url
    if base_url:
        VerifyPage(app, guard, per_minute=app.settings.verify_checks_per_minute).routes(web_app, base_url)
    if receiver is not None:
        receiver.routes(web_app)
    return web_app


async def serve_operators(app: App, limits: HttpLimits | None = None) -> web.AppRunner:
    """Polling mode's HTTP side on LISTEN: /healthz and /metrics with METRICS=1, the verification
    pages with VERIFY_BASE_URL; ``cleanup()`` stops it."""
    guard = Guard(app.metrics, limits)
    runner = guard.runner(build_web(app, guard, operators=app.settings.metrics))
    await runner.setup()
    host, port = listen_address(app.settings.listen)
    await web.TCPSite(runner, host, port).start()
    served = [*(["/healthz and /metrics"] if app.settings.metrics else [])]
    if app.settings.verify_base_url:
        served.append(verify_path(app.settings.verify_base_url) + "/<code>")
    log.info("%s on %s:%d", ", ".join(served), host, port)
    return runner
