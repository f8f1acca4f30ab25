"""What staff see and do with a builder-license file (spec/builder-license.md "Workflow"; issue 12),
beyond the generic review steps (take, return, reject, the full file):

    submitted ─take→ documents_review ─📋 documents review (private: ``assessment``)→ inquiries
    inquiries: 📄 each letter, ✅ clear / ⚠️ a record found per inquiry (``organization``) → scored
    scored ─introduce (documents reviewer)→ manager_approval
    manager_approval ─approve (technical manager; the dossier)→ sent_to_ministry
                     ─back to documents review (technical manager, a note)→ documents_review
    sent_to_ministry ─license issued (number, date, grade; private)→ closed
    return (to the applicant) and reject at every review step; the technical manager too

"Set office" is not offered: a license file is the province organization's builders unit's, not a
representative office's (the applicant never chooses one).

Roles: the documents reviewer is ``Role.REVIEWER`` (بررسی مدارک), the builders unit
``Role.BUILDERS_UNIT`` (واحد مجریان: the execution-works inquiry, the license issued), finance
``Role.FINANCE`` (the settlement certificate), the technical manager ``Role.TECHNICAL_MANAGER``
(the disciplinary letter is signed with their title; approval); admins may do everything.
"""

from __future__ import annotations

from decimal import Decimal

from conversations.kit.application import item_label
from conversations.kit.i18n import Translator
from conversations.kit.staffing import FINANCE, REVIEWERS, CaseDesk, StaffStep, card_frame
from conversations.license.assessment import ISSUERS, open_issue, open_panel
from conversations.license.declaration import LICENSE
from conversations.license.organization import (
    approve,
    clear_step,
    introduce,
    letter_step,
    record_step,
    revise,
    settlement_certificate,
    status_card,
)
from conversations.license.score import band_line, floor_lines
from conversations.license.texts import amount_text, area_text, grade_label, kind_label, points_text
from scoring import LicenseSection, preliminary_score
from storage.cases import CaseFile
from storage.license_review import LetterKind
from storage.workflow import CaseKind, Role, Status

MANAGER = (Role.TECHNICAL_MANAGER, Role.ADMIN)
BUILDERS_UNIT = (Role.BUILDERS_UNIT, Role.ADMIN)
# seed 003: the builders unit prepares the council's letter; the technical manager signs it
COUNCIL = (Role.BUILDERS_UNIT, Role.TECHNICAL_MANAGER, Role.ADMIN)


def card(t: Translator, file: CaseFile) -> str:
    """The staff chat's summary of a license file (in the staff chat's language)."""
    case = file.case
    application = file.section(LicenseSection.APPLICATION.value)
    license_ = file.section(LicenseSection.LICENSE.value)
    area = sum((p.area_m2 or Decimal(0) for p in file.projects), Decimal(0))
    finance = sum((f.amount for f in file.finance), Decimal(0))
    lines = [
        t(
            "staff-license-file",
            code=case.tracking_code,
            name=file.applicant.full_name,
            number=t.identifier(application.get("membership_number") or "—"),
            known=t("staff-license-known" if application.get("known_member") else "staff-license-unknown"),
            kind=kind_label(license_.get("license_kind"), t.lang),
            grade=grade_label(license_.get("license_grade"), t),
            projects=t.digits(len(file.projects)),
            area=area_text(area, t),
            finance=amount_text(finance, t),
            documents=t.digits(len(file.documents)),
        ),
    ]
    preliminary = preliminary_score(file.license_application())
    if preliminary is not None:
        points = {ws: points_text(s.points, t) for ws, s in preliminary.worksheets.items()}
        lines.append(
            t(
                "staff-license-score",
                ws3=points["3"],
                ws4=points["4"],
                ws5=points["5"],
                subtotal=points_text(preliminary.subtotal, t),
            )
        )
        lines += [band_line(t, band) for band in preliminary.bands]
        lines += floor_lines(t, preliminary)
    return card_frame(t, file, "staff-license-new", lines, lambda key, lang: item_label(LICENSE, key, lang))


D, F, E = LetterKind.DISCIPLINARY, LetterKind.FINANCE, LetterKind.EXECUTION

DESK = CaseDesk(
    kind=CaseKind.BUILDER_LICENSE,
    card=card,
    status_card=status_card,
    document_label=LICENSE.document_label,
    buttons={
        Status.SUBMITTED: ("take",),
        Status.DOCUMENTS_REVIEW: ("assess", "ret", "rej"),
        Status.INQUIRIES: (
            ("letter_d", "clear_d", "record_d"),
            ("letter_f", "unpaid_f"),
            ("letter_e", "clear_e", "record_e"),
            "ret",
            "rej",
        ),
        Status.SCORED: ("introduce", "ret", "rej"),
        Status.MANAGER_APPROVAL: ("approve_l", "revise", "rej"),
        Status.SENT_TO_MINISTRY: ("issued",),
    },
    steps=(
        StaffStep("assess", "btn-license-assess", REVIEWERS, private=open_panel),
        StaffStep("letter_d", "btn-letter-disciplinary", COUNCIL, letter_step(D)),
        StaffStep("clear_d", "btn-clear-disciplinary", COUNCIL, clear_step(D)),
        StaffStep(
            "record_d", "btn-record-disciplinary", COUNCIL, noted=record_step(D), prompt="prompt-record", photo=True
        ),
        StaffStep("letter_f", "btn-letter-finance", FINANCE, settlement_certificate),
        StaffStep("unpaid_f", "btn-unpaid-finance", FINANCE, noted=record_step(F), prompt="prompt-unpaid", photo=True),
        StaffStep("letter_e", "btn-letter-execution", BUILDERS_UNIT, letter_step(E)),
        StaffStep("clear_e", "btn-clear-execution", BUILDERS_UNIT, clear_step(E)),
        StaffStep(
            "record_e", "btn-record-execution", BUILDERS_UNIT, noted=record_step(E), prompt="prompt-record", photo=True
        ),
        StaffStep("introduce", "btn-license-introduce", REVIEWERS, introduce),
        StaffStep("approve_l", "btn-license-approve", MANAGER, approve),
        StaffStep("revise", "btn-license-revise", MANAGER, noted=revise, prompt="prompt-revise"),
        StaffStep("issued", "btn-license-issued", ISSUERS, private=open_issue),
    ),
)
