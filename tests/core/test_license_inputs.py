"""What an applicant types for the builder license: amounts in billion rials, areas, floors,
phones, dates (tier 1: parametrised tables and hypothesis properties)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import (
    InvalidInput,
    LicenseApplication,
    LicenseSection,
    check_license_validity,
    check_project_dates,
    first_incomplete_license_section,
    missing_in_license_section,
    parse_amount,
    parse_area,
    parse_floors,
    validate_phone,
)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def typed(value: Decimal, style: int) -> str:
    """``value`` as people type it: ASCII with a point, Persian digits with ٫, Arabic digits with /,
    grouped thousands, a unit word after it."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    if style == 0:
        return text
    if style == 1:
        return (whole + ("٫" + fraction if fraction else "")).translate(PERSIAN)
    if style == 2:
        return (whole + ("/" + fraction if fraction else "")).translate(ARABIC)
    if style == 3:
        return f"{int(whole):,}" + ("." + fraction if fraction else "")
    return f" {text} میلیارد ریال "


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("0", Decimal(0)),
        ("۰", Decimal(0)),
        ("۲٫۵", Decimal("2.5")),
        ("1/5", Decimal("1.5")),
        ("١٫٢٥", Decimal("1.25")),
        ("12.000", Decimal(12)),
        ("1,200.5", Decimal("1200.5")),
        ("۱٬۲۰۰", Decimal(1200)),
        ("3 میلیارد ریال", Decimal(3)),
        ("0.125", Decimal("0.125")),
    ],
)
def test_amounts_in_billion_rials(text: str, amount: Decimal) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "invalid-number-format"),
        ("دو", "invalid-number-format"),
        ("-1", "invalid-number-negative"),
        ("1.2345", "invalid-number-too-precise"),
        ("1,5", "invalid-number-format"),  # a comma is a thousands separator, never a decimal mark
        ("1.5.2", "invalid-number-format"),
        ("2000000", "invalid-number-too-large"),
    ],
)
def test_amounts_refused_with_the_reason(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text)
    assert caught.value.key == key


@given(
    st.decimals(min_value=0, max_value=999_999, places=3, allow_nan=False, allow_infinity=False),
    st.integers(0, 4),
)
def test_every_way_of_typing_an_amount_reads_the_same(amount: Decimal, style: int) -> None:
    assert parse_amount(typed(amount, style)) == amount


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=9_999_999, places=2, allow_nan=False, allow_infinity=False),
    st.integers(0, 3),
)
def test_every_way_of_typing_an_area_reads_the_same(area: Decimal, style: int) -> None:
    assert parse_area(typed(area, style)) == area


@pytest.mark.parametrize(("text", "key"), [("0", "invalid-area-zero"), ("0.001", "invalid-number-too-precise")])
def test_areas_refused(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_area(text)
    assert caught.value.key == key


@pytest.mark.parametrize(("text", "floors"), [("1", 1), ("۱۲", 12), (" 5 طبقه", 5)])
def test_floors(text: str, floors: int) -> None:
    assert parse_floors(text) == floors


@pytest.mark.parametrize("text", ["0", "-1", "2.5", "سه", "201"])
def test_floors_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid-floors"):
        parse_floors(text)


@pytest.mark.parametrize(("text", "phone"), [("038-3333-4455", "03833334455"), ("+98 913 123 4567", "09131234567")])
def test_an_employer_phone_is_a_landline_or_a_mobile(text: str, phone: str) -> None:
    assert validate_phone(text) == phone


def test_a_phone_that_is_neither() -> None:
    with pytest.raises(InvalidInput, match="invalid-phone"):
        validate_phone("12345")


TODAY = dt.date(2026, 11, 21)


def test_an_expired_license_is_refused_with_its_date() -> None:
    assert check_license_validity(TODAY, today=TODAY) == TODAY
    with pytest.raises(InvalidInput) as caught:
        check_license_validity(TODAY - dt.timedelta(days=1), today=TODAY)
    assert caught.value.key == "invalid-license-expired"
    assert "1405/08/29" in caught.value.message("en")
    assert "۱۴۰۵/۰۸/۲۹" in caught.value.message("fa")  # issue 29: not «1405/08/29» in Persian


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        (dt.date(2020, 1, 1), dt.date(2019, 12, 31), "invalid-project-end-before-start"),
        (dt.date(2020, 1, 1), TODAY + dt.timedelta(days=1), "invalid-date-future"),
        (TODAY + dt.timedelta(days=1), None, "invalid-date-future"),
    ],
)
def test_project_dates_in_order_and_not_in_the_future(start: dt.date, end: dt.date | None, key: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_project_dates(start, end, today=TODAY)
    assert caught.value.key == key


def test_project_dates_may_be_equal_and_one_may_be_missing() -> None:
    assert check_project_dates(TODAY, TODAY, today=TODAY) == (TODAY, TODAY)
    assert check_project_dates(None, TODAY, today=TODAY) == (None, TODAY)


# ---- what each section needs --------------------------------------------------------------------


def complete_application(**changes: object) -> LicenseApplication:
    values: dict[str, object] = {
        "application": {
            "membership_number": "12-3456",
            "field": "civil",
            "degree_level": "master",
            "license_number": "1-2-3",
            "license_valid_until": "2030-01-01",
            "home_address": "x",
            "office_address": "y",
            "postal_code": "8815813344",
            "landline": "03833334455",
            "mobile_phone": "09131234567",
            "known_member": True,
        },
        "declaration": {"full_time_declaration": True, "employment": "self_employed"},
        "license": {"license_kind": "engineering", "license_grade": "2", "execution_competence": True},
        "projects": [
            {
                "id": 7,
                "name": "p",
                "province": "IR-14",
                "city": "c",
                "start_date": "2019-01-01",
                "end_date": "2020-01-01",
                "area_m2": "3000",
                "floors": 4,
                "record_type": "own_contract",
                "employer_name": "e",
                "employer_phone": "03833334455",
            }
        ],
        "finance": {item: Decimal(0) for item in ("capital_equipment", "bank_facilities", "partnership")}
        | {"investment_credit": Decimal(0), "bank_guarantee": Decimal(0), "previous_investments": Decimal(2)},
        "received": {
            "employment_proof": 1,
            "license_card": 2,
            "project_evidence:7": 1,
            "finance_evidence:previous_investments": 1,
            "birth_certificate": 3,
            "national_card": 1,
            "personal_photos": 2,
            "fee_slip": 1,
        },
    }
    values.update(changes)
    return LicenseApplication(**values)  # type: ignore[arg-type]


UNCLAIMED = ("capital_equipment", "bank_facilities", "partnership", "investment_credit", "bank_guarantee")


def test_a_complete_application() -> None:
    app = complete_application()
    assert first_incomplete_license_section(app) is None


@pytest.mark.parametrize(
    ("changes", "section", "missing"),
    [
        ({"license": {"license_kind": "engineering", "license_grade": "2", "execution_competence": False}},
         LicenseSection.ENGINEERING_LICENSE, ["execution_competence"]),
        ({"license": {"license_kind": "technician", "license_grade": "7", "execution_competence": True}},
         LicenseSection.ENGINEERING_LICENSE, ["license_grade"]),
        ({"declaration": {"full_time_declaration": True, "employment": "company_employee"}},
         LicenseSection.DECLARATION, ["employer_company"]),
        ({"projects": []}, LicenseSection.RECORD, ["projects"]),
        ({"finance": {"previous_investments": Decimal(2)}}, LicenseSection.FINANCE,
         [f"finance.{i}" for i in UNCLAIMED]),
    ],
)  # fmt: skip
def test_what_a_section_lacks(changes: dict[str, object], section: LicenseSection, missing: list[str]) -> None:
    assert missing_in_license_section(section, complete_application(**changes)) == missing


def test_documents_the_core_asks_for() -> None:
    base = complete_application()
    received = dict(base.received)
    received["personal_photos"] = 1  # two 3×4 photos
    del received["finance_evidence:previous_investments"]  # an amount claimed needs its document
    app = complete_application(received=received)
    assert missing_in_license_section(LicenseSection.DOCUMENTS, app) == ["personal_photos"]
    assert missing_in_license_section(LicenseSection.FINANCE, app) == ["finance_evidence:previous_investments"]
    # a member from before the bot also sends the membership card
    unknown = complete_application(application={**base.application, "known_member": False})
    assert missing_in_license_section(LicenseSection.DOCUMENTS, unknown) == ["membership_card"]


def test_members_of_two_enumerations_with_the_same_value_keep_their_own_labels() -> None:
    from scoring import LicenseDocument, MembershipDocument, Section

    assert str(Section.DOCUMENTS) == str(LicenseSection.DOCUMENTS)  # both are the string "documents"
    assert Section.DOCUMENTS.label() == "مدارک و مستندات" and LicenseSection.DOCUMENTS.label() == "مدارک"
    assert MembershipDocument.BIRTH_CERTIFICATE.label("en") == "Birth certificate"
    assert LicenseDocument.BIRTH_CERTIFICATE.label("en") == "Birth certificate (every page)"
