"""Verifiable documents (issue 27): every PDF the bot issues carries a verification code and a QR
code of its public page (``VERIFY_BASE_URL/v/<code>``), and anyone can check the code — on that
page (``bot.verify_page``), with ``/verify <code>`` or the deep link ``start=v_<code>`` in the bot
(``conversations.verify``). All three show the same facts, built here: the organization, the
document's kind, number and date, the holder's name masked, and its status.

``stamp`` is called where a PDF is issued, in the update's transaction: it registers the document
(``storage.verification``: the same document sent again keeps its code; a newer one of its kind on
the file supersedes the older) and returns the printout with its verification to draw."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from conversations.kit.i18n import Translator
from conversations.kit.pdf import Printout, Receipt, Verification
from scoring.verification import grouped, masked_name
from storage import verification
from storage.verification import Standing, Verified

if TYPE_CHECKING:
    from conversations.kit.context import Organization, Reach

# what a document of a file is, for its code's facts (a text ``verify-kind-<kind>`` each)
RECEIPT = "receipt"  # an application's receipt on submitting (its kind: the file's)
LETTER = "letter"  # letter_<inquiry>: the builder license's inquiry letters
DOSSIER = "dossier"  # the builder license's dossier (worksheets 1 and 7) sent to the ministry
LICENSE_ISSUED = "license_issued"  # the notice that the ministry issued the license
START_PREFIX = "v_"  # the deep link's payload: start=v_<code>

Doc = TypeVar("Doc", bound=Receipt | Printout)


@dataclass(frozen=True)
class Verifying:
    """The settings of verification: the key codes are derived with (VERIFY_KEY, or one derived
    from FILES_KEY) and the public address of the pages (VERIFY_BASE_URL; none: no QR code, and
    the code is checked in the bot). The default key is random per process: the codes are kept,
    so it only has to be secret, never the same twice."""

    key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    base_url: str | None = None
    counted: Callable[[str, str], None] = lambda via, result: None  # each check: (page | bot, its result)
    checks_per_minute: int = 30  # of one client (an address, a messenger user): codes cannot be enumerated

    def url(self, code: str) -> str | None:
        return f"{self.base_url}/v/{code}" if self.base_url else None


def verification_of(t: Translator, verifying: Verifying, code: str) -> Verification:
    url = verifying.url(code)
    how = url.split("://", 1)[-1] if url else f"/verify {grouped(code)}"
    return Verification(grouped(code), t("verify-pdf-label" if url else "verify-pdf-label-bot"), how, url)


async def stamp(reach: Reach, document: Doc, *, case_id: int, kind: str, number: str, source: str) -> Doc:
    """``document`` with its verification: registered now (or as it was when first issued)."""
    verifying = reach.services.verifying
    found = await verification.register(reach.session, verifying.key, case_id, kind, number, source)
    t = reach.services.i18n(document.lang)
    return replace(document, verification=verification_of(t, verifying, found.code))


def kind_label(t: Translator, found: Verified) -> str:
    if found.kind == RECEIPT:
        return t("verify-kind-receipt", application=t(f"kind-{found.case_kind}"))
    return t(f"verify-kind-{found.kind}")


def status_text(t: Translator, found: Verified) -> str:
    if found.standing == Standing.SUPERSEDED:
        return t("verify-status-superseded", date=t.date(found.since.date() if found.since else None))
    if found.standing == Standing.REVOKED:
        return t("verify-status-revoked", date=t.date(found.since.date() if found.since else None))
    return t("verify-status-valid")


def number_text(t: Translator, found: Verified) -> str:
    """A letter's number in the language's digits; a file's tracking code (a receipt's, the
    dossier's) as printed, a code of Latin letters and digits."""
    if found.kind in (RECEIPT, DOSSIER):
        return found.number  # begins with a letter: one left-to-right run in Persian text too
    return t.identifier(found.number)


def facts(t: Translator, org: Organization, found: Verified) -> list[tuple[str, str]]:
    """What a check shows, as (label, value) rows: nothing personal but the masked name."""
    return [
        (t("verify-organization"), org.name(t.lang)),
        (t("verify-kind"), kind_label(t, found)),
        (t("verify-number"), number_text(t, found)),
        (t("verify-issued"), t.date(found.issued_at)),
        (t("verify-holder"), masked_name(found.first_name, found.last_name)),
        (t("verify-code"), grouped(found.code)),
        (t("verify-status"), status_text(t, found)),
    ]


__all__ = [
    "DOSSIER",
    "LETTER",
    "LICENSE_ISSUED",
    "RECEIPT",
    "START_PREFIX",
    "Verifying",
    "facts",
    "kind_label",
    "stamp",
    "status_text",
    "verification_of",
]
