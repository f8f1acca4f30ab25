"""Worksheet 4's grey part (issue 23): the desirability factor and the total factor of each
project multiply its accepted area ("ضرب ضریب مطلوبیت اجرا", "ضرب ضریب کل" of seed 003), within
the range the rules file allows; worked by hand below."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring import (
    InvalidInput,
    LicenseReview,
    ProjectReview,
    check_project_factor,
    parse_license_request,
    parse_rules,
    review_score,
    score_license,
)
from scoring.license import default_rules, rules_text
from scoring.license_review import FinanceReview

D = Decimal


def review(*projects: ProjectReview) -> LicenseReview:
    return LicenseReview(
        "engineering",
        2,  # worksheet 3: 5 points
        projects,
        (FinanceReview("capital_equipment", D(4), D(4)),),  # worksheet 5: 4 × 1 = 4 points
        (8, 8, 7, 6, 5),  # worksheet 6: 34 → 10 points
    )


def test_the_score_with_factors_matches_a_hand_computation() -> None:
    # By hand (seed 003, worksheet 4 and its continuation):
    #   project 1, own prior execution contract, 3000 m² × 0.8 × 0.9 = 2160 m² credited
    #   project 2, site responsibility, 5000 m² accepted of 6000 claimed × 0.5 × 1 = 2500 m²
    #   project 3, board member of a legal builder, refused: not counted
    #   worksheet 4 = 2160 × 1 / 500 + 2500 × 0.4 / 500 = 4.32 + 2 = 6.32 (≥ the floor of 5)
    #   total = 5 + 6.32 + 4 + 10 = 25.32 → grade 3 (at least 20, below 45)
    reviewed = review_score(
        review(
            ProjectReview("1", "own_contract", D(3000), True, desirability_factor=D("0.8"), total_factor=D("0.9")),
            ProjectReview("2", "site_responsibility", D(6000), True, area=D(5000), desirability_factor=D("0.5")),
            ProjectReview("3", "legal_builder_member", D(9000), False, desirability_factor=D(1)),
        )
    )
    assert reviewed is not None
    score = reviewed.score
    assert score.worksheets["4"].points == D("6.32")
    assert score.total == D("25.32")
    assert score.grade == 3
    lines = [e.text("en") for e in score.explanations if e.worksheet == "4"]
    assert "Worksheet 4: project 1: 3,000 m² × desirability factor 0.8 × total factor 0.9 = 2,160 m² credited" in lines
    assert "Worksheet 4: project 2: 5,000 m² × desirability factor 0.5 × total factor 1 = 2,500 m² credited" in lines


def test_factors_not_given_count_as_the_rules_default() -> None:
    # without factors: 3000 / 500 + 5000 × 0.4 / 500 = 6 + 4 = 10
    reviewed = review_score(
        review(
            ProjectReview("1", "own_contract", D(3000), True),
            ProjectReview("2", "site_responsibility", D(5000), True),
        )
    )
    assert reviewed is not None
    assert reviewed.score.worksheets["4"].points == D(10)
    assert not [e for e in reviewed.score.explanations if e.key == "score-ws4-credited"]


def test_factors_can_take_a_project_below_the_floor() -> None:
    # 3000 × 0.5 × 0.5 / 500 = 1.5 < 5: worksheet 4 fails, no grade
    reviewed = review_score(
        review(ProjectReview("1", "own_contract", D(3000), True, desirability_factor=D("0.5"), total_factor=D("0.5")))
    )
    assert reviewed is not None
    assert reviewed.score.below_floor == ["4"]
    assert reviewed.score.grade is None


@pytest.mark.parametrize("key", ["desirability_factor", "total_factor"])
@pytest.mark.parametrize(
    ("value", "allowed"), [("0", True), ("0.75", True), ("1", True), ("1.01", False), ("2", False)]
)
def test_a_factor_outside_the_rules_range_is_refused_with_the_range(key: str, value: str, allowed: bool) -> None:
    if allowed:
        assert check_project_factor(key, D(value)) == D(value)
        return
    with pytest.raises(InvalidInput) as refused:
        check_project_factor(key, D(value))
    assert refused.value.key == "invalid-factor-out-of-range"
    label = default_rules().project_factors[key].label_en
    assert (
        refused.value.message("en") == f"The {label} must be a number from 0 to 1 (the values the scoring rules allow)."
    )


def test_the_request_json_refuses_a_factor_out_of_range() -> None:
    data = {
        "license": {"kind": "engineering", "grade": 2},
        "experience": [{"type": "own_contract", "area_m2": 3000, "total_factor": "1.5"}],
        "finance": dict.fromkeys(default_rules().finance_items, 0),
        "desirability": [0, 0, 0, 0, 0],
    }
    with pytest.raises(InvalidInput) as refused:
        parse_license_request(data)
    assert refused.value.field == "experience[0].total_factor"


def test_a_province_sets_the_allowed_range_in_the_rules_file() -> None:
    text = rules_text().replace(
        '[worksheet4.desirability_factor]\n  label_fa = "ضریب مطلوبیت اجرا"\n  label_en = "Desirability factor"\n'
        "  minimum = 0\n  maximum = 1",
        '[worksheet4.desirability_factor]\n  label_fa = "ضریب مطلوبیت اجرا"\n  label_en = "Desirability factor"\n'
        "  minimum = 0.5\n  maximum = 1.2",
    )
    rules = parse_rules(text)
    assert rules.project_factors["desirability_factor"].maximum == D("1.2")
    assert check_project_factor("desirability_factor", D("1.2"), rules) == D("1.2")
    with pytest.raises(InvalidInput):
        check_project_factor("desirability_factor", D("0.4"), rules)
    request = parse_license_request(
        {
            "license": {"kind": "engineering", "grade": 2},
            "experience": [{"type": "own_contract", "area_m2": 2500, "desirability_factor": "1.2"}],
            "finance": dict.fromkeys(rules.finance_items, 0),
            "desirability": [0, 0, 0, 0, 0],
        },
        rules,
    )
    assert score_license(request, rules).worksheets["4"].points == D(6)  # 2500 × 1.2 / 500
