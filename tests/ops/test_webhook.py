"""Webhook mode: Telegram's POSTs need the secret token; /healthz reports the database and the outbox."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import aiosqlite
import pytest
from pydantic import SecretStr
from telegram.ext import Application

from bot.app import build_application, serve
from bot.settings import Settings
from bot.webhook import SECRET_HEADER, WebhookServer
from storage.database import Database
from storage.maintenance import pending_deliveries
from tests.botapi.server import FakeBotApi
from tests.ops.process import free_port

SECRET = "s3cret-token_for-tests"


@dataclass
class Webhook:
    api: FakeBotApi
    url: str  # where our server takes updates
    health: str
    settings: Settings
    application: Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def webhook(bot_api: FakeBotApi, settings: Settings) -> AsyncIterator[Webhook]:
    """The real bot fed by its webhook server on 127.0.0.1 (behind an imagined proxy at bot.example.org)."""
    port = free_port()
    wired = settings.model_copy(
        update={
            "bot_token": SecretStr(bot_api.token),
            "telegram_base_url": bot_api.base_url,
            "webhook_url": "https://bot.example.org/telegram/update",
            "webhook_secret": SecretStr(SECRET),
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
        }
    )
    application = build_application(wired)
    async with serve(application, polling=False):
        server = WebhookServer(application, wired)
        await server.start()
        try:
            base = f"http://127.0.0.1:{port}"
            yield Webhook(bot_api, f"{base}/telegram/update", f"{base}/healthz", wired, application)
        finally:
            await server.stop()


def queued_update(api: FakeBotApi, text: str) -> dict[str, Any]:
    """The update Telegram would POST for this message (the loopback API queues it; nobody polls)."""
    api.send_text(text)
    update = api.pending_updates[-1]
    return update


async def post(url: str, body: object, headers: dict[str, str] | None = None) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=body, headers=headers or {}) as response,
    ):
        return response.status


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong-secret"}], ids=["missing", "wrong"])
async def test_update_without_the_right_secret_token_is_refused_and_not_handled(
    webhook: Webhook, headers: dict[str, str]
) -> None:
    update = queued_update(webhook.api, "/start")
    assert await post(webhook.url, update, headers) == 403
    await webhook.application.update_queue.join()  # whatever the server queued is handled by now
    assert webhook.api.sent_messages() == []


async def test_update_with_the_right_secret_token_is_answered(webhook: Webhook) -> None:
    update = queued_update(webhook.api, "/start")
    assert await post(webhook.url, update, {SECRET_HEADER: SECRET}) == 200
    [reply] = await webhook.api.wait_for("sendMessage")
    assert "Hello" in (reply.text or "")


async def test_a_body_that_is_not_an_update_gets_400(webhook: Webhook) -> None:
    assert await post(webhook.url, ["not", "an", "update"], {SECRET_HEADER: SECRET}) == 400


async def test_healthz_reports_the_database_and_an_empty_outbox(webhook: Webhook) -> None:
    async with aiohttp.ClientSession() as session, session.get(webhook.health) as response:
        assert response.status == 200
        assert response.headers["Cache-Control"] == "no-store"
        body = await response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["outbox"] == {"pending": 0}


async def test_the_outbox_is_reported_absent_on_a_database_without_the_deliveries_table(
    tmp_path: Path,
) -> None:
    # A database from before migration 002, as a bot being upgraded may still have.
    connection = await aiosqlite.connect(tmp_path / "old.sqlite3")
    try:
        await connection.execute("CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT)")
        pending = await pending_deliveries(Database(connection, tmp_path / "old.sqlite3"))
    finally:
        await connection.close()
    assert pending is None  # /healthz shows it as "outbox": "absent"


async def test_healthz_counts_pending_deliveries_once_the_outbox_exists(webhook: Webhook) -> None:
    connection = sqlite3.connect(webhook.settings.database_path)
    with connection:
        connection.executemany(
            "INSERT INTO deliveries (document_id, chat_id, country, state) VALUES (1, ?, 'IR', ?)",
            [(501, "pending"), (502, "pending"), (503, "sent")],
        )
    connection.close()
    async with aiohttp.ClientSession() as session, session.get(webhook.health) as response:
        assert response.status == 200
        body = await response.json()
    assert body["outbox"] == {"pending": 2}


async def test_webhook_server_answers_nothing_else(webhook: Webhook) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(webhook.url) as response:
            assert response.status == 405
        async with session.post(webhook.url.rsplit("/", 1)[0] + "/other", json={}) as response:
            assert response.status == 404
