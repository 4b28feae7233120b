"""`mpbot eval`: ingest a labelled corpus into a temporary database and measure understanding, search
and summaries against the labels."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from bot.briefs import summarize
from bot.evaluation import load_labels, score_understanding
from bot.ingest import prepare_document, read_text_file
from bot.search import SearchEngine, SearchQuery, open_search_index
from bot.search_metrics import CUTOFF, hit, reciprocal_rank, score_retrieval
from bot.understanding import DocumentAnalysis, split_sentences
from storage.database import Database
from storage.documents import DocumentStore
from storage.plain_index import PlainIndex

_WORD = re.compile(r"\w+")


def load_queries(path: Path) -> list[dict[str, Any]]:
    """The questions of ``queries.jsonl`` (none when the file is absent)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


async def evaluate_corpus(corpus: Path) -> dict[str, Any]:
    """Every figure for a labelled corpus folder; never touches the user's database."""
    labels = load_labels(corpus / "labels.jsonl")
    queries = load_queries(corpus / "queries.jsonl")
    with tempfile.TemporaryDirectory(prefix="mpbot-eval-") as folder:
        database = await Database.open(Path(folder) / "eval.sqlite3")
        try:
            return await _evaluate(database, corpus, labels, queries)
        finally:
            await database.close()


async def _evaluate(
    database: Database, corpus: Path, labels: list[dict[str, Any]], queries: list[dict[str, Any]]
) -> dict[str, Any]:
    store = DocumentStore(database)
    analyses: dict[str, DocumentAnalysis] = {}
    file_of: dict[int, str] = {}
    for label in labels:
        name = str(label["file"])
        new, analysis = prepare_document(read_text_file(corpus / name), source=name)
        analyses[name] = analysis
        document_id = await store.add(new)
        if document_id is None:
            existing = await store.find_by_hash(new.content_hash)
            document_id = existing.id if existing else None
        if document_id is not None:
            file_of[document_id] = name
    figures: dict[str, Any] = dict(score_understanding(labels, analyses))

    documents = {file_of[d.id]: d for d in await store.all() if d.id in file_of}
    keyed = [label for label in labels if label.get("key_sentence") and label["file"] in documents]
    summary_hits = lead_hits = 0
    summary_misses = []
    for label in keyed:
        document = documents[label["file"]]
        summary = summarize(document)
        lead = [s for s in split_sentences(document.text) if s.strip()][:3]
        if hit(label["key_sentence"], summary):
            summary_hits += 1
        else:
            summary_misses.append({"file": label["file"], "expected": label["key_sentence"], "got": summary})
        lead_hits += hit(label["key_sentence"], lead)
    if keyed:
        figures["summary_hit_rate"] = round(summary_hits / len(keyed), 4)
        figures["lead3_hit_rate"] = round(lead_hits / len(keyed), 4)
        figures["summary_misses"] = summary_misses

    if queries:
        index = open_search_index(database)
        await index.open()
        engine = SearchEngine(store, index)
        rankings = []
        for query in queries:
            hits = await engine.search(SearchQuery(text=str(query["query"]), limit=CUTOFF))
            rankings.append([file_of[h.document.id] for h in hits if h.document.id in file_of])
        languages = {name: analysis.language for name, analysis in analyses.items()}
        figures.update(score_retrieval(queries, rankings, languages))
        plain = PlainIndex(database)
        await plain.create()
        await plain.add_many([(d.id, d.title, d.text) for d in documents.values()])
        plain_rr = []
        for query in queries:
            ids = await plain.search(_WORD.findall(str(query["query"]).lower()), limit=CUTOFF)
            ranked = [file_of[i] for i in ids if i in file_of]
            plain_rr.append(reciprocal_rank(ranked, {str(f) for f in query["relevant"]}))
        figures["plain_fts_mrr_at_5"] = round(sum(plain_rr) / len(plain_rr), 4)
    return figures


def format_report(figures: dict[str, Any]) -> str:
    """The figures as readable lines, misses listed after them."""
    lines = []
    for key, value in figures.items():
        if not isinstance(value, list):
            lines.append(f"{key}: {value}")
    kinds = {"misses": "field", "summary_misses": "summary", "retrieval_misses": "retrieval"}
    for key, kind in kinds.items():
        for miss in figures.get(key, []):
            lines.append(f"miss ({kind}): {json.dumps(miss, ensure_ascii=False)}")
    return "\n".join(lines)
