"""The preliminary score the applicant sees is the core's score of the figures they typed: many
generated requests go through the declaration's own parsers and stores into a real database,
the screen is rendered from the file read back, and every number on it is compared with
``nezam-bot score`` run on the same figures (as its JSON). And a province changing the rules file
changes the questions, the explanations and the preliminary score with no code change."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scoring.license
from conversations.applications.builder_license import declaration
from conversations.applications.builder_license.core import application_view
from conversations.applications.builder_license.score import preliminary_text
from conversations.applications.builder_license.texts import finance_label, points_text, total_text
from conversations.kit.context import Ctx, Organization
from conversations.kit.fields import Env, Field, label_of
from conversations.kit.forms import Ref
from conversations.kit.i18n import I18n
from scoring import LicenseApplication, default_rules, preliminary_score
from storage import cases
from tests.core.test_license_inputs import typed
from tests.storage.helpers import BUILDER_LICENSE, cli_number, new_case, score_cli, sqlite_copy

I18N = I18n()
RULES = default_rules()
GENERATED = 150
USERS = itertools.count(1)


@dataclass(frozen=True)
class Figures:
    kind: str
    grade: int
    projects: list[tuple[str, Decimal, int]]  # record type, area, typing style
    finance: dict[str, tuple[Decimal, int]]  # item → amount, typing style


@st.composite
def figures(draw: st.DrawFn) -> Figures:
    kind = draw(st.sampled_from(sorted(RULES.license_points)))
    grade = draw(st.sampled_from(sorted(RULES.license_points[kind])))
    areas = st.decimals(min_value=Decimal("0.01"), max_value=12_000, places=2, allow_nan=False, allow_infinity=False)
    projects = draw(
        st.lists(st.tuples(st.sampled_from(sorted(RULES.record_types)), areas, st.integers(0, 3)), max_size=4)
    )
    amounts = st.one_of(
        st.just(Decimal(0)), st.decimals(min_value=0, max_value=30, places=3, allow_nan=False, allow_infinity=False)
    )
    finance = {item: draw(st.tuples(amounts, st.integers(0, 4))) for item in RULES.finance_items}
    return Figures(kind, grade, projects, finance)


def field(form_fields: Any, name: str) -> Field:
    fields: list[Field] = list(form_fields({}, None) if callable(form_fields) else form_fields)
    return next(f for f in fields if f.name == name)


async def store(session: Any, figures: Figures) -> int:
    """What the dialog stores when the applicant types ``figures``: each value through its field's
    parser and its form's store."""
    ctx = cast(Ctx, SimpleNamespace(session=session))
    case = await new_case(session, BUILDER_LICENSE, user_id=next(USERS))
    license_form = declaration.LICENSE_FORM
    ref = Ref("license", case.id)
    await license_form.store.save(ctx, ref, field(license_form.fields, "license_kind"), figures.kind)
    await license_form.store.save(ctx, ref, field(license_form.fields, "license_grade"), str(figures.grade))
    item_form = declaration.PROJECTS.item
    area_field, type_field = field(item_form.fields, "area_m2"), field(item_form.fields, "record_type")
    assert area_field.parse is not None
    for record_type, area, style in figures.projects:
        row = Ref("license", case.id, await cases.add_license_project(session, case.id))
        await item_form.store.save(ctx, row, area_field, area_field.parse(typed(area, style), Env({}, {})))
        await item_form.store.save(ctx, row, type_field, record_type)
    for item, (amount, style) in figures.finance.items():
        amount_field = field(declaration.FINANCE.fields, item)
        assert amount_field.parse is not None
        parsed = amount_field.parse(typed(amount, style), Env({}, {}))
        await declaration.FINANCE.store.save(ctx, ref, amount_field, parsed)
    return case.id


def cli(figures: Figures, marks: list[int]) -> dict[str, Any]:
    """``nezam-bot score`` on the same figures, written as its JSON from the figures themselves."""
    request = {
        "license": {"kind": figures.kind, "grade": figures.grade},
        "experience": [{"type": t, "area_m2": float(a)} for t, a, _ in figures.projects],
        "finance": {item: str(amount) for item, (amount, _) in figures.finance.items()},
        "desirability": marks,
    }
    return score_cli(request)


def spread(total: int, criteria: int) -> list[int]:
    """Marks summing to ``total``, spread evenly (another way than the dialog's)."""
    base, extra = divmod(total, criteria)
    return [base + (1 if n < extra else 0) for n in range(criteria)]


def test_a_total_just_below_a_grades_minimum_is_not_shown_as_reaching_it() -> None:
    """Rounded to two decimals 19.99998 would read 20, grade 3's minimum, which it misses."""
    fa, en = I18N("fa"), I18N("en")
    assert total_text(Decimal("19.99998"), en, RULES) == "19.99998"
    assert total_text(Decimal("19.99998"), fa, RULES) == "۱۹٫۹۹۹۹۸"
    assert total_text(Decimal("44.996"), en, RULES) == "44.996"  # grade 2's 45
    assert total_text(Decimal("14.015"), en, RULES) == points_text(Decimal("14.015"), en) == "14.02"


def test_the_preliminary_score_equals_the_cli_on_generated_requests(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    engine, sessions = sqlite_copy(sqlite_template, tmp_path_factory, "score")
    t = I18N("fa")
    seen = {"examples": 0, "bands": 0}

    async def check(generated: Figures) -> None:
        async with sessions() as session, session.begin():
            case_id = await store(session, generated)
            file = await cases.case_file(session, case_id)
        assert file is not None
        preliminary = preliminary_score(application_view(file))
        assert preliminary is not None
        screen = preliminary_text(t, file, Organization())
        for band in preliminary.bands:
            result = cli(generated, spread(band.marks, len(RULES.desirability_criteria)))
            for ws in ("3", "4", "5"):
                assert cli_number(preliminary.worksheets[ws].points) == result["worksheets"][ws]
            assert cli_number(band.points) == result["worksheets"]["6"]
            assert cli_number(band.score.total) == result["total"]
            assert band.score.grade == result["grade"]
            assert band.score.eligible == result["eligible"]
            assert total_text(band.score.total, t, RULES) in screen  # the screen shows that total
            seen["bands"] += 1
        for ws in result["below_floor"]:
            assert f"کاربرگ {t.digits(ws)} کمتر از حداقل" in screen
        seen["examples"] += 1

    @settings(max_examples=GENERATED, deadline=None, suppress_health_check=list(HealthCheck))
    @given(figures())
    def run(generated: Figures) -> None:
        asyncio.run(check(generated))

    try:
        run()
    finally:
        asyncio.run(engine.dispose())
    assert seen["examples"] >= GENERATED and seen["bands"] >= 3 * GENERATED


def test_a_province_changing_the_rules_file_changes_questions_explanations_and_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Edit the rules file's text (a factor and a label), nothing else: the dialog and the score follow."""
    original = scoring.license.rules_text()
    edited = original.replace('label_fa = "سرمایه و تجهیزات"', 'label_fa = "سرمایه، ماشین‌آلات و تجهیزات"')
    edited = edited.replace("  factor = 1.5\n", "  factor = 3\n")  # previous investments: 1.5 → 3
    assert edited.count("factor = 3\n") == 1
    t = I18N("fa")
    app = LicenseApplication(
        license={"license_kind": "engineering", "license_grade": "3"},
        projects=[{"id": 1, "record_type": "own_contract", "area_m2": "2500"}],
        finance={item: Decimal(0) for item in RULES.finance_items} | {"previous_investments": Decimal(2)},
    )
    before = preliminary_score(app)
    assert before is not None and before.worksheets["5"].points == 3
    capital = field(declaration.FINANCE.fields, "capital_equipment")
    assert label_of(capital, t) == "سرمایه و تجهیزات"

    monkeypatch.setattr(scoring.license, "rules_text", lambda: edited)
    default_rules.cache_clear()
    try:
        after = preliminary_score(app)
        assert after is not None and after.worksheets["5"].points == 6
        assert any("× 3 = 6" in e.text("en") for e in after.explanations)
        capital = field(declaration.FINANCE.fields, "capital_equipment")
        assert label_of(capital, t) == "سرمایه، ماشین‌آلات و تجهیزات"
        assert finance_label("capital_equipment", "fa") == "سرمایه، ماشین‌آلات و تجهیزات"
    finally:
        monkeypatch.undo()
        default_rules.cache_clear()
