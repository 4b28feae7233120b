"""Shared fixtures: settings with a database of their own, the seeds, the real bot on the loopback Bot API."""

from __future__ import annotations

import asyncio
import shutil
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
from storage.search_index import index_folder
from tests.botapi.server import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV_CORPUS = ROOT.parent / "shared" / "corpus"


# Every setting the environment could give the bot (pydantic-settings reads them): tests set their own.
SETTING_NAMES = (
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
)


@pytest.fixture(scope="session")
def _no_certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty trust store: nothing in the tests may speak TLS, yet each HTTP client reads the whole
    system store when it is made (some 30 ms of CPU, twice for every Application)."""
    return tmp_path_factory.mktemp("no-certificates")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _no_certificates: Path) -> None:
    """No test reads the developer's .env or environment settings, nor their TLS trust store."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", str(_no_certificates))
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database a first start of the bot leaves: migrated, the seeds stored, the search index built.

    Made once per test process by a real start against the loopback Bot API; each test gets a copy (see
    ``settings``) instead of paying again for the index build (a child process) and the seeds' analysis.
    """
    path = tmp_path_factory.mktemp("first-start") / "bot.sqlite3"

    async def start() -> None:
        async with FakeBotApi() as api:
            fresh = Settings(database_path=path, seeds_dir=SEEDS, _env_file=None)  # type: ignore[call-arg]
            async with serve(build_application(wired_to(api, fresh)), polling=False):
                pass

    with pytest.MonkeyPatch.context() as monkeypatch:  # before any test's own isolation
        for name in SETTING_NAMES:
            monkeypatch.delenv(name, raising=False)
        asyncio.run(start())
    return path


def copy_database(source: Path, target: Path) -> None:
    """Copy a closed database file and its search index."""
    shutil.copyfile(source, target)
    shutil.copytree(index_folder(source), index_folder(target))


@pytest.fixture
def settings(tmp_path: Path, first_start: Path) -> Settings:
    """Settings with the real seeds and a database of the test's own: a copy of the first start's."""
    copy_database(first_start, tmp_path / "bot.sqlite3")
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
    """The real Application from our factory, polling the loopback Bot API, with a database of its own."""
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
