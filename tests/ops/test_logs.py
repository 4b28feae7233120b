"""Logs: one line per event, text or JSON, and the bot token never written, whatever logs it."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.app import build_application
from bot.logs import TEXT_FORMAT, JsonFormatter, OneLineFormatter, install_redaction, redact, secret_forms
from bot.settings import Settings
from tests.botapi.server import FakeBotApi
from tests.conftest import ask, polling, wired_to

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture
def redaction() -> Iterator[None]:
    uninstall = install_redaction([TOKEN])
    yield
    uninstall()


def _record(message: str, *args: object, exc_info: bool = False) -> logging.LogRecord:
    """A record made the way a logger makes it (through the record factory)."""
    import sys

    return logging.getLogger("test").makeRecord(
        "test", logging.ERROR, __file__, 1, message, args, sys.exc_info() if exc_info else None
    )


def test_every_form_of_the_token_is_redacted() -> None:
    key = TOKEN.split(":")[1]
    forms = secret_forms(TOKEN)
    line = f"POST https://api.telegram.org/bot{TOKEN}/getMe; quoted 123456789%3A{key}; key {key}"
    assert redact(line, forms) == ("POST https://api.telegram.org/bot***/getMe; quoted ***; key ***")


def test_token_in_arguments_and_exception_text_is_redacted(redaction: None) -> None:
    record = _record("request to %s failed", f"https://api.telegram.org/bot{TOKEN}/getUpdates")
    assert TOKEN not in record.getMessage()
    assert "bot***/getUpdates" in record.getMessage()
    try:
        raise RuntimeError(f"connect to /bot{TOKEN}/sendMessage refused")
    except RuntimeError:
        failed = _record("boom", exc_info=True)
    text = logging.Formatter().format(failed)
    assert "RuntimeError: connect to /bot***/sendMessage refused" in text
    assert TOKEN not in text


def test_text_and_json_formats_write_one_line_per_event_even_with_a_traceback() -> None:
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        record = _record("handler failed for %s", "chat 5", exc_info=True)
    text = OneLineFormatter(TEXT_FORMAT).format(record)
    assert "\n" not in text and "ValueError: first line" in text
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "handler failed for chat 5"
    assert entry["level"] == "ERROR" and "ValueError" in entry["exception"]


@pytest.fixture
async def logged_bot(bot_api: FakeBotApi, settings: Settings) -> AsyncIterator[FakeBotApi]:
    """The real bot with the service's redaction in place, polling the loopback API."""
    uninstall = install_redaction([bot_api.token])
    try:
        async with polling(bot_api, build_application(wired_to(bot_api, settings))):
            yield bot_api
    finally:
        uninstall()


async def test_a_full_conversation_with_failures_logs_no_token_at_debug(
    logged_bot: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    api = logged_bot
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # request URLs, which carry the token
    assert "Hello" in await ask(api, "/start")
    assert await ask(api, "/countries")
    api.fail("sendMessage", 500, "Internal Server Error", times=1)
    assert "Sorry" in await ask(api, "/country Iran")
    api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=2)
    api.send_text("/search Telegram")
    await api.wait_for("sendMessage", lambda call: call.injected, count=3)
    api.fail("getUpdates", 502, times=1)
    assert await ask(api, "/doc 1")

    assert any(record.name == "httpx" and "bot***/" in record.getMessage() for record in caplog.records)
    assert any(record.exc_info for record in caplog.records), "expected the failures to be logged"
    key = api.token.split(":")[1]
    for record in caplog.records:
        assert key not in record.getMessage()
        assert key not in (record.exc_text or "")
    assert key not in caplog.text
