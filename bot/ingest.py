"""Turning raw text into stored documents: analysis, hashing, seed loading."""

from __future__ import annotations

import asyncio
import hashlib
import tomllib
import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from bot.understanding import DocumentAnalysis, analyze_document, document_terms
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
        actions=tuple(StoredAction(a.kind, a.sentence, tuple(a.messengers)) for a in analysis.actions),
        source=source,
        url=url,
        added_by=added_by,
        title_terms=" ".join(title_terms),
        body_terms=" ".join(body_terms),
    )
    return new, analysis


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
