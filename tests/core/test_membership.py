from collections.abc import Mapping

import pytest

from scoring import (
    BuildingField,
    DegreeCodeKind,
    DegreeLevel,
    MembershipApplication,
    MembershipDocument,
    Section,
    first_incomplete_section,
    missing_in_section,
    required_documents,
    section_complete,
    section_open,
)
from tests.factories import with_prefix

TEHRAN_CODE = with_prefix("001")  # IR-23
SHAHREKORD_CODE = with_prefix("461")  # چهارمحال و بختیاری, IR-14
CLASHING_CODE = with_prefix("483")  # IR-15 or IR-02
UNKNOWN_CODE = with_prefix("999")


def personal(**overrides: object) -> dict[str, object]:
    answers: dict[str, object] = {
        "province": "IR-23",
        "office": "1",
        "birth_province": "IR-23",
        "residence_address": "تهران، خیابان آزادی",
        "residence_postal_code": "1314594361",
        "work_address": "تهران، خیابان انقلاب",
        "work_postal_code": "1314594362",
        "legal_domicile": "residence",
        "prior_membership": False,
        "other_license": False,
        "insurance": False,
        "technician_commitment": True,
    }
    answers.update(overrides)
    return answers


def degree(
    level: DegreeLevel = DegreeLevel.BACHELOR_CONTINUOUS, code_kind: str = "inquiry", **extra: object
) -> dict[str, object]:
    return {
        "level": level.value,
        "field": BuildingField.CIVIL.value,
        "specialization": "سازه",
        "university": "دانشگاه شهرکرد",
        "graduation_date": "2012-07-01",
        "code_kind": code_kind,
        "code": "ABC-123",
        **extra,
    }


def kinds(app: MembershipApplication) -> list[str]:
    return [d.slot for d in required_documents(app)]


def test_always_the_three_identity_documents_and_each_degree_certificate() -> None:
    app = MembershipApplication(TEHRAN_CODE, personal(), [degree(), degree(DegreeLevel.MASTER)])
    assert kinds(app) == [
        "national_card",
        "birth_certificate",
        "personal_photo",
        "degree_certificate:0",
        "degree_certificate:1",
    ]


def test_verification_photo_when_a_degree_has_no_inquiry_code() -> None:
    app = MembershipApplication(TEHRAN_CODE, personal(), [degree(code_kind=DegreeCodeKind.VERIFICATION.value, id=17)])
    assert "degree_certificate:17" in kinds(app)
    assert "degree_verification:17" in kinds(app)


def test_associate_degree_needs_the_technicians_certificate() -> None:
    app = MembershipApplication(TEHRAN_CODE, personal(), [degree(DegreeLevel.ASSOCIATE), degree()])
    assert kinds(app).count(MembershipDocument.TECHNICIAN_NON_MEMBERSHIP.value) == 1


@pytest.mark.parametrize(
    ("code", "answers", "needs_proof"),
    [
        # the applicant's own confirmed birth province decides
        (TEHRAN_CODE, {"province": "IR-23", "birth_province": "IR-23"}, False),
        (TEHRAN_CODE, {"province": "IR-14", "birth_province": "IR-23"}, True),
        (TEHRAN_CODE, {"province": "IR-14", "birth_province": "IR-14"}, False),  # confirmed over prefix
        # without it, the national code's candidate provinces
        (SHAHREKORD_CODE, {"province": "IR-14", "birth_province": None}, False),
        (SHAHREKORD_CODE, {"province": "IR-23", "birth_province": None}, True),
        (CLASHING_CODE, {"province": "IR-02", "birth_province": None}, False),
        (CLASHING_CODE, {"province": "IR-15", "birth_province": None}, False),
        (CLASHING_CODE, {"province": "IR-23", "birth_province": None}, True),
        # unknown prefix and no confirmed province: nothing shows the applicant is from there
        (UNKNOWN_CODE, {"province": "IR-23", "birth_province": None}, True),
        (UNKNOWN_CODE, {"province": "IR-23", "birth_province": "IR-23"}, False),
    ],
)
def test_residence_proof(code: str, answers: Mapping[str, object], needs_proof: bool) -> None:
    app = MembershipApplication(code, personal(**answers), [degree()])
    assert ("residence_proof" in kinds(app)) is needs_proof


def test_personal_section_follows_the_yes_answers() -> None:
    app = MembershipApplication(TEHRAN_CODE, personal(insurance=True, legal_domicile="new"))
    assert missing_in_section(Section.PERSONAL, app) == [
        "domicile_address",
        "domicile_postal_code",
        "insurance_type",
        "insurance_number",
    ]
    assert not section_complete(Section.PERSONAL, app)
    app = MembershipApplication(TEHRAN_CODE, personal(technician_commitment=False))
    assert missing_in_section(Section.PERSONAL, app) == ["technician_commitment"]


def test_sections_open_strictly_in_order() -> None:
    empty = MembershipApplication(TEHRAN_CODE)
    assert first_incomplete_section(empty) is Section.PERSONAL
    assert section_open(Section.PERSONAL, empty)
    assert not section_open(Section.EDUCATION, empty)

    no_degree = MembershipApplication(TEHRAN_CODE, personal())
    assert section_open(Section.EDUCATION, no_degree)
    assert missing_in_section(Section.EDUCATION, no_degree) == ["degrees"]
    assert not section_open(Section.FAMILY, no_degree)

    photo_missing = MembershipApplication(TEHRAN_CODE, personal(), [degree()])
    assert missing_in_section(Section.EDUCATION, photo_missing) == ["degree_certificate:0"]

    educated = MembershipApplication(TEHRAN_CODE, personal(), [degree()], received=frozenset({"degree_certificate:0"}))
    assert section_open(Section.FAMILY, educated)  # no family members is fine
    assert section_open(Section.DOCUMENTS, educated)
    assert first_incomplete_section(educated) is Section.DOCUMENTS

    done = MembershipApplication(
        TEHRAN_CODE,
        personal(),
        [degree()],
        received=frozenset({"national_card", "birth_certificate", "personal_photo", "degree_certificate:0"}),
    )
    assert first_incomplete_section(done) is None


def test_family_members_must_be_complete() -> None:
    app = MembershipApplication(TEHRAN_CODE, personal(), family=[{"relation": "spouse", "first_name": "مریم"}])
    assert missing_in_section(Section.FAMILY, app) == [
        "family[0].last_name",
        "family[0].national_code",
        "family[0].birth_date",
    ]


def test_residence_proof_needs_its_kind() -> None:
    received = frozenset(
        {"national_card", "birth_certificate", "personal_photo", "degree_certificate:0", "residence_proof"}
    )
    app = MembershipApplication(TEHRAN_CODE, personal(province="IR-14"), [degree()], received=received)
    assert missing_in_section(Section.DOCUMENTS, app) == ["residence_proof_kind"]
    app = MembershipApplication(
        TEHRAN_CODE,
        personal(province="IR-14"),
        [degree()],
        documents={"residence_proof_kind": "property_deed"},
        received=received,
    )
    assert section_complete(Section.DOCUMENTS, app)


def test_enumerations_have_both_labels() -> None:
    assert [f.label("fa") for f in BuildingField] == [
        "عمران",
        "معماری",
        "تاسیسات مکانیکی",
        "تاسیسات برقی",
        "نقشه‌برداری",
        "شهرسازی",
        "ترافیک",
    ]
    assert len(DegreeLevel) == 5
    assert DegreeLevel.ASSOCIATE.label("fa") == "کاردانی"
    assert DegreeLevel.PHD.label("en") == "PhD"
