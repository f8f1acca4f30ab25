"""The emulator's SMS gateway (issue 24): Kavenegar's and sms.ir's APIs on the emulator's own
address (``SMS_API_BASE`` points at it), as ``bot.sms`` documents them — their answers and their
refusals: a key that is not valid, no credit, a receptor that is not a mobile, a 5xx — and what
each mobile received (the sandbox's phone panel shows it; the tests read it).

    Kavenegar  POST /v1/{key}/sms/send.json      receptor, sender, message
               POST /v1/{key}/verify/lookup.json receptor, template, token
               POST /v1/{key}/account/info.json  the remaining credit (``nezam-bot doctor``)
    sms.ir     POST /v1/send/verify              x-api-key; {mobile, templateId, parameters}
               POST /v1/send/bulk                x-api-key; {lineNumber, messageText, mobiles}
               GET  /v1/credit                   x-api-key; the remaining credit
"""

from __future__ import annotations

import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from scoring.sms import parts

_MOBILE = re.compile(r"09\d{9}")


@dataclass(frozen=True)
class ReceivedSms:
    provider: str  # kavenegar, smsir
    mobile: str
    text: str  # the text, or for a template "template <id>: <its tokens>"
    template: str | None
    params: dict[str, str]
    message_id: int
    at: float
    parts: int


@dataclass
class SmsGateway:
    keys: set[str] = field(default_factory=lambda: {"emulator-sms-key"})
    credit: int = 1_000_000  # parts the account can still pay for
    received: list[ReceivedSms] = field(default_factory=list)
    calls: int = 0  # every request, answered or refused (a retry is a call)
    _failures: list[int] = field(default_factory=list)  # HTTP statuses the next calls answer (5xx)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(880001))

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/{key}/sms/send.json", self._kavenegar_send)
        app.router.add_post("/v1/{key}/verify/lookup.json", self._kavenegar_lookup)
        app.router.add_post("/v1/send/verify", self._smsir_verify)
        app.router.add_post("/v1/send/bulk", self._smsir_bulk)
        app.router.add_post("/v1/{key}/account/info.json", self._kavenegar_account)
        app.router.add_get("/v1/credit", self._smsir_credit)

    # ---- what a test or the sandbox does --------------------------------------------------------

    def fail_next(self, status: int = 500, times: int = 1) -> None:
        """The next ``times`` calls are answered ``status`` (the provider's service failing)."""
        self._failures.extend([status] * times)

    def to(self, mobile: str) -> list[ReceivedSms]:
        return [m for m in self.received if m.mobile == mobile]

    # ---- the answers ----------------------------------------------------------------------------

    def _take(self, mobile: str, text: str, template: str | None, params: dict[str, str], provider: str) -> ReceivedSms:
        count = parts(text) or 1
        self.credit -= count
        message = ReceivedSms(provider, mobile, text, template, params, next(self._ids), time.time(), count)
        self.received.append(message)
        return message

    def _failure(self) -> int | None:
        self.calls += 1
        return self._failures.pop(0) if self._failures else None

    @staticmethod
    def _kavenegar(status: int, message: str, entries: list[dict[str, Any]] | None = None) -> web.Response:
        body = {"return": {"status": status, "message": message}, "entries": entries}
        return web.json_response(body, status=status, dumps=lambda v: json.dumps(v, ensure_ascii=False))

    def _kavenegar_refusal(self, key: str, receptor: str) -> web.Response | None:
        failure = self._failure()
        if failure is not None:
            return web.Response(status=failure, text="<html><body>Service Unavailable</body></html>")
        if key not in self.keys:
            return self._kavenegar(403, "کلید API نامعتبر است")
        if self.credit <= 0:
            return self._kavenegar(418, "اعتبار حساب شما کافی نیست")
        if not _MOBILE.fullmatch(receptor):
            return self._kavenegar(411, "گیرنده نامعتبر است")
        return None

    def _kavenegar_sent(self, message: ReceivedSms, sender: str) -> web.Response:
        entry = {
            "messageid": message.message_id,
            "message": message.text,
            "status": 1,
            "statustext": "در صف ارسال",
            "sender": sender,
            "receptor": message.mobile,
            "date": int(message.at),
            "cost": 1200 * message.parts,
        }
        return self._kavenegar(200, "تایید شد", [entry])

    async def _kavenegar_send(self, request: web.Request) -> web.Response:
        form = await request.post()
        receptor, text, sender = (
            str(form.get("receptor", "")),
            str(form.get("message", "")),
            str(form.get("sender", "")),
        )
        refused = self._kavenegar_refusal(request.match_info["key"], receptor)
        if refused is not None:
            return refused
        if not text:
            return self._kavenegar(413, "متن پیام خالی است")
        return self._kavenegar_sent(self._take(receptor, text, None, {}, "kavenegar"), sender)

    async def _kavenegar_lookup(self, request: web.Request) -> web.Response:
        form = await request.post()
        receptor, template, token = (
            str(form.get("receptor", "")),
            str(form.get("template", "")),
            str(form.get("token", "")),
        )
        refused = self._kavenegar_refusal(request.match_info["key"], receptor)
        if refused is not None:
            return refused
        if not template or not token:
            return self._kavenegar(424, "الگو یا توکن نامعتبر است")
        message = self._take(receptor, f"template {template}: {token}", template, {"token": token}, "kavenegar")
        return self._kavenegar_sent(message, "")

    async def _kavenegar_account(self, request: web.Request) -> web.Response:
        if request.match_info["key"] not in self.keys:
            return self._kavenegar(403, "کلید API نامعتبر است")
        body = {"return": {"status": 200, "message": "تایید شد"}, "entries": {"remaincredit": self.credit * 1200}}
        return web.json_response(body)

    async def _smsir_credit(self, request: web.Request) -> web.Response:
        if request.headers.get("x-api-key", "") not in self.keys:
            return self._smsir(401, 10, "کلید وب سرویس نامعتبر است")
        return web.json_response({"status": 1, "message": "موفق", "data": float(self.credit)})

    @staticmethod
    def _smsir(http: int, status: int, message: str, data: dict[str, Any] | None = None) -> web.Response:
        body = {"status": status, "message": message, "data": data}
        return web.json_response(body, status=http, dumps=lambda v: json.dumps(v, ensure_ascii=False))

    def _smsir_refusal(self, request: web.Request, mobile: str) -> web.Response | None:
        failure = self._failure()
        if failure is not None:
            return web.Response(status=failure, text="Internal Server Error")
        if request.headers.get("x-api-key", "") not in self.keys:
            return self._smsir(401, 10, "کلید وب سرویس نامعتبر است")
        if self.credit <= 0:
            return self._smsir(400, 102, "اعتبار حساب شما کافی نیست")
        if not _MOBILE.fullmatch(mobile):
            return self._smsir(400, 104, "شماره موبایل نامعتبر است")
        return None

    async def _smsir_verify(self, request: web.Request) -> web.Response:
        body = await request.json()
        mobile = str(body.get("mobile", ""))
        refused = self._smsir_refusal(request, mobile)
        if refused is not None:
            return refused
        template = str(body.get("templateId", ""))
        params = {str(p.get("name")): str(p.get("value")) for p in body.get("parameters") or []}
        if not template or not params:
            return self._smsir(400, 111, "شناسه قالب یا پارامترها نامعتبر است")
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        message = self._take(mobile, f"template {template}: {shown}", template, params, "smsir")
        return self._smsir(200, 1, "موفق", {"messageId": message.message_id, "cost": float(message.parts)})

    async def _smsir_bulk(self, request: web.Request) -> web.Response:
        body = await request.json()
        mobiles = [str(m) for m in body.get("mobiles") or []]
        refused = self._smsir_refusal(request, mobiles[0] if len(mobiles) == 1 else "")
        if refused is not None:
            return refused
        text = str(body.get("messageText", ""))
        if not text or not body.get("lineNumber"):
            return self._smsir(400, 103, "متن پیام یا شماره خط خالی است")
        message = self._take(mobiles[0], text, None, {}, "smsir")
        data = {
            "packId": f"pack-{message.message_id}",
            "messageIds": [message.message_id],
            "cost": float(message.parts),
        }
        return self._smsir(200, 1, "موفق", data)
