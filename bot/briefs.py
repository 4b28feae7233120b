"""Summaries of one document and briefs of one country, built from stored documents (pure)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.understanding import split_sentences
from storage.documents import Document

SUMMARY_SENTENCES = 3
SENTENCE_LIMIT = 350


@dataclass(frozen=True)
class BriefEntry:
    """One document in a country brief: the document and the sentence that best states its news."""

    document: Document
    key_sentence: str


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


def summarize(document: Document, *, sentences: int = SUMMARY_SENTENCES) -> list[str]:
    """Up to ``sentences`` sentences of the article, in its own language, in text order."""
    candidates = [s.strip() for s in split_sentences(document.text) if s.strip()]
    if not candidates:
        return []
    evidence = {action.sentence.strip() for action in document.actions}
    scored = []
    for position, sentence in enumerate(candidates):
        score = 1.0 / (1 + position)
        if sentence in evidence:
            score += 1.0
        score += 0.3 * sum(1 for name in document.messengers if name.lower() in sentence.lower())
        scored.append((score, position, sentence))
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
    entries = tuple(BriefEntry(document, key_sentence(document)) for document in ordered)
    reports: dict[tuple[str, str], list[int]] = defaultdict(list)
    for document in ordered:
        for action in document.actions:
            for messenger in action.messengers or document.messengers:
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
