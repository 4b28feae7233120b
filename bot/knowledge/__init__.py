"""Curated knowledge for text understanding, loaded once from the packaged TOML files.

Every loader returns plain frozen data and is cached, so callers may call it freely.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def fingerprint(*names: str) -> str:
    """A hash of what the named knowledge files say: their comments and layout do not count."""
    content = {name: _load(name) for name in names}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"expected a list of strings, got {value!r}")
    return tuple(value)


@dataclass(frozen=True)
class SearchKnowledge:
    """Word lists behind normalisation, Persian compound joining, stemming and stop words."""

    persian_attached_suffixes: frozenset[str]
    persian_attached_prefixes: frozenset[str]
    persian_compound_tails: frozenset[str]
    persian_stem_suffixes: tuple[str, ...]
    persian_protected_tails: tuple[str, ...]
    russian_endings: tuple[str, ...]
    kazakh_endings: tuple[str, ...]
    kazakh_plain_script_endings: tuple[str, ...]
    kazakh_protected_tails: tuple[str, ...]
    stopwords: dict[str, frozenset[str]]
    kazakh_latin: KazakhLatin


@dataclass(frozen=True)
class KazakhLatin:
    """Kazakh written in Latin letters: what marks it (shares of q and of Turkic letters among a text's
    Latin letters) and the two tables that read it in Cyrillic."""

    q_share: float
    q_least: int
    letters: str
    letters_share: float
    letters_least: int
    not_with: str
    acute_marks: str
    acute_letters: str
    acute: dict[str, str]
    other: dict[str, str]


@cache
def search_knowledge() -> SearchKnowledge:
    """Word lists for search normalisation (``search.toml``)."""
    data = _load("search.toml")
    persian = data["persian"]
    latin = data["kazakh_latin"]
    by_length = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return SearchKnowledge(
        persian_attached_suffixes=frozenset(_strings(persian["attached_suffixes"])),
        persian_attached_prefixes=frozenset(_strings(persian["attached_prefixes"])),
        persian_compound_tails=frozenset(_strings(persian["compound_tails"])),
        persian_stem_suffixes=by_length(_strings(persian["stem_suffixes"])),
        persian_protected_tails=_strings(persian["protected_tails"]),
        russian_endings=by_length(_strings(data["russian"]["endings"])),
        kazakh_endings=by_length(_strings(data["kazakh"]["endings"])),
        kazakh_plain_script_endings=by_length(_strings(data["kazakh"]["plain_script_endings"])),
        kazakh_protected_tails=_strings(data["kazakh"]["protected_tails"]),
        stopwords={lang: frozenset(_strings(words)) for lang, words in data["stopwords"].items()},
        kazakh_latin=KazakhLatin(
            q_share=float(latin["q_share"]),
            q_least=int(latin["q_least"]),
            letters=str(latin["letters"]),
            letters_share=float(latin["letters_share"]),
            letters_least=int(latin["letters_least"]),
            not_with=str(latin["not_with"]),
            acute_marks=str(latin["acute_marks"]),
            acute_letters=str(latin["acute_letters"]),
            acute={str(k): str(v) for k, v in latin["acute"].items()},
            other={str(k): str(v) for k, v in latin["other"].items()},
        ),
    )


@dataclass(frozen=True)
class Country:
    """A country: ISO code, display names and the words that point to it in a text."""

    code: str
    names: dict[str, str]
    aliases: tuple[str, ...]
    capitals: tuple[str, ...]
    institutions: tuple[str, ...]


@cache
def countries() -> tuple[Country, ...]:
    """Countries with names in en/ru/kk/fa and their aliases (``countries.toml``)."""
    result = []
    for entry in _load("countries.toml")["country"]:
        names = dict(entry["names"])
        missing = {"en", "ru", "kk", "fa"} - names.keys()
        if missing:
            raise ValueError(f"country {entry['code']} lacks names in {sorted(missing)}")
        result.append(
            Country(
                code=entry["code"],
                names=names,
                aliases=_strings(entry["aliases"]),
                capitals=_strings(entry.get("capitals", [])),
                institutions=_strings(entry.get("institutions", [])),
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class App:
    """A messaging app or a social platform with its spellings."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    country: str | None
    state_promoted: bool = False


@dataclass(frozen=True)
class AppKnowledge:
    """Apps plus the words that confirm an ambiguous app name nearby."""

    apps: tuple[App, ...]
    messenger_words: tuple[str, ...]
    window: int


@cache
def apps() -> AppKnowledge:
    """Messengers and platforms (``messengers.toml``)."""
    data = _load("messengers.toml")
    result = []
    for entry in data["app"]:
        if entry["kind"] not in ("messenger", "platform"):
            raise ValueError(f"app {entry['name']} has unknown kind {entry['kind']!r}")
        result.append(
            App(
                name=entry["name"],
                kind=entry["kind"],
                aliases=_strings(entry["aliases"]),
                country=entry.get("country"),
                state_promoted=bool(entry.get("state_promoted", False)),
            )
        )
    context = data["context"]
    return AppKnowledge(
        apps=tuple(result),
        messenger_words=_strings(context["messenger_words"]),
        window=int(context["window"]),
    )


@dataclass(frozen=True)
class LanguageEvidence:
    """Letters and frequent words that tell languages of one script apart."""

    cyrillic: dict[str, str]
    arabic: dict[str, str]
    cyrillic_marker_share: float
    stopwords: dict[str, frozenset[str]]
    latin_letters: dict[str, str]


@cache
def language_evidence() -> LanguageEvidence:
    """Language detection evidence (``languages.toml``)."""
    data = _load("languages.toml")
    cyrillic = dict(data["cyrillic"])
    share = float(cyrillic.pop("marker_share"))
    return LanguageEvidence(
        cyrillic={k: str(v) for k, v in cyrillic.items()},
        arabic={k: str(v) for k, v in data["arabic"].items()},
        cyrillic_marker_share=share,
        stopwords={lang: frozenset(_strings(w)) for lang, w in data["stopwords"].items()},
        latin_letters={k: str(v) for k, v in data["latin_letters"].items()},
    )


@dataclass(frozen=True)
class DateWords:
    """Month names per calendar and the words that may surround a date in a byline."""

    gregorian_months: tuple[tuple[str, ...], ...]
    solar_hijri_months: tuple[tuple[str, ...], ...]
    byline_words: frozenset[str]
    weekdays: tuple[str, ...]
    year_words: tuple[str, ...]


@cache
def date_words() -> DateWords:
    """Month and weekday names for date reading (``dates.toml``)."""
    data = _load("dates.toml")
    gregorian = tuple(_strings(month) for month in data["gregorian"])
    solar = tuple(_strings(month) for month in data["solar_hijri"])
    if len(gregorian) != 12 or len(solar) != 12:
        raise ValueError("dates.toml must list twelve months per calendar")
    return DateWords(
        gregorian_months=gregorian,
        solar_hijri_months=solar,
        byline_words=frozenset(_strings(data["byline_words"])),
        weekdays=_strings(data["weekdays"]),
        year_words=_strings(data["year_words"]),
    )


@dataclass(frozen=True)
class CleaningKnowledge:
    """Boilerplate lines of news pages and abbreviations that do not end a sentence."""

    line_prefixes: tuple[str, ...]
    credit_prefixes: tuple[str, ...]
    whole_lines: frozenset[str]
    counter_words: frozenset[str]
    abbreviations: frozenset[str]


@cache
def cleaning_knowledge() -> CleaningKnowledge:
    """Boilerplate patterns and abbreviations (``cleaning.toml``)."""
    data = _load("cleaning.toml")
    boilerplate = data["boilerplate"]
    return CleaningKnowledge(
        line_prefixes=_strings(boilerplate["line_prefixes"]),
        credit_prefixes=_strings(boilerplate["credit_prefixes"]),
        whole_lines=frozenset(_strings(boilerplate["whole_lines"])),
        counter_words=frozenset(_strings(boilerplate["counter_words"])),
        abbreviations=frozenset(_strings(data["sentences"]["abbreviations"])),
    )


ACTION_KINDS = ("block", "throttle", "unblock", "deny", "state_messenger", "legal", "cooperation")


@dataclass(frozen=True)
class ActionCues:
    """Cue phrases per policy-action kind and the words that qualify a sentence."""

    kinds: dict[str, tuple[str, ...]]
    topic_words: tuple[str, ...]
    hedges: tuple[str, ...]
    negations: frozenset[str]
    negation_breakers: frozenset[str]
    promotion_words: tuple[str, ...]


@cache
def action_cues() -> ActionCues:
    """Policy-action cue phrases (``actions.toml``)."""
    data = _load("actions.toml")
    kinds = {kind: _strings(cues) for kind, cues in data["kinds"].items()}
    if set(kinds) != set(ACTION_KINDS):
        raise ValueError(f"actions.toml must define exactly the kinds {ACTION_KINDS}")
    return ActionCues(
        kinds=kinds,
        topic_words=_strings(data["topic"]["words"]),
        hedges=_strings(data["hedges"]["words"]),
        negations=frozenset(_strings(data["negations"]["words"])),
        negation_breakers=frozenset(_strings(data["negations"]["breakers"])),
        promotion_words=_strings(data["state_apps"]["promotion_words"]),
    )
