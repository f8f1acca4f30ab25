"""What staff read of a membership file (spec/membership.md §4): its card in the staff chat."""

from __future__ import annotations

from conversations.kit.context import Organization
from conversations.kit.fields import enum_label, province_label
from conversations.kit.i18n import Translator
from conversations.kit.staffing import CaseDesk, Labels, card_frame
from scoring import BuildingField, DegreeLevel
from storage.cases import CaseFile, CaseInfo


def office_name(t: Translator, case: CaseInfo, file: CaseFile) -> str:
    """The office staff set, else the applicant's suggestion, else "no preference"."""
    found = case.office_id or case.suggested_office_id
    return file.offices.get(found, t("office-no-preference")) if found else t("office-no-preference")


def card(t: Translator, file: CaseFile, changed: Labels, org: Organization) -> str:
    """The staff chat's summary of a file (in the staff chat's language)."""
    case = file.case
    office = office_name(t, case, file)
    if case.office_id is not None:
        office = t("staff-office-confirmed", office=office)
    degrees = "\n".join(
        t(
            "staff-degree-line",
            level=enum_label(DegreeLevel, d.level, t.lang),
            field=enum_label(BuildingField, d.field, t.lang),
            university=str(d.university or "—"),
        )
        for d in file.degrees
    )
    body = [
        t(
            "staff-file",
            code=case.tracking_code,
            name=file.applicant.full_name,
            province=province_label(case.province, t.lang) if case.province else "—",
            office=office,
            documents=t.digits(len(file.documents)),
        ),
        degrees,
    ]
    return card_frame(t, file, "staff-new-file", body, changed)


DESK = CaseDesk(card=card)
