"""The organization's figures of a builder-license file (spec/builder-license.md, workflow:
"documents review"; issue 12): worksheet 4's grey part, the amounts of worksheet 5 it accepts,
worksheet 6's marks — and the score of those figures, which is ``score_license`` of the request
they make (the same JSON ``nezam-bot score`` reads).

Interpretations (the seed prints only the blank grey columns):
- a project counts once the reviewer accepts it, with the area accepted (at most the area
  claimed: the organization credits what the documents show, never more than the applicant
  claimed) and the record type accepted (the reviewer may correct it either way);
- an item of worksheet 5 counts with the amount accepted (at most the amount claimed);
- a mark not given yet counts as 0, and the review says what is still to judge;
- the grey part's desirability factor and total factor ("ضرب ضریب مطلوبیت اجرا", "ضرب ضریب کل":
  multiplied by) multiply the project's accepted area: credited area = accepted area ×
  desirability factor × total factor, summed per record type (``score_license``); each within the
  range the rules file allows; one not given counts as the rules' default (1);
- the attachment numbers (worksheet 4 per project, worksheet 6 per criterion) are references to the
  documents, printed on the dossier; they do not change the score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.errors import InvalidInput
from scoring.license import (
    LicenseScore,
    Rules,
    check_rules,
    default_rules,
    parse_license_request,
    score_license,
)
from scoring.messages import date_text, number_text
from scoring.normalize import format_decimal
from scoring.validators import format_jalali

_ZERO = Decimal(0)


@dataclass(frozen=True)
class ProjectReview:
    """A project of worksheet 4 as claimed, and the organization's grey part."""

    ref: str  # the project's id
    claimed_type: str | None
    claimed_area: Decimal | None
    accepted: bool | None = None  # None: not judged yet
    area: Decimal | None = None  # accepted area (None: as claimed)
    record_type: str | None = None  # accepted record type (None: as claimed)
    desirability_factor: Decimal | None = None  # None: the rules' default
    total_factor: Decimal | None = None  # None: the rules' default

    @property
    def accepted_area(self) -> Decimal:
        return self.area if self.area is not None else (self.claimed_area or _ZERO)

    @property
    def accepted_type(self) -> str | None:
        return self.record_type or self.claimed_type

    @property
    def counts(self) -> bool:
        return self.accepted is True and self.accepted_area > 0 and self.accepted_type is not None


@dataclass(frozen=True)
class FinanceReview:
    """An item of worksheet 5: the amount claimed and the amount accepted (None: not verified)."""

    item: str
    claimed: Decimal
    accepted: Decimal | None = None


@dataclass(frozen=True)
class LicenseReview:
    """Everything the organization's score needs: worksheet 3 as the applicant declared it (the
    license card is checked by the reviewer, not re-scored), and the accepted figures."""

    license_kind: str | None
    license_grade: int | None
    projects: Sequence[ProjectReview] = ()
    finance: Sequence[FinanceReview] = ()
    marks: Sequence[int | None] = ()

    def marks_for(self, rules: Rules) -> list[int]:
        """One mark per criterion of the rules, 0 where none is given yet."""
        given = list(self.marks)
        return [(given[n] if n < len(given) else None) or 0 for n in range(len(rules.desirability_criteria))]

    def request_data(self, rules: Rules | None = None) -> dict[str, Any]:
        """The request of the accepted figures, as ``nezam-bot score`` reads it (its JSON)."""
        rules = rules or default_rules()
        amounts = {f.item: f.accepted for f in self.finance if f.accepted is not None}
        return {
            "license": {"kind": self.license_kind, "grade": self.license_grade},
            "experience": [
                {
                    "type": p.accepted_type,
                    "area_m2": str(p.accepted_area),
                    **{key: str(value) for key in rules.project_factors if (value := getattr(p, key)) is not None},
                }
                for p in self.projects
                if p.counts
            ],
            "finance": {item: str(amounts.get(item, _ZERO)) for item in rules.finance_items},
            "desirability": self.marks_for(rules),
        }


@dataclass(frozen=True)
class Pending:
    """What the reviewer has not judged yet."""

    projects: Sequence[str] = ()  # refs of projects neither accepted nor refused
    finance: Sequence[str] = ()  # items claimed (more than 0) whose amount is not verified
    marks: Sequence[int] = ()  # criteria (1-based) without a mark

    def __bool__(self) -> bool:
        return bool(self.projects or self.finance or self.marks)


@dataclass(frozen=True)
class ReviewedScore:
    score: LicenseScore
    pending: Pending
    unreachable: Sequence[tuple[int, Decimal]] = field(default_factory=tuple)  # (grade, its minimum)
    max_total: Decimal = _ZERO

    @property
    def complete(self) -> bool:
        """Every project, item and criterion judged."""
        return not self.pending


def pending(review: LicenseReview, rules: Rules) -> Pending:
    marks = list(review.marks)
    return Pending(
        projects=[p.ref for p in review.projects if p.accepted is None],
        finance=[f.item for f in review.finance if f.claimed > 0 and f.accepted is None],
        marks=[n + 1 for n in range(len(rules.desirability_criteria)) if n >= len(marks) or marks[n] is None],
    )


def review_score(review: LicenseReview, rules: Rules | None = None) -> ReviewedScore | None:
    """The core's score of the accepted figures (None when worksheet 3 cannot be scored: no
    license kind or grade the rules know), what is still to judge, and the grades these rules
    can never give (the seed's grade 1: its tables cap the total at 63)."""
    rules = rules or default_rules()
    try:
        request = parse_license_request(review.request_data(rules), rules)
    except InvalidInput:
        return None
    report = check_rules(rules)
    return ReviewedScore(
        score_license(request, rules),
        pending(review, rules),
        tuple(report.unreachable_grades),
        report.max_total,
    )


# ---- what a reviewer may enter ----------------------------------------------------------------


def check_accepted_area(claimed: Decimal | None, accepted: Decimal) -> Decimal:
    """An accepted area: more than 0 (a project not credited is refused instead) and not more
    than the area claimed."""
    if accepted <= 0:
        raise InvalidInput("invalid-area-zero", str(accepted))
    if claimed is not None and accepted > claimed:
        raise InvalidInput("invalid-accepted-above-claimed", str(accepted), params={"claimed": claimed})
    return accepted


def check_accepted_amount(claimed: Decimal, accepted: Decimal) -> Decimal:
    """An accepted amount of worksheet 5: not more than the amount claimed (0 allowed)."""
    if accepted > claimed:
        raise InvalidInput("invalid-accepted-above-claimed", str(accepted), params={"claimed": claimed})
    return accepted


def check_project_factor(key: str, value: Decimal, rules: Rules | None = None) -> Decimal:
    """A factor of a project's grey part (``desirability_factor``, ``total_factor``): within the
    range the rules file allows, else refused with that range."""
    rules = rules or default_rules()
    found = rules.project_factors[key]
    if not found.minimum <= value <= found.maximum:
        raise InvalidInput(
            "invalid-factor-out-of-range",
            format_decimal(value),
            params={
                "factor_fa": found.label_fa,
                "factor_en": found.label_en,
                **{f"min_{lang}": number_text(found.minimum, lang) for lang in ("fa", "en")},
                **{f"max_{lang}": number_text(found.maximum, lang) for lang in ("fa", "en")},
            },
        )
    return value


def check_mark(mark: int, rules: Rules | None = None) -> int:
    rules = rules or default_rules()
    if not 0 <= mark <= rules.max_mark:
        raise InvalidInput("input-out-of-range", mark, params={"min": 0, "max": rules.max_mark})
    return mark


def check_own_dates(
    project_start: dt.date | None,
    project_end: dt.date | None,
    own_start: dt.date | None,
    own_end: dt.date | None,
) -> tuple[dt.date | None, dt.date | None]:
    """The applicant's own start and end in a project (the grey part): inside the project's
    dates, the end not before the start."""
    for own in (own_start, own_end):
        if own is None:
            continue
        if (project_start is not None and own < project_start) or (project_end is not None and own > project_end):
            raise InvalidInput(
                "invalid-own-date-outside-project",
                format_jalali(own),
                params={
                    "start": format_jalali(project_start) if project_start else "—",
                    "end": format_jalali(project_end) if project_end else "—",
                },
            )
    if own_start is not None and own_end is not None and own_end < own_start:
        raise InvalidInput(
            "invalid-project-end-before-start", format_jalali(own_end), params={"start": format_jalali(own_start)}
        )
    return own_start, own_end


def check_issued_date(issued: dt.date, submitted: dt.date | None, today: dt.date) -> dt.date:
    """The date of the license the ministry issued (issue 23): not in the future, and not before
    the file was submitted (the ministry issues on the dossier the organization sent)."""
    if issued > today:
        raise InvalidInput("invalid-date-future", format_jalali(issued))
    if submitted is not None and issued < submitted:
        raise InvalidInput(
            "invalid-issued-before-submission",
            format_jalali(issued),
            params={
                f"{name}_{lang}": date_text(day, lang)
                for name, day in (("date", issued), ("submitted", submitted))
                for lang in ("fa", "en")
            },
        )
    return issued


def grade_of(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def reviewed(
    license_kind: object,
    license_grade: object,
    projects: Sequence[ProjectReview],
    finance: Mapping[str, tuple[Decimal, Decimal | None]],
    marks: Sequence[int | None],
) -> LicenseReview:
    """A review from stored values (the storage layer's rows)."""
    return LicenseReview(
        str(license_kind) if license_kind is not None else None,
        grade_of(license_grade) if license_grade is not None else None,
        tuple(projects),
        tuple(FinanceReview(item, claimed, accepted) for item, (claimed, accepted) in finance.items()),
        tuple(marks),
    )
