"""The builder-license receipt: the worksheets as the applicant filled them, laid out like the
seed's paper forms (seed 003) — worksheet 1 with its fields in the form's order and the directive
letter it cites, the approval boxes the organization signs; worksheet 4's table with the grey part
left to the organization; worksheet 5's table; and the preliminary score, labelled an estimate."""

from __future__ import annotations

from decimal import Decimal

from conversations.applications.builder_license.core import application_view
from conversations.applications.builder_license.score import score_lines
from conversations.applications.builder_license.texts import (
    decimal_text,
    finance_label,
    grade_label,
    kind_label,
    points_text,
    record_type_label,
)
from conversations.kit.context import Organization
from conversations.kit.fields import enum_label, province_label
from conversations.kit.i18n import Translator
from conversations.kit.pdf import Block, Box, Code, Heading, NewPage, Pairs, Paragraph, Printout, Table
from scoring import BuildingField, DegreeLevel, EmploymentStatus, LicenseSection, preliminary_score
from scoring.license import Rules
from storage.cases import CaseFile


def _date_or_blank(t: Translator, value: object) -> str:
    return t.date(str(value)) if value else ""


def worksheet1(
    t: Translator, file: CaseFile, org: Organization, approvals: tuple[tuple[str, ...], tuple[str, ...]] | None = None
) -> tuple[Heading | Paragraph | Code | Pairs | Box, ...]:
    """Worksheet 1 laid out like the paper form; ``approvals``: the lines of the documents
    reviewer's and the technical manager's boxes once they approved (blank to sign before)."""
    answers = file.section(LicenseSection.APPLICATION.value)
    applicant = file.applicant
    case = file.case

    def value(name: str) -> str:
        return t.typed(answers.get(name) or "")

    birth_year = t.date(applicant.birth_date)[:4] if applicant.birth_date else ""
    reviewer, manager = approvals or (
        (t("receipt-license-reviewer"), t("receipt-license-reviewer-sign")),
        (t("receipt-license-manager"), t("receipt-license-manager-sign")),
    )
    return (
        Heading(org.name(t.lang), size=10, align="start"),
        Heading(t("receipt-license-ministry"), size=10, align="start"),
        Heading(t("receipt-license-title"), size=14),
        Code(case.tracking_code, t("receipt-license-tracking", date=t.date(case.submitted_at))),
        Paragraph(t("receipt-license-intro")),
        Pairs(
            (
                (t("f-license-full_name"), applicant.full_name),
                (t("f-father_name"), applicant.father_name or ""),
                (t("f-birth_certificate_number"), t.digits(applicant.birth_certificate_number or "")),
                (t("receipt-license-birth_year"), birth_year),
                (t("f-national_code"), t.digits(applicant.national_code)),
                (t("f-membership_number"), t.identifier(answers.get("membership_number") or "")),
                (t("f-field"), enum_label(BuildingField, answers.get("field"), t.lang)),
                (t("f-degree_level"), enum_label(DegreeLevel, answers.get("degree_level"), t.lang)),
                (t("f-license_number"), value("license_number")),
                (t("f-license_valid_until"), _date_or_blank(t, answers.get("license_valid_until"))),
            )
        ),
        Pairs(
            (
                (t("f-home_address"), value("home_address")),
                (t("f-office_address"), value("office_address")),
            ),
            columns=1,
        ),
        Pairs(
            (
                (t("f-landline"), value("landline")),
                (t("f-mobile_phone"), value("mobile_phone")),
                (t("f-email"), str(answers.get("email") or "")),  # an address keeps its Latin digits
                (t("f-postal_code"), value("postal_code")),
            )
        ),
        # seed 003, worksheet 1: the directive the request is made under
        Paragraph(t("receipt-license-directive")),
        Pairs(((t("receipt-license-signature"), ""),), columns=1),
        Box(t("receipt-license-reviewer-title"), reviewer),
        Box(t("receipt-license-manager-title"), manager),
    )


def worksheet2_3(t: Translator, file: CaseFile) -> tuple[Block, ...]:
    declaration = file.section(LicenseSection.DECLARATION.value)
    license_ = file.section(LicenseSection.ENGINEERING_LICENSE.value)
    employment = enum_label(EmploymentStatus, declaration.get("employment"), t.lang)
    detail = declaration.get("employer_company") or declaration.get("employment_detail")
    return (
        Heading(t("receipt-license-ws2"), size=12),
        Paragraph(t("q-full_time_declaration", name=file.applicant.full_name)),
        Pairs(((t("f-employment"), f"{employment} — {detail}" if detail else employment),), columns=1),
        Heading(t("receipt-license-ws3"), size=12),
        Pairs(
            (
                (t("f-license_kind"), kind_label(license_.get("license_kind"), t.lang)),
                (t("f-license_grade"), grade_label(license_.get("license_grade"), t)),
                (t("f-execution_competence"), t.yes_no(license_.get("execution_competence"))),
            )
        ),
    )


def worksheet4(t: Translator, file: CaseFile) -> tuple[Block, ...]:
    total = sum((p.area_m2 or Decimal(0) for p in file.projects), Decimal(0))
    rows = tuple(
        (
            t.digits(n),
            t.typed(p.name or ""),
            f"{province_label(p.province, t.lang) if p.province else ''} / {t.typed(p.city or '')}",
            f"{_date_or_blank(t, p.start_date)}\n{_date_or_blank(t, p.end_date)}",
            f"{decimal_text(p.area_m2, t) if p.area_m2 is not None else ''}\n{t.digits(p.floors or '')}",
            record_type_label(p.record_type, t.lang),
            f"{t.typed(p.employer_name or '')}\n{t.digits(p.employer_phone or '')}",
            # the grey part: the organization's (issue 12 fills it in review)
            f"{_date_or_blank(t, p.own_start_date)}\n{_date_or_blank(t, p.own_end_date)}",
            f"{decimal_text(p.desirability_factor, t) if p.desirability_factor is not None else ''}\n"
            f"{decimal_text(p.total_factor, t) if p.total_factor is not None else ''}",
            t.digits(p.attachment_number or ""),
        )
        for n, p in enumerate(file.projects, start=1)
    )
    headers = tuple(t(f"receipt-ws4-{key}") for key in WS4_COLUMNS)
    return (
        Heading(t("receipt-license-ws4"), size=12),
        Paragraph(t("receipt-license-ws4-intro", name=file.applicant.full_name, area=decimal_text(total, t))),
        Table(headers, rows, widths=(4, 16, 13, 10, 9, 16, 14, 10, 8, 7), shaded=(7, 8, 9)),
        Paragraph(t("receipt-license-ws4-certify", name=file.applicant.full_name)),
    )


WS4_COLUMNS = ("n", "name", "place", "dates", "area", "role", "employer", "own-dates", "factors", "attachment")


def worksheet5(t: Translator, file: CaseFile, rules: Rules) -> tuple[Block, ...]:
    claimed = {f.item: f for f in file.finance}
    rows = []
    for n, (key, item) in enumerate(rules.finance_items.items(), start=1):
        found = claimed.get(key)
        amount = found.amount if found is not None else Decimal(0)
        rows.append(
            (
                t.digits(n),
                finance_label(key, t.lang),
                decimal_text(amount, t),
                decimal_text(item.factor, t),
                points_text(amount * item.factor, t),
                "",  # the organization verifies (issue 12)
            )
        )
    headers = tuple(t(f"receipt-ws5-{key}") for key in ("n", "item", "amount", "factor", "points", "verified"))
    return (
        Heading(t("receipt-license-ws5"), size=12),
        Paragraph(t("receipt-license-ws5-intro", name=file.applicant.full_name)),
        Table(headers, tuple(rows), widths=(4, 30, 10, 7, 9, 10), shaded=(5,), size=9),
    )


def receipt(file: CaseFile, t: Translator, org: Organization) -> Printout:
    rules = org.license_rules  # the file's province's (issue 25)
    preliminary = preliminary_score(application_view(file), rules)
    score: tuple[Block, ...] = (
        (
            Heading(t("receipt-license-score"), size=12),
            *(Paragraph(line, size=9) for line in score_lines(t, preliminary, rules)),
            Paragraph(t("license-preliminary-note"), size=9),
        )
        if preliminary is not None
        else ()
    )
    return Printout(
        lang=t.lang,
        blocks=(
            *worksheet1(t, file, org),
            NewPage(),
            *worksheet2_3(t, file),
            *worksheet5(t, file, rules),
            *score,
            NewPage(landscape=True),
            *worksheet4(t, file),
            Paragraph(t("receipt-keep")),
        ),
    )
