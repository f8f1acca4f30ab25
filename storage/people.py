"""Messenger users and applicants (identity).

A messenger user is (platform, external id): the same person on Telegram and on Bale is two
users, linked to one applicant only through the national code *and* the same verified mobile.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Row, Table, Update, bindparam, func, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import Applicant, MessengerUser, NationalCodeAttempt, utcnow


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    platform: str
    external_id: int
    chat_id: int
    language: str
    mobile: str | None
    applicant_id: int | None
    rules_accepted: bool
    position: dict[str, Any] | None = field(default=None, compare=False)  # where they are in a dialog
    # the message with buttons last sent to them: (chat id, message id), or None
    asked: tuple[int, int] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ApplicantInfo:
    id: int
    national_code: str
    first_name: str | None
    last_name: str | None
    father_name: str | None
    birth_certificate_number: str | None
    birth_date: dt.date | None
    gender: str | None
    mobile: str | None
    locked: bool

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class IdentityError(Exception):
    """An identity change that is not allowed; nothing was changed."""


class IdentityLocked(IdentityError):
    """spec §0: identity fields are locked once the first application is submitted."""


class NationalCodeClaimed(IdentityError):
    """The national code belongs to an applicant this messenger user cannot prove to be."""

    def __init__(self, applicant_id: int) -> None:
        self.applicant_id = applicant_id
        super().__init__("national code of another applicant")


# Users and applicants are read as the table's columns (SQLAlchemy Core): no ORM compilation or
# row loading per statement. The statements of every update are built once, their values bound at
# each execution: building and cache-keying a statement cost more than running it (issue 15:
# reading the user 0.31 -> 0.13 ms of CPU on PostgreSQL, 0.22 -> 0.05 ms on SQLite).
_users: Table = MessengerUser.__table__  # type: ignore[assignment]
_applicants: Table = Applicant.__table__  # type: ignore[assignment]

_APPLICANT_COLUMNS = tuple(
    _applicants.c[name]
    for name in (
        "id",
        "national_code",
        "first_name",
        "last_name",
        "father_name",
        "birth_certificate_number",
        "birth_date",
        "gender",
        "mobile",
        "locked_at",
    )
)


def _applicant(row: Applicant | Row[*tuple[Any, ...]]) -> ApplicantInfo:
    return ApplicantInfo(
        row.id,
        row.national_code,
        row.first_name,
        row.last_name,
        row.father_name,
        row.birth_certificate_number,
        row.birth_date,
        row.gender,
        row.mobile,
        row.locked_at is not None,
    )


_USER_COLUMNS = tuple(
    _users.c[name]
    for name in (
        "id",
        "platform",
        "external_id",
        "chat_id",
        "language",
        "mobile",
        "applicant_id",
        "rules_accepted_at",
        "position",
        "asked_chat_id",
        "asked_message_id",
    )
)
# the user of an update, and (PostgreSQL) the lock that serialises their updates: see upsert_user
_READ_USER = (
    select(*_USER_COLUMNS)
    .where(_users.c.platform == bindparam("platform"), _users.c.external_id == bindparam("external_id"))
    .with_for_update(key_share=True)
)
_SET_POSITION = (
    update(_users)
    .where(_users.c.id == bindparam("user_id"))
    .values(
        position=bindparam("new_position", type_=_users.c.position.type),
        position_at=bindparam("position_at", type_=_users.c.position_at.type),
    )
)
_SET_ASKED = (
    update(_users)
    .where(_users.c.id == bindparam("user_id"))
    .values(asked_chat_id=bindparam("in_chat"), asked_message_id=bindparam("message"))
)
_READ_APPLICANT = select(*_APPLICANT_COLUMNS).where(_applicants.c.id == bindparam("applicant_id"))


def _user_of(row: Row[*tuple[Any, ...]]) -> UserInfo:
    return UserInfo(
        row.id,
        row.platform,
        row.external_id,
        row.chat_id,
        row.language,
        row.mobile,
        row.applicant_id,
        row.rules_accepted_at is not None,
        dict(row.position) if row.position else None,
        (row.asked_chat_id, row.asked_message_id) if row.asked_message_id is not None else None,
    )


async def upsert_user(
    session: AsyncSession, platform: str, external_id: int, chat_id: int, language: str = "fa"
) -> UserInfo:
    """The messenger user of an update: read (one statement), created on first sight, written only
    when their chat changed — an update that changes nothing writes nothing here (issue 15).

    On PostgreSQL the read locks the row (FOR NO KEY UPDATE, as an UPDATE of it would) to the end
    of the transaction: one user's updates never interleave, in any process. SQLite has one writer."""
    found = (await session.execute(_READ_USER, {"platform": platform, "external_id": external_id})).first()
    if found is not None:
        user = _user_of(found)
        if user.chat_id != chat_id:
            await session.execute(
                update(MessengerUser).where(MessengerUser.id == user.id).values(chat_id=chat_id, last_seen_at=utcnow())
            )
            user = replace(user, chat_id=chat_id)
        return user
    # new: two deliveries of the same person's first update at once (replicas) make one row
    now = utcnow()
    stmt = upsert(session, MessengerUser).values(
        platform=platform, external_id=external_id, chat_id=chat_id, language=language, created_at=now, last_seen_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "external_id"], set_={"chat_id": chat_id, "last_seen_at": now}
    ).returning(*_USER_COLUMNS)
    return _user_of((await session.execute(stmt)).one())


async def get_user(session: AsyncSession, user_id: int) -> UserInfo | None:
    row = (await session.execute(select(*_USER_COLUMNS).where(MessengerUser.id == user_id))).first()
    return _user_of(row) if row else None


async def find_user(session: AsyncSession, platform: str, external_id: int) -> UserInfo | None:
    """The messenger user with this id on ``platform``, if they ever wrote to the bot."""
    row = (
        await session.execute(
            select(*_USER_COLUMNS).where(MessengerUser.platform == platform, MessengerUser.external_id == external_id)
        )
    ).first()
    return _user_of(row) if row else None


async def users_of_applicant(session: AsyncSession, applicant_id: int) -> list[UserInfo]:
    rows = await session.execute(select(*_USER_COLUMNS).where(MessengerUser.applicant_id == applicant_id))
    return [_user_of(r) for r in rows]


async def set_position(session: AsyncSession, user_id: int, position: dict[str, Any] | None) -> None:
    """Where the user is in a dialog now (None: no dialog open), and when it changed; one statement."""
    await session.execute(_SET_POSITION, {"user_id": user_id, "new_position": position, "position_at": utcnow()})


async def set_asked_many(session: AsyncSession, asked: Mapping[int, tuple[int, int] | None]) -> None:
    """For each user id, the message with buttons last sent to them (chat id, message id), or None
    when its buttons are gone; one statement for them all (in the users' order: two writers lock
    rows in the same order)."""
    rows = [
        {"user_id": user_id, "in_chat": value[0] if value else None, "message": value[1] if value else None}
        for user_id, value in sorted(asked.items())
    ]
    if rows:
        await session.execute(_SET_ASKED, rows)


async def set_language(session: AsyncSession, user_id: int, language: str) -> None:
    await session.execute(update(MessengerUser).where(MessengerUser.id == user_id).values(language=language))


async def set_verified_mobile(session: AsyncSession, user_id: int, mobile: str) -> None:
    await session.execute(
        update(MessengerUser).where(MessengerUser.id == user_id).values(mobile=mobile, mobile_verified_at=utcnow())
    )


async def accept_rules(session: AsyncSession, user_id: int) -> None:
    await session.execute(update(MessengerUser).where(MessengerUser.id == user_id).values(rules_accepted_at=utcnow()))


async def get_applicant(session: AsyncSession, applicant_id: int) -> ApplicantInfo | None:
    row = (await session.execute(_READ_APPLICANT, {"applicant_id": applicant_id})).first()
    return _applicant(row) if row else None


async def get_applicants(session: AsyncSession, applicant_ids: Iterable[int]) -> dict[int, ApplicantInfo]:
    """Many applicants in one statement (a staff queue's twenty lines: one read, not twenty)."""
    wanted = sorted(set(applicant_ids))
    if not wanted:
        return {}
    rows = await session.execute(select(*_APPLICANT_COLUMNS).where(_applicants.c.id.in_(wanted)))
    return {info.id: info for info in map(_applicant, rows)}


async def find_applicants(
    session: AsyncSession, *, national_code: str | None = None, mobile: str | None = None
) -> list[ApplicantInfo]:
    """Staff search by national code or mobile (the applicant's or any of their messenger users').

    By mobile: the two indexed lookups united (``applicants.mobile``, ``messenger_users.mobile``);
    written as one condition with OR, the database walked every applicant (issue 30)."""
    query = select(Applicant)
    if national_code is not None:
        query = query.where(Applicant.national_code == national_code)
    if mobile is not None:
        own = select(Applicant.id).where(Applicant.mobile == mobile)
        linked = select(MessengerUser.applicant_id).where(MessengerUser.mobile == mobile)
        query = query.where(Applicant.id.in_(union(own, linked)))
    return [_applicant(r) for r in await session.scalars(query.order_by(Applicant.id))]


NAME_FOLDS = (("\u064a", "\u06cc"), ("\u0649", "\u06cc"), ("\u0643", "\u06a9"), ("\u200c", ""), (" ", ""))


def name_key(text: str) -> str:
    """A name as searched (issue 23): Arabic ي/ى/ك as the Persian ی/ک, without ZWNJ and spaces, so
    «علی‌رضا  كريمي» finds «علیرضا کریمی»."""
    for old, new in NAME_FOLDS:
        text = text.replace(old, new)
    return text


async def find_applicants_by_name(session: AsyncSession, typed: str, *, limit: int = 20) -> list[ApplicantInfo]:
    """Applicants whose first and last name, folded alike (``name_key``), contain what was typed
    folded (at least two letters); at most ``limit``, by name. Folded by the database (older rows
    may hold Arabic letters), so nothing is read into the bot but the matches."""
    key = name_key(typed)
    if len(key) < 2:
        return []
    folded: Any = func.coalesce(Applicant.first_name, "") + func.coalesce(Applicant.last_name, "")
    for old, new in NAME_FOLDS:
        folded = func.replace(folded, old, new)
    query = (
        select(Applicant)
        .where(folded.contains(key, autoescape=True))
        .order_by(Applicant.last_name, Applicant.first_name, Applicant.id)
        .limit(limit)
    )
    return [_applicant(r) for r in await session.scalars(query)]


async def claim_national_code(session: AsyncSession, user: UserInfo, national_code: str) -> ApplicantInfo:
    """Link the messenger user to the applicant with ``national_code``, creating it if new.

    An existing applicant is linked only when this user's verified mobile is the applicant's:
    that is how the same person on Telegram and on Bale becomes one applicant, and how nobody
    else can take over a file by typing someone's national code.
    """
    row = await session.scalar(select(Applicant).where(Applicant.national_code == national_code))
    if row is None:
        if user.applicant_id is not None:
            current = await session.get(Applicant, user.applicant_id)
            if current is not None and current.locked_at is not None:
                raise IdentityLocked(national_code)
            if current is not None:
                # still a draft identity: correct the national code in place
                current.national_code = national_code
                await session.flush()
                return _applicant(current)
        row = Applicant(national_code=national_code, mobile=user.mobile)
        session.add(row)
        await session.flush()
    elif row.id != user.applicant_id and (user.mobile is None or row.mobile != user.mobile):
        raise NationalCodeClaimed(row.id)
    if user.applicant_id != row.id:
        await session.execute(update(MessengerUser).where(MessengerUser.id == user.id).values(applicant_id=row.id))
    return _applicant(row)


IDENTITY_FIELDS = frozenset(
    {"first_name", "last_name", "father_name", "birth_certificate_number", "birth_date", "gender"}
)


async def update_identity(session: AsyncSession, applicant_id: int, **values: object) -> ApplicantInfo:
    """Set identity fields of an applicant not yet locked; the applicant as it is now (one
    statement: nothing to read again)."""
    unknown = set(values) - IDENTITY_FIELDS
    if unknown:
        raise ValueError(f"not identity fields: {sorted(unknown)}")
    statement = _update_identity(tuple(sorted(values)))
    row = (
        await session.execute(statement, {"applicant_id": applicant_id, **{f"new_{k}": v for k, v in values.items()}})
    ).first()
    if row is None:
        raise IdentityLocked(applicant_id)
    return _applicant(row)


@functools.cache
def _update_identity(names: tuple[str, ...]) -> Update:
    """The UPDATE of these identity fields (one statement per set of fields, built once)."""
    return (
        update(_applicants)
        .where(_applicants.c.id == bindparam("applicant_id"), _applicants.c.locked_at.is_(None))
        .values({name: bindparam(f"new_{name}", type_=_applicants.c[name].type) for name in names})
        .returning(*_APPLICANT_COLUMNS)
    )


async def lock_identity(session: AsyncSession, applicant_id: int) -> None:
    await session.execute(
        update(Applicant).where(Applicant.id == applicant_id, Applicant.locked_at.is_(None)).values(locked_at=utcnow())
    )


async def record_code_attempt(session: AsyncSession, applicant_id: int, user_id: int) -> bool:
    """A messenger user typed the national code of an applicant they could not be linked to.
    True when it is this user's first attempt at this applicant (worth telling staff)."""
    earlier = await session.scalar(
        select(func.count())
        .select_from(NationalCodeAttempt)
        .where(NationalCodeAttempt.applicant_id == applicant_id, NationalCodeAttempt.messenger_user_id == user_id)
    )
    session.add(NationalCodeAttempt(applicant_id=applicant_id, messenger_user_id=user_id, at=utcnow()))
    await session.flush()
    return not earlier


@dataclass(frozen=True, slots=True)
class CodeAttempts:
    count: int
    accounts: int  # different messenger users
    last: dt.datetime | None


async def code_attempts(session: AsyncSession, applicant_id: int) -> CodeAttempts:
    """Attempts by other accounts to use this applicant's national code (for staff)."""
    row = (
        await session.execute(
            select(
                func.count(),
                func.count(func.distinct(NationalCodeAttempt.messenger_user_id)),
                func.max(NationalCodeAttempt.at),
            ).where(NationalCodeAttempt.applicant_id == applicant_id)
        )
    ).one()
    return CodeAttempts(int(row[0]), int(row[1]), row[2])  # max() keeps the column's UTC type
