"""Publication date of a news text, with its precision, never invented.

Which dates count: a leading ``date YYYY-MM-DD`` line written by the crawler; otherwise a
date standing on its own line (or in a byline segment) near the top of the page, or the
dateline that opens a paragraph (``Москва. 20 августа.``). A date inside a sentence of the
article (``on June 10, 2025 the Duma passed…``) is an event date and is ignored.

Pages often show today's date in their header as well as the article's date; today is never
earlier than publication, so the earliest of the header dates is the article's. A day line
without a year (``26 Тамыз``) takes the year from the page (``2024 Жыл``); without one it
stays unknown. Persian solar hijri dates are converted to Gregorian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from bot.knowledge import date_words
from bot.understanding.normalize import fold_text, normalize_word

DAY = "day"
MONTH = "month"
YEAR = "year"
UNKNOWN = "unknown"

# The page header and byline live in the first lines of a crawled page.
_HEADER_LINES = 30
_HEADER_CHARS = 3000
# A date line may carry a few other words (a rubric, a weekday) but not a sentence.
_MAX_OTHER_WORDS = 3
_MAX_DATE_LINE = 120
_DATELINE_PARAGRAPHS = 3
_EARLIEST_YEAR = 1990
_LATEST_YEAR = 2100

_METADATA = re.compile(r"\A\s*date\s+(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?!\d)", re.IGNORECASE)
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?", re.IGNORECASE)
_SEGMENT_SEPARATORS = re.compile(r"\s[|•·/—–-]\s|[|•·]")
_WORD = re.compile(r"\w+")
# A paragraph opening with a place name, then the date: "Москва. 20 августа. INTERFAX.RU".
_DATELINE_LEAD = re.compile(r"\A\s*[^\W\d_][\w-]*(?:\s[^\W\d_][\w-]*){0,2}\s*[.,]\s*")


@dataclass(frozen=True)
class PublishedDate:
    """Publication date and how much of it the text states (day, month, year or unknown)."""

    value: date | None
    precision: str


_UNKNOWN_DATE = PublishedDate(None, UNKNOWN)


@dataclass(frozen=True)
class DateMention:
    """A date read from text; missing parts are None. ``solar`` marks a Persian calendar date."""

    year: int | None
    month: int | None
    day: int | None
    solar: bool
    start: int
    end: int


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Convert a Persian solar hijri date to Gregorian (33-year arithmetic leap cycle).

    The arithmetic rule agrees with the official calendar for the years news is written in.
    """
    if not 1 <= month <= 12 or not 1 <= day <= (31 if month <= 6 else 30):
        raise ValueError("no such solar hijri date")
    # 1 Farvardin 1403 fell on 20 March 2024.
    days = 0
    for y in range(min(year, 1403), max(year, 1403)):
        length = 366 if _is_solar_leap(y) else 365
        days += length if year > 1403 else -length
    days += (month - 1) * 31 if month <= 7 else 6 * 31 + (month - 7) * 30
    days += day - 1
    return date(2024, 3, 20) + timedelta(days=days)


def _is_solar_leap(year: int) -> bool:
    return year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)


def _month_pattern(forms: tuple[str, ...]) -> str:
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        stem = re.escape(normalize_word(form.removesuffix("*")).replace(" ", ""))
        parts.append(stem + (r"\w*" if form.endswith("*") else ""))
    return "|".join(parts)


@dataclass(frozen=True)
class _Patterns:
    day_month_year: re.Pattern[str]
    month_day_year: re.Pattern[str]
    year_day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    numeric: re.Pattern[str]
    dotted: re.Pattern[str]
    year_only: re.Pattern[str]
    month_names: tuple[tuple[re.Pattern[str], int, bool], ...]
    byline_words: frozenset[str]


@cache
def _patterns() -> _Patterns:
    words = date_words()
    months: list[tuple[re.Pattern[str], int, bool]] = []
    for solar, calendar in ((False, words.gregorian_months), (True, words.solar_hijri_months)):
        for number, forms in enumerate(calendar, start=1):
            months.append((re.compile(rf"(?:{_month_pattern(forms)})\Z"), number, solar))
    every_form = tuple(
        f for cal in (words.gregorian_months, words.solar_hijri_months) for m in cal for f in m
    )
    month = rf"(?<!\w)(?P<month>{_month_pattern(every_form)})(?!\w)"
    day = r"(?<![\d.])(?P<day>[0-3]?\d)(?:st|nd|rd|th|-?го|-?ші|-?шы|-?ом)?"
    year = r"(?P<year>(?:1[3-4]|19|20|21)\d\d)(?!\d)"
    year_words = "|".join(re.escape(normalize_word(w)) for w in words.year_words)
    byline = {normalize_word(w) for w in words.byline_words}
    for weekday in words.weekdays:
        byline.update(normalize_word(part) for part in weekday.split())
    return _Patterns(
        day_month_year=re.compile(rf"{day}[\s.-]{{0,3}}{month}\.?(?:[\s,]{{1,3}}{year})?"),
        month_day_year=re.compile(rf"{month}\.?\s{{1,3}}{day}(?!\d)(?:(?:\s*,\s*|\s{{1,3}}){year})?"),
        year_day_month=re.compile(rf"{year}\s*(?:{year_words})\.?\s*{day}\s{{0,3}}{month}"),
        month_year=re.compile(rf"{month}\.?[\s,]{{1,3}}{year}"),
        numeric=re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
        dotted=re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)"),
        year_only=re.compile(rf"(?<![\d.,:])(?P<year>(?:19|20)\d\d)(?:\s*(?:{year_words})\.?)?(?![\d.,:])"),
        month_names=tuple(months),
        byline_words=frozenset(byline),
    )


def _month_number(name: str) -> tuple[int, bool] | None:
    for pattern, number, solar in _patterns().month_names:
        if pattern.match(name):
            return number, solar
    return None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def find_dates(text: str) -> list[DateMention]:
    """Every date written in ``text`` (named months, numeric dates), in text order.

    Offsets refer to the folded text (case folded, digits as ASCII), which keeps the length
    of ordinary text; they are used for ordering and for masking within one line.
    """
    folded = fold_text(text)
    patterns = _patterns()
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(mention: DateMention) -> None:
        if free(mention.start, mention.end):
            mentions.append(mention)
            taken.append((mention.start, mention.end))

    for pattern in (patterns.numeric, patterns.dotted):
        for m in pattern.finditer(folded):
            year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
            add(DateMention(year, month, day, 1300 <= year < 1500, m.start(), m.end()))
    named = (patterns.year_day_month, patterns.day_month_year, patterns.month_day_year, patterns.month_year)
    for pattern in named:
        for m in pattern.finditer(folded):
            found = _month_number(m["month"])
            if found is None:
                continue
            month, solar = found
            groups = m.groupdict()
            add(
                DateMention(
                    _int(groups.get("year")), month, _int(groups.get("day")), solar, m.start(), m.end()
                )
            )
    for m in patterns.year_only.finditer(folded):
        add(DateMention(int(m["year"]), None, None, False, m.start(), m.end()))
    mentions.sort(key=lambda mention: mention.start)
    return mentions


def _to_date(year: int, month: int, day: int, solar: bool) -> date | None:
    try:
        value = solar_hijri_to_gregorian(year, month, day) if solar else date(year, month, day)
    except ValueError:
        return None
    return value if _EARLIEST_YEAR <= value.year <= _LATEST_YEAR else None


def _other_words(segment: str, mentions: list[DateMention]) -> list[str]:
    folded = fold_text(segment)
    for mention in sorted(mentions, key=lambda m: -m.start):
        folded = folded[: mention.start] + " " + folded[mention.end :]
    folded = _TIME.sub(" ", folded)
    byline = _patterns().byline_words
    # A stray number counts as a word: "9 и 10 февраля российские…" is a sentence, not a date.
    return [w for w in _WORD.findall(folded) if w not in byline]


def date_line_mentions(line: str, max_other_words: int = _MAX_OTHER_WORDS) -> list[DateMention]:
    """Dates of a line that is only a date (plus weekday, time, rubric), else nothing.

    A line is also read segment by segment (``author | ۹ آذر ۱۴۰۱ | ۱۳:۱۰``).
    """
    if len(line) > _MAX_DATE_LINE * 2 or not any(map(str.isdigit, line)):
        return []
    segments = [line]
    parts = _SEGMENT_SEPARATORS.split(line)
    # Only a byline is read by segments: a sentence after "Москва. 20 августа. –" is not one.
    if len(parts) > 1 and all(len(_WORD.findall(part)) <= _MAX_OTHER_WORDS + 3 for part in parts):
        segments += parts
    for segment in segments:
        if len(segment) > _MAX_DATE_LINE:
            continue
        mentions = [m for m in find_dates(segment) if m.month is not None or m.day is None]
        if not mentions or (segment.rstrip().endswith((".", "!", "?", "؟", ":")) and len(segment) > 40):
            continue
        if len(_other_words(segment, mentions)) <= max_other_words:
            return mentions
    return []


def is_date_line(line: str) -> bool:
    """True when the line says nothing but a date (page header, byline)."""
    return bool(date_line_mentions(line))


def _header(text: str) -> list[str]:
    lines = text[:_HEADER_CHARS].splitlines()[:_HEADER_LINES]
    return [line for line in lines if line.strip()]


def _dateline(paragraph: str) -> list[DateMention]:
    lead = _DATELINE_LEAD.match(paragraph)
    if lead is None:
        return []
    rest = paragraph[lead.end() : lead.end() + 40]
    mentions = find_dates(rest)
    if mentions and mentions[0].start == 0 and mentions[0].day is not None:
        return [mentions[0]]
    return []


def _resolve(mentions: list[DateMention], context_years: list[int]) -> list[tuple[date, str]]:
    """Turn header mentions into dates; a day without a year borrows the page's year."""
    full = [
        value
        for m in mentions
        if m.year is not None and m.month is not None and m.day is not None
        for value in [_to_date(m.year, m.month, m.day, m.solar)]
        if value is not None
    ]
    latest_full = max(full, default=None)
    resolved: list[tuple[date, str]] = [(value, DAY) for value in full]
    for m in mentions:
        if m.month is None:
            continue
        if m.day is None and m.year is not None and not m.solar:
            if _EARLIEST_YEAR <= m.year <= _LATEST_YEAR:
                resolved.append((date(m.year, m.month, 1), MONTH))
        elif m.day is not None and m.year is None and context_years and not m.solar:
            year = context_years[0]
            value = _to_date(year, m.month, m.day, False)
            # The page's own date is never before the article's: step back a year if needed.
            if value is not None and latest_full is not None and value > latest_full:
                value = _to_date(year - 1, m.month, m.day, False)
            if value is not None:
                resolved.append((value, DAY))
    return resolved


def _from_metadata(match: re.Match[str], text: str) -> PublishedDate:
    year, month, day = int(match[1]), _int(match[2]), _int(match[3])
    if month is not None and day is not None:
        value = _to_date(year, month, day, False)
        return PublishedDate(value, DAY) if value else _UNKNOWN_DATE
    if month is not None:
        if not 1 <= month <= 12 or not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
            return _UNKNOWN_DATE
        # The opening paragraph of a news item usually names its own day ("5 января").
        opening = text[match.end() : match.end() + 600]
        for mention in find_dates(opening):
            if mention.month == month and mention.day is not None and mention.year in (None, year):
                value = _to_date(year, month, mention.day, False)
                if value is not None:
                    return PublishedDate(value, DAY)
        return PublishedDate(date(year, month, 1), MONTH)
    if _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        return PublishedDate(date(year, 1, 1), YEAR)
    return _UNKNOWN_DATE


def detect_date(text: str, language: str) -> PublishedDate:
    """Publication date stated by the text, with precision; unknown when it states none.

    ``language`` is accepted for symmetry with the other detectors; month names of every
    supported language are recognised whatever it is.
    """
    metadata = _METADATA.match(text)
    if metadata is not None:
        return _from_metadata(metadata, text)
    header = _header(text)
    mentions: list[DateMention] = []
    for line in header:
        mentions += date_line_mentions(line)
    paragraphs = [line for line in header if len(_WORD.findall(line)) > _MAX_OTHER_WORDS * 2]
    for paragraph in paragraphs[:_DATELINE_PARAGRAPHS]:
        mentions += _dateline(paragraph)
    context_years = [m.year for m in mentions if m.year is not None and not m.solar]
    resolved = _resolve(mentions, context_years)
    for precision in (DAY, MONTH):
        candidates = [value for value, p in resolved if p == precision]
        if candidates:
            return PublishedDate(min(candidates), precision)
    return _UNKNOWN_DATE
