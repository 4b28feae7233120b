"""The whole understanding of one pasted or crawled news document."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from bot.knowledge import fingerprint
from bot.understanding.actions import PolicyAction, detect_actions
from bot.understanding.cleaning import clean_text
from bot.understanding.countries import detect_country
from bot.understanding.dates import detect_date
from bot.understanding.language import detect_language
from bot.understanding.messengers import MessengerMentions, detect_messengers
from bot.understanding.normalize import (
    DETECTION_LIMIT,
    Token,
    search_terms,
    terms_of,
    tokens_within,
    words,
)
from bot.understanding.sentences import split_sentences


@dataclass(frozen=True)
class DocumentAnalysis:
    """What a news document says, as plain data ready to store and to search."""

    title: str
    text: str
    language: str
    country: str | None
    countries_mentioned: tuple[str, ...]
    published: date | None
    date_precision: str
    messengers: tuple[str, ...]
    platforms: tuple[str, ...]
    actions: tuple[PolicyAction, ...]


def analyze_document(raw: str) -> DocumentAnalysis:
    """Clean a raw news text and detect its language, country, date, apps and policy actions.

    The date is read from the raw page (headers and bylines are furniture the cleaning
    removes); everything else from the headline and the cleaned article.
    """
    cleaned = clean_text(raw)
    article = _article(cleaned.title, cleaned.text)
    language = detect_language(article)
    country = detect_country(article, language)
    published = detect_date(raw, language)
    apps, actions = detect_apps_and_actions(cleaned.title, cleaned.text, language)
    return DocumentAnalysis(
        title=cleaned.title,
        text=cleaned.text,
        language=language,
        country=country.primary,
        countries_mentioned=country.mentioned,
        published=published.value,
        date_precision=published.precision,
        messengers=apps.messengers,
        platforms=apps.platforms,
        actions=actions,
    )


def detect_apps_and_actions(
    title: str, text: str, language: str
) -> tuple[MessengerMentions, tuple[PolicyAction, ...]]:
    """The apps and the policy actions of a document, read from its headline and article."""
    article = _article(title, text)
    return detect_messengers(article), detect_actions(article, language)


# Bump by hand whenever a change to the detectors' code changes the apps or actions they find in some
# text: stored documents' detections are then made again (see detections_version).
DETECTIONS_CODE_VERSION = 1


@cache
def detections_version() -> str:
    """A fingerprint of everything that decides a document's stored apps and policy actions: the
    detectors' code version, their knowledge files (apps, action cues, the sentence cuts of
    ``cleaning.toml``, the word reading of ``search.toml``) and the Unicode tables.

    Detections stored under another fingerprint are not what today's detectors would find.
    """
    knowledge = fingerprint("messengers.toml", "actions.toml", "cleaning.toml", "search.toml")
    parts = f"{DETECTIONS_CODE_VERSION}:{unicodedata.unidata_version}:{knowledge}"
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()[:16]


def _article(title: str, text: str) -> str:
    return f"{title}\n\n{text}" if title else text


# Stored body terms keep the text's sentences apart, one line each (split_sentences' cut), so that a
# passage is chosen from them without tokenising the text again. Search reads them as plain words.
SENTENCE_BREAK = "\n"


def document_terms(title: str, text: str) -> tuple[str, str]:
    """The search terms of the headline, and of the text with one line per sentence, as stored.

    Read from the words of the article that the detectors have already made (cached) rather than
    tokenising again. A piece is tokenised alone when the article is longer than the detectors read,
    when NFKC (which ``search_terms`` applies first) would change it, or when a Persian compound joins
    it to its neighbour.
    """
    sentences = split_sentences(text)
    article = _article(title, text)
    if len(article) > DETECTION_LIMIT or not unicodedata.is_normalized("NFKC", article):
        title_terms, body = search_terms(title), [search_terms(s) for s in sentences]
    else:
        tokens = words(article)
        offset = len(article) - len(text)
        title_terms = _terms_within(tokens, title, 0)
        body, at = [], 0
        for sentence in sentences:
            at = text.index(sentence, at)
            body.append(_terms_within(tokens, sentence, offset + at))
            at += len(sentence)
    return " ".join(title_terms), SENTENCE_BREAK.join(map(" ".join, body))


def _terms_within(tokens: tuple[Token, ...], piece: str, start: int) -> list[str]:
    within = tokens_within(tokens, start, start + len(piece))
    return terms_of(within) if within is not None else search_terms(piece)
