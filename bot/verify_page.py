"""The public verification page of the documents the bot issues (issue 27): ``GET <base>/v/<code>``
on the bot's own HTTP server (``bot.http``), in polling and webhook mode alike, when
``VERIFY_BASE_URL`` is set — the address the QR code of every PDF opens.

- A small page rendered here: right to left in Persian (``?lang=en``: English), the Vazirmatn font
  served beside it (``<base>/v/font/…``), readable on a 390-pixel phone. It shows what the bot's
  ``/verify`` shows (``conversations.kit.verification.facts``): the organization, the document's
  kind, number and date, the holder's name masked, and its status — valid, superseded (by a newer
  one, dated), or revoked (dated). Nothing else personal.
- An unknown or malformed code: 404 with a page that says so; it also counts toward the address's
  refusals (``bot.guard``), so that guessing codes soon meets 429 on every route.
- Per client (the address, as ``bot.guard.client_address`` reads it behind the reverse proxy): at
  most ``VERIFY_CHECKS_PER_MINUTE`` checks in a minute (``bot.guard.ClientRefusals``' windows); past
  them 429 with ``Retry-After``, nothing looked up.
- Every check counted: ``nezam_verifications_total{via="page",result}`` (``bot.metrics``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web

from bot.guard import ClientRefusals, Guard, Refusal, Route, client_address
from conversations.kit.i18n import Translator
from conversations.kit.verification import facts
from scoring.verification import read_code
from storage import verification

if TYPE_CHECKING:
    from bot.app import App

FONTS = resources.files("conversations") / "assets" / "fonts"
FONT_FILES = {"vazirmatn-regular.ttf": "Vazirmatn-Regular.ttf", "vazirmatn-bold.ttf": "Vazirmatn-Bold.ttf"}
MAX_CODE_TEXT = 64  # a path segment longer than this is no code (not even read)

STYLE = """
@font-face{font-family:Vazirmatn;src:url(font/vazirmatn-regular.ttf) format("truetype");font-weight:400}
@font-face{font-family:Vazirmatn;src:url(font/vazirmatn-bold.ttf) format("truetype");font-weight:700}
*{box-sizing:border-box}
body{margin:0;background:#eef2f6;color:#1d2733;font:16px/1.7 Vazirmatn,Tahoma,sans-serif}
main{max-width:560px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:14px;box-shadow:0 2px 10px rgba(0,0,0,.08);overflow:hidden}
header{background:#1f4e79;color:#fff;padding:16px 20px}
header p{margin:0;font-size:14px;opacity:.9}
h1{margin:4px 0 0;font-size:21px}
.status{margin:16px 20px 4px;padding:12px 14px;border-radius:10px;font-weight:700;font-size:18px}
.valid{background:#e3f4e8;color:#17612f}
.superseded{background:#fff4dc;color:#7a5200}
.revoked,.unknown{background:#fde6e6;color:#9b1c1c}
dl{margin:8px 20px 16px;display:grid;grid-template-columns:max-content 1fr;gap:6px 14px}
dt{color:#5b6978;font-size:14px;padding-top:2px}
dd{margin:0;font-weight:700;overflow-wrap:anywhere}
.code{unicode-bidi:isolate;letter-spacing:.06em}
.note{margin:0;padding:12px 20px 16px;font-size:13px;color:#5b6978;border-top:1px solid #e4e9ef}
.lead{border:0;padding-bottom:4px;font-size:15px;color:#1d2733}
.lead:last-child,.lead+.note{margin-top:8px}
nav{text-align:center;margin:14px 0;font-size:14px}
a{color:#1f4e79}
@media (max-width:420px){main{padding:8px}dl{grid-template-columns:1fr;gap:0 0}dt{padding-top:8px}h1{font-size:19px}}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# the page's own policy (the guard's default forbids everything): its style, its font, nothing else
PAGE_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; font-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def _code(text: str) -> str:
    """The code, one left-to-right run on the line's start side (in Persian, the right)."""
    return f'<span class="code" dir="ltr">{text}</span>'


def verify_path(base_url: str) -> str:
    """The path the pages are served under: VERIFY_BASE_URL's own path, then ``/v``."""
    return urlsplit(base_url).path.rstrip("/") + "/v"


class VerifyPage:
    def __init__(self, app: App, guard: Guard, *, per_minute: int) -> None:
        self.app = app
        self.guard = guard
        self.checks = ClientRefusals(per_minute)

    def routes(self, web_app: web.Application, base_url: str) -> None:
        path = verify_path(base_url)
        self.guard.add(web_app.router.add_get(path + "/font/{name}", self.font), Route("verify/font"))
        self.guard.add(web_app.router.add_get(path + "/{code}", self.page), Route("verify"))

    async def page(self, request: web.Request) -> web.Response:
        lang = "en" if request.query.get("lang") == "en" else "fa"
        t = self.app.i18n(lang)
        address = client_address(request)
        left = self.checks.blocked(address)
        if left is not None:
            self.app.metrics.verified("page", "limited")
            response = self._html(t, 429, t("verify-page-limited"), [], "unknown", t("verify-page-title"), other=False)
            response.headers["Retry-After"] = str(math.ceil(left))
            return response
        self.checks.note(address)
        text = request.match_info["code"]
        code = read_code(text) if len(text) <= MAX_CODE_TEXT else None
        found = await self._check(code) if code is not None else None
        if found is None:
            self.app.metrics.verified("page", "malformed" if code is None else "unknown")
            self.guard.refused("verify", address, Refusal(404, "not_found"))  # toward the address's limit
            title = t("verify-page-unknown-title")
            return self._html(t, 404, t("verify-page-unknown"), [], "unknown", title)
        self.app.metrics.verified("page", found.standing.value)
        org = self.app.services.org_of(found.province)  # the issuing province's organization (issue 25)
        rows = facts(t, org, found)
        lead = t("verify-page-valid", organization=org.name(lang))
        status = rows[-1][1]
        return self._html(t, 200, lead, rows[:-1], found.standing.value, status)

    async def _check(self, code: str) -> verification.Verified | None:
        async with self.app.sessions() as session:
            return await verification.check(session, code)

    def _html(
        self,
        t: Translator,
        status: int,
        lead: str,
        rows: list[tuple[str, str]],
        standing: str,
        headline: str,
        *,
        other: bool = True,
    ) -> web.Response:
        e = html.escape
        lang = t.lang
        direction = "ltr" if lang == "en" else "rtl"
        facts_html = "".join(
            f"<dt>{e(label)}</dt><dd>{_code(e(value)) if n == len(rows) - 1 else f'<bdi>{e(value)}</bdi>'}</dd>"
            for n, (label, value) in enumerate(rows)
        )
        switch = "fa" if lang == "en" else "en"
        nav = f'<nav><a href="?lang={switch}">{e(t("verify-page-other-language"))}</a></nav>' if other else ""
        body = (
            f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta name="robots" content="noindex">'
            f"<title>{e(t('verify-page-title'))}</title><style>{STYLE}</style></head><body><main>"
            f'<div class="card"><header><p>{e(self.app.services.org.name(lang))}</p>'
            f"<h1>{e(t('verify-page-title'))}</h1></header>"
            f'<div class="status {e(standing)}" role="status">{e(headline)}</div>'
            f'<p class="note lead">{e(lead)}</p>'
            + (f"<dl>{facts_html}</dl>" if rows else "")
            + f'<p class="note">{e(t("verify-page-note"))}</p></div>{nav}</main></body></html>'
        )
        response = web.Response(status=status, text=body, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response

    async def font(self, request: web.Request) -> web.Response:
        name = FONT_FILES.get(request.match_info["name"])
        if name is None:
            raise Refusal(404, "not_found")
        response = web.Response(body=(FONTS / name).read_bytes(), content_type="font/ttf")
        response.headers["Cache-Control"] = "public, max-age=604800, immutable"
        return response


__all__ = ["PAGE_POLICY", "VerifyPage", "verify_path"]
