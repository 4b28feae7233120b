"""Summaries of one document and briefs of one country, built from stored documents (pure), and the
briefs each running bot keeps until a document changes."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from functools import cached_property

from bot.search import text_terms
from bot.understanding import detect_messengers, latin_reading, named_countries, split_sentences
from storage.documents import Document, DocumentStore

SUMMARY_SENTENCES = 3
SENTENCE_LIMIT = 350
# A brief draws on at most this many of a country's newest documents.
BRIEF_DOCUMENTS = 100


@dataclass(frozen=True)
class BriefEntry:
    """One document in a country brief, with the sentence that best states its news."""

    document: Document

    @cached_property
    def key_sentence(self) -> str:
        """Worked out when first shown: a brief lists many documents but shows a few."""
        return key_sentence(self.document)


@dataclass(frozen=True)
class MessengerActions:
    """A messenger with a policy action, and the documents that report it."""

    messenger: str
    action: str
    document_ids: tuple[int, ...]

    @property
    def sources(self) -> int:
        """How many documents report it."""
        return len(self.document_ids)


@dataclass(frozen=True)
class CountryBrief:
    """What the documents say about one country, newest first, every entry citing its document."""

    country: str
    entries: tuple[BriefEntry, ...]
    messenger_actions: tuple[MessengerActions, ...]
    date_from: str | None
    date_to: str | None

    @property
    def documents(self) -> int:
        """How many documents the brief draws on."""
        return len(self.entries)

    @property
    def sources(self) -> int:
        """How many distinct sources (outlets) the brief draws on."""
        return len({entry.document.source or f"#{entry.document.id}" for entry in self.entries})


# Sentence scores for summaries: the lead of a news story usually states its news; sentences that
# evidence a policy action, or name messengers and the country, say what the document is about.
LEAD_BONUS = 1.0
EVIDENCE_BONUS = 0.8
EXTRA_KIND_BONUS = 0.2
MESSENGER_BONUS = 0.25
COUNTRY_BONUS = 0.2
TITLE_OVERLAP_WEIGHT = 0.8
SHORT_SENTENCE = 40
SHORT_PENALTY = 1.0
QUESTION_PENALTY = 0.5
_SENTENCE_END = (".", "!", "?", "؟", "…", "»", '"')


def title_is_lead(title: str) -> bool:
    """Whether the title is the article's first sentence (pages with no headline of their own), which
    headlines rarely are: they do not end with a full stop."""
    title = title.strip()
    return len(title) >= 60 and title.endswith(_SENTENCE_END)


def summary_candidates(document: Document) -> list[str]:
    """The article's sentences in order, the title first when it is the article's opening sentence."""
    sentences = [s.strip() for s in split_sentences(document.text) if s.strip()]
    if title_is_lead(document.title) and document.title.strip() not in sentences:
        sentences.insert(0, document.title.strip())
    return sentences


def summarize(document: Document, *, sentences: int = SUMMARY_SENTENCES) -> list[str]:
    """Up to ``sentences`` sentences of the article, in its own language and in text order, chosen for
    what they say about messenger policy: position, policy-action evidence, messengers and country
    named, and closeness to the headline. Deterministic."""
    candidates = summary_candidates(document)
    if not candidates:
        return []
    kinds_by_sentence: dict[str, set[str]] = defaultdict(set)
    for action in document.actions:
        kinds_by_sentence[action.sentence.strip()].add(action.kind)
    reading = latin_reading(document.text)
    headline = text_terms(document.title, reading) if not title_is_lead(document.title) else set()
    scored = []
    # Short pieces (a dateline "MINSK, May 24.", a photo credit) take no place in the lead.
    position = 0
    for index, sentence in enumerate(candidates):
        score = LEAD_BONUS / (1 + position)
        position += len(sentence) >= SHORT_SENTENCE
        kinds = kinds_by_sentence.get(sentence)
        if kinds:
            score += EVIDENCE_BONUS + EXTRA_KIND_BONUS * (len(kinds) - 1)
        score += MESSENGER_BONUS * min(3, len(detect_messengers(sentence).messengers))
        if document.country and document.country in named_countries(sentence):
            score += COUNTRY_BONUS
        if headline:
            terms = text_terms(sentence, reading)
            score += TITLE_OVERLAP_WEIGHT * len(terms & headline) / max(1, len(headline))
        if len(sentence) < SHORT_SENTENCE:
            score -= SHORT_PENALTY
        if sentence.endswith(("?", "؟")):
            score -= QUESTION_PENALTY
        scored.append((score, index, sentence))
    best = sorted(scored, key=lambda item: (-item[0], item[1]))[:sentences]
    return [_shorten(sentence) for _, _, sentence in sorted(best, key=lambda item: item[1])]


def key_sentence(document: Document) -> str:
    """The one sentence that best states the document's news."""
    summary = summarize(document, sentences=1)
    return summary[0] if summary else document.title


def build_country_brief(country: str, documents: list[Document]) -> CountryBrief:
    """A brief of a country from its documents (any order in; newest first out)."""
    ordered = sorted(
        documents, key=lambda d: (d.published is not None, d.published or "", d.id), reverse=True
    )
    entries = tuple(BriefEntry(document) for document in ordered)
    reports: dict[tuple[str, str], list[int]] = defaultdict(list)
    for document in ordered:
        for action in document.actions:
            # The messengers the evidence sentence names; a document about one messenger only lends
            # it to an action whose sentence names none ("domestic messengers" stays unpaired).
            lone = document.messengers if len(document.messengers) == 1 else ()
            for messenger in action.messengers or lone:
                key = (messenger, action.kind)
                if document.id not in reports[key]:
                    reports[key].append(document.id)
    pairs = tuple(
        MessengerActions(messenger, action, tuple(ids))
        for (messenger, action), ids in sorted(reports.items(), key=lambda item: (-len(item[1]), item[0]))
    )
    dates = sorted(d.published for d in ordered if d.published)
    return CountryBrief(
        country=country,
        entries=entries,
        messenger_actions=pairs,
        date_from=dates[0] if dates else None,
        date_to=dates[-1] if dates else None,
    )


def _shorten(sentence: str) -> str:
    if len(sentence) <= SENTENCE_LIMIT:
        return sentence
    return sentence[: SENTENCE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


class BriefCache:
    """Country briefs kept until a document changes (added, edited or deleted, by any process).

    A brief reads a hundred documents and works out the key sentences of those it shows: the same work
    for every reader until the next write, so it is done once. The few countries asked for last are kept
    (a brief holds its documents' texts).
    """

    def __init__(self, store: DocumentStore, *, size: int = 8, documents: int = BRIEF_DOCUMENTS) -> None:
        self.store = store
        self.size = size
        self.documents = documents
        self._kept: OrderedDict[str, tuple[int, CountryBrief, int]] = OrderedDict()

    async def brief(self, country: str) -> tuple[CountryBrief, int] | None:
        """The country's brief and how many documents it has in all; ``None`` when it has none."""
        version = await self.store.version()
        kept = self._kept.get(country)
        if kept is not None and kept[0] == version:
            self._kept.move_to_end(country)
            return kept[1], kept[2]
        total = next((c.documents for c in await self.store.country_counts() if c.country == country), 0)
        if total == 0:
            self._kept.pop(country, None)
            return None
        brief = build_country_brief(country, await self.store.by_country(country, limit=self.documents))
        self._kept[country] = (version, brief, total)
        self._kept.move_to_end(country)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return brief, total
