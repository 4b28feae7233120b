"""Understanding a search question: its own words, and the countries, messengers and policy concepts it
names, with their words in every language so that a question in one language finds documents in another.
Pure: plain data in, plain data out.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

from bot.knowledge import apps, countries
from bot.understanding import (
    country_name,
    detect_language,
    detect_messengers,
    messenger_aliases,
    named_countries,
    resolve_country,
    search_terms,
)
from bot.understanding.dates import solar_hijri_to_gregorian

CONCEPTS_FILE = Path(__file__).parent / "knowledge" / "concepts.toml"
# People and bodies, read as concepts without an action.
NAMES_FILE = Path(__file__).parent / "knowledge" / "names.toml"
CONCEPT_LANGUAGES = ("en", "ru", "kk", "fa")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
# A Russian surname in -ов/-ев: the stemmer cuts its nominative (Дуров → дур) but not the cases that
# documents mostly write (Дурова, Дурову → дуров), so a question's surname brings its genitive too.
_RUSSIAN_SURNAME = re.compile(r"\b[А-ЯЁ][а-яё]{2,}[оеё]в\b")

_LATIN_TO_CYRILLIC = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("yo", "ё"),
    ("yu", "ю"),
    ("ya", "я"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("y", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("h", "х"),
    ("c", "к"),
    ("q", "к"),
    ("w", "в"),
    ("x", "кс"),
    ("j", "дж"),
)
_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "a",
    "ғ": "gh",
    "қ": "q",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}


@dataclass(frozen=True)
class Concept:
    """A policy concept: its name, the action it stands for (if any), and its words' search terms."""

    name: str
    action: str | None
    phrases: tuple[tuple[str, ...], ...]

    @property
    def terms(self) -> frozenset[str]:
        """Every search term of every word of the concept."""
        return frozenset(term for phrase in self.phrases for term in phrase)


@dataclass(frozen=True)
class QueryPlan:
    """What a question asks for, ready for the search engine."""

    text: str
    language: str
    terms: tuple[str, ...]
    expansions: tuple[str, ...]
    countries: tuple[str, ...]
    messengers: tuple[str, ...]
    actions: tuple[str, ...]
    concepts: tuple[str, ...]
    years: tuple[int, ...]
    spellings: tuple[str, ...] = ()

    @property
    def tags(self) -> tuple[str, ...]:
        """The document tags (see :func:`document_tags`) of what the question names."""
        return (
            tuple(concept_tag(name) for name in self.concepts)
            + tuple(country_tag(code) for code in self.countries)
            + tuple(app_tag(name) for name in self.messengers)
        )

    @property
    def all_terms(self) -> tuple[str, ...]:
        """The question's own terms followed by the ones its concepts bring in."""
        return tuple(dict.fromkeys(self.terms + self.expansions))


@cache
def concepts() -> tuple[Concept, ...]:
    """The concept lexicon and the names, with every word turned into search terms the way documents are."""
    data = {}
    for path in (CONCEPTS_FILE, NAMES_FILE):
        with path.open("rb") as handle:
            data.update(tomllib.load(handle))
    loaded = []
    for name, entry in data.items():
        phrases = []
        for language in CONCEPT_LANGUAGES:
            for word in entry.get(language, []):
                phrase = tuple(search_terms(word))
                if phrase:
                    phrases.append(phrase)
        loaded.append(Concept(name=name, action=entry.get("action"), phrases=tuple(dict.fromkeys(phrases))))
    return tuple(loaded)


@cache
def _phrases_by_first_term() -> dict[str, list[tuple[tuple[str, ...], Concept]]]:
    found: dict[str, list[tuple[tuple[str, ...], Concept]]] = {}
    for concept in concepts():
        for phrase in concept.phrases:
            found.setdefault(phrase[0], []).append((phrase, concept))
    return found


def named_concepts(terms: tuple[str, ...]) -> list[Concept]:
    """The concepts whose words occur in the terms, in lexicon order.

    Longer phrases win: the words of a matched phrase are not read again on their own, so
    "رفع فیلتر" (lifting the filter) is an unblocking and not also a blocking.
    """
    index = _phrases_by_first_term()
    matches = []
    for position, term in enumerate(terms):
        for phrase, concept in index.get(term, ()):
            if terms[position : position + len(phrase)] == phrase:
                matches.append((position, phrase, concept))
    matches.sort(key=lambda match: -len(match[1]))
    taken: set[int] = set()
    found: set[str] = set()
    for position, phrase, concept in matches:
        span = set(range(position, position + len(phrase)))
        if span & taken:
            continue
        taken |= span
        found.add(concept.name)
    return [concept for concept in concepts() if concept.name in found]


def concept_tag(name: str) -> str:
    """The tag of a policy concept (``concept:block``)."""
    return f"concept:{name}"


def country_tag(code: str) -> str:
    """The tag of a country (``country:IR``)."""
    return f"country:{code}"


def app_tag(name: str) -> str:
    """The tag of a messenger or platform (``app:Telegram``, ``app:Soroush_Plus``)."""
    return "app:" + name.replace(" ", "_")


@cache
def _tag_phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Every phrase that tags a document, by its first term: concept words, country names, app names."""
    entries: list[tuple[tuple[str, ...], str]] = []
    for concept in concepts():
        entries += [(phrase, concept_tag(concept.name)) for phrase in concept.phrases]
    for country in countries():
        for language in CONCEPT_LANGUAGES:
            entries.append((tuple(search_terms(country.names[language])), country_tag(country.code)))
    for app in apps().apps:
        for alias in messenger_aliases(app.name):
            entries.append((tuple(search_terms(alias)), app_tag(app.name)))
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, tag in dict.fromkeys(entries):
        if phrase:
            found.setdefault(phrase[0], []).append((phrase, tag))
    for candidates in found.values():
        candidates.sort(key=lambda entry: -len(entry[0]))
    return found


@cache
def tags_version() -> str:
    """A fingerprint of the phrases behind the tags: an index tagged with other phrases is rebuilt."""
    phrases = sorted((tag, phrase) for entries in _tag_phrases().values() for phrase, tag in entries)
    return hashlib.sha256(repr(phrases).encode("utf-8")).hexdigest()[:16]


def document_tags(terms: Sequence[str]) -> list[str]:
    """A tag for every place the terms name a concept, a country or an app, in any language.

    The search index holds them beside the terms, so that a question names a concept with one tag
    instead of its words in four languages; a tag is repeated as often as the document names it.
    Longer phrases win, as in :func:`named_concepts`.
    """
    index = _tag_phrases()
    tags = []
    position = 0
    while position < len(terms):
        for phrase, tag in index.get(terms[position], ()):
            if tuple(terms[position : position + len(phrase)]) == phrase:
                tags.append(tag)
                position += len(phrase)
                break
        else:
            position += 1
    return tags


def transliterations(term: str) -> list[str]:
    """Latin ↔ Cyrillic spellings of a name (Ablyazov → аблязов, Галибаф → galibaf)."""
    if re.fullmatch(r"[a-z]{4,}", term):
        out, rest = [], term
        while rest:
            for latin, cyrillic in _LATIN_TO_CYRILLIC:
                if rest.startswith(latin):
                    out.append(cyrillic)
                    rest = rest[len(latin) :]
                    break
            else:
                rest = rest[1:]
        cyrillic = "".join(out)
        # A Russian name also appears inflected (Аблязова, Токаеву): give the stemmer those forms too.
        return [cyrillic, cyrillic + "а"] if cyrillic[-1] not in "аеёиоуыэюя" else [cyrillic]
    if re.fullmatch(r"[а-яёәғқңөұүһі]{4,}", term):
        return ["".join(_CYRILLIC_TO_LATIN.get(letter, letter) for letter in term)]
    return []


@lru_cache(maxsize=1024)
def plan_query(text: str) -> QueryPlan:
    """Read a question: its terms, the countries, messengers, actions and years it names, and expansions."""
    language = detect_language(text)
    terms = tuple(dict.fromkeys(search_terms(text)))
    expansions: list[str] = []
    matched_concepts = []
    actions = []
    for concept in named_concepts(terms):
        matched_concepts.append(concept.name)
        if concept.action:
            actions.append(concept.action)
        expansions.extend(sorted(concept.terms))
    countries = named_countries(text)
    for code in countries:
        for name_language in CONCEPT_LANGUAGES:
            expansions.extend(search_terms(country_name(code, name_language)))
    mentions = detect_messengers(text)
    messengers = tuple(dict.fromkeys(mentions.messengers + mentions.platforms))
    for messenger in messengers:
        for alias in messenger_aliases(messenger):
            expansions.extend(search_terms(alias))
    known = set(expansions)
    spellings = [term for name in _RUSSIAN_SURNAME.findall(text) for term in search_terms(name + "а")]
    for term in terms:
        if term not in known:
            for spelling in transliterations(term):
                spellings.extend(search_terms(spelling))
    expansions.extend(spellings)
    own = set(terms)
    return QueryPlan(
        text=text,
        language=language,
        terms=terms,
        expansions=tuple(t for t in dict.fromkeys(expansions) if t not in own),
        countries=countries,
        messengers=messengers,
        actions=tuple(dict.fromkeys(actions)),
        concepts=tuple(matched_concepts),
        years=tuple(sorted({int(y) for y in _YEAR.findall(text)})),
        spellings=tuple(t for t in dict.fromkeys(spellings) if t not in own),
    )


# Filters written into a question: "Telegram country:IR lang:fa from:2024 to:2025-06", with each key
# also in the bot's other languages, so a reader can write "страна:Иран с:2024" or "کشور:ایران از:2024".
_FILTER_KEYS = {
    "country": "country", "страна": "country", "ел": "country", "کشور": "country",
    "lang": "language", "language": "language", "язык": "language", "тіл": "language", "زبان": "language",
    "from": "from", "с": "from", "от": "from", "бастап": "from", "از": "from",
    "to": "to", "по": "to", "до": "to", "дейін": "to", "تا": "to",
}  # fmt: skip
_FILTER = re.compile(r"(?<!\S)(" + "|".join(_FILTER_KEYS) + r"):(\S+)", re.IGNORECASE)
_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_FIRST_GREGORIAN_YEAR = 1500
# Names of the four languages of the bot, in each of them, beside the ISO codes every language has.
_LANGUAGE_NAMES = {
    "english": "en", "английский": "en", "ағылшын": "en", "انگلیسی": "en",
    "russian": "ru", "русский": "ru", "орыс": "ru", "روسی": "ru",
    "kazakh": "kk", "казахский": "kk", "қазақ": "kk", "قزاقی": "kk",
    "persian": "fa", "farsi": "fa", "персидский": "fa", "фарси": "fa", "парсы": "fa", "فارسی": "fa",
}  # fmt: skip


@dataclass(frozen=True)
class SearchFilters:
    """What a question keeps its results to: a country, a language, a date range (inclusive)."""

    country: str | None = None
    language: str | None = None
    date_from: str | None = None
    date_to: str | None = None


class FilterError(ValueError):
    """A filter that cannot be read: ``kind`` is country, language, date or range; ``value`` as written."""

    def __init__(self, kind: str, value: str) -> None:
        super().__init__(f"{kind}: {value}")
        self.kind = kind
        self.value = value


def read_filters(text: str) -> tuple[str, SearchFilters]:
    """The question without its filters, and the filters (``country:``, ``lang:``, ``from:``, ``to:``,
    or their keys in Russian, Kazakh and Persian).

    A country is a name in any language, a code or a flag; a language a code or a name; a date a year,
    a month (2024-05) or a day, ``from`` its first day and ``to`` its last. Raises :class:`FilterError`.
    """
    found: dict[str, str] = {}
    for match in _FILTER.finditer(text):
        key, value = _FILTER_KEYS[match.group(1).lower()], match.group(2)
        if key == "country":
            code = resolve_country(value.replace("_", " "))
            if code is None:
                raise FilterError("country", value)
            found["country"] = code
        elif key == "language":
            language = _LANGUAGE_NAMES.get(value.lower(), value.lower())
            if not re.fullmatch(r"[a-z]{2}", language):
                raise FilterError("language", value)
            found["language"] = language
        else:
            found["date_" + key] = _period_bound(value, last=key == "to")
    if found.get("date_from", "") > found.get("date_to", "9999"):
        raise FilterError("range", f"{found['date_from']} – {found['date_to']}")
    rest = " ".join(_FILTER.sub(" ", text).split())
    return rest, SearchFilters(**found)


def _period_bound(value: str, *, last: bool) -> str:
    """The first (or last) day of a year, month or day written as 2024, 2024-05 or 2024-05-31.

    A year before 1500 is a Persian solar hijri one (1403, 1403-05), as Iranian readers date things.
    """
    match = _PERIOD.fullmatch(value)
    if match is None:
        raise FilterError("date", value)
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    to_date = solar_hijri_to_gregorian if year < _FIRST_GREGORIAN_YEAR else date
    try:
        if day is not None:
            bound = to_date(year, int(month or 1), int(day))
        elif month is not None:
            following = (year + 1, 1) if int(month) == 12 else (year, int(month) + 1)
            first = to_date(year, int(month), 1)
            bound = to_date(*following, 1) - timedelta(days=1) if last else first
        else:
            bound = to_date(year + 1, 1, 1) - timedelta(days=1) if last else to_date(year, 1, 1)
    except ValueError:
        raise FilterError("date", value) from None
    return bound.isoformat()
