"""How many cases of each kind are in each status, kept as they change (issue 30): the staff's
``/stats`` and the operators' ``nezam_cases`` read a few rows instead of counting every case.

Each change appends rows to ``case_count_changes`` in the transaction that makes it (a new draft
+1; a transition −1 from its status, +1 to the next), so no two transactions ever wait for each
other over a shared counter row; a count is ``case_counts`` plus the changes not folded in yet,
and ``fold`` moves the changes into ``case_counts`` (every few minutes, ``bot.metrics``). Every
status change goes through ``workflow.transition``, every new case through ``cases.create_case``
and every deleted one through ``retention.delete_draft``: those record it.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Case, CaseCount, CaseCountChange
from storage.scope import scope

_FOLD_POSTGRES = text(
    "WITH moved AS (DELETE FROM case_count_changes RETURNING kind, status, change) "
    "INSERT INTO case_counts (kind, status, n) SELECT kind, status, sum(change) FROM moved GROUP BY kind, status "
    "ON CONFLICT (kind, status) DO UPDATE SET n = case_counts.n + excluded.n"
)
# SQLite has one writer at a time: the changes up to an id are summed, then removed
_FOLD_SQLITE = (
    text(
        "INSERT INTO case_counts (kind, status, n) SELECT kind, status, sum(change) FROM case_count_changes "
        "WHERE id <= :last GROUP BY kind, status ON CONFLICT (kind, status) DO UPDATE SET n = n + excluded.n"
    ),
    text("DELETE FROM case_count_changes WHERE id <= :last"),
)


async def moved(session: AsyncSession, kind: str, source: str | None, target: str) -> None:
    """A case of ``kind`` left ``source`` (None: it is new) for ``target``; one statement."""
    rows = [{"kind": kind, "status": target, "change": 1}]
    if source is not None:
        rows.append({"kind": kind, "status": source, "change": -1})
    await session.execute(insert(CaseCountChange), rows)


async def removed(session: AsyncSession, kind: str, status: str) -> None:
    """A case of ``kind`` in ``status`` was deleted (a draft, by retention or its applicant)."""
    await session.execute(insert(CaseCountChange), [{"kind": kind, "status": status, "change": -1}])


async def by_kind_and_status(session: AsyncSession) -> dict[tuple[str, str], int]:
    """(kind, status) → cases (none left out but the empty ones). A session restricted to some
    provinces (``storage.scope``) counts its provinces' files themselves: the kept counts are the
    nation's."""
    if scope(session) is not None:
        counted = await session.execute(select(Case.kind, Case.status, func.count()).group_by(Case.kind, Case.status))
        return {(str(kind), str(status)): int(n) for kind, status, n in counted.all() if n}
    both = union_all(
        select(CaseCount.kind, CaseCount.status, CaseCount.n.label("n")),
        select(CaseCountChange.kind, CaseCountChange.status, CaseCountChange.change.label("n")),
    ).subquery()
    rows = await session.execute(
        select(both.c.kind, both.c.status, func.sum(both.c.n)).group_by(both.c.kind, both.c.status)
    )
    return {(str(kind), str(status)): int(n) for kind, status, n in rows.all() if n}


async def fold(session: AsyncSession) -> None:
    """Move the changes recorded so far into the counts (several processes may fold at once)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_FOLD_POSTGRES)
        return
    last = await session.scalar(select(func.max(CaseCountChange.id)))
    if last is not None:
        for statement in _FOLD_SQLITE:
            await session.execute(statement, {"last": last})
