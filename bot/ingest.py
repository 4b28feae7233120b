"""Turning raw text into stored documents: analysis, hashing, seed loading, bulk ingest."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import multiprocessing
import os
import tomllib
import unicodedata
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import aiosqlite

from bot.understanding import DocumentAnalysis, PolicyAction, analyze_document, document_terms
from storage.documents import Document, DocumentStore, NewDocument, StoredAction

SEED_SOURCES_FILE = "sources.toml"
SEED_SUFFIXES = (".txt", ".md")


class EmptyDocumentError(ValueError):
    """The text holds no article: it is empty or only site boilerplate."""


@dataclass(frozen=True)
class Overrides:
    """Metadata an admin states instead of what detection finds."""

    title: str | None = None
    country: str | None = None
    language: str | None = None
    published: date | None = None
    date_precision: str | None = None


@dataclass(frozen=True)
class IngestResult:
    """A document after ingestion; ``created`` is False when the same content was already stored."""

    document: Document
    created: bool


@dataclass(frozen=True)
class SeedReport:
    """What seed loading did: the files it added and the ones it found already stored."""

    added: list[str]
    skipped: list[str]


def content_hash(raw: str) -> str:
    """A hash of the text that ignores line-ending and surrounding-whitespace differences."""
    canonical = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def prepare_document(
    raw: str,
    *,
    source: str | None = None,
    url: str | None = None,
    added_by: int | None = None,
    overrides: Overrides | None = None,
) -> tuple[NewDocument, DocumentAnalysis]:
    """Analyse raw text into a document ready to store; raises EmptyDocumentError for no article."""
    analysis = analyze_document(raw)
    if overrides:
        analysis = _apply(analysis, overrides)
    if not analysis.text.strip() and not analysis.title.strip():
        raise EmptyDocumentError("the text holds no article")
    title_terms, body_terms = document_terms(analysis.title, analysis.text)
    new = NewDocument(
        content_hash=content_hash(raw),
        title=analysis.title,
        text=analysis.text,
        raw_text=raw,
        language=analysis.language,
        country=analysis.country,
        countries_mentioned=analysis.countries_mentioned,
        published=analysis.published.isoformat() if analysis.published else None,
        date_precision=analysis.date_precision,
        messengers=analysis.messengers,
        platforms=analysis.platforms,
        actions=stored_actions(analysis.actions),
        source=source,
        url=url,
        added_by=added_by,
        title_terms=title_terms,
        body_terms=body_terms,
    )
    return new, analysis


def stored_actions(actions: Sequence[PolicyAction]) -> tuple[StoredAction, ...]:
    """Policy actions as the document store keeps them."""
    return tuple(StoredAction(a.kind, a.sentence, tuple(a.messengers)) for a in actions)


def _apply(analysis: DocumentAnalysis, overrides: Overrides) -> DocumentAnalysis:
    changes: dict[str, object] = {}
    if overrides.title:
        changes["title"] = overrides.title
    if overrides.country:
        changes["country"] = overrides.country.upper()
    if overrides.language:
        changes["language"] = overrides.language.lower()
    if overrides.published:
        changes["published"] = overrides.published
        changes["date_precision"] = overrides.date_precision or "day"
    return replace(analysis, **changes) if changes else analysis  # type: ignore[arg-type]


async def _store_quietly(store: DocumentStore, new: NewDocument) -> int | None:
    return await store.add(new)


async def ingest_text(
    store: DocumentStore,
    raw: str,
    *,
    source: str | None = None,
    url: str | None = None,
    added_by: int | None = None,
    overrides: Overrides | None = None,
    keep: Callable[[DocumentStore, NewDocument], Awaitable[int | None]] = _store_quietly,
) -> IngestResult:
    """Analyse and store one text; an identical text already stored is returned, not stored twice.

    ``keep`` stores the analysed document: quietly by default (seeds, imports); publishing passes
    :func:`bot.publishing.publish_document` so that subscribers are told.
    """
    existing = await store.find_by_hash(content_hash(raw))
    if existing:
        return IngestResult(existing, created=False)
    new, _ = prepare_document(raw, source=source, url=url, added_by=added_by, overrides=overrides)
    document_id = await keep(store, new)
    if document_id is None:  # stored meanwhile by a concurrent writer
        existing = await store.find_by_hash(new.content_hash)
        assert existing is not None
        return IngestResult(existing, created=False)
    document = await store.get(document_id)
    assert document is not None
    return IngestResult(document, created=True)


def read_text_file(path: Path) -> str:
    """Read a document file as text (UTF-8, with or without BOM)."""
    return path.read_bytes().decode("utf-8-sig")


def seed_sources(seeds_dir: Path) -> Mapping[str, Mapping[str, str]]:
    """The curated metadata (outlet, address) kept beside the seed files, by file name."""
    path = seeds_dir / SEED_SOURCES_FILE
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class SeedFile:
    """One seed document read from disk, with its curated metadata."""

    name: str
    text: str
    source: str | None
    url: str | None


def read_seeds(seeds_dir: Path) -> list[SeedFile]:
    """Every seed text in the folder, by file name, with what ``sources.toml`` says of it."""
    if not seeds_dir.is_dir():
        return []
    sources = seed_sources(seeds_dir)
    seeds = []
    for path in sorted(seeds_dir.iterdir()):
        if path.suffix.lower() not in SEED_SUFFIXES or not path.is_file():
            continue
        meta = sources.get(path.name, {})
        seeds.append(SeedFile(path.name, read_text_file(path), meta.get("source"), meta.get("url")))
    return seeds


async def load_seeds(store: DocumentStore, seeds_dir: Path) -> SeedReport:
    """Ingest every seed file once: new files are added, files already stored are skipped."""
    report = SeedReport(added=[], skipped=[])
    for seed in await asyncio.to_thread(read_seeds, seeds_dir):
        try:
            result = await ingest_text(store, seed.text, source=seed.source, url=seed.url)
        except EmptyDocumentError:
            report.skipped.append(seed.name)
            continue
        (report.added if result.created else report.skipped).append(seed.name)
    return report


# Bulk ingest (``mpbot ingest``): texts are analysed in worker processes, a batch at a time, while the
# batch before is stored in one transaction.
BULK_BATCH = 64

KeepIn = Callable[[aiosqlite.Connection, DocumentStore, NewDocument], Awaitable[int | None]]


@dataclass(frozen=True)
class Submission:
    """A text for :func:`ingest_many`: the name reports give it (a file path) and what is known of it."""

    name: str
    text: str
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class BulkResult:
    """What became of a submission: its document (``created`` if new), or ``None`` for no article."""

    name: str
    document: Document | None
    created: bool = False


async def add_quietly_in(
    connection: aiosqlite.Connection, store: DocumentStore, new: NewDocument
) -> int | None:
    """Store a document inside the caller's transaction, announcing it to nobody."""
    return await store.add_in(connection, new)


def default_workers() -> int:
    """Analysis processes for bulk ingest: one per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def prepare_batch(submissions: list[Submission]) -> list[NewDocument | None]:
    """Analyse texts into documents ready to store (``None`` for a text without an article)."""
    prepared: list[NewDocument | None] = []
    for submission in submissions:
        try:
            new, _ = prepare_document(submission.text, source=submission.source, url=submission.url)
        except EmptyDocumentError:
            new = None
        prepared.append(new)
    return prepared


def _batches(submissions: Iterable[Submission]) -> Iterator[list[Submission]]:
    batch: list[Submission] = []
    for submission in submissions:
        batch.append(submission)
        if len(batch) == BULK_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


async def ingest_many(
    store: DocumentStore,
    submissions: Iterable[Submission],
    *,
    workers: int | None = None,
    keep_in: KeepIn = add_quietly_in,
) -> AsyncIterator[BulkResult]:
    """Analyse and store many texts, yielding one result per submission in their order.

    Texts already stored (by content hash) are not analysed again. Each batch is stored in one
    transaction, so an interrupted run keeps whole batches and a second run skips them. With more than
    one batch of texts, analysis runs in ``workers`` processes (spawned, not forked: this process has
    threads) while this one stores; ``workers=0`` analyses here.
    """
    workers = default_workers() if workers is None else max(0, workers)
    batches = _batches(submissions)
    first = next(batches, None)
    if first is None:
        return
    pool: Executor | None = None
    if workers > 0 and len(first) == BULK_BATCH:  # less than a batch: not worth starting processes
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        loop = asyncio.get_running_loop()
        # A batch being stored while the workers analyse the next ones.
        in_flight: deque[tuple[list[Submission], list[str], asyncio.Future[list[NewDocument | None]]]]
        in_flight = deque()
        for batch in itertools.chain([first], batches):
            hashes = [content_hash(s.text) for s in batch]
            stored = await store.stored_hashes(hashes)
            fresh = [s for s, h in zip(batch, hashes, strict=True) if h not in stored]
            if pool is None:
                analysed: asyncio.Future[list[NewDocument | None]] = loop.create_future()
                analysed.set_result(prepare_batch(fresh))
            else:
                analysed = asyncio.ensure_future(loop.run_in_executor(pool, prepare_batch, fresh))
            in_flight.append((batch, hashes, analysed))
            if len(in_flight) > max(workers, 1):
                for result in await _store_batch(store, *in_flight.popleft(), keep_in):
                    yield result
        while in_flight:
            for result in await _store_batch(store, *in_flight.popleft(), keep_in):
                yield result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


async def _store_batch(
    store: DocumentStore,
    batch: list[Submission],
    hashes: list[str],
    analysed: asyncio.Future[list[NewDocument | None]],
    keep_in: KeepIn,
) -> list[BulkResult]:
    documents = [new for new in await analysed if new is not None]
    created: set[int] = set()
    async with store.database.transaction() as connection:
        for new in documents:
            document_id = await keep_in(connection, store, new)
            if document_id is not None:
                created.add(document_id)
    # Texts stored before (or twice in this batch) come back as they are stored, deleted ones too.
    found = await store.by_hashes(hashes)
    results = []
    for submission, text_hash in zip(batch, hashes, strict=True):
        document = found.get(text_hash)
        is_new = document is not None and document.id in created
        if is_new and document is not None:
            created.discard(document.id)  # the same text twice: the second is "already stored"
        results.append(BulkResult(submission.name, document, is_new))
    return results
