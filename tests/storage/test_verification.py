"""The documents' verification codes in storage (issue 27): one code per document however often it
is sent; a newer one of its kind on the file supersedes the older; staff revoke; a check shows the
holder's names to mask and nothing else of the person."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage import people, verification
from storage.verification import Standing
from tests.storage.helpers import new_case

KEY = b"k" * 32


async def test_a_document_keeps_its_code_and_a_newer_one_supersedes_it(session: AsyncSession) -> None:
    case = await new_case(session, user_id=3301)
    await people.update_identity(session, case.applicant_id, first_name="علی", last_name="رضایی")
    first = await verification.register(session, KEY, case.id, "receipt", case.tracking_code, "receipt:1")
    assert (await verification.register(session, KEY, case.id, "receipt", case.tracking_code, "receipt:1")) == first
    letter = await verification.register(session, KEY, case.id, "letter_finance", "1405/3", "letter:9")
    found = await verification.check(session, first.code)
    assert found is not None
    assert (found.kind, found.number, found.standing, found.since) == (
        "receipt",
        case.tracking_code,
        Standing.VALID,
        None,
    )
    assert (found.first_name, found.last_name, found.case_kind) == ("علی", "رضایی", "membership")

    second = await verification.register(session, KEY, case.id, "receipt", case.tracking_code, "receipt:2")
    assert second.code != first.code
    old = await verification.check(session, first.code)
    assert old is not None and old.standing == Standing.SUPERSEDED and old.since == second.issued_at
    assert (await verification.check(session, second.code)).standing == Standing.VALID  # type: ignore[union-attr]
    assert (await verification.check(session, letter.code)).standing == Standing.VALID  # type: ignore[union-attr]
    assert await verification.check(session, "0000000000") is None

    other = await new_case(session, user_id=3302)
    theirs = await verification.register(session, KEY, other.id, "receipt", other.tracking_code, "receipt:3")
    assert (await verification.check(session, theirs.code)).standing == Standing.VALID  # type: ignore[union-attr]
    kept = await verification.check(session, second.code)
    assert kept is not None and kept.standing == Standing.VALID  # another file's: kept


async def test_a_license_revoked(session: AsyncSession) -> None:
    case = await new_case(session, "builder_license", user_id=3303)
    notice = await verification.register(session, KEY, case.id, "license_issued", "1405/7", "issued:7")
    receipt = await verification.register(session, KEY, case.id, "receipt", case.tracking_code, "receipt:4")
    assert await verification.revoke(session, case.id, "license_issued") == 1
    found = await verification.check(session, notice.code)
    assert found is not None and found.standing == Standing.REVOKED and found.since is not None
    assert (await verification.check(session, receipt.code)).standing == Standing.VALID  # type: ignore[union-attr]
    assert await verification.revoke(session, case.id, "license_issued") == 0  # once
    assert [r.code for r in await verification.of_case(session, case.id)] == [notice.code, receipt.code]
