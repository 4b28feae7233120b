"""Publishing a document: storing it so that everything that follows from it happens in one transaction."""

from __future__ import annotations

from storage.documents import DocumentStore, NewDocument


async def publish_document(store: DocumentStore, new: NewDocument) -> int | None:
    """Store a newly published document (not a seed); ``None`` when the same content is stored already.

    Seed loading does not come through here: only documents published by an admin (``/add``) or by
    ``mpbot ingest --notify`` are announced.
    """
    async with store.database.transaction() as connection:
        return await store.add_in(connection, new)
