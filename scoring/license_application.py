"""The builder-license application (spec/builder-license.md, seed 003): its sections (worksheets
1–5 and the documents checklist), what each needs, which documents, and the preliminary score the
applicant sees before confirming.

Kinds, grades, record types and finance items are the rules file's (``license_rules.toml``), read
at call time, so a province editing that file changes what is asked and how it scores without a
code change. Answers are plain mappings as the dialog stores them (see ``scoring.requirements``);
the dialog's forms use the same requirements, so "what is asked" and "what is complete" agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.errors import InvalidInput
from scoring.license import (
    Explanation,
    LicenseScore,
    Rules,
    WorksheetScore,
    default_rules,
    parse_license_request,
    score_license,
)
from scoring.membership import document_slot
from scoring.requirements import Answers, Labelled, Requirement, add_labels, answered, missing_fields


class LicenseSection(Labelled):
    """The application's sections, strictly in this order (issue 11)."""

    APPLICATION = "application"  # worksheet 1
    DECLARATION = "declaration"  # worksheet 2
    ENGINEERING_LICENSE = "license"  # worksheet 3: the engineer's own engineering license (its kind and grade)
    RECORD = "record"  # worksheet 4
    FINANCE = "finance"  # worksheet 5
    DOCUMENTS = "documents"  # the documents checklist (مدارک مورد نیاز)


class EmploymentStatus(Labelled):
    """Worksheet 2: the current employment status the applicant attaches."""

    SELF_EMPLOYED = "self_employed"
    COMPANY_EMPLOYEE = "company_employee"
    UNEMPLOYED = "unemployed"
    OTHER = "other"


class LicenseDocument(Labelled):
    EMPLOYMENT_PROOF = "employment_proof"  # worksheet 2: insurance record or letter
    ENGINEERING_LICENSE_CARD = "license_card"  # worksheet 3: the engineering license, both sides
    PROJECT_EVIDENCE = "project_evidence"  # worksheet 4: one per project
    FINANCE_EVIDENCE = "finance_evidence"  # worksheet 5: one per item claimed
    FINANCE_NOTE = "finance_note"  # worksheet 5's note: office deed/lease or bank letter (optional)
    BIRTH_CERTIFICATE = "birth_certificate"  # every page
    NATIONAL_CARD = "national_card"
    MEMBERSHIP_CARD = "membership_card"  # both sides
    PERSONAL_PHOTOS = "personal_photos"  # two 3×4 colour photos
    FEE_SLIP = "fee_slip"
    SETTLEMENT_LETTER = "settlement_letter"  # the finance office's برگ تسویه حساب, if already held


add_labels(
    {
        LicenseSection.APPLICATION: ("کاربرگ ۱ — درخواست", "Worksheet 1 — application"),
        LicenseSection.DECLARATION: ("کاربرگ ۲ — خوداظهاری", "Worksheet 2 — self-declaration"),
        LicenseSection.ENGINEERING_LICENSE: ("کاربرگ ۳ — پروانه اشتغال", "Worksheet 3 — license"),
        LicenseSection.RECORD: ("کاربرگ ۴ — سابقه حرفه‌ای", "Worksheet 4 — professional record"),
        LicenseSection.FINANCE: ("کاربرگ ۵ — توان مالی", "Worksheet 5 — financial capability"),
        LicenseSection.DOCUMENTS: ("مدارک", "Documents"),
        EmploymentStatus.SELF_EMPLOYED: ("مجری آزاد (خویش‌فرما)", "Self-employed builder"),
        EmploymentStatus.COMPANY_EMPLOYEE: ("کارمند شرکت", "Employee of a company"),
        EmploymentStatus.UNEMPLOYED: ("بدون شغل", "Without a job"),
        EmploymentStatus.OTHER: ("سایر", "Other"),
        LicenseDocument.EMPLOYMENT_PROOF: ("مدرک وضعیت اشتغال", "Proof of employment status"),
        LicenseDocument.ENGINEERING_LICENSE_CARD: ("پروانه اشتغال (دو رو)", "Engineering license (both sides)"),
        LicenseDocument.PROJECT_EVIDENCE: ("مدرک سابقه پروژه", "Project record document"),
        LicenseDocument.FINANCE_EVIDENCE: ("مدرک توان مالی", "Financial capability document"),
        LicenseDocument.FINANCE_NOTE: ("سند دفتر کار یا گواهی بانکی", "Office deed or lease, or bank letter"),
        LicenseDocument.BIRTH_CERTIFICATE: ("شناسنامه (همه صفحات)", "Birth certificate (every page)"),
        LicenseDocument.NATIONAL_CARD: ("کارت ملی", "National card"),
        LicenseDocument.MEMBERSHIP_CARD: ("کارت عضویت (دو رو)", "Membership card (both sides)"),
        LicenseDocument.PERSONAL_PHOTOS: ("دو قطعه عکس ۳×۴", "Two 3×4 photos"),
        LicenseDocument.FEE_SLIP: ("فیش واریز هزینه", "Fee payment slip"),
        LicenseDocument.SETTLEMENT_LETTER: ("برگ تسویه حساب امور مالی", "Finance office settlement letter"),
    }
)

# ---- what each section needs ---------------------------------------------------------------------

APPLICATION_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("membership_number"),
    Requirement("field"),
    Requirement("degree_level"),
    Requirement("license_number"),
    Requirement("license_valid_until"),
    Requirement("home_address"),
    Requirement("office_address"),
    Requirement("postal_code"),
    Requirement("landline"),
    Requirement("mobile_phone"),
)
OPTIONAL_APPLICATION_FIELDS = ("email",)

DECLARATION_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("full_time_declaration", must_be=True),
    Requirement("employment"),
    Requirement("employer_company", answered("employment", EmploymentStatus.COMPANY_EMPLOYEE)),
    Requirement("employment_detail", answered("employment", EmploymentStatus.OTHER)),
)

# spec "Who applies": execution competence printed on the license; without it no application
LICENSE_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("license_kind"),
    Requirement("license_grade"),
    Requirement("execution_competence", must_be=True),
)

PROJECT_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("name"),
    Requirement("province"),
    Requirement("city"),
    Requirement("start_date"),
    Requirement("end_date"),
    Requirement("area_m2"),
    Requirement("floors"),
    Requirement("record_type"),
    Requirement("employer_name"),
    Requirement("employer_phone"),
)

REQUIREMENTS: Mapping[LicenseSection, tuple[Requirement, ...]] = {
    LicenseSection.APPLICATION: APPLICATION_REQUIREMENTS,
    LicenseSection.DECLARATION: DECLARATION_REQUIREMENTS,
    LicenseSection.ENGINEERING_LICENSE: LICENSE_REQUIREMENTS,
}


@dataclass(frozen=True, slots=True)
class RequiredFile:
    """A document the application needs: its kind, the item it belongs to (a project, a finance
    item), how many files at least (two photos), and whether it may be left out."""

    kind: LicenseDocument
    ref: str | None = None
    min_count: int = 1
    optional: bool = False

    @property
    def slot(self) -> str:
        return document_slot(self.kind.value, self.ref)


# spec checklist 3: two 3×4 colour photos
PERSONAL_PHOTOS_COUNT = 2


@dataclass(frozen=True)
class LicenseApplication:
    """What the rules need to know of a builder-license file.

    ``projects`` carry their ``id`` (documents of a project are named by it); ``finance`` holds
    the claimed amounts in billion rials; ``received`` maps a document slot to the number of files
    received for it (every page of a birth certificate is one file of the same slot).
    """

    application: Answers = field(default_factory=dict)
    declaration: Answers = field(default_factory=dict)
    license: Answers = field(default_factory=dict)
    projects: Sequence[Answers] = ()
    finance: Mapping[str, Decimal] = field(default_factory=dict)
    documents: Answers = field(default_factory=dict)
    received: Mapping[str, int] = field(default_factory=dict)
    # seed 003 asks for the finance office's settlement sheet; a member whose dues the bot has
    # settled through the current year holds its certificate already (the annual dues application)
    dues_settled: bool = False

    @property
    def known_member(self) -> bool:
        """The bot itself made the applicant a member (their membership file is in it)."""
        return self.application.get("known_member") is True

    def answers(self, section: LicenseSection) -> Answers:
        return {
            LicenseSection.APPLICATION: self.application,
            LicenseSection.DECLARATION: self.declaration,
            LicenseSection.ENGINEERING_LICENSE: self.license,
            LicenseSection.DOCUMENTS: self.documents,
        }.get(section, {})


def project_ref(project: Answers, position: int) -> str:
    ref = project.get("id")
    return str(ref) if ref is not None else str(position)


def grades_of(kind: object, rules: Rules | None = None) -> list[int]:
    """The grades a license kind has in the rules (best last: 3, 2, 1)."""
    rules = rules or default_rules()
    table = rules.license_points.get(str(kind)) if kind is not None else None
    return sorted(table, reverse=True) if table else []


def missing_in_project(
    project: Answers, position: int, received: Mapping[str, int], rules: Rules | None = None
) -> list[str]:
    """What one project of worksheet 4 lacks: its fields, a record type the rules know, its document."""
    rules = rules or default_rules()
    missing = missing_fields(PROJECT_REQUIREMENTS, project)
    if project.get("record_type") and project.get("record_type") not in rules.record_types:
        missing.append("record_type")
    evidence = RequiredFile(LicenseDocument.PROJECT_EVIDENCE, project_ref(project, position))
    if received.get(evidence.slot, 0) < evidence.min_count:
        missing.append(evidence.slot)
    return missing


def section_documents(
    section: LicenseSection, app: LicenseApplication, rules: Rules | None = None
) -> list[RequiredFile]:
    """The documents of a section, in the order they are asked (a project's are asked with it)."""
    rules = rules or default_rules()
    if section is LicenseSection.DECLARATION:
        return [RequiredFile(LicenseDocument.EMPLOYMENT_PROOF)]
    if section is LicenseSection.ENGINEERING_LICENSE:
        return [RequiredFile(LicenseDocument.ENGINEERING_LICENSE_CARD)]
    if section is LicenseSection.RECORD:
        return [RequiredFile(LicenseDocument.PROJECT_EVIDENCE, project_ref(p, n)) for n, p in enumerate(app.projects)]
    if section is LicenseSection.FINANCE:
        # worksheet 5: "with documents" — each item claimed; the note's office or bank letter may be added
        claimed = [item for item in rules.finance_items if app.finance.get(item, Decimal(0)) > 0]
        return [
            *(RequiredFile(LicenseDocument.FINANCE_EVIDENCE, item) for item in claimed),
            RequiredFile(LicenseDocument.FINANCE_NOTE, optional=True),
        ]
    if section is LicenseSection.DOCUMENTS:
        docs = [
            RequiredFile(LicenseDocument.BIRTH_CERTIFICATE),
            RequiredFile(LicenseDocument.NATIONAL_CARD),
        ]
        # Interpretation: a member the bot made has their membership file here (the card may not be
        # printed yet); a member from before the bot proves it with the card, which staff verify.
        if not app.known_member:
            docs.append(RequiredFile(LicenseDocument.MEMBERSHIP_CARD))
        docs += [
            RequiredFile(LicenseDocument.PERSONAL_PHOTOS, min_count=PERSONAL_PHOTOS_COUNT),
            RequiredFile(LicenseDocument.FEE_SLIP),
        ]
        if not app.dues_settled:
            docs.append(RequiredFile(LicenseDocument.SETTLEMENT_LETTER, optional=True))
        return docs
    return []


def _missing_files(files: Sequence[RequiredFile], received: Mapping[str, int]) -> list[str]:
    return [f.slot for f in files if not f.optional and received.get(f.slot, 0) < f.min_count]


def missing_in_license_section(
    section: LicenseSection, app: LicenseApplication, rules: Rules | None = None
) -> list[str]:
    """What is still missing in ``section`` (empty when complete), as field names or slots."""
    rules = rules or default_rules()
    if section is LicenseSection.RECORD:
        if not app.projects:
            return ["projects"]
        return [
            f"projects[{n}].{name}" if ":" not in name else name
            for n, project in enumerate(app.projects)
            for name in missing_in_project(project, n, app.received, rules)
        ]
    missing = missing_fields(REQUIREMENTS.get(section, ()), app.answers(section))
    if section is LicenseSection.ENGINEERING_LICENSE:
        grade = app.license.get("license_grade")
        if grade is not None and _grade(grade) not in grades_of(app.license.get("license_kind"), rules):
            missing.append("license_grade")
    if section is LicenseSection.FINANCE:
        missing += [f"finance.{item}" for item in rules.finance_items if item not in app.finance]
    return missing + _missing_files(section_documents(section, app, rules), app.received)


def first_incomplete_license_section(app: LicenseApplication, rules: Rules | None = None) -> LicenseSection | None:
    for section in LicenseSection:
        if missing_in_license_section(section, app, rules):
            return section
    return None


def _grade(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


# ---- the score of the applicant's own figures ------------------------------------------------------


def request_data(app: LicenseApplication, desirability: Sequence[int]) -> dict[str, Any]:
    """The request as ``nezam-bot score`` reads it (its JSON), from the applicant's figures."""
    return {
        "license": {"kind": app.license.get("license_kind"), "grade": _grade(app.license.get("license_grade"))},
        "experience": [
            {"type": p.get("record_type"), "area_m2": str(p.get("area_m2"))}
            for p in app.projects
            if p.get("area_m2") is not None
        ],
        "finance": {item: str(amount) for item, amount in app.finance.items()},
        "desirability": list(desirability),
    }


def marks_for(total: int, rules: Rules) -> list[int] | None:
    """Marks of worksheet 6 that sum to ``total`` (None when the criteria cannot reach it)."""
    marks = []
    left = total
    for _ in rules.desirability_criteria:
        mark = min(rules.max_mark, left)
        marks.append(mark)
        left -= mark
    return marks if left == 0 else None


@dataclass(frozen=True)
class BandOutcome:
    """What one band of desirability (worksheet 6, the organization's) would make of the total."""

    marks: int  # the band's lowest sum of marks
    score: LicenseScore  # the whole score with that band
    next_grade: tuple[int, Decimal] | None  # the next better grade and the total it needs

    @property
    def points(self) -> Decimal:
        return self.score.worksheets["6"].points


@dataclass(frozen=True)
class Preliminary:
    """The estimate shown before confirming: worksheets 3–5 from the applicant's own figures,
    each band of worksheet 6, and the floors not met."""

    worksheets: Mapping[str, WorksheetScore]  # "3", "4", "5"
    explanations: Sequence[Explanation]  # of worksheets 3–5
    subtotal: Decimal
    bands: Sequence[BandOutcome]
    below_floor: Sequence[str]  # of worksheets 4 and 5


def _next_grade(total: Decimal, grade: int | None, rules: Rules) -> tuple[int, Decimal] | None:
    better = [(g, m) for g, m in rules.grades if m > total]
    return min(better, key=lambda gm: gm[1]) if better else None


def preliminary_score(app: LicenseApplication, rules: Rules | None = None) -> Preliminary | None:
    """The preliminary score, or None while worksheets 3–5 are not complete enough to score."""
    rules = rules or default_rules()
    try:
        parse_license_request(request_data(app, [0] * len(rules.desirability_criteria)), rules)
    except InvalidInput:
        return None
    bands: list[BandOutcome] = []
    base: LicenseScore | None = None
    for band in rules.bands:
        marks = marks_for(band.start, rules)
        if marks is None:  # a band the marks cannot reach (the seed's "51 and more")
            continue
        score = score_license(parse_license_request(request_data(app, marks), rules), rules)
        base = base or score
        bands.append(BandOutcome(band.start, score, _next_grade(score.total, score.grade, rules)))
    if base is None:
        base = score_license(parse_license_request(request_data(app, [0] * len(rules.desirability_criteria)), rules))
    sheets = {ws: base.worksheets[ws] for ws in ("3", "4", "5")}
    return Preliminary(
        worksheets=sheets,
        explanations=[e for e in base.explanations if e.worksheet in sheets],
        subtotal=sum((s.points for s in sheets.values()), Decimal(0)),
        bands=bands,
        below_floor=[ws for ws, s in sheets.items() if s.below_floor],
    )
