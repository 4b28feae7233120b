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


async def test_full_text_match_filters_by_country_and_ranks_title_words_higher(store: DocumentStore) -> None:
    await store.add(
        new_document("body", title="News", title_terms="news", body_terms="telegram telegram", country="IR")
    )
    await store.add(
        new_document("title", title="Telegram", title_terms="telegram", body_terms="news", country="IR")
    )
    await store.add(
        new_document("kz", title="Telegram", title_terms="telegram", body_terms="x", country="KZ")
    )
    matches = await store.match('"telegram"', country="IR")
    assert [m.document.content_hash for m in matches] == ["title", "body"]
    assert await store.match('"nothing"') == []


async def test_remembered_country_counts_follow_every_write(store: DocumentStore) -> None:
    await store.add(new_document("one", country="KZ"))
    assert [(c.country, c.documents) for c in await store.country_counts()] == [("KZ", 1)]
    await store.add(new_document("two", country="KZ"))
    assert [(c.country, c.documents) for c in await store.country_counts()] == [("KZ", 2)]
    await store.database.execute("UPDATE documents SET deleted_at = '2025-01-01T00:00:00Z'")
    assert await store.country_counts() == []
