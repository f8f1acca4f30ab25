"""The builder license's organization side (spec/builder-license.md "Workflow"; seed 003), one line
per step — who may take it, what the applicant (or the reviewer who had the file) is told, and
the staff chat's button:

    draft ─submit→ submitted ─take→ documents_review ─(the documents reviewer: grey part, amounts,
          marks; finish)→ inquiries ─(three letters and replies; the system, when all clear)→ scored
          ─introduce (the reviewer, worksheet 7)→ manager_approval ─approve (technical manager,
          the dossier)→ sent_to_ministry ─license issued (number, date, grade)→ closed
    manager_approval ─back to documents review (technical manager, a note)→ documents_review
    returned (→ resubmit → submitted) and rejected from every review step, by the reviewer or the
    technical manager

Roles: the documents reviewer is ``Role.REVIEWER`` (بررسی مدارک), the builders unit
``Role.BUILDERS_UNIT`` (واحد مجریان: the execution-works inquiry, the license issued), finance
``Role.FINANCE`` (the settlement certificate), the technical manager ``Role.TECHNICAL_MANAGER``
(the disciplinary letter is signed with their title; approval); admins may do everything.
"Set office" is not offered: a license file is the province organization's builders unit's, not
a representative office's (the applicant never chooses one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aiogram.methods import SendDocument, TelegramMethod
from aiogram.types import InlineKeyboardMarkup

from conversations.applications.builder_license.assessment import (
    ATTACHMENTS6,
    GREY,
    MARKS,
    WORKSHEET5,
    finish,
    open_panel,
)
from conversations.applications.builder_license.organization import (
    ISSUED,
    REVISE,
    REVOKE,
    answer_finance_from_standing,
    approve,
    clear_press,
    introduce,
    letter_press,
    record_form,
    settlement_certificate,
)
from conversations.applications.builder_license.texts import total_text
from conversations.kit.context import Reach
from conversations.kit.i18n import Translator
from conversations.kit.issued import issued_reference
from conversations.kit.keyboards import button, inline
from conversations.kit.process import (
    FINANCE,
    REVIEW,
    SYSTEM,
    Audience,
    Button,
    Notice,
    Process,
    Told,
    rejecting,
    returning,
    step,
    taking,
)
from conversations.kit.staffing import StaffCb
from conversations.kit.verification import LICENSE_ISSUED
from conversations.process.fees import slip_checks
from storage import cases
from storage.builder_license import KIND, Inquiry, LicenseAction, LicenseStatus
from storage.cases import Part
from storage.people import UserInfo
from storage.workflow import Action, Role, Status, TransitionResult

L, A = LicenseStatus, LicenseAction
MANAGER = frozenset({Role.TECHNICAL_MANAGER, Role.ADMIN})
BUILDERS_UNIT = frozenset({Role.BUILDERS_UNIT, Role.ADMIN})
# seed 003: the builders unit prepares the council's letter; the technical manager signs it
COUNCIL = frozenset({Role.BUILDERS_UNIT, Role.TECHNICAL_MANAGER, Role.ADMIN})
ISSUERS = frozenset({Role.TECHNICAL_MANAGER, Role.BUILDERS_UNIT, Role.ADMIN})
REVIEW_STEPS = (L.DOCUMENTS_REVIEW, L.INQUIRIES, L.SCORED, L.MANAGER_APPROVAL)
D, F, E = Inquiry.DISCIPLINARY, Inquiry.FINANCE, Inquiry.EXECUTION


def introduced_args(t: Translator, told: Told) -> Mapping[str, Any]:
    assessment = told.file.assessment
    score = assessment.kept if assessment is not None else None
    total = total_text(score.total, t, told.org.license_rules) if score is not None else "—"
    return {"code": told.case.tracking_code, "total": total, "grade": t.digits(score.grade if score else "—")}


def grade_args(t: Translator, told: Told) -> Mapping[str, Any]:
    assessment = told.file.assessment
    score = assessment.kept if assessment is not None else None
    return {"code": told.case.tracking_code, "grade": t.digits(score.grade if score else "—")}


def closed_args(t: Translator, told: Told) -> Mapping[str, Any]:
    assessment = told.file.assessment
    return {
        "code": told.case.tracking_code,
        "number": t.identifier(assessment.issued_number if assessment else "—"),
        "grade": t.digits(assessment.issued_grade if assessment else "—"),
        "date": t.date(assessment.issued_date if assessment else None),
    }


def revoked_args(t: Translator, told: Told) -> Mapping[str, Any]:
    assessment = told.file.assessment
    return {
        "code": told.case.tracking_code,
        "number": t.identifier(assessment.issued_number if assessment else "—"),
        "note": told.event.note or "—",
    }


def the_notice(t: Translator, told: Told, user: UserInfo) -> Sequence[TelegramMethod[Any]]:
    """The license-issued notice itself (a PDF with its verification code), rendered when sent."""
    found = next((d for d in reversed(told.file.issued) if d.kind == LICENSE_ISSUED and d.superseded_at is None), None)
    if found is None:
        return []
    caption = t("license-notice-caption", number=t.digits(found.number))
    return [SendDocument(chat_id=user.chat_id, document=issued_reference(found.id, t.lang), caption=caption)]


def revised_args(t: Translator, told: Told) -> Mapping[str, Any]:
    return {"code": told.case.tracking_code, "note": told.event.note or "—"}


def open_panel_button(t: Translator, told: Told) -> InlineKeyboardMarkup:
    """The reviewer who had the file opens its documents review again."""
    return inline([button(t("btn-assess-open"), StaffCb(act="assess", case=told.case.id, ver=told.case.version))])


async def record_fee(reach: Reach, submitted: TransitionResult) -> None:
    """The fee the applicant's slip paid (seed 003, checklist 4), as it was asked on submitting."""
    case = await cases.get_case(reach.session, submitted.case_id)
    assert case is not None
    await cases.set_fee(reach.session, case.id, reach.services.org_of(case.province).fee(KIND).rials)


async def inquiries_begin(reach: Reach, done: TransitionResult) -> None:
    await answer_finance_from_standing(reach, done)


PROCESS = Process(
    kind=KIND,
    steps=(
        step(Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, frozenset({Role.APPLICANT}), then=record_fee),
        step(Action.RESUBMIT, Status.RETURNED, Status.SUBMITTED, frozenset({Role.APPLICANT}), then=record_fee),
        taking(L.DOCUMENTS_REVIEW, Notice("notify-in-review-builder_license")),
        # the fee slip that came with the documents (seed 003, checklist 4): finance accepts it or
        # refuses it with the reason, and the applicant sends another (issue 23)
        *slip_checks((Status.SUBMITTED, L.DOCUMENTS_REVIEW)),
        # documents review: the reviewer's panel and its forms (grey part, amounts, marks)
        step(
            A.ASSESS,
            L.DOCUMENTS_REVIEW,
            None,
            REVIEW,
            button=Button("btn-license-assess", screen=open_panel, forms=(GREY, WORKSHEET5, MARKS, ATTACHMENTS6)),
        ),
        step(
            A.ADVANCE,
            L.DOCUMENTS_REVIEW,
            L.INQUIRIES,
            REVIEW,
            name="finish_review",
            tell=Notice("notify-license-inquiries"),
            then=inquiries_begin,
            button=Button("btn-assess-done", press=finish, in_chat=False),
        ),
        # the three inquiries, each its letter and reply
        step(
            A.LETTER,
            L.INQUIRIES,
            None,
            COUNCIL,
            name="letter_disciplinary",
            button=Button("btn-letter-disciplinary", row="d", press=letter_press(D)),
        ),
        step(
            A.INQUIRY_REPLY,
            L.INQUIRIES,
            None,
            COUNCIL,
            name="clear_disciplinary",
            button=Button("btn-clear-disciplinary", row="d", press=clear_press(D)),
        ),
        step(
            A.INQUIRY_REPLY,
            L.INQUIRIES,
            None,
            COUNCIL,
            name="record_disciplinary",
            button=Button("btn-record-disciplinary", row="d", form=record_form(D, "prompt-record")),
        ),
        step(
            A.LETTER,
            L.INQUIRIES,
            None,
            FINANCE,
            name="certificate_finance",
            button=Button("btn-letter-finance", row="f", press=settlement_certificate),
        ),
        step(
            A.INQUIRY_REPLY,
            L.INQUIRIES,
            None,
            FINANCE,
            name="unpaid_finance",
            button=Button("btn-unpaid-finance", row="f", form=record_form(F, "prompt-unpaid")),
        ),
        step(
            A.LETTER,
            L.INQUIRIES,
            None,
            BUILDERS_UNIT,
            name="letter_execution",
            button=Button("btn-letter-execution", row="e", press=letter_press(E)),
        ),
        step(
            A.INQUIRY_REPLY,
            L.INQUIRIES,
            None,
            BUILDERS_UNIT,
            name="clear_execution",
            button=Button("btn-clear-execution", row="e", press=clear_press(E)),
        ),
        step(
            A.INQUIRY_REPLY,
            L.INQUIRIES,
            None,
            BUILDERS_UNIT,
            name="record_execution",
            button=Button("btn-record-execution", row="e", form=record_form(E, "prompt-record")),
        ),
        step(A.ADVANCE, L.INQUIRIES, L.SCORED, SYSTEM, name="inquiries_clear", tell=Notice("notify-license-scored")),
        # worksheet 7, the technical manager, the ministry
        step(
            A.ADVANCE,
            L.SCORED,
            L.MANAGER_APPROVAL,
            REVIEW,
            name="introduce",
            tell=Notice("notify-license-introduced", introduced_args),
            button=Button("btn-license-introduce", press=introduce),
        ),
        step(
            A.SEND_TO_MINISTRY,
            L.MANAGER_APPROVAL,
            L.SENT_TO_MINISTRY,
            MANAGER,
            name="send_to_ministry",
            tell=Notice("notify-license-sent", grade_args, sms=True),
            button=Button("btn-license-approve", press=approve),
        ),
        step(
            A.REVISE,
            L.MANAGER_APPROVAL,
            L.DOCUMENTS_REVIEW,
            MANAGER,
            tell=(
                Notice("notify-license-revised"),
                Notice("revise-to-reviewer", revised_args, to=Audience.ASSIGNED_STAFF, markup=open_panel_button),
            ),
            button=Button("btn-license-revise", form=REVISE),
        ),
        step(
            A.CLOSE,
            L.SENT_TO_MINISTRY,
            L.CLOSED,
            ISSUERS,
            name="issued",
            tell=Notice("notify-license-closed", closed_args, also=the_notice, sms=True),
            button=Button("btn-license-issued", form=ISSUED),
        ),
        step(
            A.REVOKE,
            L.CLOSED,
            L.REVOKED,
            MANAGER,
            tell=Notice("notify-license-revoked", revoked_args, sms=True),
            button=Button("btn-license-revoke", form=REVOKE),
        ),
        returning(REVIEW_STEPS[:3], REVIEW | MANAGER),
        rejecting(REVIEW_STEPS, REVIEW | MANAGER),
    ),
    final=frozenset({L.CLOSED, L.REVOKED, Status.REJECTED}),
    waiting=frozenset({Status.DRAFT, Status.RETURNED}),
    internal=frozenset({A.ASSESS, A.LETTER, A.INQUIRY_REPLY}),
    review_outcomes=frozenset({Action.RETURN, Action.APPROVE, Action.REJECT, A.ADVANCE}),
    decisions=frozenset({Action.APPROVE, Action.REJECT, A.SEND_TO_MINISTRY}),
    parts=frozenset({Part.PROJECTS, Part.FINANCE, Part.ASSESSMENT, Part.LETTERS, Part.STANDING, Part.ISSUED}),
)
