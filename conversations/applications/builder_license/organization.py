"""What staff do with a builder-license file once documents review has ended (spec "Workflow";
issue 12 §3–5) — the presses and staff forms of its process (``process``):

    inquiries (three, each a letter as a PDF — numbered, dated — and its reply):
        disciplinary council (builders unit, technical manager): letter → clear | a record found
        finance: the settlement certificate (issuing it is finance's "clear") | dues unpaid;
            answered by the system when the applicant's dues are settled in the bot (the annual
            dues application), the letter still issued
        execution works (builders unit): letter → clear | a record found
        (a record found: a note, in the presser's private chat, optionally as the caption of a
        photo or PDF of the reply; the file waits — staff return or reject it, or record the
        reply again once cleared)
      the third clear → scored (by the system)
    scored ─introduce (documents reviewer: worksheet 7's sentence)→ manager_approval
    manager_approval ─approve (technical manager)→ sent_to_ministry, with the dossier as a PDF
                     ─back to documents review (technical manager, a note)→ documents_review
    sent_to_ministry ─license issued (a staff form: number, date, grade)→ closed, the license-issued
                     notice (a PDF with its verification code) to the applicant
    closed ─revoke (technical manager, a staff form: the reason)→ revoked: the notice's verification
           says revoked (issue 27)

Every PDF here carries its verification code and QR code (``kit.verification.stamp``, issue 27).

Whom each step tells is declared with the step and told by the relay; never who acted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from conversations.applications.builder_license.letters import dossier, engineer, iran_day, letter_printout
from conversations.applications.builder_license.texts import grade_label, points_text, total_text
from conversations.kit.context import Ctx, Organization, Reach
from conversations.kit.fields import Env, Field, InputKind, Refused
from conversations.kit.forms import Form
from conversations.kit.i18n import Translator
from conversations.kit.issued import register_issued
from conversations.kit.keyboards import Choice
from conversations.kit.pdf import render
from conversations.kit.process import Press, StaffForm, Step, act
from conversations.kit.staffforms import DraftStore, Note, code_args, note_form
from conversations.kit.uploads import save_document
from conversations.kit.verification import DOSSIER, LETTER, LICENSE_ISSUED, stamp
from scoring import (
    check_issued_date,
    check_rules,
    default_rules,
    parse_jalali_date,
    validate_identifier,
)
from scoring.license import Rules
from scoring.validators import jalali_year
from storage import builder_license, cases, documents, issued, verification
from storage.builder_license import Inquiry, LetterInfo, LicenseAction, LicenseStatus, Reply
from storage.cases import CaseFile, CaseInfo
from storage.workflow import Actor, TransitionResult

L = LicenseStatus


def staff_language(ctx: Reach) -> Translator:
    return ctx.services.i18n(None)


# ---- letters --------------------------------------------------------------------------------------


async def issue(reach: Reach, case: CaseInfo, actor: Actor, kind: Inquiry) -> tuple[LetterInfo, bool]:
    """The file's letter of ``kind``: issued now with the next number, or the one issued before."""
    t = staff_language(reach)
    year = jalali_year()
    return await builder_license.issue_letter(
        reach.session,
        case.id,
        kind,
        actor,
        year=year,
        settled_year=year if kind == Inquiry.FINANCE else None,
        note=lambda number: t("letter-history", letter=t(f"letter-kind-{kind.value}"), number=t.digits(number)),
    )


async def send_letter(ctx: Ctx, case: CaseInfo, actor: Actor, kind: Inquiry) -> LetterInfo:
    """The file's letter of ``kind`` as a PDF, to the chat where it was asked for."""
    t = staff_language(ctx)
    letter, _ = await issue(ctx, case, actor, kind)
    file = await cases.case_file(ctx.session, case.id, ctx.services.parts)
    assert file is not None
    printout = await stamp(
        ctx,
        letter_printout(t, file, letter, ctx.services.org_of(case.province)),
        case_id=case.id,
        kind=f"{LETTER}_{kind.value}",
        number=letter.number or case.tracking_code,
        source=f"letter:{letter.id}",
    )
    pdf = await asyncio.to_thread(render, printout)
    caption = t(
        "letter-caption",
        letter=t(f"letter-kind-{kind.value}"),
        number=t.digits(letter.number or ""),
        code=case.tracking_code,
    )
    ctx.ui.send_document(ctx.chat_id, pdf, f"{kind.value}-{case.tracking_code}.pdf", caption)
    return letter


async def advance_when_clear(reach: Reach, case_id: int) -> bool:
    """Every inquiry answered clear → scored, by the system (True when it moved): the third reply
    recorded, or documents review ending again after the technical manager sent the file back,
    its inquiries already clear (they concern the person, not the figures)."""
    case = await cases.get_case(reach.session, case_id)
    if case is None or case.status != L.INQUIRIES or not await builder_license.all_clear(reach.session, case_id):
        return False
    await act(reach, case, LicenseAction.ADVANCE, Actor.system(), expected_version=case.version)
    return True


async def clear(ctx: Reach, case: CaseInfo, actor: Actor, kind: Inquiry, note: str | None = None) -> None:
    found = await builder_license.letter(ctx.session, case.id, kind)
    if found is None or not found.issued:  # a reply to a letter never sent
        raise Refused("inquiry-letter-first")
    t = staff_language(ctx)
    await builder_license.record_reply(
        ctx.session,
        case.id,
        kind,
        Reply.CLEAR,
        actor,
        note=note or t("inquiry-note-clear", letter=t(f"letter-kind-{kind.value}")),
    )
    await advance_when_clear(ctx, case.id)


async def record_found(ctx: Ctx, case: CaseInfo, actor: Actor, kind: Inquiry, note: Note) -> None:
    """A record found (or finance's dues unpaid): the note, and the reply's photo or PDF kept with
    the file (an organization's document: never returned to the applicant)."""
    found = await builder_license.letter(ctx.session, case.id, kind)
    if kind != Inquiry.FINANCE and (found is None or not found.issued):
        raise Refused("inquiry-letter-first")
    document_id = None
    if note.upload is not None:
        slot = f"{documents.INQUIRY_REPLY}:{kind.value}"
        await save_document(ctx, case.id, documents.INQUIRY_REPLY, kind.value, note.upload, slot=slot)
        kept = await documents.current_documents(ctx.session, case.id)
        document_id = next((d.id for d in reversed(kept) if d.slot == slot), None)
    t = staff_language(ctx)
    await builder_license.record_reply(
        ctx.session,
        case.id,
        kind,
        Reply.RECORD,
        actor,
        note=t("inquiry-note-record", letter=t(f"letter-kind-{kind.value}"), note=note.text),
        reply_note=note.text,
        document_id=document_id,
    )


def letter_press(kind: Inquiry) -> Press:
    async def press(ctx: Ctx, case: CaseInfo, actor: Actor, done: Step) -> None:
        await send_letter(ctx, case, actor, kind)

    return press


def clear_press(kind: Inquiry) -> Press:
    async def press(ctx: Ctx, case: CaseInfo, actor: Actor, done: Step) -> None:
        await clear(ctx, case, actor, kind)

    return press


def record_form(kind: Inquiry, prompt: str) -> StaffForm:
    """A record found (with the photo or PDF of the reply, where there is one)."""

    async def submit(ctx: Ctx, case: CaseInfo, actor: Actor, answers: Mapping[str, Any]) -> None:
        await record_found(ctx, case, actor, kind, Note.of(answers.get("note")))

    return StaffForm(note_form(f"record_{kind.value}", prompt, attachment=True), submit)


async def settlement_certificate(ctx: Ctx, case: CaseInfo, actor: Actor, done: Step) -> None:
    """Finance's settlement certificate: issuing it says the dues are settled (finance's clear)."""
    letter = await send_letter(ctx, case, actor, Inquiry.FINANCE)
    if not letter.clear:
        await clear(ctx, case, actor, Inquiry.FINANCE)


async def answer_finance_from_standing(reach: Reach, done: TransitionResult) -> None:
    """Inquiries begin: when the applicant's dues are settled in the bot through this year (a
    settlement certificate of the annual dues application), finance's inquiry is answered by the
    system — its letter issued as ever, marked answered by the system."""
    file = await cases.case_file(reach.session, done.case_id, reach.services.parts)
    if file is None or file.standing.dues_through is None or file.standing.dues_through < jalali_year():
        return
    system = Actor.system()
    letter, _ = await issue(reach, file.case, system, Inquiry.FINANCE)
    if letter.clear:
        return
    t = staff_language(reach)
    note = t("inquiry-note-clear-standing", year=t.digits(file.standing.dues_through))
    await builder_license.record_reply(reach.session, file.case.id, Inquiry.FINANCE, Reply.CLEAR, system, note=note)


# ---- worksheet 7, approval, the ministry ------------------------------------------------------------


def kept_grade(file: CaseFile) -> int:
    kept = file.assessment.kept if file.assessment is not None else None
    if kept is None or kept.grade is None:
        raise Refused("ws7-not-scored")
    return kept.grade


async def introduce(ctx: Ctx, case: CaseInfo, actor: Actor, done: Step) -> None:
    """The documents reviewer signs worksheet 7: introduced to the technical manager."""
    file = await cases.case_file(ctx.session, case.id, ctx.services.parts)
    assert file is not None
    grade = kept_grade(file)
    assert file.assessment is not None
    assert file.assessment.kept is not None
    t = staff_language(ctx)
    total = file.assessment.kept.total
    rules = ctx.services.org_of(case.province).license_rules
    note = t("ws7-reviewer", engineer=engineer(t, file), total=total_text(total, t, rules), grade=t.digits(grade))
    await act(ctx, case, done.action, actor, expected_version=case.version, note=note)


async def approve(ctx: Ctx, case: CaseInfo, actor: Actor, done: Step) -> None:
    """The technical manager approves: sent to the Roads and Urban Development office, with the
    dossier (worksheets 1 and 7, the documents) as a PDF to the chat where it was approved."""
    file = await cases.case_file(ctx.session, case.id, ctx.services.parts)
    assert file is not None
    grade = kept_grade(file)
    t = staff_language(ctx)
    result = await act(
        ctx, case, done.action, actor, expected_version=case.version, note=t("dossier-note", grade=t.digits(grade))
    )
    introduced = next(
        (
            e.at
            for e in reversed(file.events)
            if e.action == LicenseAction.ADVANCE and e.to_status == L.MANAGER_APPROVAL
        ),
        None,
    )
    sent = await cases.case_file(ctx.session, case.id, ctx.services.parts)
    assert sent is not None
    printout = await stamp(
        ctx,
        dossier(t, sent, ctx.services.org_of(case.province), introduced, result.event.at),
        case_id=case.id,
        kind=DOSSIER,
        number=case.tracking_code,
        source=f"dossier:{case.id}:{result.event.id}",
    )
    pdf = await asyncio.to_thread(render, printout)
    ctx.ui.send_document(
        ctx.chat_id, pdf, f"dossier-{case.tracking_code}.pdf", t("dossier-caption", code=case.tracking_code)
    )


async def revise(ctx: Ctx, case: CaseInfo, actor: Actor, answers: Mapping[str, Any]) -> None:
    """The technical manager sends the file back to documents review, with a note (staff's only)."""
    await act(
        ctx, case, LicenseAction.REVISE, actor, expected_version=case.version, note=Note.of(answers.get("note")).text
    )


REVISE = StaffForm(note_form("license_revise", "prompt-revise"), revise)


# ---- the license issued: a staff form ------------------------------------------------------------------


def issue_env(file: CaseFile | None) -> Mapping[str, Any]:
    """What the issue date is checked against: the day (in Iran) the file was last submitted."""
    submitted = file.case.submitted_at if file is not None else None
    return {"submitted": iran_day(submitted) if submitted is not None else None}


def parse_issue_date(text: str, env: Env) -> str:
    """A license issued is dated today or before, and not before the file was submitted (the
    reason and the question again otherwise)."""
    date = parse_jalali_date(text)
    return check_issued_date(date, env.extra.get("submitted"), iran_day(dt.datetime.now(dt.UTC))).isoformat()


class IssuedGrades:
    """The grades the rules give, best first; the one worksheet 7 introduced marked."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        position = ctx.position.current
        introduced = None
        if position is not None and position.case is not None:
            assessment = await builder_license.get_assessment(ctx.session, position.case)
            introduced = assessment.kept.grade if assessment.kept is not None else None
        grades = sorted({g for g, _ in default_rules().grades}, reverse=True)
        return [Choice(str(g), ("✅ " if g == introduced else "") + grade_label(g, ctx.t)) for g in grades]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return grade_label(int(value), t) if value.isdigit() else value


ISSUED_FORM = Form(
    "license_issued",
    "form-license-issued",
    (
        Field(
            "issued_number",
            InputKind.TEXT,
            lambda text, env: validate_identifier(text, max_length=40),
            prompt="issue-number",
            prompt_args=code_args,
        ),
        Field(
            "issued_date",
            InputKind.DATE,
            parse_issue_date,
            prompt="issue-date",
        ),
        Field("issued_grade", InputKind.CHOICE, choices=IssuedGrades(), prompt="issue-grade"),
    ),
    DraftStore("license_issued"),
    summary=False,
    progress=False,
    env=issue_env,
)


async def record_issued(ctx: Ctx, case: CaseInfo, actor: Actor, answers: Mapping[str, Any]) -> None:
    """The license the ministry issued: its number, date and grade; the file is closed."""
    number, date, grade = (
        str(answers["issued_number"]),
        dt.date.fromisoformat(str(answers["issued_date"])),
        int(answers["issued_grade"]),
    )
    t = staff_language(ctx)
    note = t("issue-note", number=t.identifier(number), grade=t.digits(grade), date=t.date(date))
    await act(ctx, case, LicenseAction.CLOSE, actor, expected_version=case.version, note=note)
    await builder_license.record_issued_license(ctx.session, case.id, number, grade, date)
    # the notice sent to the applicant with the news (``process``): numbered, checkable (issue 27)
    notice = await issued.issue(
        ctx.session,
        case.id,
        LICENSE_ISSUED,
        {"number": number, "grade": grade, "date": date.isoformat()},
        year=jalali_year(),
        issued_by=actor.staff_id,
    )
    await register_issued(ctx.session, ctx.services, notice)


ISSUED = StaffForm(ISSUED_FORM, record_issued, recorded="issue-recorded")


async def revoke(ctx: Ctx, case: CaseInfo, actor: Actor, answers: Mapping[str, Any]) -> None:
    """The technical manager revokes the license issued, with the reason (told to the applicant):
    its notice's verification says revoked from now on (issue 27 §5)."""
    await act(
        ctx, case, LicenseAction.REVOKE, actor, expected_version=case.version, note=Note.of(answers.get("note")).text
    )
    await verification.revoke(ctx.session, case.id, LICENSE_ISSUED)


REVOKE = StaffForm(note_form("license_revoke", "prompt-revoke"), revoke, recorded="revoke-recorded")


# ---- what the staff message of a file adds, per status ----------------------------------------------


def inquiry_lines(t: Translator, file: CaseFile) -> list[str]:
    lines = [t("inquiries-title")]
    for kind in Inquiry:
        found = file.letter(kind.value)
        letter = (
            t("inquiry-letter", number=t.digits(found.number)) if found and found.number else t("inquiry-no-letter")
        )
        if found is None or found.reply is None:
            reply = t("inquiry-waiting")
        elif found.clear and found.replied_by is None:  # the system's (the dues settled in the bot)
            reply = t("inquiry-clear-system")
        elif found.clear:
            reply = t("inquiry-clear")
        else:
            reply = t("inquiry-record", note=found.reply_note or "—")
        lines.append(t("inquiry-line", letter=t(f"letter-kind-{kind.value}"), issued=letter, reply=reply))
    return lines


def worksheet7_card(t: Translator, file: CaseFile, rules: Rules) -> list[str]:
    """Worksheet 7 in the chat: each worksheet's points, the total, the grade, the reviewer's
    sentence ("with total score … for builder license grade …"); and the grades these rules can
    never give (the seed's grade 1)."""
    kept = file.assessment.kept if file.assessment is not None else None
    if kept is None:
        return [t("ws7-not-scored")]
    points = {f"ws{ws}": points_text(p, t) for ws, p in kept.worksheets.items()}
    grade = t.digits(kept.grade) if kept.grade is not None else "—"
    lines = [
        t("ws7-card-title"),
        t("ws7-card-points", **points, total=total_text(kept.total, t, rules), grade=grade),
        "«" + t("ws7-reviewer", engineer=engineer(t, file), total=total_text(kept.total, t, rules), grade=grade) + "»",
    ]
    report = check_rules(rules)
    lines += [
        t(
            "assess-unreachable",
            grade=t.digits(g),
            minimum=points_text(m, t),
            max_total=points_text(report.max_total, t),
        )
        for g, m in report.unreachable_grades
    ]
    return lines


def status_card(t: Translator, file: CaseFile, org: Organization) -> str | None:
    status = file.case.status
    rules = org.license_rules
    if status == L.DOCUMENTS_REVIEW:  # the reviewer's panel shows the score as it changes
        return t("assess-staff-card")
    if status == L.INQUIRIES:
        return "\n".join([*worksheet7_card(t, file, rules)[:2], "", *inquiry_lines(t, file)])
    if status in (L.SCORED, L.MANAGER_APPROVAL):
        return "\n".join([*worksheet7_card(t, file, rules), "", *inquiry_lines(t, file)])
    kept = file.assessment.kept if file.assessment is not None else None
    if status == L.SENT_TO_MINISTRY and kept is not None:
        return t("ministry-card", grade=t.digits(kept.grade or "—"), total=total_text(kept.total, t, rules))
    assessment = file.assessment
    if status == L.CLOSED and assessment is not None and assessment.issued_number:
        return t(
            "closed-card",
            number=t.identifier(assessment.issued_number),
            grade=t.digits(assessment.issued_grade or "—"),
            date=t.date(assessment.issued_date),
        )
    return None


__all__ = [
    "ISSUED",
    "REVISE",
    "REVOKE",
    "advance_when_clear",
    "answer_finance_from_standing",
    "approve",
    "clear_press",
    "introduce",
    "letter_press",
    "record_form",
    "settlement_certificate",
    "status_card",
]
