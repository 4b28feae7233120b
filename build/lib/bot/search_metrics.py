"""Retrieval and summary figures for `mpbot eval` (pure: rankings and sentences in, numbers out)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

CUTOFF = 5


def reciprocal_rank(ranked: Sequence[str], relevant: set[str], k: int = CUTOFF) -> float:
    """1/rank of the first relevant item within the top k, else 0."""
    for rank, item in enumerate(ranked[:k], 1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def recall_at(ranked: Sequence[str], relevant: set[str], k: int = CUTOFF) -> float:
    """Share of the relevant items found within the top k."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def comparable(sentence: str) -> str:
    """A sentence with case, white space and punctuation removed, for comparing sentences."""
    folded = unicodedata.normalize("NFKC", sentence).casefold().replace("\u200c", "")
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def same_sentence(expected: str, candidate: str) -> bool:
    """Whether two sentences are the same, allowing white-space and punctuation differences.

    A candidate that holds the expected sentence with a little more (or a little less, at most a
    tenth) also counts: sentence splitters disagree on quotes and abbreviations.
    """
    a, b = comparable(expected), comparable(candidate)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return shorter in longer and len(shorter) >= 0.9 * len(a)


def hit(expected: str, sentences: Sequence[str]) -> bool:
    """Whether the expected sentence is among the sentences."""
    return any(same_sentence(expected, sentence) for sentence in sentences)


def score_retrieval(
    queries: Sequence[Mapping[str, object]],
    rankings: Sequence[Sequence[str]],
    document_languages: Mapping[str, str],
) -> dict[str, object]:
    """MRR@5, recall@5 and cross-lingual MRR@5 of rankings (one per query, best first)."""
    reciprocal, recalls, cross, misses = [], [], [], []
    for query, ranked in zip(queries, rankings, strict=True):
        relevant = {str(name) for name in query["relevant"]}  # type: ignore[attr-defined]
        rr = reciprocal_rank(ranked, relevant)
        reciprocal.append(rr)
        recalls.append(recall_at(ranked, relevant))
        languages = {document_languages.get(name) for name in relevant}
        if query.get("language") not in languages:
            cross.append(rr)
        if rr < 1.0:
            misses.append(
                {"query": query["query"], "relevant": sorted(relevant), "got": list(ranked[:CUTOFF])}
            )
    return {
        "queries": len(reciprocal),
        "mrr_at_5": _mean(reciprocal),
        "recall_at_5": _mean(recalls),
        "cross_lingual_queries": len(cross),
        "cross_lingual_mrr_at_5": _mean(cross),
        "retrieval_misses": misses,
    }


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0
