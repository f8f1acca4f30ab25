"""Staff of the provinces' organizations: (platform, user id) → roles, each held in some provinces
or nationally (issue 25: no rows in ``staff_role_provinces``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import StaffMember, StaffRole, StaffRoleProvince, utcnow
from storage.workflow import STAFF_ROLES, Role


@dataclass(frozen=True, slots=True)
class StaffInfo:
    id: int
    platform: str
    external_id: int
    display_name: str | None
    roles: frozenset[Role]
    # role → the provinces it is held in; a role not here is held nationally
    held_in: Mapping[Role, frozenset[str]] = field(default_factory=dict)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    def scope(self, *roles: Role) -> frozenset[str] | None:
        """The provinces whose files the member sees acting in ``roles`` (any of theirs when none
        given): None when one of those roles is held nationally."""
        acting = (self.roles & set(roles)) if roles else self.roles
        if not acting or any(role not in self.held_in for role in acting):
            return None if acting else frozenset()
        return frozenset().union(*(self.held_in[role] for role in acting))

    def where(self, role: Role) -> str:
        """The provinces of a role, for a listing: "IR-09, IR-14", or "national"."""
        return ", ".join(sorted(self.held_in[role])) if role in self.held_in else "national"


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
    provinces: Iterable[str] = (),
) -> StaffInfo:
    """Give a role, in ``provinces`` (none: nationally). Granting a role held already states
    where it is held anew."""
    display_name = " ".join(display_name.split())[:NAME_MAX] if display_name else None
    member_id = await _member_id(session, platform, external_id, display_name)
    stmt = upsert(session, StaffRole).values(
        staff_id=member_id, role=role.value, granted_at=utcnow(), granted_by=granted_by
    )
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["staff_id", "role"]))
    role_id = await session.scalar(
        select(StaffRole.id).where(StaffRole.staff_id == member_id, StaffRole.role == role.value)
    )
    await session.execute(delete(StaffRoleProvince).where(StaffRoleProvince.role_id == role_id))
    wanted = sorted(set(provinces))
    if wanted:
        await session.execute(
            upsert(session, StaffRoleProvince).values([{"role_id": role_id, "province": p} for p in wanted])
        )
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
    held = select(StaffRole.id).where(StaffRole.staff_id == member_id, StaffRole.role == role.value)
    await session.execute(delete(StaffRoleProvince).where(StaffRoleProvince.role_id.in_(held.scalar_subquery())))
    result = await session.execute(
        delete(StaffRole).where(StaffRole.staff_id == member_id, StaffRole.role == role.value)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def get_staff(session: AsyncSession, platform: str, external_id: int) -> StaffInfo | None:
    """The staff member with their roles (None when they have none: not staff)."""
    rows = (
        await session.execute(
            select(StaffMember, StaffRole.role, StaffRoleProvince.province)
            .join(StaffRole, StaffRole.staff_id == StaffMember.id)
            .outerjoin(StaffRoleProvince, StaffRoleProvince.role_id == StaffRole.id)
            .where(StaffMember.platform == platform, StaffMember.external_id == external_id)
        )
    ).all()
    if not rows:
        return None
    return _people(rows)[0]


def _people(rows: Iterable[tuple[StaffMember, str, str | None]]) -> list[StaffInfo]:
    """(member, role, province or None) rows → each member with their roles and where held."""
    found: dict[int, tuple[StaffMember, set[Role], dict[Role, set[str]]]] = {}
    for member, role, province in rows:
        _, roles, held = found.setdefault(member.id, (member, set(), {}))
        roles.add(Role(role))
        if province is not None:
            held.setdefault(Role(role), set()).add(province)
    return [
        StaffInfo(
            m.id,
            m.platform,
            m.external_id,
            m.display_name,
            frozenset(roles),
            {role: frozenset(places) for role, places in held.items()},
        )
        for m, roles, held in found.values()
    ]


async def get_staff_by_id(session: AsyncSession, staff_id: int) -> StaffInfo | None:
    member = await session.get(StaffMember, staff_id)
    if member is None:
        return None
    return await get_staff(session, member.platform, member.external_id)


async def list_staff(session: AsyncSession, platform: str | None = None) -> list[StaffInfo]:
    query = (
        select(StaffMember, StaffRole.role, StaffRoleProvince.province)
        .join(StaffRole, StaffRole.staff_id == StaffMember.id)
        .outerjoin(StaffRoleProvince, StaffRoleProvince.role_id == StaffRole.id)
    )
    if platform is not None:
        query = query.where(StaffMember.platform == platform)
    return _people((await session.execute(query.order_by(StaffMember.id))).all())
