"""The SMS channel's sending side (issue 24): the SMS outbox (``storage.sms``) sent through an
Iranian provider over the bot's own async HTTP (aiohttp; the official Kavenegar SDK is synchronous
and unmaintained), after the transaction that recorded each SMS has committed.

Providers (``SMS_PROVIDER``; a third is one more class with ``send``):

- **Kavenegar** — REST, the API key in the path: ``POST {base}/v1/{API_KEY}/sms/send.json``
  (``receptor``, ``sender``, ``message``: a text from a line number) and
  ``POST {base}/v1/{API_KEY}/verify/lookup.json`` (``receptor``, ``template``, ``token``: a
  template defined in the panel, ``%token`` in it). The answer is
  ``{"return": {"status": 200, "message": …}, "entries": [{"messageid", "status", "statustext",
  "cost", …}]}``; on an error the HTTP status is the ``return.status``: 403 the key is not valid,
  401 the account is disabled, 418 not enough credit, 411 the receptor is not valid, 412 the
  sender, 424 no such template, 5xx the service (418, 403 and 411 are confirmed by the sources
  below; the others are as Kavenegar's REST document lists them, not re-read here: an unknown code
  is a refusal, kept with its message); ``account/info.json`` answers the remaining credit
  (``nezam-bot doctor``). Sources: Kavenegar's REST document
  https://kavenegar.com/rest.html (linked from its SDKs: https://github.com/kavenegar/kavenegar-python,
  https://github.com/kavenegar/kavenegar-node — the send and lookup examples and the answer's
  shape) and the error mapping others test against (418 credit, 403 key, 411 receptor).
- **sms.ir** — REST v1, the key in the ``x-api-key`` header, JSON bodies:
  ``POST {base}/v1/send/verify`` (``mobile``, ``templateId``, ``parameters: [{name, value}]``: a
  template of the panel, ``#CODE#`` in it) and ``POST {base}/v1/send/bulk`` (``lineNumber``,
  ``messageText``, ``mobiles``). The answer is ``{"status": 1, "message": …, "data":
  {"messageId" | "messageIds", "cost"}}``; ``status`` other than 1 is a refusal (HTTP 401 with a key
  that is not valid); a refusal for credit is recognised by its ``message`` (credit / اعتبار) —
  the numeric codes of its error table were not in the pages found, so none is relied on; 5xx
  the service. ``GET {base}/v1/credit`` answers the remaining credit (``nezam-bot doctor``). Sources:
  https://apidocs.sms.ir/ (via https://github.com/rahimaee/smsir), and clients calling
  https://api.sms.ir/v1/send/verify with ``x-api-key`` and ``{mobile, templateId, parameters}``.

No rate limit for single sends was found in the pages consulted; a 429 (and Kavenegar's 451, "too
many requests") is taken as "try later", like a 5xx. Each row is claimed with a lease (one replica sends it),
sent once; a timeout or a 5xx gives it back with a backoff (5 s doubling, at most an hour); a
refusal ends it, its reason kept. "No credit" or a key refused tells the admins in their chat,
at most once an hour (across replicas through Redis), never once per SMS. A provider that is
down delays nothing but SMS: the chat's outbox and the workflow never wait for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.coordination import Coordination
from bot.periodic import Periodic
from storage import sms
from storage.sms import SmsRow

log = logging.getLogger(__name__)

ALERT_EVERY = 3600.0  # seconds: "no credit" or a refused key tells the admins at most this often


@dataclass(frozen=True)
class Outcome:
    """What a provider answered: sent (its message id and delivery status), refused (its reason;
    ``alert``: ``credit`` or ``key`` — the admins must act), or ``retry`` (a timeout, a 5xx)."""

    sent: bool = False
    message_id: str | None = None
    delivery: str | None = None
    refused: str | None = None
    alert: str | None = None
    retry: str | None = None


@dataclass(frozen=True)
class Account:
    """What a provider says of the account (``nezam-bot doctor``): its credit, or why it refused."""

    ok: bool
    credit: float | None = None
    reason: str = ""


class Provider(Protocol):
    name: str

    async def send(self, http: aiohttp.ClientSession, message: SmsRow) -> Outcome: ...

    async def account(self, http: aiohttp.ClientSession) -> Account: ...


async def _answer(response: aiohttp.ClientResponse) -> dict[str, Any]:
    try:
        body = await response.json(content_type=None)
    except (json.JSONDecodeError, aiohttp.ContentTypeError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


class Kavenegar:
    """https://kavenegar.com/rest.html: ``sms/send.json`` for a text, ``verify/lookup.json`` for a
    template."""

    name = "kavenegar"
    KEY = frozenset({401, 403})  # the account disabled, the key not valid
    CREDIT = frozenset({418})
    RETRY = frozenset({429, 451})  # too many requests

    def __init__(self, base: str, api_key: str, sender: str | None, templates: Mapping[str, str]) -> None:
        self.base, self.api_key, self.sender, self.templates = base.rstrip("/"), api_key, sender, dict(templates)

    async def send(self, http: aiohttp.ClientSession, message: SmsRow) -> Outcome:
        template = self.templates.get(message.kind)
        if template is not None:
            url = f"{self.base}/v1/{self.api_key}/verify/lookup.json"
            form = {"receptor": message.recipient, "template": template, "token": message.params.get("code", "")}
        else:
            url = f"{self.base}/v1/{self.api_key}/sms/send.json"
            form = {"receptor": message.recipient, "sender": self.sender or "", "message": message.text}
        async with http.post(url, data=form) as response:
            body = await _answer(response)
            status = response.status
        returned: dict[str, Any] = body["return"] if isinstance(body.get("return"), dict) else {}
        code = int(returned.get("status") or status)
        reason = f"{code} {str(returned.get('message') or '').strip()}".strip()
        if status >= 500 or code >= 500 or code in self.RETRY:
            return Outcome(retry=reason or f"HTTP {status}")
        if code != 200:
            alert = "key" if code in self.KEY else "credit" if code in self.CREDIT else None
            return Outcome(refused=reason, alert=alert)
        entries = body.get("entries") or [{}]
        entry = entries[0] if isinstance(entries, list) and entries and isinstance(entries[0], dict) else {}
        return Outcome(
            sent=True,
            message_id=str(entry["messageid"]) if entry.get("messageid") is not None else None,
            delivery=str(entry.get("statustext") or entry.get("status") or "") or None,
        )

    async def account(self, http: aiohttp.ClientSession) -> Account:
        """``account/info.json``: the remaining credit (rials), or the key's refusal."""
        async with http.post(f"{self.base}/v1/{self.api_key}/account/info.json") as response:
            body = await _answer(response)
            status = response.status
        returned: dict[str, Any] = body["return"] if isinstance(body.get("return"), dict) else {}
        code = int(returned.get("status") or status)
        if code != 200:
            return Account(False, reason=f"{code} {str(returned.get('message') or '').strip()}".strip())
        entries = body.get("entries") if isinstance(body.get("entries"), dict) else {}
        credit = entries.get("remaincredit") if isinstance(entries, dict) else None
        return Account(True, float(credit) if isinstance(credit, int | float) else None)


class SmsIr:
    """https://apidocs.sms.ir/: ``/v1/send/verify`` for a template, ``/v1/send/bulk`` for a text."""

    name = "smsir"
    PARAMETER = "CODE"  # the template's #CODE#: the tracking code

    def __init__(self, base: str, api_key: str, sender: str | None, templates: Mapping[str, str]) -> None:
        self.base, self.api_key, self.sender, self.templates = base.rstrip("/"), api_key, sender, dict(templates)

    async def send(self, http: aiohttp.ClientSession, message: SmsRow) -> Outcome:
        template = self.templates.get(message.kind)
        payload: dict[str, Any]
        if template is not None:
            url = f"{self.base}/v1/send/verify"
            template_id: int | str = int(template) if template.isdigit() else template
            payload = {
                "mobile": message.recipient,
                "templateId": template_id,
                "parameters": [{"name": self.PARAMETER, "value": message.params.get("code", "")}],
            }
        else:
            url = f"{self.base}/v1/send/bulk"
            line: int | str = int(self.sender) if self.sender and self.sender.isdigit() else self.sender or ""
            payload = {"lineNumber": line, "messageText": message.text, "mobiles": [message.recipient]}
        headers = {"x-api-key": self.api_key, "Accept": "application/json"}
        async with http.post(url, json=payload, headers=headers) as response:
            body = await _answer(response)
            status = response.status
        code = body.get("status")
        reason = f"{code if code is not None else status} {str(body.get('message') or '').strip()}".strip()
        if status >= 500 or status == 429:
            return Outcome(retry=reason or f"HTTP {status}")
        if status == 200 and code == 1:
            data: dict[str, Any] = body["data"] if isinstance(body.get("data"), dict) else {}
            ids = data.get("messageIds")
            found = data.get("messageId", ids[0] if isinstance(ids, list) and ids else None)
            return Outcome(sent=True, message_id=str(found) if found is not None else None, delivery="accepted")
        text = str(body.get("message") or "").lower()
        alert = "key" if status in (401, 403) else "credit" if "credit" in text or "اعتبار" in text else None
        return Outcome(refused=reason, alert=alert)

    async def account(self, http: aiohttp.ClientSession) -> Account:
        """``GET /v1/credit``: the remaining credit, or the key's refusal."""
        async with http.get(f"{self.base}/v1/credit", headers={"x-api-key": self.api_key}) as response:
            body = await _answer(response)
            status = response.status
        if status == 200 and body.get("status") == 1:
            credit = body.get("data")
            return Account(True, float(credit) if isinstance(credit, int | float) else None)
        return Account(False, reason=f"{body.get('status', status)} {str(body.get('message') or '').strip()}".strip())


PROVIDERS: dict[str, Callable[[str, str, str | None, Mapping[str, str]], Provider]] = {
    "kavenegar": Kavenegar,
    "smsir": SmsIr,
}

Alert = Callable[[str, str, str], Awaitable[None]]  # (what: credit | key, provider, reason)
Count = Callable[[str, str, str], None]  # (provider, kind, outcome): the metrics' counter


class SmsSender(Periodic):
    """Sends what is due, every ``interval`` seconds and whenever woken (an update or a round
    committed messages: ``wake``)."""

    name = "sms-sender"

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        provider: Provider,
        *,
        alert: Alert | None = None,
        count: Count | None = None,
        timeout: float = 10.0,
        interval: float = 5.0,
    ) -> None:
        super().__init__(interval)
        self.sessions = sessions
        self.provider = provider
        self.alert = alert
        self.count = count
        self.timeout = timeout
        self._wake = asyncio.Event()
        self._http: aiohttp.ClientSession | None = None
        self._running = asyncio.Lock()

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as exc:  # the next round tries again
                log.warning("sms round failed: %s", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()

    async def stop(self) -> None:
        await super().stop()
        if self._http is not None:
            await self._http.close()
            self._http = None

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._http

    async def run_once(self, *, now: dt.datetime | None = None) -> int:
        """Send every SMS due at ``now``; how many went."""
        async with self._running:  # a wake during a round waits for it, then finds nothing new
            sent = 0
            while True:
                async with self.sessions() as session:
                    due = await sms.due(session, now=now)
                for row_id in due:
                    sent += await self.send(row_id, now=now) == "sent"
                if len(due) < 100:
                    return sent

    async def send(self, row_id: int, *, now: dt.datetime | None = None) -> str:
        """Send one row if it can be claimed: sent, refused, retry, given_up, or "" (not claimed)."""
        async with self.sessions() as session, session.begin():
            row = await sms.claim(session, row_id, now=now)
        if row is None:
            return ""
        name = self.provider.name
        try:
            outcome = await self.provider.send(self._session(), row)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            outcome = Outcome(retry=type(exc).__name__)
        async with self.sessions() as session, session.begin():
            if outcome.sent:
                await sms.mark_sent(session, row_id, name, outcome.message_id, outcome.delivery)
                result = "sent"
            elif outcome.refused is not None:
                await sms.refuse(session, row_id, name, outcome.refused)
                result = "refused"
            else:
                given_up = await sms.retry(session, row_id, name, outcome.retry or "failed", row.attempts)
                result = "given_up" if given_up else "retry"
        if self.count is not None:
            self.count(name, row.kind, result)
        if result == "refused":
            log.warning("sms %d (%s) refused by %s: %s", row_id, row.kind, name, outcome.refused)
            if outcome.alert is not None and self.alert is not None:
                await self.alert(outcome.alert, name, outcome.refused or "")
        elif result != "sent":
            log.info("sms %d (%s): %s, %s (try %d)", row_id, row.kind, name, outcome.retry, row.attempts)
        return result


class AdminAlerts:
    """Tells the admins, in their private chats, that SMS are not going out — once per
    ``every`` seconds for each reason, in this process and (through Redis) across replicas."""

    def __init__(
        self,
        tell: Callable[[str, Mapping[str, str]], Awaitable[None]],
        coordination: Coordination,
        *,
        every: float = ALERT_EVERY,
    ) -> None:
        self.tell = tell  # (text key, its arguments) → recorded for every admin and sent
        self.coordination = coordination
        self.every = every
        self._last: dict[str, float] = {}

    async def __call__(self, what: str, provider: str, reason: str) -> None:
        now = time.monotonic()
        last = self._last.get(what)
        if last is not None and now - last < self.every:
            return
        self._last[what] = now
        if not await self.coordination.once(f"sms-alert:{what}", self.every):
            return
        await self.tell(f"sms-alert-{what}", {"provider": provider, "reason": reason})


def build_provider(name: str, base: str, api_key: str, sender: str | None, templates: Mapping[str, str]) -> Provider:
    return PROVIDERS[name](base, api_key, sender, templates)
