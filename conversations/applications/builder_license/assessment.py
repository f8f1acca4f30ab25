"""Documents review of a builder-license file, in the documents reviewer's private chat (spec
"Workflow": the organization fills worksheet 4's grey part, verifies worksheet 5, gives
worksheet 6's marks; issue 12 §2), as staff forms of the form engine:

    staff chat "📋 documents review" (documents_review) → the panel (a screen): worksheets 3–7 of
        the accepted figures, the projects, the finance items, the marks
      ├─ project n → its grey part (a staff form, at its summary): ✅ accepted / ❌ not accepted
      │     (at once), the area accepted (typed, ≤ claimed), the record type (buttons), the
      │     applicant's own start and end in it (typed, Jalali), the desirability factor and the
      │     total factor (typed, within the rules file's range), the attachment number (typed)
      │     → its summary again; « back → panel
      ├─ worksheet 5 → a staff form at its summary: each item claimed "as claimed" (at once) or
      │     its amount accepted (typed, ≤ claimed) → the summary again; « back → panel
      ├─ worksheet 6 → a staff form: a mark 0–10 per criterion by buttons, one after another,
      │     then its summary (every mark can be changed there); « back → panel
      ├─ worksheet 6's attachments → a staff form at its summary: the attachment number of each
      │     criterion's documents (typed); « back → panel
      ├─ finish documents review (everything judged, a grade reached) → inquiries: the score is
      │     kept; finance's inquiry answered by the system when the dues are settled in the bot
      └─ return / reject → the staff side's own forms
    a typed value → checked by the core → saved → the summary it belongs to, "saved"; a wrong one
        → the reason, and the same question; /cancel → the menu (nothing more changed)

Every summary shows the core's score of the accepted figures (``score_license`` through
``scoring.license_review``), its explanations, the grade, every floor not met, what is still to
judge and the grades the rules can never give. Every change is saved at once
(``storage.builder_license``), guarded by the assessment's version as the question was shown:
of two reviewers changing the file at once exactly one wins and the other is told who. Every
change goes into the history with the reviewer, claimed → accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conversations.applications.builder_license.core import review_view
from conversations.applications.builder_license.organization import advance_when_clear
from conversations.applications.builder_license.score import rules_line
from conversations.applications.builder_license.texts import (
    amount_text,
    area_text,
    core_text,
    decimal_text,
    finance_label,
    points_text,
    record_type_label,
    total_text,
)
from conversations.kit.context import Ctx, Organization
from conversations.kit.fields import Env, Field, InputKind, Refused, Shortcut, province_label
from conversations.kit.forms import Form, Loaded, Ref, read_file
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import Choice, button, inline, rows
from conversations.kit.process import Step, act
from conversations.kit.staffing import OpenFormCb, Screen, StaffCb
from conversations.kit.text import MESSAGE_LIMIT
from scoring import (
    check_accepted_amount,
    check_accepted_area,
    check_mark,
    check_own_dates,
    check_project_factor,
    default_rules,
    parse_amount,
    parse_area,
    parse_decimal,
    parse_jalali_date,
    review_score,
    validate_identifier,
)
from storage import builder_license, cases
from storage.cases import CaseFile, CaseInfo, LicenseProjectInfo
from storage.staff import StaffInfo
from storage.workflow import Actor, AlreadyHandled, WorkflowError

# ---- what the reviewer reads -----------------------------------------------------------------------


def project_name(t: Translator, file: CaseFile, project: LicenseProjectInfo) -> str:
    n = next((i for i, p in enumerate(file.projects, start=1) if p.id == project.id), 0)
    return t("assess-project-name", n=t.digits(n), name=project.name or "—")


def judgement(t: Translator, accepted: bool | None) -> str:
    return t("assess-accepted" if accepted else "assess-refused" if accepted is False else "assess-pending-mark")


def score_lines(t: Translator, file: CaseFile, org: Organization) -> list[str]:
    """Worksheets 3–7 of the accepted figures by the rules of the file's province (``org``, issue
    25): the core's explanations, the floors not met, what is left to judge, the grades the rules
    never give."""
    rules = org.license_rules
    reviewed = review_score(review_view(file), rules)
    if reviewed is None:
        return [t("assess-no-score")]
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
    own = rules_line(t, org)
    return [*lines, own] if own else lines


def _with_score(t: Translator, file: CaseFile, lines: list[str], org: Organization | None) -> str:
    """A form's text with the score below it (``org``: the file's organization, whose rules
    score it; a form loaded without it is scored by the shipped rules)."""
    text = "\n".join([*lines, "", *score_lines(t, file, org or Organization())])
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


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


def mark_attachments(file: CaseFile) -> list[str | None]:
    """Worksheet 6: the attachment number of each criterion (None: not given)."""
    given = list(file.assessment.mark_attachments if file.assessment is not None else ())
    count = len(default_rules().desirability_criteria)
    return (given + [None] * count)[:count]


def attachments_text(t: Translator, file: CaseFile) -> str:
    return "، ".join(t.identifier(a) if a else "—" for a in mark_attachments(file))


def panel(t: Translator, file: CaseFile, org: Organization) -> Screen:
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
    lines.append(t("assess-ws6-attachments", attachments=attachments_text(t, file)))
    projects = [
        button(t("btn-assess-project", n=t.digits(n)), OpenFormCb(fm=GREY.name, case=case.id, i=p.id))
        for n, p in enumerate(file.projects, start=1)
    ]
    markup = inline(
        *rows(projects, 4),
        [
            button(t("btn-assess-finance"), OpenFormCb(fm=WORKSHEET5.name, case=case.id)),
            button(t("btn-assess-marks"), OpenFormCb(fm=MARKS.name, case=case.id)),
            button(t("btn-assess-attachments"), OpenFormCb(fm=ATTACHMENTS6.name, case=case.id)),
        ],
        [button(t("btn-assess-done"), StaffCb(act="finish_review", case=case.id, ver=case.version))],
        [
            button(t("btn-staff-return"), StaffCb(act="return", case=case.id, ver=case.version)),
            button(t("btn-staff-reject"), StaffCb(act="reject", case=case.id, ver=case.version)),
        ],
    )
    return Screen(_with_score(t, file, lines, org), markup)


async def open_panel(ctx: Ctx, case: CaseInfo, member: StaffInfo) -> Screen:
    """The staff chat's "documents review" button (and every form's « back): the panel."""
    file = await cases.case_file(ctx.session, case.id, ctx.services.parts)
    assert file is not None
    return panel(ctx.services.i18n(None), file, ctx.services.org_of(file.case.province))


def project_text(t: Translator, file: CaseFile, project: LicenseProjectInfo, org: Organization | None) -> str:
    rules = (org or Organization()).license_rules  # the factor and area unit of the file's province
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
            desirability=factor_text(t, project.desirability_factor, "desirability_factor"),
            total=factor_text(t, project.total_factor, "total_factor"),
            attachment=t.identifier(project.attachment_number) if project.attachment_number else "—",
            state=judgement(t, project.accepted),
        ),
    ]
    return _with_score(t, file, lines, org)


def factor_text(t: Translator, value: Decimal | None, key: str) -> str:
    """A factor of the grey part, or the rules' default it counts as while not given."""
    if value is not None:
        return decimal_text(value, t)
    return t("assess-factor-default", value=decimal_text(default_rules().project_factors[key].default, t))


# ---- the stores: every answer a guarded change of the assessment ------------------------------------


async def guarded(change: Any) -> None:
    """A change of the assessment against the version the reviewer saw: someone else's change
    first (who), or a file no longer in documents review, refuses it with the reason."""
    try:
        await change
    except AlreadyHandled as exc:
        raise Refused("assess-changed-by", name=exc.by_name or "—") from None
    except WorkflowError:
        raise Refused("staff-form-gone") from None


def _project(file: CaseFile, ref: Ref) -> LicenseProjectInfo:
    found = next((p for p in file.projects if p.id == ref.item), None)
    if found is None:
        raise Refused("no-open-file")
    return found


@dataclass(frozen=True)
class GreyStore:
    """A project's grey part (worksheet 4, این قسمت توسط سازمان تکمیل می‌گردد)."""

    def pick(self, file: CaseFile, ref: Ref) -> dict[str, Any]:
        p = _project(file, ref)
        return {
            "_item": p.id,  # for the questions' texts (not a field)
            "accepted": p.accepted,
            "area": format(p.accepted_area_m2.normalize(), "f") if p.accepted_area_m2 is not None else None,
            "record_type": p.accepted_record_type or p.record_type,
            "own_start_date": p.own_start_date.isoformat() if p.own_start_date else None,
            "own_end_date": p.own_end_date.isoformat() if p.own_end_date else None,
            "desirability_factor": _plain(p.desirability_factor),
            "total_factor": _plain(p.total_factor),
            "attachment_number": p.attachment_number,
        }

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        file = await read_file(ctx, ref.case)
        version = file.assessment.version if file.assessment is not None else 1
        return Loaded(self.pick(file, ref), file, version, ctx.services.org_of(file.case.province))

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        file = await read_file(ctx, ref.case)
        project = _project(file, ref)
        t = ctx.t
        name = project_name(t, file, project)
        grey: dict[str, Any]
        if field.name == "accepted":
            grey = {"accepted": bool(value)}
            note = project_note(t, file, project, accepted=bool(value))
        elif field.name == "area":
            area = check_accepted_area(project.area_m2, Decimal(str(value)))
            grey = {"accepted_area_m2": area}
            claimed = area_text(project.area_m2 or 0, t)
            note = t("assess-note-area", project=name, claimed=claimed, accepted=area_text(area, t))
        elif field.name in ("desirability_factor", "total_factor"):
            factor = check_project_factor(field.name, Decimal(str(value)))
            grey = {field.name: factor}
            note = t(f"assess-note-{field.name.replace('_', '-')}", project=name, factor=decimal_text(factor, t))
        elif field.name == "attachment_number":
            grey = {"attachment_number": str(value)}
            note = t("assess-note-attachment", project=name, attachment=t.identifier(str(value)))
        elif field.name == "record_type":
            record_type = str(value)
            if record_type not in default_rules().record_types:
                raise Refused("staff-not-possible")
            grey = {"accepted_record_type": None if record_type == project.record_type else record_type}
            note = t(
                "assess-note-type",
                project=name,
                claimed=record_type_label(project.record_type, t.lang),
                accepted=record_type_label(record_type, t.lang),
            )
        else:
            date = dt.date.fromisoformat(str(value))
            start = date if field.name == "own_start_date" else project.own_start_date
            end = date if field.name == "own_end_date" else project.own_end_date
            check_own_dates(project.start_date, project.end_date, start, end)
            grey = {field.name: date}
            key = "assess-note-own-start" if field.name == "own_start_date" else "assess-note-own-end"
            note = t(key, project=name, date=t.date(date))
        actor = await reviewer(ctx)
        await guarded(
            builder_license.judge_project(
                ctx.session, file.case.id, project.id, actor, expected_version=ref.version, note=note, **grey
            )
        )

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        return None


async def reviewer(ctx: Ctx) -> Actor:
    """The person filling a documents-review form, as the actor of the history (their role that
    may assess, else admin)."""
    from conversations.kit.process import actor_of
    from conversations.kit.staffauth import staff_member

    member = await staff_member(ctx, ctx.user.external_id, None)
    if member is None:
        raise Refused("staff-not-allowed")
    return actor_of(member, ctx.services.process(builder_license.KIND).step("assess").by)  # type: ignore[union-attr]


def grey_prompt(key: str) -> Any:
    def args(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
        project = next((p for p in file.projects if p.id == answers.get("_item")), None) if file else None
        if file is None or project is None:
            return {"project": "—", "claimed": "—"}
        return {"project": project_name(t, file, project), "claimed": area_text(project.area_m2 or 0, t)}

    return args


class RecordTypes:
    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        return [Choice(key, kind.label(ctx.t.lang)) for key, kind in default_rules().record_types.items()]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return record_type_label(value, t.lang)


def _date(text: str, env: Env) -> str:
    return parse_jalali_date(text).isoformat()


def _area(text: str, env: Env) -> str:
    return format(parse_area(text).normalize(), "f")


def _plain(value: Decimal | None) -> str | None:
    return format(value.normalize(), "f") if value is not None else None


FACTOR_MAX = Decimal(1000)  # what parses as a number; the rules file's range decides what is allowed


def _factor(text: str, env: Env) -> str:
    return format(parse_decimal(text, places=3, maximum=FACTOR_MAX).normalize(), "f")


def _attachment(text: str, env: Env) -> str:
    return validate_identifier(text, max_length=40)


def factor_prompt(key: str) -> Any:
    def args(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
        found = default_rules().project_factors[key]
        return {
            **grey_prompt(key)(t, answers, file),
            "min": decimal_text(found.minimum, t),
            "max": decimal_text(found.maximum, t),
            "default": decimal_text(found.default, t),
        }

    return args


def grey_text(t: Translator, loaded: Loaded, ref: Ref) -> str:
    assert loaded.file is not None
    return project_text(t, loaded.file, _project(loaded.file, ref), loaded.org)


GREY = Form(
    "grey",
    "form-license-grey",
    (
        Field(
            "accepted",
            InputKind.YES_NO,
            prompt="assess-accept-question",
            label="f-grey-accepted",
            editable=False,
            shortcuts=(
                Shortcut("btn-assess-accept", lambda answers, file: True),
                Shortcut("btn-assess-refuse", lambda answers, file: False),
            ),
        ),
        Field(
            "area",
            InputKind.TEXT,
            _area,
            prompt="assess-ask-area",
            label="f-accepted_area_m2",
            button="btn-assess-area",
            prompt_args=grey_prompt("assess-ask-area"),
        ),
        Field(
            "record_type",
            InputKind.CHOICE,
            choices=RecordTypes(),
            prompt="assess-type-question",
            label="f-accepted_record_type",
            button="btn-assess-type",
            prompt_args=grey_prompt("assess-type-question"),
            columns=1,
        ),
        Field(
            "own_start_date",
            InputKind.DATE,
            _date,
            prompt="assess-ask-own-start",
            button="btn-assess-own-start",
            prompt_args=grey_prompt("assess-ask-own-start"),
        ),
        Field(
            "own_end_date",
            InputKind.DATE,
            _date,
            prompt="assess-ask-own-end",
            button="btn-assess-own-end",
            prompt_args=grey_prompt("assess-ask-own-end"),
        ),
        # seed 003, worksheet 4's grey columns "ضرب ضریب مطلوبیت اجرا", "ضرب ضریب کل", "شماره پیوست"
        Field(
            "desirability_factor",
            InputKind.TEXT,
            _factor,
            prompt="assess-ask-desirability-factor",
            label="f-desirability_factor",
            button="btn-assess-desirability-factor",
            prompt_args=factor_prompt("desirability_factor"),
            max_length=20,
        ),
        Field(
            "total_factor",
            InputKind.TEXT,
            _factor,
            prompt="assess-ask-total-factor",
            label="f-total_factor",
            button="btn-assess-total-factor",
            prompt_args=factor_prompt("total_factor"),
            max_length=20,
        ),
        Field(
            "attachment_number",
            InputKind.TEXT,
            _attachment,
            prompt="assess-ask-attachment",
            label="f-attachment_number",
            button="btn-assess-attachment",
            prompt_args=grey_prompt("assess-ask-attachment"),
            max_length=40,
        ),
    ),
    GreyStore(),
    done_label="btn-assess-home",
    progress=False,
    render=grey_text,
    toast="staff-done",
    in_place=True,
    opens_at_summary=True,
)


# ---- worksheet 5: the amounts accepted ----------------------------------------------------------------


@dataclass(frozen=True)
class AmountsStore:
    def pick(self, file: CaseFile, ref: Ref) -> dict[str, Any]:
        return {
            f"amount_{item.item}": format(item.accepted_amount.normalize(), "f")
            if item.accepted_amount is not None
            else None
            for item in file.finance
            if item.amount > 0
        }

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        file = await read_file(ctx, ref.case)
        version = file.assessment.version if file.assessment is not None else 1
        return Loaded(self.pick(file, ref), file, version, ctx.services.org_of(file.case.province))

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        file = await read_file(ctx, ref.case)
        name = field.name.removeprefix("amount_")
        item = next((f for f in file.finance if f.item == name and f.amount > 0), None)
        if item is None:
            raise Refused("staff-not-possible")
        accepted = check_accepted_amount(item.amount, Decimal(str(value)))
        t = ctx.t
        note = t(
            "assess-note-amount",
            item=finance_label(item.item, t.lang),
            claimed=amount_text(item.amount, t),
            accepted=amount_text(accepted, t),
        )
        actor = await reviewer(ctx)
        await guarded(
            builder_license.accept_amount(
                ctx.session, file.case.id, item.item, accepted, actor, expected_version=ref.version, note=note
            )
        )

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        return None


def _amount(text: str, env: Env) -> str:
    return format(parse_amount(text).normalize(), "f")


def amount_fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
    """An amount per item claimed: "as claimed" at once, or typed (≤ claimed)."""
    claimed = [item for item in file.finance if item.amount > 0] if file is not None else []
    return [amount_field(n, item) for n, item in enumerate(claimed, start=1)]


def amount_field(n: int, item: cases.FinanceItemInfo) -> Field:
    def args(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
        return {"item": finance_label(item.item, t.lang), "claimed": amount_text(item.amount, t)}

    as_claimed = format(item.amount.normalize(), "f")
    return Field(
        f"amount_{item.item}",
        InputKind.TEXT,
        _amount,
        prompt="assess-ask-amount",
        label="f-assess-amount",
        button="btn-assess-amount",
        label_args={"n": n},
        prompt_args=args,
        shortcuts=(Shortcut("btn-assess-as-claimed", lambda answers, file: as_claimed, {"n": n}),),
    )


def amounts_text(t: Translator, loaded: Loaded, ref: Ref) -> str:
    file = loaded.file
    assert file is not None
    claimed = [item for item in file.finance if item.amount > 0]
    lines = [t("assess-finance-title"), *([finance_line(t, item) for item in claimed] or [t("assess-ws5-none")])]
    return _with_score(t, file, lines, loaded.org)


WORKSHEET5 = Form(
    "amounts",
    "form-license-amounts",
    amount_fields,
    AmountsStore(),
    every=(amount_field(1, cases.FinanceItemInfo("bank_balance", Decimal(1), None, False)),),
    done_label="btn-assess-home",
    progress=False,
    render=amounts_text,
    toast="staff-done",
    in_place=True,
    opens_at_summary=True,
)


# ---- worksheet 6: the marks ---------------------------------------------------------------------


@dataclass(frozen=True)
class MarksStore:
    def pick(self, file: CaseFile, ref: Ref) -> dict[str, Any]:
        marks = file.assessment.marks if file.assessment is not None else ()
        return {f"mark_{n}": str(m) for n, m in enumerate(marks) if m is not None}

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        file = await read_file(ctx, ref.case)
        version = file.assessment.version if file.assessment is not None else 1
        return Loaded(self.pick(file, ref), file, version, ctx.services.org_of(file.case.province))

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        file = await read_file(ctx, ref.case)
        criteria = default_rules().desirability_criteria
        criterion, mark = int(field.name.removeprefix("mark_")), check_mark(int(value))
        t = ctx.t
        note = t(
            "assess-note-mark",
            n=t.digits(criterion + 1),
            criterion=criteria[criterion].label(t.lang),
            mark=t.digits(mark),
        )
        actor = await reviewer(ctx)
        await guarded(
            builder_license.set_mark(
                ctx.session,
                file.case.id,
                criterion,
                mark,
                actor,
                criteria=len(criteria),
                expected_version=ref.version,
                note=note,
            )
        )

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        return None


class Marks:
    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        return [Choice(str(m), ctx.t.digits(m)) for m in range(default_rules().max_mark + 1)]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return t.digits(value)


def mark_field(criterion: int) -> Field:
    def args(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
        rules = default_rules()
        criteria = rules.desirability_criteria
        return {
            "n": t.digits(criterion + 1),
            "count": t.digits(len(criteria)),
            "criterion": criteria[criterion].label(t.lang),
            "max": t.digits(rules.max_mark),
        }

    return Field(
        f"mark_{criterion}",
        InputKind.CHOICE,
        choices=Marks(),
        prompt="assess-mark-question",
        label="f-assess-mark",
        label_args={"n": criterion + 1},
        prompt_args=args,
        columns=6,
        paged=False,
    )


def mark_fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
    return [mark_field(n) for n in range(len(default_rules().desirability_criteria))]


def marks_summary(t: Translator, loaded: Loaded, ref: Ref) -> str:
    assert loaded.file is not None
    return _with_score(t, loaded.file, [t("assess-marks-title", marks=marks_text(t, loaded.file))], loaded.org)


MARKS = Form(
    "marks",
    "form-license-marks",
    mark_fields,
    MarksStore(),
    every=(mark_field(0),),
    done_label="btn-assess-home",
    leave="btn-assess-home",
    progress=False,
    render=marks_summary,
    toast="staff-done",
    in_place=True,
)


# ---- worksheet 6: the attachment number of each criterion's documents --------------------------------


@dataclass(frozen=True)
class AttachmentsStore:
    def pick(self, file: CaseFile, ref: Ref) -> dict[str, Any]:
        return {f"attachment_{n}": a for n, a in enumerate(mark_attachments(file)) if a is not None}

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        file = await read_file(ctx, ref.case)
        version = file.assessment.version if file.assessment is not None else 1
        return Loaded(self.pick(file, ref), file, version, ctx.services.org_of(file.case.province))

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        file = await read_file(ctx, ref.case)
        criteria = default_rules().desirability_criteria
        criterion = int(field.name.removeprefix("attachment_"))
        t = ctx.t
        note = t(
            "assess-note-mark-attachment",
            n=t.digits(criterion + 1),
            criterion=criteria[criterion].label(t.lang),
            attachment=t.identifier(str(value)),
        )
        actor = await reviewer(ctx)
        await guarded(
            builder_license.set_mark_attachment(
                ctx.session,
                file.case.id,
                criterion,
                str(value),
                actor,
                criteria=len(criteria),
                expected_version=ref.version,
                note=note,
            )
        )

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        return None


def attachment_field(criterion: int) -> Field:
    def args(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
        criteria = default_rules().desirability_criteria
        return {"n": t.digits(criterion + 1), "criterion": criteria[criterion].label(t.lang)}

    return Field(
        f"attachment_{criterion}",
        InputKind.TEXT,
        _attachment,
        prompt="assess-ask-mark-attachment",
        label="f-assess-mark-attachment",
        button="btn-assess-mark-attachment",
        label_args={"n": criterion + 1},
        prompt_args=args,
        max_length=40,
    )


def attachment_fields(answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
    return [attachment_field(n) for n in range(len(default_rules().desirability_criteria))]


def attachments_summary(t: Translator, loaded: Loaded, ref: Ref) -> str:
    assert loaded.file is not None
    file = loaded.file
    criteria = default_rules().desirability_criteria
    lines = [t("assess-attachments-title")]
    lines += [
        t(
            "assess-attachment-line",
            n=t.digits(n),
            criterion=c.label(t.lang),
            attachment=t.identifier(a) if a else "—",
        )
        for n, (c, a) in enumerate(zip(criteria, mark_attachments(file), strict=True), start=1)
    ]
    return "\n".join(lines)


ATTACHMENTS6 = Form(
    "ws6_attachments",
    "form-license-ws6-attachments",
    attachment_fields,
    AttachmentsStore(),
    every=(attachment_field(0),),
    done_label="btn-assess-home",
    progress=False,
    render=attachments_summary,
    toast="staff-done",
    in_place=True,
    opens_at_summary=True,
)


# ---- the end of documents review --------------------------------------------------------------


async def finish(ctx: Ctx, case: CaseInfo, actor: Actor, done: Step) -> None:
    """Everything judged and a grade reached → inquiries, with the score kept (worksheet 7); when
    the inquiries are clear already (the file came back from the technical manager), scored."""
    file = await cases.case_file(ctx.session, case.id, ctx.services.parts)
    assert file is not None
    rules = ctx.services.org_of(case.province).license_rules
    reviewed = review_score(review_view(file), rules)
    if reviewed is None or not reviewed.complete:
        raise Refused("assess-not-complete")
    score = reviewed.score
    if score.grade is None:
        raise Refused("assess-no-grade")
    t = ctx.services.i18n(None)
    note = t("assess-note-done", total=total_text(score.total, t, rules), grade=t.digits(score.grade))
    await act(ctx, case, done.action, actor, expected_version=case.version, note=note)
    await builder_license.keep_score(
        ctx.session, case.id, {ws: s.points for ws, s in score.worksheets.items()}, score.total, score.grade
    )
    await advance_when_clear(ctx, case.id)
    ctx.ui.send(ctx.chat_id, t("assess-finished", code=case.tracking_code))


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


__all__ = ["ATTACHMENTS6", "GREY", "MARKS", "WORKSHEET5", "finish", "open_panel", "panel"]
