"""Stored search terms follow the normaliser, and stored apps and actions the detectors: a database written
under other ones has them made again on open."""

from collections.abc import Sequence

from bot.ingest import ingest_text, load_seeds
from bot.search import SearchQuery, open_search_index
from bot.services import Services
from bot.settings import Settings
from bot.stored_terms import REDERIVE_BATCH, rederive_terms, redetect
from bot.understanding import detections_version, document_terms, search_terms, terms_version
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
    title_terms = " ".join(search_terms(f"Telegram blocked, part {english[-1]}"))
    assert stored[english[-1]] == (title_terms, " ".join(search_terms("Filters everywhere.")))
    assert await rederive_terms(store) == 0


TANGO = (
    "Iran orders a ban on Tango\n\n"
    "The judiciary ordered the government to ban WhatsApp, Viber and Tango within a month, the agency said."
)


async def _forget_detections(database: Database, document_id: int, *, version: str) -> None:
    """The apps and actions as detectors that knew no Tango, and no ban, stored them."""
    await database.execute(
        "UPDATE documents SET messengers = '[\"WhatsApp\", \"Viber\"]', actions = '[]' WHERE id = ?",
        (document_id,),
    )
    await database.execute("UPDATE detections_state SET detections_version = ?", (version,))


async def test_a_database_whose_apps_and_actions_other_detectors_found_has_them_found_again_on_open(
    settings: Settings,
) -> None:
    services = await Services.open(settings)
    try:
        tango = (await ingest_text(services.documents, TANGO)).document.id
        await _forget_detections(services.database, tango, version="older detectors")
    finally:
        await services.close()
    services = await Services.open(settings)
    try:
        assert await services.documents.detections_version() == detections_version()
        document = await services.documents.get(tango)
        assert document is not None
        assert document.messengers == ("Tango", "WhatsApp", "Viber")
        assert "block" in {action.kind for action in document.actions}
        facts = await services.documents.ranking_facts([tango])
        assert "Tango" in facts[tango].apps and "block" in facts[tango].action_kinds
    finally:
        await services.close()


async def test_detections_found_by_todays_detectors_are_not_found_again_on_open(settings: Settings) -> None:
    services = await Services.open(settings)
    try:
        tango = (await ingest_text(services.documents, TANGO)).document.id
        await _forget_detections(services.database, tango, version=detections_version())
    finally:
        await services.close()
    services = await Services.open(settings)
    try:
        document = await services.documents.get(tango)
        assert document is not None and document.messengers == ("WhatsApp", "Viber")
    finally:
        await services.close()


async def test_finding_apps_again_writes_only_changed_documents_and_keeps_what_admins_set(
    database: Database,
) -> None:
    store = DocumentStore(database)
    await load_seeds(store, SEEDS)
    tango = (await ingest_text(store, TANGO)).document.id
    await _forget_detections(database, tango, version=detections_version())
    await database.execute(
        "UPDATE documents SET country = 'TJ', title = 'Set by an admin' WHERE id = ?", (tango,)
    )

    assert await redetect(store, force=True) == 1
    document = await store.get(tango)
    assert document is not None
    assert (document.country, document.title) == ("TJ", "Set by an admin")
    assert document.messengers == ("WhatsApp", "Viber", "Tango")  # the admin's title names none
    assert await redetect(store, force=True) == 0
