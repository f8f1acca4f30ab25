"""Staff see and act on their provinces' files only (issue 25), enforced here, under every read.

A staff update's session is restricted once (``restrict``) to the provinces of the acting staff
member's roles; from then on every ORM statement of that session — SELECT, UPDATE and DELETE, the
queues, /find, /case, /stats, exports, buttons, documents — carries the criterion: a file is one of
``cases`` whose province is in the scope, and a row of any table that belongs to a file (a
``case_id`` column) is one of such a file. A file of another province is simply not there: a
forged button finds nothing, changes nothing. National staff (and every staff member of a
deployment without PROVINCES_FILE) are not restricted.

The mechanism is SQLAlchemy's ``do_orm_execute`` hook with ``with_loader_criteria`` ("Adding
global WHERE / ON criteria", SQLAlchemy 2.0 docs, ORM events), which also applies the criteria to
ORM-enabled UPDATE and DELETE.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from storage.models import Applicant, Base, Case, StaffRead, utcnow
from storage.reads import Read

_KEY = "province_scope"
_WHO = "province_scope_staff"
_ALL = "all_provinces"  # an execution option: the one statement that looks past the scope (the audit)
log = logging.getLogger(__name__)


def _sync(session: AsyncSession | Session) -> Session:
    return session.sync_session if isinstance(session, AsyncSession) else session


def restrict(session: AsyncSession | Session, provinces: Iterable[str] | None, *, staff_id: int | None = None) -> None:
    """From now on ``session`` reads and changes only files of ``provinces`` (None: every file),
    on behalf of staff member ``staff_id`` (whose refusals are audited). A scope only narrows:
    restricting a session restricted already keeps what both allow."""
    sync = _sync(session)
    if staff_id is not None:
        sync.info[_WHO] = staff_id
    if provinces is None:
        return
    wanted = frozenset(provinces)
    held: frozenset[str] | None = sync.info.get(_KEY)
    sync.info[_KEY] = wanted if held is None else held & wanted


def release(session: AsyncSession | Session) -> None:
    """The staff member steps out of their desk into their own applicant's menu (issue 25: a
    reviewer of one province may apply in another): the rest of the update reads as an applicant
    — their own files, by their own applicant id — not as staff. Applicant handlers never restrict;
    this undoes a restriction made earlier in the same update by a staff handler that hands over."""
    sync = _sync(session)
    sync.info.pop(_KEY, None)
    sync.info.pop(_WHO, None)


async def refused(session: AsyncSession, *, case_id: int | None = None, tracking_code: str | None = None) -> bool:
    """A file asked for by id or tracking code was not found in the session's scope: when it is
    another province's, the refusal is audited (the staff member, the file; a ``staff_reads`` row
    "refused", beside the reads) and True is returned. Nothing of the file is read but its id."""
    if scope(session) is None:
        return False
    query = select(Case.id).execution_options(**{_ALL: True})
    if case_id is not None:
        query = query.where(Case.id == case_id)
    elif tracking_code is not None:
        query = query.where(Case.tracking_code == tracking_code)
    else:
        return False
    found = await session.scalar(query)
    if found is None:
        return False
    staff_id = _sync(session).info.get(_WHO)
    log.warning("refused staff member %s a file of another province (case %s)", staff_id, found)
    if staff_id is not None:
        session.add(StaffRead(case_id=found, staff_id=staff_id, what=Read.REFUSED.value, at=utcnow()))
        await session.flush()
    return True


def scope(session: AsyncSession | Session) -> frozenset[str] | None:
    """The provinces ``session`` is restricted to (None: not restricted)."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    found: frozenset[str] | None = sync.info.get(_KEY)
    return found


@cache
def _case_tables() -> tuple[Any, ...]:
    """Every mapped class whose rows belong to a file (a ``case_id`` column)."""
    return tuple(
        mapper.class_ for mapper in Base.registry.mappers if mapper.class_ is not Case and "case_id" in mapper.columns
    )


@event.listens_for(Session, "do_orm_execute")
def _only_in_scope(state: ORMExecuteState) -> None:
    provinces = state.session.info.get(_KEY)
    if provinces is None or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get(_ALL) or state.statement.get_execution_options().get(_ALL):
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    allowed = sorted(provinces)
    in_scope = select(Case.id).where(Case.province.in_(allowed)).scalar_subquery()
    criteria = [
        with_loader_criteria(Case, Case.province.in_(allowed), include_aliases=True),
        # an applicant (/find by national code, mobile or name) is one with a file in the scope
        with_loader_criteria(
            Applicant,
            Applicant.id.in_(select(Case.applicant_id).where(Case.province.in_(allowed)).scalar_subquery()),
            include_aliases=True,
        ),
    ]
    criteria += [
        with_loader_criteria(table, table.case_id.in_(in_scope), include_aliases=True) for table in _case_tables()
    ]
    state.statement = state.statement.options(*criteria)
