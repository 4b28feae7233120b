"""The country a document is about, the others it mentions, and country look-ups for users.

Each mention of a name, demonym, capital or institution adds to its country's score;
institutions (ҰҚК, Роскомнадзор, مرکز ملی فضای مجازی) weigh more than a name, capitals
less, the opening of a text more than its body. A state messenger (Aitu, Soroush) and the
language itself (Kazakh, Persian) add a small hint. The highest score wins, so a document
about Kazakhstan that mentions France is about Kazakhstan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.knowledge import Country, countries
from bot.understanding.matching import AliasIndex
from bot.understanding.messengers import find_app_mentions
from bot.understanding.normalize import DETECTION_LIMIT, words

_NAME_WEIGHT = 1.0
_CAPITAL_WEIGHT = 0.5
_INSTITUTION_WEIGHT = 1.5
_STATE_APP_WEIGHT = 0.5
# Mentions within the opening characters (headline and lead) count this much more.
_OPENING_CHARS = 400
_OPENING_BOOST = 1.5
# Languages spoken mostly in one of the countries the bot follows: a weak hint only.
_LANGUAGE_HINTS = {"kk": "KZ", "fa": "IR", "uk": "UA", "be": "BY", "tg": "TJ", "ky": "KG", "uz": "UZ"}
_LANGUAGE_WEIGHT = 0.75


@dataclass(frozen=True)
class CountryDetection:
    """``primary``: the country the text is about; ``mentioned``: the other countries named."""

    primary: str | None
    mentioned: tuple[str, ...]
    scores: tuple[tuple[str, float], ...] = ()


@cache
def _by_code() -> dict[str, Country]:
    return {country.code: country for country in countries()}


@cache
def _mention_index() -> AliasIndex[tuple[str, float]]:
    entries: list[tuple[str, tuple[str, float]]] = []
    for country in countries():
        entries += [(alias, (country.code, _NAME_WEIGHT)) for alias in country.aliases]
        entries += [(name, (country.code, _NAME_WEIGHT)) for name in country.names.values()]
        entries += [(alias, (country.code, _INSTITUTION_WEIGHT)) for alias in country.institutions]
        entries += [(alias, (country.code, _CAPITAL_WEIGHT)) for alias in country.capitals]
    return AliasIndex(entries)


@cache
def _name_index() -> AliasIndex[str]:
    entries: list[tuple[str, str]] = []
    for country in countries():
        entries += [(alias, country.code) for alias in country.aliases]
        entries += [(name, country.code) for name in country.names.values()]
    return AliasIndex(entries)


def detect_country(text: str, language: str) -> CountryDetection:
    """Country the text is about (ISO 3166-1 alpha-2) and the other countries it names."""
    text = text[:DETECTION_LIMIT]
    tokens = words(text)
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    for match in _mention_index().find_all(tokens):
        code, weight = match.alias.target
        start = tokens[match.first].start
        boost = _OPENING_BOOST if start < _OPENING_CHARS else 1.0
        scores[code] = scores.get(code, 0.0) + weight * boost
        first_seen.setdefault(code, start)
    mentioned_codes = list(first_seen)
    # In order of mention, not a set's order: a tie between countries must go the same way every run.
    for app in dict.fromkeys(mention.app for mention in find_app_mentions(text)):
        if app.country is not None:
            scores[app.country] = scores.get(app.country, 0.0) + _STATE_APP_WEIGHT
    hinted = _LANGUAGE_HINTS.get(language)
    if hinted is not None:
        scores[hinted] = scores.get(hinted, 0.0) + _LANGUAGE_WEIGHT
    if not scores:
        return CountryDetection(primary=None, mentioned=())
    far = len(text) + 1
    primary = max(scores, key=lambda code: (scores[code], -first_seen.get(code, far)))
    ranked = tuple(sorted(scores.items(), key=lambda item: -item[1]))
    others = tuple(code for code in mentioned_codes if code != primary)
    return CountryDetection(primary=primary, mentioned=others, scores=ranked)


_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]{2}")


def named_countries(text: str) -> tuple[str, ...]:
    """The countries a text names itself (names, demonyms, capitals, institutions), in order of first
    mention; unlike :func:`detect_country`, nothing is inferred from the language or the apps named."""
    found: dict[str, None] = {}
    for match in _mention_index().find_all(words(text[:DETECTION_LIMIT])):
        found.setdefault(match.alias.target[0], None)
    for flag in _FLAG.findall(text):
        code = _flag_code(flag)
        if code:
            found.setdefault(code, None)
    return tuple(found)


def _flag_code(text: str) -> str | None:
    if len(text) != 2 or not all(0x1F1E6 <= ord(c) <= 0x1F1FF for c in text):
        return None
    return "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in text)


def resolve_country(name: str) -> str | None:
    """ISO code of a country a user typed: ``Иран``, ``🇮🇷``, ``kz``, ``Қазақстан``, ``ایران``."""
    text = name.strip()
    if not text:
        return None
    flag = _flag_code(text)
    if flag is not None:
        return flag if flag in _by_code() else None
    if len(text) == 2 and text.isascii() and text.upper() in _by_code():
        return text.upper()
    alias = _name_index().lookup(text)
    return alias.target if alias is not None else None


def country_name(code: str, language: str) -> str:
    """Display name of a country in ``language`` (en, ru, kk, fa), English otherwise."""
    country = _by_code().get(code.upper())
    if country is None:
        return code
    return country.names.get(language, country.names["en"])


def country_flag(code: str) -> str:
    """Flag emoji of an ISO alpha-2 code (``KZ`` → 🇰🇿); empty for anything else."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper())
