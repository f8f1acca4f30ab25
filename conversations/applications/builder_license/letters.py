"""The letters the organization issues for a builder-license file, and the dossier it sends to the
ministry (spec/builder-license.md "Letters the organization issues", worksheets 1 and 7; seed 003),
as printouts shaped right to left in Persian (``conversations.kit.pdf``):

- the disciplinary council inquiry: to the head of the council, the seed's wording, signed with
  the technical manager's title, the council's reply written below;
- finance's settlement certificate: "… has settled the membership dues up to the end of year …";
- the builders unit's execution-works inquiry: the seed names it (documents checklist 7) but prints
  no wording; ours asks the competent authorities whether the works of worksheet 4, as documents
  review accepted them, were executed by the applicant without violation, the reply below;
- the dossier: worksheet 1 with both approvals filled in, worksheet 7 (each worksheet's points in
  figures and in words, the total, the grade guide, the documents reviewer's sentence), the list
  of the file's documents and inquiry replies, worksheet 4 with its grey part (the applicant's own
  dates, the desirability and total factors, the attachment number of each project) and
  worksheet 6's marks with the attachment number of each criterion.

Every letter carries the organization's name, its number (the organization's sequence) and its
Jalali date (the day in Iran).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from conversations.applications.builder_license.receipt import worksheet1, worksheet4
from conversations.applications.builder_license.texts import (
    area_text,
    finance_label,
    points_in_words,
    points_text,
    record_type_label,
    total_text,
)
from conversations.kit.context import Organization
from conversations.kit.fields import labeller, province_label
from conversations.kit.i18n import Translator
from conversations.kit.pdf import Block, Box, Heading, NewPage, Pairs, Paragraph, Printout, Table
from scoring import LicenseDocument, LicenseSection, default_rules, slot_kind
from scoring.validators import IRAN_TIME
from storage.builder_license import Inquiry, LetterInfo
from storage.cases import CaseFile
from storage.documents import ORGANIZATION_KINDS
from storage.issued import IssuedInfo

document_label = labeller(LicenseDocument)


def iran_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(IRAN_TIME).date()


def engineer(t: Translator, file: CaseFile) -> str:
    """«آقای مهندس …» / «خانم مهندس …», as the letters address the applicant."""
    return t("letter-engineer", gender=file.applicant.gender or "other", name=file.applicant.full_name)


def membership_number(t: Translator, file: CaseFile) -> str:
    return t.identifier(file.section(LicenseSection.APPLICATION.value).get("membership_number") or "—")


def requested_grade(t: Translator, file: CaseFile) -> str:
    return t.digits(file.section(LicenseSection.ENGINEERING_LICENSE.value).get("license_grade") or "—")


def letterhead(t: Translator, org: Organization, letter: LetterInfo) -> tuple[Block, ...]:
    return (
        Heading(t("letter-basmala"), size=10),
        Heading(org.name(t.lang), size=13),
        Pairs(
            (
                (t("letter-number"), t.digits(letter.number or "")),
                (t("letter-date"), t.date(iran_day(letter.issued_at or dt.datetime.now(dt.UTC)))),
            )
        ),
    )


def disciplinary(t: Translator, file: CaseFile, letter: LetterInfo, org: Organization) -> Printout:
    """seed 003: «ریاست محترم شورای انتظامی …»; the council's reply below."""
    return Printout(
        t.lang,
        (
            *letterhead(t, org, letter),
            Heading(t("letter-disciplinary-to", org=org.name(t.lang)), size=11, align="start"),
            Paragraph(t("letter-greeting"), size=11),
            Paragraph(
                t(
                    "letter-disciplinary-body",
                    engineer=engineer(t, file),
                    number=membership_number(t, file),
                    grade=requested_grade(t, file),
                    code=file.case.tracking_code,
                ),
                size=11,
            ),
            Heading(t("letter-disciplinary-sign"), size=11, align="end"),
            Paragraph(""),
            Box(
                t("letter-reply-title"),
                (
                    t("letter-disciplinary-reply-to", org=org.name(t.lang)),
                    t("letter-disciplinary-reply"),
                    "",
                    "",
                    t("letter-disciplinary-reply-sign"),
                ),
                height=55,
            ),
        ),
    )


def finance(t: Translator, file: CaseFile, letter: LetterInfo, org: Organization) -> Printout:
    """seed 003: «گواهی می‌گردد … تا پایان سال … حق عضویت خود را تسویه نموده است.»"""
    return Printout(
        t.lang,
        (
            *letterhead(t, org, letter),
            Heading(t("letter-finance-title"), size=13),
            Paragraph(
                t(
                    "letter-finance-body",
                    engineer=engineer(t, file),
                    number=membership_number(t, file),
                    year=t.digits(letter.settled_year or ""),
                ),
                size=11,
            ),
            Heading(t("letter-finance-sign"), size=11, align="end"),
        ),
    )


def execution(t: Translator, file: CaseFile, letter: LetterInfo, org: Organization) -> Printout:
    """Documents checklist 7 (wording ours): the works of worksheet 4 as accepted, the reply below."""
    accepted = [p for p in file.projects if p.accepted]
    rows = tuple(
        (
            t.digits(n),
            t.typed(p.name or ""),
            f"{province_label(p.province, t.lang) if p.province else ''} / {t.typed(p.city or '')}",
            f"{t.date(p.own_start_date or p.start_date)}\n{t.date(p.own_end_date or p.end_date)}",
            area_text(p.accepted_area_m2 if p.accepted_area_m2 is not None else p.area_m2 or 0, t),
            record_type_label(p.accepted_record_type or p.record_type, t.lang),
            f"{t.typed(p.employer_name or '')}\n{t.digits(p.employer_phone or '')}",
        )
        for n, p in enumerate(accepted, start=1)
    )
    headers = tuple(t(f"letter-execution-{key}") for key in ("n", "name", "place", "dates", "area", "type", "employer"))
    total = sum(
        ((p.accepted_area_m2 if p.accepted_area_m2 is not None else p.area_m2 or Decimal(0)) for p in accepted),
        Decimal(0),
    )
    return Printout(
        t.lang,
        (
            *letterhead(t, org, letter),
            Heading(t("letter-execution-to"), size=11, align="start"),
            Paragraph(t("letter-greeting"), size=11),
            Paragraph(
                t(
                    "letter-execution-body",
                    engineer=engineer(t, file),
                    number=membership_number(t, file),
                    grade=requested_grade(t, file),
                    count=t.digits(len(accepted)),
                    area=area_text(total, t),
                ),
                size=11,
            ),
            Table(headers, rows, widths=(6, 16, 14, 12, 11, 17, 15), size=8),
            Paragraph(t("letter-execution-ask"), size=11),
            Heading(t("letter-execution-sign"), size=11, align="end"),
            Paragraph(""),
            Box(
                t("letter-reply-title"),
                (t("letter-execution-reply"), "", "", t("letter-execution-reply-sign")),
                height=45,
            ),
        ),
    )


LETTERS = {
    Inquiry.DISCIPLINARY: disciplinary,
    Inquiry.FINANCE: finance,
    Inquiry.EXECUTION: execution,
}


def letter_printout(t: Translator, file: CaseFile, letter: LetterInfo, org: Organization) -> Printout:
    return LETTERS[Inquiry(letter.kind)](t, file, letter, org)


# ---- worksheet 7 and the dossier --------------------------------------------------------------------


def worksheet7(t: Translator, file: CaseFile, signed: dt.datetime | None, org: Organization) -> tuple[Block, ...]:
    """seed 003, کاربرگ شماره ۷: each worksheet's points in figures and in words, the total, the
    grade guide (the minimums of the file's province's rules, issue 25), the documents reviewer's
    sentence — from the score kept at the end of review."""
    rules = org.license_rules
    kept = file.assessment.kept if file.assessment is not None else None
    if kept is None:
        return (Heading(t("ws7-title"), size=13), Paragraph(t("ws7-not-scored")))
    rows: list[tuple[str, ...]] = [
        (
            t.digits(ws),
            rules.titles[ws].label(t.lang),
            points_text(kept.worksheets[ws], t),
            points_in_words(kept.worksheets[ws], t),
        )
        for ws in ("3", "4", "5", "6")
    ]
    rows.append((t.digits(7), t("ws7-total"), total_text(kept.total, t, rules), points_in_words(kept.total, t)))
    headers = tuple(t(f"ws7-col-{key}") for key in ("worksheet", "title", "points", "words"))
    grades = sorted(rules.grades, key=lambda g: g[1])
    guide_headers = (t("ws7-guide"), *(t("license-grade", grade=t.digits(g)) for g, _ in grades))
    guide = ((t("ws7-guide-minimum"), *(points_text(m, t) for _, m in grades)),)
    grade = t.digits(kept.grade) if kept.grade is not None else "—"
    return (
        Heading(t("ws7-title"), size=13),
        Paragraph(t("ws7-org-fills")),
        Table(headers, tuple(rows), widths=(11, 28, 12, 29), size=10),
        Table(guide_headers, guide, widths=(20, *(12 for _ in grades)), size=10),
        Box(
            t("ws7-reviewer-title"),
            (
                t("ws7-reviewer", engineer=engineer(t, file), total=total_text(kept.total, t, rules), grade=grade),
                t("ws7-signed", date=t.date(iran_day(signed)) if signed else "—"),
            ),
            height=30,
        ),
    )


def document_rows(t: Translator, file: CaseFile) -> tuple[tuple[str, ...], ...]:
    """The file's documents, one row per document (every page of one counted), and the replies
    of the inquiries."""
    counts = Counter(d.slot for d in file.documents if d.kind not in ORGANIZATION_KINDS)
    projects = {str(p.id): p.name or "" for p in file.projects}
    rows: list[tuple[str, ...]] = []
    for slot, count in counts.items():
        kind, _, ref = slot.partition(":")
        label = document_label(slot_kind(slot), t.lang)
        detail = projects.get(ref) if kind == "project_evidence" else finance_label(ref, t.lang) if ref else ""
        # the detail (a project's name, Persian in an English dossier too) in a cell of its own:
        # fpdf2 lays a Persian phrase with digits out of order inside a left-to-right line
        rows.append((label, detail or "", t.digits(count)))
    for found in file.letters:
        reply = t(f"letter-reply-{found.reply}") if found.reply else t("letter-reply-none")
        number = t.digits(found.number) if found.number else "—"
        rows.append((t("dossier-letter", letter=t(f"letter-kind-{found.kind}"), number=number), "", reply))
    return tuple((t.digits(n), *row) for n, row in enumerate(rows, start=1))


def worksheet6(t: Translator, file: CaseFile) -> tuple[Block, ...]:
    """seed 003, مطلوبیت: each criterion's mark and the attachment number of its documents
    ("مدرک پیوست شماره")."""
    rules = default_rules()
    marks = list(file.assessment.marks if file.assessment is not None else ())
    attachments = list(file.assessment.mark_attachments if file.assessment is not None else ())
    rows = tuple(
        (
            t.digits(n),
            criterion.label(t.lang),
            t.digits(marks[n - 1]) if n <= len(marks) and marks[n - 1] is not None else "",
            t.identifier(attachments[n - 1]) if n <= len(attachments) and attachments[n - 1] else "",
        )
        for n, criterion in enumerate(rules.desirability_criteria, start=1)
    )
    headers = tuple(t(f"dossier-ws6-{key}") for key in ("n", "criterion", "mark", "attachment"))
    return (
        Heading(t("dossier-ws6-title"), size=12),
        Table(headers, rows, widths=(6, 44, 12, 18), shaded=(2, 3), size=9),
    )


def dossier(
    t: Translator, file: CaseFile, org: Organization, introduced: dt.datetime | None, sent: dt.datetime
) -> Printout:
    """For the Roads and Urban Development office: worksheets 1 and 7 as one PDF, and the list of
    documents (spec "Workflow": technical manager's approval → sent)."""
    kept = file.assessment.kept if file.assessment is not None else None
    grade = t.digits(kept.grade) if kept is not None and kept.grade is not None else "—"
    approvals = (
        (
            t("dossier-reviewer", grade=grade),
            t(
                "dossier-signed",
                title=t("receipt-license-reviewer-sign"),
                date=t.date(iran_day(introduced)) if introduced else "—",
            ),
        ),
        (
            t("dossier-manager", grade=grade),
            t("dossier-signed", title=t("receipt-license-manager-sign"), date=t.date(iran_day(sent))),
        ),
    )
    headers = tuple(t(f"dossier-col-{key}") for key in ("n", "document", "detail", "count"))
    return Printout(
        t.lang,
        (
            *worksheet1(t, file, org, approvals),
            NewPage(),
            *worksheet7(t, file, introduced, org),
            Heading(t("dossier-documents"), size=12),
            Table(headers, document_rows(t, file), widths=(6, 30, 30, 16), size=9),
            *worksheet6(t, file),
            NewPage(landscape=True),
            *worksheet4(t, file),
        ),
    )


# ---- the license issued: the notice to the applicant (issue 27) ------------------------------------


def license_notice(t: Translator, file: CaseFile, issued: IssuedInfo, org: Organization) -> Printout:
    """The organization's notice that the ministry issued the license (its number, grade and
    date, as the builders unit recorded them), numbered and dated as its letters are; the PDF the
    applicant shows an employer, checkable by its code (revoked: the page says so)."""
    data = issued.data
    return Printout(
        t.lang,
        (
            Heading(t("letter-basmala"), size=10),
            Heading(org.name(t.lang), size=13),
            Pairs(
                ((t("letter-number"), t.digits(issued.number)), (t("letter-date"), t.date(iran_day(issued.issued_at))))
            ),
            Heading(t("license-notice-title"), size=14),
            Paragraph(t("license-notice-body", engineer=engineer(t, file)), size=11),
            Pairs(
                (
                    (t("license-notice-holder"), file.applicant.full_name),
                    (t("license-notice-national-code"), t.digits(file.applicant.national_code)),
                    (t("license-notice-number"), t.identifier(str(data.get("number") or "—"))),
                    (t("license-notice-grade"), t.digits(data.get("grade") or "—")),
                    (t("license-notice-date"), t.date(str(data.get("date") or "") or None)),
                    (t("license-notice-file"), file.case.tracking_code),
                ),
                columns=2,
            ),
            Paragraph(t("license-notice-check"), size=10),
            Heading(t("license-notice-signature"), size=11, align="end"),
        ),
    )
