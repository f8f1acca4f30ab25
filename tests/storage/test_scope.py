"""Staff scoped by province (issue 25), as a property: for random staff scopes and random files,
every staff-facing read of a restricted session returns only files in the scope — and all of
them (the queues, a file by id or tracking code, the whole file, the counts, the statistics, the
search by national code, the waiting files, an export)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from storage import cases, counts, people, stats, workflow
from storage.exports import CaseFilter, stream_case_rows
from storage.models import Case, StaffRead
from storage.reads import Read
from storage.scope import release, restrict, scope
from storage.workflow import Action, Actor, Status
from tests.storage.helpers import BUILDER_LICENSE, DUES, MEMBERSHIP, move, new_case, sqlite_copy

PROVINCES = ("IR-14", "IR-23", "IR-07")
GENERATED = 25
files = st.lists(
    st.tuples(
        st.sampled_from((MEMBERSHIP, BUILDER_LICENSE, DUES)),
        st.sampled_from((*PROVINCES, None)),  # None: a file whose province is not known
        st.booleans(),  # submitted
    ),
    min_size=1,
    max_size=6,
)
scopes = st.frozensets(st.sampled_from(PROVINCES), max_size=3)


def test_every_staff_read_returns_only_files_in_the_scope(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    engine, sessions = sqlite_copy(sqlite_template, tmp_path_factory, "scope")
    seen = Counter[str]()
    user_ids = iter(range(50_000, 1_000_000))

    async def check(made: list[tuple[str, str | None, bool]], allowed: frozenset[str]) -> None:
        new: set[int] = set()
        async with sessions() as session, session.begin():
            for kind, province, submitted in made:
                case = await new_case(session, kind, user_id=next(user_ids))
                new.add(case.id)
                await cases.set_case_fields(session, case.id, province=province)
                if submitted:
                    await move(session, case.id, Action.SUBMIT, Actor.applicant())
        async with sessions() as session:  # the truth, unrestricted
            everything = {
                row.id: (row.province, row.tracking_code, row.applicant_id, row.kind, row.status)
                for row in await session.scalars(select(Case))
            }
            codes = {a: await people.get_applicant(session, a) for a in {everything[i][2] for i in new}}
        inside = {i for i, v in everything.items() if v[0] in allowed}
        seen["inside" if inside else "none inside"] += 1
        seen["outside" if len(inside) < len(everything) else "all inside"] += 1

        async with sessions() as session, session.begin():
            restrict(session, allowed, staff_id=None)
            assert scope(session) == allowed
            waiting = await cases.queue(session, statuses=tuple(s.value for s in Status), limit=10_000)
            assert {c.id for c in waiting} == inside
            for case_id in new:  # (the files of earlier examples are in the sets above)
                code, status = everything[case_id][1], everything[case_id][4]
                found = await cases.get_case(session, case_id)
                assert (found is not None) == (case_id in inside)
                by_code = await cases.get_case_by_tracking_code(session, code)
                assert (by_code is not None) == (case_id in inside)
                file = await cases.case_file(session, case_id)
                assert (file is not None) == (case_id in inside)
                assert bool(await workflow.history(session, case_id)) == (case_id in inside and status != "draft")
            counted = await counts.by_kind_and_status(session)
            assert counted == dict(Counter((everything[i][3], everything[i][4]) for i in inside))
            weekly = await stats.weekly(session)
            submitted_inside = sum(1 for i in inside if everything[i][4] != Status.DRAFT.value)
            assert sum(sum(per) for per in weekly.submitted.values()) == submitted_inside
            later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
            late = await cases.waiting_too_long(session, {s.value: later for s in Status}, limit=10_000)
            assert {w.case.id for w in late} == inside
            for applicant_id, applicant in codes.items():
                assert applicant is not None
                theirs = {i for i, v in everything.items() if v[2] == applicant_id}
                hits = await people.find_applicants(session, national_code=applicant.national_code)
                assert bool(hits) == bool(theirs & inside)
        async with sessions() as session, session.begin():  # an export carries the scope itself
            wanted = CaseFilter(statuses=tuple(s.value for s in Status), provinces=tuple(sorted(allowed)))
            rows = [r async for batch in stream_case_rows(session, wanted) for r in batch]
            assert {r.tracking_code for r in rows} == {everything[i][1] for i in inside}
        seen["examples"] += 1

    @settings(max_examples=GENERATED, deadline=None, suppress_health_check=list(HealthCheck))
    @given(files, scopes)
    def run(made: list[tuple[str, str | None, bool]], allowed: frozenset[str]) -> None:
        asyncio.run(check(made, allowed))

    try:
        run()
    finally:
        asyncio.run(engine.dispose())
    assert seen["examples"] >= GENERATED and seen["inside"] and seen["outside"] and seen["none inside"]


async def test_a_refused_file_is_audited_and_nothing_changes(database_url: str) -> None:
    """A file of another province asked for by id: None, the refusal recorded (who, which file),
    and an update aimed at it changes no row."""
    from storage.db import make_engine, make_sessionmaker
    from storage.staff import grant_role

    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            case = await new_case(session, MEMBERSHIP)
            await cases.set_case_fields(session, case.id, province="IR-14")
            member = await grant_role(session, "telegram", 777, workflow.Role.REVIEWER, provinces=["IR-23"])
            assert member.scope() == frozenset({"IR-23"})
        async with sessions() as session, session.begin():
            restrict(session, member.scope(), staff_id=member.id)
            assert await cases.get_case(session, case.id) is None
            await cases.set_case_fields(session, case.id, province="IR-23")  # a forged change: no row
            result = await session.execute(update(Case).where(Case.id == case.id).values(status="approved"))
            assert result.rowcount == 0  # type: ignore[attr-defined]
        async with sessions() as session:
            row = await session.get(Case, case.id)
            assert row is not None and row.status == Status.DRAFT.value and row.province == "IR-14"
            audit = (await session.execute(select(StaffRead.case_id, StaffRead.staff_id, StaffRead.what))).all()
            assert audit == [(case.id, member.id, Read.REFUSED.value)]
    finally:
        await engine.dispose()


async def test_a_staff_member_stepping_into_their_applicant_menu_reads_their_own_file(database_url: str) -> None:
    """A reviewer of IR-23 whose own file is IR-14's: restricted, the file is not there (staff);
    released (their applicant's menu), it is — and a later restriction narrows again."""
    from storage.db import make_engine, make_sessionmaker

    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            case = await new_case(session, MEMBERSHIP)
            await cases.set_case_fields(session, case.id, province="IR-14")
        async with sessions() as session, session.begin():
            restrict(session, ["IR-23"])
            assert await cases.get_case(session, case.id) is None
            release(session)
            assert scope(session) is None
            found = await cases.get_case(session, case.id)
            assert found is not None and found.province == "IR-14"
            restrict(session, ["IR-23"])
            assert await cases.get_case(session, case.id) is None
    finally:
        await engine.dispose()
