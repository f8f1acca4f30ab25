"""A staff member's half-done work in their private chat, one per staff member, saved as it goes:
a return or rejection (sections chosen, notes typed), the note of a kind's own step (e.g. the
technical manager sending a builder-license file back to documents review), or a value being
typed (e.g. a project's accepted area). A restart in the middle loses nothing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import ReviewDraft, utcnow


class Decision(StrEnum):
    RETURN = "return"
    REJECT = "reject"


class Stage(StrEnum):
    CHOOSING = "choosing"  # ticking the sections and documents to return
    NOTES = "notes"  # writing a note for each chosen item, in order
    REASON = "reason"  # writing the reason of a rejection, or the note of a kind's step
    VALUE = "value"  # typing a value (``chosen``: what it is for; ``notes``: what was typed so far)


@dataclass(frozen=True, slots=True)
class ReviewDraftInfo:
    staff_id: int
    case_id: int
    case_version: int  # the version of what the work changes (the case's; an assessment's)
    decision: str  # a ``Decision``, or the act of a kind's own step
    stage: Stage
    chosen: tuple[str, ...]
    notes: dict[str, str]

    @property
    def next_to_note(self) -> str | None:
        """The first chosen item without a note yet."""
        return next((key for key in self.chosen if key not in self.notes), None)


def _info(row: ReviewDraft) -> ReviewDraftInfo:
    return ReviewDraftInfo(
        row.staff_id,
        row.case_id,
        row.case_version,
        row.decision,
        Stage(row.stage),
        tuple(str(k) for k in row.chosen or ()),
        {str(k): str(v) for k, v in (row.notes or {}).items()},
    )


async def start(
    session: AsyncSession,
    staff_id: int,
    case_id: int,
    case_version: int,
    decision: str,
    *,
    stage: Stage | None = None,
    chosen: tuple[str, ...] = (),
) -> None:
    """Begin a piece of work (a previous unfinished one of this staff member is replaced): a
    return starts by choosing, anything else waits for text."""
    stage = stage or (Stage.CHOOSING if decision == Decision.RETURN else Stage.REASON)
    values: dict[str, object] = {
        "staff_id": staff_id,
        "case_id": case_id,
        "case_version": case_version,
        "decision": decision,
        "stage": stage.value,
        "chosen": list(chosen),
        "notes": {},
        "updated_at": utcnow(),
    }
    stmt = upsert(session, ReviewDraft).values(**values)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["staff_id"], set_={k: v for k, v in values.items() if k != "staff_id"}
        )
    )


async def get(session: AsyncSession, staff_id: int) -> ReviewDraftInfo | None:
    row = await session.scalar(
        select(ReviewDraft).where(ReviewDraft.staff_id == staff_id).execution_options(populate_existing=True)
    )
    return _info(row) if row else None


async def save(
    session: AsyncSession,
    staff_id: int,
    *,
    stage: Stage | None = None,
    chosen: tuple[str, ...] | None = None,
    notes: dict[str, str] | None = None,
) -> None:
    row = await session.get(ReviewDraft, staff_id)
    if row is None:
        return
    if stage is not None:
        row.stage = stage.value
    if chosen is not None:
        row.chosen = list(chosen)
    if notes is not None:
        row.notes = dict(notes)
    row.updated_at = utcnow()
    await session.flush()


async def discard(session: AsyncSession, staff_id: int) -> None:
    await session.execute(delete(ReviewDraft).where(ReviewDraft.staff_id == staff_id))
