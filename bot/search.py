"""Search: candidates from the search index, re-ranked with what the question names, as cited passages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

from bot.query import QueryPlan, app_tag, document_tags, plan_query, read_filters, tags_version
from bot.understanding import SENTENCE_BREAK, latin_reading, search_terms, split_sentences
from storage.database import Database
from storage.documents import Document, DocumentStore, RankingFacts
from storage.search_index import SearchIndex, index_folder

# A word as users and documents write it: letters, digits, ZWNJ and inner hyphens or apostrophes.
_WORD = re.compile(r"[\w\u200c]+(?:[-'’][\w\u200c]+)*")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked for, with optional filters."""

    text: str
    country: str | None = None
    language: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 10

    @classmethod
    def read(cls, text: str, *, limit: int = 10) -> SearchQuery:
        """A question as a reader writes it, filters included ("Telegram country:IR from:2024"; see
        :func:`bot.query.read_filters`, which raises :class:`bot.query.FilterError`)."""
        words, filters = read_filters(text)
        return cls(
            text=words,
            country=filters.country,
            language=filters.language,
            date_from=filters.date_from,
            date_to=filters.date_to,
            limit=limit,
        )


@dataclass(frozen=True)
class Passage:
    """Up to three sentences of a document, with the character spans of the matched words."""

    text: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchHit:
    """One result: the document, its score (higher is better) and, when asked for, its best passage."""

    document: Document
    score: float
    terms: frozenset[str] = frozenset()
    # The document's stored body terms, one line per sentence (see bot.understanding.document_terms).
    sentence_terms: str | None = None

    @cached_property
    def passage(self) -> Passage:
        """The best passage for the question (worked out when shown: most hits are on later pages)."""
        return best_passage(self.document.text, set(self.terms), sentence_terms=self.sentence_terms)


@lru_cache(maxsize=100_000)
def word_terms(word: str, reading: str = "") -> frozenset[str]:
    """The search terms of one word (or of a two-word Persian compound) read as its text is
    (``reading``: the text's :func:`bot.understanding.latin_reading`), remembered."""
    return frozenset(search_terms(word, reading))


def _arabic_script(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u06ff"


def text_terms(text: str, reading: str = "") -> set[str]:
    """The search terms of a text, word by word (with Persian two-word compounds joined); ``reading``
    is that of the document the text is part of."""
    words = _WORD.findall(text)
    terms: set[str] = set().union(*(word_terms(word, reading) for word in words))
    if len(words) > 1 and _ARABIC_LETTER.search(text):
        # Every neighbouring pair: a pair that is not one Persian compound adds nothing new.
        terms.update(*(word_terms(" ".join(pair), reading) for pair in pairwise(words)))
    return terms


def best_passage(
    text: str,
    terms: set[str],
    *,
    sentence_terms: str | None = None,
    max_sentences: int = 3,
    max_chars: int = 600,
) -> Passage:
    """The sentence that matches most query terms with its matching neighbours, matched words marked.

    ``sentence_terms`` are the text's stored terms, a line per sentence: given (and cut as the text is
    cut today), sentences are scored from them instead of tokenising the text.
    """
    sentences = split_sentences(text)
    if not sentences:
        return Passage("", ())
    reading = latin_reading(text)
    stored = sentence_terms.split(SENTENCE_BREAK) if sentence_terms is not None else []
    if len(stored) == len(sentences):
        scores = [len(terms.intersection(line.split())) for line in stored]
    else:
        scores = [len(terms & text_terms(sentence, reading)) for sentence in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    first = last = best
    # Grow around the best sentence while its neighbours match too, the following one first.
    while last - first + 1 < max_sentences:
        if last + 1 < len(sentences) and scores[last + 1]:
            last += 1
        elif first > 0 and scores[first - 1]:
            first -= 1
        else:
            break
    passage = " ".join(sentences[i].strip() for i in range(first, last + 1))
    if len(passage) > max_chars:
        passage = passage[:max_chars].rsplit(" ", 1)[0] + "…"
    return Passage(passage, highlight_spans(passage, terms, reading))


def highlight_spans(text: str, terms: set[str], reading: str = "") -> tuple[tuple[int, int], ...]:
    """Character spans of the words in ``text`` whose search terms are among ``terms``; ``reading``
    is that of the document the text is part of."""
    if not terms:
        return ()
    words = _WORD.findall(text)
    # Which words miss, worked out without a Python loop per word: most words of a passage miss.
    readings = [reading] * len(words)
    misses = list(map(terms.isdisjoint, map(word_terms, words, readings)))
    pair_misses = [True] * len(words)
    if len(words) > 1 and _ARABIC_LETTER.search(text):
        # A Persian compound written as two words: a pair that is not one adds nothing a word did not.
        pairs = map(word_terms, map(" ".join, pairwise(words)), readings)
        pair_misses[1:] = map(terms.isdisjoint, pairs)
    if all(misses) and all(pair_misses):
        return ()
    matches = list(_WORD.finditer(text))
    spans = []
    for index, match in enumerate(matches):
        if not misses[index]:
            spans.append(match.span())
        elif not pair_misses[index] and _arabic_script(words[index]) and _arabic_script(words[index - 1]):
            spans.append((matches[index - 1].start(), match.end()))
    return tuple(_merged(spans))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


# Other spellings of a name in the question (Ablyazov → аблязов) count for less than its own words, but
# not so little that a frequent app name outweighs them (unseen news: "Dauren Abaev Telegram" found the
# Kazakh and Russian reports of Абаев at 0.75, not at 0.5; 0.75 and 1.0 rank alike on three other sets).
EXPANSION_WEIGHT = 0.75
# A concept's or a country's tag stands for all its words in four languages and is common (a low IDF):
# it needs a high weight to count like one of the question's own words (dev corpus: 6 to 12 for concepts
# and 12 for countries rank best). App names are written alike in Latin and Cyrillic texts, where the
# question's own words find them already, but not in Persian ones (WhatsApp, واتساپ), where only the tag
# does: 1 to 6 rank alike on the dev corpus, and 6 ranks best on 60 unseen news texts (3 let Persian
# reports of Telegram outrank those of WhatsApp for "Iran WhatsApp filtering"; 9 and more hurt the dev set).
TAG_WEIGHT = 12.0
APP_TAG_WEIGHT = 6.0
# How many full-text candidates are re-ranked with the document metadata.
CANDIDATES = 60
# Weights of what the question names, added to the lexical score (which is scaled to 0..1).
COUNTRY_WEIGHT = 0.8
COUNTRY_MENTIONED_WEIGHT = 0.25
MESSENGER_WEIGHT = 0.5
ACTION_WEIGHT = 0.5
YEAR_WEIGHT = 0.2
RECENCY_WEIGHT = 0.1


# How much a document reporting one action answers a question about another: a question about a ban is
# also answered by an official denial of it, or by a slowdown.
RELATED_ACTIONS = {
    ("block", "deny"): 0.6,
    ("block", "throttle"): 0.5,
    ("throttle", "block"): 0.5,
    ("throttle", "deny"): 0.5,
    ("unblock", "deny"): 0.3,
}
# A document whose lead reports the opposite of what the question asks answers it less.
OPPOSITE_ACTIONS = {"block": "unblock", "unblock": "block"}
OPPOSITE_PENALTY = 0.3
# Actions evidenced in the first sentences are what the document is about; later ones count less.
LEAD_ACTIONS = 2
LATER_ACTION_SHARE = 0.6


def action_fit(asked: tuple[str, ...], reported: tuple[str, ...]) -> float:
    """0..1: how well the actions a document reports (in text order) fit the ones the question asks."""
    if not asked:
        return 0.0
    lead = set(reported[:LEAD_ACTIONS])
    later = set(reported)
    total = 0.0
    for kind in asked:
        best = 1.0 if kind in lead else LATER_ACTION_SHARE if kind in later else 0.0
        for (question, answer), share in RELATED_ACTIONS.items():
            if question == kind and answer in later:
                best = max(best, share if answer in lead else share * LATER_ACTION_SHARE)
        opposite = OPPOSITE_ACTIONS.get(kind)
        if opposite and opposite not in asked and reported[:1] == (opposite,):
            best -= OPPOSITE_PENALTY
        total += best
    return total / len(asked)


def metadata_score(plan: QueryPlan, document: RankingFacts) -> float:
    """How well the document's country, messengers, actions and date fit what the question names."""
    score = 0.0
    if plan.countries:
        if document.country == plan.countries[0]:
            score += COUNTRY_WEIGHT
        elif document.country in plan.countries:
            score += COUNTRY_WEIGHT / 2
        elif set(plan.countries) & set(document.countries_mentioned):
            score += COUNTRY_MENTIONED_WEIGHT
    if plan.messengers:
        score += MESSENGER_WEIGHT * len(set(document.apps) & set(plan.messengers)) / len(plan.messengers)
    if plan.actions:
        score += ACTION_WEIGHT * action_fit(plan.actions, document.action_kinds)
    if plan.years and document.published and int(document.published[:4]) in plan.years:
        score += YEAR_WEIGHT
    return score


def recency(published: str | None, newest_year: int) -> float:
    """1 for documents of the newest year, falling by a fifth a year; 0 for undated ones."""
    if not published:
        return 0.0
    return max(0.0, 1.0 - (newest_year - int(published[:4])) / 5)


def weighted_terms(plan: QueryPlan) -> list[tuple[str, float]]:
    """The question's own terms at full weight, other spellings of its names at a lower one."""
    return [(term, 1.0) for term in plan.terms] + [(term, EXPANSION_WEIGHT) for term in plan.spellings]


def weighted_tags(plan: QueryPlan) -> list[tuple[str, float]]:
    """The tags of the concepts, countries and apps the question names: its words in every language."""
    apps = {app_tag(name) for name in plan.messengers}
    return [(tag, APP_TAG_WEIGHT if tag in apps else TAG_WEIGHT) for tag in plan.tags]


def open_search_index(database: Database) -> SearchIndex:
    """The search index of a database, with documents tagged by the concepts they name."""
    return SearchIndex(
        database, index_folder(database.path), tagger=document_tags, tags_version=tags_version()
    )


@dataclass(frozen=True)
class Ranking:
    """A question's answer before its documents are read: (document id, score) best first, and the
    question's terms (which mark the passages)."""

    documents: tuple[tuple[int, float], ...]
    terms: frozenset[str]


class SearchEngine:
    """Answers questions: ranked candidates from the search index, re-ranked with what the question names."""

    def __init__(self, store: DocumentStore, index: SearchIndex) -> None:
        self.store = store
        self.index = index

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        """The best documents for the query, each with its passage; empty when nothing matches."""
        return await self.hits(await self.rank(query))

    async def rank(self, query: SearchQuery) -> Ranking:
        """The best documents for the query, as ids: cheap to count and page through (see ``hits``)."""
        plan = plan_query(query.text)
        wanted = frozenset(plan.all_terms)
        candidates = await self.index.search(
            weighted_terms(plan),
            weighted_tags(plan),
            country=query.country,
            language=query.language,
            date_from=query.date_from,
            date_to=query.date_to,
            limit=max(CANDIDATES, query.limit),
        )
        if not candidates:
            return Ranking((), wanted)
        facts = await self.store.ranking_facts([document_id for document_id, _ in candidates])
        best_lexical = max(score for _, score in candidates) or 1.0
        years = [int(f.published[:4]) for f in facts.values() if f.published]
        newest = max(years) if years else 0
        ranked = sorted(
            (
                (
                    score / best_lexical
                    + metadata_score(plan, facts[document_id])
                    + RECENCY_WEIGHT * recency(facts[document_id].published, newest),
                    document_id,
                )
                for document_id, score in candidates
                if document_id in facts
            ),
            key=lambda item: (-item[0], -item[1]),
        )[: query.limit]
        return Ranking(tuple((document_id, score) for score, document_id in ranked), wanted)

    async def hits(self, ranking: Ranking, start: int = 0, stop: int | None = None) -> list[SearchHit]:
        """The ranked documents from ``start`` to ``stop``, read with what their passages need.

        A document deleted since the ranking is left out.
        """
        shown = ranking.documents[start:stop]
        documents = await self.store.with_body_terms([document_id for document_id, _ in shown])
        return [
            SearchHit(documents[document_id][0], score, ranking.terms, documents[document_id][1])
            for document_id, score in shown
            if document_id in documents
        ]
