"""What staff see and do with a builder-license file — for now the generic steps (take, return,
reject, the full file) and a card that lets a reviewer judge the file at a glance; the
organization's side (the grey part, verification, desirability marks, inquiries, approval) is
issue 12's, added here as the kind's own steps:

    submitted ─take→ documents_review ─return→ returned (→ resubmitted …) ─reject→ rejected
"""

from __future__ import annotations

from decimal import Decimal

from conversations.kit.application import item_label
from conversations.kit.i18n import Translator
from conversations.kit.staffing import CaseDesk, card_frame
from conversations.license.declaration import LICENSE
from conversations.license.score import band_line, floor_lines
from conversations.license.texts import amount_text, area_text, grade_label, kind_label, points_text
from scoring import LicenseSection, preliminary_score
from storage.cases import CaseFile
from storage.workflow import CaseKind, Status


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
            number=t.digits(application.get("membership_number") or "—"),
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


DESK = CaseDesk(
    kind=CaseKind.BUILDER_LICENSE,
    card=card,
    buttons={
        Status.SUBMITTED: ("take",),
        Status.DOCUMENTS_REVIEW: ("ret", "rej"),
    },
)
