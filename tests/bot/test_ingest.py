"""Bulk ingest: analysis in worker processes, one transaction per batch, results in submission order."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest

from bot.ingest import (
    BULK_BATCH,
    BulkResult,
    Submission,
    add_quietly_in,
    ingest_many,
    ingest_text,
    read_seeds,
)
from bot.publishing import publish_in
from storage.database import Database
from storage.deliveries import DeliveryStore
from storage.documents import Document, DocumentStore, NewDocument
from storage.subscriptions import ALL_COUNTRIES, Destination, SubscriptionStore
from tests.conftest import SEEDS

BOILERPLATE_ONLY = "Подписывайтесь на наш Telegram-канал\n\nВсе права защищены"


def numbered_copies(count: int) -> list[Submission]:
    """``count`` distinct texts made from the seeds: each seed with a numbered closing line."""
    seeds = read_seeds(SEEDS)
    return [
        Submission(f"copy-{n}", f"{seeds[n % len(seeds)].text}\n\nКөшірме {n}.", source=f"outlet {n % 3}")
        for n in range(count)
    ]


async def collect(store: DocumentStore, submissions: list[Submission], **options: object) -> list[BulkResult]:
    return [result async for result in ingest_many(store, submissions, **options)]  # type: ignore[arg-type]


def what_was_stored(document: Document) -> tuple[object, ...]:
    return (
        document.content_hash,
        document.title,
        document.text,
        document.language,
        document.country,
        document.countries_mentioned,
        document.published,
        document.messengers,
        document.platforms,
        document.actions,
        document.source,
    )


async def test_worker_processes_store_exactly_what_one_at_a_time_ingest_stores(tmp_path: Path) -> None:
    submissions = numbered_copies(2 * BULK_BATCH + 5)
    bulk_db = await Database.open(tmp_path / "bulk.sqlite3")
    single_db = await Database.open(tmp_path / "single.sqlite3")
    try:
        results = await collect(DocumentStore(bulk_db), submissions, workers=2)
        for submission in submissions:
            await ingest_text(DocumentStore(single_db), submission.text, source=submission.source)
        bulk = await DocumentStore(bulk_db).all()
        single = await DocumentStore(single_db).all()
        bulk_terms = await bulk_db.fetch_all("SELECT rowid, title_terms, body_terms FROM documents_fts")
        single_terms = await single_db.fetch_all("SELECT rowid, title_terms, body_terms FROM documents_fts")
    finally:
        await bulk_db.close()
        await single_db.close()
    assert [r.name for r in results] == [s.name for s in submissions]
    assert all(r.created for r in results)
    assert [r.document.id for r in results if r.document] == [d.id for d in bulk]
    assert [what_was_stored(d) for d in bulk] == [what_was_stored(d) for d in single]
    assert [tuple(r) for r in bulk_terms] == [tuple(r) for r in single_terms]


async def test_texts_stored_before_twice_over_or_without_an_article_each_get_their_result(
    store: DocumentStore,
) -> None:
    first, second, third = numbered_copies(3)
    await ingest_text(store, first.text)
    submissions = [
        first,
        second,
        Submission("empty", BOILERPLATE_ONLY),
        Submission("second again", second.text + "\r\n"),  # the same content, other line endings
        third,
    ]
    results = await collect(store, submissions, workers=1)
    outcome = [(r.name, r.created, r.document.id if r.document else None) for r in results]
    assert outcome == [
        ("copy-0", False, 1),
        ("copy-1", True, 2),
        ("empty", False, None),
        ("second again", False, 2),
        ("copy-2", True, 3),
    ]
    assert await store.count() == 3


async def test_a_deleted_text_submitted_again_stays_deleted(database: Database, store: DocumentStore) -> None:
    (only,) = numbered_copies(1)
    stored = await ingest_text(store, only.text)
    async with database.transaction() as connection:
        await store.soft_delete_in(connection, stored.document.id)
    (result,) = await collect(store, [only])
    assert result.document is not None
    assert (result.created, result.document.id, result.document.deleted_at is not None) == (False, 1, True)
    assert await store.count() == 0


async def test_a_batch_that_fails_midway_leaves_nothing_of_itself_and_keeps_the_batches_before(
    store: DocumentStore,
) -> None:
    submissions = numbered_copies(2 * BULK_BATCH)
    kept = 0

    async def fail_in_second_batch(
        connection: aiosqlite.Connection, store: DocumentStore, new: NewDocument
    ) -> int | None:
        nonlocal kept
        if kept == BULK_BATCH + 10:
            raise RuntimeError("disk full")
        kept += 1
        return await add_quietly_in(connection, store, new)

    seen: list[BulkResult] = []
    with pytest.raises(RuntimeError, match="disk full"):
        async for result in ingest_many(store, submissions, workers=2, keep_in=fail_in_second_batch):
            seen.append(result)
    assert len(seen) == BULK_BATCH
    assert await store.count() == BULK_BATCH
    rerun = await collect(store, submissions, workers=0)  # analysed in this process this time
    assert [r.created for r in rerun] == [False] * BULK_BATCH + [True] * BULK_BATCH
    assert await store.count() == 2 * BULK_BATCH


async def test_published_in_bulk_each_new_document_queues_its_deliveries(
    database: Database, store: DocumentStore
) -> None:
    await SubscriptionStore(database).subscribe(Destination(101), ["KZ"], chat_type="private", language="en")
    await SubscriptionStore(database).subscribe(
        Destination(-500), [ALL_COUNTRIES], chat_type="group", language="ru"
    )
    results = await collect(store, numbered_copies(BULK_BATCH + 1), workers=2, keep_in=publish_in)
    deliveries = DeliveryStore(database)
    for result in results:
        assert result.document is not None
        expected = [(101, 0, "pending")] if result.document.country == "KZ" else []
        assert await deliveries.of_document(result.document.id) == [*expected, (-500, 0, "pending")]
    again = await collect(store, numbered_copies(3), workers=1, keep_in=publish_in)
    assert not any(r.created for r in again)
    assert len(await deliveries.due(float("inf"), limit=1000)) == len(results) + sum(
        1 for r in results if r.document and r.document.country == "KZ"
    )
