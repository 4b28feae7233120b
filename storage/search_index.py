"""The search index: a tantivy index beside the database file, kept in step with the documents table.

SQLite stays the store of record. The index holds each document's normalised terms (from the
``documents_fts`` table) and the fields search filters on; it learns of every change through the
``search_index_changes`` log that triggers on ``documents`` fill, and is rebuilt from SQLite whenever
the two disagree (a missing or damaged index folder, a crash between a commit and its application).
Tantivy ranks with BM25 and stops early on top-k, which full-text search over SQLite cannot do for
questions made of many common words (see BENCHMARKS.md).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy

from storage.database import Database
from storage.documents import documents_version

log = logging.getLogger(__name__)

# Tags of a document from its terms (concepts, countries, apps it names: see bot.query.document_tags).
Tagger = Callable[[Sequence[str]], list[str]]
TAGS_VERSION_FILE = "tags.version"

# Tantivy's smallest writer budget; the writer lives only while changes are applied.
WRITER_HEAP = 15_000_000
# A rebuild runs in a child process: a budget that holds 100,000 documents writes them as one segment,
# which searches about a third faster than the dozen a small budget leaves (see BENCHMARKS.md).
REBUILD_HEAP = 200_000_000
TITLE_BOOST = 2.0
REBUILD_BATCH = 2000
# Another process (``mpbot ingest`` beside the bot) may hold the index's only writer for a moment.
WRITER_ATTEMPTS = 5
WRITER_FIRST_WAIT_S = 0.05  # doubled after each busy try: at most 0.75 s in all
_ROWS_SQL = (
    "SELECT d.id, f.title_terms, f.body_terms, d.country, d.language, d.published"
    " FROM documents AS d JOIN documents_fts AS f ON f.rowid = d.id"
)


@dataclass(frozen=True)
class IndexRow:
    """What the index holds of one document."""

    id: int
    title_terms: str
    body_terms: str
    country: str | None
    language: str
    published: str | None


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("tags", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("country", stored=False, tokenizer_name="raw")
    builder.add_text_field("language", stored=False, tokenizer_name="raw")
    builder.add_integer_field("published", stored=False, indexed=True, fast=True)
    return builder.build()


def _day_number(value: str | None) -> int:
    """2025-08-20 → 20250820; unknown dates are 0."""
    if not value:
        return 0
    digits = value.replace("-", "")[:8]
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


def _document(row: IndexRow, tagger: Tagger | None) -> tantivy.Document:
    title, body = row.title_terms.split(), row.body_terms.split()
    return tantivy.Document(
        id=row.id,
        title=row.title_terms,
        body=row.body_terms,
        tags=" ".join(tagger(title) + tagger(body)) if tagger else "",
        country=row.country or "",
        language=row.language,
        published=_day_number(row.published),
    )


def index_folder(database_path: Path) -> Path:
    """Where the index of a database file lives: beside it, named after it."""
    return database_path.with_name(database_path.name + ".index")


class IndexBusyError(Exception):
    """Another process kept the index's writer through every try."""


def _is_lock_busy(error: ValueError) -> bool:
    # tantivy-py reports a held writer lock as a ValueError naming LockBusy.
    return "LockBusy" in str(error)


class SearchIndex:
    """Ranked full-text search over the documents' terms, with filters on country, language and date."""

    def __init__(
        self, database: Database, folder: Path, *, tagger: Tagger | None = None, tags_version: str = ""
    ) -> None:
        self.database = database
        self.folder = folder
        self.tagger = tagger
        # Written beside the index: tags made by other knowledge than today's call for a rebuild.
        self.tags_version = tags_version if tagger else ""
        self.schema = _schema()
        self._index: tantivy.Index | None = None
        self._lock = asyncio.Lock()
        self._applied = -1

    async def open(self, *, rebuild: bool = False) -> None:
        """Open (or create) the index and bring it in step with the database, rebuilding if needed
        (or always, with ``rebuild``: after the documents' terms were written anew, which the change
        log does not see)."""
        async with self._lock:
            try:
                self._index = await asyncio.to_thread(self._open_folder)
            except (OSError, ValueError) as error:
                log.warning("search index unreadable (%s): rebuilding it", error)
                await asyncio.to_thread(shutil.rmtree, self.folder, True)
                self._index = await asyncio.to_thread(self._open_folder)
            # Changes another process logged (`mpbot ingest` beside the bot) are applied, not rebuilt.
            if (
                rebuild
                or await self._tags_outdated()
                or (await self._apply_changes() and await self._miscounted())
            ):
                await self._rebuild()

    def _open_folder(self) -> tantivy.Index:
        self.folder.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(self.schema, path=str(self.folder), reuse=True)

    @property
    def index(self) -> tantivy.Index:
        if self._index is None:
            raise RuntimeError("the search index is not open")
        return self._index

    async def _tags_outdated(self) -> bool:
        return await asyncio.to_thread(self._stored_tags_version) != self.tags_version

    async def _miscounted(self) -> bool:
        row = await self.database.fetch_one("SELECT count(*) FROM documents_fts")
        expected = int(row[0]) if row else 0
        self.index.reload()
        return bool(self.index.searcher().num_docs != expected)

    def _stored_tags_version(self) -> str:
        path = self.folder / TAGS_VERSION_FILE
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    async def rebuild(self) -> None:
        """Re-create the index from the database."""
        async with self._lock:
            await self._rebuild()

    async def _rebuild(self) -> None:
        # In a child process: tantivy's writer takes tens of megabytes while it builds a large index,
        # memory this long-running process would keep.
        latest = await self._latest_seq()
        tagger = f"{self.tagger.__module__}:{self.tagger.__name__}" if self.tagger else ""
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "storage.search_index",
            str(self.database.path),
            str(self.folder),
            tagger,
            # The child imports the tagger from wherever this process imported it.
            *sys.path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await child.communicate()
        if child.returncode != 0:
            raise RuntimeError(f"rebuilding the search index failed: {err.decode(errors='replace')[-500:]}")
        self._index = await asyncio.to_thread(self._open_folder)
        await asyncio.to_thread((self.folder / TAGS_VERSION_FILE).write_text, self.tags_version, "utf-8")
        await self._mark_applied(latest)
        log.info("search index rebuilt: %s documents", out.decode().strip())

    async def sync(self) -> None:
        """Apply the document changes the index has not seen yet (cheap when there are none)."""
        latest = await self._latest_seq()
        if latest == self._applied:
            return
        async with self._lock:
            await self._apply_changes()

    async def _apply_changes(self) -> bool:
        """Apply the logged changes; False when another process held the writer (they wait in the log)."""
        applied = await self._applied_seq()
        if applied != self._applied and self._index is not None:
            self.index.reload()  # another process may have applied some: read its commits
        while True:
            # A slice at a time: after a bulk ingest the log can hold more changes than memory should.
            changes = await self.database.fetch_all(
                "SELECT seq, document_id FROM search_index_changes WHERE seq > ? ORDER BY seq LIMIT ?",
                (applied, REBUILD_BATCH),
            )
            if not changes:
                break
            ids = sorted({int(row["document_id"]) for row in changes})
            rows = await self._rows(ids)
            try:
                await asyncio.to_thread(self._write, rows, ids)
            except IndexBusyError:
                # The change log keeps them: the next sync (this process's next search) applies them.
                log.warning("search index busy in another process: %d change(s) left for later", len(changes))
                self.index.reload()  # meanwhile, search what the other process committed
                return False
            applied = int(changes[-1]["seq"])
            await self._mark_applied(applied)
        self._applied = applied
        return True

    def _write(self, rows: Sequence[IndexRow], replaced: Sequence[int]) -> None:
        writer = self._writer()
        try:
            for document_id in replaced:
                writer.delete_documents_by_term("id", document_id)
            for row in rows:
                writer.add_document(_document(row, self.tagger))
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        self.index.reload()

    def _writer(self) -> tantivy.IndexWriter:
        """The index's writer, waiting a little while another process holds it (then IndexBusyError)."""
        for attempt in range(WRITER_ATTEMPTS):
            if attempt:
                time.sleep(WRITER_FIRST_WAIT_S * 2 ** (attempt - 1))  # in a worker thread, not the event loop
            try:
                return self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as error:
                if not _is_lock_busy(error):
                    raise
                busy = error
        raise IndexBusyError(str(busy)) from busy

    async def _rows(self, ids: Sequence[int]) -> list[IndexRow]:
        marks = ",".join("?" * len(ids))
        rows = await self.database.fetch_all(_ROWS_SQL + f" WHERE d.id IN ({marks})", list(ids))
        return [IndexRow(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    async def _latest_seq(self) -> int:
        return await documents_version(self.database)

    async def _applied_seq(self) -> int:
        row = await self.database.fetch_one("SELECT applied_seq FROM search_index_state WHERE id = 1")
        return int(row[0]) if row else 0

    async def _mark_applied(self, seq: int) -> None:
        async with self.database.transaction() as connection:
            await connection.execute("UPDATE search_index_state SET applied_seq = ? WHERE id = 1", (seq,))
            await connection.execute("DELETE FROM search_index_changes WHERE seq <= ?", (seq,))
        self._applied = seq

    async def search(
        self,
        weighted_terms: Sequence[tuple[str, float]],
        weighted_tags: Sequence[tuple[str, float]] = (),
        *,
        country: str | None = None,
        language: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 50,
    ) -> list[tuple[int, float]]:
        """Document ids with BM25 scores (higher is better) for any of the terms or tags, each weighted."""
        await self.sync()
        # One flat disjunction of term queries: the shape tantivy's top-k pruning serves best.
        should = []
        for term, weight in weighted_terms:
            should.append((tantivy.Occur.Should, tantivy.Query.boost_query(self._term("body", term), weight)))
            title = tantivy.Query.boost_query(self._term("title", term), weight * TITLE_BOOST)
            should.append((tantivy.Occur.Should, title))
        for tag, weight in weighted_tags:
            should.append((tantivy.Occur.Should, tantivy.Query.boost_query(self._term("tags", tag), weight)))
        if not should:
            return []
        clauses = [(tantivy.Occur.Must, tantivy.Query.boolean_query(should))]
        if country:
            clauses.append((tantivy.Occur.Must, self._term("country", country)))
        if language:
            clauses.append((tantivy.Occur.Must, self._term("language", language)))
        if date_from or date_to:
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        self.schema,
                        "published",
                        tantivy.FieldType.Integer,
                        _day_number(date_from) or 1,
                        _day_number(date_to) or 99991231,
                    ),
                )
            )
        searcher = self.index.searcher()
        result = searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
        # The ids from their fast field: reading each stored document would decompress its block.
        ids = searcher.fast_field_values("id", [address for _, address in result.hits])
        return [(int(id_ or 0), float(score)) for id_, (score, _) in zip(ids, result.hits, strict=True)]

    def _term(self, field: str, value: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)


def load_tagger(name: str) -> Tagger | None:
    """The tagger a rebuild was given as ``module:function`` (none for an empty name)."""
    if not name:
        return None
    module, _, function = name.partition(":")
    tagger: Tagger = getattr(importlib.import_module(module), function)
    return tagger


def rebuild_index(database_path: Path, folder: Path, tagger: Tagger | None = None) -> int:
    """Re-create the index in ``folder`` from the database file; the number of documents indexed."""
    # From an empty folder: the old index may have been made with another schema.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(folder), reuse=True)
    connection = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)
    writer = index.writer(heap_size=REBUILD_HEAP, num_threads=1)
    count = last = 0
    try:
        writer.delete_all_documents()
        while True:
            rows = connection.execute(
                _ROWS_SQL + " WHERE d.id > ? ORDER BY d.id LIMIT ?", (last, REBUILD_BATCH)
            ).fetchall()
            if not rows:
                break
            for row in rows:
                writer.add_document(_document(IndexRow(*row), tagger))
            last = rows[-1][0]
            count += len(rows)
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    finally:
        connection.close()
    return count


if __name__ == "__main__":
    # Arguments: database file, index folder, tagger (``module:function`` or empty), the parent's sys.path.
    database_file, index_path, tagger_name, *parent_path = sys.argv[1:]
    sys.path[:0] = parent_path
    print(rebuild_index(Path(database_file), Path(index_path), load_tagger(tagger_name)))
