"""The builder-license application (پروانه اشتغال مجری حقیقی; spec/builder-license.md, seed 003),
declared as data over the application engine (``conversations.kit.application``):

    contact → identity → rules → gate (a member? the bot's own members are known; "no" →
    membership comes first, offered) → worksheet 1 (prefilled from the membership file) →
    worksheet 2 → worksheet 3 → worksheet 4 (a list of projects, each answerable in one message:
    its sheet) → worksheet 5 → documents → confirm, opening with the preliminary score (read only)
    → submitted (tracking code, the worksheets as PDF); a worksheet goes on after its last answer
    (its summary opened from the confirmation to change it; worksheet 1's shown for a member the
    bot prefilled it for)
    (/menu or cancel anywhere → main menu with every answer saved; a returned file → the
    reviewer's notes, then the first returned section, project or document)

Kinds, grades, record types and finance items, their labels and factors, are the rules file's
(``scoring/license_rules.toml``), read when asked: a province editing it changes the questions,
the explanations and the preliminary score without a code change. What each section needs and
which documents are the core's (``scoring.license_application``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conversations.applications.builder_license.core import application_view
from conversations.applications.builder_license.letters import license_notice
from conversations.applications.builder_license.process import PROCESS
from conversations.applications.builder_license.receipt import receipt
from conversations.applications.builder_license.score import preliminary_text
from conversations.applications.builder_license.staffing import DESK
from conversations.applications.builder_license.texts import (
    amount_text,
    area_text,
    finance_label,
    grade_label,
    record_type_label,
)
from conversations.kit import parsers
from conversations.kit.application import (
    Application,
    CoreRules,
    Gate,
    OwnRules,
    Prefilled,
    Preview,
    Section,
    Texts,
)
from conversations.kit.context import Ctx, Organization
from conversations.kit.fields import (
    EnumChoices,
    Env,
    Field,
    InputKind,
    ProvinceChoices,
    Refused,
    labeller,
    never,
    required,
)
from conversations.kit.forms import Form, Ref, SectionStore, Sheet
from conversations.kit.groups import Group, ItemStore, Rows, list_form
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import Choice
from conversations.kit.uploads import StoredAnswer, save_field_document
from conversations.kit.verification import LICENSE_ISSUED
from scoring import (
    BuildingField,
    DegreeLevel,
    EmploymentStatus,
    LicenseDocument,
    LicenseSection,
    check_license_validity,
    check_project_dates,
    default_rules,
    first_incomplete_license_section,
    missing_in_license_section,
    parse_amount,
    parse_area,
    parse_floors,
    parse_jalali_date,
    slot_kind,
    validate_email,
    validate_landline,
    validate_mobile,
    validate_phone,
)
from scoring.license_application import (
    APPLICATION_REQUIREMENTS,
    DECLARATION_REQUIREMENTS,
    LICENSE_REQUIREMENTS,
    PERSONAL_PHOTOS_COUNT,
    PROJECT_REQUIREMENTS,
    grades_of,
    missing_in_project,
    section_documents,
)
from scoring.normalize import format_decimal
from storage import cases
from storage.builder_license import KIND, LicenseStatus
from storage.cases import CaseFile, CaseInfo
from storage.standing import MEMBER, MEMBERSHIP

# ---- numbers and choices from the rules file -----------------------------------------------------


class LicenseKindChoices:
    """Worksheet 3: the license kinds of the rules file."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        return [Choice(key, kind.label(ctx.t.lang)) for key, kind in default_rules().license_kinds.items()]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        kind = default_rules().license_kinds.get(value)
        return kind.label(t.lang) if kind is not None else "—"


class GradeChoices:
    """Worksheet 3: the grades the chosen kind has in the rules file."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        kind = answers.get("license_kind")
        return [Choice(str(g), grade_label(g, ctx.t)) for g in grades_of(kind)]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return grade_label(value, t)


class RecordTypeChoices:
    """Worksheet 4: the record types of the rules file (the applicant's role on site)."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        return [Choice(key, kind.label(ctx.t.lang)) for key, kind in default_rules().record_types.items()]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return record_type_label(value, t.lang)


# ---- worksheet 1: the application -----------------------------------------------------------------

application = required(APPLICATION_REQUIREMENTS)


def license_validity(text: str, _: Env) -> str:
    return check_license_validity(parse_jalali_date(text)).isoformat()


APPLICATION_FIELDS = (
    application("membership_number", InputKind.TEXT, parsers.identifier),
    application("field", InputKind.CHOICE, choices=EnumChoices(BuildingField), prompt="q-license-field"),
    application("degree_level", InputKind.CHOICE, choices=EnumChoices(DegreeLevel)),
    application("license_number", InputKind.TEXT, parsers.identifier),
    application("license_valid_until", InputKind.DATE, license_validity),
    application("home_address", InputKind.TEXT, parsers.address),
    application("office_address", InputKind.TEXT, parsers.address, carries=parsers.postal_code_of("postal_code")),
    application("postal_code", InputKind.TEXT, parsers.postal_code, prompt="q-license-postal_code", follows=True),
    application("landline", InputKind.TEXT, lambda text, _: validate_landline(text)),
    application("mobile_phone", InputKind.TEXT, lambda text, _: validate_mobile(text)),
    Field("email", InputKind.TEXT, lambda text, _: validate_email(text), optional=True),
    # issue 25: the file belongs to the province of the membership; asked only when the bot does not
    # know it (a member from before the bot) and serves several provinces
    Field(
        "membership_province",
        InputKind.CHOICE,
        choices=ProvinceChoices(served_only=True),
        when=lambda answers: bool(answers.get("ask_province")),
    ),
)
# issue 29: a section's summary only where it saves a correction — the preliminary score and the
# final confirmation show every worksheet with its "edit" button; worksheet 1 keeps its summary
# for a member the bot knows, whose answers it gave from the membership file and who has not seen them
WORKSHEET1 = Form(
    "license_application",
    "form-license-application",
    APPLICATION_FIELDS,
    SectionStore(LicenseSection.APPLICATION),
    recap=lambda answers: bool(answers.get("known_member")),
)

# ---- worksheet 2: self-declaration -----------------------------------------------------------------

declaration = required(DECLARATION_REQUIREMENTS)


def declarant(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
    return {"name": file.applicant.full_name if file is not None else "—"}


def document(kind: LicenseDocument, **kwargs: Any) -> Field:
    """A document the core names, asked as several files (every page or both sides)."""
    return Field(
        kind.value,
        InputKind.DOCUMENT,
        several=True,
        prompt=f"q-ldoc-{kind.value}",
        caption=kind.label,
        **kwargs,
    )


DECLARATION_FIELDS = (
    declaration("full_time_declaration", InputKind.CONFIRM, prompt_args=declarant),
    declaration(
        "employment",
        InputKind.CHOICE,
        choices=EnumChoices(EmploymentStatus),
        resets=("employer_company", "employment_detail"),
    ),
    declaration("employer_company", InputKind.TEXT, parsers.short_text),
    declaration("employment_detail", InputKind.TEXT, parsers.short_text),
    document(LicenseDocument.EMPLOYMENT_PROOF),
)
DECLARATION = Form(
    "license_declaration",
    "form-license-declaration",
    DECLARATION_FIELDS,
    SectionStore(LicenseSection.DECLARATION, documents=True),
    recap=never,
)

# ---- worksheet 3: the engineering license ------------------------------------------------------------

license_field = required(LICENSE_REQUIREMENTS)


def execution_competence(value: Any, _: Env) -> None:
    """spec "Who applies": without execution competence printed on the license, no application."""
    if value is False:
        raise Refused("license-no-competence")


LICENSE_FIELDS = (
    license_field("license_kind", InputKind.CHOICE, choices=LicenseKindChoices(), resets=("license_grade",)),
    license_field("license_grade", InputKind.CHOICE, choices=GradeChoices()),
    license_field("execution_competence", InputKind.YES_NO, check=execution_competence),
    document(LicenseDocument.ENGINEERING_LICENSE_CARD, sides=True, min_files=2),  # spec: both sides
)
LICENSE_FORM = Form(
    "license_license",
    "form-license-license",
    LICENSE_FIELDS,
    SectionStore(LicenseSection.ENGINEERING_LICENSE, documents=True),
    recap=never,
)

# ---- worksheet 4: the professional record, a list of projects --------------------------------------------

project = required(PROJECT_REQUIREMENTS)


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def project_start(text: str, env: Env) -> str:
    start = parse_jalali_date(text)
    check_project_dates(start, _date(env.answers.get("end_date")))
    return start.isoformat()


def project_end(text: str, env: Env) -> str:
    end = parse_jalali_date(text)
    check_project_dates(_date(env.answers.get("start_date")), end)
    return end.isoformat()


PROVINCES = ProvinceChoices()
PROJECT_FIELDS = (
    project("name", InputKind.TEXT, parsers.short_text, prompt="q-project-name", label="f-project-name"),
    project(
        "province", InputKind.CHOICE, choices=ProvinceChoices(), prompt="q-project-province", label="f-project-province"
    ),
    project("city", InputKind.TEXT, parsers.short_text, prompt="q-project-city"),
    project("start_date", InputKind.DATE, project_start),
    project("end_date", InputKind.DATE, project_end),
    project("area_m2", InputKind.TEXT, lambda text, _: format_decimal(parse_area(text)), display=area_text),
    project("floors", InputKind.TEXT, lambda text, _: parse_floors(text)),
    project("record_type", InputKind.CHOICE, choices=RecordTypeChoices()),
    project("employer_name", InputKind.TEXT, parsers.short_text),
    project("employer_phone", InputKind.TEXT, lambda text, _: validate_phone(text)),
    document(LicenseDocument.PROJECT_EVIDENCE),
)


def project_line(t: Translator, n: int, answers: Mapping[str, Any], complete: bool, file: CaseFile) -> str:
    area = answers.get("area_m2")
    return t(
        "project-line",
        n=t.digits(n),
        name=str(answers.get("name") or "—"),
        area=area_text(area, t) if area else "—",
        type=record_type_label(answers.get("record_type"), t.lang),
        state=t("item-complete") if complete else t("item-incomplete"),
    )


PROJECT_ROWS = Rows(
    of=lambda file: file.projects,
    add=cases.add_license_project,
    update=cases.update_license_project,
    remove=cases.remove_license_project,
)
PROJECTS = Group(
    item=Form(
        "license_project",
        "form-license-project",
        PROJECT_FIELDS,
        ItemStore(PROJECT_ROWS),
        "btn-save-project",
        recap=never,  # the list shows it with its "edit" button
        # issue 29: a project's facts in one answer (its document after them)
        sheet=Sheet(tuple(f.name for f in PROJECT_FIELDS if f.kind != InputKind.DOCUMENT), "sheet-project-intro"),
    ),
    rows=PROJECT_ROWS,
    missing=lambda answers, position, file: missing_in_project(answers, position, file.received_count),
    line=project_line,
    title="projects-title",
    empty="projects-empty",
    add_label="btn-add-project",
    incomplete="projects-incomplete",
    min_items=1,  # issue 11: at least one project
    heading="project-heading",
)
RECORD = list_form("license_record", "form-license-record", "projects", PROJECTS, SectionStore(LicenseSection.RECORD))

# ---- worksheet 5: financial capability ---------------------------------------------------------------


def amount(text: str, _: Env) -> str:
    return format_decimal(parse_amount(text))


def finance_item_args(item: str) -> Any:
    def args(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
        return {"item": finance_label(item, t.lang)}

    return args


def finance_fields_of(items: Sequence[str]) -> list[Field]:
    fields: list[Field] = []
    for item in items:
        fields.append(
            Field(
                item,
                InputKind.TEXT,
                amount,
                prompt="q-finance-amount",
                prompt_args=finance_item_args(item),
                caption=lambda lang, item=item: finance_label(item, lang),  # type: ignore[misc]
                display=amount_text,
            )
        )
        fields.append(
            Field(
                f"{item}_evidence",
                InputKind.DOCUMENT,
                document=LicenseDocument.FINANCE_EVIDENCE.value,
                document_ref=item,
                several=True,
                when=lambda answers, item=item: Decimal(str(answers.get(item) or 0)) > 0,  # type: ignore[misc]
                prompt="q-finance-evidence",
                prompt_args=finance_item_args(item),
                caption=lambda lang, item=item: (
                    LicenseDocument.FINANCE_EVIDENCE.label(lang)  # type: ignore[misc]
                    + " — "
                    + finance_label(item, lang)
                ),
            )
        )
    fields.append(document(LicenseDocument.FINANCE_NOTE, optional=True))
    return fields


def finance_fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
    """spec worksheet 5: the items of the rules file, each non-zero one with its document."""
    return finance_fields_of(list(default_rules().finance_items))


@dataclass(frozen=True)
class FinanceStore(SectionStore):
    """Worksheet 5: the amounts claimed are rows of their own (``license_finance_items``, exact
    decimals, which review verifies item by item); documents are of the item (``finance_evidence:<item>``)."""

    section: str = LicenseSection.FINANCE.value

    def pick(self, file: CaseFile, ref: Ref) -> dict[str, Any]:
        answers: dict[str, Any] = dict(file.section(self.section))
        answers.update({f.item: format_decimal(f.amount) for f in file.finance})
        for slot in file.received:
            kind, _, item = slot.partition(":")
            if kind == LicenseDocument.FINANCE_EVIDENCE:
                answers[f"{item}_evidence"] = True
            elif slot == LicenseDocument.FINANCE_NOTE:
                answers[slot] = True
        return answers

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        if ref.case is None:
            raise Refused("no-open-file")
        if isinstance(value, StoredAnswer):
            await save_field_document(ctx, ref.case, field, None, value)
        elif field.name in default_rules().finance_items:
            await cases.set_finance_item(ctx.session, ref.case, field.name, Decimal(str(value)))
        else:
            await cases.save_answer(ctx.session, ref.case, self.section, field.name, value)

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        if ref.case is None:
            return
        items = [n for n in names if n in default_rules().finance_items]
        await cases.remove_finance_items(ctx.session, ref.case, items)
        await cases.delete_answers(ctx.session, ref.case, self.section, [n for n in names if n not in items])


FINANCE = Form(
    "license_finance",
    "form-license-finance",
    finance_fields,
    FinanceStore(),
    every=finance_fields_of(list(default_rules().finance_items)),
    recap=never,
)

# ---- documents: exactly the set the core computes -----------------------------------------------------


def fee_args(t: Translator, org: Organization, answers: Mapping[str, Any]) -> Mapping[str, Any]:
    fee = org.fee(KIND)
    return {"fee": t.money(fee.rials), "account": fee.account or "—"}


CASE_DOCUMENT_FIELDS = {
    LicenseDocument.BIRTH_CERTIFICATE: document(LicenseDocument.BIRTH_CERTIFICATE),
    LicenseDocument.NATIONAL_CARD: document(LicenseDocument.NATIONAL_CARD, sides=True, min_files=2),
    LicenseDocument.MEMBERSHIP_CARD: document(
        LicenseDocument.MEMBERSHIP_CARD, sides=True, min_files=2
    ),  # spec: both sides
    LicenseDocument.PERSONAL_PHOTOS: Field(
        LicenseDocument.PERSONAL_PHOTOS.value,
        InputKind.PHOTO,
        several=True,
        min_files=PERSONAL_PHOTOS_COUNT,
        prompt="q-ldoc-personal_photos",
        caption=LicenseDocument.PERSONAL_PHOTOS.label,
    ),
    LicenseDocument.FEE_SLIP: document(LicenseDocument.FEE_SLIP, org_args=fee_args),
    LicenseDocument.SETTLEMENT_LETTER: document(LicenseDocument.SETTLEMENT_LETTER, optional=True),
}


def document_fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
    """The documents checklist (مدارک مورد نیاز), as the core computes it for this file."""
    if file is None:
        return ()
    app = application_view(file)
    return [CASE_DOCUMENT_FIELDS[d.kind] for d in section_documents(LicenseSection.DOCUMENTS, app)]


DOCUMENTS = Form(
    "license_documents",
    "form-license-documents",
    document_fields,
    SectionStore(LicenseSection.DOCUMENTS, documents=True),
    every=tuple(CASE_DOCUMENT_FIELDS.values()),
    recap=never,
)

# ---- the application ----------------------------------------------------------------------------


def _section(core: LicenseSection, form: Form, **kwargs: Any) -> Section:
    return Section(core.value, form, core.label, **kwargs)


SECTIONS = (
    _section(LicenseSection.APPLICATION, WORKSHEET1),
    _section(LicenseSection.DECLARATION, DECLARATION),
    _section(LicenseSection.ENGINEERING_LICENSE, LICENSE_FORM),
    _section(LicenseSection.RECORD, RECORD),
    _section(LicenseSection.FINANCE, FINANCE),
    _section(LicenseSection.DOCUMENTS, DOCUMENTS, documents=True),
)


CORE = CoreRules(application_view, LicenseSection, missing_in_license_section, first_incomplete_license_section)


# ---- who may apply, and what the bot already knows ------------------------------------------------


async def membership_file(ctx: Ctx) -> CaseInfo | None:
    """The applicant's membership file if the bot made them a member."""
    applicant = await ctx.applicant()
    if applicant is None:
        return None
    latest = await cases.latest_case(ctx.session, applicant.id, MEMBERSHIP)
    return latest if latest is not None and latest.status == MEMBER else None


async def known_member(ctx: Ctx) -> bool:
    return await membership_file(ctx) is not None


DEGREE_ORDER = list(DegreeLevel)


async def prefill(ctx: Ctx, case: CaseInfo) -> Prefilled:
    """Worksheet 1 from the membership file (field and degree of the highest degree, addresses,
    postal code, membership number) and the verified mobile; the applicant confirms or corrects."""
    applicant = await ctx.applicant()
    answers: dict[str, Any] = {"mobile_phone": applicant.mobile if applicant else None, "known_member": False}
    if case.province is None and ctx.services.tenants:  # whose organization's file: asked (issue 25)
        answers["ask_province"] = True
    member = await membership_file(ctx)
    found = await cases.case_file(ctx.session, member.id, ctx.services.parts) if member is not None else None
    if member is None or found is None:
        return Prefilled({LicenseSection.APPLICATION.value: answers})
    personal = found.section("personal")
    degrees = sorted(
        (d for d in found.degrees if d.level in DegreeLevel._value2member_map_),
        key=lambda d: DEGREE_ORDER.index(DegreeLevel(str(d.level))),
    )
    best = degrees[-1] if degrees else None
    answers.update(
        known_member=True,
        membership_number=member.membership_number,
        field=best.field if best else None,
        degree_level=best.level if best else None,
        home_address=personal.get("residence_address"),
        office_address=personal.get("work_address"),
        postal_code=personal.get("residence_postal_code"),
    )
    values = {k: v for k, v in answers.items() if v is not None}
    return Prefilled({LicenseSection.APPLICATION.value: values}, note="license-prefilled")


def future_province(file: CaseFile) -> str | None:
    """The file's province, or the membership province answered in worksheet 1 that
    ``copy_province`` makes the file's at submission (the preliminary score is that province's)."""
    chosen = file.section(LicenseSection.APPLICATION.value).get("membership_province")
    return file.case.province or (str(chosen) if chosen else None)


async def copy_province(ctx: Ctx, file: CaseFile) -> None:
    """The membership province answered in worksheet 1 becomes the file's (issue 25)."""
    chosen = file.section(LicenseSection.APPLICATION.value).get("membership_province")
    if file.case.province is None and chosen:
        await cases.set_case_fields(ctx.session, file.case.id, province=str(chosen))


GATE = Gate(
    known=known_member,
    question="license-gate-question",
    refused="license-gate-refused",
    offer=MEMBERSHIP,
    offer_label="btn-license-gate-membership",
)


def is_license_document(slot: str) -> bool:
    return slot_kind(slot) in LicenseDocument._value2member_map_


APPLICATION = Application(
    name=KIND,
    process=PROCESS,
    desk=DESK,
    sections=SECTIONS,
    missing=CORE.missing,
    first_incomplete=CORE.first_incomplete,
    document_label=labeller(LicenseDocument),
    receipt=receipt,
    texts=Texts(
        menu_new="menu-license",
        menu_continue="menu-license-continue",
        menu_done="menu-license-done",
        done="license-complete",
        submitted="license-submitted",
        confirm_question="license-confirm-question",
        confirm_button="btn-license-submit",
    ),
    done_status=LicenseStatus.CLOSED,
    gate=GATE,
    prefill=prefill,
    before_submit=copy_province,
    province=future_province,
    preview=Preview(preliminary_text),
    # its own declaration, not the membership rules (seed 003, worksheet 2's self-declaration)
    rules=OwnRules(
        "license-rules-title",
        "license-rules-text",
        LicenseSection.DECLARATION.value,
        "full_time_declaration",
        button="btn-accept-declaration",
        done="license-rules-accepted",
    ),
    deep_link="license",  # /start apply_license
    documents={LICENSE_ISSUED: license_notice},  # the license-issued notice (issue 27)
)
