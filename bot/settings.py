"""Settings, read once from the environment (and `.env`) and passed to everything that needs them."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

InterfaceLanguage = Literal["en", "ru", "kk", "fa"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["text", "json"]
# Telegram's rule for a webhook's secret_token.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class Settings(BaseSettings):
    """Every setting of the bot; README.md and .env.example document each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_path: Path = Path("data/mpbot.sqlite3")
    seeds_dir: Path = Path("seeds")
    telegram_base_url: str = "https://api.telegram.org/bot"
    log_level: LogLevel = "INFO"
    default_language: InterfaceLanguage = "en"
    concurrent_updates: int = Field(default=8, ge=1, le=256)
    telegram_rate_per_s: int = Field(default=30, ge=1, le=1000)
    delivery_rate_per_s: int = Field(default=25, ge=1, le=1000)
    delivery_max_attempts: int = Field(default=6, ge=1, le=100)
    delivery_backoff_s: float = Field(default=2.0, gt=0, le=3600)
    # How often an idle worker looks for deliveries written by another process (mpbot ingest --notify);
    # documents published through the bot wake it at once.
    delivery_poll_seconds: float = Field(default=0.5, gt=0, le=60)
    # Chat that receives error reports (a group or a private chat with the bot); none: logs only.
    error_chat_id: int | None = None
    # Flood control for expensive requests (search, country, timeline, inline), per user:
    # a bucket of FLOOD_BURST requests that refills at FLOOD_RATE_PER_MINUTE.
    flood_rate_per_minute: float = Field(default=20.0, gt=0, le=6000)
    flood_burst: int = Field(default=6, ge=1, le=1000)
    inline_cache_seconds: int = Field(default=30, ge=0, le=86400)
    allow_private_urls: bool = False
    fetch_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    add_timeout_seconds: float = Field(default=900.0, gt=0, le=86400)
    log_format: LogFormat = "text"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    shutdown_timeout: float = Field(default=8.0, ge=0, le=600)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            ids = []
            for part in parts:
                if not part:
                    continue
                if not part.lstrip("-").isdigit():
                    raise ValueError(f"expected comma-separated numeric Telegram user ids, got {part!r}")
                ids.append(int(part))
            return frozenset(ids)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("default_language", mode="before")
    @classmethod
    def _lower_language(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("error_chat_id", mode="before")
    @classmethod
    def _empty_chat_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _https_webhook_url(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip() or None
        if isinstance(value, str):
            parts = urlsplit(value)
            if parts.scheme != "https" or not parts.hostname:
                raise ValueError("must be an https:// URL (Telegram only calls HTTPS webhooks)")
            if parts.path.rstrip("/") == "/healthz":
                raise ValueError("the path /healthz is the health check; choose another path")
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _empty_secret_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_for_webhook(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError("required when WEBHOOK_URL is set")
            return None
        if not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("1-256 characters, only A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts updates to: the path of ``WEBHOOK_URL`` (``/`` when it has none)."""
        return urlsplit(self.webhook_url or "").path or "/"

    @model_validator(mode="after")
    def _delivery_within_flood_limit(self) -> Settings:
        if self.delivery_rate_per_s > self.telegram_rate_per_s:
            raise ValueError(
                f"DELIVERY_RATE_PER_S ({self.delivery_rate_per_s}) exceeds TELEGRAM_RATE_PER_S"
                f" ({self.telegram_rate_per_s})"
            )
        return self

    @property
    def telegram_base_file_url(self) -> str:
        """The file-download URL that belongs to ``telegram_base_url`` (``…/bot`` → ``…/file/bot``)."""
        base = self.telegram_base_url
        if base.endswith("/bot"):
            return base[: -len("bot")] + "file/bot"
        return base.rstrip("/") + "/file/bot"


def describe_error(error: ValidationError) -> str:
    """One line naming the first invalid setting by its environment variable."""
    first = error.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "settings"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"invalid setting {name}: {message}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings; on an invalid value print one clear line and exit with status 2."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        print(f"mpbot: {describe_error(error)}", file=sys.stderr)
        raise SystemExit(2) from None
