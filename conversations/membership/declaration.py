"""The membership forms, declared as data (spec/membership.md §0–§2.4).

A field is one line: name, input kind, parser from ``scoring``, condition. The conditions of the
personal section are the core's own (``scoring.membership.PERSONAL_REQUIREMENTS``), so "what is
asked" and "what is complete" cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Any

from conversations.context import Ctx
from conversations.engine import Answers, Env, Field, Kind
from conversations.keyboards import Choice
from scoring import (
    BuildingField,
    DegreeCodeKind,
    DegreeLevel,
    DocumentKind,
    FamilyRelation,
    Gender,
    InsuranceType,
    LegalDomicile,
    ResidenceProofKind,
    check_birth_date,
    check_graduation_date,
    check_relative_birth_date,
    parse_jalali_date,
    provinces,
    provinces_for_national_code,
    required_documents,
    validate_identifier,
    validate_national_code,
    validate_person_name,
    validate_postal_code,
    validate_text,
)
from scoring.membership import PERSONAL_REQUIREMENTS, MembershipApplication, answered
from scoring.normalize import persian_sort_key
from storage import cases, offices

REQUIREMENT = {r.name: r for r in PERSONAL_REQUIREMENTS}


# ---- parsers (text, env) → value ---------------------------------------------------------------


def name(text: str, _: Env) -> str:
    return validate_person_name(text)


def national_code(text: str, _: Env) -> str:
    return validate_national_code(text)


def identifier(text: str, _: Env) -> str:
    return validate_identifier(text)


def postal_code(text: str, _: Env) -> str:
    return validate_postal_code(text)


def short_text(text: str, _: Env) -> str:
    return validate_text(text, max_length=120)


def address(text: str, _: Env) -> str:
    return validate_text(text, max_length=300)


def birth_date(text: str, _: Env) -> str:
    return check_birth_date(parse_jalali_date(text)).isoformat()


def relative_birth_date(text: str, _: Env) -> str:
    return check_relative_birth_date(parse_jalali_date(text)).isoformat()


def graduation_date(text: str, env: Env) -> str:
    birth = env.extra.get("birth_date")
    return check_graduation_date(
        parse_jalali_date(text), birth=birth if isinstance(birth, dt.date) else None
    ).isoformat()


# ---- choices ---------------------------------------------------------------------------------


def enum_choices(enum: type[Enum]) -> Any:
    async def source(ctx: Ctx, _: Answers) -> Sequence[Choice]:
        return [Choice(str(m.value), m.label(ctx.t.lang)) for m in enum]  # type: ignore[attr-defined]

    return source


async def province_choices(ctx: Ctx, _: Answers) -> Sequence[Choice]:
    lang = ctx.t.lang
    key = (lambda p: persian_sort_key(p.fa)) if lang == "fa" else (lambda p: (p.en,))
    return [Choice(p.iso, p.label(lang)) for p in sorted(provinces(), key=key)]


async def office_choices(ctx: Ctx, answers: Answers) -> Sequence[Choice]:
    """spec §2.1: the active offices of the chosen province, and "no preference"."""
    province = answers.get("province")
    found = await offices.active_offices(ctx.session, str(province)) if province else []
    return [*(Choice(str(o.id), o.name) for o in found), Choice("auto", ctx.t("office-no-preference"))]


async def birth_province_choices(ctx: Ctx, _: Answers) -> Sequence[Choice]:
    """The national code's candidate provinces first (a suggestion to confirm), then the rest."""
    applicant = await ctx.applicant()
    suggested = provinces_for_national_code(applicant.national_code) if applicant else []
    everyone = await province_choices(ctx, {})
    first = [Choice(c.value, ctx.t("suggested", label=c.label)) for c in everyone if c.value in suggested]
    return [*first, *(c for c in everyone if c.value not in suggested)]


async def birth_province_hint(ctx: Ctx, _: Answers) -> dict[str, Any]:
    applicant = await ctx.applicant()
    suggested = provinces_for_national_code(applicant.national_code) if applicant else []
    return {"suggestions": len(suggested)}


# ---- the forms' fields -------------------------------------------------------------------------

CONTACT_FIELDS = (Field("mobile", Kind.CONTACT),)

IDENTITY_FIELDS = (
    Field("national_code", Kind.TEXT, national_code),
    Field("first_name", Kind.TEXT, name),
    Field("last_name", Kind.TEXT, name),
    Field("father_name", Kind.TEXT, name),
    Field("birth_certificate_number", Kind.TEXT, identifier),
    Field("birth_date", Kind.DATE, birth_date),
    Field("gender", Kind.CHOICE, choices=enum_choices(Gender)),
)


def _personal(field_name: str, kind: Kind, **kwargs: Any) -> Field:
    return Field(field_name, kind, when=REQUIREMENT[field_name].applies, **kwargs)


PERSONAL_FIELDS = (
    _personal("province", Kind.CHOICE, choices=province_choices, resets=("office",)),
    _personal("office", Kind.CHOICE, choices=office_choices),
    _personal("birth_province", Kind.CHOICE, choices=birth_province_choices, prompt_args=birth_province_hint),
    _personal("residence_address", Kind.TEXT, parse=address),
    _personal("residence_postal_code", Kind.TEXT, parse=postal_code),
    _personal("work_address", Kind.TEXT, parse=address),
    _personal("work_postal_code", Kind.TEXT, parse=postal_code),
    _personal("legal_domicile", Kind.CHOICE, choices=enum_choices(LegalDomicile)),
    _personal("domicile_address", Kind.TEXT, parse=address),
    _personal("domicile_postal_code", Kind.TEXT, parse=postal_code),
    _personal("prior_membership", Kind.YES_NO),
    _personal("prior_membership_province", Kind.CHOICE, choices=province_choices),
    _personal("prior_membership_number", Kind.TEXT, parse=identifier),
    _personal("other_license", Kind.YES_NO),
    _personal("other_license_province", Kind.CHOICE, choices=province_choices),
    _personal("other_license_number", Kind.TEXT, parse=identifier),
    _personal("insurance", Kind.YES_NO),
    _personal("insurance_type", Kind.CHOICE, choices=enum_choices(InsuranceType)),
    _personal("insurance_number", Kind.TEXT, parse=identifier),
    _personal("technician_commitment", Kind.CONFIRM),
)

DEGREE_FIELDS = (
    Field("level", Kind.CHOICE, choices=enum_choices(DegreeLevel)),
    Field("field", Kind.CHOICE, choices=enum_choices(BuildingField)),
    Field("specialization", Kind.TEXT, short_text),
    Field("university", Kind.TEXT, short_text),
    Field("graduation_date", Kind.DATE, graduation_date),
    Field("code_kind", Kind.CHOICE, choices=enum_choices(DegreeCodeKind)),
    Field("code", Kind.TEXT, identifier),
    Field(
        "verification_photo",
        Kind.DOCUMENT,
        when=answered("code_kind", DegreeCodeKind.VERIFICATION),
        document_kind=DocumentKind.DEGREE_VERIFICATION.value,
    ),
    Field("certificate_photo", Kind.DOCUMENT, document_kind=DocumentKind.DEGREE_CERTIFICATE.value),
)

FAMILY_FIELDS = (
    Field("relation", Kind.CHOICE, choices=enum_choices(FamilyRelation)),
    Field("first_name", Kind.TEXT, name, prompt="q-member-first_name"),
    Field("last_name", Kind.TEXT, name, prompt="q-member-last_name"),
    Field("national_code", Kind.TEXT, national_code, prompt="q-member-national_code"),
    Field("birth_date", Kind.DATE, relative_birth_date, prompt="q-member-birth_date"),
)


async def application(ctx: Ctx, case_id: int) -> MembershipApplication:
    return await cases.membership_application(ctx.session, case_id)


def _document_status(ctx: Ctx, app: MembershipApplication) -> str:
    t = ctx.t
    lines = []
    for doc in required_documents(app):
        if doc.degree is not None:
            continue
        mark = t("doc-status-received") if doc.slot in app.received else t("doc-status-missing")
        lines.append(t("doc-status-line", label=t(f"doc-{doc.kind.value}"), status=mark))
    return "\n".join(lines)


async def document_fields(ctx: Ctx, answers: Answers) -> Sequence[Field]:
    """spec §2.4: exactly the set ``required_documents`` computes (degree photos are asked with
    each degree), each with the status list in its question."""
    case = await ctx.membership_case()
    if case is None:
        return ()
    app = await application(ctx, case.id)

    async def status(c: Ctx, _: Answers) -> dict[str, Any]:
        return {"status": _document_status(c, await application(c, case.id))}

    fields: list[Field] = []
    residence_kind: Field | None = None
    for doc in required_documents(app):
        if doc.degree is not None:
            continue
        kind = Kind.PHOTO if doc.kind == DocumentKind.PERSONAL_PHOTO else Kind.DOCUMENT
        fields.append(
            Field(
                doc.slot,
                kind,
                document_kind=doc.kind.value,
                prompt=f"q-doc-{doc.kind.value}",
                label=f"doc-{doc.kind.value}",
                prompt_args=status,
            )
        )
        if doc.kind == DocumentKind.RESIDENCE_PROOF:
            # asked after the upload, so that an album of photos fills the uploads in one go
            residence_kind = Field("residence_proof_kind", Kind.CHOICE, choices=enum_choices(ResidenceProofKind))
    if residence_kind is not None:
        fields.append(residence_kind)
    return fields


async def degree_env(ctx: Ctx) -> dict[str, Any]:
    applicant = await ctx.applicant()
    return {"birth_date": applicant.birth_date if applicant else None}
