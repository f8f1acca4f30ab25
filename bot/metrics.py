"""Prometheus metrics of one bot process (``GET /metrics``, ``bot.http``). Each replica is scraped
on its own; sum the counters over replicas in the queries. The database's figures (outbox
backlog, cases by status) are the same from every replica: take ``max``.

- ``nezam_updates_total{platform,kind}`` — updates handled (kind: message, callback_query, …)
- ``nezam_update_seconds`` — time to handle an update (histogram), its replies included
- ``nezam_errors_total`` — updates that failed (the person got the "something went wrong" answer)
- ``nezam_outbound_calls_total{method,status}`` — Bot API calls by method and outcome (ok, 429,
  400, 403, network, …), each try counted (a retried 429 is one "429" and one "ok")
- ``nezam_outbox_pending`` — outbox rows not yet sent (the whole database)
- ``nezam_outbox_failed`` — outbox rows given up on, kept three months before they are pruned
- ``nezam_inbox_pending`` — updates stored by polling and not handled yet (the whole database)
- ``nezam_cases{kind,status}`` — cases by kind and status (the whole database)
- ``nezam_notifications_queued`` — notifications this process has queued or is sending
- ``nezam_http_refused_total{route,reason}`` — HTTP requests refused at the boundary (issue 31):
  route ``webhook/telegram``, ``webhook/bale``, ``healthz``, ``metrics`` or ``other``; reason
  ``wrong_secret``, ``bad_update``, ``too_large``, ``media_type``, ``slow_body``, ``hung_up``,
  ``not_found``, ``method``, ``malformed``, ``over_limit`` (answered 429 without a look)
- ``nezam_updates_refused_total{platform,reason}`` — updates refused by ``bot.boundary`` in either
  mode (``out_of_range``, ``too_long``, ``unknown_kind``, ``invalid``, …)
- ``nezam_log_repeats_total{kind}`` — warnings folded into a summary line instead of written
  (``bot.logthrottle``)
- ``nezam_retention_total{what}`` — what retention did (issue 28): ``notice`` (an applicant told
  their untouched draft goes in 14 days), ``draft_deleted``, ``rejected_documents_deleted`` (a
  rejected file's documents), ``files_deleted`` (files removed from disk)
- ``nezam_sms_total{provider,kind,outcome}`` — SMS tries (issue 24): outcome ``sent``, ``refused``
  (the provider said no: the reason is kept on the row), ``retry`` (a timeout or a 5xx; tried
  again later), ``given_up``; kind the SMS's (``returned``, ``approved``, ``reminder-fee`` …)
- ``nezam_reminders_total{reason,channel}`` — reminders told (``draft``, ``returned``, ``fee``;
  ``chat`` or ``sms``)
- ``nezam_verifications_total{via,result}`` — documents' verification codes checked (issue 27):
  via ``page`` (``/v/<code>``) or ``bot`` (``/verify``, the ``start=v_`` link); result ``valid``,
  ``superseded``, ``revoked``, ``unknown`` (no such document), ``malformed`` (not a code),
  ``limited`` (over the client's limit, nothing looked up)
- the process's CPU, memory, open files (prometheus-client's process collector)

Per update the cost is two clock reads, a dictionary lookup and two increments (≈2 µs), so that
metrics stay off the hot path (issue 15).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.periodic import Periodic
from conversations.kit.platform import PlatformProfile
from storage import cases, counts, inbox, outbox

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Any]

UPDATE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
STATUS = (  # the outcome label of a failed Bot API call; the first match wins
    (TelegramRetryAfter, "429"),
    (TelegramBadRequest, "400"),
    (TelegramUnauthorizedError, "401"),
    (TelegramForbiddenError, "403"),
    (TelegramNotFound, "404"),
    (TelegramConflictError, "409"),
    (TelegramServerError, "5xx"),
    (TelegramNetworkError, "network"),
    (TelegramAPIError, "error"),
    (TimeoutError, "network"),
    (OSError, "network"),
)


def _status(exc: BaseException) -> str:
    for kind, label in STATUS:
        if isinstance(exc, kind):
            return label
    return "error"


def _kind(event: TelegramObject) -> str:
    if not isinstance(event, Update):
        return "other"
    try:
        return event.event_type
    except LookupError:  # aiogram's UpdateTypeLookupError: a kind it does not know
        return "other"


class DatabaseFigures(Collector):
    """The outbox backlog and the cases by status, as last read (``refresh``, before a scrape)."""

    def __init__(self) -> None:
        self.outbox_pending: int | None = None
        self.outbox_failed: int | None = None
        self.inbox_pending: int | None = None
        self.cases: dict[tuple[str, str], int] = {}

    async def refresh(self, session: AsyncSession) -> None:
        """Short reads: the unsent end of the outbox's pending index, the inbox's pending updates,
        and the counts kept as cases change (issue 30: none grows with the sent rows or the
        number of cases)."""
        self.outbox_pending, self.outbox_failed = await outbox.unsent_counts(session)
        self.inbox_pending = await inbox.pending_count(session)
        self.cases = await cases.count_by_kind_and_status(session)

    def collect(self) -> Iterator[Metric]:
        if self.outbox_pending is not None:
            yield GaugeMetricFamily(
                "nezam_outbox_pending", "Outbox rows not sent yet (the whole database)", value=self.outbox_pending
            )
        if self.outbox_failed is not None:
            yield GaugeMetricFamily(
                "nezam_outbox_failed", "Outbox rows given up on, kept before pruning", value=self.outbox_failed
            )
        if self.inbox_pending is not None:
            yield GaugeMetricFamily(
                "nezam_inbox_pending",
                "Updates stored and not handled yet (the whole database)",
                value=self.inbox_pending,
            )
        family = GaugeMetricFamily(
            "nezam_cases", "Cases by kind and status (the whole database: every province)", labels=["kind", "status"]
        )
        for (kind, status), count in sorted(self.cases.items()):
            family.add_metric([kind, status], count)
        yield family


class Metrics:
    def __init__(
        self,
        profiles: Mapping[int, PlatformProfile],
        *,
        queued: Callable[[], int] | None = None,
        provinces: Sequence[str] = (),
    ) -> None:
        self.profiles = profiles  # bot id → platform (filled as the bots are built)
        self.registry = CollectorRegistry()
        # issue 25: the operator's figures are national (no staff scope narrows them): said, with
        # the provinces served (PROVINCES_FILE; none: one organization's deployment)
        Gauge(
            "nezam_scope",
            "What the figures cover: every file of the deployment (national), in the provinces served",
            ["scope", "provinces"],
            registry=self.registry,
        ).labels("national" if provinces else "organization", ",".join(provinces)).set(1)
        ProcessCollector(registry=self.registry)
        self.updates = Counter(
            "nezam_updates", "Updates handled, by platform and kind", ["platform", "kind"], registry=self.registry
        )
        self.update_seconds = Histogram(
            "nezam_update_seconds", "Time to handle an update", buckets=UPDATE_BUCKETS, registry=self.registry
        )
        self.errors = Counter("nezam_errors", "Updates whose handling failed", registry=self.registry)
        self.outbound = Counter(
            "nezam_outbound_calls", "Bot API calls by method and outcome", ["method", "status"], registry=self.registry
        )
        self.retention = Counter(
            "nezam_retention", "What retention did: notices, deletions, files removed", ["what"], registry=self.registry
        )
        if queued is not None:
            gauge = Gauge("nezam_notifications_queued", "Notifications queued or being sent", registry=self.registry)
            gauge.set_function(lambda: float(queued()))
        self.http_refused = Counter(
            "nezam_http_refused",
            "HTTP requests refused at the boundary, by route and reason",
            ["route", "reason"],
            registry=self.registry,
        )
        self.updates_refused = Counter(
            "nezam_updates_refused",
            "Updates refused before they were stored or handled, by platform and reason",
            ["platform", "reason"],
            registry=self.registry,
        )
        self.log_repeats = Counter(
            "nezam_log_repeats", "Warnings folded into a summary line, by kind", ["kind"], registry=self.registry
        )
        self.sms = Counter(
            "nezam_sms",
            "SMS tries by provider, kind and outcome",
            ["provider", "kind", "outcome"],
            registry=self.registry,
        )
        self.reminders = Counter(
            "nezam_reminders", "Reminders told, by reason and channel", ["reason", "channel"], registry=self.registry
        )
        self.verifications = Counter(
            "nezam_verifications",
            "Verification codes checked, by where (page, bot) and result",
            ["via", "result"],
            registry=self.registry,
        )
        self.database = DatabaseFigures()
        self.registry.register(self.database)
        self._update_children: dict[tuple[int, str], Any] = {}
        self._outbound_children: dict[tuple[str, str], Any] = {}
        self._read_at = 0.0

    def verified(self, via: str, result: str) -> None:
        """A verification code checked (issue 27)."""
        self.verifications.labels(via, result).inc()

    # ---- per update and per call (hot path) -----------------------------------------------

    def update_handled(self, bot_id: int, kind: str, seconds: float) -> None:
        child = self._update_children.get((bot_id, kind))
        if child is None:
            profile = self.profiles.get(bot_id)
            child = self.updates.labels(profile.name if profile else str(bot_id), kind)
            self._update_children[(bot_id, kind)] = child
        child.inc()
        self.update_seconds.observe(seconds)

    def called(self, method: str, status: str) -> None:
        child = self._outbound_children.get((method, status))
        if child is None:
            child = self._outbound_children[(method, status)] = self.outbound.labels(method, status)
        child.inc()

    # ---- refusals (issue 31): every one counted, few of them logged ------------------------------

    def refused_request(self, route: str, reason: str) -> None:
        self.http_refused.labels(route, reason).inc()

    def refused_update(self, platform: str, reason: str) -> None:
        self.updates_refused.labels(platform, reason).inc()

    def folded(self, kind: str) -> None:
        self.log_repeats.labels(kind).inc()  # e.g. "webhook/telegram:wrong_secret": never an address

    def retained(self, what: str, count: int) -> None:
        self.retention.labels(what).inc(count)

    def sms_tried(self, provider: str, kind: str, outcome: str) -> None:
        self.sms.labels(provider, kind, outcome).inc()

    def reminded(self, reason: str, channel: str) -> None:
        self.reminders.labels(reason, channel).inc()

    # ---- a scrape ---------------------------------------------------------------------------

    async def render(self, sessions: async_sessionmaker[AsyncSession], *, fresh_for: float = 5.0) -> bytes:
        """The text exposition; the database's figures are read again when older than ``fresh_for``
        seconds (several scrapers, one query)."""
        if time.monotonic() - self._read_at > fresh_for:
            try:
                async with asyncio.timeout(5), sessions() as session:
                    await self.database.refresh(session)
            except Exception as exc:  # the rest stays scrapeable; /healthz says what is down
                log.warning("metrics: the database's figures could not be read: %s", type(exc).__name__)
            self._read_at = time.monotonic()
        return generate_latest(self.registry)


class UpdateMetrics(BaseMiddleware):
    """Counts and times every update; inside ``ErrorMiddleware``, so it sees the failures."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return await handler(event, data)
        except Exception:
            self.metrics.errors.inc()
            raise
        finally:
            bot: Bot | None = data.get("bot")
            self.metrics.update_handled(bot.id if bot else 0, _kind(event), time.perf_counter() - started)


class OutboundMetrics(BaseRequestMiddleware):
    """Counts every Bot API call the bot makes, by method and outcome (``getUpdates`` left out:
    polling would drown the rest)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        name = method.__api_method__
        if name == "getUpdates":
            return await make_request(bot, method)
        try:
            response = await make_request(bot, method)
        except Exception as exc:
            self.metrics.called(name, _status(exc))
            raise
        self.metrics.called(name, "ok")
        return response


class CountsFolder(Periodic):
    """Folds the changes to the cases' counts into the counts every ``interval`` seconds
    (``storage.counts``), so that reading them stays a few rows (issue 30). Several replicas may
    fold at once: each change is folded once."""

    name = "counts-fold"

    def __init__(self, sessions: async_sessionmaker[AsyncSession], interval: float = 300.0) -> None:
        super().__init__(interval)
        self.sessions = sessions

    async def run_once(self) -> None:
        async with self.sessions() as session, session.begin():
            await counts.fold(session)
