from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from scoring.license import round_points
from storage.cases import CaseInfo, create_case, get_case
from storage.db import make_engine, make_sessionmaker
from storage.people import claim_national_code, set_verified_mobile, upsert_user
from storage.workflow import Actor, TransitionResult, Workflow, transition
from tests.core.test_license import run_cli
from tests.factories import make_national_code

MEMBERSHIP, BUILDER_LICENSE, DUES = "membership", "builder_license", "dues"


def workflows() -> dict[str, Workflow]:
    """Every application's declared workflow, by kind (as the bot runs them)."""
    from bot.wiring import APPLICATIONS

    return {app.name: app.process.workflow for app in APPLICATIONS}


async def move(session: AsyncSession, case_id: int, action: str, actor: Actor, **kwargs: Any) -> TransitionResult:
    """``transition`` by the case's own declared workflow."""
    case = await get_case(session, case_id)
    assert case is not None
    return await transition(session, workflows()[case.kind], case_id, action, actor, **kwargs)


async def new_case(
    session: AsyncSession, kind: str = MEMBERSHIP, *, platform: str = "telegram", user_id: int = 1001
) -> CaseInfo:
    user = await upsert_user(session, platform, user_id, user_id)
    await set_verified_mobile(session, user.id, "09120000000")
    user = await upsert_user(session, platform, user_id, user_id)
    applicant = await claim_national_code(session, user, make_national_code())
    return await create_case(session, kind, applicant.id, user.id)


def sqlite_copy(
    template: Path, tmp_path_factory: pytest.TempPathFactory, name: str
) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    """A fresh SQLite database from the migrated template, for a test that runs many examples
    (hypothesis) outside the per-test session fixture."""
    path = tmp_path_factory.mktemp(name) / f"{name}.db"
    shutil.copy(template, path)
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    return engine, make_sessionmaker(engine)


def score_cli(request: dict[str, Any]) -> dict[str, Any]:
    """``nezam-bot score`` on a request, as its JSON."""
    code, out, err = run_cli(["score", "-", "--lang", "fa"], json.dumps(request))
    assert code == 0, err
    return cast(dict[str, Any], json.loads(out))


def cli_number(value: Decimal) -> float | int:
    """Points as the CLI's JSON writes them: two decimals, a whole number as an integer."""
    rounded = round_points(value)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)
