"""Documents the organization issues (``storage.issued``: a settlement certificate …) as PDFs,
rendered when they are sent: an outbox row names the document by a reference
(``issued_reference``) instead of carrying its bytes, and the sender renders it from the database
with the renderer its application declares (``Application.documents``), in the recipient's
language. So a notification can carry a document and still be a durable outbox row."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from conversations.kit.pdf import render
from conversations.kit.verification import verification_of
from storage import cases, issued, verification

if TYPE_CHECKING:
    from conversations.kit.context import Services

PREFIX = "nezam-issued:"


def issued_reference(issued_id: int, lang: str) -> str:
    return f"{PREFIX}{issued_id}:{lang}"


def is_reference(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def issued_source(found: issued.IssuedInfo) -> str:
    return f"issued:{found.id}"


async def register_issued(
    session: AsyncSession, services: Services, found: issued.IssuedInfo
) -> verification.Registered:
    """The issued document's verification code: registered when it is issued, in its transaction
    (a newer one of its kind supersedes the older at once); rendering finds it (a document issued
    before issue 27 gets its code when it is first sent)."""
    return await verification.register(
        session, services.verifying.key, found.case_id, found.kind, found.number, issued_source(found)
    )


async def render_issued(session: AsyncSession, services: Services, reference: str) -> tuple[bytes, str] | None:
    """The PDF and its file name of the referenced document (None: it no longer exists, or no
    application renders its kind)."""
    rest = reference.removeprefix(PREFIX)
    ident, _, lang = rest.partition(":")
    if not ident.isdigit():
        return None
    found = await issued.get(session, int(ident))
    if found is None:
        return None
    file = await cases.case_file(session, found.case_id, services.parts)
    if file is None:
        return None
    renderers: Mapping[str, object] = services.application(file.case.kind).documents
    renderer = renderers.get(found.kind)
    if renderer is None or not callable(renderer):
        return None
    printout = renderer(services.i18n(lang or None), file, found, services.org_of(file.case.province))
    registered = await register_issued(session, services, found)  # as when issued (issue 27)
    printout = replace(
        printout, verification=verification_of(services.i18n(printout.lang), services.verifying, registered.code)
    )
    data = await asyncio.to_thread(render, printout)
    return data, f"{found.kind}-{found.number.replace('/', '-')}.pdf"
