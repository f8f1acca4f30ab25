"""Settings from the environment (and ``.env``), built once in the entry point."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.db import DEFAULT_DATABASE_URL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_token: str | None = None
    telegram_api_base: str = "https://api.telegram.org"
    telegram_staff_chat_id: int | None = None
    telegram_admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    bale_token: str | None = None
    bale_api_base: str = "https://tapi.bale.ai"
    bale_staff_chat_id: int | None = None
    bale_admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    files_dir: str = "./data/files"
    default_language: str = "fa"

    org_name_fa: str = "سازمان نظام مهندسی ساختمان استان"
    org_name_en: str = "Provincial Construction Engineering Organization"
    rules_file_fa: str | None = None
    rules_file_en: str | None = None
    membership_fee_rials: int = 0
    bank_account: str = ""
    payment_provider_token: str | None = None

    min_photo_width: int = 600
    min_photo_height: int = 400
    log_level: str = "INFO"

    @field_validator("telegram_admin_ids", "bale_admin_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        return value

    @field_validator("telegram_token", "bale_token", "redis_url", "payment_provider_token", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

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

    def staff_chat_id(self, platform: str) -> int | None:
        return self.telegram_staff_chat_id if platform == "telegram" else self.bale_staff_chat_id

    def admin_ids(self, platform: str) -> list[int]:
        return self.telegram_admin_ids if platform == "telegram" else self.bale_admin_ids
