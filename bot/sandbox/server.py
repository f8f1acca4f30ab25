"""``nezam-bot sandbox``: the whole bot in a browser, with no token and no server.

One process runs the project's Bot API emulator (the one the end-to-end tests use), the real bot
connected to it for both profiles (Telegram and Bale), and a small aiohttp site: a messenger-like
page (``static/``) and a JSON/SSE API that drives the emulator's fake users — an applicant and a
staff reviewer — exactly as the tests do.

    browser ──HTTP/SSE──▶ sandbox site ──FakeUser──▶ emulator ◀──long polling── the bot
                                                        ◀──SMS (Kavenegar's API)── the bot

The emulator's SMS gateway stands in for the SMS provider (issue 24): a phone panel beside the chat
shows the SMS the identity's mobile received, and a control moves the bot's reminder clock on by a
day (the reminders due then are told, in the chat and — the last of each — by SMS).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import json
import logging
import mimetypes
import os
import signal
import socket
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.app import App, build_app, prepare, set_commands
from bot.emulator import BotApiEmulator, ChatMessage, EmulatedBot, FakeUser
from bot.emulator.server import ApiError
from bot.emulator.sms import SmsGateway
from bot.guard import Guard
from bot.ratelimit import Limits
from bot.reminders import quiet
from bot.settings import Settings
from bot.verify_page import VerifyPage
from scoring.messages import date_text, digits
from scoring.validators import IRAN_TIME, jalali_year, validate_mobile
from storage import inbox, offices, people, staff
from storage.encryption import new_key_text
from storage.workflow import Role

log = logging.getLogger("nezam.sandbox")

TOKENS = {"telegram": "7001:sandbox-telegram", "bale": "7002:sandbox-bale"}
STAFF_CHANNEL = -1000777  # the staff chat of the first sample province, IR-14 (provinces.toml)
SECOND_CHANNEL = -1000778  # the second's, IR-23
PROVINCES_FILE = Path(__file__).parent / "provinces.toml"


@dataclass(frozen=True)
class Identity:
    key: str
    user_id: int
    name: str
    phone: str  # synthetic


IDENTITIES = {
    "applicant": Identity("applicant", 5001, "مهندس نمونه", "+98 912 000 5001"),
    "staff": Identity("staff", 5002, "کارشناس نمونه", "+98 912 000 5002"),
    # issue 25: a reviewer of each sample province, who sees their own province's files only
    "reviewer_a": Identity("reviewer_a", 5003, "کارشناس چهارمحال و بختیاری (نمونه)", "+98 912 000 5003"),
    "reviewer_b": Identity("reviewer_b", 5004, "کارشناس تهران (نمونه)", "+98 912 000 5004"),
}
# identity → (its province, or None: national) and the staff chats it sees beside its chat
STAFF_OF = {
    "staff": (None, (STAFF_CHANNEL, SECOND_CHANNEL)),
    "reviewer_a": ("IR-14", (STAFF_CHANNEL,)),
    "reviewer_b": ("IR-23", (SECOND_CHANNEL,)),
}


KEY_FILE = "sandbox-files.key"


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def local_files_key(data_dir: Path) -> tuple[str, bool]:
    """The sandbox's own FILES_KEY, kept beside its database (created on first start, readable by
    its owner only); True when it was created now."""
    path = data_dir / KEY_FILE
    if path.exists():
        return path.read_text("ascii").strip(), False
    data_dir.mkdir(parents=True, exist_ok=True)
    text = new_key_text()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text + "\n")
    return text, True


def sandbox_settings(
    data_dir: Path, base_url: str, env: Settings | None = None, *, slips: bool = False, site_url: str | None = None
) -> Settings:
    """The sandbox's own settings: its tokens and chats, SQLite under ``data_dir``; Redis only
    when ``REDIS_URL`` is set in the environment; FILES_KEY (and FILES_OLD_KEYS) from the
    environment when set, else the sandbox's local key (``local_files_key``). ``slips``: no payment
    provider, so fees are paid by bank slips that finance confirms or refuses (the default pays by
    the emulated invoice)."""
    env = env or Settings()
    year = jalali_year()
    if env.files_key is not None:
        files_key = env.files_key.get_secret_value()
        old_keys = [k.get_secret_value() for k in env.files_old_keys]
    else:
        files_key, old_keys = local_files_key(data_dir)[0], []
    values: dict[str, Any] = {
        "telegram_token": TOKENS["telegram"],
        "telegram_api_base": base_url,
        "telegram_admin_ids": [IDENTITIES["staff"].user_id],
        "bale_token": TOKENS["bale"],
        "bale_api_base": base_url,
        "bale_admin_ids": [IDENTITIES["staff"].user_id],
        # two sample provinces, each with its staff chat, fees and accounts (issue 25); the name the
        # welcome says before a file has a province
        "provinces_file": str(PROVINCES_FILE),
        "org_name_fa": "سازمان نظام مهندسی ساختمان (نمونه آزمایشی)",
        "org_name_en": "Construction Engineering Organization (sandbox sample)",
        "database_url": f"sqlite+aiosqlite:///{data_dir / 'sandbox.db'}",
        "files_dir": str(data_dir / "sandbox-files"),
        "files_key": files_key,
        "files_old_keys": old_keys,
        "redis_url": env.redis_url,
        # annual dues of the last three years (sample figures), paid to the membership account
        "dues_rials": env.dues_rials or {year - 2: 1_500_000, year - 1: 1_800_000, year: 2_000_000},
        # the emulator takes any provider token; "pay" is simulated (--slips: none, bank slips)
        "telegram_payment_provider_token": None if slips else "sandbox-provider",  # nosec  # not a secret
        "bale_payment_provider_token": None if slips else "sandbox-provider",  # nosec  # not a secret
        "log_level": env.log_level,
        # SMS through the emulator's gateway, as Kavenegar's API (the phone panel shows them)
        "sms_provider": "kavenegar",
        "sms_api_key": next(iter(SmsGateway().keys)),
        "sms_sender": "10004346",
        "sms_api_base": base_url,
        # the documents' QR codes open the sandbox's own verification pages (issue 27)
        "verify_base_url": env.verify_base_url or site_url,
        "verify_key": env.verify_key,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]  # pydantic-settings init kwarg


class Sandbox:
    def __init__(self, data_dir: Path = Path("data"), env: Settings | None = None, *, slips: bool = False) -> None:
        self.data_dir = data_dir
        self.env = env
        self.slips = slips
        self.emulator = BotApiEmulator()
        for platform, token in TOKENS.items():
            self.emulator.add_bot(token, platform)
        self.app: App | None = None
        self.polling: asyncio.Task[None] | None = None
        self.site_runner: web.AppRunner | None = None
        self.subscribers: set[asyncio.Queue[str]] = set()
        self.users: dict[tuple[str, str], FakeUser] = {}
        self.url = ""
        self.key_note = ""  # where the documents' key comes from (said at start)

    # ---- lifecycle ---------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 8080) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        base_url = await self.emulator.start()
        for bot in self.emulator.bots.values():
            bot.handled = set()
        self.emulator.listeners.append(self._changed)
        if self.env is None or self.env.files_key is None:
            _, created = local_files_key(self.data_dir)
            self.key_note = (
                f"FILES_KEY is not set: the sandbox seals its documents with a local key, "
                f"{self.data_dir / KEY_FILE} ({'generated now' if created else 'kept from an earlier start'}; "
                "without it they do not open)"
            )
        else:
            self.key_note = "the sandbox seals its documents with FILES_KEY from the environment"
        if port == 0:  # the site's port is printed in the PDFs' QR codes: chosen before the bot is built
            port = _free_port(host)
        site_url = f"http://{host}:{port}"
        settings = sandbox_settings(self.data_dir, base_url, self.env, slips=self.slips, site_url=site_url)
        self.app = build_app(settings, on_handled=self.emulator.handled, polling_timeout=1, limits=Limits.emulated())
        await prepare(self.app)
        await self._continue_numbering(self.app)
        await set_commands(self.app)
        await self._seed(self.app)
        self.app.notifier.start()
        self.polling = asyncio.create_task(self.app.polling.run())
        site = web.Application(client_max_size=25 * 1024 * 1024)
        self._routes(site)
        if settings.verify_base_url:  # the pages the PDFs' QR codes open, as the bot serves them on LISTEN
            page = VerifyPage(self.app, Guard(self.app.metrics), per_minute=settings.verify_checks_per_minute)
            page.routes(site, settings.verify_base_url)
        self.site_runner = web.AppRunner(site, access_log=None)
        await self.site_runner.setup()
        tcp = web.TCPSite(self.site_runner, host, port)
        await tcp.start()
        server = tcp._server
        sockets = getattr(server, "sockets", None) or []
        actual = sockets[0].getsockname()[1] if sockets else port
        self.url = f"http://{host}:{actual}"
        return self.url

    async def stop(self) -> None:
        for queue in list(self.subscribers):
            queue.put_nowait("bye")
        if self.app is not None and self.polling is not None:
            self.app.polling.stop()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError, TimeoutError):
                await asyncio.wait_for(self.polling, 5)
            await self.app.close()
        if self.site_runner is not None:
            await self.site_runner.cleanup()
        await self.emulator.stop()

    async def _continue_numbering(self, app: App) -> None:
        """A restart on the same database: the emulator numbers updates after those the inbox
        marked handled (kept 3 days), as a messenger would, or the bot would take the first ones
        for duplicates and ignore them."""
        async with app.sessions() as session:
            for platform, token in TOKENS.items():
                bot = self.emulator.bots[token]
                bot.continue_after(await inbox.last_update_id(session, platform, bot.id))

    async def _seed(self, app: App) -> None:
        """Sample data, created on first start and labelled as sample: offices, and a staff member
        with every role of the organization's side (reviewer, finance, builders unit, technical
        manager), so that one person can play a whole file through."""
        staff_user = IDENTITIES["staff"]
        async with app.sessions() as session, session.begin():
            created = await offices.seed_sample_offices(session)
            for platform in TOKENS:
                for role in (Role.REVIEWER, Role.FINANCE, Role.BUILDERS_UNIT, Role.TECHNICAL_MANAGER):
                    await staff.grant_role(
                        session, platform, staff_user.user_id, role, display_name=staff_user.name, granted_by="sandbox"
                    )
                    for key, (province, _) in STAFF_OF.items():  # each province's own reviewer (issue 25)
                        if province is not None:
                            who = IDENTITIES[key]
                            await staff.grant_role(
                                session,
                                platform,
                                who.user_id,
                                role,
                                display_name=who.name,
                                granted_by="sandbox",
                                provinces=(province,),
                            )
        if created:
            log.info("sandbox: %d sample offices created", created)

    # ---- the emulator's side ---------------------------------------------------------------------

    def user(self, platform: str, identity: str) -> FakeUser:
        if platform not in TOKENS or identity not in IDENTITIES:
            raise web.HTTPBadRequest(text="unknown platform or identity")
        key = (platform, identity)
        if key not in self.users:
            who = IDENTITIES[identity]
            self.users[key] = self.emulator.user(TOKENS[platform], who.user_id, who.name)
        return self.users[key]

    def bot(self, platform: str) -> EmulatedBot:
        return self.emulator.bots[TOKENS[platform]]

    def _changed(self, bot: EmulatedBot, message: ChatMessage) -> None:
        for queue in list(self.subscribers):
            queue.put_nowait(bot.profile)

    # ---- the site ------------------------------------------------------------------------------------

    def _routes(self, site: web.Application) -> None:
        site.router.add_get("/", self.page)
        site.router.add_get("/static/{name}", self.static)
        site.router.add_get("/font/{name}", self.font)
        site.router.add_get("/files/{platform}/{file_id}", self.download)
        site.router.add_get("/api/state", self.state)
        site.router.add_get("/api/events", self.events)
        site.router.add_post("/api/send", self.send)
        site.router.add_post("/api/press", self.press)
        site.router.add_post("/api/contact", self.contact)
        site.router.add_post("/api/upload", self.upload)
        site.router.add_post("/api/pay", self.pay)
        site.router.add_post("/api/clock", self.clock)

    async def page(self, request: web.Request) -> web.Response:
        return web.Response(text=_static("index.html").decode("utf-8"), content_type="text/html")

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in ("app.js", "style.css"):
            raise web.HTTPNotFound()
        content_type = "text/javascript" if name.endswith(".js") else "text/css"
        return web.Response(body=_static(name), content_type=content_type, charset="utf-8")

    async def font(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"):
            raise web.HTTPNotFound()
        data = (resources.files("conversations") / "assets" / "fonts" / name).read_bytes()
        return web.Response(body=data, content_type="font/ttf", headers={"Cache-Control": "max-age=86400"})

    async def download(self, request: web.Request) -> web.Response:
        stored = self.emulator.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        mime = stored.mime_type or mimetypes.guess_type(stored.file_name or "")[0] or "application/octet-stream"
        headers = {}
        if stored.file_name and not mime.startswith("image/"):
            headers["Content-Disposition"] = f'attachment; filename="{stored.file_name}"'
        return web.Response(body=stored.data, content_type=mime, headers=headers)

    async def state(self, request: web.Request) -> web.Response:
        platform = request.query.get("platform", "telegram")
        identity = request.query.get("identity", "applicant")
        user = self.user(platform, identity)
        bot = self.bot(platform)
        chat = bot.chat(user.chat_id)
        body: dict[str, Any] = {
            "platform": platform,
            "identity": identity,
            "name": IDENTITIES[identity].name,
            "bot": bot.username,
            "messages": [self._message(platform, m) for m in chat],
            "keyboard": _reply_keyboard(chat),
            "channel": self._channel(platform, identity),
            "channels": self._channels(platform, identity),
            "refused": len(bot.errors),
            "phone": await self._phone(platform, identity),
            "clock": self._clock(),
        }
        return web.json_response(body)

    def _channel(self, platform: str, identity: str) -> list[dict[str, Any]] | None:
        """The staff chats the identity sees (a province's reviewer: their province's), oldest first."""
        if identity not in STAFF_OF:
            return None
        bot = self.bot(platform)
        posted = [m for chat in STAFF_OF[identity][1] for m in bot.chat(chat)]
        return [self._message(platform, m) for m in sorted(posted, key=lambda m: (m.date, m.message_id))]

    def _channels(self, platform: str, identity: str) -> list[dict[str, Any]]:
        """Whose staff chats the identity sees (issue 25): each chat's province and its organization's
        name (the page's staff pane names them, and marks each post with its chat's when two)."""
        if identity not in STAFF_OF or self.app is None:
            return []
        services = self.app.services
        shown = []
        for chat in STAFF_OF[identity][1]:
            province = services.province_of_staff_chat(platform, chat)
            shown.append({"chat": chat, "province": province, "org": services.org_of(province).name("fa")})
        return shown

    async def _phone(self, platform: str, identity: str) -> dict[str, Any]:
        """The identity's phone — the mobile they confirmed by sharing their contact (else the
        sample number the contact button shares) — and the SMS it received, newest last."""
        who = IDENTITIES[identity]
        mobile = validate_mobile(who.phone)
        if self.app is not None:
            async with self.app.sessions() as session:
                user = await people.find_user(session, platform, who.user_id)
            if user is not None and user.mobile:
                mobile = user.mobile
        received = [
            {"text": m.text, "at": int(m.at), "parts": m.parts, "provider": m.provider}
            for m in self.emulator.sms.to(mobile)
        ]
        return {"number": mobile, "sms": received}

    def _clock(self) -> dict[str, Any]:
        if self.app is None or self.app.reminders is None:
            return {"days": 0, "now": ""}
        now = self.app.reminders.now().astimezone(IRAN_TIME)
        shown = f"{date_text(now.date(), 'fa')} {digits(now.strftime('%H:%M'), 'fa')}"  # Jalali, Iran time
        return {"days": self.app.reminders.offset / dt.timedelta(days=1), "now": shown}

    async def clock(self, request: web.Request) -> web.Response:
        """The reminder clock a day on (to 09:00 Iran time if that falls in the quiet night), then
        a reminder round at that time: what came due is told."""
        if self.app is None or self.app.reminders is None:
            raise web.HTTPServiceUnavailable()
        rounds = self.app.reminders
        now = rounds.advance(dt.timedelta(days=1))
        while quiet(now):
            now = rounds.advance(dt.timedelta(minutes=30))
        told = await rounds.run_once()
        if self.app.sms is not None:
            await self.app.sms.run_once()
        with contextlib.suppress(TimeoutError):
            await self.app.notifier.drain(within=5)
        for queue in list(self.subscribers):
            queue.put_nowait("telegram")
            queue.put_nowait("bale")
        return web.json_response({"ok": True, "told": told, "clock": self._clock()})

    def _message(self, platform: str, m: ChatMessage) -> dict[str, Any]:
        def file_url(file_id: str | None) -> str | None:
            return f"/files/{platform}/{file_id}" if file_id else None

        document_name = m.document_name
        if m.document and not document_name:
            stored = self.emulator.files.get(m.document)
            document_name = stored.file_name if stored else "file"
        invoice = None
        if m.invoice:
            invoice = {k: m.invoice.get(k) for k in ("title", "description", "currency", "total_amount")}
        contact = m.raw.get("contact") if not m.from_bot else None
        return {
            "id": m.message_id,
            "chat": m.chat_id,
            "fromBot": m.from_bot,
            "text": m.shown,  # with its isolates: the browser lays it out as a messenger would
            "photo": file_url(m.photo),
            "document": file_url(m.document),
            "documentName": document_name,
            "invoice": invoice,
            "contact": contact.get("phone_number") if contact else None,
            "sticker": "sticker" in m.raw,
            "paid": "successful_payment" in m.raw,
            "buttons": m.reply_markup.get("inline_keyboard", []) if m.reply_markup else [],
            "album": m.media_group_id,
            "edited": m.edited,
            "date": m.date,
        }

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the name of the platform whose chats changed."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        queue: asyncio.Queue[str] = asyncio.Queue()
        self.subscribers.add(queue)
        try:
            await response.write(b"event: hello\ndata: {}\n\n")
            while True:
                try:
                    platform = await asyncio.wait_for(queue.get(), 15)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
                    continue
                if platform == "bye":
                    break
                await response.write(f"data: {json.dumps({'platform': platform})}\n\n".encode())
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.subscribers.discard(queue)
        return response

    async def _acting(self, request: web.Request) -> tuple[dict[str, Any], FakeUser]:
        body: dict[str, Any] = await request.json()
        return body, self.user(str(body.get("platform")), str(body.get("identity")))

    async def _settle(self, user: FakeUser, update_id: int) -> None:
        await user.settle(update_id, within=20)
        if self.app is not None:
            with contextlib.suppress(TimeoutError):
                await self.app.notifier.drain(within=5)

    async def send(self, request: web.Request) -> web.Response:
        body, user = await self._acting(request)
        text = str(body.get("text", "")).strip()
        if not text:
            raise web.HTTPBadRequest(text="empty message")
        await self._settle(user, user.push_text(text))
        return web.json_response({"ok": True})

    async def press(self, request: web.Request) -> web.Response:
        body, user = await self._acting(request)
        bot = user.bot
        message = _find(bot, body.get("chat"), body.get("message"))
        identity = str(body.get("identity", ""))
        if message.chat_id != user.chat_id and message.chat_id not in STAFF_OF.get(identity, (None, ()))[1]:
            raise web.HTTPForbidden()
        answered = len(bot.callback_answers)
        await self._settle(user, user.push_callback(message, str(body["data"])))
        answers = [a for a in bot.callback_answers[answered:] if a.get("text")]
        alert = answers[-1] if answers else {}
        return web.json_response({"ok": True, "alert": alert.get("text"), "modal": bool(alert.get("show_alert"))})

    async def contact(self, request: web.Request) -> web.Response:
        body, user = await self._acting(request)
        await self._settle(user, user.push_contact(IDENTITIES[str(body["identity"])].phone))
        return web.json_response({"ok": True})

    async def upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        user = self.user(str(form.get("platform")), str(form.get("identity")))
        field = form.get("file")
        if not isinstance(field, web.FileField):
            raise web.HTTPBadRequest(text="no file")
        data = field.file.read()
        mime = field.content_type or mimetypes.guess_type(field.filename)[0] or "application/octet-stream"
        as_photo = mime in ("image/jpeg", "image/png", "image/webp") and form.get("asFile") != "1"
        update_id = user.push_photo(data) if as_photo else user.push_document(data, field.filename or "file", mime)
        await self._settle(user, update_id)
        return web.json_response({"ok": True})

    async def pay(self, request: web.Request) -> web.Response:
        body, user = await self._acting(request)
        message = _find(user.bot, user.chat_id, body.get("message"))
        if message.invoice is None:
            raise web.HTTPBadRequest(text="not an invoice")
        paid, error = await user.pay(message)
        if self.app is not None:
            with contextlib.suppress(TimeoutError):
                await self.app.notifier.drain(within=5)
        return web.json_response({"ok": paid, "error": error})


def _find(bot: EmulatedBot, chat: object, message: object) -> ChatMessage:
    try:
        return bot.find_message(int(str(chat)), int(str(message)))
    except (ApiError, ValueError) as exc:
        raise web.HTTPNotFound(text="no such message") from exc


def _static(name: str) -> bytes:
    return (resources.files("bot.sandbox") / "static" / name).read_bytes()


def _reply_keyboard(chat: list[ChatMessage]) -> list[list[dict[str, Any]]]:
    """The reply keyboard in force: the newest bot message that set or removed one."""
    for m in reversed(chat):
        if not m.from_bot or not m.reply_markup:
            continue
        if "keyboard" in m.reply_markup:
            return [[b if isinstance(b, dict) else {"text": b} for b in row] for row in m.reply_markup["keyboard"]]
        if m.reply_markup.get("remove_keyboard"):
            return []
    return []


def start_line(url: str, host: str) -> str:
    """What ``nezam-bot sandbox`` says first. The sandbox is not behind the bot's HTTP guard
    (``bot.guard``: limits, timeouts, security headers) and lets whoever opens it act as the
    sample staff: it is meant for this computer only, and says so (issue 31)."""
    line = f"nezam-bot sandbox: open {url} in a browser (Ctrl+C stops it)"
    if _loopback(host):
        return line + "; it listens on loopback only (this computer) and is not hardened for a network"
    return (
        line + f"; WARNING: {host} is not loopback: anyone who can reach it acts as the sample staff, and the"
        " sandbox is not hardened for a network (no request limits, no security headers); use --host 127.0.0.1"
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


async def serve(host: str, port: int, data_dir: Path, env: Settings | None = None, *, slips: bool = False) -> None:
    """Run the sandbox until interrupted (Ctrl+C / SIGTERM); ``env``: the settings the entry point built."""
    sandbox = Sandbox(data_dir, env, slips=slips)
    url = await sandbox.start(host, port)
    print(f"nezam-bot sandbox: {sandbox.key_note}", flush=True)  # noqa: T201
    print(start_line(url, host), flush=True)  # noqa: T201
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await sandbox.stop()
