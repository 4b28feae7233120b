"""The delivery worker, end to end: flood waits, blocked chats, migrations, deleted topics, restarts."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

from bot.ingest import Overrides, prepare_document
from bot.publishing import publish_document
from bot.services import Services
from bot.settings import Settings
from storage.deliveries import DeliveryStore, delivery_counts
from storage.subscriptions import Destination, SubscriptionStore
from tests.botapi.limits import same_chat
from tests.botapi.server import FakeBotApi
from tests.subscriptions.support import (
    eventually,
    is_notification,
    notifications,
    publish,
    running_bot,
    services_of,
)


async def _subscribe(
    services: Services, chat_id: int, *countries: str, thread_id: int = 0, kind: str = "private"
) -> None:
    await SubscriptionStore(services.database).subscribe(
        Destination(chat_id, thread_id), countries, chat_type=kind, language="en"
    )


async def _states(services: Services, document_id: int) -> list[str]:
    return [state for _, _, state in await DeliveryStore(services.database).of_document(document_id)]


async def test_flood_wait_is_obeyed_before_the_message_is_sent_again(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    reader = bot_api.user(601, "Reader")
    # Three 429s: two are retried by the bot's rate limiter, the third reaches the worker, which waits too.
    bot_api.fail("sendMessage", 429, retry_after=1, times=3, chat_id=reader["id"])
    async with running_bot(bot_api, wired) as app:
        await _subscribe(services_of(app), reader["id"], "KZ")
        document = await publish(services_of(app), "KZ")
        await bot_api.wait_for("sendMessage", is_notification(document, reader["id"]), timeout=15)
        states = await eventually(lambda: _states(services_of(app), document), ["sent"])
    attempts = [call for call in bot_api.calls_of("sendMessage") if same_chat(call.chat_id, reader["id"])]
    assert [call.error_code for call in attempts] == [429, 429, 429, None]
    gaps = [later.time - earlier.time for earlier, later in itertools.pairwise(attempts)]
    assert all(gap >= 1.0 for gap in gaps), gaps
    assert states == ["sent"]


async def test_blocked_user_pauses_the_subscription_and_cancels_what_was_pending(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    blocked = bot_api.user(602, "Blocked")
    other = bot_api.user(603, "Other")
    bot_api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=blocked["id"])
    async with running_bot(bot_api, wired) as app:
        services = services_of(app)
        await _subscribe(services, blocked["id"], "IR")
        await _subscribe(services, other["id"], "IR")
        first = await publish(services, "IR")
        second = await publish(services, "IR")
        await bot_api.wait_for("sendMessage", is_notification(second, other["id"]), timeout=10)
        await eventually(lambda: _states(services, second), ["cancelled", "sent"])
        [subscription] = await SubscriptionStore(services.database).of(Destination(blocked["id"]))
        counts = await delivery_counts(services.database)
    assert subscription.state == "paused"
    assert notifications(bot_api, first, blocked["id"]) == []
    assert notifications(bot_api, second, blocked["id"]) == []
    assert (counts.paused, counts.sent, counts.cancelled) == (1, 2, 2)


async def test_group_migrated_to_a_supergroup_gets_the_message_at_its_new_id(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    old = bot_api.group(-2001, "Before the upgrade")
    new = bot_api.supergroup(-1002001, "After the upgrade")
    bot_api.fail(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=new["id"],
        chat_id=old["id"],
    )
    async with running_bot(bot_api, wired) as app:
        services = services_of(app)
        await _subscribe(services, old["id"], "KZ", kind="group")
        document = await publish(services, "KZ")
        await bot_api.wait_for("sendMessage", is_notification(document, new["id"]), timeout=10)
        store = SubscriptionStore(services.database)
        moved = await store.of(Destination(new["id"]))
        left_behind = await store.of(Destination(old["id"]))
        later = await publish(services, "KZ")
        await bot_api.wait_for("sendMessage", is_notification(later, new["id"]), timeout=10)
    assert [s.country for s in moved] == ["KZ"]
    assert left_behind == []
    assert notifications(bot_api, document, old["id"]) == []


async def test_deleted_topic_gets_the_message_in_general_and_the_subscription_moves_there(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    forum = bot_api.supergroup(-1009, "Forum", is_forum=True)
    bot_api.fail("sendMessage", 400, "Bad Request: message thread not found", chat_id=forum["id"])
    async with running_bot(bot_api, wired) as app:
        services = services_of(app)
        await _subscribe(services, forum["id"], "IR", thread_id=11, kind="supergroup")
        document = await publish(services, "IR")
        [delivered] = await bot_api.wait_for(
            "sendMessage", is_notification(document, forum["id"]), timeout=10
        )
        store = SubscriptionStore(services.database)
        general = await store.of(Destination(forum["id"], 0))
        topic = await store.of(Destination(forum["id"], 11))
    assert "message_thread_id" not in delivered.params
    assert [s.country for s in general] == ["IR"]
    assert topic == []
    assert len(notifications(bot_api, document, forum["id"])) == 1


async def test_network_errors_are_retried_and_persistent_ones_end_as_failed(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    patient = bot_api.user(604, "Patient")
    unlucky = bot_api.user(605, "Unlucky")
    bot_api.fail("sendMessage", 502, times=2, chat_id=patient["id"])
    bot_api.fail("sendMessage", 500, times=3, chat_id=unlucky["id"])  # wired settings: 3 attempts at most
    async with running_bot(bot_api, wired) as app:
        services = services_of(app)
        await _subscribe(services, patient["id"], "KZ")
        await _subscribe(services, unlucky["id"], "KZ")
        document = await publish(services, "KZ")
        await bot_api.wait_for("sendMessage", is_notification(document, patient["id"]), timeout=10)
        await eventually(lambda: _states(services, document), ["sent", "failed"])
    assert len([c for c in bot_api.calls_of("sendMessage") if same_chat(c.chat_id, unlucky["id"])]) == 3


async def test_pending_deliveries_written_while_the_bot_was_down_are_sent_after_it_starts(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    readers = [bot_api.user(610 + n, f"Reader {n}") for n in range(3)]
    services = await Services.open(wired)
    try:
        for reader in readers:
            await _subscribe(services, reader["id"], "IR")
        document = await publish(services, "IR")
    finally:
        await services.close()
    async with running_bot(bot_api, wired) as app:
        await bot_api.wait_for("sendMessage", is_notification(document), count=3, timeout=10)
        states = await eventually(lambda: _states(services_of(app), document), ["sent"] * 3)
    assert states == ["sent"] * 3


async def test_a_document_reaches_each_chat_once_even_across_restarts(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    reader = bot_api.user(620, "Follows everything")
    raw = "Once only\n\nThe regulator blocked Telegram again. Officials denied it.\n"
    new, _ = prepare_document(raw, overrides=Overrides(country="KZ"))
    async with running_bot(bot_api, wired) as app:
        services = services_of(app)
        await _subscribe(services, reader["id"], "KZ", "*")  # two matching subscriptions, one chat
        document = await publish_document(services.documents, new)
        assert document is not None
        await bot_api.wait_for("sendMessage", is_notification(document, reader["id"]), timeout=10)
        republished = await publish_document(services.documents, new)
        await eventually(lambda: _states(services, document), ["sent"])
    async with running_bot(bot_api, wired) as app:  # a restart finds nothing left to send
        polls = len(bot_api.calls_of("getUpdates"))
        await bot_api.wait_for("getUpdates", count=polls + 2, timeout=10)
        counts = await delivery_counts(services_of(app).database)
    [note] = notifications(bot_api, document, reader["id"])
    assert "unsub:KZ" in str(note.params["reply_markup"])  # through the country, not "all countries"
    assert republished is None
    assert (counts.pending, counts.sent) == (0, 1)


def test_mpbot_deliveries_prints_the_outbox_counts_as_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "deliveries", "--json"],
        env={
            "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
            "SEEDS_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "pending": 0,
        "sent": 0,
        "failed": 0,
        "cancelled": 0,
        "paused": 0,
        "active": 0,
    }
