"""The builder license's letters and the dossier for the ministry, rendered to PNG (pypdfium2) to be
looked at: the disciplinary council inquiry, finance's settlement certificate, the execution-works
inquiry and the dossier (worksheet 1 approved, worksheet 7, the documents), in Persian and in
English. The pages go to ``test-artifacts/letters``.

Looked at: the membership number reads as on its card inside Persian sentences (its dashes had
reversed its parts); a project's Persian name in the English dossier has a cell of its own (fpdf2
laid it out of order inside an English line); no header wraps inside a word."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pypdfium2
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.applications.builder_license.core import review_view
from conversations.applications.builder_license.declaration import APPLICATION as LICENSE
from conversations.applications.builder_license.letters import dossier, letter_printout
from conversations.kit.i18n import I18n
from conversations.kit.pdf import render
from scoring import LicenseDocument, review_score
from scoring.license import round_points
from storage import builder_license, cases, documents
from storage.builder_license import Inquiry, LicenseAction, Reply
from storage.files import LocalFileStore, store_document
from storage.workflow import Action, Actor, Role
from tests.e2e.test_license_receipt import ORG, a_submitted_license_file
from tests.factories import keyring
from tests.images import jpeg_bytes, minimal_pdf, photo
from tests.storage.helpers import move

PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "letters"
REVIEWER = Actor(Role.REVIEWER)


async def an_approved_file(session: AsyncSession, store: LocalFileStore) -> cases.CaseFile:
    """The receipt's file with its documents (the birth certificate in two pages, a project's
    evidence as a PDF), reviewed (two projects accepted, one refused), its inquiries clear,
    introduced and sent to the ministry."""
    file = await a_submitted_license_file(session)
    case_id = file.case.id
    for seed, slot in ((1, "birth_certificate"), (2, "birth_certificate"), (3, "license_card")):
        stored = await store_document(store, jpeg_bytes(photo(seed=seed)))
        await documents.add_document(session, case_id, slot, slot, stored, several=True)
    evidence = f"project_evidence:{file.projects[0].id}"
    stored = await store_document(store, minimal_pdf())
    await documents.add_document(session, case_id, "project_evidence", evidence, stored)
    await move(session, case_id, Action.TAKE, REVIEWER)
    version = 1
    first, second, third = file.projects
    for project, grey in (
        (first, {"accepted": True, "accepted_area_m2": Decimal(2800), "own_start_date": dt.date(2018, 5, 22)}),
        (second, {"accepted": True, "accepted_record_type": "legal_builder_member"}),
        (third, {"accepted": False}),
    ):
        version = await builder_license.judge_project(
            session, case_id, project.id, REVIEWER, expected_version=version, note="", **grey
        )
    for item, amount in (("capital_equipment", Decimal(2)), ("investment_credit", Decimal("1.5"))):
        version = await builder_license.accept_amount(
            session, case_id, item, amount, REVIEWER, expected_version=version, note=""
        )
    for criterion, mark in enumerate((8, 7, 7, 6, 9)):
        version = await builder_license.set_mark(
            session, case_id, criterion, mark, REVIEWER, criteria=5, expected_version=version, note=""
        )
    reviewed = review_score(review_view(await cases.case_file(session, case_id)))  # type: ignore[arg-type]
    assert reviewed is not None and reviewed.complete
    score = reviewed.score
    await move(session, case_id, LicenseAction.ADVANCE, REVIEWER)
    await builder_license.keep_score(
        session, case_id, {ws: s.points for ws, s in score.worksheets.items()}, score.total, score.grade
    )
    for kind in Inquiry:
        await builder_license.issue_letter(
            session, case_id, kind, REVIEWER, year=1404, settled_year=1404, note=lambda n: n
        )
        await builder_license.record_reply(session, case_id, kind, Reply.CLEAR, REVIEWER, note="")
    await move(session, case_id, LicenseAction.ADVANCE, Actor.system())
    await move(session, case_id, LicenseAction.ADVANCE, REVIEWER)
    await move(session, case_id, LicenseAction.SEND_TO_MINISTRY, Actor(Role.TECHNICAL_MANAGER))
    approved = await cases.case_file(session, case_id)
    assert approved is not None
    return approved


def shown(text: str, page: str) -> bool:
    """Whether every word of ``text`` is in a page's extracted text (which gives the shaped
    Persian back without its zero-width non-joiners, brackets mirrored and «لا» split)."""
    words = (w.strip("()").replace("\u200c", "") for w in text.split())
    return all(w in page.replace("\u200c", "") for w in words if "لا" not in w)


def pages(data: bytes, name: str) -> list[str]:
    """Each page saved as a PNG; the text of each page."""
    assert data.startswith(b"%PDF-")
    pdf = pypdfium2.PdfDocument(data)
    texts = []
    for n in range(len(pdf)):
        pdf[n].render(scale=1.6).to_pil().save(PAGES / f"{name}-{n + 1}.png")
        texts.append(pdf[n].get_textpage().get_text_range())
    pdf.close()
    return texts


async def test_the_letters_and_the_dossier_render(session: AsyncSession, tmp_path: Path) -> None:
    file = await an_approved_file(session, LocalFileStore(tmp_path, keyring()))
    PAGES.mkdir(parents=True, exist_ok=True)
    now = dt.datetime(2025, 12, 6, 8, 0, tzinfo=dt.UTC)  # 1404/09/15 in Iran
    for lang in ("fa", "en"):
        t = I18n()(lang)
        for letter in file.letters:
            text = "\n".join(pages(render(letter_printout(t, file, letter, ORG)), f"letter-{letter.kind}-{lang}"))
            assert t.digits(letter.number or "") in text
            assert t.digits("14-1403-00042") in text  # the membership number, as on the card
        dossier_pages = pages(render(dossier(t, file, ORG, now, now)), f"dossier-{lang}")
        assert file.case.tracking_code in dossier_pages[0]  # worksheet 1 with both approvals
        worksheet7 = "\n".join(dossier_pages[1:])
        for label in (
            LICENSE.document_label(LicenseDocument.BIRTH_CERTIFICATE, lang),
            LICENSE.document_label(LicenseDocument.ENGINEERING_LICENSE_CARD, lang),
            LICENSE.document_label(LicenseDocument.PROJECT_EVIDENCE, lang),
            t("letter-kind-disciplinary"),
        ):
            assert shown(label, worksheet7), label
        assert t.digits("25.06") in worksheet7.replace("٫", ".")  # worksheet 7's total
    kept = file.assessment.kept if file.assessment is not None else None
    # 5 (engineering, grade 2) + (2800×1 + 1200.5×0.4)/500 + (2 + 1.5) + 10 (marks 37), kept as reported
    assert kept is not None and kept.total == round_points(Decimal(5) + Decimal("6.5604") + Decimal("3.5") + 10)
    assert kept.grade == 3
