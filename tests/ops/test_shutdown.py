"""``mpbot run`` as a service: SIGTERM lets handlers in flight finish and leaves a clean database."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from telegram.ext import CommandHandler

from bot.app import build_application
from bot.publishing import publish_text
from bot.runner import CLOSING_SECONDS, stop_gracefully
from bot.settings import Settings
from bot.webhook import SECRET_HEADER
from storage.database import Database
from storage.documents import DocumentStore
from storage.subscriptions import Destination, SubscriptionStore
from tests.botapi.calls import ApiCall
from tests.botapi.limits import same_chat
from tests.botapi.server import FakeBotApi
from tests.conftest import wired_to
from tests.ops.process import free_port, integrity, scalar, start_mpbot, wal_pages_left
from tests.subscriptions.support import is_notification, publish

STARTUP = 60.0  # a deadline for a cold interpreter to import everything, not a speed requirement


class Service:
    """A running ``mpbot run`` process and what it wrote to standard error once stopped."""

    def __init__(self, process: asyncio.subprocess.Process, folder: Path) -> None:
        self.process = process
        self.folder = folder

    @property
    def stderr(self) -> str:
        return (self.folder / "stderr.log").read_text()

    async def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), STARTUP)

    async def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@pytest.fixture
async def service(bot_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[Service]:
    """``mpbot run`` polling the loopback Bot API, logging at DEBUG."""
    process = await start_mpbot(
        tmp_path,
        "run",
        BOT_TOKEN=bot_api.token,
        TELEGRAM_BASE_URL=bot_api.base_url,
        LOG_LEVEL="DEBUG",
        SHUTDOWN_TIMEOUT="30",
    )
    running = Service(process, tmp_path)
    try:
        # Polling begins right after deleteWebhook (a getUpdates is only recorded once it returns).
        await bot_api.wait_for("deleteWebhook", timeout=STARTUP)
        yield running
    finally:
        await running.kill()


async def first_reply(api: FakeBotApi, text: str) -> str:
    """Send a message to the bot in the child process and return the first message it delivers back."""
    chat_id = api.default_user["id"]

    def delivered(call: ApiCall) -> bool:
        return call.ok and same_chat(call.chat_id, chat_id)

    before = len([call for call in api.calls_of("sendMessage") if delivered(call)])
    api.send_text(text)
    replies = await api.wait_for("sendMessage", delivered, count=before + 1, timeout=30)
    return replies[-1].text or ""


def assert_no_secret_in(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
        _bot_id, colon, key = secret.partition(":")
        assert not colon or key not in text


def assert_cleanly_closed(database: Path) -> None:
    assert integrity(database) == "ok"
    assert wal_pages_left(database) == 0, "the WAL was not checkpointed"
    assert scalar(database, "PRAGMA journal_mode") == "wal"


async def test_sigterm_after_a_conversation_with_failures_exits_0_with_a_clean_database_and_no_token(
    service: Service, bot_api: FakeBotApi, tmp_path: Path
) -> None:
    assert "Hello" in await first_reply(bot_api, "/start")
    assert await first_reply(bot_api, "/country Iran")
    bot_api.fail("sendMessage", 400, "Bad Request: chat not found", times=1)
    assert "Sorry" in await first_reply(bot_api, "/search Telegram")  # the error handler apologises
    bot_api.fail("getUpdates", 502, times=1)  # polling retries after a failed request
    assert await first_reply(bot_api, "/countries")

    assert await service.terminate() == 0, service.stderr
    assert_cleanly_closed(tmp_path / "bot.sqlite3")
    assert "stopped cleanly" in service.stderr
    assert "bot***/getUpdates" in service.stderr  # request URLs were logged, with the token redacted
    assert_no_secret_in(service.stderr, bot_api.token)


async def test_sigterm_while_a_handler_is_running_lets_it_finish_before_exiting(
    service: Service, bot_api: FakeBotApi, tmp_path: Path
) -> None:
    # Every answer from Telegram now takes a moment, and the first reply fails: the handler is still
    # busy (its error handler will apologise) when SIGTERM arrives.
    bot_api.latency = 0.5
    bot_api.fail("sendMessage", 502, times=1)
    bot_api.send_text("/start")
    await bot_api.wait_for("sendMessage", lambda call: call.injected, timeout=STARTUP)
    assert await service.terminate() == 0, service.stderr
    apologies = [call for call in bot_api.calls_of("sendMessage") if call.ok and "Sorry" in (call.text or "")]
    assert len(apologies) == 1, "the update in flight was cut off instead of finishing"
    assert_cleanly_closed(tmp_path / "bot.sqlite3")


async def test_webhook_mode_serves_updates_and_health_and_stops_on_sigterm(
    bot_api: FakeBotApi, tmp_path: Path
) -> None:
    port, secret = free_port(), "a-webhook-secret_42"
    process = await start_mpbot(
        tmp_path,
        "run",
        "--webhook",
        BOT_TOKEN=bot_api.token,
        TELEGRAM_BASE_URL=bot_api.base_url,
        WEBHOOK_URL="https://bot.example.org/tg",
        WEBHOOK_SECRET=secret,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        LOG_LEVEL="DEBUG",
        LOG_FORMAT="json",
    )
    service = Service(process, tmp_path)
    try:
        [registered] = await bot_api.wait_for("setWebhook", timeout=STARTUP)
        assert registered.params["url"] == "https://bot.example.org/tg"
        assert registered.params["secret_token"] == secret
        bot_api.send_text("/start")
        update = bot_api.pending_updates[-1]
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
                assert (await response.json())["database"] == "ok"
            async with session.post(
                f"http://127.0.0.1:{port}/tg", json=update, headers={SECRET_HEADER: secret}
            ) as response:
                assert response.status == 200
        [reply] = await bot_api.wait_for("sendMessage")
        assert "Hello" in (reply.text or "")
        assert bot_api.calls_of("getUpdates") == []
        assert await service.terminate() == 0, service.stderr
    finally:
        await service.kill()
    assert_cleanly_closed(tmp_path / "bot.sqlite3")
    assert_no_secret_in(service.stderr, bot_api.token, secret)
    assert all(json.loads(line)["level"] for line in service.stderr.splitlines())


async def test_a_handler_that_never_finishes_is_cancelled_after_the_grace_period(
    bot_api: FakeBotApi, settings: Settings
) -> None:
    wired = wired_to(bot_api, settings)
    application = build_application(wired)
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def hang(update: object, context: object) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    application.add_handler(CommandHandler("hang", hang), group=-100)  # before every other handler
    await application.initialize()
    assert application.post_init is not None and application.updater is not None
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    bot_api.send_text("/hang")
    await asyncio.wait_for(started.wait(), STARTUP)

    await stop_gracefully(application, None, grace=0.2)

    assert cancelled.is_set()
    assert not application.running
    assert "services" not in application.bot_data  # post_shutdown closed the database
    assert_cleanly_closed(wired.database_path)


class LogWatch(logging.Handler):
    """Sets ``seen`` once a record whose message contains ``text`` is logged."""

    def __init__(self, text: str) -> None:
        super().__init__(logging.DEBUG)
        self.text = text
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.seen.set()


async def test_polling_paused_by_a_flood_wait_is_stopped_within_the_shutdown_timeout(
    bot_api: FakeBotApi, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    wired = wired_to(bot_api, settings, shutdown_timeout=CLOSING_SECONDS + 0.5)
    application = build_application(wired)
    await application.initialize()
    assert application.post_init is not None and application.updater is not None
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    # Telegram tells the poller to wait ten minutes before its next getUpdates. PTB's polling loop logs
    # that it will retry, then sleeps it out, and its Updater.stop would wait for the sleep.
    caplog.set_level(logging.DEBUG, logger="telegram.ext")
    retrying = LogWatch("Retry in 600 seconds")
    logging.getLogger("telegram.ext").addHandler(retrying)
    try:
        bot_api.fail("getUpdates", 429, retry_after=600)
        await asyncio.wait_for(retrying.seen.wait(), STARTUP)
    finally:
        logging.getLogger("telegram.ext").removeHandler(retrying)

    stopping = asyncio.ensure_future(stop_gracefully(application, None, grace=wired.shutdown_timeout))
    done, _pending = await asyncio.wait({stopping}, timeout=STARTUP)

    assert done, "the stop waited for the poller's ten-minute flood wait"
    assert not application.running and not application.updater.running
    assert "services" not in application.bot_data  # post_shutdown closed the database
    assert_cleanly_closed(wired.database_path)


async def test_a_notification_unanswered_when_the_shutdown_timeout_runs_out_is_cancelled_and_stays_pending(
    bot_api: FakeBotApi, settings: Settings
) -> None:
    # Half a second for what is in flight; Telegram would answer only after half a minute, and the bot's
    # own HTTP timeout (5 s) would end the request as a failed try if the worker were let wait for it.
    wired = wired_to(bot_api, settings, shutdown_timeout=CLOSING_SECONDS + 0.5)
    reader = bot_api.user(9200, "Reader")
    application = build_application(wired)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    await application.start()  # no polling: nothing but the worker talks to Telegram here
    found = application.bot_data["services"]
    await SubscriptionStore(found.database).subscribe(
        Destination(reader["id"]), ["KZ"], chat_type="private", language="en"
    )
    bot_api.latency = 30.0
    document = await publish(found, "KZ")
    await bot_api.wait_for("sendMessage", is_notification(document, reader["id"]), timeout=STARTUP)

    await stop_gracefully(application, None, grace=wired.shutdown_timeout)

    assert "services" not in application.bot_data  # the database was closed
    rows = scalar(wired.database_path, "SELECT group_concat(state || ':' || attempts) FROM deliveries")
    assert rows == "pending:0", "the message in flight must be cancelled, not failed by a timeout"
    assert_cleanly_closed(wired.database_path)


async def test_a_token_telegram_rejects_stops_the_start_with_one_clear_line(
    bot_api: FakeBotApi, tmp_path: Path
) -> None:
    bot_api.fail("getMe", 401, "Unauthorized", times=3)
    process = await start_mpbot(tmp_path, "run", BOT_TOKEN=bot_api.token, TELEGRAM_BASE_URL=bot_api.base_url)
    assert await asyncio.wait_for(process.wait(), STARTUP) == 1
    stderr = (tmp_path / "stderr.log").read_text()
    assert "Telegram rejected BOT_TOKEN" in stderr
    assert "Traceback" not in stderr
    assert_no_secret_in(stderr, bot_api.token)


async def test_sigterm_while_deliveries_go_out_leaves_the_rest_pending_and_none_lost(
    bot_api: FakeBotApi, tmp_path: Path
) -> None:
    readers = [bot_api.user(9100 + number, f"Reader {number}") for number in range(6)]
    database = await Database.open(tmp_path / "bot.sqlite3")
    subscriptions = SubscriptionStore(database)
    for reader in readers:
        await subscriptions.subscribe(Destination(reader["id"]), ["*"], chat_type="private", language="en")
    published = await publish_text(
        DocumentStore(database),
        "Regulator throttles Telegram\n\nThe regulator slowed Telegram in Iran on Monday, officials said.",
    )
    assert published.created
    await database.close()
    chats = {str(reader["id"]) for reader in readers}

    bot_api.latencies["sendMessage"] = 0.3  # each message takes a moment: SIGTERM comes while they go out
    process = await start_mpbot(tmp_path, "run", BOT_TOKEN=bot_api.token, TELEGRAM_BASE_URL=bot_api.base_url)
    service = Service(process, tmp_path)
    try:
        await bot_api.wait_for("sendMessage", lambda call: str(call.chat_id) in chats, timeout=STARTUP)
        assert await service.terminate() == 0, service.stderr
    finally:
        await service.kill()

    database_path = tmp_path / "bot.sqlite3"
    assert_cleanly_closed(database_path)
    states = {
        state: scalar(database_path, f"SELECT count(*) FROM deliveries WHERE state = '{state}'")
        for state in ("pending", "sent", "failed")
    }
    delivered = {str(call.chat_id) for call in bot_api.calls_of("sendMessage") if call.ok} & chats
    # The message in flight was finished and marked sent; the others wait for the next start.
    assert states["failed"] == 0
    assert states["sent"] == len(delivered) >= 1
    assert states["pending"] == len(readers) - len(delivered) >= 1
