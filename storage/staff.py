"""Staff of the province organization: (platform, user id) → roles."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import StaffMember, StaffRole, utcnow
from storage.workflow import STAFF_ROLES, Role


@dataclass(frozen=True, slots=True)
class StaffInfo:
    id: int
    platform: str
    external_id: int
    display_name: str | None
    roles: frozenset[Role]

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))


class UnknownRole(ValueError):
    pass


def parse_role(text: str) -> Role:
    try:
        role = Role(text.strip().lower())
    except ValueError:
        raise UnknownRole(text) from None
    if role not in STAFF_ROLES:
        raise UnknownRole(text)
    return role


async def _member_id(session: AsyncSession, platform: str, external_id: int, display_name: str | None) -> int:
    stmt = upsert(session, StaffMember).values(
        platform=platform, external_id=external_id, display_name=display_name, created_at=utcnow()
    )
    if display_name:
        stmt = stmt.on_conflict_do_update(
            index_elements=["platform", "external_id"], set_={"display_name": display_name}
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=["platform", "external_id"])
    await session.execute(stmt)
    member_id = await session.scalar(
        select(StaffMember.id).where(StaffMember.platform == platform, StaffMember.external_id == external_id)
    )
    assert member_id is not None
    return member_id


NAME_MAX = 80  # staff_members.display_name


async def set_name(session: AsyncSession, member: StaffInfo, name: str) -> StaffInfo:
    """Record a staff member's name (from their messenger profile, or given by an admin)."""
    cleaned = " ".join(name.split())[:NAME_MAX]
    await session.execute(update(StaffMember).where(StaffMember.id == member.id).values(display_name=cleaned))
    return replace(member, display_name=cleaned)


async def grant_role(
    session: AsyncSession,
    platform: str,
    external_id: int,
    role: Role,
    *,
    display_name: str | None = None,
    granted_by: str | None = None,
) -> StaffInfo:
    display_name = " ".join(display_name.split())[:NAME_MAX] if display_name else None
    member_id = await _member_id(session, platform, external_id, display_name)
    stmt = upsert(session, StaffRole).values(
        staff_id=member_id, role=role.value, granted_at=utcnow(), granted_by=granted_by
    )
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["staff_id", "role"]))
    staff = await get_staff(session, platform, external_id)
    assert staff is not None
    return staff


async def revoke_role(session: AsyncSession, platform: str, external_id: int, role: Role) -> bool:
    """Remove a role; returns whether the person had it."""
    member_id = await session.scalar(
        select(StaffMember.id).where(StaffMember.platform == platform, StaffMember.external_id == external_id)
    )
    if member_id is None:
        return False
    result = await session.execute(
        delete(StaffRole).where(StaffRole.staff_id == member_id, StaffRole.role == role.value)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def get_staff(session: AsyncSession, platform: str, external_id: int) -> StaffInfo | None:
    """The staff member with their roles (None when they have none: not staff)."""
    rows = (
        await session.execute(
            select(StaffMember, StaffRole.role)
            .join(StaffRole, StaffRole.staff_id == StaffMember.id)
            .where(StaffMember.platform == platform, StaffMember.external_id == external_id)
        )
    ).all()
    if not rows:
        return None
    member = rows[0][0]
    return StaffInfo(
        member.id, member.platform, member.external_id, member.display_name, frozenset(Role(r) for _, r in rows)
    )


async def get_staff_by_id(session: AsyncSession, staff_id: int) -> StaffInfo | None:
    member = await session.get(StaffMember, staff_id)
    if member is None:
        return None
    return await get_staff(session, member.platform, member.external_id)


async def list_staff(session: AsyncSession, platform: str | None = None) -> list[StaffInfo]:
    query = select(StaffMember, StaffRole.role).join(StaffRole, StaffRole.staff_id == StaffMember.id)
    if platform is not None:
        query = query.where(StaffMember.platform == platform)
    people: dict[int, tuple[StaffMember, set[Role]]] = {}
    for member, role in (await session.execute(query.order_by(StaffMember.id))).all():
        people.setdefault(member.id, (member, set()))[1].add(Role(role))
    return [StaffInfo(m.id, m.platform, m.external_id, m.display_name, frozenset(r)) for m, r in people.values()]
