"""Publishing a document: storing it so that everything that follows from it happens in one transaction."""

from __future__ import annotations

import logging
import sqlite3

import aiosqlite

from bot.ingest import IngestResult, Overrides, ingest_text
from storage.audit import AuditLog
from storage.deliveries import enqueue_in
from storage.documents import DocumentStore, NewDocument

log = logging.getLogger(__name__)


class PublishingFailed(Exception):
    """The store refused the document (the database locked, full or broken): nothing of it was written."""


async def publish_document(
    store: DocumentStore, new: NewDocument, *, audited_by: int | None = None
) -> int | None:
    """Store a newly published document (not a seed); ``None`` when the same content is stored already.

    In the same transaction, one delivery per matching subscription is written to the outbox, which the
    delivery worker of the running bot sends: a document is never stored without its deliveries. With
    ``audited_by`` (the admin who published it), its audit entry is written in that transaction too.
    Seed loading does not come through here: only documents published by an admin (``/add``) or by
    ``mpbot ingest --notify`` are announced. Raises :class:`PublishingFailed` when the database refuses
    any of it; the transaction is rolled back, so the same document may simply be published again.
    """
    try:
        async with store.database.transaction() as connection:
            document_id = await publish_in(connection, store, new)
            if document_id is not None and audited_by is not None:
                await AuditLog(store.database).record_in(
                    connection, "publish", user_id=audited_by, document_id=document_id, detail=new.title[:200]
                )
    except sqlite3.Error as error:
        raise PublishingFailed(str(error)) from error
    return document_id


async def publish_in(connection: aiosqlite.Connection, store: DocumentStore, new: NewDocument) -> int | None:
    """Like :func:`publish_document`, inside a transaction the caller holds (bulk ingest)."""
    document_id = await store.add_in(connection, new)
    if document_id is None:
        return None
    queued = await enqueue_in(connection, document_id, new.country)
    log.info("published document #%d (%s): %d deliveries queued", document_id, new.country or "??", queued)
    return document_id


async def publish_text(
    store: DocumentStore,
    raw: str,
    *,
    source: str | None = None,
    url: str | None = None,
    added_by: int | None = None,
    overrides: Overrides | None = None,
) -> IngestResult:
    """Like :func:`bot.ingest.ingest_text`, but announced to subscribers: analyse, then publish."""
    return await ingest_text(
        store, raw, source=source, url=url, added_by=added_by, overrides=overrides, keep=publish_document
    )
