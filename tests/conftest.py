"""Shared fixtures: a fresh SQLite file, the seed folder, and the real bot against the loopback Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from bot.app import build_application, serve
from bot.settings import Settings
from storage.database import Database
from storage.documents import DocumentStore
from tests.botapi.server import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's .env or environment settings."""
    for name in (
        "BOT_TOKEN",
        "ADMIN_IDS",
        "DATABASE_PATH",
        "SEEDS_DIR",
        "TELEGRAM_BASE_URL",
        "LOG_LEVEL",
        "DEFAULT_LANGUAGE",
        "CONCURRENT_UPDATES",
        "TELEGRAM_RATE_PER_S",
        "DELIVERY_RATE_PER_S",
        "DELIVERY_MAX_ATTEMPTS",
        "DELIVERY_BACKOFF_S",
        "DELIVERY_POLL_SECONDS",
        "ERROR_CHAT_ID",
        "FLOOD_RATE_PER_MINUTE",
        "FLOOD_BURST",
        "INLINE_CACHE_SECONDS",
        "ALLOW_PRIVATE_URLS",
        "FETCH_TIMEOUT_SECONDS",
        "ADD_TIMEOUT_SECONDS",
        "LOG_FORMAT",
        "WEBHOOK_URL",
        "WEBHOOK_LISTEN",
        "WEBHOOK_PORT",
        "WEBHOOK_SECRET",
        "SHUTDOWN_TIMEOUT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh database file and the real seeds."""
    return Settings(database_path=tmp_path / "bot.sqlite3", seeds_dir=SEEDS, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database in a real SQLite file."""
    db = await Database.open(tmp_path / "store.sqlite3")
    yield db
    await db.close()


@pytest.fixture
def store(database: Database) -> DocumentStore:
    """The document store on that database."""
    return DocumentStore(database)


pytest_plugins = ["tests.botapi.fixtures"]


@asynccontextmanager
async def polling(api: FakeBotApi, application: Application) -> AsyncIterator[Application]:
    """``serve`` the application polling ``api``, and tell ``api`` (``ask`` waits until the bot is done)."""
    async with serve(application, polling=True):
        api.polled_by = application
        try:
            yield application
        finally:
            api.polled_by = None


def wired_to(api: FakeBotApi, settings: Settings, **changes: Any) -> Settings:
    """The settings with the bot's token and Bot API address of the loopback harness (and ``changes``)."""
    return settings.model_copy(
        update={"bot_token": SecretStr(api.token), "telegram_base_url": api.base_url, **changes}
    )


@pytest.fixture
async def bot(bot_api: FakeBotApi, settings: Settings) -> AsyncIterator[FakeBotApi]:
    """The real Application from our factory, polling the loopback Bot API, with a fresh database."""
    async with polling(bot_api, build_application(wired_to(bot_api, settings))):
        yield bot_api


async def ask(
    api: FakeBotApi, text: str, *, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None
) -> str:
    """Send a message as a user and return the text of every message the bot sent back (all parts joined),
    once it has handled the message (``api.polled_by``: the bot runs in this process)."""
    sender = user or api.default_user
    chat_id = (chat or api.private_chat(sender))["id"]
    before = len(api.sent_messages(chat_id))
    api.send_text(text, user=sender, chat=chat)
    await api.until_handled()
    return "\n".join(call.text or "" for call in api.sent_messages(chat_id)[before:])
