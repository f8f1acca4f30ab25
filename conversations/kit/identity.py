"""Who applies: the mobile number and the identity (spec/membership.md §0), asked once and shared
by every application (the builder license uses the same form and the same national-code rules).

    contact (a shared contact of one's own) → identity (national code, names, birth, gender)
    identity is locked once a first application is submitted
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from conversations.kit import parsers
from conversations.kit.context import Ctx
from conversations.kit.fields import Answers, EnumChoices, Field, InputKind, Refused
from conversations.kit.forms import Form, Loaded, Ref
from scoring import Gender
from storage import cases, people
from storage.cases import CaseFile
from storage.people import ApplicantInfo

CONTACT_FIELDS = (Field("mobile", InputKind.CONTACT),)

IDENTITY_FIELDS = (
    Field("national_code", InputKind.TEXT, parsers.national_code),
    Field("first_name", InputKind.TEXT, parsers.name),
    Field("last_name", InputKind.TEXT, parsers.name),
    Field("father_name", InputKind.TEXT, parsers.name),
    Field("birth_certificate_number", InputKind.TEXT, parsers.birth_certificate_number),
    Field("birth_date", InputKind.DATE, parsers.birth_date),
    Field("gender", InputKind.CHOICE, choices=EnumChoices(Gender)),
)


class ContactStore:
    """The mobile number, proven by a shared contact."""

    def pick(self, file: CaseFile, ref: Ref) -> Answers:
        return {"mobile": file.applicant.mobile} if file.applicant.mobile else {}

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        return Loaded({"mobile": ctx.user.mobile} if ctx.user.mobile else {}, None)

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        await people.set_verified_mobile(ctx.session, ctx.user.id, str(value))
        ctx.user = replace(ctx.user, mobile=str(value))

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        return None


def identity_answers(applicant: ApplicantInfo | None) -> Answers:
    if applicant is None:
        return {}
    values = {
        "national_code": applicant.national_code,
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "father_name": applicant.father_name,
        "birth_certificate_number": applicant.birth_certificate_number,
        "birth_date": applicant.birth_date.isoformat() if applicant.birth_date else None,
        "gender": applicant.gender,
    }
    return {k: v for k, v in values.items() if v is not None}


class IdentityStore:
    """The applicant's identity (locked once a first application is submitted)."""

    def pick(self, file: CaseFile, ref: Ref) -> Answers:
        return identity_answers(file.applicant)

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        return Loaded(identity_answers(await ctx.applicant()), None)

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        try:
            if field.name == "national_code":
                ctx.remember(await people.claim_national_code(ctx.session, ctx.user, str(value)))
            else:
                applicant = await ctx.applicant()
                if applicant is None:
                    raise Refused("identity-national-code-first")
                if field.name == "birth_date" and isinstance(value, str):
                    value = dt.date.fromisoformat(value)
                ctx.remember(await people.update_identity(ctx.session, applicant.id, **{field.name: value}))
        except people.NationalCodeClaimed as exc:
            await tell_staff_of_attempt(ctx, exc.applicant_id)
            raise Refused("national-code-claimed") from None
        except people.IdentityLocked:
            raise Refused("identity-locked") from None

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        return None


async def tell_staff_of_attempt(ctx: Ctx, applicant_id: int) -> None:
    """spec §0 and issue 16.7: the applicant is not told whether the code is registered; the attempt
    is recorded, and the staff chat hears of this account's first try at this applicant (``/find``
    shows every attempt)."""
    first = await people.record_code_attempt(ctx.session, applicant_id, ctx.user.id)
    # issue 25: the staff of the province of the code's owner (their latest file's)
    latest = await cases.latest_case(ctx.session, applicant_id) if ctx.services.tenants else None
    chat = ctx.services.staff_chat(ctx.profile.name, latest.province if latest else None)
    if not first or chat is None:
        return
    owner = await people.get_applicant(ctx.session, applicant_id)
    t = ctx.services.i18n(None)  # the staff chat speaks the default language
    text = t(
        "staff-code-attempt",
        platform=ctx.profile.name,
        account=str(ctx.user.external_id),
        name=(owner.full_name if owner else "") or "—",
    )
    await ctx.outbox.text(chat, text)


async def identity_locked(ctx: Ctx) -> bool:
    applicant = await ctx.applicant()
    return bool(applicant and applicant.locked)


CONTACT = Form("contact", "form-contact", CONTACT_FIELDS, ContactStore(), summary=False)
IDENTITY = Form(
    "identity",
    "form-identity",
    IDENTITY_FIELDS,
    IdentityStore(),
    done_label="btn-confirm-continue",
    locked=identity_locked,
)
