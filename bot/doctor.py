"""``nezam-bot doctor`` (issue 26.5): is this deployment ready? One line per check, ✓ or ✗ and, when
✗, what to do; the exit status is 0 only if every check passes.

For each platform with a token: the proxy answers, the token works (getMe), the staff chat exists,
the bot is in it and may post (getChat, getChatMember), the webhook is what the mode needs
(getWebhookInfo), and the fee can be paid (a provider token, or a bank account). Then the
database (reachable, at the migrations' head), Redis, FILES_DIR (writable, free space), the SMS
provider (it takes SMS_API_KEY; its credit), and the documents' verification (issue 27: the key its
codes are derived with, where its pages are).
Nothing is changed: no migration applied, no webhook set, no message sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError, TelegramNetworkError
from aiogram.types import ChatMemberAdministrator, ChatMemberOwner, ChatMemberRestricted

from bot.preflight import Unreachable, database, files_dir_problem, redis
from bot.reach import REFUSALS, network_problem, proxy_refusal, refusal_problem
from bot.session import make_session
from bot.settings import ConfigError, Settings, proxy_address
from bot.verify_page import verify_path

MIN_FREE_BYTES = 1024**3  # a deadline brings thousands of photos (~0.5 MB each, with thumbnails)
CALL_SECONDS = 15.0


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str

    @property
    def line(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.text}"


Report = Callable[[Check], None]


async def diagnose(settings: Settings, report: Report) -> bool:
    """Every check, each reported as it is done; True if all passed."""
    results: list[bool] = []

    def say(ok: bool, text: str) -> None:
        results.append(ok)
        report(Check(ok, text))

    if not settings.tokens():
        say(False, "platforms: neither TELEGRAM_TOKEN nor BALE_TOKEN is set")
    for platform in settings.tokens():
        await _platform(settings, platform, say)
    await _database(settings, say)
    await _redis(settings, say)
    _files(settings, say)
    await _sms(settings, say)
    _verification(settings, say)
    return all(results)


Say = Callable[[bool, str], None]


async def _within(call: Awaitable[object]) -> object:
    async with asyncio.timeout(CALL_SECONDS):
        return await call


async def _platform(settings: Settings, platform: str, say: Say) -> None:
    proxy = settings.proxy(platform)
    prefix = platform.upper()
    if proxy:
        await _proxy(platform, proxy, say)
    token = settings.tokens()[platform]
    bot = Bot(token, session=make_session(platform, settings.api_base(platform), proxy=proxy))
    try:
        try:
            me = await _within(bot.me())
        except REFUSALS as exc:
            say(False, refusal_problem(platform, exc))
            return
        except (TelegramNetworkError, OSError) as exc:  # TimeoutError too
            say(False, proxy_refusal(platform, bot.session, exc) or network_problem(platform, bot.session, exc))
            return
        except TelegramAPIError as exc:
            say(False, f"{platform} token: getMe failed ({exc.message}); try again later")
            return
        say(True, f"{platform} token: the bot @{getattr(me, 'username', '?')} (id {bot.id})")
        if settings.tenants():  # each province's staff chat (issue 25)
            for iso, tenant in settings.tenants().items():
                await _staff_chat(
                    bot, platform, tenant.staff_chat_ids.get(platform), say, f"{iso}.{platform}_staff_chat_id"
                )
        else:
            await _staff_chat(bot, platform, settings.staff_chat_id(platform), say)
        await _webhook(bot, platform, settings, say)
    finally:
        await bot.session.close()
    _payments(settings, platform, prefix, say)


async def _proxy(platform: str, proxy: str, say: Say) -> None:
    parts = urlsplit(proxy)
    try:
        async with asyncio.timeout(5):
            _, writer = await asyncio.open_connection(parts.hostname, parts.port)
        writer.close()
    except (OSError, TimeoutError) as exc:
        what = "no answer within 5 s" if isinstance(exc, TimeoutError) else (exc.strerror or type(exc).__name__)
        say(False, f"{platform} proxy {proxy_address(proxy)}: nothing answers ({what}); check {platform.upper()}_PROXY")
        return
    say(True, f"{platform} proxy {proxy_address(proxy)}: answers")


async def _staff_chat(bot: Bot, platform: str, chat_id: int | None, say: Say, variable: str = "") -> None:
    variable = variable or f"{platform.upper()}_STAFF_CHAT_ID"  # or a key of PROVINCES_FILE
    if chat_id is None:
        say(False, f"{platform} staff chat: {variable} is not set; add the bot to the staff group, send /whoami there")
        return
    where = f"{platform} staff chat {chat_id}"
    not_in = (
        f"{where}: the bot is not in it, or there is no such chat; add the bot to the staff group (to a channel "
        f"as an administrator that may post), or correct {variable} (/whoami in the group tells its id)"
    )
    try:
        member = await _within(bot.get_chat_member(chat_id, bot.id))
    except (TelegramBadRequest, TelegramForbiddenError):
        say(False, not_in)
        return
    except (TelegramAPIError, OSError) as exc:
        say(False, f"{where}: cannot be checked ({type(exc).__name__}); try again later")
        return
    title, kind = await _chat_title(bot, chat_id)
    named = f"{where} “{title}”" if title else where
    status = getattr(member, "status", "")
    if status in ("left", "kicked"):
        say(False, not_in)
    elif isinstance(member, ChatMemberRestricted) and not member.can_send_messages:
        say(False, f"{named}: the bot is restricted and may not post; allow it to send messages")
    elif kind == "channel" and not (
        isinstance(member, ChatMemberOwner)
        or (isinstance(member, ChatMemberAdministrator) and member.can_post_messages is not False)
    ):
        say(False, f"{named}: a channel; make the bot an administrator that may post messages")
    else:
        say(True, f"{named}: the bot is in it ({status}) and may post")


async def _chat_title(bot: Bot, chat_id: int) -> tuple[str, str]:
    """The chat's title and type, if the messenger's getChat answers in a shape aiogram reads."""
    try:
        chat = await _within(bot.get_chat(chat_id))
    except Exception:  # Bale's getChat may lack fields Telegram's has: the title is only a nicety
        return "", ""
    return str(getattr(chat, "title", "") or ""), str(getattr(chat, "type", "") or "")


async def _webhook(bot: Bot, platform: str, settings: Settings, say: Say) -> None:
    from bot.webhook import endpoints

    try:
        info = await _within(bot.get_webhook_info())
    except (TelegramAPIError, OSError) as exc:
        if settings.webhook_url:
            say(True, f"{platform} webhook: cannot be asked here ({type(exc).__name__}); send /start to the bot")
        return
    current = getattr(info, "url", "") or ""
    if not settings.webhook_url:
        if current:
            say(True, f"{platform} webhook: one is set ({urlsplit(current).netloc}); `nezam-bot run` removes it")
        else:
            say(True, f"{platform} webhook: none (long polling)")
        return
    expected = endpoints(settings)[platform].url
    host = urlsplit(expected).netloc
    if current != expected:
        say(False, f"{platform} webhook: not registered at {host}; a replica registers it at start (is one running?)")
        return
    error, when = getattr(info, "last_error_message", None), getattr(info, "last_error_date", None)
    recent = isinstance(when, dt.datetime) and dt.datetime.now(dt.UTC) - when < dt.timedelta(hours=1)
    pending = getattr(info, "pending_update_count", 0)
    if error and recent:
        say(False, f"{platform} webhook at {host}: the messenger's last delivery failed ({error}); check nginx")
    else:
        say(True, f"{platform} webhook: registered at {host}, {pending} updates waiting")


def _payments(settings: Settings, platform: str, prefix: str, say: Say) -> None:
    if settings.payment_provider(platform):
        old = " (PAYMENT_PROVIDER_TOKEN: rename it)" if not settings.telegram_payment_provider_token else ""
        say(True, f"{platform} payments: invoices (a provider token is set){old if platform == 'telegram' else ''}")
        return
    fees = [
        (settings.membership_fee_rials, settings.bank_account, "BANK_ACCOUNT"),
        (settings.license_fee_rials, settings.license_bank_account, "LICENSE_BANK_ACCOUNT"),
    ]
    if settings.tenants():  # each province's fees and accounts (issue 25)
        fees = [
            (fee, account, f"{iso}.{key}")
            for iso, tenant in settings.tenants().items()
            for fee, account, key in (
                (tenant.membership_fee_rials, tenant.membership_bank_account, "membership_bank_account"),
                (tenant.license_fee_rials, tenant.license_bank_account, "license_bank_account"),
            )
        ]
    unpaid = [variable for fee, account, variable in fees if fee and not account]
    if unpaid:
        say(
            False,
            f"{platform} payments: a fee is set but neither {prefix}_PAYMENT_PROVIDER_TOKEN nor "
            f"{' / '.join(unpaid)}: approved applicants could not pay; set one",
        )
    else:
        say(True, f"{platform} payments: bank slips (no {prefix}_PAYMENT_PROVIDER_TOKEN)")


async def _database(settings: Settings, say: Say) -> None:
    from storage.db import current_revision, head_revision, make_engine

    try:
        await database(settings.database_url).check()
    except Unreachable as exc:
        say(False, f"database: {exc}; is it running? (DATABASE_URL)")
        return
    except ConfigError as exc:
        say(False, f"database: {exc.problems[0]}")
        return
    engine = make_engine(settings.database_url)
    try:
        at = await current_revision(engine)
    finally:
        await engine.dispose()
    head = head_revision()
    if at == head:
        say(True, f"database: reachable, at the migrations' head ({head})")
    else:
        say(False, f"database: at migration {at or 'none'}, this version needs {head}: run `nezam-bot db upgrade`")


async def _redis(settings: Settings, say: Say) -> None:
    if not settings.redis_url:
        say(True, "redis: not set (fine for one process; replicas share pacing and locks through it)")
        return
    try:
        await redis(settings.redis_url).check()
    except (Unreachable, ConfigError) as exc:
        problem = exc.problems[0] if isinstance(exc, ConfigError) else f"REDIS_URL: {exc}"
        say(False, f"redis: {problem}")
        return
    say(True, "redis: answers")


async def _sms(settings: Settings, say: Say) -> None:
    if settings.sms_provider is None or settings.sms_api_key is None:
        say(True, "sms: SMS_PROVIDER not set (decisions and reminders reach applicants in the chat only)")
        return
    import aiohttp

    from bot.sms import build_provider

    provider = build_provider(
        settings.sms_provider,
        settings.sms_base(),
        settings.sms_api_key.get_secret_value(),
        settings.sms_sender,
        settings.sms_templates,
    )
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=CALL_SECONDS)) as http:
            account = await provider.account(http)
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        say(False, f"sms: {settings.sms_provider} at {settings.sms_base()} did not answer ({type(exc).__name__})")
        return
    if not account.ok:
        say(False, f"sms: {settings.sms_provider} refused SMS_API_KEY ({account.reason}); check the key in its panel")
        return
    credit = f", credit {account.credit:,.0f}" if account.credit is not None else ""
    if account.credit is not None and account.credit <= 0:
        say(False, f"sms: {settings.sms_provider} takes the key but has no credit left; top the account up")
        return
    say(True, f"sms: {settings.sms_provider} takes the key{credit}")


def _files(settings: Settings, say: Say) -> None:
    problem = files_dir_problem(settings.files_dir)
    if problem:
        say(False, problem)
        return
    free = shutil.disk_usage(settings.files_dir).free
    gib = f"{free / 1024**3:.1f} GB free"
    if free < MIN_FREE_BYTES:
        say(False, f"FILES_DIR {settings.files_dir}: writable, but only {gib}; make room (documents need space)")
    else:
        say(True, f"FILES_DIR {settings.files_dir}: writable, {gib}")


def _verification(settings: Settings, say: Say) -> None:
    """The key verification codes are derived with, and the pages the PDFs' QR codes open."""
    try:
        settings.verification_key()
    except ConfigError as exc:
        say(False, exc.problems[0])
    else:
        source = "VERIFY_KEY" if settings.verify_key is not None else "a key derived from FILES_KEY"
        say(True, f"verification codes: derived with {source}")
    base = settings.verify_base_url
    if base is None:
        say(
            True,
            "verification pages: VERIFY_BASE_URL not set, so the PDFs carry their code (checked with /verify in "
            "the bot) and no QR code; set it to the public address that reaches LISTEN (README: Verifiable documents)",
        )
        return
    path = verify_path(base)
    say(True, f"verification pages: the PDFs' QR codes open {base}/v/<code>, served on LISTEN at {path}/")
