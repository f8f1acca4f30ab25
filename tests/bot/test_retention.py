"""Retention on a controllable clock (issue 28), on SQLite and PostgreSQL: an untouched draft's
applicant is told 14 days before, once; any answer (or a move in the dialog) keeps it; after the
period it is deleted whole — answers, documents, files on disk, position — and every step is
counted; a rejected file loses its documents after its own period and keeps its record."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from pathlib import Path

from prometheus_client import generate_latest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.metrics import Metrics
from bot.retention import FileSweeper, RetentionRound
from conversations.kit.i18n import I18n
from storage import cases, counts, documents, people
from storage.files import LocalFileStore, store_document
from storage.models import Applicant, Case, CaseAnswer, Degree, Document, MessengerUser, OutboxMessage, WorkflowEvent
from storage.retention import Policy
from storage.workflow import Action, Actor, Role, Status
from tests.factories import keyring
from tests.images import jpeg_bytes, photo
from tests.storage.helpers import move, new_case

T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


def day(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


class Job:
    """A retention round with its sweeper and what it counted (as ``/metrics`` would)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], store: LocalFileStore) -> None:
        self.counted: Counter[str] = Counter()
        self.metrics = Metrics({})
        self.sweeper = FileSweeper(sessions, store, self.count)
        self.round = RetentionRound(sessions, Policy(), I18n(), None, self.sweeper, self.count)

    def count(self, what: str, n: int) -> None:
        self.counted[what] += n
        self.metrics.retained(what, n)


async def a_draft(
    sessions: async_sessionmaker[AsyncSession],
    store: LocalFileStore,
    *,
    user_id: int,
    seed: int,
    at: dt.datetime = T0,
    sent: bytes | None = None,
) -> tuple[int, int, set[str]]:
    """A membership draft with an answer, a degree, a photo and the user's position in it, all
    last touched ``at``: (case id, messenger user id, its files' keys)."""
    async with sessions() as session, session.begin():
        case = await new_case(session, user_id=user_id)
        await cases.save_answer(session, case.id, "personal", "home_address", "شهرکرد، خیابان کاشانی")
        await cases.add_degree(session, case.id, level="bachelor", field="civil")
        stored = await store_document(store, sent or jpeg_bytes(photo(seed=seed)))
        await documents.add_document(session, case.id, "national_card", "national_card", stored)
        position = {"step": "form:answering", "app": "membership", "form": "personal", "case": case.id}
        await people.set_position(session, case.messenger_user_id, position)
    await touched(sessions, case.id, at)
    return case.id, case.messenger_user_id, {stored.key, stored.thumbnail_key or ""}


async def touched(sessions: async_sessionmaker[AsyncSession], case_id: int, at: dt.datetime) -> None:
    """Everything of the draft as if last changed ``at``."""
    async with sessions() as session, session.begin():
        case = await session.get(Case, case_id)
        assert case is not None
        await session.execute(update(Case).where(Case.id == case_id).values(created_at=at, updated_at=at))
        await session.execute(update(CaseAnswer).where(CaseAnswer.case_id == case_id).values(updated_at=at))
        await session.execute(update(Document).where(Document.case_id == case_id).values(uploaded_at=at))
        await session.execute(
            update(MessengerUser).where(MessengerUser.id == case.messenger_user_id).values(position_at=at)
        )


async def count(sessions: async_sessionmaker[AsyncSession], model: type, case_id: int | None = None) -> int:
    async with sessions() as session:
        query = select(func.count()).select_from(model)
        if case_id is not None:
            query = query.where(model.case_id == case_id)  # type: ignore[attr-defined]
        return int(await session.scalar(query) or 0)


async def notices(sessions: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_an_untouched_draft_is_told_once_then_deleted_whole(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    store = LocalFileStore(tmp_path, keyring())
    case_id, user_id, files = await a_draft(sessions, store, user_id=7001, seed=31)
    job = Job(sessions, store)

    assert (await job.round.run_once(now=day(165))).notices == 0
    assert (await job.round.run_once(now=day(167))).notices == 1
    [notice] = await notices(sessions)
    async with sessions() as session:
        user = await people.get_user(session, user_id)
    assert user is not None and notice.chat_id == user.chat_id and notice.method == "sendMessage"
    text = notice.params["text"]
    deleted_on = I18n()("fa").date(day(181).date())  # 14 days after the notice
    assert I18n()("fa")("retention-notice", kind="x", code="y", since="z", date="w").split("x")[0] in text
    assert deleted_on in text and I18n()("en").date(day(181).date()) == "1404/06/07"
    buttons = [b["callback_data"] for row in notice.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == [f"my:keep:{case_id}", f"my:del:{case_id}"]
    assert (await job.round.run_once(now=day(168))).notices == 0  # told once
    assert (await job.round.run_once(now=day(180.9))).drafts == 0  # 14 full days after the notice
    assert all((tmp_path / key).exists() for key in files)

    done = await job.round.run_once(now=day(181.1))
    assert (done.drafts, done.files) == (1, 2)
    for model in (CaseAnswer, Document, Degree):
        assert await count(sessions, model, case_id) == 0
    assert await count(sessions, Case) == 0
    async with sessions() as session:  # the counts /stats and the metrics read (issue 30) say so too
        assert await counts.by_kind_and_status(session) == {}
    assert await count(sessions, Applicant) == 0  # the identity went too: it was never submitted
    assert not any((tmp_path / key).exists() for key in files)
    async with sessions() as session:
        user = await people.get_user(session, user_id)
    assert user is not None and user.position is None and user.applicant_id is None
    assert user.mobile == "09120000000"  # the account itself stays
    assert job.counted == {"notice": 1, "draft_deleted": 1, "files_deleted": 2}
    scraped = generate_latest(job.metrics.registry).decode()
    for line in ('{what="notice"} 1.0', '{what="draft_deleted"} 1.0', '{what="files_deleted"} 2.0'):
        assert "nezam_retention_total" + line in scraped
    assert (await job.round.run_once(now=day(200))) == type(done)()  # nothing left to do


async def test_any_answer_keeps_a_draft_and_its_time_starts_again(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    store = LocalFileStore(tmp_path, keyring())
    case_id, user_id, _ = await a_draft(sessions, store, user_id=7002, seed=32)
    job = Job(sessions, store)
    assert (await job.round.run_once(now=day(167))).notices == 1
    async with sessions() as session, session.begin():  # day 170: the applicant answers one question
        await cases.save_answer(session, case_id, "personal", "insurance_number", "12345678")
        await session.execute(
            update(CaseAnswer)
            .where(CaseAnswer.case_id == case_id, CaseAnswer.name == "insurance_number")
            .values(updated_at=day(170))
        )
    assert (await job.round.run_once(now=day(182))).drafts == 0
    assert await count(sessions, Case) == 1
    async with sessions() as session:
        assert await counts.by_kind_and_status(session) == {("membership", "draft"): 1}
    assert (await job.round.run_once(now=day(170 + 165))).notices == 0
    assert (await job.round.run_once(now=day(170 + 167))).notices == 1  # a new idle spell, a new notice
    assert (await job.round.run_once(now=day(170 + 180))).drafts == 0
    assert (await job.round.run_once(now=day(170 + 182))).drafts == 1
    assert job.counted["notice"] == 2 and job.counted["draft_deleted"] == 1
    del user_id


async def test_a_move_in_the_dialog_keeps_a_draft_too(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """Editing a degree writes no timestamped row; the position it moves does."""
    store = LocalFileStore(tmp_path, keyring())
    case_id, user_id, _ = await a_draft(sessions, store, user_id=7003, seed=33)
    job = Job(sessions, store)
    assert (await job.round.run_once(now=day(167))).notices == 1
    async with sessions() as session, session.begin():
        await session.execute(update(MessengerUser).where(MessengerUser.id == user_id).values(position_at=day(175)))
    assert (await job.round.run_once(now=day(185))).drafts == 0
    assert await count(sessions, Case, None) == 1
    del case_id


async def test_a_draft_idle_for_long_when_retention_starts_still_gets_14_days(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    store = LocalFileStore(tmp_path, keyring())
    await a_draft(sessions, store, user_id=7004, seed=34)
    job = Job(sessions, store)
    first = await job.round.run_once(now=day(400))
    assert (first.notices, first.drafts) == (1, 0)
    assert (await job.round.run_once(now=day(413))).drafts == 0
    assert (await job.round.run_once(now=day(414.1))).drafts == 1


async def test_a_file_shared_with_another_draft_stays_on_disk(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The store keeps one copy of the same bytes: the other draft's document still needs it."""
    store = LocalFileStore(tmp_path, keyring())
    sent = jpeg_bytes(photo(seed=35))  # one picture sent for two files (the noise differs each time)
    old, _, files = await a_draft(sessions, store, user_id=7005, seed=35, sent=sent)
    _, _, same = await a_draft(sessions, store, user_id=7006, seed=35, at=day(100), sent=sent)
    assert same == files
    job = Job(sessions, store)
    await job.round.run_once(now=day(167))
    done = await job.round.run_once(now=day(182))
    assert (done.drafts, done.files) == (1, 0)
    assert await count(sessions, Case) == 1 and all((tmp_path / key).exists() for key in files)
    del old


async def test_two_replicas_tell_once(sessions: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path, keyring())
    await a_draft(sessions, store, user_id=7007, seed=36)
    first, second = Job(sessions, store), Job(sessions, store)
    results = await asyncio.gather(first.round.run_once(now=day(170)), second.round.run_once(now=day(170)))
    assert sorted(r.notices for r in results) == [0, 1]
    assert len(await notices(sessions)) == 1


async def test_a_rejected_files_documents_go_after_their_period_and_the_file_stays(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    store = LocalFileStore(tmp_path, keyring())
    case_id, _, files = await a_draft(sessions, store, user_id=7008, seed=37)
    async with sessions() as session, session.begin():
        for action in (Action.SUBMIT, Action.TAKE, Action.REJECT):
            actor = Actor.applicant() if action == Action.SUBMIT else Actor(Role.REVIEWER)
            await move(session, case_id, action, actor, note="مدارک ناخوانا")
        await session.execute(update(WorkflowEvent).where(WorkflowEvent.case_id == case_id).values(at=day(10)))
    job = Job(sessions, store)
    assert (await job.round.run_once(now=day(10 + 729))).rejected == 0
    done = await job.round.run_once(now=day(10 + 731))
    assert (done.rejected, done.files, done.drafts, done.notices) == (1, 2, 0, 0)
    assert await count(sessions, Document, case_id) == 0
    assert not any((tmp_path / key).exists() for key in files)
    async with sessions() as session:
        case = await session.get(Case, case_id)
        assert case is not None and case.status == Status.REJECTED and case.documents_deleted_at == day(10 + 731)
        assert await cases.answers(session, case_id)  # the record: answers and history kept
        assert len(await cases.degrees(session, case_id)) == 1
    assert await count(sessions, WorkflowEvent, case_id) == 3
    assert (await job.round.run_once(now=day(10 + 800))).rejected == 0
    assert job.counted == {"rejected_documents_deleted": 1, "files_deleted": 2}


async def test_the_applicant_deletes_their_own_draft(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """On request: no answer row, no document row, and — once the sweeper has run, right after
    the commit — no file on disk."""
    from storage import retention

    store = LocalFileStore(tmp_path, keyring())
    case_id, _, files = await a_draft(sessions, store, user_id=7009, seed=38, at=dt.datetime.now(dt.UTC))
    other_id, _, _ = await a_draft(sessions, store, user_id=7010, seed=39, at=dt.datetime.now(dt.UTC))
    async with sessions() as session, session.begin():
        mine = await session.get(Case, case_id)
        other = await session.get(Case, other_id)
        assert mine is not None and other is not None
        assert await retention.delete_draft(session, case_id, applicant_id=other.applicant_id) is None  # not theirs
        deleted = await retention.delete_draft(session, case_id, applicant_id=mine.applicant_id)
    assert deleted is not None and (deleted.documents, deleted.files, deleted.identity) == (1, 2, True)
    assert await count(sessions, CaseAnswer, case_id) == 0 and await count(sessions, Document, case_id) == 0
    assert all((tmp_path / key).exists() for key in files)  # removed after the commit, not before
    assert await Job(sessions, store).sweeper.run_once() == 2
    assert not any((tmp_path / key).exists() for key in files)
    assert await count(sessions, Case) == 1
    async with sessions() as session:  # the one left, as /stats counts it
        assert await counts.by_kind_and_status(session) == {("membership", "draft"): 1}
