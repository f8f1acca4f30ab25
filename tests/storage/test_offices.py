"""The offices file (parsed whole before anything is imported) and the import's identity rule,
on real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from conversations.kit.i18n import I18n
from conversations.staff.admin import line_problem
from scoring import provinces
from storage import offices
from storage.models import Base
from storage.office_csv import OfficesFileError, parse_offices_csv
from storage.offices import OfficeRecord
from tests.factories import offices_csv

HEADER = "province,name,city,active\n"


def test_a_31_province_file_parses() -> None:
    records = parse_offices_csv(offices_csv())
    assert len(records) == 32
    assert {r.province for r in records} == {p.iso for p in provinces()}
    tehran = [r for r in records if r.province == "IR-23"]
    assert OfficeRecord("IR-23", "دفتر آزمایشی دوم تهران", None, True) in tehran


def test_excel_bom_quotes_persian_digits_and_arabic_letters_are_accepted() -> None:
    data = '\ufeffname,province,active,city\n"دفتر يك، شمالی",چهارمحال و بختیاری,۰,"شهركرد"\n'
    assert parse_offices_csv(data.encode("utf-8")) == [
        OfficeRecord("IR-14", "دفتر یک، شمالی", "شهرکرد", False)  # ي/ك normalised; ۰ = inactive
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEADER + "IR-14,دفتر الف,شهرکرد,1\nIR-99,دفتر ب,,1\n", ["line 3: unknown province “IR-99”"]),
        (HEADER + "IR-14,دفتر الف,شهرکرد,1\n\nاستان خیالی,دفتر ب,,1\n", ["line 4: unknown province “استان خیالی”"]),
        (HEADER + "IR-14,  ,شهرکرد,1\n", ["line 2: name is empty"]),
        (HEADER + ",دفتر الف,,1\n", ["line 2: province is empty"]),
        (HEADER + "IR-14,دفتر الف,شهرکرد,2\n", ["line 2: active must be 1 or 0 (or empty for 1), not “2”"]),
        ("province;name;city;active\nIR-14;دفتر;;1\n", ["line 1: the header must be province,name,city,active"]),
        ("province,name,active\nIR-14,دفتر,1\n", ["line 1: the header must be province,name,city,active"]),
        (HEADER + "IR-14,دفتر الف, شهرکرد, بروجن,1\n", ["line 2: 5 values but 4 columns"]),
        (HEADER + "IR-14,دفتر الف,,1\nچهارمحال و بختیاری,دفتر الف,,0\n", ["line 3: the same office", "as line 2"]),
        (HEADER + "IR-14," + "ب" * 121 + ",,1\n", ["line 2: name is longer than 120 characters"]),
        ("", ["line 1: the file is empty"]),
        (HEADER, ["line 2: no offices after the header"]),
    ],
)
def test_a_bad_line_is_named_with_its_reason(content: str, expected: list[str]) -> None:
    with pytest.raises(OfficesFileError) as caught:
        parse_offices_csv(content.encode("utf-8"))
    english = I18n("en")("en")  # the reasons are text keys: the CLI shows them in English
    text = "\n".join(line_problem(english, p) for p in caught.value.problems)
    for part in expected:
        assert part in text


def test_every_bad_line_is_reported_not_just_the_first() -> None:
    content = HEADER + "IR-14,دفتر خوب,,1\nIR-99,دفتر الف,,1\nIR-14,,,1\nIR-14,دفتر ج,,yes\n"
    with pytest.raises(OfficesFileError) as caught:
        parse_offices_csv(content.encode("utf-8"))
    assert [p.line for p in caught.value.problems] == [3, 4, 5]


def test_a_file_not_in_utf8_names_the_line() -> None:
    content = (HEADER + "IR-14,دفتر الف,,1\n").encode("utf-8") + "IR-23,دفتر تهران,,1\n".encode("cp1256")
    with pytest.raises(OfficesFileError) as caught:
        parse_offices_csv(content)
    assert [(p.line, p.key) for p in caught.value.problems] == [(3, "offices-csv-not-utf8")]
    persian = line_problem(I18n("fa")("fa"), caught.value.problems[0])  # what the admins' chat shows
    assert persian == "سطر ۳: متن با کدگذاری UTF-8 نیست (فایل را با قالب «CSV UTF-8» ذخیره کنید)"


async def test_import_creates_then_updates_by_province_and_name(session: AsyncSession) -> None:
    first = await offices.import_offices(session, parse_offices_csv(offices_csv()))
    assert (first.created, first.updated, first.unchanged) == (32, 0, 0)
    assert await offices.provinces_without_active_office(session) == []

    again = await offices.import_offices(session, parse_offices_csv(offices_csv()))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 32)
    assert len(await offices.list_offices(session)) == 32  # no duplicates

    changed = HEADER + "IR-14,دفتر آزمایشی چهارمحال و بختیاری,بروجن,0\n"
    third = await offices.import_offices(session, parse_offices_csv(changed.encode("utf-8")))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 0)
    (office,) = await offices.list_offices(session, "IR-14")
    assert (office.city, office.active) == ("بروجن", False)
    assert await offices.provinces_without_active_office(session) == ["IR-14"]
    assert await offices.active_offices(session, "IR-14") == []


async def test_deactivate_and_activate(session: AsyncSession) -> None:
    created = await offices.add_office(session, "IR-14", "دفتر آزمایشی", city="شهرکرد")
    off = await offices.set_office_active(session, created.id, False)
    assert off is not None and not off.active and off.city == "شهرکرد"
    on = await offices.set_office_active(session, created.id, True)
    assert on is not None and on.active
    assert await offices.set_office_active(session, 999_999, False) is None


async def test_fresh_database_has_every_province_without_an_office(session: AsyncSession) -> None:
    assert await offices.provinces_without_active_office(session) == [p.iso for p in provinces()]


async def test_migrations_match_the_models(engine: AsyncEngine) -> None:
    """The schema the migrations build is the one storage/models.py declares (nothing missed)."""
    async with engine.connect() as conn:
        diff = await conn.run_sync(lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata))
    assert diff == []
