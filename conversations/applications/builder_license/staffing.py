"""What staff read of a builder-license file (spec/builder-license.md "Workflow"; issue 12): its
card in the staff chat, and what each status adds to it (``organization.status_card``)."""

from __future__ import annotations

from decimal import Decimal

from conversations.applications.builder_license.core import application_view
from conversations.applications.builder_license.organization import status_card
from conversations.applications.builder_license.score import band_line, floor_lines, rules_line
from conversations.applications.builder_license.texts import (
    amount_text,
    area_text,
    grade_label,
    kind_label,
    points_text,
)
from conversations.kit.context import Organization
from conversations.kit.i18n import Translator
from conversations.kit.staffing import CaseDesk, Labels, card_frame
from scoring import LicenseSection, preliminary_score
from storage.cases import CaseFile


def card(t: Translator, file: CaseFile, changed: Labels, org: Organization) -> str:
    """The staff chat's summary of a license file (in the staff chat's language), scored by the
    rules of the file's province (``org``)."""
    rules = org.license_rules
    case = file.case
    application = file.section(LicenseSection.APPLICATION.value)
    license_ = file.section(LicenseSection.ENGINEERING_LICENSE.value)
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
    preliminary = preliminary_score(application_view(file), rules)
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
        lines += [band_line(t, band, rules) for band in preliminary.bands]
        lines += floor_lines(t, preliminary, rules)
        lines.append(rules_line(t, org))
    return card_frame(t, file, "staff-license-new", lines, changed)


DESK = CaseDesk(card=card, status_card=status_card)
