"""The vocabulary the application rules are written in: labelled enumerations, and field
requirements as data (a field, when it applies, a value it must have), shared by the membership
rules and the builder-license rules.

Answers are plain mappings (what the dialog stores in the draft, JSON-friendly): yes/no answers
are booleans, dates are ISO ``YYYY-MM-DD`` strings (Gregorian), choices are enum values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

Answers = Mapping[str, object]

# (enumeration, value) → (Persian, English). Keyed by the enumeration too: members of two
# enumerations with the same value (membership's and the license's "documents") compare equal.
_LABELS: dict[tuple[type, str], tuple[str, str]] = {}


def add_labels(labels: Mapping[StrEnum, tuple[str, str]]) -> None:
    """Each module of rules adds the labels of its enumerations."""
    _LABELS.update({(type(member), member.value): texts for member, texts in labels.items()})


class Labelled(StrEnum):
    """A StrEnum whose members have a Persian and an English label (``add_labels``)."""

    def label(self, lang: str = "fa") -> str:
        fa, en = _LABELS[(type(self), self.value)]
        return en if lang == "en" else fa


Condition = Callable[[Answers], bool]


def always(_: Answers) -> bool:
    return True


def answered_yes(name: str) -> Condition:
    """Applies when the yes/no question ``name`` was answered yes."""

    def condition(answers: Answers) -> bool:
        return answers.get(name) is True

    return condition


def answered(name: str, value: str) -> Condition:
    """Applies when the choice ``name`` was answered with ``value``."""

    def condition(answers: Answers) -> bool:
        return answers.get(name) == value

    return condition


@dataclass(frozen=True, slots=True)
class Requirement:
    """A field a section needs when ``applies`` says so; ``must_be`` pins its value (a commitment)."""

    name: str
    applies: Condition = always
    must_be: object = None

    def satisfied_by(self, answers: Answers) -> bool:
        if not self.applies(answers):
            return True
        value = answers.get(self.name)
        if value is None or value == "":
            return False
        return self.must_be is None or value == self.must_be


def missing_fields(requirements: Sequence[Requirement], answers: Answers) -> list[str]:
    """Names of the required fields not (correctly) answered, in the order of ``requirements``."""
    return [r.name for r in requirements if not r.satisfied_by(answers)]
