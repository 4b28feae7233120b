"""Stored search terms follow the normaliser, and stored apps and actions the detectors: made again when the
code or word lists that make them change.

Every document keeps the search terms of its title and text (written at ingest). A stemmer change makes
questions stem one way while stored documents hold terms stemmed the old way, and retrieval breaks
without a word. So the database remembers the fingerprint of the normaliser behind its terms
(``bot.understanding.terms_version``), and opening it with another one re-derives every document's terms
from its stored title and text; the search index is then rebuilt from them. Likewise the messengers,
platforms and policy actions found in each document (``bot.understanding.detections_version``): an
upgrade that recognises a new app or a new cue finds them in the documents stored before it, which
briefs and rankings read, and not only in those added after.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from bot.ingest import stored_actions
from bot.understanding import detect_apps_and_actions, detections_version, document_terms, terms_version
from storage.documents import Detections, DocumentStore

log = logging.getLogger(__name__)

# Documents re-derived per transaction: a crash loses little, and other writers wait little.
REDERIVE_BATCH = 1000

Row = TypeVar("Row", bound=tuple[Any, ...])


def _terms_of(rows: Sequence[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    return [(document_id, *document_terms(title, text)) for document_id, title, text in rows]


async def rederive_terms(documents: DocumentStore, *, force: bool = False) -> int:
    """Derive every document's search terms again if the stored ones were made by another normaliser
    (or always, with ``force``); the number of documents re-derived.

    The fingerprint is written last: a crash half-way leaves it old, and the next start does it again.
    """
    current = terms_version()
    if not _outdated("search terms", await documents.terms_version(), current, force=force):
        return 0

    async def derive(rows: Sequence[tuple[int, str, str]]) -> int:
        await documents.replace_terms(await asyncio.to_thread(_terms_of, rows))
        return len(rows)

    done, _ = await _in_batches(documents, "search terms derived again", documents.titles_and_texts, derive)
    await documents.set_terms_version(current)
    return done


def _detections_of(rows: Sequence[tuple[int, str, str, str]]) -> list[tuple[int, Detections]]:
    found = []
    for document_id, title, text, language in rows:
        apps, actions = detect_apps_and_actions(title, text, language)
        found.append((document_id, Detections(apps.messengers, apps.platforms, stored_actions(actions))))
    return found


async def redetect(documents: DocumentStore, *, force: bool = False) -> int:
    """Find every document's apps and policy actions again if the stored ones were found by other
    detectors (or always, with ``force``); the number of documents whose detections changed.

    Country, language, date and title are left as they are: an admin may have set them.
    """
    current = detections_version()
    if not _outdated("apps and actions", await documents.detections_version(), current, force=force):
        return 0

    async def detect(rows: Sequence[tuple[int, str, str, str]]) -> int:
        return await documents.replace_detections(await asyncio.to_thread(_detections_of, rows))

    _, changed = await _in_batches(
        documents, "apps and actions found again", documents.texts_to_detect, detect
    )
    await documents.set_detections_version(current)
    return changed


def _outdated(what: str, stored: str, current: str, *, force: bool) -> bool:
    """Whether ``what``, stored under the fingerprint ``stored``, is to be made again under ``current``."""
    if stored != current:
        log.info("%s made under fingerprint %s, now %s", what, stored or "unknown", current)
    return force or stored != current


async def _in_batches(
    documents: DocumentStore,
    what: str,
    read: Callable[..., Awaitable[list[Row]]],
    remake: Callable[[Sequence[Row]], Awaitable[int]],
) -> tuple[int, int]:
    """Read every document (deleted ones too) in batches by id and remake each batch: (documents read,
    documents changed), with progress in the log."""
    total = await documents.stored_count()
    started = time.perf_counter()
    done = changed = last_id = 0
    while rows := await read(after_id=last_id, limit=REDERIVE_BATCH):
        changed += await remake(rows)
        done += len(rows)
        last_id = rows[-1][0]
        log.info("%s: %d of %d documents", what, done, total)
    if done:
        log.info("%s: %d documents in %.1f s, %d changed", what, done, time.perf_counter() - started, changed)
    return done, changed
