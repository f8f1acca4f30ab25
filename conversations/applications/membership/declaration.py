"""The membership application (spec/membership.md §0–§3), declared as data over the application
engine (``conversations.kit.application``):

    contact → identity → rules → personal → education → family → documents → confirm → submitted
    (personal: questions, then on — its summary is opened from the confirmation to change it; the
    office is answered for the applicant when the province has one; education and family: a list
    of degrees / people, each a form answerable in one message (its sheet) → the list → "save and
    next"; documents: exactly the set the core computes, the national card's two sides; /menu or
    cancel anywhere → main menu with every answer saved; a returned file → the expert's notes,
    then the first returned section, degree or document)

A field is one line: name, input kind, parser from ``scoring``, condition. The conditions and
the completeness of every section are the core's (``scoring.membership``), so "what is asked" and
"what is complete" cannot disagree. What is particular to membership and not a field is here too:
the list lines, the documents' part of the summary, the receipt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from conversations.applications.membership.process import PROCESS
from conversations.applications.membership.staffing import DESK
from conversations.kit import parsers
from conversations.kit.application import Application, CoreRules, Section, Texts
from conversations.kit.context import Ctx, Organization
from conversations.kit.fields import (
    EnumChoices,
    Env,
    Field,
    InputKind,
    ProvinceChoices,
    enum_label,
    labeller,
    never,
    province_label,
    province_options,
    required,
)
from conversations.kit.forms import Form, SectionStore, Sheet
from conversations.kit.groups import Group, ItemStore, Rows, list_form
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import Choice
from conversations.kit.pdf import Receipt
from scoring import (
    BuildingField,
    DegreeCodeKind,
    DegreeLevel,
    FamilyRelation,
    InsuranceType,
    LegalDomicile,
    MembershipApplication,
    MembershipDocument,
    ResidenceProofKind,
    check_graduation_date,
    first_incomplete_section,
    missing_in_section,
    parse_jalali_date,
    provinces_for_national_code,
    required_documents,
)
from scoring import Section as CoreSection
from scoring.membership import (
    DEGREE_REQUIREMENTS,
    FAMILY_MEMBER_REQUIREMENTS,
    PERSONAL_REQUIREMENTS,
    degree_document_kinds,
    missing_in_degree,
    missing_in_family_member,
    needs_residence_proof,
)
from storage import cases, offices
from storage.builder_license import KIND as BUILDER_LICENSE
from storage.cases import CaseFile
from storage.standing import MEMBER, MEMBERSHIP, membership_before_the_bot


def core_view(file: CaseFile) -> MembershipApplication:
    """Everything the membership rules (``scoring.membership``) need, read from the file."""
    return MembershipApplication(
        national_code=file.applicant.national_code,
        personal=file.section("personal"),
        degrees=[d.answers() for d in file.degrees],
        family=[m.answers() for m in file.family],
        documents=file.section("documents"),
        received=file.received,
    )


# ---- choices particular to membership -----------------------------------------------------------


class OfficeChoices:
    """spec §2.1: the active offices of the chosen province, and "no preference"."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        province = answers.get("province")
        found = await offices.active_offices(ctx.session, str(province)) if province else []
        return [*(Choice(str(o.id), o.name) for o in found), Choice("auto", ctx.t("office-no-preference"))]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        if value.isdigit() and file is not None and int(value) in file.offices:
            return file.offices[int(value)]
        return t("office-no-preference") if value == "auto" else value


async def sole_office(ctx: Ctx, answers: Mapping[str, Any]) -> str | None:
    """issue 29: a province with one active office — that office, without asking; with none, "no
    preference" is the only answer there is."""
    province = answers.get("province")
    if not province:
        return None
    found = await offices.active_offices(ctx.session, str(province))
    return str(found[0].id) if len(found) == 1 else "auto" if not found else None


class BirthProvinceChoices:
    """The national code's candidate provinces first (a suggestion to confirm), then the rest."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        applicant = await ctx.applicant()
        suggested = provinces_for_national_code(applicant.national_code) if applicant else []
        everyone = province_options(ctx.t, ctx.services.served)
        first = [Choice(c.value, ctx.t("suggested", label=c.label)) for c in everyone if c.value in suggested]
        return [*first, *(c for c in everyone if c.value not in suggested)]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        suggested = provinces_for_national_code(file.applicant.national_code) if file else []
        label = province_label(value, t.lang)
        return t("suggested", label=label) if value in suggested else label


def birth_province_hint(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
    return {"suggestions": len(provinces_for_national_code(file.applicant.national_code)) if file else 0}


def graduation_date(text: str, env: Env) -> str:
    birth = env.extra.get("birth_date")
    return check_graduation_date(
        parse_jalali_date(text), birth=birth if isinstance(birth, dt.date) else None
    ).isoformat()


def applicant_facts(file: CaseFile | None) -> Mapping[str, Any]:
    return {"birth_date": file.applicant.birth_date if file else None}


# ---- 2.1 personal details -------------------------------------------------------------------------

personal = required(PERSONAL_REQUIREMENTS)
PROVINCES = ProvinceChoices()

PERSONAL_FIELDS = (
    personal("province", InputKind.CHOICE, choices=ProvinceChoices(served_only=True), resets=("office",)),
    # asked only when the province leaves a choice (issue 29): it shares the province's number
    personal("office", InputKind.CHOICE, choices=OfficeChoices(), sole=sole_office, follows=True),
    personal("birth_province", InputKind.CHOICE, choices=BirthProvinceChoices(), prompt_args=birth_province_hint),
    # issue 29: a postal code at the end of its address answers its question too
    personal(
        "residence_address",
        InputKind.TEXT,
        parse=parsers.address,
        carries=parsers.postal_code_of("residence_postal_code"),
    ),
    personal("residence_postal_code", InputKind.TEXT, parse=parsers.postal_code, follows=True),
    personal("work_address", InputKind.TEXT, parse=parsers.address, carries=parsers.postal_code_of("work_postal_code")),
    personal("work_postal_code", InputKind.TEXT, parse=parsers.postal_code, follows=True),
    personal("legal_domicile", InputKind.CHOICE, choices=EnumChoices(LegalDomicile)),
    personal(
        "domicile_address",
        InputKind.TEXT,
        parse=parsers.address,
        carries=parsers.postal_code_of("domicile_postal_code"),
    ),
    personal("domicile_postal_code", InputKind.TEXT, parse=parsers.postal_code, follows=True),
    personal("prior_membership", InputKind.YES_NO),
    personal("prior_membership_province", InputKind.CHOICE, choices=PROVINCES),
    personal("prior_membership_number", InputKind.TEXT, parse=parsers.identifier),
    personal("other_license", InputKind.YES_NO),
    personal("other_license_province", InputKind.CHOICE, choices=PROVINCES),
    personal("other_license_number", InputKind.TEXT, parse=parsers.identifier),
    personal("insurance", InputKind.YES_NO),
    personal("insurance_type", InputKind.CHOICE, choices=EnumChoices(InsuranceType)),
    personal("insurance_number", InputKind.TEXT, parse=parsers.identifier),
    personal("technician_commitment", InputKind.CONFIRM),
)
# issue 29: a section's summary only where it saves a correction — the final confirmation shows
# every section with its "edit" button, so a section goes straight on after its last answer
PERSONAL = Form("personal", "form-personal", PERSONAL_FIELDS, SectionStore(CoreSection.PERSONAL.value), recap=never)

# ---- 2.2 education: every degree ------------------------------------------------------------------

degree = required(DEGREE_REQUIREMENTS)
DEGREE_FIELDS = (
    degree("level", InputKind.CHOICE, choices=EnumChoices(DegreeLevel)),
    degree("field", InputKind.CHOICE, choices=EnumChoices(BuildingField)),
    degree("specialization", InputKind.TEXT, parsers.short_text),
    degree("university", InputKind.TEXT, parsers.short_text),
    degree("graduation_date", InputKind.DATE, graduation_date),
    degree("code_kind", InputKind.CHOICE, choices=EnumChoices(DegreeCodeKind)),
    degree("code", InputKind.TEXT, parsers.identifier),
)
# Which of these a degree needs is the core's (``degree_document_kinds``); this is the order asked.
DEGREE_DOCUMENT_FIELDS = (
    Field(
        MembershipDocument.DEGREE_VERIFICATION.value,
        InputKind.DOCUMENT,
        prompt="q-verification_photo",
        label="f-verification_photo",
    ),
    Field(
        MembershipDocument.DEGREE_CERTIFICATE.value,
        InputKind.DOCUMENT,
        prompt="q-certificate_photo",
        label="f-certificate_photo",
    ),
)


def degree_fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
    kinds = {k.value for k in degree_document_kinds(answers)}
    return [*DEGREE_FIELDS, *(f for f in DEGREE_DOCUMENT_FIELDS if f.document_kind in kinds)]


def degree_line(t: Translator, n: int, answers: Mapping[str, Any], complete: bool, file: CaseFile) -> str:
    return t(
        "degree-line",
        n=t.digits(n),
        level=enum_label(DegreeLevel, answers.get("level"), t.lang),
        field=enum_label(BuildingField, answers.get("field"), t.lang),
        university=str(answers.get("university") or "—"),
        state=t("item-complete") if complete else t("item-incomplete"),
    )


DEGREE_ROWS = Rows(
    of=lambda file: file.degrees, add=cases.add_degree, update=cases.update_degree, remove=cases.remove_degree
)
DEGREES = Group(
    item=Form(
        "degree",
        "form-degree",
        degree_fields,
        ItemStore(DEGREE_ROWS),
        done_label="btn-save-degree",
        env=applicant_facts,
        every=(*DEGREE_FIELDS, *DEGREE_DOCUMENT_FIELDS),
        recap=never,  # the list shows it with its "edit" button
        sheet=Sheet(tuple(f.name for f in DEGREE_FIELDS), "sheet-degree-intro"),  # issue 29: a degree in one answer
    ),
    rows=DEGREE_ROWS,
    missing=lambda answers, position, file: missing_in_degree(answers, position, file.received),
    line=degree_line,
    title="degrees-title",
    empty="degrees-empty",
    add_label="btn-add-degree",
    incomplete="degrees-incomplete",
    min_items=1,  # spec §2.2: at least one degree
    heading="degree-heading",
)
EDUCATION = list_form("education", "form-education", "degrees", DEGREES, SectionStore(CoreSection.EDUCATION.value))

# ---- 2.3 spouse and children ----------------------------------------------------------------------

member = required(FAMILY_MEMBER_REQUIREMENTS)
FAMILY_FIELDS = (
    member("relation", InputKind.CHOICE, choices=EnumChoices(FamilyRelation)),
    member("first_name", InputKind.TEXT, parsers.name, prompt="q-member-first_name"),
    member("last_name", InputKind.TEXT, parsers.name, prompt="q-member-last_name"),
    member("national_code", InputKind.TEXT, parsers.national_code, prompt="q-member-national_code"),
    member("birth_date", InputKind.DATE, parsers.relative_birth_date, prompt="q-member-birth_date"),
)


def _full_name(answers: Mapping[str, Any]) -> str:
    return " ".join(str(answers.get(k) or "") for k in ("first_name", "last_name")).strip()


def family_line(t: Translator, n: int, answers: Mapping[str, Any], complete: bool, file: CaseFile) -> str:
    relation = enum_label(FamilyRelation, answers.get("relation"), t.lang)
    return t("family-line", n=t.digits(n), relation=relation, name=_full_name(answers) or "—")


def family_line_full(t: Translator, n: int, answers: Mapping[str, Any], complete: bool, file: CaseFile) -> str:
    return t(
        "family-line-full",
        n=t.digits(n),
        relation=enum_label(FamilyRelation, answers.get("relation"), t.lang),
        name=_full_name(answers),
        code=t.digits(answers.get("national_code") or ""),
        birth=t.date(str(answers.get("birth_date") or "")),
    )


FAMILY_ROWS = Rows(
    of=lambda file: file.family,
    add=cases.add_family_member,
    update=cases.update_family_member,
    remove=cases.remove_family_member,
)
FAMILY_MEMBERS = Group(
    item=Form(
        "family_member",
        "form-family-member",
        FAMILY_FIELDS,
        ItemStore(FAMILY_ROWS),
        done_label="btn-save-person",
        recap=never,
        sheet=Sheet(tuple(f.name for f in FAMILY_FIELDS), "sheet-member-intro"),
    ),
    rows=FAMILY_ROWS,
    missing=lambda answers, position, file: missing_in_family_member(answers),
    line=family_line,
    title="family-title",
    empty="family-empty",
    add_label="btn-add-person",
    incomplete="family-incomplete",
    summary_line=family_line_full,  # zero people is allowed (spec §2.3)
)
FAMILY = list_form("family", "form-family", "people", FAMILY_MEMBERS, SectionStore(CoreSection.FAMILY.value))

# ---- 2.4 documents: exactly the set the core computes ---------------------------------------------


def _received_mark(t: Translator, slot: str, file: CaseFile) -> str:
    return t("doc-status-received") if slot in file.received else t("doc-status-missing")


def document_status(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
    """Each question shows where the whole set stands."""
    if file is None:
        return {"status": ""}
    docs = [d for d in required_documents(core_view(file)) if d.degree is None]
    lines = [t("doc-status-line", label=t(f"doc-{d.kind.value}"), status=_received_mark(t, d.slot, file)) for d in docs]
    return {"status": "\n".join(lines)}


DEGREE_DOCUMENT_KINDS = {f.document_kind for f in DEGREE_DOCUMENT_FIELDS}
TWO_SIDED = {MembershipDocument.NATIONAL_CARD}  # issue 29: both sides, two different images or one PDF
CASE_DOCUMENT_FIELDS = {
    kind: Field(
        kind.value,
        InputKind.PHOTO if kind == MembershipDocument.PERSONAL_PHOTO else InputKind.DOCUMENT,
        prompt=f"q-doc-{kind.value}",
        label=f"doc-{kind.value}",
        prompt_args=document_status,
        several=kind in TWO_SIDED,
        sides=kind in TWO_SIDED,
        min_files=2 if kind in TWO_SIDED else 1,
    )
    for kind in MembershipDocument
    if kind.value not in DEGREE_DOCUMENT_KINDS
}
# asked after the upload, so that an album of photos fills the uploads in one go
RESIDENCE_PROOF_KIND = Field("residence_proof_kind", InputKind.CHOICE, choices=EnumChoices(ResidenceProofKind))


def document_fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
    """spec §2.4: the documents ``required_documents`` computes (a degree's are asked with it)."""
    if file is None:
        return ()
    app = core_view(file)
    fields = [CASE_DOCUMENT_FIELDS[d.kind] for d in required_documents(app) if d.degree is None]
    if needs_residence_proof(app):
        fields.append(RESIDENCE_PROOF_KIND)
    return fields


def documents_text(t: Translator, file: CaseFile) -> str:
    """The documents' part of the full summary: every required document, a degree's numbered."""
    app = core_view(file)
    positions = [str(d.id) for d in file.degrees]
    lines = [t("documents-title")]
    for doc in required_documents(app):
        label = t(f"doc-{doc.kind.value}")
        if doc.degree is not None:
            n = positions.index(doc.degree) + 1 if doc.degree in positions else 0
            label = t("doc-of-degree", label=label, n=t.digits(n))
        lines.append(t("doc-status-line", label=label, status=_received_mark(t, doc.slot, file)))
    return "\n".join(lines)


DOCUMENTS = Form(
    "documents",
    "form-documents",
    document_fields,
    SectionStore(CoreSection.DOCUMENTS.value, documents=True),
    every=(*CASE_DOCUMENT_FIELDS.values(), RESIDENCE_PROOF_KIND),
    recap=never,
)

# ---- the application ----------------------------------------------------------------------------


def _section(core: CoreSection, form: Form, **kwargs: Any) -> Section:
    return Section(core.value, form, core.label, **kwargs)


SECTIONS = (
    _section(CoreSection.PERSONAL, PERSONAL),
    _section(CoreSection.EDUCATION, EDUCATION),
    _section(CoreSection.FAMILY, FAMILY),
    _section(CoreSection.DOCUMENTS, DOCUMENTS, documents=True, text=documents_text),
)


CORE = CoreRules(core_view, CoreSection, missing_in_section, first_incomplete_section)


def chosen_province(file: CaseFile) -> str | None:
    """The file's province, or the one answered that ``copy_to_case`` makes the file's at
    submission (issue 25: the rules shown at the confirmation are that province's)."""
    chosen = file.section(CoreSection.PERSONAL.value).get("province")
    return file.case.province or (str(chosen) if chosen else None)


async def copy_to_case(ctx: Ctx, file: CaseFile) -> None:
    """The province and the suggested office become the file's own (the staff queue, spec §2.1)."""
    personal_answers = file.section(CoreSection.PERSONAL.value)
    office = str(personal_answers.get("office") or "")
    await cases.set_case_fields(
        ctx.session,
        file.case.id,
        province=str(personal_answers.get("province")),
        suggested_office_id=int(office) if office.isdigit() else None,
    )


def receipt(file: CaseFile, t: Translator, org: Organization) -> Receipt:
    """spec §3: the printable page after submitting."""
    case = file.case
    office = file.offices.get(case.suggested_office_id, "") if case.suggested_office_id else ""
    rows = (
        ("name", file.applicant.full_name),
        ("national-code", t.digits(file.applicant.national_code)),
        ("province", province_label(case.province, t.lang) if case.province else "—"),
        ("office", office or t("office-no-preference")),
        ("submitted", t.date(case.submitted_at)),
        ("degrees", t.digits(len(file.degrees))),
        ("documents", t.digits(len(file.documents))),
        ("status", t("receipt-status-value")),
    )
    return Receipt(
        lang=t.lang,
        organization=org.name(t.lang),
        title=t("receipt-title"),
        tracking_code=case.tracking_code,
        tracking_note=t("receipt-tracking"),
        rows=tuple((t(f"receipt-{key}"), value) for key, value in rows),
        keep=t("receipt-keep"),
    )


async def member_before_the_bot(ctx: Ctx) -> Mapping[str, str] | None:
    """A member from before the bot (the number they gave in a builder-license application, the
    card staff check): their membership, their builder-license file and where their dues are paid,
    instead of the membership application (issue 29)."""
    applicant = await ctx.applicant()
    number = await membership_before_the_bot(ctx.session, applicant.id) if applicant is not None else None
    if applicant is None or number is None:
        return None
    t = ctx.t
    license_file = await cases.latest_case(ctx.session, applicant.id, BUILDER_LICENSE)
    return {
        "number": t.identifier(number),
        "license": t(f"kind-{BUILDER_LICENSE}"),
        "code": license_file.tracking_code if license_file is not None else "—",
        "status": t(f"status-{license_file.status}") if license_file is not None else "—",
    }


APPLICATION = Application(
    name=MEMBERSHIP,
    process=PROCESS,
    desk=DESK,
    sections=SECTIONS,
    missing=CORE.missing,
    first_incomplete=CORE.first_incomplete,
    document_label=labeller(MembershipDocument),
    receipt=receipt,
    texts=Texts(
        menu_new="menu-membership",
        menu_continue="menu-membership-continue",
        menu_done="menu-membership-done",
        done="membership-complete",
        held="membership-held",
        submitted="submitted",
        confirm_question="confirm-question",
        confirm_button="btn-confirm-submit",
    ),
    done_status=MEMBER,
    done_args=lambda t, case: {"number": t.identifier(case.membership_number or "")},
    before_submit=copy_to_case,
    province=chosen_province,
    chooses_province=True,
    held=member_before_the_bot,
)
