"""Retention's rounds (``storage.retention``): the notices, the drafts and the rejected files'
documents that are due, and the files on disk whose documents are gone.

- ``RetentionRound`` every hour (and at start): each notice is recorded with its outbox message in
  a transaction of its own, guarded so that of several replicas exactly one tells (``mark_noticed``);
  each deletion in its own transaction, re-checked under the case's lock (an answer that arrives
  meanwhile wins). What a round does is logged with ids and counts only — never a name, a national
  code or a tracking code — and counted in ``/metrics`` (``nezam_retention_total{what}``).
- ``FileSweeper`` every few seconds: files recorded for removal once their deletion committed are
  removed from disk, unless a document still uses the same bytes or they were stored again since.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import OutboxSender
from bot.periodic import Periodic
from conversations.kit.i18n import I18n
from conversations.kit.outbox import Outbox
from conversations.mydata import tell_retention_notice
from storage import retention
from storage.files import LocalFileStore
from storage.models import utcnow

log = logging.getLogger(__name__)
Count = Callable[[str, int], None]  # (what, how many): the metrics' counter


@dataclass
class RoundResult:
    notices: int = 0
    drafts: int = 0
    rejected: int = 0  # rejected files whose documents were deleted
    files: int = 0  # files removed from disk


class FileSweeper(Periodic):
    name = "file-sweeper"

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        store: LocalFileStore,
        count: Count | None = None,
        *,
        interval: float = 10.0,
    ) -> None:
        super().__init__(interval)
        self.sessions = sessions
        self.store = store
        self.count = count

    async def run_once(self) -> int:
        """Remove what is waiting; how many files went from disk."""
        removed = 0
        while True:
            async with self.sessions() as session, session.begin():
                waiting = await retention.files_to_remove(session)
                if not waiting:
                    break
                for item in waiting:
                    if not item.referenced and await asyncio.to_thread(
                        self.store.delete, item.key, unless_used_after=item.requested_at.timestamp()
                    ):
                        removed += 1
                await retention.removed(session, [item.key for item in waiting])
        if removed:
            log.info("retention: %d files removed from disk", removed)
            if self.count is not None:
                self.count("files_deleted", removed)
        return removed


class RetentionRound(Periodic):
    name = "retention"

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        policy: retention.Policy,
        i18n: I18n,
        sender: OutboxSender | None,  # None (the CLI): the bot's outbox relay sends the notices
        sweeper: FileSweeper,
        count: Count | None = None,
        *,
        interval: float = 3600.0,
    ) -> None:
        super().__init__(interval)
        self.sessions = sessions
        self.policy = policy
        self.i18n = i18n
        self.sender = sender
        self.sweeper = sweeper
        self.count = count

    def _counted(self, what: str, n: int) -> None:
        if n and self.count is not None:
            self.count(what, n)

    async def run_once(self, now: dt.datetime | None = None) -> RoundResult:
        now = now or utcnow()
        async with self.sessions() as session:
            plan = await retention.plan(session, self.policy, now)
        result = RoundResult()
        for draft in plan.notices:
            result.notices += await self.notify(draft, now)
        for draft in plan.drafts:
            async with self.sessions() as session, session.begin():
                deleted = await retention.delete_draft(session, draft.case_id, policy=self.policy, now=now)
            if deleted is not None:
                result.drafts += 1
                log.info(
                    "retention: draft %d (%s) untouched since %s deleted: %d rows, %d documents, %d files%s",
                    deleted.case_id,
                    deleted.kind,
                    draft.touched_at.date().isoformat(),
                    deleted.answers,
                    deleted.documents,
                    deleted.files,
                    ", and its identity" if deleted.identity else "",
                )
        for rejected in plan.rejected:
            async with self.sessions() as session, session.begin():
                gone = await retention.delete_rejected_documents(session, rejected.case_id, self.policy, now)
            if gone is not None:
                result.rejected += 1
                log.info(
                    "retention: the %d documents of rejected file %d (%s, rejected %s) deleted; the file is kept",
                    gone,
                    rejected.case_id,
                    rejected.kind,
                    rejected.rejected_at.date().isoformat(),
                )
        self._counted("notice", result.notices)
        self._counted("draft_deleted", result.drafts)
        self._counted("rejected_documents_deleted", result.rejected)
        if result.drafts or result.rejected:
            result.files = await self.sweeper.run_once()
        return result

    async def notify(self, draft: retention.Draft, now: dt.datetime) -> int:
        recorded: list[tuple[int, int]] = []
        async with self.sessions() as session, session.begin():
            if not await retention.mark_noticed(session, draft, now):
                return 0  # another replica's round told them, or it is no longer a draft
            outbox = Outbox(session, "telegram", self.i18n, recorded)  # the recipient's own messenger is used
            await tell_retention_notice(outbox, draft, draft.deleted_on(self.policy, now))
        if self.sender is not None:
            self.sender.dispatch(recorded)
        log.info(
            "retention: the applicant of draft %d (%s) told it goes in %d days",
            draft.case_id,
            draft.kind,
            self.policy.notice_days,
        )
        return 1

    async def _run(self) -> None:
        while True:  # a round at start, then every interval
            try:
                await self.run_once()
            except Exception as exc:  # the next round tries again
                log.warning("retention round failed: %s", type(exc).__name__)
            await asyncio.sleep(self.interval)
