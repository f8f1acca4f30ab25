"""What staff do with a builder-license file once documents review has ended (spec "Workflow";
issue 12 §3–5) — the kind's own steps on the staff side, declared in ``staffing.DESK``:

    inquiries (three, each a letter as a PDF — numbered, dated — and its reply):
        disciplinary council (builders unit, technical manager): letter → clear | a record found
        finance: the settlement certificate (issuing it is finance's "clear") | dues unpaid
        execution works (builders unit): letter → clear | a record found
        (a record found: a note, in the presser's private chat, optionally as the caption of a
        photo or PDF of the reply; the file waits — staff return or reject it, or record the
        reply again once cleared)
      the third clear → scored (by the system); the applicant is told
    scored ─introduce (documents reviewer: worksheet 7's sentence)→ manager_approval
    manager_approval ─approve (technical manager)→ sent_to_ministry, with the dossier as a PDF
                     ─back to documents review (technical manager, a note)→ documents_review;
                         the reviewer who had it is told, with the note
    sent_to_ministry ─license issued (number, date, grade: ``assessment``)→ closed

The applicant hears of every status in their own language (outbox), never who acted.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import jdatetime

from conversations.kit.context import Ctx
from conversations.kit.fields import Refused
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import button, inline
from conversations.kit.pdf import render
from conversations.kit.staffing import NotedRun, StepNote, StepRun
from conversations.kit.uploads import save_document
from conversations.license.assessment import AssessCb
from conversations.license.letters import dossier, engineer, letter_printout
from conversations.license.texts import points_text, total_text
from conversations.process.licensing import advance_when_clear
from scoring import check_rules
from storage import cases, documents, license_review, staff
from storage.cases import CaseFile, CaseInfo
from storage.exports import IRAN_TIME
from storage.license_review import LetterInfo, LetterKind, Reply
from storage.workflow import Action, Actor, Status, transition


def jalali_year(moment: dt.datetime | None = None) -> int:
    """The Jalali year in Iran now (letters are numbered per year)."""
    day = (moment or dt.datetime.now(dt.UTC)).astimezone(IRAN_TIME).date()
    return int(jdatetime.date.fromgregorian(date=day).year)


def staff_language(ctx: Ctx) -> Translator:
    return ctx.services.i18n(None)


# ---- letters --------------------------------------------------------------------------------------


async def send_letter(ctx: Ctx, case: CaseInfo, actor: Actor, kind: LetterKind) -> LetterInfo:
    """The file's letter of ``kind`` (issued now with the next number, or the one issued before)
    as a PDF, to the chat where it was asked for."""
    t = staff_language(ctx)
    year = jalali_year()
    letter, _ = await license_review.issue_letter(
        ctx.session,
        case.id,
        kind,
        actor,
        year=year,
        settled_year=year if kind == LetterKind.FINANCE else None,
        note=lambda number: t("letter-history", letter=t(f"letter-kind-{kind.value}"), number=t.digits(number)),
    )
    file = await cases.case_file(ctx.session, case.id)
    assert file is not None
    pdf = await asyncio.to_thread(render, letter_printout(t, file, letter, ctx.services.org))
    caption = t(
        "letter-caption",
        letter=t(f"letter-kind-{kind.value}"),
        number=t.digits(letter.number or ""),
        code=case.tracking_code,
    )
    ctx.ui.send_document(ctx.chat_id, pdf, f"{kind.value}-{case.tracking_code}.pdf", caption)
    return letter


async def clear(ctx: Ctx, case: CaseInfo, actor: Actor, kind: LetterKind) -> None:
    found = await license_review.letter(ctx.session, case.id, kind)
    if found is None or not found.issued:  # a reply to a letter never sent
        raise Refused("inquiry-letter-first")
    t = staff_language(ctx)
    await license_review.record_reply(
        ctx.session,
        case.id,
        kind,
        Reply.CLEAR,
        actor,
        note=t("inquiry-note-clear", letter=t(f"letter-kind-{kind.value}")),
    )
    await advance_when_clear(ctx, case.id)


async def record_found(ctx: Ctx, case: CaseInfo, actor: Actor, kind: LetterKind, note: StepNote) -> None:
    """A record found (or finance's dues unpaid): the note, and the reply's photo or PDF kept with
    the file (an organization's document: never returned to the applicant)."""
    found = await license_review.letter(ctx.session, case.id, kind)
    if kind != LetterKind.FINANCE and (found is None or not found.issued):
        raise Refused("inquiry-letter-first")
    document_id = None
    if note.upload is not None:
        slot = f"{documents.INQUIRY_REPLY}:{kind.value}"
        await save_document(ctx, case.id, documents.INQUIRY_REPLY, kind.value, note.upload, slot=slot)
        kept = await documents.current_documents(ctx.session, case.id)
        document_id = next((d.id for d in reversed(kept) if d.slot == slot), None)
    t = staff_language(ctx)
    await license_review.record_reply(
        ctx.session,
        case.id,
        kind,
        Reply.RECORD,
        actor,
        note=t("inquiry-note-record", letter=t(f"letter-kind-{kind.value}"), note=note.text),
        reply_note=note.text,
        document_id=document_id,
    )


def letter_step(kind: LetterKind) -> StepRun:
    async def run(ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
        await send_letter(ctx, case, actor, kind)

    return run


def clear_step(kind: LetterKind) -> StepRun:
    async def run(ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
        await clear(ctx, case, actor, kind)

    return run


def record_step(kind: LetterKind) -> NotedRun:
    async def run(ctx: Ctx, case: CaseInfo, actor: Actor, note: StepNote) -> None:
        await record_found(ctx, case, actor, kind, note)

    return run


async def settlement_certificate(ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
    """Finance's settlement certificate: issuing it says the dues are settled (finance's clear)."""
    letter = await send_letter(ctx, case, actor, LetterKind.FINANCE)
    if not letter.clear:
        t = staff_language(ctx)
        await license_review.record_reply(
            ctx.session,
            case.id,
            LetterKind.FINANCE,
            Reply.CLEAR,
            actor,
            note=t("inquiry-note-clear", letter=t("letter-kind-finance")),
        )
        await advance_when_clear(ctx, case.id)


# ---- worksheet 7, approval, the ministry ------------------------------------------------------------


async def introduce(ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
    """The documents reviewer signs worksheet 7: introduced to the technical manager."""
    file = await cases.case_file(ctx.session, case.id)
    assert file is not None
    kept = file.assessment.kept if file.assessment is not None else None
    if kept is None or kept.grade is None:
        raise Refused("ws7-not-scored")
    t = staff_language(ctx)
    total, grade = kept.total, kept.grade
    await transition(
        ctx.session,
        case.id,
        Action.ADVANCE,
        actor,
        expected_version=case.version,
        note=t("ws7-reviewer", engineer=engineer(t, file), total=total_text(total, t), grade=t.digits(grade)),
    )
    await ctx.outbox.tell(
        case.messenger_user_id,
        "notify-license-introduced",
        code=case.tracking_code,
        total=lambda ut: total_text(total, ut),
        grade=lambda ut: ut.digits(grade),
    )


async def approve(ctx: Ctx, case: CaseInfo, actor: Actor) -> None:
    """The technical manager approves: sent to the Roads and Urban Development office, with the
    dossier (worksheets 1 and 7, the documents) as a PDF to the chat where it was approved."""
    file = await cases.case_file(ctx.session, case.id)
    assert file is not None
    kept = file.assessment.kept if file.assessment is not None else None
    if kept is None or kept.grade is None:
        raise Refused("ws7-not-scored")
    grade = kept.grade
    t = staff_language(ctx)
    result = await transition(
        ctx.session,
        case.id,
        Action.SEND_TO_MINISTRY,
        actor,
        expected_version=case.version,
        note=t("dossier-note", grade=t.digits(grade)),
    )
    introduced = next(
        (e.at for e in reversed(file.events) if e.action == Action.ADVANCE and e.to_status == Status.MANAGER_APPROVAL),
        None,
    )
    sent = await cases.case_file(ctx.session, case.id)
    assert sent is not None
    pdf = await asyncio.to_thread(render, dossier(t, sent, ctx.services.org, introduced, result.event.at))
    ctx.ui.send_document(
        ctx.chat_id, pdf, f"dossier-{case.tracking_code}.pdf", t("dossier-caption", code=case.tracking_code)
    )
    await ctx.outbox.tell(
        case.messenger_user_id, "notify-license-sent", code=case.tracking_code, grade=lambda ut: ut.digits(grade)
    )


async def revise(ctx: Ctx, case: CaseInfo, actor: Actor, note: StepNote) -> None:
    """The technical manager sends the file back to documents review, with a note (staff's only):
    the reviewer who had it hears of it in private, with the panel's button."""
    await transition(ctx.session, case.id, Action.REVISE, actor, expected_version=case.version, note=note.text)
    await ctx.outbox.tell(case.messenger_user_id, "notify-license-revised", code=case.tracking_code)
    reviewer = await staff.get_staff_by_id(ctx.session, case.assigned_staff_id) if case.assigned_staff_id else None
    if reviewer is None or reviewer.id == actor.staff_id:
        return
    t = staff_language(ctx)
    assessment = await license_review.get_assessment(ctx.session, case.id)
    markup = inline([button(t("btn-assess-open"), AssessCb(act="home", case=case.id, ver=assessment.version))])
    text = t("revise-to-reviewer", code=case.tracking_code, note=note.text)
    await ctx.outbox.text(reviewer.external_id, text, markup, platform=reviewer.platform)


# ---- what the staff message of a file adds, per status ----------------------------------------------


def inquiry_lines(t: Translator, file: CaseFile) -> list[str]:
    lines = [t("inquiries-title")]
    for kind in LetterKind:
        found = file.letter(kind.value)
        letter = (
            t("inquiry-letter", number=t.digits(found.number)) if found and found.number else t("inquiry-no-letter")
        )
        if found is None or found.reply is None:
            reply = t("inquiry-waiting")
        elif found.clear:
            reply = t("inquiry-clear")
        else:
            reply = t("inquiry-record", note=found.reply_note or "—")
        lines.append(t("inquiry-line", letter=t(f"letter-kind-{kind.value}"), issued=letter, reply=reply))
    return lines


def worksheet7_card(t: Translator, file: CaseFile) -> list[str]:
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
        t("ws7-card-points", **points, total=total_text(kept.total, t), grade=grade),
        "«" + t("ws7-reviewer", engineer=engineer(t, file), total=total_text(kept.total, t), grade=grade) + "»",
    ]
    report = check_rules()
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


def status_card(t: Translator, file: CaseFile) -> str | None:
    status = file.case.status
    if status == Status.DOCUMENTS_REVIEW:  # the reviewer's panel shows the score as it changes
        return t("assess-staff-card")
    if status == Status.INQUIRIES:
        return "\n".join([*worksheet7_card(t, file)[:2], "", *inquiry_lines(t, file)])
    if status in (Status.SCORED, Status.MANAGER_APPROVAL):
        return "\n".join([*worksheet7_card(t, file), "", *inquiry_lines(t, file)])
    kept = file.assessment.kept if file.assessment is not None else None
    if status == Status.SENT_TO_MINISTRY and kept is not None:
        return t("ministry-card", grade=t.digits(kept.grade or "—"), total=total_text(kept.total, t))
    assessment = file.assessment
    if status == Status.CLOSED and assessment is not None and assessment.license_number:
        return t(
            "closed-card",
            number=t.identifier(assessment.license_number),
            grade=t.digits(assessment.license_grade or "—"),
            date=t.date(assessment.license_date),
        )
    return None


__all__ = [
    "approve",
    "clear_step",
    "introduce",
    "letter_step",
    "record_step",
    "revise",
    "settlement_certificate",
    "status_card",
]
