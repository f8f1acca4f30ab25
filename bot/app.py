"""Building and running the bot: one dispatcher for every configured platform."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from aiogram.types import BotCommand, TelegramObject, Update
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.boundary import UpdateScreen
from bot.buttons import ButtonsKeeper
from bot.coordination import Coordination
from bot.exports import ExportJobs
from bot.guard import ClientRefusals
from bot.health import Health, RedisMonitor
from bot.metrics import CountsFolder, Metrics, OutboundMetrics, UpdateMetrics
from bot.middlewares import (
    DatabaseMiddleware,
    DownloadMiddleware,
    EffectsMiddleware,
    ErrorMiddleware,
    Handler,
    MarksMiddleware,
    UserMiddleware,
)
from bot.notifier import NotificationQueue
from bot.office_notice import tell_admins_about_offices
from bot.outbox import OutboxPruner, OutboxRelay, OutboxSender
from bot.payment_checks import PaymentChecker
from bot.polling import InboxPruner, Polling
from bot.ratelimit import Limits, LocalRateLimiter, RateLimiter, RedisRateLimiter
from bot.reach import Refusals, identify
from bot.reminders import ReminderRound
from bot.retention import FileSweeper, RetentionRound
from bot.session import make_session
from bot.settings import PLATFORMS, ConfigError, Settings
from bot.sms import AdminAlerts, SmsSender, build_provider
from bot.waiting import WaitingDigest
from bot.wiring import APPLICATIONS, Dialogs, build_dialogs
from conversations.kit.context import Fee, Organization, Services
from conversations.kit.i18n import I18n
from conversations.kit.outbox import Outbox
from conversations.kit.platform import PROFILES, PlatformProfile
from conversations.kit.verification import Verifying
from conversations.staff.desk import WaitingPolicy
from scoring.license import default_rules
from storage import cases
from storage.db import is_sqlite, make_engine, make_sessionmaker, upgrade_async
from storage.files import LocalFileStore
from storage.images import ImageLimits

log = logging.getLogger("nezam")


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    i18n: I18n
    services: Services
    dispatcher: Dispatcher
    dialogs: Dialogs
    notifier: NotificationQueue
    outbox: OutboxSender
    relay: OutboxRelay
    payment_checks: PaymentChecker
    polling: Polling
    health: Health
    bots: dict[str, Bot] = field(default_factory=dict)
    profiles: dict[int, PlatformProfile] = field(default_factory=dict)
    # what replicas share (issue 13): notification pacing, locks, albums; None without REDIS_URL
    redis: Redis | None = None
    coordination: Coordination = field(default_factory=lambda: Coordination(None))
    metrics: Metrics = field(default_factory=lambda: Metrics({}))
    screen: UpdateScreen = field(default_factory=UpdateScreen)  # updates read at the boundary (issue 31)
    # a messenger's refusal that will not fix itself (the token): the run stops with exit code 2
    refusals: Refusals = field(default_factory=Refusals)
    exports: ExportJobs | None = None  # admins' exports, each in a child process (issue 30)
    retention: RetentionRound | None = None  # retention's rounds (issue 28)
    sweeper: FileSweeper | None = None  # files whose documents are gone, removed from disk
    sms: SmsSender | None = None  # the SMS outbox's sender (issue 24); None without SMS_PROVIDER
    reminders: ReminderRound | None = None  # drafts, returned files and fees left undone (issue 24)
    # each user's message with buttons, written behind the updates (issue 29)
    buttons: ButtonsKeeper | None = None

    async def close(self) -> None:
        self.screen.throttle.close()  # what the open windows of refused updates counted
        if self.exports is not None:
            await self.exports.stop()
        await self.relay.stop()
        await self.payment_checks.stop()
        if self.retention is not None:
            await self.retention.stop()
        if self.sweeper is not None:
            await self.sweeper.stop()
        if self.reminders is not None:
            await self.reminders.stop()
        if self.sms is not None:
            await self.sms.stop()
        await self.notifier.stop()
        if self.buttons is not None:
            await self.buttons.close()
        if self.health.redis is not None:
            await self.health.redis.stop()  # before the client it uses is closed
        for bot in self.bots.values():
            await bot.session.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()


def _read(path: str | None) -> str:
    return Path(path).read_text("utf-8").strip() if path else ""


def make_limiter(settings: Settings, redis: Redis | None, limits: Limits) -> RateLimiter:
    """Notifications paced across replicas through Redis, or by this process alone."""
    groups = {chat for p in ("telegram", "bale") for chat in settings.staff_chat_ids(p)}
    if redis is not None:
        return RedisRateLimiter(redis, limits, groups)
    return LocalRateLimiter(limits, groups)


def _digest_chats(settings: Settings) -> dict[str, dict[str | None, int]]:
    """platform → province → the staff chat its waiting files are named in (None: every file)."""
    chats: dict[str, dict[str | None, int]] = {}
    for platform in settings.tokens():
        if settings.tenants():
            chats[platform] = {
                iso: chat
                for iso, p in settings.tenants().items()
                if (chat := p.staff_chat_ids.get(platform)) is not None
            }
        elif (chat := settings.staff_chat_id(platform)) is not None:
            chats[platform] = {None: chat}
    return chats


HandledHook = Callable[[Bot, int], None]


def build_app(
    settings: Settings,
    *,
    on_handled: HandledHook | None = None,
    polling_timeout: int = 25,
    store_after: float = 0.5,
    limits: Limits | None = None,
) -> App:
    """``on_handled(bot, update_id)`` (tests, the sandbox) is told when an update is completely
    handled: committed and answered (its replies sent, its outbox queued), errors included.
    ``limits``: the notifications' pacing (default: Telegram's published limits).

    aiogram's FSM storage is not used (the dialog position is in the database, ``kit.position``)
    and events are not isolated through it: one user's updates are kept in order by the polling
    lanes (the messenger's per-chat order in webhook mode) and the user's row
    (``bot.middlewares``). Redis, when configured, is shared by the replicas for what is not on an
    update's way (notification pacing, locks, ``bot.coordination``) and watched (``bot.health``):
    nothing an applicant sees depends on it."""
    i18n = I18n(settings.default_language)
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    # the deployment's own organization: with PROVINCES_FILE, what is said before a file has a
    # province (the welcome, the membership rules) names it; every file is its province's
    org = Organization(
        name_fa=settings.deployment_name("fa"),
        name_en=settings.deployment_name("en"),
        rules_fa=_read(settings.rules_file_fa),
        rules_en=_read(settings.rules_file_en),
        fees={kind: Fee(rials, account) for kind, (rials, account) in settings.fees().items()},
        dues_rials=settings.dues_rials,
        payment_provider_tokens={p: token for p in PLATFORMS if (token := settings.payment_provider(p))},
    )
    tokens = {p: token for p in PLATFORMS if (token := settings.payment_provider(p))}
    orgs = {
        iso: Organization(
            name_fa=tenant.name_fa,
            name_en=tenant.name_en,
            rules_fa=tenant.rules_fa,
            rules_en=tenant.rules_en,
            fees={kind: Fee(rials, account) for kind, (rials, account) in tenant.fees().items()},
            dues_rials=settings.dues_rials if tenant.dues_rials is None else tenant.dues_rials,
            payment_provider_tokens=tokens,
            license_rules=tenant.license_rules or default_rules(),
        )
        for iso, tenant in settings.tenants().items()
    }
    redis = None
    if settings.redis_url:
        redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
    notifier = NotificationQueue(make_limiter(settings, redis, limits or Limits()))
    store = LocalFileStore(settings.files_dir, settings.keyring())  # ConfigError without FILES_KEY
    profiles: dict[int, PlatformProfile] = {}
    metrics = Metrics(profiles, queued=lambda: notifier.pending, provinces=tuple(settings.tenants()))
    services = Services(
        files=store,
        i18n=i18n,
        org=org,
        image_limits=ImageLimits(min_width=settings.min_photo_width, min_height=settings.min_photo_height),
        staff_chat_ids={p: settings.staff_chat_id(p) for p in ("telegram", "bale")},
        orgs=orgs,
        province_staff_chats={iso: dict(tenant.staff_chat_ids) for iso, tenant in settings.tenants().items()},
        served=settings.served(),
        admin_ids={p: frozenset(settings.admin_ids(p)) for p in ("telegram", "bale")},
        applications={app.name: app for app in APPLICATIONS},
        sms=settings.sms_provider is not None,
        verifying=Verifying(
            key=settings.verification_key(),
            base_url=settings.verify_base_url,
            counted=metrics.verified,
            checks_per_minute=settings.verify_checks_per_minute,
        ),
    )
    dispatcher = Dispatcher(storage=NoFsmStorage())  # no event isolation either (see above)
    dialogs = build_dialogs(i18n, sms=services.sms, verify_checks=ClientRefusals(settings.verify_checks_per_minute))
    dispatcher.include_router(dialogs.router)
    bots: dict[str, Bot] = {}
    coordination = Coordination(redis)
    sms_sender = None
    if settings.sms_provider is not None and settings.sms_api_key is not None:
        provider = build_provider(
            settings.sms_provider,
            settings.sms_base(),
            settings.sms_api_key.get_secret_value(),
            settings.sms_sender,
            settings.sms_templates,
        )

        async def tell_admins(key: str, args: Mapping[str, str]) -> None:
            await alert_admins(sessions, services, sender, key, args)

        sms_sender = SmsSender(
            sessions, provider, alert=AdminAlerts(tell_admins, coordination), count=metrics.sms_tried
        )
    sender = OutboxSender(
        sessions, bots, notifier, services=services, after_dispatch=sms_sender.wake if sms_sender else None
    )
    relay = OutboxRelay(sender)
    checker = PaymentChecker(sessions, bots, profiles, services, sender, dialogs.payment, dialogs.relay)
    screen = UpdateScreen(metrics)
    polling = Polling(dispatcher, sessions, bots, timeout=polling_timeout, store_after=store_after, screen=screen)
    health = Health(engine, RedisMonitor(redis) if redis is not None else None)
    sweeper = FileSweeper(sessions, store, metrics.retained)
    retention = RetentionRound(sessions, settings.retention(), i18n, sender, sweeper, metrics.retained)
    reminders = ReminderRound(
        sessions,
        services,
        settings.retention(),
        sender,
        sms_wake=sms_sender.wake if sms_sender else None,
        count=metrics.reminded,
    )
    buttons = ButtonsKeeper(sessions)
    app = App(
        settings,
        engine,
        sessions,
        i18n,
        services,
        dispatcher,
        dialogs,
        notifier,
        sender,
        relay,
        checker,
        polling,
        health,
        bots,
        profiles,
        redis=redis,
        coordination=coordination,
        metrics=metrics,
        screen=screen,
        exports=ExportJobs(settings.database_url),
        retention=retention,
        sweeper=sweeper,
        sms=sms_sender,
        reminders=reminders,
        buttons=buttons,
    )
    for platform, token in settings.tokens().items():
        session = make_session(
            platform, settings.api_base(platform), proxy=settings.proxy(platform), refusals=app.refusals
        )
        bot = Bot(token, session=session)
        bot.session.middleware(OutboundMetrics(metrics))
        app.bots[platform] = bot
        app.profiles[bot.id] = PROFILES[platform].for_bot()  # what the bot learns at run time is its own
    if on_handled is not None:
        dispatcher.update.outer_middleware(_ReportHandled(on_handled))  # outermost
    dispatcher.update.outer_middleware(ErrorMiddleware(i18n, sessions, app.profiles))
    dispatcher.update.outer_middleware(UpdateMetrics(metrics))  # inside ErrorMiddleware: sees the failures
    dispatcher.update.outer_middleware(MarksMiddleware())  # a pasted command with its isolates is the command
    dispatcher.update.outer_middleware(EffectsMiddleware(sender, buttons))
    dispatcher.update.outer_middleware(DownloadMiddleware(app.profiles))
    dispatcher.update.outer_middleware(DatabaseMiddleware(sessions, app.profiles))
    dispatcher.update.outer_middleware(UserMiddleware(i18n, app.profiles, buttons))
    dispatcher.startup.register(relay.start)  # unsent outbox rows of an earlier run, and failed tries
    dispatcher.shutdown.register(relay.stop)
    dispatcher.startup.register(checker.start)  # payments the wallet had not confirmed, across restarts
    dispatcher.shutdown.register(checker.stop)
    pruner = InboxPruner(sessions)  # the handled marks of either mode
    dispatcher.startup.register(pruner.start)
    dispatcher.shutdown.register(pruner.stop)
    outbox_pruner = OutboxPruner(sessions)  # sent rows after a week, failed ones after three months
    dispatcher.startup.register(outbox_pruner.start)
    dispatcher.shutdown.register(outbox_pruner.stop)
    folder = CountsFolder(sessions)  # the cases' counts kept short to read (issue 30)
    dispatcher.startup.register(folder.start)
    dispatcher.shutdown.register(folder.stop)
    waiting = WaitingDigest(
        sessions,
        dialogs.desk,
        i18n,
        sender,
        _digest_chats(settings),
        WaitingPolicy(settings.waiting_days, settings.waiting_default_days),
        hour=settings.waiting_digest_hour,
    )
    dispatcher.startup.register(waiting.start)  # files waiting too long: a daily digest (issue 23)
    dispatcher.shutdown.register(waiting.stop)
    for job in (sweeper, retention):  # drafts untouched for long, rejected files' documents
        dispatcher.startup.register(job.start)
        dispatcher.shutdown.register(job.stop)
    dispatcher.shutdown.register(buttons.close)  # what is noted, written before the process ends
    dispatcher.startup.register(reminders.start)  # what applicants left undone (issue 24)
    dispatcher.shutdown.register(reminders.stop)
    if sms_sender is not None:  # SMS recorded and not sent (a crash between commit and send, a retry)
        dispatcher.startup.register(sms_sender.start)
        dispatcher.shutdown.register(sms_sender.stop)
    if health.redis is not None:
        dispatcher.startup.register(health.redis.start)  # stopped by App.close
    dispatcher["services"] = services
    dispatcher["exports"] = app.exports
    return app


async def alert_admins(
    sessions: async_sessionmaker[AsyncSession],
    services: Services,
    sender: OutboxSender,
    key: str,
    args: Mapping[str, str],
) -> None:
    """A message to every admin of every messenger (their private chats), through the outbox."""
    recorded: list[tuple[int, int]] = []
    t = services.i18n(None)
    async with sessions() as session, session.begin():
        for platform, ids in services.admin_ids.items():
            outbox = Outbox(session, platform, services.i18n, recorded)
            for admin in sorted(ids):
                await outbox.text(admin, t(key, **args))
    sender.dispatch(recorded)


class NoFsmStorage(BaseStorage):
    """aiogram asks its FSM storage for a state on every update; the dialogs keep theirs in the
    database (``kit.position``). This one remembers nothing (a memory storage would keep a record
    for every user ever seen), and refuses to be written to, so that no dialog starts using it."""

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        raise RuntimeError("the dialog position is kept by conversations.kit.position, not aiogram's FSM")

    async def get_state(self, key: StorageKey) -> str | None:
        return None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        raise RuntimeError("the dialog position is kept by conversations.kit.position, not aiogram's FSM")

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return {}

    async def close(self) -> None:
        return None


class _ReportHandled(BaseMiddleware):
    def __init__(self, hook: HandledHook) -> None:
        self.hook = hook

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        finally:
            if isinstance(event, Update):
                self.hook(data["bot"], event.update_id)


COMMANDS = ("start", "menu", "status", "cartable", "mydata", "notifications", "verify", "help", "lang")


async def set_commands(app: App) -> None:
    """The command menu in each language. Bale may have no setMyCommands (its commands are set in
    Bale's BotFather): there a refusal is expected, ignored, and not tried again for the other
    language."""
    for bot in app.bots.values():
        profile = app.profiles[bot.id]
        for lang in ("fa", "en"):
            t = app.i18n(lang)
            commands = [BotCommand(command=c, description=t(f"cmd-{c}")) for c in COMMANDS]
            try:
                await bot.set_my_commands(commands, language_code=None if lang == "fa" else lang)
            except TelegramAPIError as exc:
                if not profile.commands_by_api:
                    log.info("%s: setMyCommands refused (%s); set the commands in BotFather", profile.name, exc.message)
                    break
                log.warning("setMyCommands refused: %s", type(exc).__name__)


async def prepare(app: App) -> None:
    """Migrations (SQLite default: at start; PostgreSQL: ``nezam-bot db upgrade`` too, here for
    convenience); then the documents' keys: a FILES_KEY that does not open them is one line
    (``ConfigError``) before anything is served."""
    from bot.file_keys import check_keys

    await upgrade_async(app.settings.database_url)
    if is_sqlite(app.settings.database_url):
        log.info("SQLite database ready")
    await check_keys(app.sessions, app.settings.keyring())
    served = app.settings.served()
    if len(served) == 1:  # issue 25: files from before provinces were kept are the one province's
        async with app.sessions() as session, session.begin():
            adopted = await cases.adopt_province(session, served[0])
        if adopted:
            log.info("%s files without a province are %s's", adopted, served[0])


async def begin(app: App) -> None:
    """What every start does, in either mode: the migrations (one replica at a time), and — by the
    first replica of a rolling start only — the command menus and the admins' notice."""
    settle_memory()
    async with app.coordination.lock("migrations", hold=300, wait=600):
        await prepare(app)
    app.notifier.start()
    await app.relay.run_once()  # what an earlier run left unsent goes now, not at the relay's first round
    if app.settings.sms_provider is None:
        log.info("SMS_PROVIDER not set: no SMS channel; decisions and reminders reach applicants in the chat only")
    else:
        log.info("SMS: %s at %s", app.settings.sms_provider, app.settings.sms_base())
    if await app.coordination.once(f"start-notices:{':'.join(sorted(str(b.id) for b in app.bots.values()))}", 300):
        await set_commands(app)
        await tell_admins_about_offices(app.sessions, app.bots, app.services.admin_ids, app.i18n, app.notifier)


def settle_memory() -> None:
    """What start-up built (aiogram's and pydantic's types, SQLAlchemy's mappers, the texts, the
    routers: ~300,000 objects) lives as long as the process. Frozen out of the garbage collector's
    sight, a full collection no longer walks all of it: one took 100–500 ms, a pause for every
    update in flight (issue 15)."""
    gc.collect()
    gc.freeze()


def stop_on_signals(stop: Callable[[], object]) -> None:
    """SIGTERM (docker stop, a rolling restart) and SIGINT end the run gracefully: ``stop()``."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop)


POLLER_LEASE_SECONDS = 30.0


async def run_polling(app: App, *, handle_signals: bool = True) -> None:
    """Long polling (``bot.polling``), by one process per bot: with Redis, a second one started by
    mistake (several replicas without WEBHOOK_URL) waits as a standby and takes over when the
    first is gone — a messenger hands its updates to one poller, and two would steal each other's
    batches. ``/healthz`` and ``/metrics`` on LISTEN (unless METRICS=0), and the verification pages
    with VERIFY_BASE_URL (issue 27)."""
    from bot.http import serve_operators
    from bot.webhook import release_for_polling

    ids = ":".join(sorted(str(bot.id) for bot in app.bots.values()))
    standby = "another process is long polling these bots: this one waits as a standby (WEBHOOK_URL runs several)"
    try:
        async with app.coordination.lease(f"poller:{ids}", seconds=POLLER_LEASE_SECONDS, waiting=standby):
            for platform, bot in app.bots.items():  # first: the admins' notice is the last thing before polling
                await release_for_polling(bot, platform)
            await begin(app)
            if handle_signals:
                stop_on_signals(app.polling.stop)
            operators = None
            if app.settings.metrics or app.settings.verify_base_url:
                try:
                    operators = await serve_operators(app)
                except OSError as exc:  # e.g. a developer's port 8080 is taken: the bot matters more
                    log.warning(
                        "LISTEN %s: cannot listen (%s); no /healthz, /metrics or verification pages "
                        "(set LISTEN, or METRICS=0 without VERIFY_BASE_URL)",
                        app.settings.listen,
                        exc.strerror or type(exc).__name__,
                    )
            try:
                await app.polling.run()
            finally:
                if operators is not None:
                    await operators.cleanup()
    finally:
        await app.close()


async def serve(app: App) -> list[str]:
    """Webhook mode with WEBHOOK_URL (``bot.webhook``), long polling otherwise, until stopped;
    the refusals that stopped it (exit code 2), if any. Each bot is asked who it is first: a refused
    token stops everything at once; a messenger out of reach is one line, and the others start."""
    from bot.webhook import run_webhook

    refused = await identify(app.bots, log.warning)
    if refused:
        await app.close()
        return refused
    mode = asyncio.create_task(run_webhook(app) if app.settings.webhook_url else run_polling(app))
    refusal = asyncio.create_task(app.refusals.wait())
    try:
        await asyncio.wait([mode, refusal], return_when=asyncio.FIRST_COMPLETED)
    finally:
        refusal.cancel()
        if not mode.done():  # refused later (a token revoked while running): nothing can be answered
            mode.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await mode
    if not mode.cancelled():
        mode.result()  # what made the mode itself fail, raised here
    return [app.refusals.problem] if app.refusals.problem else []


def run(settings: Settings) -> None:
    """``serve`` in a fresh event loop; a refusal is ``ConfigError`` (one line each, exit code 2)."""
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_app(settings)
    refused = asyncio.run(serve(app))
    if refused:
        raise ConfigError(refused)
