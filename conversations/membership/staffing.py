"""What staff see and do with a membership file (spec/membership.md §4), beyond the generic
review steps (take, return, reject, set office, full file):

    submitted ─take→ in_review ─approve→ awaiting_payment ─payment received→ member
    (approve: ``process.fees.approve`` asks for the fee; "payment received" is finance's)
"""

from __future__ import annotations

from conversations.kit.application import item_label
from conversations.kit.context import Ctx
from conversations.kit.fields import enum_label, province_label
from conversations.kit.i18n import Translator
from conversations.kit.staffing import FINANCE, REVIEWERS, CaseDesk, StaffStep, card_frame
from conversations.membership.declaration import MEMBERSHIP, office_name
from conversations.process import fees
from scoring import BuildingField, DegreeLevel
from storage.cases import CaseFile, CaseInfo
from storage.workflow import Actor, CaseKind, Status


def card(t: Translator, file: CaseFile) -> str:
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
    return card_frame(t, file, "staff-new-file", body, lambda key, lang: item_label(MEMBERSHIP, key, lang))


async def payment_received(ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
    await fees.confirm_payment(ctx, case, actor)


DESK = CaseDesk(
    kind=CaseKind.MEMBERSHIP,
    card=card,
    document_label=MEMBERSHIP.document_label,
    buttons={
        Status.SUBMITTED: ("take", "office"),
        Status.IN_REVIEW: ("approve", "ret", "rej", "office"),
        Status.AWAITING_PAYMENT: ("paid",),
    },
    steps=(
        StaffStep("approve", "btn-staff-approve", REVIEWERS, fees.approve),
        # guarded by the status alone: a slip or an invoice may have moved the version
        StaffStep("paid", "btn-staff-paid", FINANCE, payment_received, version_guard=False),
    ),
)
