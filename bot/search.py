"""Search over the document store: query terms to an FTS5 expression, results as cited passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding import search_terms, split_sentences
from storage.documents import Document, DocumentStore

# A word as users and documents write it: letters, digits, ZWNJ and inner hyphens or apostrophes.
_WORD = re.compile(r"[\w\u200c]+(?:[-'’][\w\u200c]+)*")


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked for, with optional filters."""

    text: str
    country: str | None = None
    language: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 10


@dataclass(frozen=True)
class Passage:
    """Up to three sentences of a document, with the character spans of the matched words."""

    text: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchHit:
    """One result: the document, its best passage and its score (higher is better)."""

    document: Document
    passage: Passage
    score: float


def match_expression(terms: list[str]) -> str | None:
    """An FTS5 expression that matches any of the terms; each is quoted, so no user text is syntax."""
    unique = list(dict.fromkeys(term for term in terms if term))
    if not unique:
        return None
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in unique)


def best_passage(text: str, terms: set[str], *, max_sentences: int = 3, max_chars: int = 600) -> Passage:
    """The sentence that matches most query terms, followed by matching neighbours, words marked."""
    sentences = [s for s in split_sentences(text) if s.strip()]
    if not sentences:
        return Passage("", ())
    scores = [len(terms.intersection(search_terms(sentence))) for sentence in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    chosen = [best]
    for index in range(best + 1, len(sentences)):
        if len(chosen) >= max_sentences or scores[index] == 0:
            break
        chosen.append(index)
    passage = " ".join(sentences[i].strip() for i in chosen)
    if len(passage) > max_chars:
        passage = passage[:max_chars].rsplit(" ", 1)[0] + "…"
    return Passage(passage, highlight_spans(passage, terms))


def highlight_spans(text: str, terms: set[str]) -> tuple[tuple[int, int], ...]:
    """Character spans of the words in ``text`` whose search terms are among ``terms``."""
    if not terms:
        return ()
    spans = []
    for match in _WORD.finditer(text):
        if terms.intersection(search_terms(match.group())):
            spans.append((match.start(), match.end()))
    return tuple(spans)


class SearchEngine:
    """Answers search queries from the store's full-text index."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        """The best documents for the query, each with its passage; empty when nothing matches."""
        terms = search_terms(query.text)
        expression = match_expression(terms)
        if expression is None:
            return []
        matches = await self.store.match(
            expression,
            country=query.country,
            language=query.language,
            date_from=query.date_from,
            date_to=query.date_to,
            limit=query.limit,
        )
        wanted = set(terms)
        return [
            SearchHit(match.document, best_passage(match.document.text, wanted), -match.score)
            for match in matches
        ]
