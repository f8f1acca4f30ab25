"""What staff read of an annual dues file: who pays, for which years, how much."""

from __future__ import annotations

from conversations.kit.context import Organization
from conversations.kit.i18n import Translator
from conversations.kit.staffing import CaseDesk, Labels, card_frame
from storage.cases import CaseFile


def card(t: Translator, file: CaseFile, changed: Labels, org: Organization) -> str:
    answers = file.section("dues")
    first, last = answers.get("from_year"), answers.get("through_year")
    years = t.digits(f"{first}–{last}" if first != last else str(first)) if first and last else "—"
    body = [
        t(
            "staff-dues-file",
            code=file.case.tracking_code,
            name=file.applicant.full_name,
            number=t.identifier(file.standing.membership_number or "—"),
            years=years,
            fee=t.money(int(answers.get("amount") or 0)),
        )
    ]
    return card_frame(t, file, "staff-dues-new", body, changed)


DESK = CaseDesk(card=card)
