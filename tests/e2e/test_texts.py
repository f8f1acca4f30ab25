"""Every text the bot can say exists in both languages, every key the code names exists, and every
field an application declares has its question and label in both languages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from fluent.syntax import FluentParser, ast

import conversations
from bot.wiring import APPLICATIONS
from conversations.applications import membership
from conversations.kit.application import Application
from conversations.kit.fields import Field, InputKind
from conversations.kit.forms import Form, SectionStore
from conversations.kit.i18n import LANGUAGES
from conversations.kit.identity import CONTACT, IDENTITY
from conversations.kit.process import Audience, Notice
from conversations.staff.review import OFFICE_FORM, REJECT_FORM, return_form
from storage.workflow import Role

MEMBERSHIP = membership.APPLICATION

ROOT = Path(conversations.__file__).parent
PROJECT = ROOT.parent
# t("key", …), ctx.send("key", …), Refused("key"), FileRejected("key"), InvalidInput("key"),
# outbox.tell(…, "key", …), post_note(ctx, "key", …), expected="key", note="key", return "key": literal keys
KEY_USE = re.compile(
    r"""(?:\bt|send|Refused|FileRejected|InvalidInput|(?:tell|post_note)\([^()"]*)\(?\s*"([a-z][a-z0-9-]+)"[,)]"""
    r"""|(?:expected|note)="([a-z][a-z0-9-]+)"|return "((?:unexpected|expect)-[a-z0-9-]+)["]"""
)


@cache
def keys(lang: str) -> frozenset[str]:
    found: set[str] = set()
    for path in (ROOT / "locales" / lang).glob("*.ftl"):
        resource = FluentParser().parse(path.read_text("utf-8"))
        found |= {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}
    return frozenset(found)


def test_both_languages_have_the_same_texts() -> None:
    fa, en = keys("fa"), keys("en")
    assert set(LANGUAGES) == {"fa", "en"}
    assert fa - en == set(), "missing in English"
    assert en - fa == set(), "missing in Persian"


@cache
def known(lang: str) -> frozenset[str]:
    """Every key the bot can render in ``lang``: its own texts and the core's."""
    found = set(keys(lang))
    for path in (PROJECT / "scoring" / "locales" / lang).glob("*.ftl"):
        resource = FluentParser().parse(path.read_text("utf-8"))
        found |= {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}
    return frozenset(found)


def named_in_the_code() -> dict[str, str]:
    """Every literal key the code passes to a translator or raises as a reason (the dialogs', the
    storage's file checks, the core's validators), with a file naming it."""
    used: dict[str, str] = {}
    for package in ("conversations", "storage", "scoring", "bot"):
        for path in (PROJECT / package).rglob("*.py"):
            for groups in KEY_USE.findall(path.read_text("utf-8")):
                for key in filter(None, groups):
                    used.setdefault(key, f"{package}/{path.name}")
    return used


def built_in_the_code() -> dict[str, str]:
    """The keys the code builds from values (``t(f"status-{…}")`` …): every value they can take."""
    from bot.app import COMMANDS
    from scoring import MembershipDocument

    families = {
        "expect": [k.value for k in InputKind if k not in (InputKind.GROUP, InputKind.MULTI)],
        "status": [s for app in APPLICATIONS for s in app.process.statuses],
        "kind": [app.name for app in APPLICATIONS],
        "desk-kind": [app.name for app in APPLICATIONS],
        "role": [r.value for r in Role] + ["applicant", "system"],
        "action": [a for app in APPLICATIONS for a in app.process.actions],
        "doc": [d.value for d in MembershipDocument],
        "cmd": list(COMMANDS),
    }
    return {f"{family}-{value}": family for family, values in families.items() for value in values}


def test_every_key_named_in_the_code_exists_in_both_languages() -> None:
    used = named_in_the_code()
    assert len(used) > 150  # the pattern really finds the keys
    assert {"pdf-damaged", "pdf-password", "expect-photo-not-pdf", "invalid-text-too-long"} <= set(used)
    assert "license-prefilled" in used
    for lang in LANGUAGES:
        missing = {k: where for k, where in used.items() if k not in known(lang)}
        assert missing == {}, lang


def test_every_key_built_from_a_value_exists_in_both_languages() -> None:
    for lang in LANGUAGES:
        missing = {k: family for k, family in built_in_the_code().items() if k not in known(lang)}
        assert missing == {}, lang


def declared_keys(applications: Sequence[Application]) -> dict[str, str]:
    """Every text key the declarations name (key → where), walking each application's forms,
    their fields and repeated groups, and its process: every step's notifications, its button,
    the staff forms it opens."""
    found: dict[str, str] = {}

    def form(f: Form, where: str) -> None:
        found.setdefault(f.title, where)
        found.setdefault(f.done_label, where)
        if f.toast:
            found.setdefault(f.toast, where)
        for field in f.all_fields():
            for key in field.text_keys:
                found.setdefault(key, f"{where}.{field.name}")
            if field.group is not None:
                group = field.group
                for key in (group.title, group.empty, group.add_label, group.incomplete, group.done_label):
                    found.setdefault(key, f"{where}.{field.name}")
                if group.heading:
                    found.setdefault(group.heading, f"{where}.{field.name}")
                form(group.item, f"{where}.{field.name}")

    for gate in (CONTACT, IDENTITY):
        form(gate, gate.name)
    for app in applications:
        for section in app.sections:
            form(section.form, f"{app.name}.{section.key}")
        for key in filter(None, vars(app.texts).values()):  # "": a text it has no use for (``held``)
            found.setdefault(key, f"{app.name}.texts")
        if app.gate is not None:  # who may begin it: the question, the refusal and its buttons
            who = app.gate
            for key in filter(None, (who.question, who.refused, who.offer_label, who.yes, who.no)):
                found.setdefault(key, f"{app.name}.gate")
        form(return_form(app), f"{app.name}.staff-return")
        for done in app.process.steps:
            for notice in done.tell:
                found.setdefault(notice.key, f"{app.name}.{done.name}.tell")
            button = done.button
            if button is None:
                continue
            found.setdefault(button.label, f"{app.name}.{done.name}")
            if button.form is not None:
                form(button.form.form, f"{app.name}.{done.name}")
                found.setdefault(button.form.recorded, f"{app.name}.{done.name}")
            for opened in button.forms:
                form(opened, f"{app.name}.{done.name}")
    form(REJECT_FORM, "staff.reject")
    form(OFFICE_FORM, "staff.office")
    return found


def missing_texts(applications: Sequence[Application]) -> dict[str, dict[str, str]]:
    used = declared_keys(applications)
    known = {lang: keys(lang) for lang in LANGUAGES}  # parsed once per language
    return {lang: {k: where for k, where in used.items() if k not in known[lang]} for lang in LANGUAGES}


def test_every_declared_field_has_its_texts_in_both_languages() -> None:
    used = declared_keys(APPLICATIONS)
    assert {"q-province", "f-province", "q-certificate_photo", "q-doc-residence_proof", "degrees-title"} <= set(used)
    assert {"q-license-field", "license-gate-question", "btn-gate-no"} <= set(used)
    assert {"notify-returned", "notify-member", "notify-license-closed", "notify-dues-settled"} <= set(used)
    assert {"q-dues-confirm", "assess-ask-area", "issue-number", "prompt-refuse-slip"} <= set(used)
    assert missing_texts(APPLICATIONS) == {"fa": {}, "en": {}}


def test_a_field_without_texts_is_caught() -> None:
    bogus = Form("bogus", "form-personal", (Field("no_such_answer", InputKind.TEXT),), SectionStore("bogus"))
    application = replace(MEMBERSHIP, sections=(replace(MEMBERSHIP.sections[0], form=bogus),))
    where = "membership.personal.no_such_answer"
    expected = {"q-no_such_answer": where, "f-no_such_answer": where}
    assert missing_texts([application]) == {"fa": expected, "en": expected}


def test_a_notification_without_its_text_is_caught() -> None:
    """A workflow step whose notification has no text in either language fails the texts test."""
    process = MEMBERSHIP.process
    taken = process.step("take")
    assert taken is not None
    told = replace(taken, tell=(Notice("notify-never-written"),))
    drifted = replace(
        MEMBERSHIP, process=replace(process, steps=tuple(told if s is taken else s for s in process.steps))
    )
    where = "membership.take.tell"
    assert missing_texts([drifted]) == {"fa": {"notify-never-written": where}, "en": {"notify-never-written": where}}


def test_every_decision_tells_the_applicant_or_says_why_not() -> None:
    """A step of the organization that changes a file's status tells the applicant (a notice to
    them), or its declaration says who tells them instead (``quiet``): no decision is silent by
    accident, and a new channel (SMS) reaches every one."""
    for app in APPLICATIONS:
        for done in app.process.steps:
            if done.target is None or done.by <= frozenset({Role.APPLICANT}):
                continue
            told = any(n.to == Audience.APPLICANT for n in done.tell)
            assert told or done.quiet, f"{app.name}.{done.name} tells the applicant nothing and says not why"


def test_no_persian_line_starts_left_to_right() -> None:
    """A messenger lays out each line in the direction of its first strong character: a Persian
    line that starts with a Latin word or a letter-like symbol (ℹ️ is one) would be laid out left
    to right, its punctuation on the wrong side. Placeholders are not judged (their values are)."""
    folders = (ROOT / "locales" / "fa", ROOT.parent / "scoring" / "locales" / "fa")
    wrong = []
    for path in (p for folder in folders for p in folder.glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text("utf-8")).body:
            if not isinstance(entry, ast.Message) or entry.value is None:
                continue
            text = "".join(e.value if isinstance(e, ast.TextElement) else "\0" for e in entry.value.elements)
            for line in text.split("\n"):
                first = next((c for c in line if c == "\0" or unicodedata.bidirectional(c) in ("L", "R", "AL")), None)
                if first is not None and first != "\0" and unicodedata.bidirectional(first) == "L":
                    wrong.append(f"{entry.id.name}: {line.strip()[:40]}")
    # the English labels, read by English readers: the language button, the verification page's link
    assert sorted(wrong) == ["menu-language: 🌐 English", "verify-page-other-language: English"]


def test_a_tracking_code_reads_the_same_inside_persian_text() -> None:
    """«5483-SW6R» after Persian letters: the bidi algorithm reads the digits as an Arabic number
    that the dash does not join to the letters, and a PDF (or a messenger) would show
    «SW6R-5483». Every code the bot makes reads the same in a Persian line as it was made."""
    import io

    from pypdf import PdfReader

    from conversations.kit.i18n import I18n
    from conversations.kit.pdf import Heading, Printout, render
    from storage.tracking import FIRST, new_tracking_code

    def unreadable(lang: str, codes: list[str]) -> list[str]:
        t = I18n()(lang)
        kind = t("kind-membership")
        pdf = render(Printout(lang, tuple(Heading(t("mydata-file", code=code, kind=kind), size=9) for code in codes)))
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        return [code for code in codes if code not in text]

    assert unreadable("fa", ["5483-SW6R"]) == ["5483-SW6R"]  # what a first symbol that is a digit allowed
    worst = [f"{first}483-SW6R" for first in FIRST] + [f"{first}BCD-2345" for first in FIRST]
    codes = sorted({new_tracking_code() for _ in range(300)}) + worst
    for lang in LANGUAGES:
        assert unreadable(lang, codes) == [], lang
