"""Builder-license scoring against the seed tables (spec/builder-license.md).

The expected numbers here are typed from the seed, not read from the rules file, so a wrong
edit of ``license_rules.toml`` fails these tests.
"""

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cli import main
from scoring import check_rules, parse_license_request, score_license
from scoring.license import default_rules, parse_rules, rules_text, shown_points

EXAMPLE = Path(__file__).parents[2] / "examples" / "license-request.json"
ZERO_FINANCE = dict.fromkeys(
    [
        "capital_equipment",
        "bank_facilities",
        "partnership",
        "investment_credit",
        "bank_guarantee",
        "previous_investments",
    ],
    0,
)


def request(
    kind: str = "engineering",
    grade: int = 3,
    experience: list[dict[str, Any]] | None = None,
    finance: dict[str, Any] | None = None,
    desirability: list[int] | None = None,
) -> dict[str, Any]:
    return {
        "license": {"kind": kind, "grade": grade},
        "experience": experience if experience is not None else [{"type": "own_contract", "area_m2": 2500}],
        "finance": {**ZERO_FINANCE, **(finance if finance is not None else {"capital_equipment": 1})},
        "desirability": desirability if desirability is not None else [4, 4, 4, 4, 4],
    }


def score(data: dict[str, Any]) -> Any:
    return score_license(parse_license_request(data))


# ---- worksheet 3: every row of the seed table ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "grade", "points"),
    [
        ("engineering", 3, 3),
        ("engineering", 2, 5),
        ("engineering", 1, 8),
        ("technician", 3, 2),
        ("technician", 2, 3),
        ("technician", 1, 5),
        ("experiential", 3, 2),
        ("experiential", 2, 3),
        ("experiential", 1, 4),
    ],
)
def test_worksheet3_license_points(kind: str, grade: int, points: int) -> None:
    assert score(request(kind, grade)).worksheets["3"].points == points


# ---- worksheet 4: each record type's factor, floor 5, maximum 20 -----------------------------


@pytest.mark.parametrize(
    ("record_type", "area", "points"),
    [
        ("own_contract", 2500, Decimal(5)),  # 2500 × 1/500
        ("legal_builder_member", 12500, Decimal(10)),  # 12500 × 0.4/500
        ("site_responsibility", 12500, Decimal(10)),  # 12500 × 0.4/500
    ],
)
def test_worksheet4_factor_per_record_type(record_type: str, area: int, points: Decimal) -> None:
    assert score(request(experience=[{"type": record_type, "area_m2": area}])).worksheets["4"].points == points


def test_worksheet4_sums_area_per_type_across_projects() -> None:
    result = score(
        request(
            experience=[
                {"type": "own_contract", "area_m2": 1000},
                {"type": "own_contract", "area_m2": 2000},
                {"type": "legal_builder_member", "area_m2": 1000},
                {"type": "site_responsibility", "area_m2": 500},
            ]
        )
    )
    assert result.worksheets["4"].points == Decimal("7.2")


@pytest.mark.parametrize(
    ("area", "points", "below_floor"),
    [
        (Decimal("2499.99"), Decimal("4.99998"), True),  # just under the floor of 5
        (Decimal(2500), Decimal(5), False),  # exactly the floor
        (Decimal(10000), Decimal(20), False),  # exactly the maximum
        (Decimal("10000.01"), Decimal(20), False),  # above the maximum: capped
        (Decimal(1_000_000), Decimal(20), False),
        (Decimal(0), Decimal(0), True),
    ],
)
def test_worksheet4_floor_and_maximum(area: Decimal, points: Decimal, below_floor: bool) -> None:
    result = score(request(experience=[{"type": "own_contract", "area_m2": str(area)}]))
    assert result.worksheets["4"].points == points
    assert result.worksheets["4"].below_floor is below_floor
    assert ("4" in result.below_floor) is below_floor


# ---- worksheet 5: each financial item's factor, floor 1, maximum 20 --------------------------


@pytest.mark.parametrize(
    ("item", "factor"),
    [
        ("capital_equipment", Decimal(1)),
        ("bank_facilities", Decimal("0.5")),
        ("partnership", Decimal("0.5")),
        ("investment_credit", Decimal(1)),
        ("bank_guarantee", Decimal("0.5")),
        ("previous_investments", Decimal("1.5")),
    ],
)
def test_worksheet5_factor_per_item(item: str, factor: Decimal) -> None:
    assert score(request(finance={item: 4})).worksheets["5"].points == 4 * factor


@pytest.mark.parametrize(
    ("amount", "points", "below_floor"),
    [
        (Decimal("0.99"), Decimal("0.99"), True),
        (Decimal(1), Decimal(1), False),
        (Decimal(20), Decimal(20), False),
        (Decimal("20.5"), Decimal(20), False),
    ],
)
def test_worksheet5_floor_and_maximum(amount: Decimal, points: Decimal, below_floor: bool) -> None:
    result = score(request(finance={"capital_equipment": str(amount)}))
    assert result.worksheets["5"].points == points
    assert result.worksheets["5"].below_floor is below_floor


# ---- worksheet 6: every band of the seed table and its edges ---------------------------------


@pytest.mark.parametrize(
    ("marks", "points", "below_floor"),
    [
        ([4, 4, 4, 4, 3], 0, True),  # 19: under the first band
        ([4, 4, 4, 4, 4], 5, False),  # 20
        ([6, 6, 6, 6, 6], 5, False),  # 30
        ([7, 6, 6, 6, 6], 10, False),  # 31
        ([8, 8, 8, 8, 8], 10, False),  # 40
        ([9, 8, 8, 8, 8], 15, False),  # 41
        ([10, 10, 10, 10, 10], 15, False),  # 50: the real maximum
        ([0, 0, 0, 0, 0], 0, True),
    ],
)
def test_worksheet6_bands(marks: list[int], points: int, below_floor: bool) -> None:
    result = score(request(desirability=marks))
    assert result.worksheets["6"].points == points
    assert result.worksheets["6"].below_floor is below_floor


# ---- worksheet 7: grade thresholds on the exact total ----------------------------------------


def test_the_example_of_the_issue() -> None:
    result = score(json.loads(EXAMPLE.read_text()))
    out = result.to_json("en")
    assert out["worksheets"] == {"3": 5, "4": 7.2, "5": 9, "6": 10}
    assert out["total"] == 31.2
    assert out["grade"] == 3
    assert out["eligible"] is True
    assert out["below_floor"] == []
    assert out["explanations"][-1] == "Total 31.2 → grade 3"


@pytest.mark.parametrize(
    ("area", "grade"),
    [
        # ws3 = 3 (engineering grade 3), ws5 = 1, ws6 = 5 → total = 9 + ws4
        (Decimal("5499.99"), None),  # ws4 10.99998 → 19.99998: below 20 even though it rounds to 20.00
        (Decimal(5500), 3),  # ws4 11 → 20
    ],
)
def test_grade3_threshold_compares_the_exact_total(area: Decimal, grade: int | None) -> None:
    result = score(request(experience=[{"type": "own_contract", "area_m2": str(area)}]))
    assert result.eligible
    assert result.grade == grade


def test_a_total_just_below_a_grade_is_never_shown_as_reaching_it() -> None:
    """19.99998 rounds to 20.00, the minimum of grade 3 it misses: its explanation shows as many
    decimals as it takes; a total away from every threshold keeps two."""
    below = score(request(experience=[{"type": "own_contract", "area_m2": "5499.99"}]))
    assert below.grade is None
    assert below.explanations[-1].text("en") == "Total 19.99998 is below the 20 points needed for grade 3."
    assert "۱۹٫۹۹۹۹۸" in below.explanations[-1].text("fa")  # issue 29: Persian digits in Persian
    reached = score(request(experience=[{"type": "own_contract", "area_m2": 5500}]))
    assert reached.explanations[-1].text("en") == "Total 20 → grade 3"
    plain = score(request(experience=[{"type": "own_contract", "area_m2": "2507.5"}]))  # 14.015
    assert plain.explanations[-1].text("en") == "Total 14.02 is below the 20 points needed for grade 3."


@pytest.mark.parametrize(
    ("value", "thresholds", "shown"),
    [
        (Decimal("19.996"), [Decimal(20)], Decimal("19.996")),
        (Decimal("19.9999999"), [Decimal(20)], Decimal("19.999999")),  # cut at six, not rounded up
        (Decimal("20.004"), [Decimal(20)], Decimal("20.00")),  # above stays above
        (Decimal("4.996"), [Decimal(5)], Decimal("4.996")),
        (Decimal("12.345"), [Decimal(20), Decimal(45)], Decimal("12.35")),  # nowhere near: half up
        (Decimal("44.9951"), [Decimal(20), Decimal(45)], Decimal("44.995")),
    ],
)
def test_shown_points_keep_the_side_of_each_threshold(
    value: Decimal, thresholds: list[Decimal], shown: Decimal
) -> None:
    assert shown_points(value, thresholds) == shown
    assert str(shown_points(value, thresholds)) == str(shown)


@pytest.mark.parametrize(
    ("total_needed", "grade"),
    [(Decimal("44.99"), 3), (Decimal(45), 2)],
)
def test_grade2_edges(total_needed: Decimal, grade: int) -> None:
    # ws3 8 + ws6 15 = 23; ws4 20 → 43; ws5 makes up the rest
    data = request("engineering", 1, [{"type": "own_contract", "area_m2": 10000}], desirability=[10] * 5)
    data["finance"] = {**ZERO_FINANCE, "capital_equipment": str(total_needed - 43)}
    result = score(data)
    assert result.total == total_needed
    assert result.grade == grade


def test_a_worksheet_below_its_floor_means_no_grade_even_with_a_high_total() -> None:
    data = request("engineering", 1, [{"type": "own_contract", "area_m2": 10000}], desirability=[3, 3, 3, 3, 3])
    data["finance"] = {**ZERO_FINANCE, "capital_equipment": 20}
    result = score(data)
    assert result.total == 48  # would be grade 2
    assert result.below_floor == ["6"]
    assert result.grade is None
    assert not result.eligible
    assert result.to_json("en")["grade"] is None


def test_grade1_is_unreachable_with_the_seed_tables() -> None:
    data = request("engineering", 1, [{"type": "own_contract", "area_m2": 10**7}], desirability=[10] * 5)
    data["finance"] = {**ZERO_FINANCE, "previous_investments": 10**6}
    result = score(data)
    assert result.total == 63
    assert result.grade == 2


def test_points_are_reported_rounded_half_up() -> None:
    # 1001 × 0.4 / 500 = 0.8008; 2507.5 × 1/500 = 5.015 → 5.02 (half up)
    result = score(request(experience=[{"type": "own_contract", "area_m2": "2507.5"}]))
    assert result.worksheets["4"].points == Decimal("5.015")
    assert result.to_json("en")["worksheets"]["4"] == 5.02


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["own_contract", "legal_builder_member", "site_responsibility"]), st.integers(0, 30000)
        ),
        max_size=6,
    ),
    st.lists(st.integers(0, 10), min_size=5, max_size=5),
    st.integers(0, 40),
)
def test_points_stay_within_their_maxima(rows: list[tuple[str, int]], marks: list[int], capital: int) -> None:
    result = score(
        request("technician", 2, [{"type": t, "area_m2": a} for t, a in rows], {"capital_equipment": capital}, marks)
    )
    assert 0 <= result.worksheets["4"].points <= 20
    assert 0 <= result.worksheets["5"].points <= 20
    assert 0 <= result.worksheets["6"].points <= 15
    assert result.total == sum(s.points for s in result.worksheets.values())
    assert result.grade in (None, 2, 3)


# ---- the rules file --------------------------------------------------------------------------


def test_rules_check_reports_the_inconsistencies_of_the_source() -> None:
    report = check_rules()
    assert report.maxima == {"3": 8, "4": 20, "5": 20, "6": 15}
    assert report.max_total == 63
    assert report.reachable_grades == [2, 3]
    assert report.unreachable_grades == [(1, Decimal(70))]
    keys = [f.key for f in report.findings]
    assert keys == ["rules-band-unreachable", "rules-maximum-unreachable", "rules-grade-unreachable"]


def test_the_rules_file_can_say_the_floor_is_a_minimum_award() -> None:
    text = rules_text().replace(
        'floor = 5\nfloor_mode = "eligibility"\nmaximum = 20\nmax_mark',
        'floor = 5\nfloor_mode = "minimum"\nmaximum = 20\nmax_mark',
    )
    rules = parse_rules(text)
    result = score_license(parse_license_request(request(desirability=[0] * 5), rules), rules)
    assert result.worksheets["6"].points == 5
    assert result.eligible


def test_every_worksheet_table_has_a_source_note() -> None:
    rules = default_rules()
    assert set(rules.sources) == {"3", "4", "5", "6", "7"}
    assert all("seed 003" in note for note in rules.sources.values())


def test_no_scoring_number_is_written_in_the_code() -> None:
    """Tables live in the rules file: the code's only numbers are worksheet numbers and 0/1."""
    import ast

    tree = ast.parse((Path(__file__).parents[2] / "scoring" / "license.py").read_text())
    numbers = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool)
    }
    assert numbers <= {0, 1, 3, 8}  # range(3, 8): worksheets 3–7


# ---- the CLI contract ------------------------------------------------------------------------


def run_cli(argv: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    import sys

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = main(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_cli_scores_a_file() -> None:
    code, out, _ = run_cli(["score", str(EXAMPLE), "--lang", "en"])
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 31.2
    assert data["grade"] == 3
    assert isinstance(data["worksheets"]["4"], float)


def test_cli_in_english_says_one_point() -> None:
    """Issue 29: «= 1 point», not «= 1 points»; other numbers keep the plural."""
    code, out, _ = run_cli(["score", str(EXAMPLE), "--lang", "en"])
    lines = json.loads(out)["explanations"]
    assert code == 0
    assert any(line.endswith("= 1 point") for line in lines), lines
    assert not any(line.endswith(" 1 points") for line in lines), lines
    assert any(line.endswith("= 6 points") for line in lines), lines


def test_cli_in_persian_prints_persian_digits() -> None:
    code, out, _ = run_cli(["score", str(EXAMPLE), "--lang", "fa"])
    assert code == 0
    assert not any(ch.isascii() and ch.isdigit() for line in json.loads(out)["explanations"] for ch in line)


def test_cli_reads_stdin_and_explains_in_persian_by_default() -> None:
    code, out, _ = run_cli(["score", "-"], EXAMPLE.read_text())
    assert code == 0
    assert "پایه ۳" in json.loads(out)["explanations"][-1]  # issue 29: the CLI in Persian digits


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["license"].update(kind="master_builder"), "license.kind"),
        (lambda d: d["experience"][0].update(area_m2=-1), "experience[0].area_m2"),
        (lambda d: d["desirability"].__setitem__(2, 11), "desirability[2]"),
        (lambda d: d["finance"].pop("partnership"), "finance.partnership"),
        (lambda d: d.pop("desirability"), "desirability"),
        (lambda d: d["license"].update(grade=4), "license.grade"),
        (lambda d: d["desirability"].pop(), "desirability"),
        (lambda d: d["experience"][0].update(area_m2="many"), "experience[0].area_m2"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line_naming_the_field(mutate: Any, field: str) -> None:
    data = json.loads(EXAMPLE.read_text())
    mutate(data)
    code, out, err = run_cli(["score", "-", "--lang", "en"], json.dumps(data))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {field}:")
    assert "Traceback" not in err


def test_cli_not_json() -> None:
    code, _, err = run_cli(["score", "-"], "{not json")
    assert code == 2
    assert err.startswith("error:")


def test_cli_rules_check() -> None:
    code, out, _ = run_cli(["rules", "check", "--lang", "en"])
    assert code == 0
    assert "Worksheet 6 (Desirability): at most 15 points" in out
    assert "Maximum total: 63" in out
    assert "Grade 1 (at least 70 points) is unreachable" in out


SANDBOX_PROVINCES = Path(__file__).parents[2] / "bot" / "sandbox" / "provinces.toml"
# engineering grade 2 (5), own contracts of 7,500 m², 10 billion rials of capital (10), every
# criterion 10 (sum 50 → 15): shipped 5 + 7500/500 × 1 + 10 + 15 = 45 → grade 2 (from 45); the
# sandbox's IR-23 5 + 7500/500 × 1.2 + 10 + 15 = 48 → grade 3 (its grade 2 from 50)
TWO_PROVINCES = {
    "license": {"kind": "engineering", "grade": 2},
    "experience": [{"type": "own_contract", "area_m2": 7500}],
    "finance": dict.fromkeys(
        ("capital_equipment", "bank_facilities", "partnership", "investment_credit", "bank_guarantee"), 0
    )
    | {"capital_equipment": 10, "previous_investments": 0},
    "desirability": [10, 10, 10, 10, 10],
}


@pytest.mark.parametrize(
    ("argv", "ws4", "total", "grade"),
    [([], 15, 45, 2), (["--province", "IR-14"], 15, 45, 2), (["--province", "تهران"], 18, 48, 3)],
)
def test_cli_scores_by_a_province_s_rules(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], ws4: int, total: int, grade: int
) -> None:
    monkeypatch.setenv("PROVINCES_FILE", str(SANDBOX_PROVINCES))
    code, out, err = run_cli(["score", "-", "--lang", "en", *argv], json.dumps(TWO_PROVINCES))
    assert code == 0, err
    result = json.loads(out)
    assert (result["worksheets"]["4"], result["total"], result["grade"]) == (ws4, total, grade)


def test_cli_rules_check_of_a_province_or_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PROVINCES_FILE", str(SANDBOX_PROVINCES))
    code, out, _ = run_cli(["rules", "check", "--lang", "en", "--province", "IR-23"])
    assert code == 0 and "Reachable grades: 1, 2, 3" in out and "unreachable: the total" not in out
    code, _, err = run_cli(["rules", "check", "--province", "IR-07"])
    assert code == 2 and err == f"error: --province: IR-07 has no table in PROVINCES_FILE ({SANDBOX_PROVINCES})\n"
    other = tmp_path / "rules.toml"
    other.write_text(rules_text().replace('title_en = "Desirability"', 'title_en = "Quality"'), "utf-8")
    code, _, err = run_cli(["rules", "check", "--rules-file", str(other)])
    assert code == 2 and err.startswith(f"error: --rules-file: {other}: worksheet*.title_fa/title_en")
