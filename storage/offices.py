"""Representative offices (دفاتر نمایندگی) per province; admins edit them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scoring import is_province
from storage.models import Office


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    id: int
    province: str
    name: str
    active: bool
    is_sample: bool


def _office(row: Office) -> OfficeInfo:
    return OfficeInfo(row.id, row.province, row.name, row.active, row.is_sample)


async def add_office(session: AsyncSession, province: str, name: str, *, is_sample: bool = False) -> OfficeInfo:
    if not is_province(province):
        raise ValueError(f"unknown province {province!r}")
    row = Office(province=province, name=name, active=True, is_sample=is_sample)
    session.add(row)
    await session.flush()
    return _office(row)


async def set_office_active(session: AsyncSession, office_id: int, active: bool) -> None:
    await session.execute(update(Office).where(Office.id == office_id).values(active=active))


async def active_offices(session: AsyncSession, province: str) -> list[OfficeInfo]:
    """spec §2.1: the offices an applicant may choose from — only the active ones."""
    rows = await session.scalars(
        select(Office).where(Office.province == province, Office.active.is_(True)).order_by(Office.name)
    )
    return [_office(r) for r in rows]


async def get_office(session: AsyncSession, office_id: int) -> OfficeInfo | None:
    row = await session.get(Office, office_id)
    return _office(row) if row else None


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
