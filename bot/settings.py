"""Settings from the environment (and ``.env``), built once in the entry point.

Every variable is checked when the settings are built; ``load_settings()`` turns what is wrong
into one line per variable (``ConfigError.problems``), naming it and saying what is expected,
never quoting a token, a password or a URL that may hold one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from pydantic import Field, PrivateAttr, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.provinces_file import ProvinceSettings, load_provinces
from conversations.kit.sms import KINDS as SMS_KINDS
from scoring import normalize_digits
from scoring.provinces import is_province
from storage.db import DEFAULT_DATABASE_URL, database_url_problem
from storage.encryption import KEY_PROBLEM, Keyring, parse_key
from storage.retention import Policy

PLATFORMS = ("telegram", "bale")
LANGUAGES = ("fa", "en")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# what @BotFather gives on Telegram and on Bale: the bot's numeric id, a colon, the secret
_TOKEN = re.compile(r"\d+:\S+")
_REDIS_SCHEMES = ("redis", "rediss", "unix")
# Telegram's secret_token alphabet (1-256 characters); 16 at least, so that it cannot be guessed
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")
# the ports each messenger delivers webhooks to (Telegram's setWebhook; Bale: ../shared/platforms/bale.md)
WEBHOOK_PORTS = {"telegram": (443, 80, 88, 8443), "bale": (443, 88)}
OFFICIAL_API = {"telegram": "https://api.telegram.org", "bale": "https://tapi.bale.ai"}
# SMS (issue 24): the providers and their official addresses (SMS_API_BASE points elsewhere: the emulator)
SMS_PROVIDERS = {"kavenegar": "https://api.kavenegar.com", "smsir": "https://api.sms.ir"}
# what aiohttp-socks reaches a Bot API through (https: TLS to the proxy itself)
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h", "socks4")


class ConfigError(Exception):
    """The configuration cannot be used; one line per problem in ``problems``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _shown(value: object) -> str:
    """A non-secret value quoted in a message, cut short."""
    text = str(value).strip()
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def _http_address(value: str, example: str) -> str:
    """An http(s) address with a host, without its trailing slash."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{_shown(value)} is not an http(s) address, e.g. {example}")
    return value.strip().rstrip("/")


def _public_base(value: str, example: str, what: str) -> str:
    """The public base URL of the bot's pages (the webhook, the verification pages): an http(s)
    address whose port is a number, with no query or fragment."""
    try:
        urlsplit(value).port  # noqa: B018  # raises on a port that is not a number
    except ValueError:
        raise ValueError("the port is not a number (e.g. https://bot.example.ir)") from None
    shown = _http_address(value, example)
    parts = urlsplit(value)
    if parts.query or parts.fragment:
        raise ValueError(f"{what} takes no query or fragment (e.g. https://bot.example.ir/nezam)")
    return shown


def _whole_number(value: object, expected: str, *, minimum: int | None = None) -> object:
    """A whole number from the environment: Persian digits, thousands separators and spaces
    accepted (2,500,000 · ۲۵۰۰۰۰۰)."""
    if not isinstance(value, str):
        return value
    text = normalize_digits(value).strip().replace(",", "").replace("_", "").replace("٬", "").replace(" ", "")
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(f"{_shown(value)} is not a whole number; expected {expected}")
    number = int(text)
    if minimum is not None and number < minimum:
        raise ValueError(f"{_shown(value)} is below {minimum}; expected {expected}")
    return number


# the deployment's name with several provinces and no ORG_NAME_*: the national organization (the
# provinces' organizations are its provincial ones; seed 000 is its guide)
NATIONAL_NAME_FA = "سازمان نظام مهندسی ساختمان کشور"
NATIONAL_NAME_EN = "Iran Construction Engineering Organization"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")
    _tenants: dict[str, ProvinceSettings] = PrivateAttr(default_factory=dict)

    telegram_token: str | None = None
    telegram_api_base: str = "https://api.telegram.org"  # or a relay: a Bot API server or reverse proxy abroad
    telegram_proxy: str | None = None  # http://, https://, socks5:// (user:password@ allowed): every call and download
    telegram_staff_chat_id: int | None = None
    telegram_admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    bale_token: str | None = None
    bale_api_base: str = "https://tapi.bale.ai"
    bale_proxy: str | None = None
    bale_staff_chat_id: int | None = None
    bale_admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    files_dir: str = "./data/files"
    # the master key documents are sealed with (``nezam-bot files new-key``), and the keys of an
    # unfinished rotation, still accepted for reading (``nezam-bot files rotate-key``)
    files_key: SecretStr | None = None
    files_old_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    # retention (issue 28): an untouched draft, and a rejected file's documents; 0 = kept
    draft_retention_days: int = 180
    rejected_retention_days: int = 730
    # waiting too long (issue 23): days a file may wait in a staff step before the daily digest
    # names it, per status (``submitted=3,inquiries=20``), the others ``waiting_default_days``
    # (0: never); the digest goes out once a day at this hour, Iran time
    waiting_days: Annotated[dict[str, int], NoDecode] = Field(default_factory=dict)
    waiting_default_days: int = 7
    waiting_digest_hour: int = 8
    default_language: str = "fa"

    # issue 25: several provinces' organizations in one deployment (a TOML file, bot.provinces_file);
    # without it the settings below are one organization, that of PROVINCE when given (its
    # province comes first in every province list, issue 29)
    provinces_file: str | None = None
    province: str | None = None
    org_name_fa: str = "سازمان نظام مهندسی ساختمان استان"
    org_name_en: str = "Provincial Construction Engineering Organization"
    rules_file_fa: str | None = None
    rules_file_en: str | None = None
    # per application kind: the fee asked once staff approve, and the account a slip is paid to
    membership_fee_rials: int = 0
    bank_account: str = ""  # the membership fee's account
    license_fee_rials: int = 0
    license_bank_account: str = ""
    # annual membership dues: the Jalali year → the dues of that year, e.g. 1404=1800000,1405=2000000;
    # a year not listed cannot be paid yet (the member is told so)
    dues_rials: Annotated[dict[int, int], NoDecode] = Field(default_factory=dict)
    dues_bank_account: str = ""  # the dues' account (default: BANK_ACCOUNT)
    # the messengers have different payment providers (Telegram's / Bale's wallet): one token each
    telegram_payment_provider_token: str | None = None
    bale_payment_provider_token: str | None = None
    payment_provider_token: str | None = None  # the old single name: read for Telegram, with a warning

    # SMS (issue 24): SMS_PROVIDER unset = no SMS channel; the names are operators' and fixed
    sms_provider: str | None = None  # kavenegar or smsir
    sms_api_key: SecretStr | None = None
    sms_sender: str | None = None  # the sending line number (text SMS)
    sms_api_base: str | None = None  # default: the provider's official address
    # a provider's template per SMS kind, e.g. returned=100201,approved=100202 (a kind without one
    # is sent as text from SMS_SENDER)
    sms_templates: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)

    min_photo_width: int = 600
    min_photo_height: int = 400
    log_level: str = "INFO"

    # webhook mode (issue 13): the public base URL the messengers post updates to, behind a
    # reverse proxy; without it, long polling
    webhook_url: str | None = None
    webhook_secret: str | None = None
    listen: str = "0.0.0.0:8080"  # inside a container, behind the proxy
    metrics: bool = True  # polling mode: serve /healthz and /metrics on LISTEN too (webhook mode: always)

    # verifiable documents (issue 27): the public address of the verification pages (the QR code of
    # every PDF opens VERIFY_BASE_URL/v/<code>; served on LISTEN in either mode), and the key the
    # codes are derived with (default: one derived from FILES_KEY)
    verify_base_url: str | None = None
    verify_key: SecretStr | None = None
    verify_checks_per_minute: int = 30  # of one client, on the page and in the bot

    @field_validator(
        "telegram_token",
        "bale_token",
        "redis_url",
        "telegram_proxy",
        "bale_proxy",
        "telegram_payment_provider_token",
        "bale_payment_provider_token",
        "payment_provider_token",
        "webhook_url",
        "webhook_secret",
        "files_key",
        "sms_provider",
        "sms_api_key",
        "sms_sender",
        "sms_api_base",
        "verify_base_url",
        "verify_key",
        "provinces_file",
        "province",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
        return None if value == "" else value

    @field_validator("telegram_token", "bale_token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        if value is not None and not _TOKEN.fullmatch(value):
            raise ValueError(
                "not a bot token: expected the form 123456789:AAE… that @BotFather gives (the value is not shown)"
            )
        return value

    @field_validator("telegram_api_base", "bale_api_base")
    @classmethod
    def _api_base(cls, value: str) -> str:
        return _http_address(value, "https://api.telegram.org")

    @field_validator("telegram_proxy", "bale_proxy")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        problem = proxy_url_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("telegram_staff_chat_id", "bale_staff_chat_id", mode="before")
    @classmethod
    def _chat_id(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return _whole_number(value, "the staff chat's numeric id, e.g. -1001234567890")

    @field_validator("telegram_admin_ids", "bale_admin_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        expected = "numeric user ids separated by commas, e.g. 123456789,987654321"
        return [_whole_number(part, expected, minimum=1) for part in value.replace(";", ",").split(",") if part.strip()]

    @field_validator("sms_provider")
    @classmethod
    def _sms_provider(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() not in SMS_PROVIDERS:
            raise ValueError(
                f"{_shown(value)} is not a provider the bot speaks; use kavenegar or smsir (or leave it unset)"
            )
        return value.lower()

    @field_validator("sms_sender")
    @classmethod
    def _sms_sender(cls, value: str | None) -> str | None:
        if value is None:
            return None
        number = normalize_digits(value).strip().replace(" ", "").replace("-", "")
        if not re.fullmatch(r"\+?\d{4,16}", number):
            raise ValueError(
                f"{_shown(value)} is not a line number; expected the provider's sending line, e.g. 10004346"
            )
        return number

    @field_validator("sms_api_base")
    @classmethod
    def _sms_api_base(cls, value: str | None) -> str | None:
        return None if value is None else _http_address(value, "https://api.kavenegar.com")

    @field_validator("sms_templates", mode="before")
    @classmethod
    def _sms_templates(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        found: dict[str, str] = {}
        for item in value.replace(";", ",").split(","):
            if not item.strip():
                continue
            kind, sep, template = item.partition("=")
            kind, template = kind.strip(), template.strip()
            if not sep or not template:
                raise ValueError(f"{_shown(item)} is not kind=template, e.g. returned=100201,approved=100202")
            if kind not in SMS_KINDS:
                raise ValueError(f"{_shown(kind)} is not an SMS kind; the kinds are {', '.join(SMS_KINDS)}")
            found[kind] = template
        return found

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        problem = database_url_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        problem = redis_url_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("files_key")
    @classmethod
    def _files_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            parse_key(value.get_secret_value())  # ValueError(KEY_PROBLEM): never the value
        return value

    @field_validator("files_old_keys", mode="before")
    @classmethod
    def _files_old_keys(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        keys = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        for n, key in enumerate(keys, start=1):
            try:
                parse_key(key)
            except ValueError:
                raise ValueError(f"key {n} of {len(keys)}: {KEY_PROBLEM}; keys separated by commas") from None
        return keys

    @field_validator("draft_retention_days", "rejected_retention_days", mode="before")
    @classmethod
    def _days(cls, value: object) -> object:
        return _whole_number(value, "a number of days, e.g. 180 (0 = kept for good)", minimum=0)

    @field_validator("draft_retention_days")
    @classmethod
    def _draft_days(cls, value: int) -> int:
        notice = Policy().notice_days
        if 0 < value <= notice:
            raise ValueError(
                f"{value} days: at least {notice + 1} (the applicant is told {notice} days before), or 0 to keep drafts"
            )
        return value

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value.strip() not in LANGUAGES:
            raise ValueError(f"{_shown(value)} is not a language of the bot; use fa or en")
        return value.strip()

    @field_validator("province", mode="before")
    @classmethod
    def _province(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        code = str(value).strip().upper()
        if not is_province(code):
            raise ValueError(
                f"{_shown(value)} is not a province code; use the ISO 3166-2 code IR-00 … IR-30, e.g. IR-14"
            )
        return code

    @model_validator(mode="after")
    def _provinces(self) -> Settings:
        """PROVINCES_FILE read and checked once, at start: one line per problem, province and key."""
        if self.provinces_file is None:
            self._tenants = {}
            return self
        self._tenants = load_provinces(self.provinces_file, self.tokens())  # ProvincesFileError: a ValueError
        if self.province is not None and self.province not in self._tenants:
            raise ValueError(f"PROVINCE: {self.province} has no table in PROVINCES_FILE ({self.provinces_file})")
        return self

    def tenants(self) -> dict[str, ProvinceSettings]:
        """The provinces of PROVINCES_FILE (empty without it: the environment is one organization)."""
        return dict(self._tenants)

    def deployment_name(self, lang: str) -> str:
        """The deployment's own organization's name: what the bot says before a file has a province
        (the welcome, the membership rules). ORG_NAME_FA / ORG_NAME_EN when set; unset, with several
        provinces in PROVINCES_FILE, the national organization's — not "the province's" of the
        one-organization default, which would be untrue there (issue 25); with one, that one's."""
        explicit = ("org_name_en" if lang == "en" else "org_name_fa") in self.model_fields_set
        own = self.org_name_en if lang == "en" else self.org_name_fa
        if explicit or not self._tenants:
            return own
        if len(self._tenants) == 1:
            only = next(iter(self._tenants.values()))
            return only.name_en if lang == "en" else only.name_fa
        return NATIONAL_NAME_EN if lang == "en" else NATIONAL_NAME_FA

    def served(self) -> tuple[str, ...]:
        """The provinces this deployment's organization(s) serve: PROVINCES_FILE's, else PROVINCE."""
        if self._tenants:
            return tuple(self._tenants)
        return (self.province,) if self.province else ()

    @field_validator("org_name_fa", "org_name_en")
    @classmethod
    def _org_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("empty; applicants see the organization's name in the bot")
        return value.strip()

    @field_validator("rules_file_fa", "rules_file_en", mode="before")
    @classmethod
    def _rules_file(cls, value: object) -> object:
        if not isinstance(value, str) or not value.strip():
            return None
        path = Path(value.strip())
        try:
            path.read_text("utf-8")
        except FileNotFoundError:
            raise ValueError(f"no such file: {path}") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path} is not UTF-8 text") from None
        except OSError as exc:
            raise ValueError(f"cannot read {path}: {exc.strerror}") from None
        return str(path)

    @field_validator("membership_fee_rials", "license_fee_rials", mode="before")
    @classmethod
    def _fee(cls, value: object) -> object:
        return _whole_number(value, "a whole number of rials, e.g. 2500000 (0 = no fee)", minimum=0)

    @field_validator("waiting_default_days", mode="before")
    @classmethod
    def _waiting_default(cls, value: object) -> object:
        return _whole_number(value, "a number of days, e.g. 7 (0 = no digest)", minimum=0)

    @field_validator("waiting_digest_hour", mode="before")
    @classmethod
    def _digest_hour(cls, value: object) -> object:
        hour = _whole_number(value, "an hour of the day, 0 to 23 (Iran time)", minimum=0)
        if isinstance(hour, int) and hour > 23:
            raise ValueError(f"{hour}: an hour of the day, 0 to 23 (Iran time)")
        return hour

    @field_validator("waiting_days", mode="before")
    @classmethod
    def _waiting_days(cls, value: object) -> object:
        """``submitted=3,inquiries=20``: a status and its days, per comma."""
        if not isinstance(value, str):
            return value
        expected = "statuses and their days, e.g. submitted=3,inquiries=20"
        table: dict[str, int] = {}
        for part in normalize_digits(value).replace("؛", ",").split(","):
            if not part.strip():
                continue
            status, sep, days = part.partition("=")
            if not sep or not status.strip().isidentifier():
                raise ValueError(f"{_shown(part)} is not status=days; expected {expected}")
            table[status.strip().lower()] = int(_whole_number(days, expected, minimum=0))  # type: ignore[call-overload]
        return table

    @field_validator("dues_rials", mode="before")
    @classmethod
    def _dues(cls, value: object) -> object:
        """``1404=1800000,1405=2000000``: a Jalali year and its dues in rials, per comma."""
        if not isinstance(value, str):
            return value
        expected = "Jalali years and their dues in rials, e.g. 1404=1800000,1405=2000000"
        table: dict[int, int] = {}
        for part in normalize_digits(value).replace("؛", ",").split(","):
            if not part.strip():
                continue
            year, sep, amount = part.partition("=")
            if not sep or not year.strip().isdigit() or not 1300 <= int(year) <= 1600:
                raise ValueError(f"{_shown(part)} is not year=rials; expected {expected}")
            fee = _whole_number(amount, expected, minimum=0)
            table[int(year)] = int(fee)  # type: ignore[call-overload]  # a str gives an int
        return table

    def fees(self) -> dict[str, tuple[int, str]]:
        """Each application kind's fee and the account its slips are paid to (one mechanism; the
        dues compute theirs from ``dues_rials``)."""
        return {
            "membership": (self.membership_fee_rials, self.bank_account),
            "builder_license": (self.license_fee_rials, self.license_bank_account),
            "dues": (0, self.dues_bank_account or self.bank_account),
        }

    @field_validator("min_photo_width", "min_photo_height", mode="before")
    @classmethod
    def _pixels(cls, value: object) -> object:
        return _whole_number(value, "a number of pixels, e.g. 600", minimum=1)

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip().upper() not in LOG_LEVELS:
                raise ValueError(f"{_shown(value)} is not a log level; use one of {', '.join(LOG_LEVELS)}")
            return value.strip().upper()
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        return None if value is None else _public_base(value, "https://bot.example.ir", "the public base URL")

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: str | None) -> str | None:
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value):
            raise ValueError(
                "expected 16 to 256 characters of A-Z, a-z, 0-9, _ and -, e.g. from `openssl rand -hex 32` "
                "(the value is not shown)"
            )
        return value

    @field_validator("verify_base_url")
    @classmethod
    def _verify_base_url(cls, value: str | None) -> str | None:
        return None if value is None else _public_base(value, "https://verify.example.ir", "the pages' base URL")

    @field_validator("verify_key")
    @classmethod
    def _verify_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < VERIFY_KEY_LENGTH:
            raise ValueError(
                f"too short: at least {VERIFY_KEY_LENGTH} characters, e.g. from `openssl rand -hex 32` "
                "(the value is not shown)"
            )
        return value

    @field_validator("verify_checks_per_minute", mode="before")
    @classmethod
    def _checks(cls, value: object) -> object:
        return _whole_number(value, "a number of checks a minute per client, e.g. 30", minimum=1)

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        listen_address(value)  # raises ValueError naming what is wrong
        return value.strip()

    @field_validator("metrics", mode="before")
    @classmethod
    def _metrics(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip().lower() in ("", "0", "false", "no", "off"):
                return False
            if value.strip().lower() in ("1", "true", "yes", "on"):
                return True
            raise ValueError(f"{_shown(value)} is not 1 or 0")
        return value

    @model_validator(mode="after")
    def _webhook(self) -> Settings:
        """Problems of WEBHOOK_URL and WEBHOOK_SECRET together, one line each (its variable first)."""
        if self.webhook_url is None:
            return self
        problems = []
        if self.webhook_secret is None:
            problems.append(
                "WEBHOOK_SECRET: required with WEBHOOK_URL (every replica the same); "
                "16 to 256 characters of A-Z, a-z, 0-9, _ and -, e.g. from `openssl rand -hex 32`"
            )
        parts = urlsplit(self.webhook_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for platform in self.tokens():
            if self.api_base(platform) != OFFICIAL_API[platform]:
                continue  # a local Bot API server or the emulator: any address
            allowed = WEBHOOK_PORTS[platform]
            if parts.scheme != "https":
                problems.append(f"WEBHOOK_URL: {platform.capitalize()} posts updates to https:// addresses only")
            elif port not in allowed:
                ports = ", ".join(map(str, allowed))
                problems.append(f"WEBHOOK_URL: {platform.capitalize()} posts updates to ports {ports} only, not {port}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @model_validator(mode="after")
    def _sms(self) -> Settings:
        """What SMS_PROVIDER needs beside it, one line each (its variable first)."""
        if self.sms_provider is None:
            return self
        problems = []
        if self.sms_api_key is None:
            problems.append(
                f"SMS_API_KEY: required with SMS_PROVIDER={self.sms_provider} (the key of the provider's panel)"
            )
        untemplated = [kind for kind in SMS_KINDS if kind not in self.sms_templates]
        if untemplated and self.sms_sender is None:
            problems.append(
                f"SMS_SENDER: required with SMS_PROVIDER={self.sms_provider} for the SMS without a template in "
                f"SMS_TEMPLATES ({', '.join(untemplated)}): the sending line number, e.g. 10004346"
            )
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def sms_base(self) -> str:
        """The SMS provider's address (SMS_API_BASE, else the provider's official one)."""
        assert self.sms_provider is not None
        return self.sms_api_base or SMS_PROVIDERS[self.sms_provider]

    def tokens(self) -> dict[str, str]:
        """platform → token, for each configured platform."""
        out = {}
        if self.telegram_token:
            out["telegram"] = self.telegram_token
        if self.bale_token:
            out["bale"] = self.bale_token
        return out

    def api_base(self, platform: str) -> str:
        return self.telegram_api_base if platform == "telegram" else self.bale_api_base

    def proxy(self, platform: str) -> str | None:
        return self.telegram_proxy if platform == "telegram" else self.bale_proxy

    def payment_provider(self, platform: str) -> str | None:
        """The platform's payment provider token (Telegram: also the old PAYMENT_PROVIDER_TOKEN)."""
        if platform == "telegram":
            return self.telegram_payment_provider_token or self.payment_provider_token
        return self.bale_payment_provider_token

    def warnings(self) -> list[str]:
        """What works but is probably not meant: one line each, the variable first."""
        lines = []
        if self.payment_provider_token is not None:
            lines.append(
                "PAYMENT_PROVIDER_TOKEN: a deprecated name, read for Telegram only; rename it "
                "TELEGRAM_PAYMENT_PROVIDER_TOKEN (Bale's wallet token goes in BALE_PAYMENT_PROVIDER_TOKEN)"
            )
        if self._tenants:
            overridden = [
                name
                for name in (
                    "TELEGRAM_STAFF_CHAT_ID",
                    "BALE_STAFF_CHAT_ID",
                    "MEMBERSHIP_FEE_RIALS",
                    "BANK_ACCOUNT",
                    "LICENSE_FEE_RIALS",
                    "LICENSE_BANK_ACCOUNT",
                    "DUES_BANK_ACCOUNT",
                )
                if name.lower() in self.model_fields_set
            ]
            if overridden:
                lines.append(
                    f"PROVINCES_FILE: wins over {', '.join(overridden)} (each province's table says its own); "
                    "remove them from the environment"
                )
        for platform in self.tokens():
            if not self._tenants and self.staff_chat_id(platform) is None:
                lines.append(
                    f"{platform.upper()}_STAFF_CHAT_ID: not set, so submissions reach no staff; add the bot to the "
                    "staff group and send /whoami there to learn its id"
                )
        return lines

    def staff_chat_id(self, platform: str) -> int | None:
        return self.telegram_staff_chat_id if platform == "telegram" else self.bale_staff_chat_id

    def staff_chat_ids(self, platform: str) -> list[int]:
        """Every staff chat of a messenger: each province's (PROVINCES_FILE), else the one."""
        if self._tenants:
            return [chat for p in self._tenants.values() if (chat := p.staff_chat_ids.get(platform)) is not None]
        chat = self.staff_chat_id(platform)
        return [chat] if chat is not None else []

    def admin_ids(self, platform: str) -> list[int]:
        return self.telegram_admin_ids if platform == "telegram" else self.bale_admin_ids

    def keyring(self) -> Keyring:
        """The master keys of the document store; ``ConfigError`` (one line) without FILES_KEY."""
        if self.files_key is None:
            raise ConfigError([FILES_KEY_MISSING])
        return Keyring.from_texts(
            self.files_key.get_secret_value(), tuple(k.get_secret_value() for k in self.files_old_keys)
        )

    def verification_key(self) -> bytes:
        """The key verification codes are derived with: VERIFY_KEY, or one derived from FILES_KEY
        (changing either changes only the codes of documents issued from then on: the codes issued
        are kept, and checked by lookup)."""
        if self.verify_key is not None:
            return self.verify_key.get_secret_value().encode()
        if self.files_key is None:
            raise ConfigError([VERIFY_KEY_MISSING])
        return hmac.new(
            self.files_key.get_secret_value().encode(), b"nezam verification codes", hashlib.sha256
        ).digest()

    def retention(self) -> Policy:
        return Policy(draft_days=self.draft_retention_days, rejected_days=self.rejected_retention_days)


VERIFY_KEY_LENGTH = 32
VERIFY_KEY_MISSING = (
    "VERIFY_KEY: not set, nor FILES_KEY to derive it from; the documents' verification codes are derived "
    "with it. Set FILES_KEY (README: Keys), or VERIFY_KEY from `openssl rand -hex 32`"
)

FILES_KEY_MISSING = (
    "FILES_KEY: not set; the documents applicants send are encrypted with it. Generate one with "
    "`nezam-bot files new-key`, put it in .env, and keep a copy apart from the backups (README: Keys)"
)


def redis_url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a Redis URL, or None (never quotes it: it may hold a password)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "the port is not a number (e.g. redis://redis:6379/0)"
    if parts.scheme not in _REDIS_SCHEMES or not url.startswith(f"{parts.scheme}://"):
        return "not a Redis URL: it must start with redis://, rediss:// or unix:// (e.g. redis://redis:6379/0)"
    if parts.scheme != "unix" and not parts.hostname:
        return "no host (e.g. redis://redis:6379/0)"
    if port == 0:
        return "port 0 is not a Redis port (e.g. redis://redis:6379/0)"
    database = parts.path.strip("/")
    if parts.scheme != "unix" and database and not database.isdigit():
        return "the database after the host must be a number (e.g. redis://redis:6379/0)"
    return None


def proxy_url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a proxy, or None (never quotes it: it may hold a password)."""
    example = "e.g. socks5://127.0.0.1:1080 or http://user:password@proxy.example:3128"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return f"the port is not a number ({example})"
    if parts.scheme not in PROXY_SCHEMES or not url.startswith(f"{parts.scheme}://"):
        return f"not a proxy URL: it must start with {', '.join(s + '://' for s in PROXY_SCHEMES)} ({example})"
    if not parts.hostname:
        return f"no host ({example})"
    if port is None:
        return f"no port ({example})"
    if parts.path.strip("/") or parts.query:
        return f"a proxy URL is scheme://[user:password@]host:port, nothing after the port ({example})"
    return None


def proxy_address(url: str) -> str:
    """host:port of a proxy URL, for messages (never its user or password)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port}"


def proxy_credentials(url: str) -> tuple[str | None, str | None]:
    parts = urlsplit(url)
    return (unquote(parts.username) if parts.username else None, unquote(parts.password) if parts.password else None)


def listen_address(value: str) -> tuple[str, int]:
    """(host, port) of LISTEN: ``0.0.0.0:8080``, ``127.0.0.1:9000``, ``[::]:8080``, ``:8080``."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{_shown(value)} is not host:port, e.g. 0.0.0.0:8080")
    return host.strip("[]") or "0.0.0.0", int(port)  # noqa: S104  # nosec  # all interfaces when no host is given


def _problems(error: Any) -> list[str]:
    """Lines for one of pydantic's errors: VARIABLE: what is wrong (its input never shown). A check
    of several variables together names its variable on each of its lines itself."""
    message = str(error["msg"]).removeprefix("Value error, ")
    if not error.get("loc"):
        return message.splitlines()
    return [f"{str(error['loc'][0]).upper()}: {message}"]


def load_settings(**values: Any) -> Settings:
    """The settings (environment, ``.env``, ``values``), or ``ConfigError`` naming every problem."""
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError([line for error in exc.errors(include_input=False) for line in _problems(error)]) from None
    except UnicodeDecodeError:
        raise ConfigError([".env: not UTF-8 text (save it as UTF-8)"]) from None
