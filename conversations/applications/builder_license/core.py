"""The core's views of a builder-license file (``scoring.license_application``,
``scoring.license_review``), read from the file as storage keeps it."""

from __future__ import annotations

from scoring import LicenseApplication, LicenseReview, LicenseSection, ProjectReview
from scoring.license_review import reviewed
from scoring.validators import jalali_year
from storage.cases import CaseFile


def dues_settled(file: CaseFile) -> bool:
    """The applicant's dues are settled through this Jalali year by a certificate the bot issued."""
    through = file.standing.dues_through
    return through is not None and through >= jalali_year()


def application_view(file: CaseFile) -> LicenseApplication:
    """What the rules need of the applicant's part."""
    return LicenseApplication(
        application=file.section(LicenseSection.APPLICATION.value),
        declaration=file.section(LicenseSection.DECLARATION.value),
        license=file.section(LicenseSection.ENGINEERING_LICENSE.value),
        projects=[p.answers() for p in file.projects],
        finance={f.item: f.amount for f in file.finance},
        documents=file.section(LicenseSection.DOCUMENTS.value),
        received=file.received_count,
        dues_settled=dues_settled(file),
    )


def review_view(file: CaseFile) -> LicenseReview:
    """The organization's figures: the grey part, the amounts accepted, the marks."""
    engineering = file.section(LicenseSection.ENGINEERING_LICENSE.value)
    return reviewed(
        engineering.get("license_kind"),
        engineering.get("license_grade"),
        [
            ProjectReview(
                str(p.id),
                p.record_type,
                p.area_m2,
                p.accepted,
                p.accepted_area_m2,
                p.accepted_record_type,
                p.desirability_factor,
                p.total_factor,
            )
            for p in file.projects
        ],
        {f.item: (f.amount, f.accepted_amount) for f in file.finance},
        file.assessment.marks if file.assessment is not None else (),
    )
