"""PROVINCES_FILE checked at start (issue 25): one line per problem, naming the province and the key;
PROVINCE, the one province of a single-organization deployment."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import scoring
from bot.settings import ConfigError, load_settings

GOOD = """
[IR-14]
name_fa = "سازمان نظام مهندسی ساختمان استان چهارمحال و بختیاری"
name_en = "Chaharmahal and Bakhtiari Construction Engineering Organization"
telegram_staff_chat_id = -1001234567890
bale_staff_chat_id = 4455667788
membership_fee_rials = 2500000
membership_bank_account = "0208388017002"
license_fee_rials = 90000
license_bank_account = "0208388017002"

[IR-23]
name_fa = "سازمان نظام مهندسی ساختمان استان تهران"
name_en = "Tehran Construction Engineering Organization"
bale_staff_chat_id = 5566778899
"""


def problems(tmp_path: Path, text: str, **values: object) -> list[str]:
    path = tmp_path / "provinces.toml"
    path.write_text(text, "utf-8")
    try:
        load_settings(_env_file=None, provinces_file=str(path), **values)
    except ConfigError as exc:
        return exc.problems
    return []


def test_the_operators_keys_are_read(tmp_path: Path) -> None:
    path = tmp_path / "provinces.toml"
    path.write_text(GOOD, "utf-8")
    settings = load_settings(_env_file=None, provinces_file=str(path), bale_token="1:bale")
    assert settings.served() == ("IR-14", "IR-23")
    a = settings.tenants()["IR-14"]
    assert a.fees()["membership"] == (2_500_000, "0208388017002")
    assert a.fees()["builder_license"] == (90_000, "0208388017002")
    assert a.staff_chat_ids == {"telegram": -1001234567890, "bale": 4455667788}
    assert settings.staff_chat_ids("bale") == [4455667788, 5566778899]
    assert settings.warnings() == []


def test_the_environment_s_settings_are_said_to_lose(tmp_path: Path) -> None:
    path = tmp_path / "provinces.toml"
    path.write_text(GOOD, "utf-8")
    settings = load_settings(_env_file=None, provinces_file=str(path), bale_staff_chat_id=-100, membership_fee_rials=5)
    [line] = settings.warnings()
    assert line.startswith("PROVINCES_FILE: wins over BALE_STAFF_CHAT_ID, MEMBERSHIP_FEE_RIALS")


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ('[IR-99]\nname_fa = "x"\nname_en = "y"', {}, "IR-99: not a province code"),
        (GOOD, {"telegram_token": "1:telegram"}, "IR-23.telegram_staff_chat_id: required while TELEGRAM_TOKEN is set"),
        (GOOD.replace("= 90000", "= -1"), {}, "IR-14.license_fee_rials: a whole number of rials, 0 or more"),
        (GOOD.replace('name_en = "Tehran', 'name_en = "" #'), {}, "IR-23.name_en: required"),
        (GOOD + "fee = 1\n", {}, "IR-23.fee: not a known setting"),
        (GOOD.replace("= 4455667788", '= "chat"'), {}, "IR-14.bale_staff_chat_id: a chat id is expected"),
        ("[IR-14", {}, "PROVINCES_FILE:"),
        (GOOD, {"province": "IR-07"}, "PROVINCE: IR-07 has no table in PROVINCES_FILE"),
    ],
)
def test_each_problem_is_one_line_naming_the_province_and_key(
    tmp_path: Path, text: str, values: dict[str, object], expected: str
) -> None:
    found = problems(tmp_path, text, **values)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_province_is_a_code(tmp_path: Path) -> None:
    assert load_settings(_env_file=None, province="ir-14").served() == ("IR-14",)
    assert load_settings(_env_file=None, province="").served() == ()
    with pytest.raises(ConfigError) as raised:
        load_settings(_env_file=None, province="Fars")
    assert raised.value.problems == [
        "PROVINCE: “Fars” is not a province code; use the ISO 3166-2 code IR-00 … IR-30, e.g. IR-14"
    ]


KEY = "IR-23.license_rules_file"
SHIPPED = (Path(scoring.__file__).parent / "license_rules.toml").read_text("utf-8")


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (None, "IR-23.license_rules_file: cannot read tehran.toml as UTF-8 text"),
        ("[worksheet3", "IR-23.license_rules_file: tehran.toml is not a license rules file: not TOML"),
        (SHIPPED.replace("[worksheet7]", "[worksheet_7]"), "IR-23.license_rules_file: tehran.toml is not a license"),
        (SHIPPED.replace("floor = 5", 'floor = "five"', 1), "IR-23.license_rules_file: tehran.toml is not a license"),
        (
            SHIPPED.replace("[worksheet4.record_types.own_contract]", "[worksheet4.record_types.own]"),
            "IR-23.license_rules_file: tehran.toml: worksheet4.record_types:",
        ),
        (
            SHIPPED.replace("max_mark = 10", "max_mark = 20"),
            "IR-23.license_rules_file: tehran.toml: worksheet6.max_mark",
        ),
    ],
)
def test_a_province_s_bad_license_rules_file_is_one_line(tmp_path: Path, rules: str | None, expected: str) -> None:
    """A province's own license rules: unreadable, not a rules file, or asking other questions than
    the shipped file → start fails with one line naming the province and the key."""
    if rules is not None:
        (tmp_path / "tehran.toml").write_text(rules, "utf-8")
    found = problems(tmp_path, GOOD + 'license_rules_file = "tehran.toml"\n')
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_province_s_own_license_rules_are_read_and_the_others_keep_the_shipped(tmp_path: Path) -> None:
    """Numbers may differ (a factor, a floor, the grades' minimums): read, the province's alone."""
    edited = SHIPPED.replace("{ grade = 3, min_total = 20 }", "{ grade = 3, min_total = 25 }")
    (tmp_path / "tehran.toml").write_text(edited, "utf-8")
    path = tmp_path / "provinces.toml"
    path.write_text(GOOD + 'license_rules_file = "tehran.toml"\n', "utf-8")
    tenants = load_settings(_env_file=None, provinces_file=str(path)).tenants()
    tehran = tenants["IR-23"].license_rules
    assert tehran is not None and (3, Decimal(25)) in tehran.grades
    assert tenants["IR-14"].license_rules is None  # the shipped file's (bot.app)


def test_before_a_province_is_chosen_a_deployment_of_several_says_the_national_name(tmp_path: Path) -> None:
    """The welcome and the membership rules name the deployment: ORG_NAME_* when set; unset, with
    several provinces the national organization (not the one-organization default «… استان»), with
    one that province's."""
    path = tmp_path / "provinces.toml"
    path.write_text(GOOD, "utf-8")
    several = load_settings(_env_file=None, provinces_file=str(path))
    assert several.deployment_name("fa") == "سازمان نظام مهندسی ساختمان کشور"
    assert several.deployment_name("en") == "Iran Construction Engineering Organization"
    named = load_settings(_env_file=None, provinces_file=str(path), org_name_fa="نظام مهندسی (سامانه ملی)")
    assert named.deployment_name("fa") == "نظام مهندسی (سامانه ملی)"
    path.write_text(GOOD.split("[IR-23]")[0], "utf-8")
    one = load_settings(_env_file=None, provinces_file=str(path))
    assert one.deployment_name("fa") == "سازمان نظام مهندسی ساختمان استان چهارمحال و بختیاری"
    alone = load_settings(_env_file=None)
    assert alone.deployment_name("fa") == alone.org_name_fa == "سازمان نظام مهندسی ساختمان استان"


def test_a_province_s_own_annual_dues_are_read_and_the_others_keep_dues_rials(tmp_path: Path) -> None:
    path = tmp_path / "provinces.toml"
    path.write_text(GOOD + "dues_rials = { 1404 = 2100000, 1405 = 2400000 }\n", "utf-8")
    tenants = load_settings(_env_file=None, provinces_file=str(path), dues_rials="1404=1800000").tenants()
    assert tenants["IR-23"].dues_rials == {1404: 2_100_000, 1405: 2_400_000}
    assert tenants["IR-14"].dues_rials is None  # DUES_RIALS (bot.app)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("dues_rials = 2100000", "IR-23.dues_rials: a table of Jalali years and rials"),
        ("dues_rials = { 404 = 2100000 }", "IR-23.dues_rials: '404' is not a Jalali year"),
        ("dues_rials = { 1404 = -5 }", "IR-23.dues_rials.1404: a whole number of rials, 0 or more"),
        ('dues_rials = { 1404 = "2100000" }', "IR-23.dues_rials.1404: a whole number of rials, 0 or more"),
    ],
)
def test_a_province_s_bad_dues_table_is_one_line(tmp_path: Path, table: str, expected: str) -> None:
    found = problems(tmp_path, GOOD + table + "\n")
    assert len(found) == 1 and found[0].startswith(expected), found
