"""Logging for a long-running service: one line per event, text or JSON, and secrets never written.

httpx logs every request URL, and a Bot API URL contains the bot token. httpx is kept at WARNING, and as
defence in depth a log-record factory redacts the token (and the webhook secret) from every record any
library creates — message, arguments and exception text — before any handler, ours or a test's, sees it.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from bot.settings import Settings

REDACTED = "***"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def secret_forms(secret: str) -> list[str]:
    """The strings that reveal ``secret`` in a log line: itself, URL-quoted, and a token's secret half."""
    forms = {secret, quote(secret, safe="")}
    _bot_id, colon, key = secret.partition(":")
    if colon and len(key) >= 8:
        forms.add(key)  # the id before the colon is public; the key after it is the secret
    return sorted((form for form in forms if form), key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by ``***``."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingRecordFactory:
    """A ``logging`` record factory that strips secrets from each record as it is created.

    The message is rendered with its arguments first (a token can hide in either), and an exception's
    text is rendered and redacted too, so formatters only ever see clean strings.
    """

    def __init__(self, secrets: Iterable[str], wrapped: Callable[..., logging.LogRecord]) -> None:
        forms = {form for secret in secrets if secret for form in secret_forms(secret)}
        self.secrets = sorted(forms, key=len, reverse=True)  # longest first: a token before its key
        self.wrapped = wrapped

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.wrapped(*args, **kwargs)
        if not self.secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what logging would show, redacted
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return record


def install_redaction(secrets: Iterable[str]) -> Callable[[], None]:
    """Redact these secrets from every log record from now on; returns a function that undoes it."""
    previous = logging.getLogRecordFactory()
    base = previous.wrapped if isinstance(previous, RedactingRecordFactory) else previous
    logging.setLogRecordFactory(RedactingRecordFactory(secrets, base))

    def uninstall() -> None:
        logging.setLogRecordFactory(previous)

    return uninstall


def settings_secrets(settings: Settings) -> list[str]:
    """The secret values among the settings."""
    return [
        secret.get_secret_value()
        for secret in (settings.bot_token, settings.webhook_secret)
        if secret is not None
    ]


class OneLineFormatter(logging.Formatter):
    """The text format with tracebacks folded into the same line (``\\n`` written as ``⏎``)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", " ⏎ ")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and, when there is one, the exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    """Log to standard error in ``LOG_FORMAT`` at ``LOG_LEVEL`` (WARNING when ``quiet``), secrets redacted."""
    install_redaction(settings_secrets(settings))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else OneLineFormatter(TEXT_FORMAT))
    level = logging.WARNING if quiet else getattr(logging, settings.log_level)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx writes a line per request with the URL, i.e. the token: only when debugging, and redacted.
    logging.getLogger("httpx").setLevel(logging.DEBUG if level == logging.DEBUG else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # The scheduler behind the JobQueue announces every run of every job at INFO.
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if level == logging.DEBUG else logging.WARNING)
