from storage.database import Database
from storage.documents import DocumentStore, NewDocument, StoredAction


def new_document(content_hash: str = "h1", **changes: object) -> NewDocument:
    values: dict[str, object] = {
        "content_hash": content_hash,
        "title": "Telegram blocked",
        "text": "The court ordered Telegram blocked.",
        "raw_text": "raw",
        "language": "en",
        "country": "IR",
        "published": "2018-04-30",
        "date_precision": "day",
        "title_terms": "telegram block",
        "body_terms": "court order telegram block",
        "messengers": ("Telegram",),
        "actions": (StoredAction("block", "The court ordered Telegram blocked.", ("Telegram",)),),
    }
    values.update(changes)
    return NewDocument(**values)  # type: ignore[arg-type]


async def test_a_stored_document_reads_back_with_its_metadata(store: DocumentStore) -> None:
    document_id = await store.add(new_document())
    assert document_id is not None
    document = await store.get(document_id)
    assert document is not None
    assert document.title == "Telegram blocked"
    assert document.messengers == ("Telegram",)
    assert document.actions[0].kind == "block"
    assert document.actions[0].messengers == ("Telegram",)
    assert document.added_at.endswith("Z")


async def test_the_same_content_is_not_stored_twice(store: DocumentStore) -> None:
    assert await store.add(new_document("same")) is not None
    assert await store.add(new_document("same", title="Other title")) is None
    assert await store.count() == 1
    rows = await store.database.fetch_all("SELECT rowid FROM documents_fts")
    assert len(rows) == 1


async def test_countries_are_counted_most_documents_first(store: DocumentStore) -> None:
    await store.add(new_document("a", country="KZ"))
    await store.add(new_document("b", country="KZ", published="2025-01-01"))
    await store.add(new_document("c", country="IR"))
    counts = await store.country_counts()
    assert [(c.country, c.documents, c.newest) for c in counts] == [
        ("KZ", 2, "2025-01-01"),
        ("IR", 1, "2018-04-30"),
    ]


async def test_a_country_lists_newest_first_and_undated_last(store: DocumentStore) -> None:
    await store.add(new_document("old", country="KZ", published="2018-01-01", title="old"))
    await store.add(
        new_document("undated", country="KZ", published=None, date_precision="unknown", title="undated")
    )
    await store.add(new_document("new", country="KZ", published="2025-01-01", title="new"))
    titles = [d.title for d in await store.by_country("KZ")]
    assert titles == ["new", "old", "undated"]


async def test_remembered_country_counts_follow_every_write(store: DocumentStore) -> None:
    await store.add(new_document("one", country="KZ"))
    assert [(c.country, c.documents) for c in await store.country_counts()] == [("KZ", 1)]
    await store.add(new_document("two", country="KZ"))
    assert [(c.country, c.documents) for c in await store.country_counts()] == [("KZ", 2)]
    await store.database.execute("UPDATE documents SET deleted_at = '2025-01-01T00:00:00Z'")
    assert await store.country_counts() == []


async def test_ranking_facts_follow_edits_deletes_and_restores(store: DocumentStore) -> None:
    document_id = await store.add(
        new_document(
            messengers=("Telegram", "Aitu"),
            platforms=("YouTube",),
            countries_mentioned=("RU", "KZ"),
            actions=(StoredAction("deny", "s1", ()), StoredAction("block", "s2", ("Telegram",))),
        )
    )
    assert document_id is not None
    facts = (await store.ranking_facts([document_id]))[document_id]
    assert (facts.country, facts.countries_mentioned, facts.published) == ("IR", ("RU", "KZ"), "2018-04-30")
    assert facts.apps == ("Telegram", "Aitu", "YouTube")
    assert facts.action_kinds == ("deny", "block"), "in text order: the first ones are what it is about"
    async with store.database.transaction() as connection:
        await store.update_in(connection, document_id, {"country": "KZ"})
    assert (await store.ranking_facts([document_id]))[document_id].country == "KZ"
    async with store.database.transaction() as connection:
        await store.soft_delete_in(connection, document_id)
    assert await store.ranking_facts([document_id]) == {}
    async with store.database.transaction() as connection:
        await store.restore_in(connection, document_id)
    assert document_id in await store.ranking_facts([document_id])


async def test_a_document_without_apps_or_actions_has_empty_ranking_facts(store: DocumentStore) -> None:
    document_id = await store.add(new_document(messengers=(), actions=(), countries_mentioned=()))
    assert document_id is not None
    facts = (await store.ranking_facts([document_id]))[document_id]
    assert (facts.apps, facts.action_kinds, facts.countries_mentioned) == ((), (), ())


async def test_the_documents_version_moves_with_document_writes_only(store: DocumentStore) -> None:
    first = await store.version()
    document_id = await store.add(new_document("one"))
    added = await store.version()
    assert added > first
    await store.database.execute("INSERT INTO users (user_id, language) VALUES (1, 'ru')")
    assert await store.version() == added
    await store.database.execute(
        "UPDATE documents SET deleted_at = '2025-01-01T00:00:00Z' WHERE id = ?", (document_id,)
    )
    assert await store.version() > added


async def test_another_process_writing_a_document_moves_the_version(store: DocumentStore) -> None:
    before = await store.version()
    other = await Database.open(store.database.path)
    try:
        await DocumentStore(other).add(new_document("elsewhere"))
    finally:
        await other.close()
    assert await store.version() > before
