"""The documents table and its full-text index."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from storage.database import Database


@dataclass(frozen=True)
class StoredAction:
    """A policy action as stored: its kind, the evidencing sentence and the messengers it names."""

    kind: str
    sentence: str
    messengers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One stored document with its detected metadata."""

    id: int
    content_hash: str
    title: str
    text: str
    language: str
    country: str | None
    countries_mentioned: tuple[str, ...]
    published: str | None
    date_precision: str
    messengers: tuple[str, ...]
    platforms: tuple[str, ...]
    actions: tuple[StoredAction, ...]
    source: str | None
    url: str | None
    added_by: int | None
    added_at: str


@dataclass(frozen=True)
class NewDocument:
    """What it takes to store a document; ``*_terms`` are the normalised words the index holds."""

    content_hash: str
    title: str
    text: str
    raw_text: str
    language: str
    country: str | None
    published: str | None
    date_precision: str
    title_terms: str
    body_terms: str
    countries_mentioned: Sequence[str] = ()
    messengers: Sequence[str] = ()
    platforms: Sequence[str] = ()
    actions: Sequence[StoredAction] = ()
    source: str | None = None
    url: str | None = None
    added_by: int | None = None
    added_at: str | None = None


@dataclass(frozen=True)
class RankingFacts:
    """The little of a document that search re-ranking looks at."""

    id: int
    country: str | None
    countries_mentioned: tuple[str, ...]
    messengers: tuple[str, ...]
    platforms: tuple[str, ...]
    action_kinds: tuple[str, ...]
    published: str | None


@dataclass(frozen=True)
class CountryCount:
    """How many documents a country has, and the newest publication date among them."""

    country: str
    documents: int
    newest: str | None = None


@dataclass(frozen=True)
class Match:
    """A full-text hit: the document and its BM25 score (lower is better, as FTS5 reports it)."""

    document: Document
    score: float
    extra: dict[str, Any] = field(default_factory=dict)


_COLUMNS = (
    "id, content_hash, title, text, language, country, countries_mentioned, published, date_precision,"
    " messengers, platforms, actions, source, url, added_by, added_at"
)


def _document(row: aiosqlite.Row) -> Document:
    actions = tuple(
        StoredAction(kind=a["kind"], sentence=a["sentence"], messengers=tuple(a.get("messengers", ())))
        for a in json.loads(row["actions"])
    )
    return Document(
        id=row["id"],
        content_hash=row["content_hash"],
        title=row["title"],
        text=row["text"],
        language=row["language"],
        country=row["country"],
        countries_mentioned=tuple(json.loads(row["countries_mentioned"])),
        published=row["published"],
        date_precision=row["date_precision"],
        messengers=tuple(json.loads(row["messengers"])),
        platforms=tuple(json.loads(row["platforms"])),
        actions=actions,
        source=row["source"],
        url=row["url"],
        added_by=row["added_by"],
        added_at=row["added_at"],
    )


class DocumentStore:
    """Reads and writes documents; every write keeps the index in step within one transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def add(self, new: NewDocument) -> int | None:
        """Store a document and index it; ``None`` when a document with the same content exists."""
        async with self.database.transaction() as connection:
            return await self.add_in(connection, new)

    async def add_in(self, connection: aiosqlite.Connection, new: NewDocument) -> int | None:
        """Like :meth:`add`, inside a transaction the caller holds (so other rows can join it)."""
        cursor = await connection.execute(
            "INSERT INTO documents (content_hash, title, text, raw_text, language, country,"
            " countries_mentioned, published, date_precision, messengers, platforms, actions,"
            " source, url, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " COALESCE(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
            " ON CONFLICT (content_hash) DO NOTHING",
            (
                new.content_hash,
                new.title,
                new.text,
                new.raw_text,
                new.language,
                new.country,
                json.dumps(list(new.countries_mentioned)),
                new.published,
                new.date_precision,
                json.dumps(list(new.messengers), ensure_ascii=False),
                json.dumps(list(new.platforms), ensure_ascii=False),
                json.dumps(
                    [
                        {"kind": a.kind, "sentence": a.sentence, "messengers": list(a.messengers)}
                        for a in new.actions
                    ],
                    ensure_ascii=False,
                ),
                new.source,
                new.url,
                new.added_by,
                new.added_at,
            ),
        )
        if cursor.rowcount == 0:
            return None
        document_id = cursor.lastrowid
        await connection.execute(
            "INSERT INTO documents_fts (rowid, title_terms, body_terms) VALUES (?, ?, ?)",
            (document_id, new.title_terms, new.body_terms),
        )
        return document_id

    async def get(self, document_id: int) -> Document | None:
        """The document with that id, if any."""
        row = await self.database.fetch_one(f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (document_id,))
        return _document(row) if row else None

    async def get_many(self, ids: Sequence[int]) -> dict[int, Document]:
        """Documents by id (missing ids are left out)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.database.fetch_all(f"SELECT {_COLUMNS} FROM documents WHERE id IN ({marks})", ids)
        return {row["id"]: _document(row) for row in rows}

    async def ranking_facts(self, ids: Sequence[int]) -> dict[int, RankingFacts]:
        """Country, messengers, action kinds and date of documents, without their texts."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.database.fetch_all(
            "SELECT id, country, countries_mentioned, messengers, platforms, published,"
            " (SELECT json_group_array(json_extract(value, '$.kind')) FROM json_each(actions)) AS kinds"
            f" FROM documents WHERE id IN ({marks})",
            ids,
        )
        return {
            row["id"]: RankingFacts(
                id=row["id"],
                country=row["country"],
                countries_mentioned=tuple(json.loads(row["countries_mentioned"])),
                messengers=tuple(json.loads(row["messengers"])),
                platforms=tuple(json.loads(row["platforms"])),
                action_kinds=tuple(json.loads(row["kinds"])),
                published=row["published"],
            )
            for row in rows
        }

    async def find_by_hash(self, content_hash: str) -> Document | None:
        """The document with that content hash, if any."""
        row = await self.database.fetch_one(
            f"SELECT {_COLUMNS} FROM documents WHERE content_hash = ?", (content_hash,)
        )
        return _document(row) if row else None

    async def count(self) -> int:
        """How many documents are stored."""
        row = await self.database.fetch_one("SELECT count(*) FROM documents")
        return int(row[0]) if row else 0

    async def country_counts(self) -> list[CountryCount]:
        """Countries with their document counts, most documents first."""
        rows = await self.database.fetch_all(
            "SELECT country, count(*) AS n, max(published) AS newest FROM documents"
            " WHERE country IS NOT NULL GROUP BY country ORDER BY n DESC, country"
        )
        return [CountryCount(row["country"], row["n"], row["newest"]) for row in rows]

    async def by_country(self, country: str, *, limit: int = 50, offset: int = 0) -> list[Document]:
        """A country's documents, newest first (undated ones last, most recently added first)."""
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM documents WHERE country = ?"
            " ORDER BY published IS NULL, published DESC, id DESC LIMIT ? OFFSET ?",
            (country, limit, offset),
        )
        return [_document(row) for row in rows]

    async def latest(self, *, limit: int = 10) -> list[Document]:
        """The most recently added documents."""
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM documents ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_document(row) for row in rows]

    async def all(self) -> list[Document]:
        """Every document, in the order they were added."""
        rows = await self.database.fetch_all(f"SELECT {_COLUMNS} FROM documents ORDER BY id")
        return [_document(row) for row in rows]

    async def match(
        self,
        expression: str,
        *,
        country: str | None = None,
        language: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 50,
    ) -> list[Match]:
        """Documents whose index matches an FTS5 expression, best BM25 first (title words weigh more)."""
        conditions = ["documents_fts MATCH ?"]
        params: list[Any] = [expression]
        if country:
            conditions.append("d.country = ?")
            params.append(country)
        if language:
            conditions.append("d.language = ?")
            params.append(language)
        if date_from:
            conditions.append("d.published >= ?")
            params.append(date_from)
        if date_to:
            conditions.append("d.published <= ?")
            params.append(date_to)
        params.append(limit)
        columns = ", ".join(f"d.{name.strip()}" for name in _COLUMNS.split(","))
        rows = await self.database.fetch_all(
            f"SELECT {columns}, bm25(documents_fts, 3.0, 1.0) AS score"
            " FROM documents_fts JOIN documents AS d ON d.id = documents_fts.rowid"
            f" WHERE {' AND '.join(conditions)} ORDER BY score LIMIT ?",
            params,
        )
        return [Match(_document(row), float(row["score"])) for row in rows]
