"""Representative offices (دفاتر نمایندگی) per province; operators import them, admins edit them.

An office's identity is (province, name): importing the offices file again updates the city and the
active flag of the offices it names, adds the new ones, and leaves every other office as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scoring import is_province, provinces
from storage.models import Office

NAME_MAX = 120  # the columns' lengths (models.Office)
CITY_MAX = 80


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    id: int
    province: str
    name: str
    active: bool
    is_sample: bool
    city: str | None = None


@dataclass(frozen=True, slots=True)
class OfficeRecord:
    """One office as the offices file gives it (province as an ISO code, texts normalised)."""

    province: str
    name: str
    city: str | None
    active: bool


@dataclass(frozen=True, slots=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def _office(row: Office) -> OfficeInfo:
    return OfficeInfo(row.id, row.province, row.name, row.active, row.is_sample, row.city)


async def add_office(
    session: AsyncSession, province: str, name: str, *, city: str | None = None, is_sample: bool = False
) -> OfficeInfo:
    if not is_province(province):
        raise ValueError(f"unknown province {province!r}")
    row = Office(province=province, name=name, city=city, active=True, is_sample=is_sample)
    session.add(row)
    await session.flush()
    return _office(row)


async def set_office_active(session: AsyncSession, office_id: int, active: bool) -> OfficeInfo | None:
    """The office after the change; None if there is no office with this id."""
    await session.execute(update(Office).where(Office.id == office_id).values(active=active))
    return await get_office(session, office_id)


async def active_offices(session: AsyncSession, province: str) -> list[OfficeInfo]:
    """spec §2.1: the offices an applicant may choose from — only the active ones."""
    rows = await session.scalars(
        select(Office).where(Office.province == province, Office.active.is_(True)).order_by(Office.name)
    )
    return [_office(r) for r in rows]


async def list_offices(session: AsyncSession, province: str | None = None) -> list[OfficeInfo]:
    """Every office, active or not, by province and name."""
    query = select(Office)
    if province is not None:
        query = query.where(Office.province == province)
    rows = await session.scalars(query.order_by(Office.province, Office.name))
    return [_office(r) for r in rows]


async def get_office(session: AsyncSession, office_id: int) -> OfficeInfo | None:
    row = await session.get(Office, office_id, populate_existing=True)
    return _office(row) if row else None


async def provinces_without_active_office(session: AsyncSession) -> list[str]:
    """ISO codes of the provinces where an applicant can only answer "no preference"."""
    covered = set(await session.scalars(select(Office.province).where(Office.active.is_(True)).distinct()))
    return [p.iso for p in provinces() if p.iso not in covered]


async def import_offices(session: AsyncSession, records: Sequence[OfficeRecord]) -> ImportSummary:
    """Create or update the offices of ``records`` by (province, name); all or nothing is the
    caller's transaction. ``records`` must not name the same office twice (the file parser checks)."""
    wanted = {(r.province, r.name): r for r in records}
    rows = await session.scalars(select(Office).where(Office.province.in_(sorted({r.province for r in records}))))
    existing = {(row.province, row.name): row for row in rows}
    created = updated = 0
    for key, record in wanted.items():
        row = existing.get(key)
        if row is None:
            session.add(Office(province=record.province, name=record.name, city=record.city, active=record.active))
            created += 1
        elif (row.city, row.active) != (record.city, record.active):
            row.city, row.active = record.city, record.active
            updated += 1
    await session.flush()
    return ImportSummary(created, updated, len(wanted) - created - updated)


# Sample offices for the sandbox only: clearly labelled, never seeded in production.
SAMPLE_OFFICES: dict[str, tuple[str, ...]] = {
    "IR-14": ("(نمونه) دفتر نمایندگی شهرکرد", "(نمونه) دفتر نمایندگی بروجن", "(نمونه) دفتر نمایندگی فارسان"),
    "IR-23": ("(نمونه) دفتر نمایندگی تهران مرکزی", "(نمونه) دفتر نمایندگی شمیرانات"),
}


async def seed_sample_offices(session: AsyncSession) -> int:
    """Create the sample offices once (sandbox); returns how many were created."""
    existing = await session.scalar(select(func.count()).select_from(Office).where(Office.is_sample.is_(True)))
    if existing:
        return 0
    created = 0
    for province, names in SAMPLE_OFFICES.items():
        for name in names:
            await add_office(session, province, name, is_sample=True)
            created += 1
    return created
