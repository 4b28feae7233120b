"""Subscriptions and the outbox in SQLite: matching, pausing, migrating, moving topics."""

from __future__ import annotations

from dataclasses import replace

from bot.ingest import Overrides, prepare_document
from bot.publishing import publish_document
from storage.database import Database
from storage.deliveries import DeliveryStore, delivery_counts
from storage.documents import DocumentStore
from storage.subscriptions import ALL_COUNTRIES, Destination, SubscriptionStore

PRIVATE = Destination(101)
GROUP = Destination(-500)
TOPIC = Destination(-900, 5)


async def _publish(store: DocumentStore, country: str | None, text: str) -> int:
    new, _ = prepare_document(
        f"{text}\n\nOfficials restricted Telegram. {text}.", overrides=Overrides(country=country)
    )
    new = replace(new, country=country)
    document_id = await publish_document(store, new)
    assert document_id is not None
    return document_id


async def _subscribe(database: Database, where: Destination, *countries: str) -> None:
    await SubscriptionStore(database).subscribe(where, countries, chat_type="private", language="en")


async def test_publishing_queues_one_delivery_per_matching_destination(
    database: Database, store: DocumentStore
) -> None:
    await _subscribe(database, PRIVATE, "KZ", ALL_COUNTRIES)
    await _subscribe(database, GROUP, "IR")
    await _subscribe(database, TOPIC, ALL_COUNTRIES)
    kz = await _publish(store, "KZ", "Kazakh news")
    nowhere = await _publish(store, None, "Global news")
    deliveries = DeliveryStore(database)
    assert await deliveries.of_document(kz) == [(101, 0, "pending"), (-900, 5, "pending")]
    assert await deliveries.of_document(nowhere) == [(101, 0, "pending"), (-900, 5, "pending")]
    due = await deliveries.due(float("inf"))
    assert [(d.chat_id, d.country) for d in due if d.document_id == kz] == [(101, "KZ"), (-900, "*")]


async def test_paused_subscriptions_get_nothing_and_resume_on_subscribe(
    database: Database, store: DocumentStore
) -> None:
    subscriptions = SubscriptionStore(database)
    await _subscribe(database, PRIVATE, "KZ")
    await subscriptions.pause_chat(PRIVATE.chat_id, "blocked")
    skipped = await _publish(store, "KZ", "While blocked")
    result = await subscriptions.subscribe(PRIVATE, ["KZ", "IR"], chat_type="private", language="ru")
    delivered = await _publish(store, "KZ", "After coming back")
    deliveries = DeliveryStore(database)
    assert (result.added, result.resumed) == (("IR",), ("KZ",))
    assert await deliveries.of_document(skipped) == []
    assert await deliveries.of_document(delivered) == [(101, 0, "pending")]


async def test_unsubscribing_cancels_pending_deliveries(database: Database, store: DocumentStore) -> None:
    await _subscribe(database, PRIVATE, "KZ", "IR")
    document = await _publish(store, "KZ", "Pending news")
    removed = await SubscriptionStore(database).unsubscribe(PRIVATE, ["KZ"])
    counts = await delivery_counts(database)
    assert removed == ["KZ"]
    assert await DeliveryStore(database).of_document(document) == [(101, 0, "cancelled")]
    assert (counts.cancelled, counts.active) == (1, 1)


async def test_migration_moves_subscriptions_and_pending_deliveries_to_the_new_chat(
    database: Database, store: DocumentStore
) -> None:
    await _subscribe(database, GROUP, "IR", "KZ")
    await _subscribe(database, Destination(-100500), "IR")  # subscribed again after the upgrade
    document = await _publish(store, "IR", "Iran news")
    subscriptions = SubscriptionStore(database)
    await subscriptions.migrate_chat(GROUP.chat_id, -100500)
    assert await subscriptions.of(GROUP) == []
    assert [s.country for s in await subscriptions.of(Destination(-100500))] == ["IR", "KZ"]
    assert sorted(await DeliveryStore(database).of_document(document)) == [
        (-100500, 0, "pending"),
        (-500, 0, "cancelled"),
    ]


async def test_deleted_topic_moves_its_subscriptions_and_pending_deliveries_to_general(
    database: Database, store: DocumentStore
) -> None:
    await _subscribe(database, TOPIC, "KZ")
    document = await _publish(store, "KZ", "Topic news")
    subscriptions = SubscriptionStore(database)
    await subscriptions.move_to_general(TOPIC)
    assert [s.country for s in await subscriptions.of(Destination(TOPIC.chat_id))] == ["KZ"]
    assert await DeliveryStore(database).of_document(document) == [(-900, 0, "pending")]


async def test_a_document_and_its_deliveries_are_written_together_or_not_at_all(
    database: Database, store: DocumentStore
) -> None:
    await _subscribe(database, PRIVATE, "KZ")
    await database.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'outbox full'); END"
    )
    new, _ = prepare_document("Refused\n\nTelegram was blocked.", overrides=Overrides(country="KZ"))
    try:
        await publish_document(store, new)
    except Exception as error:
        assert "outbox full" in str(error)
    else:
        raise AssertionError("publishing should have failed")
    assert await store.find_by_hash(new.content_hash) is None
