"""The admin tests' world: an owner, a bot that knows them, a page server on 127.0.0.1, DB snapshots."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from telegram.ext import ContextTypes

from bot.app import build_application
from bot.settings import Settings
from tests.botapi.limits import same_chat
from tests.botapi.server import FakeBotApi
from tests.conftest import polling, wired_to

OWNER_ID = 777000
HELPER_ID = 777001


@pytest.fixture
def admin_settings(settings: Settings) -> Settings:
    """One owner; links to 127.0.0.1 allowed (the page server); a short fetch timeout for the slow page."""
    return settings.model_copy(
        update={"admin_ids": frozenset({OWNER_ID}), "allow_private_urls": True, "fetch_timeout_seconds": 1.0}
    )


@dataclass
class AdminBot:
    """The running bot, its harness, and the people who talk to it."""

    api: FakeBotApi
    settings: Settings
    owner: dict[str, Any]
    helper: dict[str, Any]
    stranger: dict[str, Any]
    errors: list[BaseException] = field(default_factory=list)

    @property
    def database_path(self) -> Path:
        return self.settings.database_path

    async def say(
        self, text: str, user: dict[str, Any] | None = None, *, reply: str = "sendMessage", **extra: Any
    ) -> str:
        """Send a message and return the text of everything the bot sent back (``reply``: the method
        of the answer to wait for)."""
        sender = user or self.owner
        return await self._exchange(sender, lambda: self.api.send_text(text, user=sender, **extra), reply)

    async def send_file(
        self, content: bytes, file_name: str, user: dict[str, Any] | None = None, caption: str | None = None
    ) -> str:
        sender = user or self.owner
        return await self._exchange(
            sender,
            lambda: self.api.send_document(content, file_name=file_name, caption=caption, user=sender),
            "sendMessage",
        )

    async def press(self, data: str, user: dict[str, Any] | None = None) -> str:
        """Press a button (by its callback data) on the newest bot message in the user's chat showing it."""
        sender = user or self.owner
        message = self.message_with_button(data, sender)
        answered = len(self.api.calls_of("answerCallbackQuery"))
        chat_id = sender["id"]
        before = len(self.api.sent_messages(chat_id))
        edited = len(self.api.calls_of("editMessageText"))
        self.api.press_button(data, message, user=sender)
        await self.api.until_handled()
        await self.api.wait_for("answerCallbackQuery", count=answered + 1)
        sent = [call.text or "" for call in self.api.sent_messages(chat_id)[before:]]
        edits = [call.text or "" for call in self.api.calls_of("editMessageText")[edited:]]
        return "\n".join(edits + sent)

    def last_answer(self) -> dict[str, Any]:
        """The parameters of the bot's newest answer to a button press."""
        return self.api.calls_of("answerCallbackQuery")[-1].params

    def message_with_button(self, data: str, user: dict[str, Any]) -> dict[str, Any]:
        for (chat_id, _message_id), message in sorted(self.api.messages.items(), reverse=True):
            if chat_id != user["id"]:
                continue
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if any(button.get("callback_data") == data for row in rows for button in row):
                return message
        raise AssertionError(f"no message with a {data!r} button in chat {user['id']}")

    def buttons(self, user: dict[str, Any] | None = None) -> list[str]:
        """Callback data of the buttons under the newest message that has any."""
        chat_id = (user or self.owner)["id"]
        for (chat, _message_id), message in sorted(self.api.messages.items(), reverse=True):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if chat == chat_id and rows:
                return [button["callback_data"] for row in rows for button in row]
        return []

    async def _exchange(self, sender: dict[str, Any], send: Callable[[], object], reply: str) -> str:
        chat_id = sender["id"]
        before = len(self.api.sent_messages(chat_id))
        replies = len([call for call in self.api.calls_of(reply) if same_chat(call.chat_id, chat_id)])
        send()
        await self.api.until_handled()
        await self.api.wait_for(reply, lambda call: same_chat(call.chat_id, chat_id), count=replies + 1)
        return "\n".join(call.text or "" for call in self.api.sent_messages(chat_id)[before:])


async def run_admin_bot(api: FakeBotApi, settings: Settings) -> AsyncIterator[AdminBot]:
    wired = wired_to(api, settings)
    application = build_application(wired)
    world = AdminBot(
        api=api,
        settings=wired,
        owner=api.user(OWNER_ID, "Olga", username="olga_owner"),
        helper=api.user(HELPER_ID, "Hamid", language_code="fa"),
        stranger=api.default_user,
    )

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            world.errors.append(context.error)

    application.add_error_handler(collect)
    async with polling(api, application):
        yield world
    assert not world.errors, f"handlers raised: {world.errors!r}"


@pytest.fixture
async def admin_bot(bot_api: FakeBotApi, admin_settings: Settings) -> AsyncIterator[AdminBot]:
    """The real bot with one owner, polling the loopback Bot API; fails the test if a handler raised."""
    async for world in run_admin_bot(bot_api, admin_settings):
        yield world


def snapshot(database_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables the admin tools write, to compare before and after."""
    connection = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("documents", "documents_fts", "audit", "admins")
        }
    finally:
        connection.close()


def refuse_audit_entries(database_path: Path) -> None:
    """Make the database itself refuse every new audit row, as a full disk or a broken table would."""
    connection = sqlite3.connect(database_path)
    try:
        connection.execute(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        connection.commit()
    finally:
        connection.close()


def accept_audit_entries(database_path: Path) -> None:
    """Undo :func:`refuse_audit_entries`: the database works again."""
    connection = sqlite3.connect(database_path)
    try:
        connection.execute("DROP TRIGGER refuse_audit")
        connection.commit()
    finally:
        connection.close()


def count_deliveries(database_path: Path) -> int:
    """How many notifications the outbox holds (sent or not)."""
    connection = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM deliveries").fetchone()[0])
    finally:
        connection.close()


def store_every_new_text_first(database_path: Path) -> None:
    """Make every new text be stored by someone else just before the bot stores it: the race in which a
    document becomes a duplicate between the bot's check and its write, made certain."""
    connection = sqlite3.connect(database_path)
    try:
        connection.execute(
            "CREATE TRIGGER store_first BEFORE INSERT ON documents"
            " WHEN NOT EXISTS (SELECT 1 FROM documents WHERE content_hash = NEW.content_hash) BEGIN"
            " INSERT INTO documents (content_hash, title, text, raw_text, language)"
            " VALUES (NEW.content_hash, NEW.title, NEW.text, NEW.raw_text, NEW.language); END"
        )
        connection.commit()
    finally:
        connection.close()


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str | None = None


class PageServer:
    """Web pages on 127.0.0.1 for the link tests; every path answers what ``add`` said it should."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[str] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    def add(self, path: str, body: str | bytes = b"", **options: Any) -> str:
        self.pages[path] = Page(body.encode() if isinstance(body, str) else body, **options)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path)
        page = self.pages.get(request.path)
        if page is None:
            return web.Response(status=404, text="not found")
        if page.delay:
            await asyncio.sleep(page.delay)
        headers = {"Content-Type": page.content_type}
        if page.location:
            headers["Location"] = page.location
        return web.Response(status=page.status, body=page.body, headers=headers)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._serve)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def pages() -> AsyncIterator[PageServer]:
    """A page server on 127.0.0.1, stopped after the test."""
    server = PageServer()
    await server.start()
    yield server
    await server.stop()
