"""Storage of the admin tools: soft delete hides documents from every read, figures for /stats."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import Overrides, load_seeds, prepare_document
from bot.publishing import publish_document
from storage.database import Database
from storage.deliveries import DeliveryStore
from storage.documents import DocumentStore
from storage.stats import database_size, delivery_figures
from storage.subscriptions import Destination, SubscriptionStore
from tests.conftest import SEEDS


async def test_a_deleted_document_is_left_out_of_every_read_but_its_content_stays_known(
    store: DocumentStore,
) -> None:
    await load_seeds(store, SEEDS)
    deleted = await store.get(4)
    assert deleted is not None
    async with store.database.transaction() as connection:
        assert await store.soft_delete_in(connection, 4)
        assert not await store.soft_delete_in(connection, 4)
    assert await store.get(4) is None
    assert (await store.get(4, include_deleted=True)) is not None
    assert await store.get_many([3, 4]) == {3: await store.get(3)}
    assert await store.count() == 4
    assert 4 not in [d.id for d in await store.all()]
    assert 4 not in [d.id for d in await store.latest(limit=10)]
    assert 4 not in [d.id for d in await store.by_country("IR")]
    assert {c.country: c.documents for c in await store.country_counts()}["IR"] == 1
    assert 4 not in [number for number, _text in await store.texts_like("IR", "fa")]
    assert sum(n for _language, n in await store.language_counts()) == 4
    assert list(await store.ranking_facts([3, 4])) == [3]
    found = await store.find_by_hash(deleted.content_hash)
    assert found is not None and found.deleted_at is not None
    assert (await load_seeds(store, SEEDS)).added == []  # a deleted seed does not come back


async def test_stats_count_subscriptions_and_deliveries_by_state(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "s.sqlite3")  # migration 002 creates both tables
    try:
        figures = await delivery_figures(database)
        assert (figures.subscriptions, figures.deliveries_by_status) == (0, {})
        await SubscriptionStore(database).subscribe(
            Destination(42), ["KZ"], chat_type="private", language="en"
        )
        new, _analysis = prepare_document("Stats\n\nTelegram was blocked.", overrides=Overrides(country="KZ"))
        document_id = await publish_document(DocumentStore(database), new)
        assert document_id is not None
        [delivery] = await DeliveryStore(database).due(float("inf"))
        await DeliveryStore(database).mark_failed(delivery.id, "test")
        figures = await delivery_figures(database)
        assert figures.subscriptions == 1
        assert figures.deliveries_by_status == {"failed": 1}
        assert database_size(database.path) > 0
    finally:
        await database.close()
