"""Reminders of what an applicant left undone (issue 24): a draft left idle, a returned file not
sent again, a fee not paid — each on its own schedule of days, counted from when the idle spell
began, and each stage told once.

    draft     1, 3, 7 days after it was last touched (retention's notion: ``storage.retention``);
              after the last, never again for that draft
    returned  2, 7 days after the file came back
    fee       3, 10 days after the fee was asked

A round that comes late (the bot was down) tells only the latest stage that is due, not every
one it missed. ``mark`` inserts the stage's row: its primary key is the guard, so of two
replicas' rounds exactly one tells. An applicant who turned reminders off (``/notifications``) is
not reminded; decisions reach them whatever they chose. Functions never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage._sql import upsert
from storage.models import Case, MessengerUser, ReminderSent, WorkflowEvent, utcnow
from storage.retention import DAY, drafts_untouched_since
from storage.workflow import Status

SCHEDULES: dict[str, tuple[int, ...]] = {"draft": (1, 3, 7), "returned": (2, 7), "fee": (3, 10)}
_WAITING = {"returned": Status.RETURNED.value, "fee": Status.AWAITING_PAYMENT.value}


@dataclass(frozen=True, slots=True)
class Reminder:
    case_id: int
    kind: str
    tracking_code: str
    messenger_user_id: int
    reason: str  # draft, returned, fee
    since: dt.datetime  # when the idle spell began
    stage: int  # 1-based: which day of the schedule
    fee_rials: int | None

    @property
    def last(self) -> bool:
        """The schedule's last stage (the one that goes by SMS too)."""
        return self.stage == len(SCHEDULES[self.reason])


def stage_at(reason: str, since: dt.datetime, now: dt.datetime) -> int:
    """The latest stage of ``reason``'s schedule due at ``now`` (0: none yet)."""
    return sum(1 for days in SCHEDULES[reason] if since + days * DAY <= now)


async def _told(session: AsyncSession, case_ids: list[int], reason: str) -> dict[tuple[int, dt.datetime], int]:
    """(case, since) → the highest stage told."""
    if not case_ids:
        return {}
    rows = await session.execute(
        select(ReminderSent.case_id, ReminderSent.since, func.max(ReminderSent.stage))
        .where(ReminderSent.case_id.in_(case_ids), ReminderSent.reason == reason)
        .group_by(ReminderSent.case_id, ReminderSent.since)
    )
    return {(case_id, since): int(stage) for case_id, since, stage in rows.all()}


async def _silenced(session: AsyncSession, user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    rows = await session.scalars(
        select(MessengerUser.id).where(MessengerUser.id.in_(user_ids), MessengerUser.reminders_off_at.is_not(None))
    )
    return set(rows)


async def due(session: AsyncSession, now: dt.datetime | None = None) -> list[Reminder]:
    """Every reminder due at ``now``, oldest idle spell first."""
    now = now or utcnow()
    found: list[Reminder] = []
    drafts = await drafts_untouched_since(session, now - SCHEDULES["draft"][0] * DAY)
    told = await _told(session, [d.case_id for d in drafts], "draft")
    finished = {case_id for (case_id, _), stage in told.items() if stage >= len(SCHEDULES["draft"])}
    for d in drafts:
        since = d.touched_at
        stage = stage_at("draft", since, now)
        if stage and d.case_id not in finished and told.get((d.case_id, since), 0) < stage:
            found.append(Reminder(d.case_id, d.kind, d.tracking_code, d.messenger_user_id, "draft", since, stage, None))
    for reason, status in _WAITING.items():
        since_column = (
            select(func.max(WorkflowEvent.at))
            .where(WorkflowEvent.case_id == Case.id, WorkflowEvent.to_status == status)
            .scalar_subquery()
        )
        rows = (
            await session.execute(
                select(Case.id, Case.kind, Case.tracking_code, Case.messenger_user_id, Case.fee_rials, since_column)
                .where(Case.status == status, since_column <= now - SCHEDULES[reason][0] * DAY)
                .order_by(Case.id)
            )
        ).all()
        told = await _told(session, [r[0] for r in rows], reason)
        for case_id, kind, code, user_id, fee, since in rows:
            stage = stage_at(reason, since, now)
            if stage and told.get((case_id, since), 0) < stage:
                found.append(Reminder(case_id, kind, code, user_id, reason, since, stage, fee))
    silenced = await _silenced(session, {r.messenger_user_id for r in found})
    return sorted((r for r in found if r.messenger_user_id not in silenced), key=lambda r: (r.since, r.case_id))


async def mark(session: AsyncSession, reminder: Reminder, now: dt.datetime | None = None) -> bool:
    """Record the stage as told; False if it was already (another replica's round)."""
    stmt = (
        upsert(session, ReminderSent)
        .values(
            case_id=reminder.case_id,
            reason=reminder.reason,
            since=reminder.since,
            stage=reminder.stage,
            sent_at=now or utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["case_id", "reason", "since", "stage"])
    )
    result = await session.execute(stmt)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
