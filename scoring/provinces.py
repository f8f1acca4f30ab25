"""Iran's 31 provinces and the national-code prefix table (see ``scoring/data/README.md``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from scoring.normalize import normalize_digits, normalize_text


@dataclass(frozen=True, slots=True)
class Province:
    iso: str  # ISO 3166-2:IR, e.g. "IR-14"
    fa: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.fa


def _load(name: str) -> Any:
    return json.loads((resources.files("scoring") / "data" / name).read_text("utf-8"))


@cache
def provinces() -> tuple[Province, ...]:
    """The 31 provinces, in the order of their ISO codes."""
    return tuple(Province(p["iso"], p["fa"], p["en"]) for p in _load("iran-provinces.json"))


@cache
def _by_iso() -> dict[str, Province]:
    return {p.iso: p for p in provinces()}


def province(iso: str) -> Province:
    """The province with ISO code ``iso``; KeyError if there is none."""
    return _by_iso()[iso]


def is_province(iso: str) -> bool:
    return iso in _by_iso()


def find_province(text: str) -> Province | None:
    """A province from what a person types: its ISO code ("IR-14", "ir-14"), its number
    ("14"), or its Persian or English name (digits and Arabic letters normalised)."""
    typed = normalize_text(text).casefold()
    if not typed:
        return None
    code = typed.upper() if typed.upper().startswith("IR-") else f"IR-{typed.zfill(2)}"
    if code in _by_iso():
        return _by_iso()[code]
    for p in provinces():
        if typed in (normalize_text(p.fa).casefold(), p.en.casefold()):
            return p
    return None


@cache
def _prefixes() -> dict[str, list[str]]:
    table: dict[str, dict[str, Any]] = _load("national-code-prefixes.json")["prefixes"]
    return {prefix: list(entry["provinces"]) for prefix, entry in table.items()}


def provinces_for_national_code(code: str) -> list[str]:
    """Candidate ISO codes of the province whose registry office issued ``code``.

    Two entries when the source table gives the prefix to two provinces; empty when the prefix
    is unknown to the table or the code was issued abroad. A suggestion only: the applicant
    confirms or changes it, and nothing is ever rejected because of it.
    """
    digits = normalize_digits(code).strip()
    return list(_prefixes().get(digits[:3], [])) if len(digits) >= 3 else []
