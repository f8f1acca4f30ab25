"""Application files (cases): drafts saved answer by answer, degrees, family, worksheet rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import case as when
from sqlalchemy import delete, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage import counts, scope
from storage._sql import upsert
from storage.builder_license import AssessmentInfo, LetterInfo, get_assessment, letters
from storage.documents import DocumentInfo, current_documents
from storage.issued import IssuedInfo, of_case
from storage.models import (
    Case,
    CaseAnswer,
    Degree,
    FamilyMember,
    LicenseFinanceItem,
    LicenseProject,
    Office,
    utcnow,
)
from storage.people import ApplicantInfo, get_applicant
from storage.standing import Standing, standing
from storage.tracking import new_tracking_code
from storage.workflow import Action, Event, Status, history

Answer = str | int | float | bool | None  # a draft answer, as JSON keeps it


@dataclass(frozen=True, slots=True)
class CaseInfo:
    id: int
    kind: str
    status: str
    tracking_code: str
    applicant_id: int
    messenger_user_id: int
    province: str | None
    suggested_office_id: int | None
    office_id: int | None
    assigned_staff_id: int | None
    resubmission_count: int
    fee_rials: int | None
    membership_number: str | None
    version: int
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


def _case(row: Case) -> CaseInfo:
    return CaseInfo(**{f.name: getattr(row, f.name) for f in fields(CaseInfo)})


async def create_case(
    session: AsyncSession, kind: str, applicant_id: int, messenger_user_id: int, *, province: str | None = None
) -> CaseInfo:
    """A new draft with a fresh tracking code (retried in the unlikely case of a collision), of
    ``province``'s organization when known already (issue 25)."""
    for _ in range(5):
        row = Case(
            kind=kind,
            status=Status.DRAFT.value,
            tracking_code=new_tracking_code(),
            applicant_id=applicant_id,
            messenger_user_id=messenger_user_id,
            province=province,
        )
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
        except IntegrityError:
            continue
        await counts.moved(session, kind, None, Status.DRAFT.value)
        return _case(row)
    raise RuntimeError("could not allocate a tracking code")


async def get_case(session: AsyncSession, case_id: int) -> CaseInfo | None:
    """The case; None when there is none, or it is outside the session's provinces (the refusal
    is audited: ``storage.scope``)."""
    row = await session.get(Case, case_id, populate_existing=True)
    if row is None:
        await scope.refused(session, case_id=case_id)
        return None
    return _case(row)


async def get_case_by_tracking_code(
    session: AsyncSession, tracking_code: str, *, applicant_id: int | None = None
) -> CaseInfo | None:
    """The case with this code; with ``applicant_id``, only if it is that applicant's own
    (someone else's code looks exactly like a wrong one). A code as a Persian text shows it
    (with its left-to-right mark) is the code."""
    query = select(Case).where(Case.tracking_code == tracking_code.strip("\u200e\u200f"))
    if applicant_id is not None:
        query = query.where(Case.applicant_id == applicant_id)
    row = await session.scalar(query.execution_options(populate_existing=True))
    if row is None:
        if applicant_id is None:
            await scope.refused(session, tracking_code=tracking_code.strip("\u200e\u200f"))
        return None
    return _case(row)


async def membership_province(session: AsyncSession, applicant_id: int) -> str | None:
    """The province of the applicant's membership (issue 25: their dues and builder license are
    that province's): their latest membership file's with a province."""
    found: str | None = await session.scalar(
        select(Case.province)
        .where(Case.applicant_id == applicant_id, Case.kind == "membership", Case.province.is_not(None))
        .order_by(Case.id.desc())
        .limit(1)
    )
    return found


async def adopt_province(session: AsyncSession, province: str) -> int:
    """Files without a province become ``province``'s (a one-province deployment that names its
    province, PROVINCE: what the migration could not place); how many."""
    result = await session.execute(update(Case).where(Case.province.is_(None)).values(province=province))
    return int(result.rowcount)  # type: ignore[attr-defined]


async def cases_of_applicant(session: AsyncSession, applicant_id: int) -> list[CaseInfo]:
    rows = await session.scalars(select(Case).where(Case.applicant_id == applicant_id).order_by(Case.id.desc()))
    return [_case(r) for r in rows]


async def open_case(session: AsyncSession, applicant_id: int, kind: str, final: frozenset[str]) -> CaseInfo | None:
    """The applicant's latest case of ``kind`` that is not finished (not in one of its ``final``
    statuses): the one the dialog works on."""
    row = await session.scalar(
        select(Case)
        .where(Case.applicant_id == applicant_id, Case.kind == kind, Case.status.not_in(sorted(final)))
        .order_by(Case.id.desc())
        .limit(1)
    )
    return _case(row) if row else None


async def latest_case(session: AsyncSession, applicant_id: int, kind: str | None = None) -> CaseInfo | None:
    query = select(Case).where(Case.applicant_id == applicant_id)
    if kind is not None:
        query = query.where(Case.kind == kind)
    row = await session.scalar(query.order_by(Case.id.desc()).limit(1))
    return _case(row) if row else None


async def queue(
    session: AsyncSession,
    *,
    statuses: tuple[str, ...] = (Status.SUBMITTED.value,),
    province: str | None = None,
    kind: str | None = None,
    kinds: frozenset[tuple[str, str]] | None = None,
    office_id: int | None = None,
    assigned_staff_id: int | None = None,
    submitted_before: dt.datetime | None = None,
    limit: int = 20,
) -> list[CaseInfo]:
    """Cases waiting for staff (of ``kind``, when given; with ``kinds``, only (kind, status)
    pairs among them; of an office, taken by a staff member, sent before a time: issue 23's
    filters), oldest submission first.

    The oldest ``limit`` of each status are taken from the queue's index (status, kind, submitted
    at) and only those merged: a few rows read per status, however many files wait (issue 30);
    one scan of every waiting file sorted at once grew with the country's backlog."""
    firsts = []
    for status, of_kind in _queue_arms(statuses, kind, kinds):
        arm = select(Case.id).where(Case.status == status)
        if of_kind is not None:
            arm = arm.where(Case.kind == of_kind)
        if province is not None:
            arm = arm.where(Case.province == province)
        if office_id is not None:
            arm = arm.where(Case.office_id == office_id)
        if assigned_staff_id is not None:
            arm = arm.where(Case.assigned_staff_id == assigned_staff_id)
        if submitted_before is not None:
            arm = arm.where(Case.submitted_at < submitted_before)
        firsts.append(select(arm.order_by(Case.submitted_at, Case.id).limit(limit).subquery().c.id))
    if not firsts:
        return []
    oldest = union_all(*firsts) if len(firsts) > 1 else firsts[0]
    rows = await session.scalars(
        select(Case).where(Case.id.in_(oldest)).order_by(Case.submitted_at, Case.id).limit(limit)
    )
    return [_case(r) for r in rows]


def _queue_arms(
    statuses: tuple[str, ...], kind: str | None, kinds: frozenset[tuple[str, str]] | None
) -> list[tuple[str, str | None]]:
    """The queue's index scans: one per status and kind, so each reads its oldest rows in the
    index's own order (status, kind, submitted at). One arm per status with several kinds had to
    sort every file of the status: 33 ms for the desks' statuses at 200,000 files (issue 30)."""
    arms: list[tuple[str, str | None]] = []
    for status in dict.fromkeys(statuses):
        of_status = sorted(k for k, s in kinds if s == status) if kinds is not None else None
        if kind is not None:
            of_status = [kind] if of_status is None or kind in of_status else []
        arms += [(status, k) for k in of_status] if of_status is not None else [(status, None)]
    return arms


@dataclass(frozen=True, slots=True)
class Waiting:
    case: CaseInfo
    since: dt.datetime  # in its status since


async def waiting_too_long(
    session: AsyncSession, cutoffs: Mapping[str, dt.datetime], *, limit: int = 200
) -> list[Waiting]:
    """Cases in a status since before its cutoff (``cutoffs``: status → time), the longest waiting
    first; at most ``limit`` read per status, from the (status, status_at) index."""
    found: list[Waiting] = []
    for status, cutoff in cutoffs.items():
        rows = await session.scalars(
            select(Case).where(Case.status == status, Case.status_at < cutoff).order_by(Case.status_at).limit(limit)
        )
        found += [Waiting(_case(r), r.status_at) for r in rows]
    return sorted(found, key=lambda w: w.since)


async def count_by_status(session: AsyncSession, kind: str) -> dict[str, int]:
    """How many cases of ``kind`` are in each status (statuses with none are left out): the counts
    kept as cases change (``storage.counts``), not a count of every case."""
    return {status: n for (of, status), n in (await counts.by_kind_and_status(session)).items() if of == kind}


async def count_by_kind_and_status(session: AsyncSession) -> dict[tuple[str, str], int]:
    """How many cases of every kind are in each status (operators' metrics; ``storage.counts``)."""
    return await counts.by_kind_and_status(session)


# ---- answers: one statement per accepted answer --------------------------------------------


async def save_answer(session: AsyncSession, case_id: int, section: str, name: str, value: Answer) -> None:
    """Save one answer of a section's draft the moment it is accepted (insert or replace)."""
    now = utcnow()
    stmt = upsert(session, CaseAnswer).values(case_id=case_id, section=section, name=name, value=value, updated_at=now)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["case_id", "section", "name"], set_={"value": stmt.excluded.value, "updated_at": now}
        )
    )


async def delete_answers(session: AsyncSession, case_id: int, section: str, names: list[str]) -> None:
    await session.execute(
        delete(CaseAnswer).where(
            CaseAnswer.case_id == case_id, CaseAnswer.section == section, CaseAnswer.name.in_(names)
        )
    )


async def answers(session: AsyncSession, case_id: int) -> dict[str, dict[str, Answer]]:
    """All saved answers of a case: section → field → value."""
    result: dict[str, dict[str, Answer]] = {}
    for row in await session.scalars(select(CaseAnswer).where(CaseAnswer.case_id == case_id)):
        result.setdefault(row.section, {})[row.name] = row.value
    return result


# ---- degrees and family members (child rows) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class DegreeInfo:
    """A university degree of a membership file (spec §2.2)."""

    id: int
    level: str | None
    field: str | None
    specialization: str | None
    university: str | None
    graduation_date: dt.date | None
    code_kind: str | None
    code: str | None

    def answers(self) -> dict[str, Answer]:
        return _answers(self)


@dataclass(frozen=True, slots=True)
class FamilyMemberInfo:
    """The spouse or a child (spec §2.3)."""

    id: int
    relation: str | None
    first_name: str | None
    last_name: str | None
    national_code: str | None
    birth_date: dt.date | None

    def answers(self) -> dict[str, Answer]:
        return _answers(self)


def _answers(row: DegreeInfo | FamilyMemberInfo) -> dict[str, Answer]:
    """A row as the rules and the forms read it: its id and fields, dates as ISO strings."""
    out: dict[str, Answer] = {}
    for f in fields(row):
        value = getattr(row, f.name)
        out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


DEGREE_FIELDS = tuple(f.name for f in fields(DegreeInfo) if f.name != "id")
FAMILY_FIELDS = tuple(f.name for f in fields(FamilyMemberInfo) if f.name != "id")


def _degree(row: Degree) -> DegreeInfo:
    return DegreeInfo(row.id, *(getattr(row, name) for name in DEGREE_FIELDS))


def _member(row: FamilyMember) -> FamilyMemberInfo:
    return FamilyMemberInfo(row.id, *(getattr(row, name) for name in FAMILY_FIELDS))


def _coerce(values: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    out = dict(values)
    for key in ("graduation_date", "birth_date"):
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    return out


async def add_degree(session: AsyncSession, case_id: int, **values: Any) -> int:
    row = Degree(case_id=case_id, **_coerce(values, DEGREE_FIELDS))
    session.add(row)
    await session.flush()
    return row.id


async def update_degree(session: AsyncSession, case_id: int, degree_id: int, **values: Any) -> None:
    await session.execute(
        update(Degree).where(Degree.id == degree_id, Degree.case_id == case_id).values(**_coerce(values, DEGREE_FIELDS))
    )


async def degree(session: AsyncSession, case_id: int, degree_id: int) -> DegreeInfo | None:
    """One degree of the case (None when it is not this case's)."""
    row = await session.scalar(select(Degree).where(Degree.id == degree_id, Degree.case_id == case_id))
    return _degree(row) if row else None


async def remove_degree(session: AsyncSession, case_id: int, degree_id: int) -> None:
    """Remove a degree (its documents are withdrawn by the caller, who knows their slots)."""
    await session.execute(delete(Degree).where(Degree.id == degree_id, Degree.case_id == case_id))


async def degrees(session: AsyncSession, case_id: int) -> list[DegreeInfo]:
    rows = await session.scalars(select(Degree).where(Degree.case_id == case_id).order_by(Degree.id))
    return [_degree(r) for r in rows]


async def add_family_member(session: AsyncSession, case_id: int, **values: Any) -> int:
    row = FamilyMember(case_id=case_id, **_coerce(values, FAMILY_FIELDS))
    session.add(row)
    await session.flush()
    return row.id


async def update_family_member(session: AsyncSession, case_id: int, member_id: int, **values: Any) -> None:
    await session.execute(
        update(FamilyMember)
        .where(FamilyMember.id == member_id, FamilyMember.case_id == case_id)
        .values(**_coerce(values, FAMILY_FIELDS))
    )


async def family_member(session: AsyncSession, case_id: int, member_id: int) -> FamilyMemberInfo | None:
    row = await session.scalar(
        select(FamilyMember).where(FamilyMember.id == member_id, FamilyMember.case_id == case_id)
    )
    return _member(row) if row else None


async def remove_family_member(session: AsyncSession, case_id: int, member_id: int) -> None:
    await session.execute(delete(FamilyMember).where(FamilyMember.id == member_id, FamilyMember.case_id == case_id))


async def family(session: AsyncSession, case_id: int) -> list[FamilyMemberInfo]:
    rows = await session.scalars(select(FamilyMember).where(FamilyMember.case_id == case_id).order_by(FamilyMember.id))
    return [_member(r) for r in rows]


# ---- builder-license worksheet rows ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LicenseProjectInfo:
    """A project of builder-license worksheet 4: the applicant's part, and the grey part the
    organization fills in review (None until then)."""

    id: int
    name: str | None
    province: str | None
    city: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    area_m2: Decimal | None
    floors: int | None
    role: str | None
    record_type: str | None
    employer_name: str | None
    employer_phone: str | None
    # the grey part (این قسمت توسط سازمان تکمیل می‌گردد)
    own_start_date: dt.date | None = None
    own_end_date: dt.date | None = None
    desirability_factor: Decimal | None = None
    total_factor: Decimal | None = None
    attachment_number: str | None = None
    accepted: bool | None = None  # the documents reviewer's judgement (None: not judged yet)
    accepted_area_m2: Decimal | None = None  # None: as claimed
    accepted_record_type: str | None = None  # None: as claimed

    def answers(self) -> dict[str, Answer]:
        """The applicant's part as the rules and the forms read it (id included)."""
        return {name: _plain(getattr(self, name)) for name in ("id", *PROJECT_FIELDS)}


@dataclass(frozen=True, slots=True)
class FinanceItemInfo:
    """An item of builder-license worksheet 5: the amount claimed, in billion rials."""

    item: str
    amount: Decimal
    attachment_number: str | None
    verified: bool
    accepted_amount: Decimal | None = None  # what documents review accepts (None: not verified yet)


def _plain(value: object) -> Answer:
    """A stored value as a draft answer: dates as ISO strings, decimals as plain strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value  # type: ignore[return-value]  # str | int | None by the columns


PROJECT_FIELDS = (
    "name",
    "province",
    "city",
    "start_date",
    "end_date",
    "area_m2",
    "floors",
    "role",
    "record_type",
    "employer_name",
    "employer_phone",
)
PROJECT_GREY_FIELDS = (
    "own_start_date",
    "own_end_date",
    "desirability_factor",
    "total_factor",
    "attachment_number",
    "accepted",
    "accepted_area_m2",
    "accepted_record_type",
)
# the applicant changing these takes back the reviewer's judgement of the project
JUDGED_FIELDS = ("area_m2", "record_type")


def _project_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    out = dict(values)
    for key in ("start_date", "end_date"):
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    if isinstance(out.get("area_m2"), str | int):
        out["area_m2"] = Decimal(str(out["area_m2"]))
    return out


def _project(row: LicenseProject) -> LicenseProjectInfo:
    return LicenseProjectInfo(row.id, *(getattr(row, name) for name in (*PROJECT_FIELDS, *PROJECT_GREY_FIELDS)))


async def add_license_project(session: AsyncSession, case_id: int, **values: Any) -> int:
    row = LicenseProject(case_id=case_id, **_project_values(values))
    session.add(row)
    await session.flush()
    return row.id


async def update_license_project(session: AsyncSession, case_id: int, project_id: int, **values: Any) -> None:
    """The applicant's part of a project; a changed area or record type is judged again in review."""
    changes = _project_values(values)
    row = await session.get(LicenseProject, project_id, populate_existing=True)
    if row is None or row.case_id != case_id:
        return
    if any(name in changes and changes[name] != getattr(row, name) for name in JUDGED_FIELDS):
        changes.update(accepted=None, accepted_area_m2=None, accepted_record_type=None)
    await session.execute(
        update(LicenseProject)
        .where(LicenseProject.id == project_id, LicenseProject.case_id == case_id)
        .values(**changes)
        .execution_options(synchronize_session=False)
    )


async def remove_license_project(session: AsyncSession, case_id: int, project_id: int) -> None:
    """Remove a project (its documents are withdrawn by the caller, who knows their slots)."""
    await session.execute(
        delete(LicenseProject).where(LicenseProject.id == project_id, LicenseProject.case_id == case_id)
    )


async def license_projects(session: AsyncSession, case_id: int) -> list[LicenseProjectInfo]:
    rows = await session.scalars(
        select(LicenseProject).where(LicenseProject.case_id == case_id).order_by(LicenseProject.id)
    )
    return [_project(r) for r in rows]


async def set_finance_item(session: AsyncSession, case_id: int, item: str, amount: Decimal) -> None:
    """The amount claimed for an item (a changed claim is verified again)."""
    stmt = upsert(session, LicenseFinanceItem).values(case_id=case_id, item=item, amount=amount, verified=False)
    same = LicenseFinanceItem.amount == amount
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["case_id", "item"],
            set_={
                "amount": amount,
                "verified": when((same, LicenseFinanceItem.verified), else_=False),
                "accepted_amount": when((same, LicenseFinanceItem.accepted_amount), else_=None),
            },
        )
    )


async def remove_finance_items(session: AsyncSession, case_id: int, items: list[str]) -> None:
    await session.execute(
        delete(LicenseFinanceItem).where(LicenseFinanceItem.case_id == case_id, LicenseFinanceItem.item.in_(items))
    )


async def finance_items(session: AsyncSession, case_id: int) -> list[FinanceItemInfo]:
    rows = await session.scalars(
        select(LicenseFinanceItem).where(LicenseFinanceItem.case_id == case_id).order_by(LicenseFinanceItem.id)
    )
    return [
        FinanceItemInfo(
            r.item,
            Decimal(r.amount),
            r.attachment_number,
            r.verified,
            Decimal(r.accepted_amount) if r.accepted_amount is not None else None,
        )
        for r in rows
    ]


# ---- the whole file, in one read ---------------------------------------------------------------


@dataclass(frozen=True)
class CaseFile:
    """Everything of one application file, read at once: what the dialogs show the applicant
    and staff, and what its application reads the core's view of the file from (each
    application's declaration does; this knows none of them). A part the read left out
    (``Part``) is empty."""

    case: CaseInfo
    applicant: ApplicantInfo
    answers: Mapping[str, Mapping[str, Answer]]  # section → field → value (the draft)
    documents: tuple[DocumentInfo, ...]  # the current ones (replaced and withdrawn left out)
    events: tuple[Event, ...]  # the workflow history, oldest first
    degrees: tuple[DegreeInfo, ...] = ()  # membership
    family: tuple[FamilyMemberInfo, ...] = ()  # membership
    offices: Mapping[int, str] = field(default_factory=dict)  # id → name of the organization's offices
    projects: tuple[LicenseProjectInfo, ...] = ()  # builder license, worksheet 4
    finance: tuple[FinanceItemInfo, ...] = ()  # builder license, worksheet 5
    assessment: AssessmentInfo | None = None  # builder license: the organization's marks, kept score, license
    letters: tuple[LetterInfo, ...] = ()  # builder license: the letters issued and their replies
    standing: Standing = field(default_factory=Standing)  # the applicant's membership and dues
    issued: tuple[IssuedInfo, ...] = ()  # the documents the organization issued on it (e.g. a certificate)

    def section(self, name: str) -> Mapping[str, Answer]:
        return self.answers.get(name, {})

    @property
    def received(self) -> frozenset[str]:
        """The slots of the documents received (see ``scoring.RequiredDocument.slot``)."""
        return frozenset(d.slot for d in self.documents)

    @property
    def received_count(self) -> Mapping[str, int]:
        """How many files each slot holds (every page of a birth certificate is one file)."""
        return Counter(d.slot for d in self.documents)

    @property
    def last_return_notes(self) -> Mapping[str, str]:
        """The notes of the latest return to the applicant (empty if it was never returned)."""
        returns = [e for e in self.events if e.action == Action.RETURN]
        return returns[-1].section_notes if returns else {}

    def letter(self, kind: str) -> LetterInfo | None:
        return next((letter for letter in self.letters if letter.kind == kind), None)


class Part(StrEnum):
    """What of a file an application's reads need besides the case, the applicant, the answers,
    the documents and the history (which every file has)."""

    DEGREES = "degrees"
    FAMILY = "family"
    OFFICES = "offices"
    PROJECTS = "projects"
    FINANCE = "finance"
    ASSESSMENT = "assessment"
    LETTERS = "letters"
    STANDING = "standing"  # the applicant's membership and dues, as the bot knows them
    ISSUED = "issued"  # the documents the organization issued on the file


EVERY_PART = frozenset(Part)
Parts = frozenset[Part] | Callable[[str], frozenset[Part]]  # the parts, or the parts of a file's kind


async def case_file(session: AsyncSession, case_id: int, parts: Parts = EVERY_PART) -> CaseFile | None:
    """The file in one read: its case, applicant, answers, documents and history, and the
    ``parts`` its application declares (each one more query; a part left out reads as empty)."""
    case = await get_case(session, case_id)
    if case is None:
        return None
    applicant = await get_applicant(session, case.applicant_id)
    if applicant is None:
        raise LookupError(case_id)
    wanted = parts(case.kind) if callable(parts) else parts
    offices = {o.id: o.name for o in await session.scalars(select(Office))} if Part.OFFICES in wanted else {}
    return CaseFile(
        case=case,
        applicant=applicant,
        answers=await answers(session, case_id),
        degrees=tuple(await degrees(session, case_id)) if Part.DEGREES in wanted else (),
        family=tuple(await family(session, case_id)) if Part.FAMILY in wanted else (),
        documents=tuple(await current_documents(session, case_id)),
        offices=offices,
        events=tuple(await history(session, case_id)),
        projects=tuple(await license_projects(session, case_id)) if Part.PROJECTS in wanted else (),
        finance=tuple(await finance_items(session, case_id)) if Part.FINANCE in wanted else (),
        assessment=await get_assessment(session, case_id) if Part.ASSESSMENT in wanted else None,
        letters=tuple(await letters(session, case_id)) if Part.LETTERS in wanted else (),
        standing=await standing(session, case.applicant_id) if Part.STANDING in wanted else Standing(),
        issued=tuple(await of_case(session, case_id)) if Part.ISSUED in wanted else (),
    )


async def set_case_fields(session: AsyncSession, case_id: int, **values: Any) -> None:
    """Columns of a draft that are not workflow state (province, suggested office)."""
    allowed = {"province", "suggested_office_id"}
    if set(values) - allowed:
        raise ValueError(f"not draft fields: {sorted(set(values) - allowed)}")
    await session.execute(update(Case).where(Case.id == case_id).values(**values))


async def assign_membership_number(session: AsyncSession, case_id: int, number: str) -> None:
    """The membership number, given when the membership fee is paid."""
    await session.execute(update(Case).where(Case.id == case_id).values(membership_number=number))


async def set_fee(session: AsyncSession, case_id: int, rials: int) -> None:
    """The fee asked of the file, as it was asked (what is paid is checked against it)."""
    await session.execute(update(Case).where(Case.id == case_id).values(fee_rials=rials))
