"""The Bot API emulator.

Profiles:
- ``telegram`` behaves like api.telegram.org for the methods the bot uses (including "message is
  not modified" on a no-op edit).
- ``bale`` behaves as Bale's published facts say (``bot/emulator/bale.py``), one switch per uncertain
  fact (``EmulatedBot.facts``): every text rendered as Bale's Markdown (``ChatMessage.text`` is what
  a Bale user sees, ``sent`` what the bot sent), seven chat actions, no setMyCommands,
  ``inquireTransaction``, group chats of type "group" (no "supergroup"), whole-rial IRR invoices,
  old clients' callback ids, ``attach://`` refused; edits allowed unless a switch refuses them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.emulator.bale import CHAT_ACTIONS, TRANSACTION_STATES, BaleFacts, render_markdown, visible
from bot.emulator.sms import SmsGateway
from bot.emulator.webhook import WebhookDelivery
from conversations.kit.direction import strip_isolates

JSONDict = dict[str, Any]
Listener = Callable[["EmulatedBot", "ChatMessage"], Awaitable[None] | None]
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # what the Bot API lets a bot download (getFile)

_BOOL_FIELDS = {"ok", "show_alert", "disable_notification", "protect_content"}
_JSON_FIELDS = {
    "reply_markup",
    "media",
    "entities",
    "caption_entities",
    "prices",
    "commands",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
}


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        self.status, self.description, self.parameters = status, description, parameters
        super().__init__(description)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None


@dataclass
class ChatMessage:
    """A message in a chat, from the bot or from a user, as the emulator keeps it."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None
    caption: str | None = None
    reply_markup: JSONDict | None = None
    photo: str | None = None  # file_id
    document: str | None = None  # file_id
    document_name: str | None = None
    media_group_id: str | None = None
    invoice: JSONDict | None = None
    parse_mode: str | None = None
    sent: str | None = None  # the text or caption as the bot sent it (Bale: before its Markdown)
    entities: list[JSONDict] = field(default_factory=list)  # what Bale's Markdown made of it
    edited: int = 0
    deleted: bool = False
    sender_id: int | None = None
    raw: JSONDict = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The text or caption as a person reads it: without the invisible isolates around its
        left-to-right words (``conversations.kit.direction``); ``text`` and ``caption`` hold them as
        sent, and ``shown`` is both as sent (what the sandbox page renders)."""
        return strip_isolates(self.shown)

    @property
    def shown(self) -> str:
        return self.text or self.caption or ""

    def inline_buttons(self) -> list[JSONDict]:
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [b for row in self.reply_markup["inline_keyboard"] for b in row]

    def reply_buttons(self) -> list[JSONDict]:
        if not self.reply_markup or "keyboard" not in self.reply_markup:
            return []
        return [b if isinstance(b, dict) else {"text": b} for row in self.reply_markup["keyboard"] for b in row]

    def to_api(self, bot: EmulatedBot) -> JSONDict:
        message: JSONDict = {"message_id": self.message_id, "date": self.date, "chat": bot.chat_json(self.chat_id)}
        if self.from_bot:
            message["from"] = bot.user_json
        if self.text is not None:
            message["text"] = self.text
        if self.caption is not None:
            message["caption"] = self.caption
        if self.entities:
            message["caption_entities" if self.caption is not None else "entities"] = self.entities
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = self.reply_markup
        if self.media_group_id:
            message["media_group_id"] = self.media_group_id
        message.update({k: v for k, v in self.raw.items() if k not in message})
        return message


def _private_chat(chat_id: int, first_name: str = "User") -> JSONDict:
    return {"id": chat_id, "type": "private", "first_name": first_name}


class EmulatedBot:
    """One bot token on the emulator: its updates queue, chats and files."""

    def __init__(
        self, emulator: BotApiEmulator, token: str, profile: str, username: str, facts: BaleFacts | None = None
    ) -> None:
        self.emulator = emulator
        self.token = token
        self.profile = profile
        # Bale's uncertain facts, one switch each (None on Telegram); a test may flip them at any time
        self.facts = (facts or BaleFacts()) if profile == "bale" else None
        self.id = int(token.split(":", 1)[0])
        self.username = username
        self.updates: list[JSONDict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self.messages: list[ChatMessage] = []
        self._by_chat: dict[int, list[ChatMessage]] = {}  # the same messages per chat (many users at once)
        self.chats: dict[int, JSONDict] = {}
        self.calls: list[tuple[str, JSONDict]] = []
        self.callback_answers: list[JSONDict] = []
        self.callback_queries: list[str] = []  # the ids of the presses users made
        self.pre_checkout_answers: list[JSONDict] = []
        self.payments: dict[str, JSONDict] = {}  # successful payments by telegram_payment_charge_id
        self.commands: list[JSONDict] = []
        self.chat_commands: dict[int, list[JSONDict]] = {}  # setMyCommands with a chat's scope
        self.failures: dict[str, list[ApiError]] = {}
        self.errors: list[tuple[str, int, str]] = []  # (method, status, description) of refused calls
        self.acknowledged = 0  # highest update id the bot has confirmed (getUpdates offset - 1)
        # Updates the bot reports as fully handled (an in-process harness reports them; a bot in
        # another process cannot, and waiting for its answer counts the messages it sends instead).
        self.handled: set[int] | None = None
        self.handled_times: Counter[int] = Counter()  # how often each was reported handled
        self.pushed: dict[int, JSONDict] = {}  # every update pushed, by id (to deliver one again)
        self.redelivered: list[JSONDict] = []  # delivered again, whatever the offset says
        self.delivered: Counter[int] = Counter()  # how often getUpdates returned each update
        # webhook mode (bot.emulator.webhook): set by setWebhook; getUpdates is refused meanwhile
        self.webhook: WebhookDelivery | None = None
        self.webhooks_set = 0  # setWebhook calls with a URL
        # the bot's own status in group chats (member, administrator, left, kicked); a group not
        # listed has the bot as an administrator (the staff chat of every test)
        self.memberships: dict[int, str] = {}

    @property
    def user_json(self) -> JSONDict:
        return {"id": self.id, "is_bot": True, "first_name": "Nezam Bot", "username": self.username}

    def chat_json(self, chat_id: int) -> JSONDict:
        """A chat as updates carry it: a known user's private chat, else (negative id) the staff
        group — a "supergroup" on Telegram, a "group" on Bale, which has no supergroups."""
        if chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id < 0:
            return {"id": chat_id, "type": "group" if self.facts else "supergroup", "title": "Staff"}
        return _private_chat(chat_id)

    def membership(self, chat_id: int) -> str:
        return self.memberships.get(chat_id, "administrator") if chat_id < 0 else "member"

    def member_json(self, status: str) -> JSONDict:
        """The bot as a chat member (getChatMember, my_chat_member), with every field aiogram needs."""
        member: JSONDict = {"status": status, "user": self.user_json}
        if status == "administrator":
            rights = (
                "can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members can_promote_members "
                "can_change_info can_invite_users can_post_stories can_edit_stories can_delete_stories "
                "can_send_welcome_messages can_post_messages can_edit_messages can_pin_messages"
            )
            member.update({"can_be_edited": False, "is_anonymous": False, **dict.fromkeys(rights.split(), True)})
        elif status == "kicked":
            member["until_date"] = 0
        return member

    def shown(self, text: str | None) -> tuple[str | None, list[JSONDict]]:
        """What the messenger shows of a text the bot sent (Bale: its Markdown rendered)."""
        if text is None or self.facts is None:
            return text, []
        return render_markdown(text) if self.facts.markdown_always else (visible(text), [])

    # ---- update injection ------------------------------------------------------------------

    def continue_after(self, update_id: int) -> None:
        """Number the next updates after ``update_id``, as a messenger keeps counting (the sandbox
        restarted on its database: the inbox remembers the ids it handled)."""
        self._update_ids = itertools.count(update_id + 1)

    def push_update(self, payload: JSONDict) -> int:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **payload}
        self.pushed[update_id] = update
        if self.webhook is not None:
            self.webhook.deliver(update)
            return update_id
        self.updates.append(update)
        self._new_update.set()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Deliver an update again, as a messenger does when it was not acknowledged in time (a
        webhook that timed out; polling after a crash), even if the bot has acknowledged it."""
        if self.webhook is not None:
            self.webhook.deliver(self.pushed[update_id])
            return
        self.redelivered.append(self.pushed[update_id])
        self._new_update.set()

    def webhook_answered(self, update_id: int) -> None:
        """The bot answered a webhook delivery 2xx: handled (so waiting for an answer is exact)."""
        self.handled = self.handled if self.handled is not None else set()
        self.handled.add(update_id)
        self.acknowledged = max(self.acknowledged, update_id)

    def new_message_id(self) -> int:
        return next(self._message_ids)

    def fail_next(self, method: str, status: int = 429, retry_after: int = 1, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` fail (429 with retry_after by default)."""
        params = {"retry_after": retry_after} if status == 429 else None
        description = f"Too Many Requests: retry after {retry_after}" if status == 429 else "Internal Server Error"
        self.failures.setdefault(method, []).extend(ApiError(status, description, params) for _ in range(times))

    # ---- queries -----------------------------------------------------------------------------

    def keep(self, message: ChatMessage) -> None:
        self.messages.append(message)
        self._by_chat.setdefault(message.chat_id, []).append(message)

    def chat(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self._by_chat.get(chat_id, ()) if not m.deleted]

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.chat(chat_id) if m.from_bot]

    def find_message(self, chat_id: int, message_id: int) -> ChatMessage:
        for m in self._by_chat.get(chat_id, ()):
            if m.message_id == message_id and not m.deleted:
                return m
        raise ApiError(400, "Bad Request: message to edit not found")

    def file(self, file_id: str) -> StoredFile:
        stored = self.emulator.files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file_id or the file is temporarily unavailable")
        return stored


class BotApiEmulator:
    """The fake Bot API server; ``await start()`` then point the bots at ``base_url``."""

    def __init__(self) -> None:
        self.bots: dict[str, EmulatedBot] = {}
        self.files: dict[str, StoredFile] = {}
        self.listeners: list[Listener] = []
        self.app = web.Application(client_max_size=60 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self.sms = SmsGateway()  # Kavenegar's and sms.ir's APIs (issue 24): SMS_API_BASE = base_url
        self.sms.routes(self.app)
        self._downloads_flow = asyncio.Event()  # cleared: every file download waits (a very slow network)
        self._downloads_flow.set()
        self.downloads: list[str] = []  # file paths whose download began
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._file_ids = itertools.count(1)
        self._closing = False
        self.webhook_retry_delay = 1.0  # seconds before a webhook delivery that failed is tried again

    def add_bot(
        self, token: str, profile: str = "telegram", username: str | None = None, facts: BaleFacts | None = None
    ) -> EmulatedBot:
        if profile not in ("telegram", "bale"):
            raise ValueError(profile)
        bot = EmulatedBot(self, token, profile, username or f"nezam_{profile}_bot", facts)
        self.bots[token] = bot
        return bot

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        actual = sockets[0].getsockname()[1] if sockets else port
        self.base_url = f"http://{host}:{actual}"
        return self.base_url

    def hold_downloads(self) -> None:
        """File downloads begin and then wait (a slow network) until ``release_downloads``."""
        self._downloads_flow.clear()

    def release_downloads(self) -> None:
        self._downloads_flow.set()

    async def stop(self) -> None:
        self._closing = True
        self._downloads_flow.set()
        for bot in self.bots.values():
            bot._new_update.set()
            if bot.webhook is not None:
                await bot.webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def handled(self, bot: Any, update_id: int) -> None:
        """An in-process bot reports an update completely handled (``build_app(on_handled=…)``):
        waiting for an answer is then exact."""
        emulated = self.bots.get(bot.token)
        if emulated is not None:
            if emulated.handled is None:
                emulated.handled = set()
            emulated.handled.add(update_id)
            emulated.handled_times[update_id] += 1

    def user(self, token: str, user_id: int, first_name: str = "کاربر", language_code: str = "fa") -> FakeUser:
        return FakeUser(self, self.bots[token], user_id, first_name, language_code)

    def store_file(
        self, data: bytes, *, kind: str, mime_type: str | None = None, file_name: str | None = None
    ) -> StoredFile:
        unique = hashlib.sha256(data).hexdigest()[:16]
        file_id = f"{kind}-{next(self._file_ids)}-{unique}"
        extension = {"photos": "jpg", "documents": (file_name or "file").rsplit(".", 1)[-1]}.get(kind, "bin")
        stored = StoredFile(file_id, unique, data, f"{kind}/{file_id}.{extension}", mime_type, file_name)
        self.files[file_id] = stored
        return stored

    # ---- HTTP --------------------------------------------------------------------------------

    async def _download(self, request: web.Request) -> web.StreamResponse:
        bot = self.bots.get(request.match_info["token"])
        path = request.match_info["path"]
        if bot is None:
            raise web.HTTPNotFound()
        self.downloads.append(path)
        await self._downloads_flow.wait()
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")
        raise web.HTTPNotFound()

    async def _params(self, request: web.Request) -> tuple[JSONDict, dict[str, bytes], dict[str, str]]:
        params: JSONDict = {}
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.method == "POST":
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                    names[key] = value.filename
                else:
                    params[key] = value
        params.update({k: v for k, v in request.query.items() if k not in params})
        for key, value in list(params.items()):
            if key in _BOOL_FIELDS and value in ("true", "false"):
                params[key] = value == "true"
            elif key in _JSON_FIELDS and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
        return params, files, names

    async def _handle(self, request: web.Request) -> web.Response:
        bot = self.bots.get(request.match_info["token"])
        if bot is None:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params, files, names = await self._params(request)
        if method.lower() != "getupdates":
            bot.calls.append((method, dict(params)))
        try:
            pending = bot.failures.get(method)
            if pending:
                raise pending.pop(0)
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            self._check_profile(bot, method, params)
            self._check_membership(bot, method, params)
            result = await handler(bot, params, files, names)
        except ApiError as exc:
            bot.errors.append((method, exc.status, exc.description))
            body: JSONDict = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        return web.json_response({"ok": True, "result": result})

    def _check_profile(self, bot: EmulatedBot, method: str, params: JSONDict) -> None:
        facts = bot.facts
        if facts is None:
            if method == "inquireTransaction":  # Bale's own method
                raise ApiError(404, "Not Found: method not found")
            return
        if facts.attach_refused:
            for value in params.values():
                if isinstance(value, str) and value.startswith("attach://"):
                    raise ApiError(400, "Bad Request: attach:// references are not supported")
        if method == "sendChatAction" and facts.chat_actions_limited and params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: invalid action")
        if method == "setMyCommands" and facts.set_my_commands_missing:
            raise ApiError(404, "Not Found: method not found")
        if method == "inquireTransaction" and facts.inquire_transaction_status is None:
            raise ApiError(404, "Not Found: method not found")
        if method in ("editMessageText", "editMessageReplyMarkup", "editMessageCaption"):
            message = bot.find_message(int(params["chat_id"]), int(params["message_id"]))
            if facts.edits_refused or (facts.inline_edits_refused and message.inline_buttons()):
                raise ApiError(400, "Bad Request: message can not be edited")
        if method == "sendInvoice":
            self._check_bale_invoice(params)

    @staticmethod
    def _check_membership(bot: EmulatedBot, method: str, params: JSONDict) -> None:
        """A group the bot is not in (never added, removed): Telegram's answers."""
        chat = params.get("chat_id")
        if chat is None or not str(chat).lstrip("-").isdigit() or int(chat) >= 0:
            return
        if bot.membership(int(chat)) in ("left", "kicked"):
            if method in ("getChat", "getChatMember"):
                raise ApiError(400, "Bad Request: chat not found")
            raise ApiError(403, "Forbidden: bot is not a member of the group chat")

    @staticmethod
    def _check_bale_invoice(params: JSONDict) -> None:
        """bale.md: title 1–32, description 1–255, payload 1–128 bytes; whole rials (IRR)."""
        if params.get("currency") != "IRR":
            raise ApiError(400, "Bad Request: currency must be IRR")
        if not 1 <= len(str(params.get("title") or "")) <= 32:
            raise ApiError(400, "Bad Request: title must be 1-32 characters")
        if not 1 <= len(str(params.get("description") or "")) <= 255:
            raise ApiError(400, "Bad Request: description must be 1-255 characters")
        if not 1 <= len(str(params.get("payload") or "").encode()) <= 128:
            raise ApiError(400, "Bad Request: payload must be 1-128 bytes")

    async def _notify(self, bot: EmulatedBot, message: ChatMessage) -> None:
        for listener in list(self.listeners):
            result = listener(bot, message)
            if asyncio.iscoroutine(result):
                await result

    async def _record(self, bot: EmulatedBot, message: ChatMessage) -> JSONDict:
        bot.keep(message)
        await self._notify(bot, message)
        return message.to_api(bot)

    # ---- methods -----------------------------------------------------------------------------

    async def _m_getme(self, bot: EmulatedBot, *_: Any) -> JSONDict:
        return {
            **bot.user_json,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getchat(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        gifts = dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"), False
        )
        return {
            **bot.chat_json(int(params["chat_id"])),
            "accent_color_id": 0,
            "max_reaction_count": 0,
            "accepted_gift_types": gifts,
        }

    async def _m_getchatmember(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        if int(params["user_id"]) != bot.id:
            raise ApiError(400, "Bad Request: user not found")
        return bot.member_json(bot.membership(int(params["chat_id"])))

    async def _m_getupdates(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> list[JSONDict]:
        if bot.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook")
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if offset:
            bot.acknowledged = max(bot.acknowledged, offset - 1)
            bot.updates = [u for u in bot.updates if u["update_id"] >= offset]
        if bot.redelivered:
            again, bot.redelivered = bot.redelivered[:limit], bot.redelivered[limit:]
            bot.delivered.update(u["update_id"] for u in again)
            return again
        deadline = time.monotonic() + timeout
        while not bot.updates:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            bot._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bot._new_update.wait(), remaining)
            if self._closing:
                return []
            if bot.redelivered:
                return []  # the next call takes them
        batch = bot.updates[:limit]
        bot.delivered.update(u["update_id"] for u in batch)
        return batch

    async def _m_setwebhook(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> bool:
        url = str(params.get("url") or "")
        if bot.webhook is not None:
            await bot.webhook.close()
            bot.webhook = None
        if not url:
            return True
        bot.webhooks_set += 1
        if bot.handled is None:  # a 2xx answer says the update is handled (``webhook_answered``)
            bot.handled = set()
        bot.webhook = WebhookDelivery(
            bot,
            url,
            params.get("secret_token"),
            max_connections=int(params.get("max_connections") or 40),
            retry_delay=self.webhook_retry_delay,
        )
        waiting, bot.updates, bot.redelivered = [*bot.redelivered, *bot.updates], [], []
        if not params.get("drop_pending_updates"):
            for update in waiting:
                bot.webhook.deliver(update)
        return True

    async def _m_getwebhookinfo(self, bot: EmulatedBot, *_: Any) -> JSONDict:
        if bot.webhook is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(bot.updates)}
        return {
            "url": bot.webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": bot.webhook.pending,
            "max_connections": bot.webhook.max_connections,
        }

    async def _m_deletewebhook(self, bot: EmulatedBot, *_: Any) -> bool:
        if bot.webhook is not None and not (bot.facts and bot.facts.delete_webhook_ignored):
            await bot.webhook.close()
            bot.webhook = None
        return True

    async def _m_setmycommands(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> bool:
        scope = params.get("scope")
        if isinstance(scope, str):  # a form-encoded call sends the scope as JSON text
            scope = json.loads(scope)
        commands = params.get("commands") or []
        if isinstance(commands, str):
            commands = json.loads(commands)
        if isinstance(scope, dict) and scope.get("type") == "chat":  # one chat's own list
            bot.chat_commands[int(scope["chat_id"])] = list(commands)
        else:
            bot.commands = list(commands)
        return True

    async def _m_sendchataction(self, *_: Any) -> bool:
        return True

    async def _m_answercallbackquery(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> bool:
        bot.callback_answers.append(params)
        return True

    async def _m_inquiretransaction(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        """Bale's wallet: the state of a payment, by ``successful_payment.telegram_payment_charge_id``."""
        assert bot.facts is not None  # refused on Telegram by _check_profile
        transaction_id = str(params.get("transaction_id") or "")
        payment = bot.payments.get(transaction_id)
        if payment is None:
            raise ApiError(400, "Bad Request: transaction not found")
        status = bot.facts.transaction_status(transaction_id)
        assert status in TRANSACTION_STATES, status
        return {
            "id": transaction_id,
            "status": status,
            "userID": payment["user_id"],
            "amount": payment["total_amount"],
            "createdAt": payment["date"],
        }

    async def _m_answerprecheckoutquery(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> bool:
        bot.pre_checkout_answers.append(params)
        return True

    def _new(self, bot: EmulatedBot, params: JSONDict, **values: Any) -> ChatMessage:
        message = ChatMessage(
            message_id=bot.new_message_id(),
            chat_id=int(params["chat_id"]),
            from_bot=True,
            date=int(time.time()),
            reply_markup=params.get("reply_markup"),
            parse_mode=params.get("parse_mode"),
            **values,
        )
        for name in ("text", "caption"):
            sent = getattr(message, name)
            if sent is not None:
                message.sent = sent
                shown, message.entities = bot.shown(sent)
                setattr(message, name, shown)
        return message

    async def _m_sendmessage(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        text = params.get("text")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return await self._record(bot, self._new(bot, params, text=text))

    def _upload(
        self, params: JSONDict, files: dict[str, bytes], names: dict[str, str], key: str, kind: str, mime: str | None
    ) -> StoredFile:
        value = params.get(key)
        if key in files:  # a plain multipart part named like the parameter
            return self.store_file(files[key], kind=kind, mime_type=mime, file_name=names.get(key))
        if isinstance(value, str) and value.startswith("attach://"):
            part = value.removeprefix("attach://")
            if part not in files:
                raise ApiError(400, f"Bad Request: file {part} not found in the request")
            return self.store_file(files[part], kind=kind, mime_type=mime, file_name=names.get(part))
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        raise ApiError(400, f"Bad Request: wrong remote file identifier for {key}")

    async def _m_sendphoto(
        self, bot: EmulatedBot, params: JSONDict, files: dict[str, bytes], names: dict[str, str]
    ) -> JSONDict:
        stored = self._upload(params, files, names, "photo", "photos", "image/jpeg")
        message = self._new(bot, params, caption=params.get("caption"), photo=stored.file_id)
        message.raw["photo"] = [_photo_size(stored)]
        return await self._record(bot, message)

    async def _m_senddocument(
        self, bot: EmulatedBot, params: JSONDict, files: dict[str, bytes], names: dict[str, str]
    ) -> JSONDict:
        stored = self._upload(params, files, names, "document", "documents", None)
        if stored.mime_type is None and stored.data.startswith(b"%PDF-"):
            stored.mime_type = "application/pdf"
        message = self._new(
            bot, params, caption=params.get("caption"), document=stored.file_id, document_name=stored.file_name
        )
        message.raw["document"] = _document(stored)
        return await self._record(bot, message)

    async def _m_sendmediagroup(
        self, bot: EmulatedBot, params: JSONDict, files: dict[str, bytes], names: dict[str, str]
    ) -> list[JSONDict]:
        media = params.get("media") or []
        if not 1 <= len(media) <= 10:
            raise ApiError(400, "Bad Request: wrong number of media")
        group = f"g{bot.new_message_id()}"
        out = []
        for item in media:
            ref = item["media"]
            if ref.startswith("attach://") and bot.profile == "bale":
                raise ApiError(400, "Bad Request: attach:// references are not supported")
            stored = self._upload({"media": ref}, files, names, "media", "photos", "image/jpeg")
            message = self._new(bot, params, caption=item.get("caption"), media_group_id=group)
            if item.get("type") == "document":
                message.document = stored.file_id
                message.raw["document"] = _document(stored)
            else:
                message.photo = stored.file_id
                message.raw["photo"] = [_photo_size(stored)]
            out.append(await self._record(bot, message))
        return out

    async def _m_sendinvoice(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        prices = params.get("prices") or []
        total = sum(int(p["amount"]) for p in prices)
        invoice = {
            "title": params.get("title"),
            "description": params.get("description"),
            "start_parameter": params.get("start_parameter") or "",
            "currency": params.get("currency"),
            "total_amount": total,
            "payload": params.get("payload"),
        }
        message = self._new(bot, params, text=None, invoice=invoice)
        message.raw["invoice"] = {k: v for k, v in invoice.items() if k != "payload"}
        return await self._record(bot, message)

    async def _edit(self, bot: EmulatedBot, params: JSONDict, *, text: bool) -> JSONDict:
        message = bot.find_message(int(params["chat_id"]), int(params["message_id"]))
        new_markup = params.get("reply_markup")
        if text:
            new_text = params.get("text")
            if new_text == message.sent and new_markup == message.reply_markup:
                raise ApiError(400, "Bad Request: message is not modified")
            message.sent = new_text
            message.text, message.entities = bot.shown(new_text)
        elif new_markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = new_markup
        message.edited += 1
        await self._notify(bot, message)
        return message.to_api(bot)

    async def _m_editmessagetext(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        return await self._edit(bot, params, text=True)

    async def _m_editmessagereplymarkup(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        return await self._edit(bot, params, text=False)

    async def _m_deletemessage(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> bool:
        message = bot.find_message(int(params["chat_id"]), int(params["message_id"]))
        message.deleted = True
        await self._notify(bot, message)
        return True

    async def _m_getfile(self, bot: EmulatedBot, params: JSONDict, *_: Any) -> JSONDict:
        stored = bot.file(str(params["file_id"]))
        if len(stored.data) > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


def _photo_size(stored: StoredFile) -> JSONDict:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": 1280,
        "height": 960,
        "file_size": len(stored.data),
    }


def _document(stored: StoredFile) -> JSONDict:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.file_name or "file",
        "mime_type": stored.mime_type or "application/octet-stream",
        "file_size": len(stored.data),
    }


class FakeUser:
    """A person talking to a bot on the emulator, driven like a user: send, read, press."""

    def __init__(
        self, emulator: BotApiEmulator, bot: EmulatedBot, user_id: int, first_name: str, language_code: str
    ) -> None:
        self.emulator = emulator
        self.bot = bot
        self.id = user_id
        self.chat_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        bot.chats[self.chat_id] = _private_chat(self.chat_id, first_name)
        self._callback_ids = itertools.count(1)

    @property
    def json(self) -> JSONDict:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": self.language_code}

    def _message(self, chat_id: int | None = None, **content: Any) -> JSONDict:
        chat = chat_id if chat_id is not None else self.chat_id
        message = ChatMessage(self.bot.new_message_id(), chat, False, int(time.time()), sender_id=self.id)
        message.text = content.get("text")
        message.caption = content.get("caption")
        if content.get("photo"):
            message.photo = content["photo"][-1]["file_id"]
        if content.get("document"):
            message.document = content["document"]["file_id"]
            message.document_name = content["document"].get("file_name")
        message.raw = {k: v for k, v in content.items() if k in ("contact", "sticker", "voice", "successful_payment")}
        self.bot.keep(message)
        payload: JSONDict = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self.bot.chat_json(chat),
            "from": self.json,
            **content,
        }
        return payload

    # ---- actions (each pushes one update) --------------------------------------------------

    def push_text(self, text: str, chat_id: int | None = None) -> int:
        return self.bot.push_update({"message": self._message(chat_id, text=text)})

    def push_contact(self, phone: str, *, user_id: int | None = None, first_name: str | None = None) -> int:
        contact = {"phone_number": phone, "first_name": first_name or self.first_name, "user_id": user_id or self.id}
        return self.bot.push_update({"message": self._message(contact=contact)})

    def push_photo(self, data: bytes, *, caption: str | None = None, media_group_id: str | None = None) -> int:
        stored = self.emulator.store_file(data, kind="photos", mime_type="image/jpeg")
        content: JSONDict = {"photo": [_photo_size(stored)]}
        if caption:
            content["caption"] = caption
        if media_group_id:
            content["media_group_id"] = media_group_id
        return self.bot.push_update({"message": self._message(**content)})

    def push_document(self, data: bytes, file_name: str, mime_type: str, *, file_size: int | None = None) -> int:
        """``file_size``: what the message announces, if not the real size (a big file, a liar)."""
        stored = self.emulator.store_file(data, kind="documents", mime_type=mime_type, file_name=file_name)
        document = _document(stored)
        if file_size is not None:
            document["file_size"] = file_size
        return self.bot.push_update({"message": self._message(document=document)})

    def push_sticker(self) -> int:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "st1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.bot.push_update({"message": self._message(sticker=sticker)})

    def push_voice(self) -> int:
        return self.bot.push_update(
            {"message": self._message(voice={"file_id": "voice-1", "file_unique_id": "v1", "duration": 2})}
        )

    def push_callback(self, message: ChatMessage, data: str) -> int:
        query_id = self.callback_id()
        self.bot.callback_queries.append(query_id)
        query = {
            "id": query_id,
            "from": self.json,
            "message": message.to_api(self.bot),
            "chat_instance": str(message.chat_id),
            "data": data,
        }
        return self.bot.push_update({"callback_query": query})

    def push_bot_added(self, chat_id: int, title: str = "Staff", status: str = "member") -> int:
        """This person adds the bot to a group (as a member or an administrator): my_chat_member."""
        old = self.bot.membership(chat_id) if chat_id in self.bot.memberships else "left"
        self.bot.memberships[chat_id] = status
        self.bot.chats[chat_id] = {"id": chat_id, "type": "group" if self.bot.facts else "supergroup", "title": title}
        return self.bot.push_update(
            {
                "my_chat_member": {
                    "chat": self.bot.chats[chat_id],
                    "from": self.json,
                    "date": int(time.time()),
                    "old_chat_member": self.bot.member_json(old),
                    "new_chat_member": self.bot.member_json(status),
                }
            }
        )

    def callback_id(self) -> str:
        """Telegram's are long numbers; on Bale an id starting with "1" comes from an old client."""
        serial = f"{self.id}{next(self._callback_ids):06d}"
        if self.bot.facts is None:
            return f"cb{serial}"
        return ("1" if self.bot.facts.old_client_callbacks else "2") + serial

    def push_pre_checkout(self, invoice: ChatMessage, *, total_amount: int | None = None) -> int:
        assert invoice.invoice is not None
        query = {
            "id": f"pc{self.bot.new_message_id()}",
            "from": self.json,
            "currency": invoice.invoice["currency"],
            "total_amount": invoice.invoice["total_amount"] if total_amount is None else total_amount,
            "invoice_payload": invoice.invoice["payload"],
        }
        return self.bot.push_update({"pre_checkout_query": query})

    def push_successful_payment(self, invoice: ChatMessage) -> int:
        assert invoice.invoice is not None
        payment = {
            "currency": invoice.invoice["currency"],
            "total_amount": invoice.invoice["total_amount"],
            "invoice_payload": invoice.invoice["payload"],
            "telegram_payment_charge_id": f"tg-{invoice.message_id}",
            "provider_payment_charge_id": f"pr-{invoice.message_id}",
        }
        self.bot.payments[payment["telegram_payment_charge_id"]] = {
            **payment,
            "user_id": self.id,
            "date": int(time.time()),
        }
        return self.bot.push_update({"message": self._message(successful_payment=payment)})

    # ---- reading -----------------------------------------------------------------------------

    def messages(self) -> list[ChatMessage]:
        """What the bot sent to this user, oldest first."""
        return self.bot.bot_messages(self.chat_id)

    def last(self) -> ChatMessage:
        sent = self.messages()
        if not sent:
            raise AssertionError("the bot has sent nothing to this user")
        return sent[-1]

    def find_button(self, text: str) -> tuple[ChatMessage, JSONDict]:
        """The newest bot message with an inline button whose label contains ``text`` (as a
        person reads it: a left-to-right mark copied from a Persian text is not seen)."""
        wanted = text.replace("\u200e", "")
        for message in reversed(self.messages()):
            for button in message.inline_buttons():
                if wanted in button.get("text", "").replace("\u200e", ""):
                    return message, button
        raise AssertionError(f"no inline button {text!r} in the chat; last message: {self.last().body[:200]!r}")

    async def settle(
        self, since: int, before: dict[int, int] | None = None, within: float = 10.0, *, replies: int | None = None
    ) -> list[ChatMessage]:
        """Wait until the bot has answered update ``since``; returns the bot's messages to this
        user that are new or edited since ``before``.

        An in-process bot reports the update handled (exact). A bot in another process cannot: then
        the caller says how many new messages its answer has (``replies``), and the wait ends when
        the bot has acknowledged the update (a ``getUpdates`` offset past it) and that many have
        come — never on a quiet moment, which a loaded machine makes up."""
        before = before if before is not None else {m.message_id: m.edited for m in self.messages()}
        if self.bot.handled is None and not replies:
            raise ValueError("a bot in another process: say how many messages its answer has (replies=…)")
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            changed = [m for m in self.messages() if before.get(m.message_id, -1) != m.edited]
            fresh = sum(m.message_id not in before for m in changed)
            if self.bot.handled is not None:
                if since in self.bot.handled:
                    return changed
            elif self.bot.acknowledged >= since and fresh >= (replies or 0):
                return changed
            await asyncio.sleep(0.005)
        raise AssertionError(f"the bot did not answer update {since} in {within}s")

    async def wait_for(self, text: str, within: float = 15.0) -> ChatMessage:
        """The newest bot message to this user containing ``text``, waiting for it to arrive
        (e.g. after an album, or a file rendered off the event loop)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for message in reversed(self.messages()):
                if text in message.body:
                    return message
            await asyncio.sleep(0.02)
        raise AssertionError(f"the bot did not send {text!r} within {within}s; last: {self.last().body[:200]!r}")

    async def pay(self, invoice: ChatMessage, *, total_amount: int | None = None) -> tuple[bool, str]:
        """Pay an invoice as a messenger does: ask the bot first (pre_checkout_query) and send
        ``successful_payment`` only if it said yes. Returns (paid, the bot's error message)."""
        answered = len(self.bot.pre_checkout_answers)
        await self.settle(self.push_pre_checkout(invoice, total_amount=total_amount))
        answers = self.bot.pre_checkout_answers[answered:]
        if not answers or not answers[-1].get("ok"):
            return False, str(answers[-1].get("error_message", "")) if answers else "no answer"
        await self.settle(self.push_successful_payment(invoice))
        return True, ""

    # ``replies``: how many new messages the answer has, for a bot in another process (``settle``)

    async def _act(self, push: Callable[[], int], replies: int | None = None) -> list[ChatMessage]:
        before = {m.message_id: m.edited for m in self.messages()}
        return await self.settle(push(), before, replies=replies)

    async def send(self, text: str, *, replies: int | None = None) -> list[ChatMessage]:
        return await self._act(lambda: self.push_text(text), replies)

    async def share_contact(
        self, phone: str, *, user_id: int | None = None, replies: int | None = None
    ) -> list[ChatMessage]:
        return await self._act(lambda: self.push_contact(phone, user_id=user_id), replies)

    async def send_photo(self, data: bytes, *, media_group_id: str | None = None) -> list[ChatMessage]:
        return await self._act(lambda: self.push_photo(data, media_group_id=media_group_id))

    async def send_document(self, data: bytes, file_name: str, mime_type: str) -> list[ChatMessage]:
        return await self._act(lambda: self.push_document(data, file_name, mime_type))

    async def send_sticker(self) -> list[ChatMessage]:
        return await self._act(self.push_sticker)

    async def send_voice(self) -> list[ChatMessage]:
        return await self._act(self.push_voice)

    async def redeliver(self, update_id: int, within: float = 10.0) -> list[ChatMessage]:
        """The messenger delivers update ``update_id`` again; returns the bot's new or edited
        messages to this user once the bot has handled the redelivery (needs an in-process bot)."""
        before = {m.message_id: m.edited for m in self.messages()}
        times = self.bot.handled_times[update_id]
        self.bot.redeliver(update_id)
        deadline = time.monotonic() + within
        while self.bot.handled_times[update_id] == times:
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not handle update {update_id} again in {within}s")
            await asyncio.sleep(0.005)
        return [m for m in self.messages() if before.get(m.message_id, -1) != m.edited]

    async def press(self, text: str, *, replies: int | None = None) -> list[ChatMessage]:
        """Press the inline button labelled ``text`` on the newest bot message that has it."""
        message, button = self.find_button(text)
        return await self._act(lambda: self.push_callback(message, button["callback_data"]), replies)
