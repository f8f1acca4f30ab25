from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.cases import CaseInfo, create_case
from storage.people import claim_national_code, set_verified_mobile, upsert_user
from storage.workflow import CaseKind
from tests.factories import make_national_code


async def new_case(
    session: AsyncSession, kind: CaseKind = CaseKind.MEMBERSHIP, *, platform: str = "telegram", user_id: int = 1001
) -> CaseInfo:
    user = await upsert_user(session, platform, user_id, user_id)
    await set_verified_mobile(session, user.id, "09120000000")
    user = await upsert_user(session, platform, user_id, user_id)
    applicant = await claim_national_code(session, user, make_national_code())
    return await create_case(session, kind, applicant.id, user.id)
