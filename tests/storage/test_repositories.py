"""Repository functions on real SQLite and PostgreSQL: what the dialogs and staff rely on."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from conversations.applications.builder_license.core import application_view
from conversations.applications.membership.declaration import core_view
from scoring import Section, missing_in_section
from storage import cases, documents, offices, people, staff
from storage.db import alembic_config
from storage.files import LocalFileStore, store_document
from storage.tracking import ALPHABET, FIRST, new_tracking_code, normalize_tracking_code
from storage.workflow import Action, Actor, Role
from tests.factories import keyring, make_national_code, with_prefix
from tests.images import jpeg_bytes, minimal_pdf, photo
from tests.storage.helpers import BUILDER_LICENSE, move, new_case


async def test_migrations_create_every_table(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    assert {
        "messenger_users",
        "applicants",
        "cases",
        "case_answers",
        "degrees",
        "family_members",
        "license_projects",
        "license_finance_items",
        "documents",
        "workflow_events",
        "staff_members",
        "staff_roles",
        "offices",
        "outbox",
        "staff_answers",
        "issued_documents",
        "payment_checks",
    } <= tables
    assert version == ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()


async def test_the_same_numeric_id_on_two_platforms_is_two_users(session: AsyncSession) -> None:
    tg = await people.upsert_user(session, "telegram", 5550001, 5550001)
    bale = await people.upsert_user(session, "bale", 5550001, 5550001)
    again = await people.upsert_user(session, "telegram", 5550001, 5550001)
    assert tg.id != bale.id
    assert again.id == tg.id


async def test_a_national_code_links_a_second_messenger_only_with_the_same_mobile(session: AsyncSession) -> None:
    code = make_national_code()
    tg = await people.upsert_user(session, "telegram", 1, 1)
    await people.set_verified_mobile(session, tg.id, "09121111111")
    tg = await people.upsert_user(session, "telegram", 1, 1)
    applicant = await people.claim_national_code(session, tg, code)
    assert applicant.mobile == "09121111111"

    stranger = await people.upsert_user(session, "bale", 2, 2)
    await people.set_verified_mobile(session, stranger.id, "09129999999")
    stranger = await people.upsert_user(session, "bale", 2, 2)
    with pytest.raises(people.NationalCodeClaimed):
        await people.claim_national_code(session, stranger, code)

    same_person = await people.upsert_user(session, "bale", 3, 3)
    await people.set_verified_mobile(session, same_person.id, "09121111111")
    same_person = await people.upsert_user(session, "bale", 3, 3)
    linked = await people.claim_national_code(session, same_person, code)
    assert linked.id == applicant.id
    assert {u.platform for u in await people.users_of_applicant(session, applicant.id)} == {"telegram", "bale"}


async def test_identity_is_locked_after_the_first_submission(session: AsyncSession) -> None:
    case = await new_case(session)
    await people.update_identity(session, case.applicant_id, first_name="رضا", birth_date=dt.date(1990, 1, 1))
    await people.lock_identity(session, case.applicant_id)
    with pytest.raises(people.IdentityLocked):
        await people.update_identity(session, case.applicant_id, first_name="علی")
    applicant = await people.get_applicant(session, case.applicant_id)
    assert applicant is not None and applicant.first_name == "رضا" and applicant.locked


async def test_a_draft_identity_can_correct_its_national_code(session: AsyncSession) -> None:
    user = await people.upsert_user(session, "telegram", 9, 9)
    first = await people.claim_national_code(session, user, make_national_code())
    user = await people.upsert_user(session, "telegram", 9, 9)
    corrected_code = make_national_code()
    corrected = await people.claim_national_code(session, user, corrected_code)
    assert corrected.id == first.id
    assert corrected.national_code == corrected_code


async def test_every_answer_is_saved_at_once_and_survives_a_new_session(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        case = await new_case(session)
        await cases.save_answer(session, case.id, "personal", "province", "IR-14")
        await cases.save_answer(session, case.id, "personal", "insurance", True)
        await cases.save_answer(session, case.id, "personal", "province", "IR-23")  # changed mind
        await session.commit()
    async with sessions() as session:
        saved = await cases.answers(session, case.id)
    assert saved == {"personal": {"province": "IR-23", "insurance": True}}


async def test_degrees_family_and_the_rules_view(session: AsyncSession) -> None:
    case = await new_case(session)
    degree_id = await cases.add_degree(session, case.id, level="associate", field="civil")
    await cases.update_degree(
        session,
        case.id,
        degree_id,
        specialization="عمران",
        university="دانشگاه شهرکرد",
        graduation_date="2012-07-01",
        code_kind="verification",
        code="V-123",
    )
    member = await cases.add_family_member(session, case.id, relation="spouse", first_name="مریم")
    app = core_view(await cases.case_file(session, case.id))  # type: ignore[arg-type]
    assert app.degrees[0]["id"] == degree_id
    assert app.degrees[0]["graduation_date"] == "2012-07-01"
    assert missing_in_section(Section.EDUCATION, app) == [
        f"degree_certificate:{degree_id}",
        f"degree_verification:{degree_id}",
    ]
    assert missing_in_section(Section.FAMILY, app) == [
        "family[0].last_name",
        "family[0].national_code",
        "family[0].birth_date",
    ]
    await cases.remove_family_member(session, case.id, member)
    assert await cases.family(session, case.id) == []
    await cases.remove_degree(session, case.id, degree_id)
    assert await cases.degrees(session, case.id) == []


async def test_documents_are_replaced_but_never_lost(session: AsyncSession, tmp_path: Path) -> None:
    case = await new_case(session)
    store = LocalFileStore(tmp_path, keyring())
    first = await store_document(store, jpeg_bytes(photo(seed=3)))
    second = await store_document(store, jpeg_bytes(photo(seed=4)))
    await documents.add_document(
        session, case.id, "national_card", "national_card", first, file_id="f1", file_unique_id="u1"
    )
    await documents.add_document(
        session, case.id, "national_card", "national_card", second, file_id="f2", file_unique_id="u2"
    )
    current = await documents.current_documents(session, case.id)
    assert [d.file_key for d in current] == [second.key]
    every = await documents.all_documents(session, case.id)
    assert [d.file_key for d in every] == [first.key, second.key]
    assert every[0].superseded_at is not None
    assert every[1].width == 1600 and every[1].sha256 == second.sha256
    app = core_view(await cases.case_file(session, case.id))  # type: ignore[arg-type]
    assert app.received == frozenset({"national_card"})


async def test_a_document_of_several_files(session: AsyncSession, tmp_path: Path) -> None:
    """Every page of a birth certificate: photos add up, one PDF replaces them, a photo after the
    PDF starts again; withdrawing the slot withdraws every page."""
    case = await new_case(session, BUILDER_LICENSE)
    store = LocalFileStore(tmp_path, keyring())
    slot = "birth_certificate"

    async def add(data: bytes) -> None:
        stored = await store_document(store, data)
        await documents.add_document(session, case.id, slot, slot, stored, several=True)

    async def current() -> list[str]:
        return [d.content_type for d in await documents.current_documents(session, case.id)]

    await add(jpeg_bytes(photo(seed=31)))
    await add(jpeg_bytes(photo(seed=32)))
    await add(jpeg_bytes(photo(seed=33)))
    assert await current() == ["image/jpeg"] * 3
    file = await cases.case_file(session, case.id)
    assert file is not None and file.received_count == {slot: 3}
    await add(minimal_pdf())
    assert await current() == ["application/pdf"]
    await add(jpeg_bytes(photo(seed=34)))
    assert await current() == ["image/jpeg"]
    assert await documents.withdraw_document(session, case.id, slot)
    assert await current() == []
    assert len(await documents.all_documents(session, case.id)) == 5  # nothing is lost


async def test_tracking_codes_are_unique_and_only_the_owner_finds_theirs(session: AsyncSession) -> None:
    a = await new_case(session, user_id=11)
    b = await new_case(session, user_id=12)
    assert a.tracking_code != b.tracking_code
    assert await cases.get_case_by_tracking_code(session, a.tracking_code, applicant_id=a.applicant_id) is not None
    assert await cases.get_case_by_tracking_code(session, a.tracking_code, applicant_id=b.applicant_id) is None


async def test_queue_is_oldest_first_and_filters_by_province(session: AsyncSession) -> None:
    first = await new_case(session, user_id=21)
    second = await new_case(session, user_id=22)
    await cases.set_case_fields(session, first.id, province="IR-14")
    await cases.set_case_fields(session, second.id, province="IR-23")
    await move(session, second.id, Action.SUBMIT, Actor.applicant())
    await move(session, first.id, Action.SUBMIT, Actor.applicant())
    assert [c.id for c in await cases.queue(session)] == [second.id, first.id]
    assert [c.id for c in await cases.queue(session, province="IR-14")] == [first.id]


async def test_staff_roles(session: AsyncSession) -> None:
    assert await staff.get_staff(session, "telegram", 42) is None
    await staff.grant_role(session, "telegram", 42, Role.REVIEWER, display_name="Sara")
    member = await staff.grant_role(session, "telegram", 42, Role.FINANCE)
    assert member.roles == {Role.REVIEWER, Role.FINANCE}
    assert await staff.get_staff(session, "bale", 42) is None  # platform matters
    assert await staff.revoke_role(session, "telegram", 42, Role.REVIEWER)
    assert not await staff.revoke_role(session, "telegram", 42, Role.REVIEWER)
    member_now = await staff.get_staff(session, "telegram", 42)
    assert member_now is not None and member_now.roles == {Role.FINANCE}
    assert [s.external_id for s in await staff.list_staff(session)] == [42]
    with pytest.raises(staff.UnknownRole):
        staff.parse_role("applicant")
    assert staff.parse_role(" Reviewer ") == Role.REVIEWER


async def test_only_active_offices_are_offered(session: AsyncSession) -> None:
    created = await offices.seed_sample_offices(session)
    assert created > 0
    assert await offices.seed_sample_offices(session) == 0  # once
    names = [o.name for o in await offices.active_offices(session, "IR-14")]
    assert all(n.startswith("(نمونه)") for n in names)
    first = (await offices.active_offices(session, "IR-14"))[0]
    await offices.set_office_active(session, first.id, False)
    assert first.id not in [o.id for o in await offices.active_offices(session, "IR-14")]
    with pytest.raises(ValueError, match="unknown province"):
        await offices.add_office(session, "IR-99", "x")


async def test_license_rows(session: AsyncSession) -> None:
    case = await new_case(session, BUILDER_LICENSE)
    first = await cases.add_license_project(
        session, case.id, name="مجتمع مسکونی", area_m2=Decimal("1250.50"), record_type="own_contract"
    )
    second = await cases.add_license_project(session, case.id)
    await cases.update_license_project(session, case.id, second, start_date="2020-03-20", area_m2="800")
    await cases.set_finance_item(session, case.id, "capital_equipment", Decimal("4.5"))
    await cases.set_finance_item(session, case.id, "capital_equipment", Decimal(5))
    await cases.set_finance_item(session, case.id, "bank_guarantee", Decimal(0))
    projects = await cases.license_projects(session, case.id)
    assert [p.id for p in projects] == [first, second]
    assert projects[0].area_m2 == Decimal("1250.50") and projects[0].own_start_date is None  # grey part: staff's
    assert projects[1].start_date == dt.date(2020, 3, 20) and projects[1].area_m2 == Decimal(800)
    assert projects[0].answers()["area_m2"] == "1250.5" and projects[1].answers()["start_date"] == "2020-03-20"
    finance = {f.item: f.amount for f in await cases.finance_items(session, case.id)}
    assert finance == {"capital_equipment": Decimal(5), "bank_guarantee": Decimal(0)}
    await cases.remove_license_project(session, case.id, first)
    await cases.remove_finance_items(session, case.id, ["bank_guarantee"])
    file = await cases.case_file(session, case.id)
    assert file is not None
    application = application_view(file)
    assert [p["id"] for p in application.projects] == [second]
    assert application.finance == {"capital_equipment": Decimal(5)}
    with pytest.raises(ValueError, match="unknown fields"):
        await cases.add_license_project(session, case.id, accepted_area=1)


def test_tracking_code_shape() -> None:
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert len(code) == 9 and code[4] == "-"
        assert all(ch in ALPHABET for ch in code.replace("-", ""))
        assert normalize_tracking_code(code.lower().replace("-", " ")) == code
        assert normalize_tracking_code(f"\u200e{code}\u200f") == code  # copied from a message with its marks
    assert {code[0] for code in codes} <= set(FIRST) and set(FIRST) <= set(ALPHABET) and FIRST.isalpha()
    assert normalize_tracking_code("ABCD-0000") is None  # 0 is never used
    assert normalize_tracking_code("۲۳۴۵-ABCD") == "2345-ABCD"


def test_a_prefix_helper_makes_valid_codes() -> None:
    from scoring import validate_national_code

    assert validate_national_code(with_prefix("461")).startswith("461")
