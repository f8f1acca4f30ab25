"""The bot's own HTTP server at its boundary (issue 31): the webhook routes (``bot.webhook``),
``/healthz`` and ``/metrics`` (``bot.http``), and whatever page comes next, all behind one ``Guard``.

- **Each route declares what it takes** (``Route``): its body's size (0: none) and content types.
  Its methods are the router's (405 otherwise). A body larger than declared is 413 before it is
  read (by its Content-Length) or as soon as it grows past (chunked); another content type is 415.
- **Slow clients are cut**: a connection must have sent its request line and headers within
  ``header_seconds`` of opening (or of its previous answer), and a handler's body within
  ``body_seconds`` (408); then the connection is closed. A client that hangs up in the middle is
  counted, not an ERROR with a traceback; nor is a malformed request (aiohttp logs both as
  ERRORs: ``_ServerLog`` turns them into refusals).
- **Every refusal is counted** (``nezam_http_refused_total{route,reason}``) **and few are logged**:
  the first of a kind from an address at once, the rest as one line a minute (``bot.logthrottle``).
- **An address over ``refusals_per_minute`` refused requests** (wrong secrets, unknown paths, bodies
  too large, …; not an update refused after the right secret, which only the messenger sends) is
  answered 429 for the rest of its minute without a look at its request.
- **Every answer carries** ``X-Content-Type-Options: nosniff``, a strict Content-Security-Policy
  (a page that needs more sets its own), ``Referrer-Policy``, ``X-Frame-Options``,
  ``Cache-Control: no-store``, and no server version (aiohttp's banner names Python's and its own).

The address is the connection's peer, or — when the peer is on loopback or a private network, i.e.
the reverse proxy of ``deploy/nginx.conf`` — the last address of ``X-Forwarded-For``, the one the
proxy appended (the ones before it are the client's to invent).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import sys
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from aiohttp import hdrs, web, web_response
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_urldispatcher import AbstractResource

from bot.logthrottle import LogThrottle, Notice

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger("nezam.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

JSON = frozenset({"application/json"})
LARGEST_BODY = 1024 * 1024  # the largest any route takes (an update: a few kilobytes)
SERVER = "nezam-bot"  # instead of "Python/3.11 aiohttp/3.x"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class HttpLimits:
    header_seconds: float = 20.0  # request line and headers (an idle kept-alive connection too)
    body_seconds: float = 10.0  # a body of at most 1 MB: the messengers send it at once
    refusals_per_minute: int = 20
    lingering_seconds: float = 1.0  # after a refusal, what the client still sends is read this long
    log_window: float = 60.0  # repeated warnings are summarised once per window


@dataclass(frozen=True)
class Route:
    name: str  # the metric's label and the logs' (never a path: Bale's holds its secret)
    max_body: int = 0
    content_types: frozenset[str] = frozenset()


class Refusal(Exception):
    """A request not served: raised by a handler (or the guard), answered ``status`` by the guard.
    ``counts``: toward its address's limit (False once the request proved the secret);
    ``logged``: said already (an update refused, ``bot.boundary``)."""

    def __init__(
        self,
        status: int,
        reason: str,
        text: str | None = None,
        *,
        counts: bool = True,
        logged: bool = False,
        close: bool = False,
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.text = text or f"{status} {HTTPStatus(status).phrase}"
        self.counts = counts
        self.logged = logged
        self.close = close  # the connection too (a body left unread)


REASONS = {  # reason → (a request refused for it, many)
    "wrong_secret": ("a request with a wrong secret", "requests with a wrong secret"),
    "bad_update": ("a body that is not an acceptable update", "bodies that are not acceptable updates"),
    "too_large": ("a body over the route's limit", "bodies over the route's limit"),
    "media_type": ("a body of a type the route does not take", "bodies of a type the route does not take"),
    "slow_body": ("a body that did not arrive in time", "bodies that did not arrive in time"),
    "hung_up": ("a request whose client hung up", "requests whose clients hung up"),
    "not_found": ("a request for an unknown path", "requests for unknown paths"),
    "method": ("a method the path does not take", "methods the paths do not take"),
    "malformed": ("a malformed HTTP request", "malformed HTTP requests"),
    "over_limit": ("a request over the address's limit of refusals", "requests over the address's limit of refusals"),
}


def client_address(request: web.BaseRequest) -> str:
    peer = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and _is_proxy(peer):
        last = _address(forwarded.rsplit(",", 1)[-1].strip())
        if last is not None:
            return last
    return peer


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _is_proxy(peer: str) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


class ClientRefusals:
    """Refused requests per address in fixed one-minute windows; an address that reaches ``limit``
    is blocked until its window ends. At most ``keep`` addresses are remembered (the oldest
    windows go first), so many addresses cost bounded memory."""

    def __init__(
        self, limit: int, *, window: float = 60.0, keep: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.keep = keep
        self.clock = clock
        self._windows: OrderedDict[str, tuple[float, int]] = OrderedDict()  # address → (its start, refused)

    def note(self, address: str) -> None:
        now = self.clock()
        start, count = self._windows.get(address, (now, 0))
        if now - start >= self.window:
            start, count = now, 0
            self._windows.pop(address, None)
        self._windows[address] = (start, count + 1)
        while len(self._windows) > self.keep:
            self._windows.popitem(last=False)

    def blocked(self, address: str) -> float | None:
        """Seconds left of the address's block, or None."""
        found = self._windows.get(address)
        if found is None or found[1] < self.limit:
            return None
        left = found[0] + self.window - self.clock()
        return left if left > 0 else None


class Guard:
    def __init__(self, metrics: Metrics | None = None, limits: HttpLimits | None = None) -> None:
        self.metrics = metrics
        self.limits = limits or HttpLimits()
        self.throttle = LogThrottle(log, window=self.limits.log_window, on_folded=metrics.folded if metrics else None)
        self.clients = ClientRefusals(self.limits.refusals_per_minute)
        self._routes: dict[AbstractResource, Route] = {}

    # ---- building --------------------------------------------------------------------------------

    def application(self) -> web.Application:
        web_app = web.Application(client_max_size=LARGEST_BODY, middlewares=[self._middleware])
        web_app.on_response_prepare.append(_secure)
        return web_app

    def add(self, route: web.AbstractRoute, rule: Route) -> None:
        assert route.resource is not None  # a route added to a router has one
        self._routes[route.resource] = rule

    def runner(self, web_app: web.Application, *, shutdown_timeout: float = 60.0) -> web.AppRunner:
        # aiohttp's keep-alive timer runs from a connection's start (3.14.4 and later): it is the
        # deadline for the headers of the first request and of every next one
        _no_version_banner()
        return web.AppRunner(
            web_app,
            access_log=None,
            handle_signals=False,
            shutdown_timeout=shutdown_timeout,
            keepalive_timeout=self.limits.header_seconds,
            lingering_time=self.limits.lingering_seconds,
            logger=_ServerLog(self),
        )

    def close(self) -> None:
        self.throttle.close()

    # ---- serving ---------------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        address = client_address(request)
        left = self.clients.blocked(address)
        if left is not None:
            response = self._refuse(request, address, Refusal(429, "over_limit", counts=False))
            response.headers["Retry-After"] = str(math.ceil(left))
            return response
        rule = self._rule(request)
        try:
            if rule is not None:
                _check_headers(request, rule)
            return await handler(request)
        except Refusal as refusal:
            return self._refuse(request, address, refusal)
        except (web.HTTPNotFound, web.HTTPMethodNotAllowed) as exc:  # the router's own answers
            reason = "not_found" if exc.status == 404 else "method"
            self._tell(request, address, Refusal(exc.status, reason))
            raise

    async def body(self, request: web.Request, *, authenticated: bool = False) -> bytes:
        """The request's body within its route's limit and ``body_seconds``, or ``Refusal``."""
        rule = self._rule(request)
        limit = rule.max_body if rule is not None else 0
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.limits.body_seconds):
                while chunk := await request.content.readany():
                    size += len(chunk)
                    if size > limit:
                        raise Refusal(413, "too_large", counts=not authenticated, close=True)
                    chunks.append(chunk)
        except TimeoutError:
            raise Refusal(408, "slow_body", counts=not authenticated, close=True) from None
        except (ConnectionError, HttpProcessingError):  # hung up, or a broken chunked body
            raise Refusal(400, "hung_up", counts=not authenticated, close=True) from None
        return b"".join(chunks)

    def _rule(self, request: web.Request) -> Route | None:
        resource = request.match_info.route.resource
        return self._routes.get(resource) if resource is not None else None

    def _refuse(self, request: web.Request, address: str, refusal: Refusal) -> web.Response:
        self._tell(request, address, refusal)
        response = web.Response(status=refusal.status, text=refusal.text)
        if refusal.close:
            response.force_close()
        return response

    def _tell(self, request: web.Request, address: str, refusal: Refusal) -> None:
        rule = self._rule(request)
        self.refused(rule.name if rule is not None else "other", address, refusal)

    def refused(self, route: str, address: str, refusal: Refusal) -> None:
        """Count it, say it (throttled), and hold it against the address."""
        if self.metrics is not None:
            self.metrics.refused_request(route, refusal.reason)
        if not refusal.logged:
            one, many = REASONS[refusal.reason]
            notice = Notice(
                f"{route}: refused {one} from {{source}} ({refusal.status})",
                f"{route}: refused {{count}} {many} from {{source}} in the last {{window}}",
            )
            self.throttle.warn(f"{route}:{refusal.reason}", address, notice)
        if refusal.counts:
            self.clients.note(address)


def _check_headers(request: web.Request, rule: Route) -> None:
    """What the headers alone tell: no body where none is taken, a declared size over the limit,
    another content type (none declared is taken: the body must still be JSON)."""
    if rule.max_body == 0:
        if request.body_exists:
            raise Refusal(413, "too_large", close=True)
        return
    if request.content_length is not None and request.content_length > rule.max_body:
        raise Refusal(413, "too_large", close=True)
    if hdrs.CONTENT_TYPE in request.headers and request.content_type not in rule.content_types:
        raise Refusal(415, "media_type", close=True)


async def _secure(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers[hdrs.SERVER] = SERVER


def _no_version_banner() -> None:
    """aiohttp's own answers to a malformed request (which no middleware or signal sees) carry
    its default Server header, naming Python's version and its own; it has no setting for it."""
    web_response.SERVER_SOFTWARE = SERVER  # type: ignore[attr-defined]


class _ServerLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    """aiohttp's server logger, except that what a client causes — a malformed request, a
    connection lost while a handler reads it — is a refusal (counted, throttled, held against the
    address) instead of an ERROR with a traceback. Anything else stays an ERROR: a bug of ours."""

    def __init__(self, guard: Guard) -> None:
        super().__init__(logging.getLogger("aiohttp.server"), {})
        self.guard = guard

    def exception(self, msg: object, *args: object, exc_info: Any = True, **kwargs: Any) -> None:
        exc = exc_info if isinstance(exc_info, BaseException) else sys.exc_info()[1]
        if isinstance(exc, HttpProcessingError | ConnectionError):
            address = _address(str(args[0])) if args else None
            reason = "malformed" if isinstance(exc, HttpProcessingError) else "hung_up"
            self.guard.refused("other", address or "?", Refusal(400, reason))
            return
        super().exception(msg, *args, exc_info=exc_info, **kwargs)
