"""The tantivy search index follows the documents table through the change log, and rebuilds itself."""

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
import tantivy

from storage.database import Database
from storage.documents import DocumentStore
from storage.search_index import REBUILD_BATCH, SearchIndex, index_folder
from tests.storage.test_documents import new_document


async def open_index(database: Database) -> SearchIndex:
    index = SearchIndex(database, index_folder(database.path))
    await index.open()
    return index


async def test_documents_stored_after_opening_are_found(store: DocumentStore) -> None:
    index = await open_index(store.database)
    first = await store.add(new_document("a", body_terms="telegram block"))
    await store.add(new_document("b", body_terms="whatsapp unblock", title_terms="news"))
    hits = await index.search([("telegram", 1.0)])
    assert [document_id for document_id, _ in hits] == [first]


async def test_filters_keep_only_the_country_language_and_dates_asked_for(store: DocumentStore) -> None:
    index = await open_index(store.database)
    iran = await store.add(new_document("ir", country="IR", language="fa", published="2018-04-30"))
    await store.add(new_document("kz", country="KZ", language="ru", published="2025-08-20"))
    undated = await store.add(new_document("undated", country="IR", published=None, date_precision="unknown"))
    terms = [("telegram", 1.0)]
    assert {i for i, _ in await index.search(terms, country="IR")} == {iran, undated}
    assert [i for i, _ in await index.search(terms, language="fa")] == [iran]
    assert [i for i, _ in await index.search(terms, date_from="2018-01-01", date_to="2018-12-31")] == [iran]


async def test_a_heavier_term_ranks_its_documents_higher(store: DocumentStore) -> None:
    index = await open_index(store.database)
    telegram = await store.add(new_document("t", title_terms="x", body_terms="telegram"))
    whatsapp = await store.add(new_document("w", title_terms="y", body_terms="whatsapp"))
    hits = await index.search([("telegram", 0.2), ("whatsapp", 1.0)])
    assert [i for i, _ in hits] == [whatsapp, telegram]


async def test_an_edited_country_reaches_the_index(store: DocumentStore) -> None:
    index = await open_index(store.database)
    document_id = await store.add(new_document("e", country="KZ"))
    await store.database.execute("UPDATE documents SET country = 'IR' WHERE id = ?", (document_id,))
    assert [i for i, _ in await index.search([("telegram", 1.0)], country="IR")] == [document_id]
    assert await index.search([("telegram", 1.0)], country="KZ") == []


async def test_a_deleted_document_leaves_the_index(store: DocumentStore) -> None:
    index = await open_index(store.database)
    document_id = await store.add(new_document("d"))
    async with store.database.transaction() as connection:
        await connection.execute("DELETE FROM documents_fts WHERE rowid = ?", (document_id,))
        await connection.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    assert await index.search([("telegram", 1.0)]) == []


async def test_a_lost_index_folder_is_rebuilt_from_the_database(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "db.sqlite3")
    store = DocumentStore(database)
    ids = [await store.add(new_document(f"h{n}")) for n in range(3)]
    shutil.rmtree(index_folder(database.path), ignore_errors=True)
    index = await open_index(database)
    assert sorted(i for i, _ in await index.search([("telegram", 1.0)])) == sorted(ids)
    await database.close()


async def test_changes_made_while_no_index_was_open_are_applied_at_the_next_opening(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database = await Database.open(tmp_path / "db.sqlite3")
    store = DocumentStore(database)
    await store.add(new_document("earlier"))
    await open_index(database)
    later = await store.add(new_document("later", body_terms="whatsapp"))
    with caplog.at_level(logging.INFO, logger="storage.search_index"):
        reopened = await open_index(database)
    assert [i for i, _ in await reopened.search([("whatsapp", 1.0)])] == [later]
    assert "rebuilt" not in caplog.text, "the logged change is applied, the index is not built again"
    row = await database.fetch_one("SELECT count(*) FROM search_index_changes")
    assert row is not None and row[0] == 0, "applied changes are pruned from the log"
    await database.close()


async def test_changes_another_process_applied_are_searched_without_applying_them_again(
    store: DocumentStore,
) -> None:
    ours = await open_index(store.database)
    assert await ours.search([("telegram", 1.0)]) == []
    theirs = await open_index(store.database)  # as `mpbot ingest` beside the bot would
    document_id = await store.add(new_document("theirs"))
    await theirs.sync()
    assert [i for i, _ in await ours.search([("telegram", 1.0)])] == [document_id]
    assert ours.index.searcher().num_docs == 1


def blocking_tagger(terms: Sequence[str]) -> list[str]:
    """A tagger for these tests: one tag per blocking word, whatever its language."""
    return ["concept:block" for term in terms if term in ("block", "блокировк", "مسدود")]


async def test_a_document_is_found_by_a_tag_of_words_the_question_does_not_have(
    tmp_path: Path,
) -> None:
    database = await Database.open(tmp_path / "db.sqlite3")
    store = DocumentStore(database)
    persian = await store.add(new_document("fa", title_terms="x", body_terms="تلگرام مسدود"))
    await store.add(new_document("other", title_terms="x", body_terms="telegram news"))
    index = SearchIndex(database, index_folder(database.path), tagger=blocking_tagger, tags_version="1")
    await index.open()
    later = await store.add(new_document("ru", title_terms="x", body_terms="блокировк telegram"))
    hits = await index.search([], [("concept:block", 1.0)])
    assert sorted(i for i, _ in hits) == sorted([persian, later])
    await database.close()


async def test_an_index_tagged_by_other_knowledge_is_rebuilt(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "db.sqlite3")
    store = DocumentStore(database)
    document_id = await store.add(new_document("fa", title_terms="x", body_terms="تلگرام مسدود"))
    untagged = SearchIndex(database, index_folder(database.path))
    await untagged.open()
    assert await untagged.search([], [("concept:block", 1.0)]) == []
    tagged = SearchIndex(database, index_folder(database.path), tagger=blocking_tagger, tags_version="2")
    await tagged.open()
    assert [i for i, _ in await tagged.search([], [("concept:block", 1.0)])] == [document_id]
    await database.close()


async def test_an_index_made_with_an_older_schema_is_rebuilt(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "db.sqlite3")
    store = DocumentStore(database)
    document_id = await store.add(new_document("d"))
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True)
    folder = index_folder(database.path)
    folder.mkdir()
    tantivy.Index(builder.build(), path=str(folder))
    index = await open_index(database)
    assert [i for i, _ in await index.search([("telegram", 1.0)])] == [document_id]
    await database.close()


async def test_a_sync_that_meets_another_writer_leaves_the_change_for_the_next_sync(
    store: DocumentStore,
) -> None:
    database = store.database
    ours = await open_index(database)
    theirs = await open_index(database)  # as another process would open the same folder
    held = theirs.index.writer(heap_size=15_000_000, num_threads=1)
    document_id = await store.add(new_document("while-busy"))

    assert await ours.search([("telegram", 1.0)]) == []  # no error: the document just is not found yet
    pending = await database.fetch_one("SELECT count(*) FROM search_index_changes")
    assert pending is not None and pending[0] == 1, "the change stays in the log"

    held.wait_merging_threads()  # the other writer lets go of the lock
    assert [i for i, _ in await ours.search([("telegram", 1.0)])] == [document_id]
    pending = await database.fetch_one("SELECT count(*) FROM search_index_changes")
    assert pending is not None and pending[0] == 0


async def test_a_change_log_longer_than_one_slice_is_applied_whole(store: DocumentStore) -> None:
    index = await open_index(store.database)
    count = REBUILD_BATCH * 2 + 7  # as a bulk ingest leaves it for the next sync
    async with store.database.transaction() as connection:
        for n in range(count):
            await store.add_in(connection, new_document(f"bulk-{n}", body_terms=f"telegram n{n}"))
    await index.sync()
    assert index.index.searcher().num_docs == count
    assert [i for i, _ in await index.search([(f"n{count - 1}", 1.0)])] == [count]
    pending = await store.database.fetch_one("SELECT count(*) FROM search_index_changes")
    assert pending is not None and pending[0] == 0
