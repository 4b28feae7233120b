"""Text understanding: pure functions from raw news text to plain data.

No I/O apart from the cached loading of the packaged knowledge files.
"""

from bot.understanding.actions import PolicyAction, detect_actions
from bot.understanding.cleaning import CleanedText, clean_text
from bot.understanding.countries import (
    CountryDetection,
    country_flag,
    country_name,
    detect_country,
    named_countries,
    resolve_country,
)
from bot.understanding.dates import PublishedDate, detect_date
from bot.understanding.document import (
    SENTENCE_BREAK,
    DocumentAnalysis,
    analyze_document,
    detect_apps_and_actions,
    detections_version,
    document_terms,
)
from bot.understanding.language import detect_language
from bot.understanding.messengers import (
    MessengerMentions,
    detect_messengers,
    messenger_aliases,
    resolve_messenger,
)
from bot.understanding.normalize import latin_reading, normalize_text, search_terms, stem, terms_version
from bot.understanding.sentences import split_sentences

__all__ = [
    "SENTENCE_BREAK",
    "CleanedText",
    "CountryDetection",
    "DocumentAnalysis",
    "MessengerMentions",
    "PolicyAction",
    "PublishedDate",
    "analyze_document",
    "clean_text",
    "country_flag",
    "country_name",
    "detect_actions",
    "detect_apps_and_actions",
    "detect_country",
    "detect_date",
    "detect_language",
    "detect_messengers",
    "detections_version",
    "document_terms",
    "latin_reading",
    "messenger_aliases",
    "named_countries",
    "normalize_text",
    "resolve_country",
    "resolve_messenger",
    "search_terms",
    "split_sentences",
    "stem",
    "terms_version",
]
