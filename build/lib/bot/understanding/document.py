"""The whole understanding of one pasted or crawled news document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.understanding.actions import PolicyAction, detect_actions
from bot.understanding.cleaning import clean_text
from bot.understanding.countries import detect_country
from bot.understanding.dates import detect_date
from bot.understanding.language import detect_language
from bot.understanding.messengers import detect_messengers


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
    article = f"{cleaned.title}\n\n{cleaned.text}" if cleaned.title else cleaned.text
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
