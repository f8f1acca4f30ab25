"""Membership rules (spec/membership.md): enumerations, what each section needs, which documents.

Answers are plain mappings (what the dialog stores in the draft, JSON-friendly): yes/no answers
are booleans, dates are ISO ``YYYY-MM-DD`` strings (Gregorian), choices are enum values.
The field requirements below are data; the dialog's forms use the same conditions, so "is this
section complete" and "which question comes next" cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scoring.provinces import provinces_for_national_code
from scoring.requirements import Answers, Labelled, Requirement, add_labels, answered, answered_yes, missing_fields


class Section(Labelled):
    """spec §2: the four sections, strictly in this order."""

    PERSONAL = "personal"
    EDUCATION = "education"
    FAMILY = "family"
    DOCUMENTS = "documents"


class BuildingField(Labelled):
    """spec §2.2: the seven main building disciplines (رشته‌های هفتگانه)."""

    CIVIL = "civil"
    ARCHITECTURE = "architecture"
    MECHANICAL = "mechanical"
    ELECTRICAL = "electrical"
    SURVEYING = "surveying"
    URBAN_PLANNING = "urban_planning"
    TRAFFIC = "traffic"


class DegreeLevel(Labelled):
    """spec §2.2: degree levels (مقطع)."""

    ASSOCIATE = "associate"
    BACHELOR_DISCONTINUOUS = "bachelor_discontinuous"
    BACHELOR_CONTINUOUS = "bachelor_continuous"
    MASTER = "master"
    PHD = "phd"


class DegreeCodeKind(Labelled):
    """spec §2.2: the code field holds the certificate's inquiry code, or a verification's code."""

    INQUIRY = "inquiry"
    VERIFICATION = "verification"


class Gender(Labelled):
    MALE = "male"
    FEMALE = "female"


class LegalDomicile(Labelled):
    """spec §2.1: the address for official correspondence (اقامتگاه قانونی)."""

    RESIDENCE = "residence"
    WORK = "work"
    NEW = "new"


class InsuranceType(Labelled):
    SOCIAL_SECURITY = "social_security"
    MEDICAL_SERVICES = "medical_services"
    ARMED_FORCES = "armed_forces"


class FamilyRelation(Labelled):
    SPOUSE = "spouse"
    CHILD = "child"


class ResidenceProofKind(Labelled):
    """spec §2.4: documents that prove six months' residence in the requested province."""

    PROPERTY_DEED = "property_deed"
    OFFICIAL_LEASE = "official_lease"
    CHILDREN_SCHOOL_CERTIFICATE = "children_school_certificate"
    INSURANCE_RECORD = "insurance_record"
    EMPLOYMENT_ORDER = "employment_order"


class MembershipDocument(Labelled):
    NATIONAL_CARD = "national_card"
    BIRTH_CERTIFICATE = "birth_certificate"
    PERSONAL_PHOTO = "personal_photo"
    DEGREE_CERTIFICATE = "degree_certificate"
    DEGREE_VERIFICATION = "degree_verification"
    RESIDENCE_PROOF = "residence_proof"
    TECHNICIAN_NON_MEMBERSHIP = "technician_non_membership"


add_labels(
    {
        Section.PERSONAL: ("مشخصات فردی", "Personal details"),
        Section.EDUCATION: ("اطلاعات تحصیلی", "Education"),
        Section.FAMILY: ("اطلاعات همسر و فرزندان", "Spouse and children"),
        Section.DOCUMENTS: ("مدارک و مستندات", "Documents"),
        BuildingField.CIVIL: ("عمران", "Civil engineering"),
        BuildingField.ARCHITECTURE: ("معماری", "Architecture"),
        BuildingField.MECHANICAL: ("تاسیسات مکانیکی", "Mechanical installations"),
        BuildingField.ELECTRICAL: ("تاسیسات برقی", "Electrical installations"),
        BuildingField.SURVEYING: ("نقشه‌برداری", "Surveying"),
        BuildingField.URBAN_PLANNING: ("شهرسازی", "Urban planning"),
        BuildingField.TRAFFIC: ("ترافیک", "Traffic engineering"),
        DegreeLevel.ASSOCIATE: ("کاردانی", "Associate degree"),
        DegreeLevel.BACHELOR_DISCONTINUOUS: ("کارشناسی ناپیوسته", "Bachelor (discontinuous)"),
        DegreeLevel.BACHELOR_CONTINUOUS: ("کارشناسی پیوسته", "Bachelor (continuous)"),
        DegreeLevel.MASTER: ("کارشناسی ارشد", "Master's degree"),
        DegreeLevel.PHD: ("دکتری", "PhD"),
        DegreeCodeKind.INQUIRY: ("کد استعلام روی مدرک", "Inquiry code on the certificate"),
        DegreeCodeKind.VERIFICATION: ("کد تاییدیه تحصیلی", "Education verification code"),
        Gender.MALE: ("مرد", "Male"),
        Gender.FEMALE: ("زن", "Female"),
        LegalDomicile.RESIDENCE: ("آدرس محل سکونت", "Residence address"),
        LegalDomicile.WORK: ("آدرس محل کار", "Work address"),
        LegalDomicile.NEW: ("اقامتگاه قانونی جدید", "A new legal domicile"),
        InsuranceType.SOCIAL_SECURITY: ("تامین اجتماعی", "Social security"),
        InsuranceType.MEDICAL_SERVICES: ("خدمات درمانی", "Medical services"),
        InsuranceType.ARMED_FORCES: ("نیروهای مسلح", "Armed forces"),
        FamilyRelation.SPOUSE: ("همسر", "Spouse"),
        FamilyRelation.CHILD: ("فرزند", "Child"),
        ResidenceProofKind.PROPERTY_DEED: ("سند مالکیت", "Property deed"),
        ResidenceProofKind.OFFICIAL_LEASE: ("اجاره‌نامه رسمی دارای کد رهگیری", "Official lease with tracking code"),
        ResidenceProofKind.CHILDREN_SCHOOL_CERTIFICATE: ("گواهی تحصیل فرزندان", "Children's school certificate"),
        ResidenceProofKind.INSURANCE_RECORD: ("سابقه پرداخت بیمه متقاضی", "Applicant's insurance payment record"),
        ResidenceProofKind.EMPLOYMENT_ORDER: ("حکم کارگزینی", "Employment order"),
        MembershipDocument.NATIONAL_CARD: ("کارت ملی", "National card"),
        MembershipDocument.BIRTH_CERTIFICATE: ("شناسنامه", "Birth certificate"),
        MembershipDocument.PERSONAL_PHOTO: ("عکس پرسنلی", "Personal photo"),
        MembershipDocument.DEGREE_CERTIFICATE: ("تصویر مدرک تحصیلی", "Degree certificate"),
        MembershipDocument.DEGREE_VERIFICATION: ("تصویر تاییدیه تحصیلی", "Education verification"),
        MembershipDocument.RESIDENCE_PROOF: (
            "مدرک ۶ ماه سکونت در استان",
            "Proof of 6 months' residence in the province",
        ),
        MembershipDocument.TECHNICIAN_NON_MEMBERSHIP: (
            "گواهی عدم عضویت در نظام کاردانی",
            "Certificate of non-membership in the technicians' organization",
        ),
    }
)


# ---- field requirements, as data ------------------------------------------------------------

PERSONAL_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("province"),
    Requirement("office"),
    Requirement("birth_province"),
    Requirement("residence_address"),
    Requirement("residence_postal_code"),
    Requirement("work_address"),
    Requirement("work_postal_code"),
    Requirement("legal_domicile"),
    Requirement("domicile_address", answered("legal_domicile", LegalDomicile.NEW)),
    Requirement("domicile_postal_code", answered("legal_domicile", LegalDomicile.NEW)),
    # spec §2.1: three yes/no questions; "yes" asks for the details of that item.
    Requirement("prior_membership"),
    Requirement("prior_membership_province", answered_yes("prior_membership")),
    Requirement("prior_membership_number", answered_yes("prior_membership")),
    Requirement("other_license"),
    Requirement("other_license_province", answered_yes("other_license")),
    Requirement("other_license_number", answered_yes("other_license")),
    Requirement("insurance"),
    Requirement("insurance_type", answered_yes("insurance")),
    Requirement("insurance_number", answered_yes("insurance")),
    Requirement("technician_commitment", must_be=True),
)

DEGREE_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("level"),
    Requirement("field"),
    Requirement("specialization"),
    Requirement("university"),
    Requirement("graduation_date"),
    Requirement("code_kind"),
    Requirement("code"),
)

FAMILY_MEMBER_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("relation"),
    Requirement("first_name"),
    Requirement("last_name"),
    Requirement("national_code"),
    Requirement("birth_date"),
)


# ---- the application and its documents -------------------------------------------------------


@dataclass(frozen=True)
class MembershipApplication:
    """What the rules need to know of an application.

    ``degrees`` may carry an ``id`` (the stored degree's key); documents of a degree are named by
    it, or by the degree's position when there is none. ``received`` holds the slots of the
    documents already received (see ``RequiredDocument.slot``).
    """

    national_code: str
    personal: Answers = field(default_factory=dict)
    degrees: Sequence[Answers] = ()
    family: Sequence[Answers] = ()
    documents: Answers = field(default_factory=dict)
    received: frozenset[str] = frozenset()


def document_slot(kind: str, ref: str | None = None) -> str:
    """The slot a received document fills: its kind, or ``kind:ref`` for a document of one item
    of a list (a degree's certificate). The one place this string is built."""
    return kind if ref is None else f"{kind}:{ref}"


def slot_kind(slot: str) -> str:
    """The document kind of a slot (the inverse of ``document_slot``)."""
    return slot.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    kind: MembershipDocument
    degree: str | None = None  # the degree's id (or position) for per-degree documents

    @property
    def slot(self) -> str:
        return document_slot(self.kind.value, self.degree)


def degree_ref(degree: Answers, position: int) -> str:
    ref = degree.get("id")
    return str(ref) if ref is not None else str(position)


def degree_document_kinds(degree: Answers) -> list[MembershipDocument]:
    """spec §2.2: the certificate photo always; the verification photo when there is no inquiry
    code (the code typed is the verification's)."""
    kinds = [MembershipDocument.DEGREE_CERTIFICATE]
    if degree.get("code_kind") == DegreeCodeKind.VERIFICATION:
        kinds.append(MembershipDocument.DEGREE_VERIFICATION)
    return kinds


def degree_documents(degree: Answers, position: int) -> list[RequiredDocument]:
    ref = degree_ref(degree, position)
    return [RequiredDocument(kind, ref) for kind in degree_document_kinds(degree)]


def _degree_gaps(degree: Answers, position: int, received: frozenset[str]) -> tuple[list[str], list[str]]:
    fields_missing = missing_fields(DEGREE_REQUIREMENTS, degree)
    return fields_missing, [d.slot for d in degree_documents(degree, position) if d.slot not in received]


def missing_in_degree(degree: Answers, position: int, received: frozenset[str]) -> list[str]:
    """What one degree still lacks: its fields' names, then the slots of its documents."""
    fields_missing, slots_missing = _degree_gaps(degree, position, received)
    return fields_missing + slots_missing


def missing_in_family_member(member: Answers) -> list[str]:
    """What one person of spec §2.3 still lacks."""
    return missing_fields(FAMILY_MEMBER_REQUIREMENTS, member)


def needs_residence_proof(app: MembershipApplication) -> bool:
    """spec §2.4 (note 1 of article 6): proof of residence when the requested province is not the
    birth province. The applicant's own confirmed birth province wins; without it, the candidate
    provinces of the national code's prefix are used, and an unknown prefix needs the proof.
    """
    requested = app.personal.get("province")
    if not requested:
        return False
    birth = app.personal.get("birth_province")
    if birth:
        return requested != birth
    return requested not in provinces_for_national_code(app.national_code)


def required_documents(app: MembershipApplication) -> list[RequiredDocument]:
    """The document set of spec §2.4 for this application, in the order they are asked."""
    docs = [
        RequiredDocument(MembershipDocument.NATIONAL_CARD),
        RequiredDocument(MembershipDocument.BIRTH_CERTIFICATE),
        RequiredDocument(MembershipDocument.PERSONAL_PHOTO),
    ]
    for position, degree in enumerate(app.degrees):
        docs.extend(degree_documents(degree, position))
    if needs_residence_proof(app):
        docs.append(RequiredDocument(MembershipDocument.RESIDENCE_PROOF))
    # spec §2.4: an associate degree (کاردانی) needs the technicians' organization certificate.
    if any(d.get("level") == DegreeLevel.ASSOCIATE for d in app.degrees):
        docs.append(RequiredDocument(MembershipDocument.TECHNICIAN_NON_MEMBERSHIP))
    return docs


def missing_in_section(section: Section, app: MembershipApplication) -> list[str]:
    """What is still missing in ``section`` (empty when complete), as field names or slots."""
    if section is Section.PERSONAL:
        return missing_fields(PERSONAL_REQUIREMENTS, app.personal)
    if section is Section.EDUCATION:
        if not app.degrees:
            return ["degrees"]
        missing = []
        for position, degree in enumerate(app.degrees):
            fields_missing, slots_missing = _degree_gaps(degree, position, app.received)
            missing += [f"degrees[{position}].{name}" for name in fields_missing] + slots_missing
        return missing
    if section is Section.FAMILY:
        return [
            f"family[{position}].{name}"
            for position, member in enumerate(app.family)
            for name in missing_in_family_member(member)
        ]
    missing = [d.slot for d in required_documents(app) if d.slot not in app.received]
    if needs_residence_proof(app) and not app.documents.get("residence_proof_kind"):
        missing.append("residence_proof_kind")
    return missing


def section_complete(section: Section, app: MembershipApplication) -> bool:
    return not missing_in_section(section, app)


def first_incomplete_section(app: MembershipApplication) -> Section | None:
    """The section the applicant must work on now; None when all four are complete."""
    for section in Section:
        if not section_complete(section, app):
            return section
    return None


def section_open(section: Section, app: MembershipApplication) -> bool:
    """spec §2: a section opens only when every section before it is complete."""
    order = list(Section)
    return all(section_complete(s, app) for s in order[: order.index(section)])
