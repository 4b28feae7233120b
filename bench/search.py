"""Search and ingest at growing corpus sizes, against the bare engine underneath (FTS5 ORDER BY rank).

Run one size in its own process so that its peak RSS is its own:
    python -m bench.search --size 100000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.corpus import query_mix, sentence_pool, source_texts, synthetic_documents
from bot.ingest import Submission, ingest_many, ingest_text
from bot.search import SearchEngine, SearchQuery, open_search_index
from bot.understanding import detections_version, search_terms, terms_version
from storage.database import Database
from storage.documents import DocumentStore

BATCH = 1000
ROUNDS = 3
# Copies of each news text ingested at the end: one at a time, then in bulk.
ADD_COPIES = 8
BULK_COPIES = 40


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def folder_size(path: Path) -> int:
    """Bytes in a file or everything below a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def bare_expression(text: str) -> str | None:
    """The question's terms OR-ed, as a plain FTS5 query would have them."""
    terms = list(dict.fromkeys(search_terms(text)))
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms) if terms else None


async def fill(database: Database, size: int, texts: list[str]) -> None:
    """Store ``size`` synthetic documents, a thousand per transaction."""
    store = DocumentStore(database)
    documents = synthetic_documents(size, sentence_pool(texts))
    while True:
        batch = [new for _, new in zip(range(BATCH), documents, strict=False)]
        if not batch:
            return
        async with database.transaction() as connection:
            for item in batch:
                await store.add_in(connection, item)


async def timed_passes(
    search: Callable[[str], Awaitable[None]], queries: list[str], passes: int
) -> list[list[float]]:
    """Milliseconds per question, pass by pass over the mix."""
    times: list[list[float]] = []
    for _ in range(passes):
        times.append([])
        for text in queries:
            begin = time.perf_counter()
            await search(text)
            times[-1].append((time.perf_counter() - begin) * 1000)
    return times


async def measure(size: int, folder: Path) -> dict[str, Any]:
    """Build a corpus of ``size`` documents and time building, searching and ingesting."""
    texts = source_texts()
    database = await Database.open(folder / "bench.sqlite3")
    store = DocumentStore(database)
    started = time.perf_counter()
    await fill(database, size, texts)
    # The synthetic terms come from today's normaliser, and the apps and actions stand for today's
    # detectors: the bot opening this database keeps them.
    await store.set_terms_version(terms_version())
    await store.set_detections_version(detections_version())
    stored = time.perf_counter()
    index = open_search_index(database)
    await index.open()
    indexed = time.perf_counter()

    engine = SearchEngine(store, index)
    queries = query_mix()

    async def ours_once(text: str) -> None:
        for hit in await engine.search(SearchQuery(text=text, limit=10)):
            _ = hit.passage

    async def bare_once(text: str) -> None:
        expression = bare_expression(text)
        if expression:
            await database.fetch_all(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 10",
                (expression,),
            )

    # Each engine in its own loop (interleaved, every question of ours would be timed right after a bare
    # FTS5 scan of hundreds of milliseconds had evicted the CPU caches). The first pass over the mix meets
    # cold caches (a bot just started); it is reported on its own, the steady state is the passes after it.
    first_ours, *rest = await timed_passes(ours_once, queries, 1 + ROUNDS)
    ours = [ms for one in rest for ms in one]
    first_bare, *rest = await timed_passes(bare_once, queries, 1 + ROUNDS)
    bare = [ms for one in rest for ms in one]

    # Ingest with detection: whole raw news texts through the real paths (analysis, store, index), one
    # at a time as /add does, then many at once as `mpbot ingest` does (worker processes, batches).
    one_by_one = [f"{text}\n\n(bench copy {n})" for n in range(ADD_COPIES) for text in texts]
    begin = time.perf_counter()
    for text in one_by_one:
        await ingest_text(store, text)
    await index.sync()
    add_seconds = time.perf_counter() - begin
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    bulk = [
        Submission(str(n), f"{text}\n\n(bench bulk copy {n})") for n in range(BULK_COPIES) for text in texts
    ]
    begin = time.perf_counter()
    async for _ in ingest_many(store, bulk):
        pass
    await index.sync()
    bulk_seconds = time.perf_counter() - begin
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    await database.close()
    return {
        "documents": size,
        "store_docs_per_s": round(size / (stored - started), 1),
        "index_build_docs_per_s": round(size / (indexed - stored), 1),
        "search_p50_ms": round(statistics.median(ours), 2),
        "search_p99_ms": round(percentile(ours, 0.99), 2),
        "first_pass_p50_ms": round(statistics.median(first_ours), 2),
        "first_pass_p99_ms": round(percentile(first_ours, 0.99), 2),
        "bare_first_pass_p99_ms": round(percentile(first_bare, 0.99), 2),
        "bare_fts5_p50_ms": round(statistics.median(bare), 2),
        "bare_fts5_p99_ms": round(percentile(bare, 0.99), 2),
        "p99_ratio_to_bare": round(percentile(ours, 0.99) / max(percentile(bare, 0.99), 1e-6), 3),
        "ingest_docs_per_s": round(len(bulk) / bulk_seconds, 1),
        "add_docs_per_s": round(len(one_by_one) / add_seconds, 1),
        "database_mb": round(folder_size(database.path) / 1e6, 1),
        "index_mb": round(folder_size(index.folder) / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # The largest analysis worker (None when no worker outgrew the index rebuild's child process).
        "worker_peak_rss_mb": round(workers_rss / 1024, 1) if workers_rss > children_before else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build in this folder and leave the database there")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        print(json.dumps(asyncio.run(measure(args.size, args.keep))))
        return
    with tempfile.TemporaryDirectory(prefix="mpbot-bench-") as folder:
        print(json.dumps(asyncio.run(measure(args.size, Path(folder)))))


if __name__ == "__main__":
    main()
