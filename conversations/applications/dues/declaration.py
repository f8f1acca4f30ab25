"""Annual membership dues and the settlement certificate (حق عضویت سالانه و گواهی تسویه حساب),
declared as data over the application engine, like membership and the builder license:

    contact → identity → rules → gate (a member the bot made; anyone else: membership first,
    offered) → the years owed (after the membership year and what is settled, up to this year),
    each priced by the organization's table, with the total → "I pay them" → confirm → submitted
    ─(system) the fee asked: the total→ awaiting_payment ─invoice paid, or a slip confirmed by
    finance (or refused with a reason: another slip)→ settled, and the settlement certificate
    (a numbered letter, shaped Persian PDF) sent to the member
    settled through this year: "settled" and nothing to pay (the menu shows it done)

A builder-license file of a member whose dues are settled here does not ask for finance's
settlement sheet, and its finance inquiry is answered from it (``builder_license``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from conversations.applications.dues import core
from conversations.applications.dues.process import PROCESS, SETTLED
from conversations.applications.dues.staffing import DESK
from conversations.applications.dues.texts import certificate, receipt, years_text
from conversations.kit.application import Application, CoreRules, Gate, Section, Texts
from conversations.kit.context import Ctx, Organization
from conversations.kit.fields import Field, InputKind, Refused
from conversations.kit.forms import Form, Loaded, Ref, SectionStore
from conversations.kit.i18n import Translator
from scoring.validators import jalali_year
from storage import cases
from storage.cases import CaseFile, CaseInfo
from storage.standing import MEMBERSHIP, SETTLEMENT_CERTIFICATE, Standing, standing

KIND = PROCESS.kind


class DuesSection(StrEnum):
    DUES = "dues"

    def label(self, lang: str) -> str:
        return "حق عضویت سالانه" if lang == "fa" else "Annual membership dues"


@dataclass(frozen=True)
class Owed:
    """The years a member owes now, and what each costs (``unpriced``: not set by the organization)."""

    years: tuple[int, ...]
    unpriced: tuple[int, ...]
    total: int


def owed(found: Standing, org: Organization) -> Owed:
    since = jalali_year(found.member_since) if found.member_since is not None else jalali_year()
    years = core.owed_years(since, found.dues_through, jalali_year())
    missing = core.unpriced(years, org.dues_rials)
    return Owed(tuple(years), tuple(missing), 0 if missing else core.total(years, org.dues_rials))


# ---- the one question: the years owed, and "I pay them" ------------------------------------------


def confirm_args(t: Translator, org: Organization, answers: Mapping[str, Any]) -> Mapping[str, Any]:
    years = [int(y) for y in answers.get("_owed") or []]
    return {
        "years": years_text(t, years, org.dues_rials),
        "total": t.money(core.total(years, org.dues_rials)) if years else t.money(0),
    }


@dataclass(frozen=True)
class DuesStore(SectionStore):
    """The dues section: what is owed is read from the member's standing when asked, and what they
    confirmed (years and total) is kept with their "I pay them"."""

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        loaded = await super().load(ctx, ref)
        assert loaded.file is not None
        now = owed(loaded.file.standing, ctx.services.org_of(loaded.file.case.province))
        answers = {**loaded.answers, "_owed": list(now.years)}
        if loaded.answers.get("through_year") != (now.years[-1] if now.years else None):
            answers.pop("confirm", None)  # a new year (or a settled one) since: confirmed again
        return Loaded(answers, loaded.file, loaded.version)

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        file = await cases.case_file(ctx.session, ref.case or 0, ctx.services.parts)
        if file is None:
            raise Refused("no-open-file")
        now = owed(file.standing, ctx.services.org_of(file.case.province))
        if not now.years:
            raise Refused("dues-nothing-owed")
        if now.unpriced:
            raise Refused("dues-unpriced", years=", ".join(ctx.t.digits(y) for y in now.unpriced))
        for name, answer in (
            ("from_year", now.years[0]),
            ("through_year", now.years[-1]),
            ("amount", now.total),
        ):
            await cases.save_answer(ctx.session, file.case.id, self.section, name, answer)
        await super().save(ctx, ref, field, value)


def summary(t: Translator, loaded: Loaded, ref: Ref) -> str:
    """The years and the total the member confirmed."""
    answers = loaded.answers
    first, last = int(answers.get("from_year") or 0), int(answers.get("through_year") or -1)
    years = ", ".join(t.digits(y) for y in range(first, last + 1)) or "—"
    return "\n".join(
        [
            t("summary-title", form=t("form-dues")),
            t("dues-summary", years=years, total=t.money(int(answers.get("amount") or 0))),
        ]
    )


DUES = Form(
    "dues",
    "form-dues",
    (
        Field(
            "confirm",
            InputKind.CONFIRM,
            prompt="q-dues-confirm",
            label="f-dues-confirm",
            org_args=confirm_args,
            editable=False,
        ),
    ),
    DuesStore(DuesSection.DUES.value),
    render=summary,
)


def missing_in(section: DuesSection, file: CaseFile) -> list[str]:
    answers = file.section(DuesSection.DUES.value)
    return [] if answers.get("confirm") is True and answers.get("through_year") else ["confirm"]


def first_in(file: CaseFile) -> DuesSection | None:
    return DuesSection.DUES if missing_in(DuesSection.DUES, file) else None


CORE: CoreRules[CaseFile, DuesSection] = CoreRules(lambda file: file, DuesSection, missing_in, first_in)


# ---- who may pay, and when there is nothing to pay -------------------------------------------------


async def standing_of(ctx: Ctx) -> Standing:
    applicant = await ctx.applicant()
    return await standing(ctx.session, applicant.id) if applicant is not None else Standing()


async def is_member(ctx: Ctx) -> bool:
    return (await standing_of(ctx)).member


async def settled(ctx: Ctx, latest: CaseInfo) -> bool:
    """Nothing is owed: dues settled through this year."""
    through = (await standing_of(ctx)).dues_through
    return through is not None and through >= jalali_year()


def done_args(t: Translator, case: CaseInfo) -> Mapping[str, str]:
    return {"year": t.digits(jalali_year())}


GATE = Gate(
    known=is_member,
    question="",  # nobody else is asked: dues are a member's
    refused="dues-gate-refused",
    offer=MEMBERSHIP,
    offer_label="btn-dues-gate-membership",
)


def section_text(t: Translator, file: CaseFile) -> str:
    return summary(t, Loaded(dict(file.section(DuesSection.DUES.value)), file), Ref())


SECTIONS: Sequence[Section] = (Section(DuesSection.DUES.value, DUES, DuesSection.DUES.label, text=section_text),)

APPLICATION = Application(
    name=KIND,
    process=PROCESS,
    desk=DESK,
    sections=tuple(SECTIONS),
    missing=CORE.missing,
    first_incomplete=CORE.first_incomplete,
    document_label=lambda kind, lang: kind,
    receipt=receipt,
    texts=Texts(
        menu_new="menu-dues",
        menu_continue="menu-dues-continue",
        menu_done="menu-dues-done",
        done="dues-complete",
        submitted="dues-submitted",
        confirm_question="dues-confirm-question",
        confirm_button="btn-dues-submit",
        receipt_caption="dues-receipt-caption",
    ),
    done_status=SETTLED,
    done_when=settled,
    done_args=done_args,
    gate=GATE,
    offered=is_member,
    documents={SETTLEMENT_CERTIFICATE: certificate},
)
