"""Documents review of a builder-license file, in the documents reviewer's private chat (spec
"Workflow": the organization fills worksheet 4's grey part, verifies worksheet 5, gives
worksheet 6's marks; issue 12 §2):

    staff chat "📋 documents review" (documents_review) → the panel: worksheets 3–7 of the
        accepted figures, the projects, the finance items, the marks
      ├─ a project → its claim and grey part: accepted as claimed / not accepted / the area
      │     accepted (typed, ≤ claimed) / the record type (buttons) / the applicant's own start
      │     and end in it (typed, Jalali) → the project again
      ├─ worksheet 5 → each item claimed: as claimed / the amount accepted (typed, ≤ claimed)
      ├─ worksheet 6 → a criterion at a time, a mark 0–10 by buttons → the next criterion
      ├─ finish documents review (everything judged, a grade reached) → inquiries: the score is
      │     kept, the applicant told, the staff chat shown the letters' buttons
      └─ return / reject → the review dialog's (``conversations.staff``), with the same buttons
    a typed value → checked by the core → saved → the screen it belongs to; /cancel → dropped

After every change the screen shows the core's score of the accepted figures (``score_license``
through ``scoring.license_review``), its explanations, the grade, every floor not met, what is
still to judge and the grades the rules can never give. Every change is saved at once
(``storage.license_review``; a value being typed waits in ``review_drafts``), so a restart loses
nothing; every change goes into the history with the reviewer, claimed → accepted. Buttons carry
the assessment's version: of two reviewers changing the file at once, exactly one wins and the
other is told who.

And the license the ministry issued (sent_to_ministry → closed): its number (typed), its date
(typed, Jalali), its grade (buttons) — in the private chat of whoever records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.fields import province_label
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import DbId, button, inline, rows
from conversations.kit.staffauth import OpenDraft, StaffAuth, allowed
from conversations.kit.staffing import REVIEWERS, Screen, StaffCb, StaffChannel, staff_transition
from conversations.kit.text import MESSAGE_LIMIT
from conversations.license.texts import (
    amount_text,
    area_text,
    core_text,
    decimal_text,
    finance_label,
    grade_label,
    points_text,
    record_type_label,
    total_text,
)
from conversations.process.licensing import advance_when_clear
from scoring import (
    InvalidInput,
    check_accepted_amount,
    check_accepted_area,
    check_mark,
    check_own_dates,
    default_rules,
    format_jalali,
    parse_amount,
    parse_area,
    parse_jalali_date,
    review_score,
    validate_identifier,
)
from storage import cases, license_review, review_drafts
from storage.cases import CaseFile, CaseInfo, LicenseProjectInfo
from storage.review_drafts import ReviewDraftInfo, Stage
from storage.staff import StaffInfo
from storage.workflow import (
    Action,
    Actor,
    AlreadyHandled,
    CaseKind,
    Role,
    Status,
    WorkflowError,
    acting_role,
)

ASSESS = "assess"  # the review draft of a value being typed
ISSUE = "issue"  # the review draft of the license issued being recorded
ISSUERS = (Role.TECHNICAL_MANAGER, Role.BUILDERS_UNIT, Role.ADMIN)


class AssessCb(CallbackData, prefix="la"):
    act: str  # home, p, pok, pno, parea, ptype, pt, pstart, pend, fin, fok, famt, marks, mk, done, back
    case: DbId
    ver: DbId  # the assessment's version the button was made with
    arg: str = ""  # a project id, a finance item, "project.record type", "criterion.mark" (":" is the separator)


class IssueCb(CallbackData, prefix="li"):
    case: DbId
    ver: DbId  # the case's version
    grade: DbId


# ---- what the reviewer reads -----------------------------------------------------------------------


def project_name(t: Translator, file: CaseFile, project: LicenseProjectInfo) -> str:
    n = next((i for i, p in enumerate(file.projects, start=1) if p.id == project.id), 0)
    return t("assess-project-name", n=t.digits(n), name=project.name or "—")


def judgement(t: Translator, accepted: bool | None) -> str:
    return t("assess-accepted" if accepted else "assess-refused" if accepted is False else "assess-pending-mark")


def score_lines(t: Translator, file: CaseFile) -> list[str]:
    """Worksheets 3–7 of the accepted figures: the core's explanations, the floors not met, what
    is left to judge, the grades the rules never give."""
    reviewed = review_score(file.license_review())
    if reviewed is None:
        return [t("assess-no-score")]
    rules = default_rules()
    score = reviewed.score
    lines = [t("assess-score-title")]
    # the floors not met are flagged below, once
    lines += ["• " + core_text(e.text(t.lang), t) for e in score.explanations if e.key != "score-below-floor"]
    lines += [
        t("license-floor-unmet", worksheet=t.digits(ws), floor=points_text(rules.limits[ws].floor, t))
        for ws in score.below_floor
    ]
    pending = reviewed.pending
    if pending:
        lines.append(
            t(
                "assess-left",
                projects=t.digits(len(pending.projects)),
                finance=t.digits(len(pending.finance)),
                marks=t.digits(len(pending.marks)),
            )
        )
    for grade, minimum in reviewed.unreachable:
        lines.append(
            t(
                "assess-unreachable",
                grade=t.digits(grade),
                minimum=points_text(minimum, t),
                max_total=points_text(reviewed.max_total, t),
            )
        )
    return lines


def _with_score(t: Translator, file: CaseFile, lines: list[str]) -> str:
    text = "\n".join([*lines, "", *score_lines(t, file)])
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def _cb(file: CaseFile, act: str, arg: str = "") -> AssessCb:
    version = file.assessment.version if file.assessment is not None else 1
    return AssessCb(act=act, case=file.case.id, ver=version, arg=arg)


def panel(t: Translator, file: CaseFile) -> Screen:
    """The panel: the file at a glance, the score, a button per project, worksheet 5, worksheet 6."""
    case = file.case
    lines = [t("assess-title", code=case.tracking_code, name=file.applicant.full_name)]
    lines.append(t("assess-ws4"))
    for project in file.projects:
        area = project.accepted_area_m2 if project.accepted_area_m2 is not None else project.area_m2
        lines.append(
            t(
                "assess-project-line",
                project=project_name(t, file, project),
                claimed=area_text(project.area_m2 or 0, t),
                accepted=area_text(area or 0, t) if project.accepted else "—",
                type=record_type_label(project.accepted_record_type or project.record_type, t.lang),
                state=judgement(t, project.accepted),
            )
        )
    lines.append(t("assess-ws5"))
    lines += [finance_line(t, item) for item in file.finance if item.amount > 0] or [t("assess-ws5-none")]
    lines.append(t("assess-ws6", marks=marks_text(t, file)))
    projects = [
        button(t("btn-assess-project", n=t.digits(n)), _cb(file, "p", str(p.id)))
        for n, p in enumerate(file.projects, start=1)
    ]
    markup = inline(
        *rows(projects, 4),
        [button(t("btn-assess-finance"), _cb(file, "fin")), button(t("btn-assess-marks"), _cb(file, "marks"))],
        [button(t("btn-assess-done"), _cb(file, "done"))],
        [
            button(t("btn-staff-return"), StaffCb(act="ret", case=case.id, ver=case.version)),
            button(t("btn-staff-reject"), StaffCb(act="rej", case=case.id, ver=case.version)),
        ],
    )
    return Screen(_with_score(t, file, lines), markup)


def finance_line(t: Translator, item: cases.FinanceItemInfo) -> str:
    accepted = (
        t("assess-accepted-amount", amount=amount_text(item.accepted_amount, t))
        if item.accepted_amount is not None
        else t("assess-pending-mark")
    )
    return t(
        "assess-finance-line",
        item=finance_label(item.item, t.lang),
        claimed=amount_text(item.amount, t),
        accepted=accepted,
    )


def marks_text(t: Translator, file: CaseFile) -> str:
    marks = list(file.assessment.marks if file.assessment is not None else ())
    count = len(default_rules().desirability_criteria)
    marks += [None] * (count - len(marks))
    return "، ".join(t.digits(m) if m is not None else "—" for m in marks[:count])


def project_screen(t: Translator, file: CaseFile, project: LicenseProjectInfo) -> Screen:
    rules = default_rules()
    record_type = project.accepted_record_type or project.record_type
    found = rules.record_types.get(record_type or "")
    factor = found.factor if found is not None else None
    lines = [
        t("assess-project-title", project=project_name(t, file, project)),
        t(
            "assess-project-claim",
            place=f"{province_label(project.province, t.lang)} / {project.city or '—'}",
            start=t.date(project.start_date),
            end=t.date(project.end_date),
            area=area_text(project.area_m2 or 0, t),
            floors=t.digits(project.floors or "—"),
            type=record_type_label(project.record_type, t.lang),
            employer=project.employer_name or "—",
            phone=t.digits(project.employer_phone or "—"),
        ),
        t(
            "assess-project-grey",
            own_start=t.date(project.own_start_date),
            own_end=t.date(project.own_end_date),
            type=record_type_label(record_type, t.lang),
            factor=decimal_text(factor, t) if factor is not None else "—",
            unit=decimal_text(rules.area_unit_m2, t),
            area=area_text(
                project.accepted_area_m2 if project.accepted_area_m2 is not None else project.area_m2 or 0, t
            ),
            state=judgement(t, project.accepted),
        ),
    ]
    pid = str(project.id)
    markup = inline(
        [button(t("btn-assess-accept"), _cb(file, "pok", pid)), button(t("btn-assess-refuse"), _cb(file, "pno", pid))],
        [button(t("btn-assess-area"), _cb(file, "parea", pid)), button(t("btn-assess-type"), _cb(file, "ptype", pid))],
        [
            button(t("btn-assess-own-start"), _cb(file, "pstart", pid)),
            button(t("btn-assess-own-end"), _cb(file, "pend", pid)),
        ],
        [button(t("btn-assess-home"), _cb(file, "home"))],
    )
    return Screen(_with_score(t, file, lines), markup)


def type_screen(t: Translator, file: CaseFile, project: LicenseProjectInfo) -> Screen:
    current = project.accepted_record_type or project.record_type
    choices = [
        button(("✅ " if key == current else "") + kind.label(t.lang), _cb(file, "pt", f"{project.id}.{key}"))
        for key, kind in default_rules().record_types.items()
    ]
    markup = inline(*rows(choices, 1), [button(t("btn-assess-back"), _cb(file, "p", str(project.id)))])
    return Screen(t("assess-type-question", project=project_name(t, file, project)), markup)


def finance_screen(t: Translator, file: CaseFile) -> Screen:
    claimed = [item for item in file.finance if item.amount > 0]
    lines = [t("assess-finance-title")]
    lines += [finance_line(t, item) for item in claimed] or [t("assess-ws5-none")]
    buttons: list[list[InlineKeyboardButton]] = []
    for n, item in enumerate(claimed, start=1):
        buttons.append(
            [
                button(t("btn-assess-as-claimed", n=t.digits(n)), _cb(file, "fok", item.item)),
                button(t("btn-assess-amount", n=t.digits(n)), _cb(file, "famt", item.item)),
            ]
        )
    markup = inline(*buttons, [button(t("btn-assess-home"), _cb(file, "home"))])
    return Screen(_with_score(t, file, lines), markup)


def marks_screen(t: Translator, file: CaseFile, criterion: int) -> Screen:
    rules = default_rules()
    criteria = rules.desirability_criteria
    criterion = min(max(criterion, 0), len(criteria) - 1)
    marks = list(file.assessment.marks if file.assessment is not None else ())
    current = marks[criterion] if criterion < len(marks) else None
    lines = [
        t("assess-marks-title", marks=marks_text(t, file)),
        t(
            "assess-mark-question",
            n=t.digits(criterion + 1),
            count=t.digits(len(criteria)),
            criterion=criteria[criterion].label(t.lang),
            max=t.digits(rules.max_mark),
        ),
    ]
    values = [
        button(("✅ " if value == current else "") + t.digits(value), _cb(file, "mk", f"{criterion}.{value}"))
        for value in range(rules.max_mark + 1)
    ]
    nav = []
    if criterion > 0:
        nav.append(button(t("btn-prev-page"), _cb(file, "marks", str(criterion - 1))))
    if criterion < len(criteria) - 1:
        nav.append(button(t("btn-next-page"), _cb(file, "marks", str(criterion + 1))))
    markup = inline(*rows(values, 6), nav, [button(t("btn-assess-home"), _cb(file, "home"))])
    return Screen(_with_score(t, file, lines), markup)


async def open_panel(ctx: Ctx, case: CaseInfo, member: StaffInfo) -> Screen:
    """The staff chat's "documents review" button: the panel, in the presser's private chat."""
    file = await cases.case_file(ctx.session, case.id)
    assert file is not None
    return panel(ctx.services.i18n(None), file)


# ---- the license issued: what is asked ------------------------------------------------------------


ISSUE_STEPS = ("number", "date")


async def open_issue(ctx: Ctx, case: CaseInfo, member: StaffInfo) -> Screen:
    """The staff chat's "license issued" button: its number is asked in the presser's private chat."""
    await review_drafts.start(
        ctx.session, member.id, case.id, case.version, ISSUE, stage=Stage.VALUE, chosen=ISSUE_STEPS[:1]
    )
    await ctx.position.clear()
    t = ctx.services.i18n(None)
    return Screen(t("issue-number", code=case.tracking_code))


def issue_grades(t: Translator, case: CaseInfo, introduced: int | None) -> InlineKeyboardMarkup:
    grades = sorted({g for g, _ in default_rules().grades}, reverse=True)
    return inline(
        [
            button(
                ("✅ " if g == introduced else "") + grade_label(g, t), IssueCb(case=case.id, ver=case.version, grade=g)
            )
            for g in grades
        ]
    )


# ---- the dialog --------------------------------------------------------------------------------------


Change = Callable[[Actor, int], Awaitable[int]]  # (actor, the version they saw) → the new version
VALUE_PROMPTS = {"parea": "assess-ask-area", "pstart": "assess-ask-own-start", "pend": "assess-ask-own-end"}


class Assessment:
    """The documents reviewer's panel and the license-issued questions (see the module's docstring)."""

    def __init__(self, channel: StaffChannel) -> None:
        self.channel = channel

    @staticmethod
    def language(ctx: Ctx) -> Translator:
        """Staff work in the staff chat's language (the default)."""
        return ctx.services.i18n(None)

    async def on_button(self, query: CallbackQuery, callback_data: AssessCb, ctx: Ctx, staff: StaffInfo) -> None:
        t = self.language(ctx)
        message = query.message if isinstance(query.message, Message) else None
        file = await cases.case_file(ctx.session, callback_data.case)
        if file is None or file.case.kind != CaseKind.BUILDER_LICENSE:
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        if file.case.status != Status.DOCUMENTS_REVIEW:
            ctx.ui.answer(query, t("assess-not-now", status=t(f"status-{file.case.status}")), alert=True)
            return
        act, arg = callback_data.act, callback_data.arg
        project = _project(file, arg)
        if (act in VALUE_PROMPTS and project is not None) or act == "famt":
            await self.ask_value(query, ctx, t, staff, file, callback_data)
            return
        if act == "done":
            await self.finish(query, ctx, t, staff, file, callback_data, message)
            return
        screen = self.view(t, file, act, arg)
        if screen is None:
            await self.change(query, ctx, t, staff, file, callback_data, message)
            return
        ctx.ui.answer(query)
        ctx.ui.replace(message, ctx.chat_id, screen.text, screen.markup)

    @staticmethod
    def view(t: Translator, file: CaseFile, act: str, arg: str) -> Screen | None:
        """A screen that changes nothing (None: the button is a change)."""
        project = _project(file, arg)
        if act == "home":
            return panel(t, file)
        if act == "p" and project is not None:
            return project_screen(t, file, project)
        if act == "ptype" and project is not None:
            return type_screen(t, file, project)
        if act == "fin":
            return finance_screen(t, file)
        if act == "marks":
            return marks_screen(t, file, int(arg) if arg.isdigit() else _next_criterion(file))
        return None

    # ---- changes by button --------------------------------------------------------------------------

    async def change(
        self,
        query: CallbackQuery,
        ctx: Ctx,
        t: Translator,
        staff: StaffInfo,
        file: CaseFile,
        cb: AssessCb,
        message: Message | None,
    ) -> None:
        """Accept, refuse, a record type, an amount as claimed, a mark: saved, then the screen again."""
        found = self.button_change(ctx, t, file, cb)
        if found is None:
            ctx.ui.answer(query, t("staff-not-possible"), alert=True)
            return
        change, after = found
        outcome = await self.save(ctx, t, staff, file.case.id, cb.ver, change)
        if isinstance(outcome, str):
            ctx.ui.answer(query, outcome, alert=True)
            fresh = await cases.case_file(ctx.session, file.case.id)
            if fresh is not None and fresh.case.status == Status.DOCUMENTS_REVIEW:
                screen = after(fresh)
                ctx.ui.replace(message, ctx.chat_id, screen.text, screen.markup)
            return
        ctx.ui.answer(query, t("staff-done"))
        screen = after(outcome)
        ctx.ui.replace(message, ctx.chat_id, screen.text, screen.markup)

    def button_change(
        self, ctx: Ctx, t: Translator, file: CaseFile, cb: AssessCb
    ) -> tuple[Change, Callable[[CaseFile], Screen]] | None:
        """What a button changes, and the screen to show after it (None: not a change this file has)."""
        act, arg = cb.act, cb.arg
        project = _project(file, arg)
        rules = default_rules()
        session, case_id = ctx.session, file.case.id
        if act in ("pok", "pno") and project is not None:
            accepted = act == "pok"
            note = project_note(t, file, project, accepted=accepted)

            async def judge(actor: Actor, version: int) -> int:
                return await license_review.judge_project(
                    session, case_id, project.id, actor, expected_version=version, note=note, accepted=accepted
                )

            return judge, lambda fresh: project_screen(t, fresh, _project(fresh, arg) or project)
        record_type = arg.partition(".")[2]
        if act == "pt" and project is not None and record_type in rules.record_types:
            type_note = t(
                "assess-note-type",
                project=project_name(t, file, project),
                claimed=record_type_label(project.record_type, t.lang),
                accepted=record_type_label(record_type, t.lang),
            )
            corrected = None if record_type == project.record_type else record_type

            async def retype(actor: Actor, version: int) -> int:
                return await license_review.judge_project(
                    session,
                    case_id,
                    project.id,
                    actor,
                    expected_version=version,
                    note=type_note,
                    accepted_record_type=corrected,
                )

            return retype, lambda fresh: project_screen(t, fresh, _project(fresh, arg) or project)
        item = next((f for f in file.finance if f.item == arg and f.amount > 0), None)
        if act == "fok" and item is not None:
            amount_note = amount_change_note(t, item.item, item.amount, item.amount)

            async def as_claimed(actor: Actor, version: int) -> int:
                return await license_review.accept_amount(
                    session, case_id, item.item, item.amount, actor, expected_version=version, note=amount_note
                )

            return as_claimed, lambda fresh: finance_screen(t, fresh)
        if act == "mk":
            criterion_text, _, mark_text = arg.partition(".")
            try:
                criterion, mark = int(criterion_text), check_mark(int(mark_text))
            except (ValueError, InvalidInput):
                return None
            criteria = rules.desirability_criteria
            if not 0 <= criterion < len(criteria):
                return None
            mark_note = t(
                "assess-note-mark",
                n=t.digits(criterion + 1),
                criterion=criteria[criterion].label(t.lang),
                mark=t.digits(mark),
            )

            async def give(actor: Actor, version: int) -> int:
                return await license_review.set_mark(
                    session,
                    case_id,
                    criterion,
                    mark,
                    actor,
                    criteria=len(criteria),
                    expected_version=version,
                    note=mark_note,
                )

            return give, lambda fresh: marks_screen(t, fresh, min(criterion + 1, len(criteria) - 1))
        return None

    @staticmethod
    async def save(
        ctx: Ctx, t: Translator, staff: StaffInfo, case_id: int, version: int, change: Change
    ) -> CaseFile | str:
        """One change as ``staff`` against the version they saw: the file as it is now, or why not
        (someone else changed it first — who; the file moved on)."""
        role = acting_role(staff.roles, REVIEWERS)
        if role is None:
            return t("staff-not-allowed")
        try:
            await change(Actor(role, staff.id), version)
        except AlreadyHandled as exc:
            return t("assess-changed-by", name=exc.by_name or t("someone"))
        except WorkflowError:
            return t("staff-not-possible")
        fresh = await cases.case_file(ctx.session, case_id)
        assert fresh is not None
        return fresh

    # ---- values typed -------------------------------------------------------------------------------

    async def ask_value(
        self, query: CallbackQuery, ctx: Ctx, t: Translator, staff: StaffInfo, file: CaseFile, cb: AssessCb
    ) -> None:
        """The area or amount accepted, or the applicant's own dates: asked, the question kept in
        the database with the version the reviewer saw."""
        project = _project(file, cb.arg)
        item = next((f for f in file.finance if f.item == cb.arg), None)
        if cb.act == "famt" and item is not None:
            prompt = t("assess-ask-amount", item=finance_label(item.item, t.lang), claimed=amount_text(item.amount, t))
        elif project is not None:
            prompt = t(
                VALUE_PROMPTS[cb.act],
                project=project_name(t, file, project),
                claimed=area_text(project.area_m2 or 0, t),
            )
        else:
            ctx.ui.answer(query, t("staff-not-possible"), alert=True)
            return
        await review_drafts.start(
            ctx.session, staff.id, file.case.id, cb.ver, ASSESS, stage=Stage.VALUE, chosen=(f"{cb.act}:{cb.arg}",)
        )
        await ctx.position.clear()
        ctx.ui.answer(query)
        back = inline([button(t("btn-assess-back"), AssessCb(act="back", case=file.case.id, ver=cb.ver, arg=cb.arg))])
        ctx.ui.send(ctx.chat_id, prompt, back)

    async def on_back(self, query: CallbackQuery, callback_data: AssessCb, ctx: Ctx, staff: StaffInfo) -> None:
        """ "Back" under a question: the value is not typed, nothing changes."""
        await review_drafts.discard(ctx.session, staff.id)
        t = self.language(ctx)
        file = await cases.case_file(ctx.session, callback_data.case)
        ctx.ui.answer(query)
        if file is None or file.case.status != Status.DOCUMENTS_REVIEW:
            return
        project = _project(file, callback_data.arg)
        screen = project_screen(t, file, project) if project is not None else finance_screen(t, file)
        message = query.message if isinstance(query.message, Message) else None
        ctx.ui.replace(message, ctx.chat_id, screen.text, screen.markup)

    async def on_value(self, message: Message, ctx: Ctx, staff: StaffInfo, draft: ReviewDraftInfo) -> None:
        t = self.language(ctx)
        file = await cases.case_file(ctx.session, draft.case_id)
        target = draft.chosen[0] if draft.chosen else ""
        act, _, arg = target.partition(":")
        if file is None or file.case.status != Status.DOCUMENTS_REVIEW:
            await review_drafts.discard(ctx.session, staff.id)
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        text = (message.text or "").strip()
        if not text or text.startswith("/"):
            ctx.ui.send(ctx.chat_id, t("assess-value-text"))
            return
        try:
            found = self.typed_change(ctx, t, file, act, arg, text)
        except InvalidInput as exc:
            ctx.ui.send(ctx.chat_id, core_text(exc.message(t.lang), t) + "\n" + t("assess-value-again"))
            return
        if found is None:
            await review_drafts.discard(ctx.session, staff.id)
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        change, after = found
        await review_drafts.discard(ctx.session, staff.id)
        outcome = await self.save(ctx, t, staff, file.case.id, draft.case_version, change)
        if isinstance(outcome, str):
            ctx.ui.send(ctx.chat_id, outcome)
            fresh = await cases.case_file(ctx.session, file.case.id)
            if fresh is not None and fresh.case.status == Status.DOCUMENTS_REVIEW:
                screen = after(fresh)
                ctx.ui.send(ctx.chat_id, screen.text, screen.markup)
            return
        screen = after(outcome)
        ctx.ui.send(ctx.chat_id, t("staff-done") + "\n\n" + screen.text, screen.markup)

    def typed_change(
        self, ctx: Ctx, t: Translator, file: CaseFile, act: str, arg: str, text: str
    ) -> tuple[Change, Callable[[CaseFile], Screen]] | None:
        """A typed value, checked by the core (``InvalidInput``), as a change and its screen."""
        session, case_id = ctx.session, file.case.id
        project = _project(file, arg)
        if act == "famt":
            item = next((f for f in file.finance if f.item == arg), None)
            if item is None:
                return None
            amount = check_accepted_amount(item.amount, parse_amount(text))
            note = amount_change_note(t, item.item, item.amount, amount)

            async def accept(actor: Actor, version: int) -> int:
                return await license_review.accept_amount(
                    session, case_id, item.item, amount, actor, expected_version=version, note=note
                )

            return accept, lambda fresh: finance_screen(t, fresh)
        if project is None:
            return None
        grey: dict[str, Any]
        if act == "parea":
            area = check_accepted_area(project.area_m2, parse_area(text))
            grey = {"accepted_area_m2": area}
            note = t(
                "assess-note-area",
                project=project_name(t, file, project),
                claimed=area_text(project.area_m2 or 0, t),
                accepted=area_text(area, t),
            )
        elif act in ("pstart", "pend"):
            date = parse_jalali_date(text)
            start = date if act == "pstart" else project.own_start_date
            end = date if act == "pend" else project.own_end_date
            check_own_dates(project.start_date, project.end_date, start, end)
            grey = {"own_start_date": date} if act == "pstart" else {"own_end_date": date}
            note = t(
                "assess-note-own-start" if act == "pstart" else "assess-note-own-end",
                project=project_name(t, file, project),
                date=t.date(date),
            )
        else:
            return None

        async def judge(actor: Actor, version: int) -> int:
            return await license_review.judge_project(
                session, case_id, project.id, actor, expected_version=version, note=note, **grey
            )

        return judge, lambda fresh: project_screen(t, fresh, _project(fresh, arg) or project)

    # ---- the end of documents review --------------------------------------------------------------

    async def finish(
        self,
        query: CallbackQuery,
        ctx: Ctx,
        t: Translator,
        staff: StaffInfo,
        file: CaseFile,
        cb: AssessCb,
        message: Message | None,
    ) -> None:
        """Everything judged and a grade reached → inquiries, with the score kept (worksheet 7)."""
        version = file.assessment.version if file.assessment is not None else 1
        if cb.ver != version:
            ctx.ui.answer(query, t("assess-changed-since"), alert=True)
            screen = panel(t, file)
            ctx.ui.replace(message, ctx.chat_id, screen.text, screen.markup)
            return
        reviewed = review_score(file.license_review())
        if reviewed is None or not reviewed.complete:
            ctx.ui.answer(query, t("assess-not-complete"), alert=True)
            return
        score = reviewed.score
        if score.grade is None:
            ctx.ui.answer(query, t("assess-no-grade"), alert=True)
            return
        role = acting_role(staff.roles, REVIEWERS)
        if role is None:
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        if not await staff_transition(
            ctx,
            query,
            t,
            file.case.id,
            Action.ADVANCE,
            Actor(role, staff.id),
            expected_version=file.case.version,
            note=t("assess-note-done", total=total_text(score.total, t), grade=t.digits(score.grade)),
        ):
            return
        await license_review.keep_score(
            ctx.session,
            file.case.id,
            {ws: s.points for ws, s in score.worksheets.items()},
            score.total,
            score.grade,
        )
        await ctx.outbox.tell(file.case.messenger_user_id, "notify-license-inquiries", code=file.case.tracking_code)
        await advance_when_clear(ctx, file.case.id)
        ctx.ui.answer(query, t("staff-done"))
        ctx.ui.replace(message, ctx.chat_id, t("assess-finished", code=file.case.tracking_code))
        fresh = await cases.get_case(ctx.session, file.case.id)
        assert fresh is not None
        await self.channel.post_actions(ctx, fresh)

    # ---- the license issued ------------------------------------------------------------------------

    async def on_issue_value(self, message: Message, ctx: Ctx, staff: StaffInfo, draft: ReviewDraftInfo) -> None:
        """The number, then the date of the license issued; then its grade by buttons."""
        t = self.language(ctx)
        case = await cases.get_case(ctx.session, draft.case_id)
        if case is None or case.status != Status.SENT_TO_MINISTRY:
            await review_drafts.discard(ctx.session, staff.id)
            ctx.ui.send(ctx.chat_id, t("staff-not-possible"))
            return
        text = (message.text or "").strip()
        step = draft.chosen[0] if draft.chosen else ISSUE_STEPS[0]
        if not text or text.startswith("/"):
            ctx.ui.send(ctx.chat_id, t("assess-value-text"))
            return
        try:
            if step == "number":
                value = validate_identifier(text, max_length=40)
            else:
                value = check_issue_date(parse_jalali_date(text)).isoformat()
        except InvalidInput as exc:
            ctx.ui.send(ctx.chat_id, core_text(exc.message(t.lang), t) + "\n" + t("assess-value-again"))
            return
        notes = {**draft.notes, step: value}
        if step == "number":
            await review_drafts.save(ctx.session, staff.id, chosen=("date",), notes=notes)
            ctx.ui.send(ctx.chat_id, t("issue-date"))
            return
        await review_drafts.save(ctx.session, staff.id, chosen=("grade",), notes=notes)
        file = await cases.case_file(ctx.session, case.id)
        kept = file.assessment.kept if file is not None and file.assessment is not None else None
        ctx.ui.send(ctx.chat_id, t("issue-grade"), issue_grades(t, case, kept.grade if kept else None))

    async def on_issue_grade(self, query: CallbackQuery, callback_data: IssueCb, ctx: Ctx, staff: StaffInfo) -> None:
        t = self.language(ctx)
        draft = await review_drafts.get(ctx.session, staff.id)
        case = await cases.get_case(ctx.session, callback_data.case)
        if (
            draft is None
            or draft.decision != ISSUE
            or draft.case_id != callback_data.case
            or case is None
            or not {"number", "date"} <= set(draft.notes)
        ):
            ctx.ui.answer(query, t("stale-button"))
            return
        if callback_data.grade not in {g for g, _ in default_rules().grades}:
            ctx.ui.answer(query, t("staff-not-possible"), alert=True)
            return
        role = acting_role(staff.roles, ISSUERS)
        if role is None:
            ctx.ui.answer(query, t("staff-not-allowed"), alert=True)
            return
        number, date = draft.notes["number"], dt.date.fromisoformat(draft.notes["date"])
        grade = callback_data.grade
        await review_drafts.discard(ctx.session, staff.id)
        if not await staff_transition(
            ctx,
            query,
            t,
            case.id,
            Action.CLOSE,
            Actor(role, staff.id),
            expected_version=draft.case_version,
            note=t("issue-note", number=t.identifier(number), grade=t.digits(grade), date=t.date(date)),
        ):
            return
        await license_review.record_license(ctx.session, case.id, number, grade, date)
        await ctx.outbox.tell(
            case.messenger_user_id,
            "notify-license-closed",
            code=case.tracking_code,
            number=lambda ut: ut.identifier(number),
            grade=lambda ut: ut.digits(grade),
            date=lambda ut: ut.date(date),
        )
        ctx.ui.answer(query, t("staff-done"))
        message = query.message if isinstance(query.message, Message) else None
        ctx.ui.replace(message, ctx.chat_id, t("issue-recorded", code=case.tracking_code))
        fresh = await cases.get_case(ctx.session, case.id)
        assert fresh is not None
        await self.channel.post_actions(ctx, fresh)

    def router(self) -> Router:
        router = Router(name="license-assessment")
        # its screens live in the staff member's private chat (a press elsewhere: the groups' catch-all)
        router.callback_query.filter(InPrivate())
        router.message.filter(InPrivate())
        router.callback_query.middleware(StaffAuth())
        router.message.middleware(StaffAuth())
        reviewers = allowed(*REVIEWERS)
        router.callback_query.register(self.on_back, AssessCb.filter(F.act == "back"), flags=reviewers)
        router.callback_query.register(self.on_button, AssessCb.filter(), flags=reviewers)
        router.callback_query.register(self.on_issue_grade, IssueCb.filter(), flags=allowed(*ISSUERS))
        router.message.register(self.on_value, OpenDraft(Stage.VALUE, decisions=(ASSESS,)), flags=reviewers)
        router.message.register(
            self.on_issue_value, OpenDraft(Stage.VALUE, decisions=(ISSUE,)), flags=allowed(*ISSUERS)
        )
        return router


def _project(file: CaseFile, arg: str) -> LicenseProjectInfo | None:
    ref = arg.partition(".")[0]
    return next((p for p in file.projects if str(p.id) == ref), None)


def _next_criterion(file: CaseFile) -> int:
    marks = list(file.assessment.marks if file.assessment is not None else ())
    count = len(default_rules().desirability_criteria)
    return next((n for n in range(count) if n >= len(marks) or marks[n] is None), 0)


def project_note(t: Translator, file: CaseFile, project: LicenseProjectInfo, *, accepted: bool) -> str:
    """The history's line of a project accepted (claimed → accepted) or refused."""
    area = project.accepted_area_m2 if project.accepted_area_m2 is not None else project.area_m2
    return t(
        "assess-note-accepted" if accepted else "assess-note-refused",
        project=project_name(t, file, project),
        claimed=area_text(project.area_m2 or 0, t),
        accepted=area_text(area or 0, t),
        type=record_type_label(project.accepted_record_type or project.record_type, t.lang),
    )


def amount_change_note(t: Translator, item: str, claimed: Decimal, accepted: Decimal) -> str:
    return t(
        "assess-note-amount",
        item=finance_label(item, t.lang),
        claimed=amount_text(claimed, t),
        accepted=amount_text(accepted, t),
    )


def check_issue_date(date: dt.date) -> dt.date:
    """A license issued is dated today or before."""
    if date > dt.date.today():
        raise InvalidInput("invalid-date-future", format_jalali(date))
    return date
