"""Where each form's answers live (``engine.FormStore``): every accepted answer is written at once.

The ``item`` of a form is the row it fills: the case for a section, the degree or the family
member for those sub-forms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from conversations.context import Ctx
from conversations.engine import Answers, Field, Refused, StoredAnswer
from storage import cases, documents, people


class _NoClear:
    async def clear(self, ctx: Ctx, item: int | None, names: Sequence[str]) -> None:
        return None


class ContactStore(_NoClear):
    """The mobile number, proven by a shared contact."""

    async def load(self, ctx: Ctx, item: int | None) -> Answers:
        return {"mobile": ctx.user.mobile} if ctx.user.mobile else {}

    async def save(self, ctx: Ctx, item: int | None, field: Field, value: Any) -> None:
        await people.set_verified_mobile(ctx.session, ctx.user.id, str(value))
        await ctx.applicant(reload=True)


class IdentityStore(_NoClear):
    """The applicant's identity (locked once a first application is submitted)."""

    async def load(self, ctx: Ctx, item: int | None) -> Answers:
        applicant = await ctx.applicant()
        if applicant is None:
            return {}
        values = {
            "national_code": applicant.national_code,
            "first_name": applicant.first_name,
            "last_name": applicant.last_name,
            "father_name": applicant.father_name,
            "birth_certificate_number": applicant.birth_certificate_number,
            "birth_date": applicant.birth_date.isoformat() if applicant.birth_date else None,
            "gender": applicant.gender,
        }
        return {k: v for k, v in values.items() if v is not None}

    async def save(self, ctx: Ctx, item: int | None, field: Field, value: Any) -> None:
        try:
            if field.name == "national_code":
                await people.claim_national_code(ctx.session, ctx.user, str(value))
            else:
                applicant = await ctx.applicant()
                if applicant is None:
                    raise Refused("identity-national-code-first")
                if field.name == "birth_date" and isinstance(value, str):
                    value = dt.date.fromisoformat(value)
                await people.update_identity(ctx.session, applicant.id, **{field.name: value})
        except people.NationalCodeClaimed:
            raise Refused("national-code-claimed") from None
        except people.IdentityLocked:
            raise Refused("identity-locked") from None
        await ctx.applicant(reload=True)


class SectionStore:
    """A section's answers in the case's draft; file fields go to the documents table."""

    def __init__(self, section: str) -> None:
        self.section = section

    async def load(self, ctx: Ctx, item: int | None) -> Answers:
        if item is None:
            return {}
        saved = dict((await cases.answers(ctx.session, item)).get(self.section, {}))
        if self.section == "documents":
            for doc in await documents.current_documents(ctx.session, item):
                saved[doc.slot] = True
        return saved

    async def save(self, ctx: Ctx, item: int | None, field: Field, value: Any) -> None:
        assert item is not None
        if isinstance(value, StoredAnswer):
            await documents.add_document(
                ctx.session,
                item,
                field.document_kind or field.name,
                field.name,
                value.stored,
                file_id=value.file_id,
                file_unique_id=value.file_unique_id,
            )
            return
        await cases.save_answer(ctx.session, item, self.section, field.name, value)
        if self.section == "personal" and field.name == "province":
            await cases.set_case_fields(ctx.session, item, province=value)

    async def clear(self, ctx: Ctx, item: int | None, names: Sequence[str]) -> None:
        if item is not None:
            await cases.delete_answers(ctx.session, item, self.section, list(names))


class DegreeStore(_NoClear):
    """One degree (a child row of the case) and its two possible photos."""

    async def _case_id(self, ctx: Ctx) -> int:
        case = await ctx.membership_case()
        if case is None:
            raise Refused("no-open-file")
        return case.id

    async def load(self, ctx: Ctx, item: int | None) -> Answers:
        if item is None:
            return {}
        case_id = await self._case_id(ctx)
        row = await cases.degree(ctx.session, case_id, item)
        if row is None:
            return {}
        answers: Answers = {k: v for k, v in row.items() if v is not None and k != "id"}
        for doc in await documents.current_documents(ctx.session, case_id):
            if doc.slot == f"degree_certificate:{item}":
                answers["certificate_photo"] = True
            elif doc.slot == f"degree_verification:{item}":
                answers["verification_photo"] = True
        return answers

    async def save(self, ctx: Ctx, item: int | None, field: Field, value: Any) -> None:
        assert item is not None
        case_id = await self._case_id(ctx)
        if isinstance(value, StoredAnswer):
            kind = field.document_kind or field.name
            await documents.add_document(
                ctx.session,
                case_id,
                kind,
                f"{kind}:{item}",
                value.stored,
                file_id=value.file_id,
                file_unique_id=value.file_unique_id,
            )
            return
        await cases.update_degree(ctx.session, case_id, item, **{field.name: value})


class FamilyStore(_NoClear):
    async def load(self, ctx: Ctx, item: int | None) -> Answers:
        case = await ctx.membership_case()
        if item is None or case is None:
            return {}
        row = await cases.family_member(ctx.session, case.id, item)
        return {k: v for k, v in (row or {}).items() if v is not None and k != "id"}

    async def save(self, ctx: Ctx, item: int | None, field: Field, value: Any) -> None:
        case = await ctx.membership_case()
        if case is None or item is None:
            raise Refused("no-open-file")
        await cases.update_family_member(ctx.session, case.id, item, **{field.name: value})
