"""The documents table and its full-text index."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
    deleted_at: str | None = None


@dataclass(frozen=True)
class NewDocument:
    """What it takes to store a document; ``*_terms`` are the normalised words the index holds (the body's
    with one line per sentence of the text: see bot.understanding.document_terms)."""

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
class Detections:
    """What the detectors found in a document: the messengers and platforms it names, the policy actions."""

    messengers: Sequence[str]
    platforms: Sequence[str]
    actions: Sequence[StoredAction]


def _names_json(names: Sequence[str]) -> str:
    return json.dumps(list(names), ensure_ascii=False)


def _actions_json(actions: Sequence[StoredAction]) -> str:
    return json.dumps(
        [{"kind": a.kind, "sentence": a.sentence, "messengers": list(a.messengers)} for a in actions],
        ensure_ascii=False,
    )


@dataclass(frozen=True)
class RankingFacts:
    """The little of a document that search re-ranking looks at."""

    id: int
    country: str | None
    countries_mentioned: tuple[str, ...]
    apps: tuple[str, ...]
    action_kinds: tuple[str, ...]
    published: str | None


@dataclass(frozen=True)
class CountryCount:
    """How many documents a country has, and the newest publication date among them."""

    country: str
    documents: int
    newest: str | None = None


_COLUMNS = (
    "id, content_hash, title, text, language, country, countries_mentioned, published, date_precision,"
    " messengers, platforms, actions, source, url, added_by, added_at, deleted_at"
)
# Every read leaves soft-deleted documents out, except the content-hash lookup (see find_by_hash).
_VISIBLE = "deleted_at IS NULL"
# What /edit may change, by column; the names are fixed here, never taken from input.
EDITABLE_COLUMNS = frozenset({"title", "country", "published", "date_precision", "source", "url", "language"})


def _listed(joined: str) -> tuple[str, ...]:
    """A list the ranking_facts table keeps joined with the unit separator (see migration 007)."""
    return tuple(joined.split("\x1f")) if joined else ()


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
        deleted_at=row["deleted_at"],
    )


async def documents_version(database: Database) -> int:
    """The last number of the document change log, which every insert, update or delete of a document
    adds to (the triggers of migration 005). AUTOINCREMENT keeps it in sqlite_sequence after the search
    index has pruned the log's applied rows."""
    row = await database.fetch_one("SELECT seq FROM sqlite_sequence WHERE name = 'search_index_changes'")
    return int(row[0]) if row else 0


class DocumentStore:
    """Reads and writes documents; every write keeps the index in step within one transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._country_counts: tuple[int, list[CountryCount]] | None = None

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
                _names_json(new.messengers),
                _names_json(new.platforms),
                _actions_json(new.actions),
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

    async def get(self, document_id: int, *, include_deleted: bool = False) -> Document | None:
        """The document with that id, if any (a deleted one only when asked for)."""
        visible = "" if include_deleted else f" AND {_VISIBLE}"
        row = await self.database.fetch_one(
            f"SELECT {_COLUMNS} FROM documents WHERE id = ?{visible}", (document_id,)
        )
        return _document(row) if row else None

    async def get_many(self, ids: Sequence[int]) -> dict[int, Document]:
        """Documents by id (missing ids are left out)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM documents WHERE id IN ({marks}) AND {_VISIBLE}", ids
        )
        return {row["id"]: _document(row) for row in rows}

    async def with_body_terms(self, ids: Sequence[int]) -> dict[int, tuple[Document, str]]:
        """Documents by id with their stored body terms (a line per sentence of the text); missing ids
        are left out. One read for what a search shows: the document and what its passage is chosen from.
        """
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS}, body_terms FROM documents JOIN documents_fts ON documents_fts.rowid = id"
            f" WHERE id IN ({marks}) AND {_VISIBLE}",
            ids,
        )
        return {row["id"]: (_document(row), row["body_terms"]) for row in rows}

    async def ranking_facts(self, ids: Sequence[int]) -> dict[int, RankingFacts]:
        """Country, messengers, action kinds and date of documents, without their texts."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.database.fetch_all(
            "SELECT document_id, country, countries_mentioned, apps, action_kinds, published"
            f" FROM ranking_facts WHERE document_id IN ({marks}) AND {_VISIBLE}",
            ids,
        )
        return {
            row[0]: RankingFacts(
                id=row[0],
                country=row[1],
                countries_mentioned=_listed(row[2]),
                apps=_listed(row[3]),
                action_kinds=_listed(row[4]),
                published=row[5],
            )
            for row in rows
        }

    async def find_by_hash(self, content_hash: str) -> Document | None:
        """The document with that content hash, if any — deleted ones included (check ``deleted_at``).

        It answers "is this content stored?": a deleted document must not come back as new through
        seed loading or ``/add``, only through ``/restore``.
        """
        row = await self.database.fetch_one(
            f"SELECT {_COLUMNS} FROM documents WHERE content_hash = ?", (content_hash,)
        )
        return _document(row) if row else None

    async def stored_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are stored (deleted documents included)."""
        if not hashes:
            return set()
        marks = ",".join("?" * len(hashes))
        rows = await self.database.fetch_all(
            f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})", hashes
        )
        return {row[0] for row in rows}

    async def by_hashes(self, hashes: Sequence[str]) -> dict[str, Document]:
        """Documents by content hash, deleted ones included (like :meth:`find_by_hash`)."""
        if not hashes:
            return {}
        marks = ",".join("?" * len(hashes))
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM documents WHERE content_hash IN ({marks})", hashes
        )
        return {row["content_hash"]: _document(row) for row in rows}

    async def count(self) -> int:
        """How many documents are stored."""
        row = await self.database.fetch_one(f"SELECT count(*) FROM documents WHERE {_VISIBLE}")
        return int(row[0]) if row else 0

    async def version(self) -> int:
        """A number that grows with every insert, update or delete of a document, by any process: a key
        for what is worked out from documents (other writes, users or deliveries, leave it alone)."""
        return await documents_version(self.database)

    async def country_counts(self) -> list[CountryCount]:
        """Countries with their document counts, most documents first (remembered until a write)."""
        version = await self.version()
        if self._country_counts is not None and self._country_counts[0] == version:
            return list(self._country_counts[1])
        rows = await self.database.fetch_all(
            "SELECT country, count(*) AS n, max(published) AS newest FROM documents"
            f" WHERE country IS NOT NULL AND {_VISIBLE} GROUP BY country ORDER BY n DESC, country"
        )
        counts = [CountryCount(row["country"], row["n"], row["newest"]) for row in rows]
        self._country_counts = (version, counts)
        return list(counts)

    async def by_country(self, country: str, *, limit: int = 50, offset: int = 0) -> list[Document]:
        """A country's documents, newest first (undated ones last, most recently added first)."""
        # Ids first, read in the index's order (NULL sorts lowest, so undated come last when descending);
        # then only the documents asked for are read.
        rows = await self.database.fetch_all(
            f"SELECT id FROM documents WHERE country = ? AND {_VISIBLE}"
            " ORDER BY published DESC, id DESC LIMIT ? OFFSET ?",
            (country, limit, offset),
        )
        ids = [int(row[0]) for row in rows]
        found = await self.get_many(ids)
        return [found[i] for i in ids if i in found]

    async def latest(self, *, limit: int = 10) -> list[Document]:
        """The most recently added documents."""
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM documents WHERE {_VISIBLE} ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_document(row) for row in rows]

    async def all(self, *, include_deleted: bool = False) -> list[Document]:
        """Every document, in the order they were added (deleted ones only when asked for)."""
        visible = "" if include_deleted else f" WHERE {_VISIBLE}"
        rows = await self.database.fetch_all(f"SELECT {_COLUMNS} FROM documents{visible} ORDER BY id")
        return [_document(row) for row in rows]

    # Admin tools: soft delete, edits, statistics and transfer.

    async def soft_delete_in(self, connection: aiosqlite.Connection, document_id: int) -> bool:
        """Hide a document everywhere (inside the caller's transaction); False if none was visible."""
        cursor = await connection.execute(
            "UPDATE documents SET deleted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
            f" WHERE id = ? AND {_VISIBLE}",
            (document_id,),
        )
        return cursor.rowcount > 0

    async def restore_in(self, connection: aiosqlite.Connection, document_id: int) -> bool:
        """Bring a deleted document back; False if there was no deleted document with that id."""
        cursor = await connection.execute(
            "UPDATE documents SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL", (document_id,)
        )
        return cursor.rowcount > 0

    async def update_in(
        self,
        connection: aiosqlite.Connection,
        document_id: int,
        changes: Mapping[str, str | None],
        *,
        title_terms: str | None = None,
    ) -> bool:
        """Change metadata columns of a visible document, re-indexing its title when terms are given."""
        unknown = set(changes) - EDITABLE_COLUMNS
        if unknown or not changes:
            raise ValueError(f"not editable: {sorted(unknown) or 'nothing to change'}")
        assignments = ", ".join(f"{column} = ?" for column in changes)
        cursor = await connection.execute(
            f"UPDATE documents SET {assignments} WHERE id = ? AND {_VISIBLE}",
            (*changes.values(), document_id),
        )
        if cursor.rowcount == 0:
            return False
        if title_terms is not None:
            await connection.execute(
                "UPDATE documents_fts SET title_terms = ? WHERE rowid = ?", (title_terms, document_id)
            )
        return True

    # Search terms derived again after the normaliser changed (bot.stored_terms).

    async def terms_version(self) -> str:
        """The fingerprint of the normaliser that wrote the stored search terms ('' when unknown)."""
        row = await self.database.fetch_one("SELECT terms_version FROM search_terms_state WHERE id = 1")
        return str(row[0]) if row else ""

    async def stored_count(self) -> int:
        """How many documents are stored, deleted ones included."""
        row = await self.database.fetch_one("SELECT count(*) FROM documents")
        return int(row[0]) if row else 0

    async def titles_and_texts(self, *, after_id: int, limit: int) -> list[tuple[int, str, str]]:
        """(id, title, text) of the next ``limit`` documents after ``after_id`` by id, deleted ones too."""
        rows = await self.database.fetch_all(
            "SELECT id, title, text FROM documents WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
        )
        return [(row[0], row[1], row[2]) for row in rows]

    async def replace_terms(self, terms: Sequence[tuple[int, str, str]]) -> None:
        """Write (id, title terms, body terms) of documents in one transaction."""
        async with self.database.transaction() as connection:
            await connection.executemany(
                "UPDATE documents_fts SET title_terms = ?, body_terms = ? WHERE rowid = ?",
                [(title_terms, body_terms, document_id) for document_id, title_terms, body_terms in terms],
            )

    async def detections_version(self) -> str:
        """The fingerprint of the detectors that found the stored apps and actions ('' when unknown)."""
        row = await self.database.fetch_one("SELECT detections_version FROM detections_state WHERE id = 1")
        return str(row[0]) if row else ""

    async def set_detections_version(self, version: str) -> None:
        """Record the fingerprint of the detectors every stored document's apps and actions now come from."""
        await self.database.execute(
            "UPDATE detections_state SET detections_version = ? WHERE id = 1", (version,)
        )

    async def texts_to_detect(self, *, after_id: int, limit: int) -> list[tuple[int, str, str, str]]:
        """(id, title, text, language) of the next ``limit`` documents after ``after_id`` by id, deleted
        ones too."""
        rows = await self.database.fetch_all(
            "SELECT id, title, text, language FROM documents WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    async def replace_detections(self, found: Sequence[tuple[int, Detections]]) -> int:
        """Write the apps and actions found in documents, in one transaction; only the documents whose
        stored ones differ are written (so the search index and the ranking facts follow just those).
        The number of documents changed."""
        rows = []
        for document_id, detections in found:
            values = (
                _names_json(detections.messengers),
                _names_json(detections.platforms),
                _actions_json(detections.actions),
            )
            rows.append((*values, document_id, *values))
        async with self.database.transaction() as connection:
            cursor = await connection.executemany(
                "UPDATE documents SET messengers = ?, platforms = ?, actions = ? WHERE id = ?"
                " AND (messengers != ? OR platforms != ? OR actions != ?)",
                rows,
            )
            return max(0, cursor.rowcount)

    async def set_terms_version(self, version: str) -> None:
        """Record the fingerprint of the normaliser every stored document's terms now come from."""
        await self.database.execute(
            "UPDATE search_terms_state SET terms_version = ? WHERE id = 1", (version,)
        )

    async def raw_texts(self, ids: Sequence[int]) -> dict[int, str]:
        """The text of each document exactly as it was received, by id (deleted ones included)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.database.fetch_all(f"SELECT id, raw_text FROM documents WHERE id IN ({marks})", ids)
        return {row["id"]: row["raw_text"] for row in rows}

    async def texts_like(self, country: str | None, language: str) -> list[tuple[int, str]]:
        """(id, text) of the visible documents of one country (or none) and language."""
        rows = await self.database.fetch_all(
            f"SELECT id, text FROM documents WHERE country IS ? AND language = ? AND {_VISIBLE} ORDER BY id",
            (country, language),
        )
        return [(row["id"], row["text"]) for row in rows]

    async def language_counts(self) -> list[tuple[str, int]]:
        """Languages with their document counts, most documents first."""
        rows = await self.database.fetch_all(
            f"SELECT language, count(*) AS n FROM documents WHERE {_VISIBLE}"
            " GROUP BY language ORDER BY n DESC, language"
        )
        return [(row["language"], row["n"]) for row in rows]

    async def deleted_count(self) -> int:
        """How many documents are deleted (and can be restored)."""
        row = await self.database.fetch_one("SELECT count(*) FROM documents WHERE deleted_at IS NOT NULL")
        return int(row[0]) if row else 0

    async def import_in(
        self,
        connection: aiosqlite.Connection,
        new: NewDocument,
        *,
        document_id: int | None = None,
        deleted_at: str | None = None,
    ) -> int | None:
        """Store an exported document, keeping its id when that id is free; ``None`` if its content is
        stored already."""
        stored_id = await self.add_in(connection, new)
        if stored_id is None:
            return None
        if document_id is not None and document_id != stored_id:
            cursor = await connection.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,))
            if await cursor.fetchone() is None:
                await connection.execute("UPDATE documents SET id = ? WHERE id = ?", (document_id, stored_id))
                await connection.execute("DELETE FROM documents_fts WHERE rowid = ?", (stored_id,))
                await connection.execute(
                    "INSERT INTO documents_fts (rowid, title_terms, body_terms) VALUES (?, ?, ?)",
                    (document_id, new.title_terms, new.body_terms),
                )
                stored_id = document_id
        if deleted_at is not None:
            await connection.execute(
                "UPDATE documents SET deleted_at = ? WHERE id = ?", (deleted_at, stored_id)
            )
        return stored_id
