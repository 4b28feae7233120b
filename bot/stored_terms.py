"""Stored search terms follow the normaliser: derived again when the code or word lists that make them change.

Every document keeps the search terms of its title and text (written at ingest). A stemmer change makes
questions stem one way while stored documents hold terms stemmed the old way, and retrieval breaks
without a word. So the database remembers the fingerprint of the normaliser behind its terms
(``bot.understanding.terms_version``), and opening it with another one re-derives every document's terms
from its stored title and text; the search index is then rebuilt from them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from bot.understanding import document_terms, terms_version
from storage.documents import DocumentStore

log = logging.getLogger(__name__)

# Documents re-derived per transaction: a crash loses little, and other writers wait little.
REDERIVE_BATCH = 1000


def _terms_of(rows: Sequence[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    return [(document_id, *document_terms(title, text)) for document_id, title, text in rows]


async def rederive_terms(documents: DocumentStore, *, force: bool = False) -> int:
    """Derive every document's search terms again if the stored ones were made by another normaliser
    (or always, with ``force``); the number of documents re-derived.

    The fingerprint is written last: a crash half-way leaves it old, and the next start does it again.
    """
    current = terms_version()
    stored = await documents.terms_version()
    if stored == current and not force:
        return 0
    total = await documents.stored_count()
    if total and stored != current:
        made_by = stored or "unknown"
        log.info("search terms made by normaliser %s, now %s: deriving them again", made_by, current)
    started = time.perf_counter()
    done = last_id = 0
    while rows := await documents.titles_and_texts(after_id=last_id, limit=REDERIVE_BATCH):
        await documents.replace_terms(await asyncio.to_thread(_terms_of, rows))
        done += len(rows)
        last_id = rows[-1][0]
        log.info("search terms derived again: %d of %d documents", done, total)
    await documents.set_terms_version(current)
    if done:
        log.info("search terms of %d documents derived again in %.1f s", done, time.perf_counter() - started)
    return done
