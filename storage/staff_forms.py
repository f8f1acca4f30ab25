"""A staff member's answers of a form that applies once it is done (a return's ticks and notes, a
reason, the license issued), saved the moment each is given: with their position (the question
they are at), a restart in the middle loses nothing. Keyed by the person (their messenger user),
the file and the form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import StaffAnswer, utcnow


async def answers(session: AsyncSession, user_id: int, case_id: int, form: str) -> dict[str, Any]:
    rows = await session.execute(
        select(StaffAnswer.name, StaffAnswer.value).where(
            StaffAnswer.messenger_user_id == user_id, StaffAnswer.case_id == case_id, StaffAnswer.form == form
        )
    )
    return {str(name): value for name, value in rows.all()}


async def save(session: AsyncSession, user_id: int, case_id: int, form: str, name: str, value: Any) -> None:
    now = utcnow()
    stmt = upsert(session, StaffAnswer).values(
        messenger_user_id=user_id, case_id=case_id, form=form, name=name, value=value, updated_at=now
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["messenger_user_id", "case_id", "form", "name"],
            set_={"value": stmt.excluded.value, "updated_at": now},
        )
    )


async def clear(
    session: AsyncSession, user_id: int, case_id: int, form: str, names: Sequence[str] | None = None
) -> None:
    """Forget the form's answers (``names``: only these)."""
    query = delete(StaffAnswer).where(
        StaffAnswer.messenger_user_id == user_id, StaffAnswer.case_id == case_id, StaffAnswer.form == form
    )
    if names is not None:
        query = query.where(StaffAnswer.name.in_(list(names)))
    await session.execute(query)
