"""The preliminary score (issue 11 §7): worksheets 3–5 from the applicant's own figures, each with
its explanation; what each band of desirability (worksheet 6, the organization's) would make of
the total and the grade; every floor not met. An estimate, labelled as one: the organization
confirms it in review (issue 12)."""

from __future__ import annotations

from conversations.applications.builder_license.core import application_view
from conversations.applications.builder_license.texts import core_text, points_text, total_text
from conversations.kit.i18n import Translator
from scoring import Preliminary, default_rules, preliminary_score
from scoring.license_application import BandOutcome
from storage.cases import CaseFile


def band_line(t: Translator, band: BandOutcome) -> str:
    score = band.score
    args = {"points": points_text(band.points, t), "total": total_text(score.total, t)}
    if not score.eligible:
        return t("license-band-not-eligible", **args)
    if score.grade is None:
        lowest = min(m for _, m in default_rules().grades)
        return t("license-band-no-grade", minimum=points_text(lowest, t), **args)
    line = t("license-band-grade", grade=t.digits(score.grade), **args)
    if band.next_grade is not None:
        grade, needs = band.next_grade
        line += t("license-band-next", grade=t.digits(grade), needs=points_text(needs, t))
    return line


def floor_lines(t: Translator, preliminary: Preliminary) -> list[str]:
    limits = default_rules().limits
    return [
        t("license-floor-unmet", worksheet=t.digits(ws), floor=points_text(limits[ws].floor, t))
        for ws in preliminary.below_floor
    ]


def score_lines(t: Translator, preliminary: Preliminary) -> list[str]:
    """The estimate's lines: the explanations, the subtotal, the bands, the floors."""
    lines = ["• " + core_text(e.text(t.lang), t) for e in preliminary.explanations]
    lines.append(t("license-preliminary-subtotal", points=points_text(preliminary.subtotal, t)))
    lines.append(t("license-preliminary-bands"))
    lines += [band_line(t, band) for band in preliminary.bands]
    lines += floor_lines(t, preliminary)
    return lines


def preliminary_text(t: Translator, file: CaseFile) -> str:
    """The read-only screen before confirm."""
    preliminary = preliminary_score(application_view(file))
    if preliminary is None:
        return t("license-preliminary-unavailable")
    return "\n".join(
        [t("license-preliminary-title"), "", *score_lines(t, preliminary), "", t("license-preliminary-note")]
    )
