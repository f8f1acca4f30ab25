"""What the annual dues application prints: the years owed with their dues, the payment order
given on submitting, and finance's settlement certificate (seed 003: «گواهی می‌گردد … با شماره
عضویت … تا پایان سال … حق عضویت خود را تسویه نموده است.»), shaped right to left in Persian."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from conversations.kit.context import Organization
from conversations.kit.i18n import Translator
from conversations.kit.pdf import Code, Heading, Pairs, Paragraph, Printout, Receipt
from scoring.validators import IRAN_TIME
from storage.cases import CaseFile
from storage.issued import IssuedInfo


def years_text(t: Translator, years: Sequence[int], table: Mapping[int, int]) -> str:
    """A line per year owed and its dues."""
    return "\n".join(t("dues-year-line", year=t.digits(y), fee=t.money(table.get(y, 0))) for y in years)


def receipt(file: CaseFile, t: Translator, org: Organization) -> Receipt:
    """What the member keeps on submitting: the years, the total, how it is paid."""
    answers = file.section("dues")
    first, last = answers.get("from_year"), answers.get("through_year")
    case = file.case
    rows = (
        (t("receipt-name"), file.applicant.full_name),
        (t("dues-receipt-number"), t.identifier(file.standing.membership_number or "—")),
        (t("dues-receipt-years"), t.digits(f"{first}–{last}" if first != last else str(first))),
        (t("dues-receipt-amount"), t("dues-rials", amount=t.money(int(answers.get("amount") or 0)))),
        (t("receipt-submitted"), t.date(case.submitted_at)),
        (t("receipt-status"), t("dues-receipt-status")),
    )
    return Receipt(
        lang=t.lang,
        organization=org.name(t.lang),
        title=t("dues-receipt-title"),
        tracking_code=case.tracking_code,
        tracking_note=t("receipt-tracking"),
        rows=rows,
        keep=t("dues-receipt-keep"),
    )


def certificate(t: Translator, file: CaseFile, issued: IssuedInfo, org: Organization) -> Printout:
    """Finance's settlement certificate, numbered and dated as the organization's letters are."""
    engineer = t("letter-engineer", gender=file.applicant.gender or "other", name=file.applicant.full_name)
    day = issued.issued_at.astimezone(IRAN_TIME).date()
    number = t.identifier(issued.data.get("membership_number") or file.standing.membership_number or "—")
    return Printout(
        t.lang,
        (
            Heading(t("letter-basmala"), size=10),
            Heading(org.name(t.lang), size=13),
            Pairs(((t("letter-number"), t.digits(issued.number)), (t("letter-date"), t.date(day)))),
            Heading(t("letter-finance-title"), size=14),
            Paragraph(
                t(
                    "letter-finance-body",
                    engineer=engineer,
                    number=number,
                    year=t.digits(issued.data.get("through_year", "—")),
                ),
                size=12,
            ),
            Paragraph(
                t(
                    "dues-certificate-paid",
                    first=t.digits(issued.data.get("from_year", "—")),
                    last=t.digits(issued.data.get("through_year", "—")),
                    amount=t.money(int(issued.data.get("amount") or 0)),
                    code=file.case.tracking_code,
                ),
                size=10,
            ),
            Heading(t("letter-finance-sign"), size=12, align="end"),
            Code(file.case.tracking_code, t("dues-certificate-code")),
        ),
    )
