"""The preliminary score (issue 11 §7): worksheets 3–5 from the applicant's own figures, each with
its explanation; what each band of desirability (worksheet 6, the organization's) would make of
the total and the grade; every floor not met. An estimate, labelled as one: the organization
confirms it in review (issue 12)."""

from __future__ import annotations

from conversations.applications.builder_license.core import application_view
from conversations.applications.builder_license.texts import core_text, points_text, total_text
from conversations.kit.context import Organization
from conversations.kit.i18n import Translator
from scoring import Preliminary, check_rules, default_rules, preliminary_score
from scoring.license import Rules
from scoring.license_application import BandOutcome
from storage.cases import CaseFile


def rules_line(t: Translator, org: Organization) -> str:
    """Which rules score the file: said when its province has its own (issue 25), so an applicant
    or a reviewer comparing two provinces' figures knows why they differ."""
    return "" if org.license_rules == default_rules() else t("license-rules-own", org=org.name(t.lang))


def band_line(t: Translator, band: BandOutcome, rules: Rules) -> str:
    score = band.score
    args = {"points": points_text(band.points, t), "total": total_text(score.total, t, rules)}
    if not score.eligible:
        return t("license-band-not-eligible", **args)
    if score.grade is None:
        lowest = min(m for _, m in rules.grades)
        return t("license-band-no-grade", minimum=points_text(lowest, t), **args)
    line = t("license-band-grade", grade=t.digits(score.grade), **args)
    if band.next_grade is not None:
        grade, needs = band.next_grade
        highest = check_rules(rules).max_total
        key = "license-band-next-unreachable" if needs > highest else "license-band-next"
        line += t(key, grade=t.digits(grade), needs=points_text(needs, t), max_total=points_text(highest, t))
    return line


def unreachable_lines(t: Translator, rules: Rules) -> list[str]:
    """Each grade the rules make unreachable, and why — told to the applicant as to staff."""
    report = check_rules(rules)
    return [
        t(
            "assess-unreachable",
            grade=t.digits(g),
            minimum=points_text(m, t),
            max_total=points_text(report.max_total, t),
        )
        for g, m in report.unreachable_grades
    ]


def floor_lines(t: Translator, preliminary: Preliminary, rules: Rules) -> list[str]:
    limits = rules.limits
    return [
        t("license-floor-unmet", worksheet=t.digits(ws), floor=points_text(limits[ws].floor, t))
        for ws in preliminary.below_floor
    ]


def score_lines(t: Translator, preliminary: Preliminary, rules: Rules) -> list[str]:
    """The estimate's lines: each worksheet's explanations and its total, the subtotal, the bands,
    the floors, the grades no total can reach."""
    lines: list[str] = []
    for ws, score in preliminary.worksheets.items():
        lines += ["• " + core_text(e.text(t.lang), t) for e in preliminary.explanations if e.worksheet == ws]
        lines.append(t("license-preliminary-worksheet", worksheet=t.digits(ws), points=points_text(score.points, t)))
    lines += [
        "• " + core_text(e.text(t.lang), t)
        for e in preliminary.explanations
        if e.worksheet not in preliminary.worksheets
    ]
    lines.append(t("license-preliminary-subtotal", points=points_text(preliminary.subtotal, t)))
    lines.append(t("license-preliminary-bands"))
    lines += [band_line(t, band, rules) for band in preliminary.bands]
    lines += floor_lines(t, preliminary, rules)
    lines += unreachable_lines(t, rules)
    return lines


def preliminary_text(t: Translator, file: CaseFile, org: Organization) -> str:
    """The read-only screen before confirm, by the rules of the file's organization (issue 25)."""
    rules = org.license_rules
    preliminary = preliminary_score(application_view(file), rules)
    if preliminary is None:
        return t("license-preliminary-unavailable")
    return "\n".join(
        [
            t("license-preliminary-title"),
            "",
            *score_lines(t, preliminary, rules),
            "",
            t("license-preliminary-note"),
            rules_line(t, org),
        ]
    )
