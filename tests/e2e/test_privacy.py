"""The applicant's data at rest and over time (issue 28), end to end on the emulator:

- a whole membership application: the staff chat gets the photos and PDFs as before, while every
  file under FILES_DIR is sealed — no image, no PDF, no EXIF — and opens through the store;
- /mydata: a PDF of everything held (rendered to PNG under ``test-artifacts/mydata`` to be looked
  at), a draft deleted on request (no file on disk, no answer row), a submitted file refused with
  why and whom to ask;
- the retention notice arrives in the chat with its buttons; "keep" starts the draft's time again.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdfium2
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.emulator import FakeUser
from conversations.kit.i18n import I18n
from conversations.kit.pdf import render
from storage import cases, documents, people
from storage.encryption import MAGIC
from storage.files import LocalFileStore
from storage.models import Case, CaseAnswer, Degree, Document, FamilyMember, MessengerUser
from storage.workflow import Action, Actor, Role, applicant_history
from tests.e2e import flows
from tests.e2e.conftest import Harness, until
from tests.e2e.staffing import grant, press_in_staff_chat
from tests.factories import keyring, with_prefix
from tests.images import jpeg_bytes, photo
from tests.storage.helpers import BUILDER_LICENSE, move, workflows

PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "mydata"
t = I18n()("fa")


def on_disk(harness: Harness) -> list[Path]:
    return sorted(p for p in (harness.tmp / "files").rglob("*") if p.is_file())


async def rows(harness: Harness, model: type) -> int:
    async with harness.app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_staff_see_the_documents_as_before_and_the_disk_holds_only_sealed_files(harness: Harness) -> None:
    user = harness.user("telegram", 8101)
    await flows.full_application(user)
    await harness.app.notifier.drain()
    reviewer = harness.user("telegram", 8190, "سارا")
    await grant(harness, "telegram", 8190, Role.REVIEWER, "سارا رحیمی")
    await reviewer.send("/start")
    await press_in_staff_chat(harness, reviewer, "telegram", t("btn-staff-documents"))  # on demand, in private
    await until(lambda: any(m.document for m in reviewer.messages()), within=30)
    posted = reviewer.messages()
    assert sum(1 for m in posted if m.photo) >= 1  # the photos, as an album or one by one
    assert any(m.document and harness.emulator.files[m.document].data.startswith(b"%PDF-") for m in posted)

    files = on_disk(harness)
    # degree, the national card's two sides, personal photo (each with a thumbnail), the birth PDF
    assert len(files) == 9
    for path in files:
        data = path.read_bytes()
        assert data.startswith(MAGIC) and b"%PDF" not in data and b"Exif" not in data and b"JFIF" not in data
        try:
            Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            pass
        else:
            raise AssertionError(f"{path} opens as an image")
    store = LocalFileStore(harness.tmp / "files", keyring())
    async with harness.app.sessions() as session:
        case_id = int(await session.scalar(select(Case.id)) or 0)
        kept = await documents.current_documents(session, case_id)
    assert {d.key_id for d in kept} == {keyring().current.name}
    for document in kept:
        data = await store.get(document.file_key)
        if document.content_type == "application/pdf":
            assert PdfReader(io.BytesIO(data)).pages
        else:
            assert Image.open(io.BytesIO(data)).format == "JPEG"


async def a_draft_with_documents(harness: Harness, user_id: int) -> tuple[FakeUser, str]:
    """A new applicant through personal details, a degree (its certificate photo), the family,
    and the first document: a draft with answers, items and files."""
    user = harness.user("telegram", user_id)
    await flows.to_documents(user, with_prefix("461"))
    await flows.expect(user, await user.send_photo(jpeg_bytes(photo(seed=71))), "شناسنامه")
    async with harness.app.sessions() as session:
        code = str(await session.scalar(select(Case.tracking_code)))
    return user, code


def look_at(pdf: bytes, name: str) -> None:
    """Each page to PNG (to be looked at), and a check that it is not blank."""
    PAGES.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    for n in range(len(document)):
        image = document[n].render(scale=1.6).to_pil()
        image.save(PAGES / f"{name}-{n + 1}.png")
        assert image.convert("L").getextrema()[0] < 100  # something is drawn on it


async def test_mydata_gives_a_pdf_of_everything_and_deletes_a_draft_on_request(harness: Harness) -> None:
    user, code = await a_draft_with_documents(harness, 8102)
    assert len(on_disk(harness)) == 4 and await rows(harness, CaseAnswer) > 0

    replies = await user.send("/mydata")
    pdf_message = next(m for m in replies if m.document)
    assert pdf_message.caption == t("mydata-caption")
    pdf = harness.emulator.files[pdf_message.document or ""].data
    look_at(pdf, "draft")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # (digits inside Persian come out of text extraction reversed: the PNGs show them)
    for held in (code, "کریمی", "شهرکرد، خیابان کاشانی", "مریم احمدی", "دانشگاه شهرکرد", "کارت ملی", "ABC-123456"):
        assert held in text, held  # the file, the identity, answers, family, a degree, the documents
    listing = replies[-1]
    assert t("mydata-draft-line", code=code, kind=t("kind-membership")) in listing.body

    await flows.expect(
        user,
        await user.press(t("btn-mydata-delete", code=code)),
        t("mydata-delete-confirm", code=code, kind=t("kind-membership")).split("؟")[0],
    )
    confirm, yes = user.find_button(t("btn-mydata-delete-yes"))
    replies = await user.press(t("btn-mydata-delete-yes"))
    await flows.expect(user, replies, t("mydata-deleted", code=code, documents="۲"), "منوی اصلی")
    for model in (Case, CaseAnswer, Document, Degree, FamilyMember):
        assert await rows(harness, model) == 0, model
    assert harness.app.sweeper is not None
    await harness.app.sweeper.run_once()  # the sweeper's round, a few seconds after the commit
    assert on_disk(harness) == []
    # the same "yes" once more (delivered twice, or forged): nothing left to delete, and it says so
    answered = len(user.bot.callback_answers)
    await user.settle(user.push_callback(confirm, yes["callback_data"]))
    assert [a.get("text") for a in user.bot.callback_answers[answered:]] == [t("stale-button")]


async def test_a_submitted_file_cannot_be_deleted_by_its_applicant(harness: Harness) -> None:
    user = harness.user("telegram", 8103)
    code = await flows.full_application(user)
    replies = await user.send("/mydata")
    assert any(m.document for m in replies)
    look_at(harness.emulator.files[next(m for m in replies if m.document).document or ""].data, "submitted")
    listing = replies[-1]
    assert t("mydata-kept-line", code=code, kind=t("kind-membership"), status=t("status-submitted")) in listing.body
    assert t("mydata-submitted-why", org=harness.settings.org_name_fa) in listing.body
    assert not listing.inline_buttons()


async def test_the_retention_notice_arrives_and_keep_starts_the_time_again(harness: Harness) -> None:
    user, code = await a_draft_with_documents(harness, 8104)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=170)
    async with harness.app.sessions() as session, session.begin():
        for statement in (
            update(Case).values(created_at=long_ago, updated_at=long_ago),
            update(CaseAnswer).values(updated_at=long_ago),
            update(Document).values(uploaded_at=long_ago),
            update(MessengerUser).values(position_at=long_ago),
        ):
            await session.execute(statement)
    assert harness.app.retention is not None
    assert (await harness.app.retention.run_once()).notices == 1
    notice = await user.wait_for(t("btn-mydata-keep") and "⏳")
    assert code in notice.body and [b["text"] for b in notice.inline_buttons()] == [
        t("btn-mydata-keep"),
        t("btn-mydata-delete", code=code),
    ]
    replies = await user.press(t("btn-mydata-keep"))
    await flows.expect(user, replies, t("mydata-draft-kept", code=code).split(":")[0], "شناسنامه")
    assert (await harness.app.retention.run_once()).notices == 0  # touched now: nothing due
    async with harness.app.sessions() as session:
        updated = await session.scalar(select(Case.updated_at))
    assert updated is not None and updated > long_ago + dt.timedelta(days=169)


async def test_the_pdf_is_built_from_any_applications_declaration(session: AsyncSession) -> None:
    """A builder-license file returned with notes and resubmitted (its history as the applicant
    sees it), in both languages: the same code as membership's, nothing particular to a kind."""
    from bot.wiring import build_dialogs
    from conversations.mydata import Held, HeldFile, MyData
    from tests.e2e.test_license_receipt import ORG, a_submitted_license_file

    file = await a_submitted_license_file(session)
    reviewer = Actor(Role.REVIEWER)
    await move(session, file.case.id, Action.TAKE, reviewer)
    await move(session, file.case.id, Action.RETURN, reviewer, section_notes={"license": "تاریخ اعتبار خوانا نیست"})
    events = tuple(await applicant_history(session, workflows()[BUILDER_LICENSE], file.case.id))
    fresh = await cases.case_file(session, file.case.id)
    assert fresh is not None and events
    user = await people.get_user(session, file.case.messenger_user_id)
    assert user is not None
    i18n = I18n()
    mydata = MyData(i18n, build_dialogs(i18n).applications)
    held = Held(user, fresh.applicant, 0, (HeldFile(fresh, (), events),))
    for lang in ("fa", "en"):
        pdf = render(mydata.printout(i18n(lang), ORG, held, dt.date(2025, 3, 1)))
        look_at(pdf, f"license-{lang}")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert fresh.case.tracking_code in text and "reza.karimi@example.com" in text
        assert "تاریخ اعتبار خوانا نیست" in text  # the reviewer's note, as the applicant sees it
