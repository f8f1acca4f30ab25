"""``PROVINCES_FILE``: one deployment for several provinces' organizations (issue 25).

A TOML file, one table per province keyed by its ISO 3166-2 code as ``scoring/data`` spells it
(``[IR-14]``): the organization's names, its staff chat on each messenger, the fee and account of
each application kind, its rules text. Every value is checked here, at start: a problem is one
line naming the province and the key (``IR-14.bale_staff_chat_id: …``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.license import Rules, question_differences, read_rules
from scoring.provinces import is_province

# the keys an operator's file may hold (the first eight are fixed by issue 25)
_TEXTS = (
    "name_fa",
    "name_en",
    "membership_bank_account",
    "license_bank_account",
    "dues_bank_account",
    "rules_file_fa",
    "rules_file_en",
    "license_rules_file",
)
_CHATS = ("telegram_staff_chat_id", "bale_staff_chat_id")
_FEES = ("membership_fee_rials", "license_fee_rials")
_DUES = "dues_rials"  # a table: Jalali year → the annual dues in rials (default: DUES_RIALS)
KEYS = frozenset((*_TEXTS, *_CHATS, *_FEES, _DUES))


@dataclass(frozen=True)
class ProvinceSettings:
    """One province's organization, as its table in PROVINCES_FILE says."""

    iso: str
    name_fa: str
    name_en: str
    staff_chat_ids: Mapping[str, int]  # platform → the province's staff chat
    membership_fee_rials: int = 0
    membership_bank_account: str = ""
    license_fee_rials: int = 0
    license_bank_account: str = ""
    dues_bank_account: str = ""  # default: the membership account
    rules_fa: str = ""
    rules_en: str = ""
    license_rules: Rules | None = None  # its own license rules file; None: the shipped one
    dues_rials: Mapping[int, int] | None = None  # its own annual dues; None: DUES_RIALS

    def fees(self) -> dict[str, tuple[int, str]]:
        """Each application kind's fee and account (the same shape as ``Settings.fees``)."""
        return {
            "membership": (self.membership_fee_rials, self.membership_bank_account),
            "builder_license": (self.license_fee_rials, self.license_bank_account),
            "dues": (0, self.dues_bank_account or self.membership_bank_account),
        }


class ProvincesFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_provinces(path: str, platforms: Iterable[str]) -> dict[str, ProvinceSettings]:
    """The provinces of the file at ``path``, in its order; ``ProvincesFileError`` with one line
    per problem. ``platforms``: the messengers with a token, each of which needs a staff chat."""
    where = Path(path)
    try:
        tables = tomllib.loads(where.read_text("utf-8"))
    except OSError as exc:
        raise ProvincesFileError([f"PROVINCES_FILE: cannot read {path} ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError:
        raise ProvincesFileError([f"PROVINCES_FILE: {path} is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProvincesFileError([f"PROVINCES_FILE: {path} is not TOML ({exc})"]) from None
    problems: list[str] = []
    found: dict[str, ProvinceSettings] = {}
    if not tables:
        problems.append(f"PROVINCES_FILE: {path} names no province; add a table such as [IR-14]")
    wanted = list(platforms)
    for iso, table in tables.items():
        if not is_province(iso):
            problems.append(f"{iso}: not a province code; use the ISO 3166-2 code, IR-00 … IR-30 (e.g. [IR-14])")
            continue
        if not isinstance(table, dict):
            problems.append(f"{iso}: a table is expected ([{iso}] and its keys below it)")
            continue
        parsed = _province(iso, table, wanted, where.parent, problems)
        if parsed is not None:
            found[iso] = parsed
    if problems:
        raise ProvincesFileError(problems)
    return found


def _province(
    iso: str, table: Mapping[str, Any], platforms: list[str], folder: Path, problems: list[str]
) -> ProvinceSettings | None:
    before = len(problems)
    problems.extend(
        f"{iso}.{key}: not a known setting (known: {', '.join(sorted(KEYS))})" for key in table if key not in KEYS
    )
    texts: dict[str, str] = {}
    for key in _TEXTS:
        value = table.get(key, "")
        if not isinstance(value, str):
            problems.append(f'{iso}.{key}: text in quotes is expected, e.g. {key} = "…"')
            continue
        texts[key] = value.strip()
    for key in ("name_fa", "name_en"):
        if key in texts and not texts[key]:
            problems.append(
                f"{iso}.{key}: required; applicants see the organization's name in the bot and on every PDF"
            )
    chats: dict[str, int] = {}
    for platform in ("telegram", "bale"):
        key = f"{platform}_staff_chat_id"
        value = table.get(key)
        if value is None:
            if platform in platforms:
                problems.append(
                    f"{iso}.{key}: required while {platform.upper()}_TOKEN is set: the province's files reach "
                    "its staff there (/whoami in the staff group tells its id)"
                )
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value == 0:
            problems.append(f"{iso}.{key}: a chat id is expected, a whole number such as -1001234567890")
            continue
        chats[platform] = value
    fees: dict[str, int] = {}
    for key in _FEES:
        value = table.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{iso}.{key}: a whole number of rials, 0 or more, is expected, e.g. 2500000 (0 = no fee)")
            continue
        fees[key] = value
    rules: dict[str, str] = {}
    for lang in ("fa", "en"):
        name = texts.get(f"rules_file_{lang}", "")
        if not name:
            continue
        path = Path(name) if Path(name).is_absolute() else folder / name
        try:
            rules[lang] = path.read_text("utf-8").strip()
        except (OSError, UnicodeDecodeError):
            problems.append(f"{iso}.rules_file_{lang}: cannot read {name} as UTF-8 text (a path beside PROVINCES_FILE)")
    license_rules = _license_rules(iso, texts.get("license_rules_file", ""), folder, problems)
    dues = _dues(iso, table.get(_DUES), problems)
    if len(problems) > before:
        return None
    return ProvinceSettings(
        iso=iso,
        name_fa=texts["name_fa"],
        name_en=texts["name_en"],
        staff_chat_ids=chats,
        membership_fee_rials=fees["membership_fee_rials"],
        membership_bank_account=texts["membership_bank_account"],
        license_fee_rials=fees["license_fee_rials"],
        license_bank_account=texts["license_bank_account"],
        dues_bank_account=texts["dues_bank_account"],
        rules_fa=rules.get("fa", ""),
        rules_en=rules.get("en", ""),
        license_rules=license_rules,
        dues_rials=dues,
    )


def _dues(iso: str, value: object, problems: list[str]) -> dict[int, int] | None:
    """The province's annual dues: ``dues_rials = { 1404 = 1800000, 1405 = 2000000 }``."""
    if value is None:
        return None
    expected = "a table of Jalali years and rials, e.g. dues_rials = { 1404 = 1800000, 1405 = 2000000 }"
    if not isinstance(value, dict):
        problems.append(f"{iso}.{_DUES}: {expected}")
        return None
    table: dict[int, int] = {}
    for year, rials in value.items():
        if not (year.isascii() and year.isdigit() and 1300 <= int(year) <= 1600):
            problems.append(f"{iso}.{_DUES}: {year!r} is not a Jalali year; {expected}")
        elif isinstance(rials, bool) or not isinstance(rials, int) or rials < 0:
            problems.append(f"{iso}.{_DUES}.{year}: a whole number of rials, 0 or more, is expected")
        else:
            table[int(year)] = rials
    return table


def _license_rules(iso: str, name: str, folder: Path, problems: list[str]) -> Rules | None:
    """The province's own license rules (issue 25: worksheet factors and limits differ by province),
    checked as ``nezam-bot rules check --rules-file`` reads one: a rules file the scoring reads,
    asking the application's questions as the shipped file does (only numbers may differ)."""
    if not name:
        return None
    path = Path(name) if Path(name).is_absolute() else folder / name
    found = read_license_rules(path, name)
    if isinstance(found, str):
        problems.append(f"{iso}.license_rules_file: {found}")
        return None
    return found


def read_license_rules(path: Path, name: str) -> Rules | str:
    """A license rules file an operator gives (PROVINCES_FILE's ``license_rules_file``,
    ``nezam-bot score --rules-file``): the rules, or what is wrong with it in one line (``name``
    as the operator wrote it). It must ask the application's questions as the shipped file does:
    only numbers may differ."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return f"cannot read {name} as UTF-8 text (a path beside PROVINCES_FILE, or from where the command runs)"
    try:
        rules = read_rules(text)
    except ValueError as exc:
        return f"{name} is not a license rules file: {exc}"
    differences = question_differences(rules)
    return f"{name}: {differences[0]}" if differences else rules
