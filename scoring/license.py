"""Builder-license scoring (spec/builder-license.md): worksheets 3–6 → total → grade.

Every table, factor, floor, maximum and threshold comes from ``license_rules.toml``; this module
holds only the arithmetic, in exact decimals. Points are reported rounded to two decimals
(half up); floors and grade thresholds compare the exact values.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from scoring.errors import InvalidInput
from scoring.messages import digits, render
from scoring.normalize import format_decimal

WORKSHEETS = ("3", "4", "5", "6")
_CENT = Decimal("0.01")
_SHOWN_STEPS = (_CENT, *map(Decimal, ("0.001", "0.0001", "0.00001", "0.000001")))  # shown_points
_ZERO = Decimal(0)


def round_points(value: Decimal) -> Decimal:
    """Points as reported: two decimals, half up."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def shown_points(value: Decimal, thresholds: Iterable[Decimal] = ()) -> Decimal:
    """Points as reported beside the thresholds they were compared with (a floor, the grades'
    minimums): two decimals, or as many more as it takes (up to six) for the figure to fall on
    the same side of each threshold as the exact value — 19.996 below a minimum of 20 reads
    19.996, not 20 — and beyond that cut, not rounded, at six."""
    limits = list(thresholds)
    for step in _SHOWN_STEPS:
        shown = value.quantize(step, rounding=ROUND_HALF_UP)
        if all((shown < limit) == (value < limit) for limit in limits):
            return shown
    return value.quantize(_SHOWN_STEPS[-1], rounding=ROUND_DOWN)


# ---- the rules file --------------------------------------------------------------------------


@dataclass(frozen=True)
class Labelled:
    key: str
    label_fa: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_fa


@dataclass(frozen=True)
class Factor(Labelled):
    factor: Decimal


@dataclass(frozen=True)
class Limits:
    floor: Decimal
    floor_mode: str  # "eligibility" | "minimum"
    maximum: Decimal


@dataclass(frozen=True)
class FactorRange(Labelled):
    """A factor the organization gives each project of worksheet 4 (its grey part): the values
    the rules allow, and what a factor not given counts as."""

    minimum: Decimal
    maximum: Decimal
    default: Decimal


PROJECT_FACTORS = ("desirability_factor", "total_factor")


@dataclass(frozen=True)
class Band:
    start: int
    points: Decimal


@dataclass(frozen=True)
class Rules:
    license_points: Mapping[str, Mapping[int, Decimal]]
    license_kinds: Mapping[str, Labelled]
    record_types: Mapping[str, Factor]
    area_unit_m2: Decimal
    finance_items: Mapping[str, Factor]
    desirability_criteria: Sequence[Labelled]
    max_mark: int
    bands: Sequence[Band]
    grades: Sequence[tuple[int, Decimal]]  # (grade, minimum total), highest minimum first
    limits: Mapping[str, Limits]
    titles: Mapping[str, Labelled]
    sources: Mapping[str, str]
    project_factors: Mapping[str, FactorRange] = field(default_factory=dict)  # PROJECT_FACTORS


def _limits(table: Mapping[str, Any]) -> Limits:
    mode = str(table["floor_mode"])
    if mode not in ("eligibility", "minimum"):
        raise ValueError(f"floor_mode must be 'eligibility' or 'minimum', not {mode!r}")
    return Limits(Decimal(table["floor"]), mode, Decimal(table["maximum"]))


def _factor_range(key: str, table: Mapping[str, Any]) -> FactorRange:
    found = FactorRange(
        key,
        str(table["label_fa"]),
        str(table["label_en"]),
        Decimal(table["minimum"]),
        Decimal(table["maximum"]),
        Decimal(table["default"]),
    )
    if not found.minimum <= found.default <= found.maximum:
        raise ValueError(f"worksheet4.{key}: the default must lie between the minimum and the maximum")
    return found


def parse_rules(text: str) -> Rules:
    """Read a rules file (TOML, numbers as exact decimals)."""
    data = tomllib.loads(text, parse_float=Decimal)
    ws3, ws4, ws5, ws6, ws7 = (data[f"worksheet{n}"] for n in range(3, 8))
    kinds = ws3["kinds"]
    return Rules(
        license_points={k: {int(g): Decimal(p) for g, p in v["points"].items()} for k, v in kinds.items()},
        license_kinds={k: Labelled(k, v["label_fa"], v["label_en"]) for k, v in kinds.items()},
        record_types={
            k: Factor(k, v["label_fa"], v["label_en"], Decimal(v["factor"])) for k, v in ws4["record_types"].items()
        },
        area_unit_m2=Decimal(ws4["area_unit_m2"]),
        finance_items={
            k: Factor(k, v["label_fa"], v["label_en"], Decimal(v["factor"])) for k, v in ws5["items"].items()
        },
        desirability_criteria=[
            Labelled(str(i + 1), c["label_fa"], c["label_en"]) for i, c in enumerate(ws6["criteria"])
        ],
        max_mark=int(ws6["max_mark"]),
        bands=sorted((Band(int(b["from"]), Decimal(b["points"])) for b in ws6["bands"]), key=lambda b: b.start),
        grades=sorted(
            ((int(g["grade"]), Decimal(g["min_total"])) for g in ws7["grades"]), key=lambda g: g[1], reverse=True
        ),
        limits={"4": _limits(ws4), "5": _limits(ws5), "6": _limits(ws6)},
        titles={
            str(n): Labelled(str(n), data[f"worksheet{n}"]["title_fa"], data[f"worksheet{n}"]["title_en"])
            for n in range(3, 8)
        },
        sources={str(n): str(data[f"worksheet{n}"]["source"]) for n in range(3, 8)},
        project_factors={key: _factor_range(key, ws4[key]) for key in PROJECT_FACTORS},
    )


def rules_text() -> str:
    return (resources.files("scoring") / "license_rules.toml").read_text("utf-8")


@cache
def default_rules() -> Rules:
    """The rules shipped with the package (``scoring/license_rules.toml``)."""
    return parse_rules(rules_text())


def read_rules(text: str) -> Rules:
    """A rules file as an operator gives it (issue 25: a province's own): its rules, or a
    ``ValueError`` saying in one phrase what is wrong (not TOML, a table or key missing, a number
    that is not one, a factor's default outside its range)."""
    try:
        return parse_rules(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not TOML ({exc})") from None
    except KeyError as exc:
        raise ValueError(
            f"the key {exc.args[0]!r} is missing (the shipped license_rules.toml shows every key)"
        ) from None
    except (InvalidOperation, TypeError, AttributeError):
        raise ValueError("a number is expected where the shipped license_rules.toml has one") from None
    except ValueError as exc:
        raise ValueError(str(exc)) from None


def _labels(found: Iterable[Labelled]) -> list[tuple[str, str, str]]:
    return [(x.key, x.label_fa, x.label_en) for x in found]


def question_differences(rules: Rules, shipped: Rules | None = None) -> list[str]:
    """What a province's rules change of the application's questions, which are one for the nation
    (issue 25): the license kinds and their grades, the record types, the finance items, the
    desirability criteria and their highest mark, the grey part's factors and their ranges, the
    grades of worksheet 7 and the worksheets' titles, with their labels. A province's file changes
    how answers score — points, factors, the area unit, floors, maxima, bands, grade minimums — not
    what applicants and reviewers are asked; empty when it keeps every question."""
    shipped = shipped or default_rules()
    problems: list[str] = []
    if _labels(rules.license_kinds.values()) != _labels(shipped.license_kinds.values()):
        problems.append("worksheet3.kinds: the license kinds (keys and labels) must be the shipped file's")
    elif any(set(rules.license_points[k]) != set(shipped.license_points[k]) for k in shipped.license_points):
        problems.append(
            "worksheet3.kinds.*.points: each kind's grades must be the shipped file's (the points may differ)"
        )
    if _labels(rules.record_types.values()) != _labels(shipped.record_types.values()):
        problems.append("worksheet4.record_types: the record types (keys and labels) must be the shipped file's")
    if rules.project_factors != shipped.project_factors:
        problems.append(
            "worksheet4.desirability_factor/total_factor: the grey part's factors must be the shipped file's"
        )
    if _labels(rules.finance_items.values()) != _labels(shipped.finance_items.values()):
        problems.append("worksheet5.items: the finance items (keys and labels) must be the shipped file's")
    if _labels(rules.desirability_criteria) != _labels(shipped.desirability_criteria):
        problems.append("worksheet6.criteria: the criteria (their number and labels) must be the shipped file's")
    if rules.max_mark != shipped.max_mark:
        problems.append("worksheet6.max_mark: the highest mark of a criterion must be the shipped file's")
    if sorted(g for g, _ in rules.grades) != sorted(g for g, _ in shipped.grades):
        problems.append("worksheet7.grades: the grades must be the shipped file's (their minimum totals may differ)")
    if _labels(rules.titles.values()) != _labels(shipped.titles.values()):
        problems.append("worksheet*.title_fa/title_en: the worksheets' titles must be the shipped file's")
    return problems


# ---- the request -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExperienceRecord:
    type: str
    area_m2: Decimal
    # the grey part's factors (worksheet 4): the credited area is area × both (rules' defaults: 1)
    desirability_factor: Decimal = Decimal(1)
    total_factor: Decimal = Decimal(1)

    @property
    def credited_m2(self) -> Decimal:
        return self.area_m2 * self.desirability_factor * self.total_factor


@dataclass(frozen=True)
class LicenseRequest:
    license_kind: str
    license_grade: int
    experience: Sequence[ExperienceRecord]
    finance: Mapping[str, Decimal]  # billion rials per item
    desirability: Sequence[int]  # one mark per criterion


def _require(data: Mapping[str, Any], key: str, path: str) -> Any:
    if not isinstance(data, Mapping):
        raise InvalidInput("input-not-object", data, field=path.rsplit(".", 1)[0] or path)
    if key not in data:
        raise InvalidInput("input-missing", None, field=path)
    return data[key]


def _number(value: Any, path: str, *, minimum: Decimal = _ZERO, maximum: Decimal | None = None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InvalidInput("input-not-number", value, field=path)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput("input-not-number", value, field=path) from None
    if not number.is_finite():
        raise InvalidInput("input-not-number", value, field=path)
    if maximum is None and number < minimum:
        raise InvalidInput("input-below-minimum", value, field=path, params={"min": minimum})
    if maximum is not None and not minimum <= number <= maximum:
        raise InvalidInput(
            "input-out-of-range",
            value,
            field=path,
            params={"min": minimum, "max": maximum},
        )
    return number


def _choice(value: Any, options: Sequence[str], path: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise InvalidInput("input-unknown-choice", value, field=path, params={"options": ", ".join(options)})
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput("input-not-list", value, field=path)
    return value


def parse_license_request(data: Any, rules: Rules | None = None) -> LicenseRequest:
    """Check and convert a request (the JSON of ``nezam-bot score``); InvalidInput names the field."""
    rules = rules or default_rules()
    if not isinstance(data, Mapping):
        raise InvalidInput("input-not-object", data, field="request")
    lic = _require(data, "license", "license")
    kind = _choice(_require(lic, "kind", "license.kind"), list(rules.license_points), "license.kind")
    grades = sorted(rules.license_points[kind])
    grade_value = _require(lic, "grade", "license.grade")
    if isinstance(grade_value, bool) or not isinstance(grade_value, int) or grade_value not in grades:
        raise InvalidInput(
            "input-unknown-choice", grade_value, field="license.grade", params={"options": ", ".join(map(str, grades))}
        )

    experience = []
    for i, row in enumerate(_list(_require(data, "experience", "experience"), "experience")):
        path = f"experience[{i}]"
        record_type = _choice(_require(row, "type", f"{path}.type"), list(rules.record_types), f"{path}.type")
        area = _number(_require(row, "area_m2", f"{path}.area_m2"), f"{path}.area_m2")
        factors = {
            key: _number(row[key], f"{path}.{key}", minimum=found.minimum, maximum=found.maximum)
            if row.get(key) is not None
            else found.default
            for key, found in rules.project_factors.items()
        }
        experience.append(ExperienceRecord(record_type, area, **factors))

    finance_data = _require(data, "finance", "finance")
    finance = {
        item: _number(_require(finance_data, item, f"finance.{item}"), f"finance.{item}")
        for item in rules.finance_items
    }
    if isinstance(finance_data, Mapping):
        for extra in finance_data:
            if extra not in rules.finance_items:
                raise InvalidInput(
                    "input-unknown-choice",
                    extra,
                    field=f"finance.{extra}",
                    params={"options": ", ".join(rules.finance_items)},
                )

    marks_data = _list(_require(data, "desirability", "desirability"), "desirability")
    if len(marks_data) != len(rules.desirability_criteria):
        raise InvalidInput(
            "input-wrong-count", marks_data, field="desirability", params={"count": len(rules.desirability_criteria)}
        )
    marks = []
    for i, mark in enumerate(marks_data):
        path = f"desirability[{i}]"
        if isinstance(mark, bool) or not isinstance(mark, int):
            raise InvalidInput("input-not-integer", mark, field=path)
        marks.append(int(_number(mark, path, maximum=Decimal(rules.max_mark))))
    return LicenseRequest(kind, grade_value, experience, finance, marks)


# ---- the score -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """One line a staff member can read: a message key of core.ftl and its variables."""

    worksheet: str
    key: str
    args: Mapping[str, str] = field(default_factory=dict)

    def text(self, lang: str = "fa") -> str:
        """The line in ``lang``: its numbers given to the message as numbers, so that they print in
        the reader's digits (۷٫۲ in Persian) and choose the plural ("= 1 point")."""
        return render(self.key, lang, {name: _as_number(value, lang) for name, value in self.args.items()})


_WHOLE = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.\d+")


def _as_number(value: str, lang: str) -> str | int | Decimal:
    """An argument printed by ``_fmt`` (or ``str(n)``) as the number it is; any other text with
    the language's digits (a sum of marks «8 + 7 + 9»)."""
    if _WHOLE.fullmatch(value):
        return int(value)
    if _DECIMAL.fullmatch(value):
        return Decimal(value)
    return digits(value, lang)


@dataclass(frozen=True)
class WorksheetScore:
    worksheet: str
    points: Decimal  # exact, after the maximum (and the floor in "minimum" mode)
    below_floor: bool = False


@dataclass(frozen=True)
class LicenseScore:
    worksheets: Mapping[str, WorksheetScore]
    total: Decimal  # exact
    grade: int | None
    below_floor: Sequence[str]
    explanations: Sequence[Explanation]

    @property
    def eligible(self) -> bool:
        return not self.below_floor

    def to_json(self, lang: str = "fa") -> dict[str, Any]:
        """The CLI's output contract; numbers rounded to two decimals, as JSON numbers."""

        def num(value: Decimal) -> int | float:
            rounded = round_points(value)
            return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)

        return {
            "worksheets": {ws: num(s.points) for ws, s in self.worksheets.items()},
            "total": num(self.total),
            "grade": self.grade,
            "eligible": self.eligible,
            "below_floor": list(self.below_floor),
            "explanations": [e.text(lang) for e in self.explanations],
        }


_fmt = format_decimal


def _apply_limits(worksheet: str, raw: Decimal, limits: Limits, explanations: list[Explanation]) -> WorksheetScore:
    points = raw
    if points > limits.maximum:
        explanations.append(
            Explanation(
                worksheet, "score-capped", {"worksheet": worksheet, "raw": _fmt(raw), "maximum": _fmt(limits.maximum)}
            )
        )
        points = limits.maximum
    if points < limits.floor:
        if limits.floor_mode == "minimum":
            explanations.append(
                Explanation(
                    worksheet,
                    "score-raised-to-floor",
                    {"worksheet": worksheet, "raw": _fmt(raw), "floor": _fmt(limits.floor)},
                )
            )
            return WorksheetScore(worksheet, limits.floor)
        explanations.append(
            Explanation(
                worksheet,
                "score-below-floor",
                {
                    "worksheet": worksheet,
                    "points": _fmt(shown_points(points, [limits.floor])),
                    "floor": _fmt(limits.floor),
                },
            )
        )
        return WorksheetScore(worksheet, points, below_floor=True)
    return WorksheetScore(worksheet, points)


def worksheet3_points(request: LicenseRequest, rules: Rules, explanations: list[Explanation]) -> WorksheetScore:
    points = rules.license_points[request.license_kind][request.license_grade]
    kind = rules.license_kinds[request.license_kind]
    explanations.append(
        Explanation(
            "3",
            "score-ws3",
            {
                "kind_fa": kind.label_fa,
                "kind_en": kind.label_en,
                "grade": str(request.license_grade),
                "points": _fmt(points),
            },
        )
    )
    return WorksheetScore("3", points)


def worksheet4_points(request: LicenseRequest, rules: Rules, explanations: list[Explanation]) -> WorksheetScore:
    """Σ credited area × factor / area unit, per record type (spec worksheet 4); a project's
    credited area is its area × its desirability factor × its total factor (the grey part)."""
    raw = _ZERO
    for n, record in enumerate(request.experience, start=1):
        if record.desirability_factor == 1 and record.total_factor == 1:
            continue
        explanations.append(
            Explanation(
                "4",
                "score-ws4-credited",
                {
                    "n": str(n),
                    "area": _fmt(record.area_m2),
                    "desirability": _fmt(record.desirability_factor),
                    "total": _fmt(record.total_factor),
                    "credited": _fmt(record.credited_m2),
                },
            )
        )
    for key, record_type in rules.record_types.items():
        area = sum((r.credited_m2 for r in request.experience if r.type == key), _ZERO)
        if not area:
            continue
        points = area * record_type.factor / rules.area_unit_m2
        raw += points
        explanations.append(
            Explanation(
                "4",
                "score-ws4-row",
                {
                    "type_fa": record_type.label_fa,
                    "type_en": record_type.label_en,
                    "area": _fmt(area),
                    "factor": _fmt(record_type.factor),
                    "unit": _fmt(rules.area_unit_m2),
                    "points": _fmt(round_points(points)),
                },
            )
        )
    return _apply_limits("4", raw, rules.limits["4"], explanations)


def worksheet5_points(request: LicenseRequest, rules: Rules, explanations: list[Explanation]) -> WorksheetScore:
    """Σ amount (billion rials) × factor (spec worksheet 5)."""
    raw = _ZERO
    for key, item in rules.finance_items.items():
        amount = request.finance.get(key, _ZERO)
        if not amount:
            continue
        points = amount * item.factor
        raw += points
        explanations.append(
            Explanation(
                "5",
                "score-ws5-row",
                {
                    "item_fa": item.label_fa,
                    "item_en": item.label_en,
                    "amount": _fmt(amount),
                    "factor": _fmt(item.factor),
                    "points": _fmt(round_points(points)),
                },
            )
        )
    return _apply_limits("5", raw, rules.limits["5"], explanations)


def desirability_band_points(marks_sum: int, rules: Rules) -> Decimal:
    """Points of the highest band whose start the sum of marks reaches; 0 below the lowest."""
    points = _ZERO
    for band in rules.bands:
        if marks_sum >= band.start:
            points = band.points
    return points


def worksheet6_points(request: LicenseRequest, rules: Rules, explanations: list[Explanation]) -> WorksheetScore:
    marks_sum = sum(request.desirability)
    raw = desirability_band_points(marks_sum, rules)
    explanations.append(
        Explanation(
            "6",
            "score-ws6",
            {"marks": " + ".join(map(str, request.desirability)), "sum": str(marks_sum), "points": _fmt(raw)},
        )
    )
    return _apply_limits("6", raw, rules.limits["6"], explanations)


def grade_for_total(total: Decimal, rules: Rules) -> int | None:
    """The best grade whose minimum the exact total reaches (worksheet 7)."""
    for grade, minimum in rules.grades:
        if total >= minimum:
            return grade
    return None


def score_license(request: LicenseRequest, rules: Rules | None = None) -> LicenseScore:
    rules = rules or default_rules()
    explanations: list[Explanation] = []
    sheets = [
        worksheet3_points(request, rules, explanations),
        worksheet4_points(request, rules, explanations),
        worksheet5_points(request, rules, explanations),
        worksheet6_points(request, rules, explanations),
    ]
    total = sum((s.points for s in sheets), _ZERO)
    below = [s.worksheet for s in sheets if s.below_floor]
    grade = None if below else grade_for_total(total, rules)
    shown = _fmt(shown_points(total, (m for _, m in rules.grades)))
    if below:
        explanations.append(Explanation("7", "score-not-eligible", {"worksheets": ", ".join(below), "total": shown}))
    elif grade is None:
        lowest = min(m for _, m in rules.grades)
        explanations.append(Explanation("7", "score-no-grade", {"total": shown, "minimum": _fmt(lowest)}))
    else:
        explanations.append(Explanation("7", "score-grade", {"total": shown, "grade": str(grade)}))
    return LicenseScore({s.worksheet: s for s in sheets}, total, grade, below, explanations)


# ---- the consistency report of the rules file ------------------------------------------------


@dataclass(frozen=True)
class RulesReport:
    maxima: Mapping[str, Decimal]  # the most points each worksheet can give
    max_total: Decimal
    reachable_grades: Sequence[int]
    unreachable_grades: Sequence[tuple[int, Decimal]]  # (grade, its minimum total)
    findings: Sequence[Explanation]


def check_rules(rules: Rules | None = None) -> RulesReport:
    """What the tables can actually produce: maxima, reachable grades, dead bands."""
    rules = rules or default_rules()
    findings: list[Explanation] = []
    ws3_max = max(p for table in rules.license_points.values() for p in table.values())
    max_marks = rules.max_mark * len(rules.desirability_criteria)
    ws6_band_max = desirability_band_points(max_marks, rules)
    for band in rules.bands:
        if band.start > max_marks:
            findings.append(
                Explanation(
                    "6",
                    "rules-band-unreachable",
                    {"start": str(band.start), "points": _fmt(band.points), "max_marks": str(max_marks)},
                )
            )
    maxima = {
        "3": ws3_max,
        "4": rules.limits["4"].maximum,  # areas are unbounded: the cap is reachable
        "5": rules.limits["5"].maximum,  # amounts are unbounded: the cap is reachable
        "6": min(ws6_band_max, rules.limits["6"].maximum),
    }
    if maxima["6"] < rules.limits["6"].maximum:
        findings.append(
            Explanation(
                "6",
                "rules-maximum-unreachable",
                {"worksheet": "6", "maximum": _fmt(rules.limits["6"].maximum), "reachable": _fmt(maxima["6"])},
            )
        )
    for ws in ("4", "5", "6"):
        if rules.limits[ws].floor > maxima[ws]:
            findings.append(
                Explanation(ws, "rules-floor-unreachable", {"worksheet": ws, "floor": _fmt(rules.limits[ws].floor)})
            )
    max_total = sum(maxima.values(), _ZERO)
    reachable = sorted(g for g, m in rules.grades if m <= max_total)
    unreachable = sorted((g, m) for g, m in rules.grades if m > max_total)
    for grade, minimum in unreachable:
        findings.append(
            Explanation(
                "7",
                "rules-grade-unreachable",
                {"grade": str(grade), "minimum": _fmt(minimum), "max_total": _fmt(max_total)},
            )
        )
    return RulesReport(maxima, max_total, reachable, unreachable, findings)
