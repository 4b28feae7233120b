"""The whole understanding of one pasted or crawled news document."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from bot.understanding.actions import PolicyAction, detect_actions
from bot.understanding.cleaning import clean_text
from bot.understanding.countries import detect_country
from bot.understanding.dates import detect_date
from bot.understanding.language import detect_language
from bot.understanding.messengers import detect_messengers
from bot.understanding.normalize import DETECTION_LIMIT, search_terms, terms_of, tokens_within, words


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
    apps = detect_messengers(article)
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
        actions=detect_actions(article, language),
    )


def _article(title: str, text: str) -> str:
    return f"{title}\n\n{text}" if title else text


def document_terms(title: str, text: str) -> tuple[list[str], list[str]]:
    """``search_terms(title)`` and ``search_terms(text)``, read from the words of the article
    that the detectors have already made (cached), rather than tokenising both again.

    Each part is tokenised alone as before when the article is longer than the detectors
    read, when NFKC (which ``search_terms`` applies first) would change it, or when a
    Persian compound joins the headline to the text.
    """
    article = _article(title, text)
    if len(article) > DETECTION_LIMIT:
        return search_terms(title), search_terms(text)
    tokens = words(article)
    parts = []
    for part, start in ((title, 0), (text, len(article) - len(text))):
        part_tokens = tokens_within(tokens, start, start + len(part))
        if part_tokens is None or not unicodedata.is_normalized("NFKC", part):
            parts.append(search_terms(part))
        else:
            parts.append(terms_of(part_tokens))
    return parts[0], parts[1]
