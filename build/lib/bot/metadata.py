"""Metadata an admin states by hand: header lines of /add and the values of /edit (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from bot.ingest import Overrides
from bot.understanding import resolve_country

# The fields an admin may state in a header line or change with /edit, in the order they are shown.
FIELDS = ("title", "country", "date", "source", "language")
TITLE_LIMIT = 300
SOURCE_LIMIT = 200
EARLIEST_YEAR = 1990

_HEADER = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


class Problem(StrEnum):
    """What is wrong with a stated value; handlers turn each into a message in the admin's language."""

    UNKNOWN_FIELD = "unknown_field"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    IMPOSSIBLE_DATE = "impossible_date"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_LANGUAGE = "unknown_language"


class FieldError(ValueError):
    """A stated field or value that cannot be used."""

    def __init__(self, field_name: str, value: str, problem: Problem) -> None:
        super().__init__(f"{field_name}: {problem.value}: {value!r}")
        self.field = field_name
        self.value = value
        self.problem = problem


@dataclass(frozen=True)
class StatedDate:
    """A date as precise as the admin stated it."""

    day: date
    precision: str  # "day", "month" or "year"


@dataclass(frozen=True)
class Source:
    """Where a document comes from: an outlet's name, its address, or both."""

    name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Header:
    """What the header lines of a document stated, and the text after them."""

    overrides: Overrides = field(default_factory=Overrides)
    source: Source | None = None
    body: str = ""


def parse_date(value: str, *, today: date | None = None) -> StatedDate:
    """``2024-03-05``, ``05.03.2024``, ``2024-03`` or ``2024``; an impossible or future date is refused."""
    text = value.strip()
    today = today or date.today()
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            year, month, day = (int(part) for part in match.groups())
            stated = StatedDate(date(year, month, day), "day")
        elif match := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text):
            day, month, year = (int(part) for part in match.groups())
            stated = StatedDate(date(year, month, day), "day")
        elif match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            stated = StatedDate(date(int(match.group(1)), int(match.group(2)), 1), "month")
        elif re.fullmatch(r"\d{4}", text):
            stated = StatedDate(date(int(text), 1, 1), "year")
        else:
            raise FieldError("date", value, Problem.IMPOSSIBLE_DATE)
    except ValueError as error:  # day 30 of February, month 13 …
        if isinstance(error, FieldError):
            raise
        raise FieldError("date", value, Problem.IMPOSSIBLE_DATE) from None
    # A day ahead is allowed: the admin's time zone may be ahead of the server's.
    if stated.day.year < EARLIEST_YEAR or stated.day > today + timedelta(days=1):
        raise FieldError("date", value, Problem.IMPOSSIBLE_DATE)
    return stated


def parse_country(value: str) -> str:
    """An ISO country code from a code or a name in any supported language."""
    code = resolve_country(value.strip()) if value.strip() else None
    if code is None:
        raise FieldError("country", value, Problem.UNKNOWN_COUNTRY)
    return code


def parse_language(value: str) -> str:
    """A two- or three-letter language code that exists (``ru``, ``kk``, ``fa``, ``en``, ``uz`` …)."""
    code = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise FieldError("language", value, Problem.UNKNOWN_LANGUAGE)
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise FieldError("language", value, Problem.UNKNOWN_LANGUAGE) from None
    return code


def parse_title(value: str) -> str:
    """A title: not empty, one line, not longer than a title."""
    title = " ".join(value.split())
    if not title:
        raise FieldError("title", value, Problem.EMPTY)
    if len(title) > TITLE_LIMIT:
        raise FieldError("title", value, Problem.TOO_LONG)
    return title


def parse_source(value: str) -> Source:
    """An outlet's name, or an http(s) address (whose host then names the outlet)."""
    text = value.strip()
    if not text:
        raise FieldError("source", value, Problem.EMPTY)
    if len(text) > SOURCE_LIMIT and not _URL.match(text):
        raise FieldError("source", value, Problem.TOO_LONG)
    if _URL.match(text):
        return Source(name=site_name(text), url=text)
    return Source(name=" ".join(text.split()))


def site_name(url: str) -> str | None:
    """The host of an address without ``www.``, as a fallback name for the outlet."""
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def is_field(name: str) -> bool:
    """Whether a name is one of the fields an admin may state."""
    return name.lower() in FIELDS


def parse_header(text: str) -> Header:
    """Split leading ``title:``, ``country:``, ``date:``, ``source:``, ``language:`` lines off a text.

    Header lines must come first; the first other line starts the body. A known field with a value
    that cannot be used raises FieldError (nothing is guessed instead).
    """
    lines = text.replace("\r\n", "\n").split("\n")
    stated: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = _HEADER.match(lines[index])
        if not match or not is_field(match.group(1)) or match.group(1).lower() in stated:
            break
        stated[match.group(1).lower()] = match.group(2)
        index += 1
    body = "\n".join(lines[index:]).strip()
    title = parse_title(stated["title"]) if "title" in stated else None
    country = parse_country(stated["country"]) if "country" in stated else None
    language = parse_language(stated["language"]) if "language" in stated else None
    when = parse_date(stated["date"]) if "date" in stated else None
    source = parse_source(stated["source"]) if "source" in stated else None
    overrides = Overrides(
        title=title,
        country=country,
        language=language,
        published=when.day if when else None,
        date_precision=when.precision if when else None,
    )
    return Header(overrides=overrides, source=source, body=body)


def is_link(text: str) -> bool:
    """Whether a text is nothing but one http(s) address."""
    return bool(_URL.match(text.strip()))
