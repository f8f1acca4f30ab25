"""A person's standing with the organization, as the bot knows it: their membership (made by the
bot: its number, and when it was paid) and the dues they have settled (the settlement
certificates the bot issued). The annual dues application reads it to know the years owed; the
builder license to know whether finance's settlement sheet is needed.

A membership from before the bot is known only as its holder gave it: the membership number of a
builder-license application (worksheet 1, not prefilled from a membership file here), whose card
staff check (``membership_before_the_bot``). The menu reads it so that such a member is not
offered the membership application (issue 29)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.builder_license import KIND as BUILDER_LICENSE
from storage.issued import of_applicant
from storage.models import Case, CaseAnswer, WorkflowEvent
from storage.workflow import Action, Status

MEMBERSHIP = "membership"  # the membership application's kind …
MEMBER = "member"  # … and its status once the fee is paid
SETTLEMENT_CERTIFICATE = "settlement_certificate"  # finance's certificate that dues are settled through a year


@dataclass(frozen=True, slots=True)
class Standing:
    membership_number: str | None = None
    member_since: dt.datetime | None = None  # when the membership fee was paid
    dues_through: int | None = None  # the Jalali year dues are settled through, by a certificate the bot issued

    @property
    def member(self) -> bool:
        return self.membership_number is not None


async def standing(session: AsyncSession, applicant_id: int) -> Standing:
    row = (
        await session.execute(
            select(Case.id, Case.membership_number)
            .where(Case.applicant_id == applicant_id, Case.kind == MEMBERSHIP, Case.status == MEMBER)
            .order_by(Case.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return Standing()
    case_id, number = row
    since = await session.scalar(
        select(func.max(WorkflowEvent.at)).where(
            WorkflowEvent.case_id == case_id, WorkflowEvent.action == Action.CONFIRM_PAYMENT.value
        )
    )
    years = [
        int(doc.data["through_year"])
        for doc in await of_applicant(session, applicant_id, SETTLEMENT_CERTIFICATE)
        if str(doc.data.get("through_year", "")).isdigit()
    ]
    return Standing(number, since, max(years) if years else None)


async def membership_before_the_bot(session: AsyncSession, applicant_id: int) -> str | None:
    """The membership number the applicant gave in their latest builder-license application that
    was not refused (worksheet 1: "application"), when the bot did not make them a member: a
    membership from before the bot. None when there is no such answer."""
    row = (
        await session.execute(
            select(CaseAnswer.value)
            .join(Case, Case.id == CaseAnswer.case_id)
            .where(
                Case.applicant_id == applicant_id,
                Case.kind == BUILDER_LICENSE,
                Case.status != Status.REJECTED.value,
                CaseAnswer.section == "application",
                CaseAnswer.name == "membership_number",
            )
            .order_by(Case.id.desc())
            .limit(1)
        )
    ).first()
    number = row[0] if row is not None else None
    return str(number) if number else None
