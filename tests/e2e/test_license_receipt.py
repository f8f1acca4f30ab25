"""The builder-license receipt, rendered to PNG (pypdfium2) to be looked at: worksheet 1 laid out
like the paper form, worksheets 2, 3 and 5 with the preliminary score, worksheet 4's table on a
landscape page with the organization's grey part. The pages go to ``test-artifacts/receipts``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pypdfium2
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.applications.builder_license.receipt import receipt
from conversations.kit.context import Fee, Organization
from conversations.kit.i18n import I18n
from conversations.kit.pdf import render
from storage import cases, people
from storage.cases import Answer
from storage.workflow import Action, Actor
from tests.storage.helpers import BUILDER_LICENSE, move, new_case

COMPANY = "شرکت ساختمانی نمونه"
PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "receipts"
ORG = Organization(
    name_fa="سازمان نظام مهندسی ساختمان استان چهارمحال و بختیاری (نمونه)", fees={"builder_license": Fee(90_000, "")}
)


async def a_submitted_license_file(session: AsyncSession) -> cases.CaseFile:
    case = await new_case(session, BUILDER_LICENSE)
    await people.update_identity(
        session,
        case.applicant_id,
        first_name="رضا",
        last_name="کریمی",
        father_name="محمد",
        birth_certificate_number="12345",
        birth_date=dt.date(1985, 3, 21),
    )
    application: dict[str, Answer] = {
        "membership_number": "14-1403-00042",
        "field": "civil",
        "degree_level": "master",
        "license_number": "1-23-45678",
        "license_valid_until": "2030-08-22",
        "home_address": "شهرکرد، خیابان فردوسی، کوچه ۱۲، پلاک ۸",
        "office_address": "شهرکرد، بلوار مهندسان، ساختمان نظام مهندسی، طبقه ۳",
        "postal_code": "8815813344",
        "landline": "03833334455",
        "mobile_phone": "09131234567",
        "email": "reza.karimi@example.com",
        "known_member": True,
    }
    declaration: dict[str, Answer] = {
        "full_time_declaration": True,
        "employment": "company_employee",
        "employer_company": COMPANY,
    }
    license_: dict[str, Answer] = {"license_kind": "engineering", "license_grade": "2", "execution_competence": True}
    for section, answers in (("application", application), ("declaration", declaration), ("license", license_)):
        for name, value in answers.items():
            await cases.save_answer(session, case.id, section, name, value)
    projects = (
        ("مجتمع مسکونی ۲۴ واحدی نمونه در خیابان کاشانی", "IR-14", "شهرکرد", "3000", 6, "own_contract"),
        ("ساختمان اداری", "IR-10", "اصفهان", "1200.5", 4, "site_responsibility"),
        ("ویلای دو طبقه", "IR-14", "بروجن", "450", 2, "legal_builder_member"),
    )
    for name, province, city, area, floors, record_type in projects:
        await cases.add_license_project(
            session,
            case.id,
            name=name,
            province=province,
            city=city,
            start_date="2018-04-04",
            end_date="2020-12-21",
            area_m2=area,
            floors=floors,
            record_type=record_type,
            employer_name="علی محمدی",
            employer_phone="09131234567",
        )
    amounts = {"capital_equipment": "2.5", "investment_credit": "1.5"}
    for item in ("capital_equipment", "bank_facilities", "partnership", "investment_credit", "bank_guarantee"):
        await cases.set_finance_item(session, case.id, item, Decimal(amounts.get(item, "0")))
    await cases.set_finance_item(session, case.id, "previous_investments", Decimal(0))
    await move(session, case.id, Action.SUBMIT, Actor.applicant(), expected_version=case.version)
    file = await cases.case_file(session, case.id)
    assert file is not None
    return file


async def test_the_receipt_renders_like_the_paper_worksheets(session: AsyncSession) -> None:
    file = await a_submitted_license_file(session)
    PAGES.mkdir(parents=True, exist_ok=True)
    for lang in ("fa", "en"):
        t = I18n()(lang)
        data = render(receipt(file, t, ORG))
        assert data.startswith(b"%PDF-")
        pdf = pypdfium2.PdfDocument(data)
        assert len(pdf) == 3
        widths = [pdf[n].get_size() for n in range(3)]
        assert widths[0][0] < widths[0][1] and widths[2][0] > widths[2][1]  # portrait, …, landscape worksheet 4
        text = pdf[0].get_textpage().get_text_range()
        assert file.case.tracking_code in text and "reza.karimi@example.com" in text
        assert "5616/100/02" in pdf[0].get_textpage().get_text_range() if lang == "en" else True
        for n in range(3):
            pdf[n].render(scale=1.6).to_pil().save(PAGES / f"license-receipt-{lang}-{n + 1}.png")
        pdf.close()
