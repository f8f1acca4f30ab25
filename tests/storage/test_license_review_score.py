"""The score card the documents reviewer reads is the core's score of the figures they accepted:
generated accepted figures (each project accepted, refused or not judged yet, at an accepted area
up to the claimed one and a record type maybe corrected; each finance item verified at an amount
up to the claim, or not yet; each mark given or not) go through the review's own storage
functions into SQLite, the panel is rendered from the file read back, and its numbers are
compared with ``nezam-bot score`` run on those accepted figures, written as its JSON from the
generated figures themselves."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from bot import sandbox
from conversations.applications.builder_license.assessment import panel
from conversations.applications.builder_license.core import review_view
from conversations.applications.builder_license.texts import points_text
from conversations.kit.context import Organization
from conversations.kit.i18n import I18n
from scoring import default_rules, review_score
from scoring.license import read_rules
from storage import builder_license, cases
from storage.builder_license import LicenseStatus
from storage.models import Case
from storage.workflow import Actor, Role
from tests.storage.helpers import BUILDER_LICENSE, cli_number, new_case, score_cli, sqlite_copy

I18N = I18n()
RULES = default_rules()
GENERATED = 100
USERS = itertools.count(1)
REVIEWER = Actor(Role.REVIEWER)


@dataclass(frozen=True)
class Project:
    claimed_type: str
    claimed_area: Decimal
    accepted: bool | None
    area: Decimal | None  # None: as claimed
    record_type: str | None  # None: as claimed


@dataclass(frozen=True)
class Figures:
    kind: str
    grade: int
    projects: list[Project]
    finance: dict[str, tuple[Decimal, Decimal | None]]  # claimed, accepted
    marks: list[int | None]


@st.composite
def figures(draw: st.DrawFn) -> Figures:
    # half the files are fully judged, generously enough to reach a grade now and then
    complete = draw(st.booleans())
    kind = draw(st.sampled_from(sorted(RULES.license_points)))
    grade = draw(st.sampled_from(sorted(RULES.license_points[kind])))
    types = st.sampled_from(sorted(RULES.record_types))
    projects = []
    for _ in range(draw(st.integers(0, 4))):
        claimed = draw(st.decimals(min_value=Decimal(2500 if complete else 1), max_value=9000, places=2))
        least = claimed / 2 if complete else Decimal("0.01")
        area = draw(st.one_of(st.none(), st.decimals(min_value=least, max_value=claimed, places=2)))
        projects.append(
            Project(
                draw(types),
                claimed,
                draw(st.sampled_from([None, True, False])),
                area,
                draw(st.one_of(st.none(), types)),
            )
        )
    finance: dict[str, tuple[Decimal, Decimal | None]] = {}
    for item in RULES.finance_items:
        claimed = draw(
            st.one_of(st.just(Decimal(0)), st.decimals(min_value=1 if complete else 0, max_value=25, places=3))
        )
        amounts = st.decimals(min_value=0, max_value=claimed, places=3)
        accepted = draw(amounts if complete else st.one_of(st.none(), amounts))
        finance[item] = (claimed, accepted)
    marks = draw(st.lists(st.one_of(st.none(), st.integers(0, RULES.max_mark)), min_size=5, max_size=5))
    return Figures(kind, grade, projects, finance, marks)


# engineering grade 2 (5) + 3000 m² own contract accepted at 2500 (5) + 3 billion rials (3)
# + marks 34 (10) = 23 → grade 3
GRADED = Figures(
    "engineering",
    2,
    [Project("own_contract", Decimal(3000), True, Decimal(2500), None)],
    {
        item: (Decimal(3), Decimal(3)) if item == "capital_equipment" else (Decimal(0), None)
        for item in RULES.finance_items
    },
    [8, 8, 7, 6, 5],
)


async def store(session: Any, figures: Figures) -> int:
    """The applicant's claim, then the reviewer's judgement through the review's storage functions."""
    case = await new_case(session, BUILDER_LICENSE, user_id=next(USERS))
    await cases.save_answer(session, case.id, "license", "license_kind", figures.kind)
    await cases.save_answer(session, case.id, "license", "license_grade", str(figures.grade))
    await session.execute(update(Case).where(Case.id == case.id).values(status=LicenseStatus.DOCUMENTS_REVIEW.value))
    version = 1
    for project in figures.projects:
        pid = await cases.add_license_project(
            session, case.id, record_type=project.claimed_type, area_m2=project.claimed_area
        )
        grey: dict[str, Any] = {"accepted": project.accepted}
        if project.area is not None:
            grey["accepted_area_m2"] = project.area
        if project.record_type is not None:
            grey["accepted_record_type"] = project.record_type
        version = await builder_license.judge_project(
            session, case.id, pid, REVIEWER, expected_version=version, note="", **grey
        )
    for item, (claimed, accepted) in figures.finance.items():
        await cases.set_finance_item(session, case.id, item, claimed)
        if accepted is not None:
            version = await builder_license.accept_amount(
                session, case.id, item, accepted, REVIEWER, expected_version=version, note=""
            )
    for criterion, mark in enumerate(figures.marks):
        if mark is not None:
            version = await builder_license.set_mark(
                session, case.id, criterion, mark, REVIEWER, criteria=5, expected_version=version, note=""
            )
    return case.id


def cli(figures: Figures) -> dict[str, Any]:
    """``nezam-bot score`` on the accepted figures, as written from the generated ones."""
    request = {
        "license": {"kind": figures.kind, "grade": figures.grade},
        "experience": [
            {
                "type": p.record_type or p.claimed_type,
                "area_m2": str(p.area if p.area is not None else p.claimed_area),
            }
            for p in figures.projects
            if p.accepted
        ],
        "finance": {item: str(accepted or 0) for item, (_, accepted) in figures.finance.items()},
        "desirability": [m or 0 for m in figures.marks],
    }
    return score_cli(request)


def test_the_card_shows_the_core_score_of_the_accepted_figures(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    engine, sessions = sqlite_copy(sqlite_template, tmp_path_factory, "review")
    t = I18N("fa")
    seen = {"examples": 0, "graded": 0, "pending": 0}

    async def check(generated: Figures) -> None:
        async with sessions() as session, session.begin():
            case_id = await store(session, generated)
            file = await cases.case_file(session, case_id)
        assert file is not None
        reviewed = review_score(review_view(file))
        assert reviewed is not None
        card = panel(t, file, Organization()).text
        result = cli(generated)
        for ws in ("3", "4", "5", "6"):
            assert cli_number(reviewed.score.worksheets[ws].points) == result["worksheets"][ws]
        assert cli_number(reviewed.score.total) == result["total"]
        assert reviewed.score.grade == result["grade"]
        assert reviewed.score.eligible == result["eligible"]
        assert f"جمع امتیاز {points_text(reviewed.score.total, t)}" in card  # the card shows that total
        if result["grade"] is not None:
            assert f"← پایه {t.digits(result['grade'])}" in card
            seen["graded"] += 1
        for ws in result["below_floor"]:
            assert f"کاربرگ {t.digits(ws)} کمتر از حداقل" in card
        assert "پایه ۱ با جدول‌های فعلی دست‌نیافتنی است" in card  # the seed's tables cap the total at 63
        if reviewed.pending:
            assert "مانده برای بررسی" in card
            seen["pending"] += 1
        seen["examples"] += 1

    @settings(max_examples=GENERATED, deadline=None, suppress_health_check=list(HealthCheck))
    @example(GRADED)  # a file that reaches a grade is always among them
    @given(figures())
    def run(generated: Figures) -> None:
        asyncio.run(check(generated))

    try:
        run()
    finally:
        asyncio.run(engine.dispose())
    assert seen["examples"] > GENERATED and seen["graded"] > 0 and seen["pending"] > 0


def test_the_reviewer_s_panel_scores_by_the_file_s_province_s_rules(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """GRADED by hand: engineering grade 2 (5), 2,500 m² of an own contract accepted, 3 billion
    rials of capital (3), marks 8+8+7+6+5 = 34 (10). Shipped rules: 5 + 2500/500 × 1 + 3 + 10 = 23
    → grade 3 (from 20). The sandbox's IR-23 rules: 5 + 2500/500 × 1.2 + 3 + 10 = 24 → under its
    grade 3's 25, no grade; and the panel says whose rules these are."""
    engine, sessions = sqlite_copy(sqlite_template, tmp_path_factory, "province-rules")
    t = I18N("fa")
    sample = Path(sandbox.__file__).parent / "license_rules_ir23.toml"
    tehran = Organization(name_fa="سازمان تهران", license_rules=read_rules(sample.read_text("utf-8")))

    async def read() -> Any:
        async with sessions() as session, session.begin():
            case_id = await store(session, GRADED)
            return await cases.case_file(session, case_id)

    try:
        file = asyncio.run(read())
    finally:
        asyncio.run(engine.dispose())
    shipped, own = panel(t, file, Organization()).text, panel(t, file, tehran).text
    assert "جمع امتیاز ۲۳" in shipped and "← پایه ۳" in shipped and "📐" not in shipped
    assert "جمع امتیاز ۲۴" in own and "← پایه" not in own
    assert "📐 امتیازها با قواعد پروانهٔ سازمان تهران" in own
    assert "پایه ۱ با جدول‌های فعلی دست‌نیافتنی است" not in own  # its grade 1 from 60: reachable
