"""Stored search terms follow the normaliser: a database written under another one is re-derived on open."""

from collections.abc import Sequence

from bot.ingest import ingest_text, load_seeds
from bot.search import SearchQuery, open_search_index
from bot.services import Services
from bot.settings import Settings
from bot.stored_terms import REDERIVE_BATCH, rederive_terms
from bot.understanding import document_terms, terms_version
from storage.database import Database
from storage.documents import DocumentStore
from tests.conftest import SEEDS

FILTERED = (
    "ایران تلگرام را فیلتر کرد\n\n"
    "دادستانی تهران روز دوشنبه اعلام کرد که پیام‌رسان تلگرام در ایران فیلتر شده است و کاربران برای"
    " دسترسی به آن باید از فیلترشکن استفاده کنند. این تصمیم پس از ماه‌ها بحث در شورای عالی فضای مجازی"
    " گرفته شد."
)


async def _stored_terms(database: Database) -> dict[int, tuple[str, str]]:
    rows = await database.fetch_all("SELECT rowid, title_terms, body_terms FROM documents_fts ORDER BY rowid")
    return {row[0]: (row[1], row[2]) for row in rows}


async def _make_old(database: Database, *, version: str = "an older normaliser") -> None:
    """Terms as the stemmer before protected tails wrote them (فیلتر → فیل), indexed that way."""
    await database.execute(
        "UPDATE documents_fts SET title_terms = replace(title_terms, 'فیلتر', 'فیل'),"
        " body_terms = replace(body_terms, 'فیلتر', 'فیل')"
    )
    await database.execute("UPDATE search_terms_state SET terms_version = ?", (version,))
    await open_search_index(database).open(rebuild=True)


def _ids(found: Sequence[tuple[int, float]]) -> list[int]:
    return [document_id for document_id, _ in found]


def _fresh_terms(title: str, text: str) -> tuple[str, str]:
    return document_terms(title, text)


async def _filtered_database(settings: Settings) -> int:
    """The seeds and one Persian document about filtering, stored and then made old; its id."""
    services = await Services.open(settings)
    try:
        await load_seeds(services.documents, SEEDS)
        persian = (await ingest_text(services.documents, FILTERED)).document.id
        await _make_old(services.database)
        assert await services.search.index.search([("فیلتر", 1.0)]) == []
    finally:
        await services.close()
    return persian


async def test_a_database_written_by_another_normaliser_gets_its_terms_derived_again_on_open(
    settings: Settings,
) -> None:
    persian = await _filtered_database(settings)
    services = await Services.open(settings)
    try:
        assert await services.documents.terms_version() == terms_version()
        stored = await _stored_terms(services.database)
        documents = await services.documents.all(include_deleted=True)
        assert stored == {d.id: _fresh_terms(d.title, d.text) for d in documents}
        assert "فیلتر" in stored[persian][1].split()
        assert _ids(await services.search.index.search([("فیلتر", 1.0)])) == [persian]
        hits = await services.search.search(SearchQuery(text="فیلتر تلگرام", limit=5))
        assert hits[0].document.id == persian
    finally:
        await services.close()


async def test_a_database_whose_terms_are_current_is_opened_without_deriving_them_again(
    settings: Settings,
) -> None:
    services = await Services.open(settings)
    try:
        await ingest_text(services.documents, FILTERED)
        await _make_old(services.database, version=terms_version())
        before = await _stored_terms(services.database)
    finally:
        await services.close()
    services = await Services.open(settings)
    try:
        assert await _stored_terms(services.database) == before
    finally:
        await services.close()


async def test_a_forced_reindex_derives_current_terms_again_and_the_index_learns_them(
    settings: Settings,
) -> None:
    services = await Services.open(settings)
    try:
        persian = (await ingest_text(services.documents, FILTERED)).document.id
        await _make_old(services.database, version=terms_version())
    finally:
        await services.close()
    services = await Services.open(settings, reindex=True)
    try:
        assert _ids(await services.search.index.search([("فیلتر", 1.0)])) == [persian]
    finally:
        await services.close()


async def test_deleted_documents_and_more_than_one_batch_are_derived_again(database: Database) -> None:
    store = DocumentStore(database)
    persian = (await ingest_text(store, FILTERED)).document.id
    english = range(persian + 1, persian + 2 + REDERIVE_BATCH)
    async with database.transaction() as connection:
        await connection.executemany(
            "INSERT INTO documents (id, content_hash, title, text, raw_text, language)"
            " VALUES (?, ?, ?, 'Filters everywhere.', '', 'en')",
            [(n, f"hash {n}", f"Telegram blocked, part {n}") for n in english],
        )
        await connection.executemany(
            "INSERT INTO documents_fts (rowid, title_terms, body_terms) VALUES (?, '', '')",
            [(n,) for n in english],
        )
        assert await store.soft_delete_in(connection, persian)
    await store.replace_terms([(persian, "stale", "stale")])

    assert await rederive_terms(store) == REDERIVE_BATCH + 2
    stored = await _stored_terms(database)
    assert "فیلتر" in stored[persian][1].split()
    assert stored[english[-1]] == (f"telegram blocked part {english[-1]}", "filter everywhere")
    assert await rederive_terms(store) == 0
