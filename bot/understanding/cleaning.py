"""Cleaning a crawled news page down to its headline and article paragraphs.

A page is read line by line. Furniture is dropped wherever it appears: lines without
letters (currency and weather widgets, counters), rows of one-letter buttons, bare URLs,
photo credits, "read also" links, comment prompts and end markers, lines that are only a
date. The headline is the line the page repeats, or else the longest headline-like line
(several words, no final full stop) before the first real paragraph; what precedes it is
page chrome, and short bylines between it and the article go too. Article sentences are
never dropped: every line that reads like text after the headline is kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from bot.knowledge import cleaning_knowledge
from bot.understanding.dates import date_line_mentions
from bot.understanding.normalize import WORD_RE, normalize_text
from bot.understanding.sentences import split_sentences

# A paragraph of at least this many words is article text, not a headline or a byline.
_LONG_PARAGRAPH_WORDS = 20
_HEADLINE_MIN_WORDS = 3
_HEADLINE_MAX_WORDS = 40
_HEADLINE_SEARCH_LINES = 14
_BYLINE_MAX_WORDS = 6
_PREFIX_LINE_MAX_WORDS = 12
# A line that is a date plus at most this many words (weekday, rubric) is page furniture.
_DATE_LINE_OTHER_WORDS = 2
# A title taken from the opening sentence is cut at this length.
_TITLE_MAX_CHARS = 300

_METADATA = re.compile(r"\A\s*date\s+\d{4}(?:-\d{1,2}){0,2}(?!\d)", re.IGNORECASE)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?", re.IGNORECASE)
_URL_LINE = re.compile(r"\A\W*(?:https?://|www\.)\S+\W*\Z", re.IGNORECASE)
# " - kaz.caravan.kz", " | Tengrinews.kz": a site name appended to the headline.
_SITE_SUFFIX = re.compile(r"\s+[-–—|]\s+[\w.-]*\w\.[a-z]{2,6}\s*\Z", re.IGNORECASE)
_SENTENCE_END = (".", "!", "…", ";", ":", ",")
_EDGE_SYMBOLS = " \t-–—|•·*▪►▶●○◆■□>\"'"


@dataclass(frozen=True)
class CleanedText:
    """Headline, article text (paragraphs joined by blank lines) and the paragraphs."""

    title: str
    text: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class _Line:
    text: str
    key: str
    words: int


@dataclass(frozen=True)
class _Boilerplate:
    # Prefixes are grouped by their first word, so a line is compared with a handful only.
    prefixes: dict[str, tuple[str, ...]]
    credits: dict[str, tuple[str, ...]]
    whole: frozenset[str]
    counters: frozenset[str]


def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for phrase in phrases:
        key = normalize_text(phrase)
        if key:
            grouped.setdefault(key.split()[0], []).append(key)
    return {word: tuple(keys) for word, keys in grouped.items()}


@cache
def _boilerplate() -> _Boilerplate:
    knowledge = cleaning_knowledge()
    return _Boilerplate(
        prefixes=_by_first_word(knowledge.line_prefixes),
        credits=_by_first_word(knowledge.credit_prefixes),
        whole=frozenset(normalize_text(w) for w in knowledge.whole_lines),
        counters=frozenset(normalize_text(w) for w in knowledge.counter_words),
    )


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _tidy(line: str) -> str:
    return " ".join(_CONTROL.sub(" ", line).split())


def _starts_with(key: str, prefix: str) -> bool:
    return key == prefix or key.startswith(prefix + " ")


def _followed_by_colon_or_dash(text: str, prefix_key: str) -> bool:
    # The raw characters right after the prefix's words, e.g. "Фото: …", "Photo — …".
    words = len(prefix_key.split())
    found = list(WORD_RE.finditer(text))
    if len(found) < words:
        return False
    after = text[found[words - 1].end() :].lstrip()
    return after[:1] in (":", "-", "–", "—", "|") or not after


def _is_furniture(line: _Line) -> bool:
    text, key = line.text, line.key
    if not any(map(str.isalpha, text)):
        return True
    tokens = key.split()
    if all(len(token) <= 1 for token in tokens):
        return True
    if _URL_LINE.match(text):
        return True
    boilerplate = _boilerplate()
    if key in boilerplate.whole:
        return True
    for prefix in boilerplate.prefixes.get(tokens[0], ()):
        if _starts_with(key, prefix) and (
            line.words <= _PREFIX_LINE_MAX_WORDS or _followed_by_colon_or_dash(text, prefix)
        ):
            return True
    for prefix in boilerplate.credits.get(tokens[0], ()):
        if _starts_with(key, prefix) and _followed_by_colon_or_dash(text, prefix):
            return True
    if (
        len(tokens) <= 4
        and any(t.isdigit() for t in tokens)
        and any(t in boilerplate.counters for t in tokens)
    ):
        return True
    mentions = date_line_mentions(text, max_other_words=_DATE_LINE_OTHER_WORDS)
    return bool(mentions) and (any(m.month is not None for m in mentions) or line.words <= 2)


def _strip_site_suffix(text: str) -> str:
    return _SITE_SUFFIX.sub("", text)


def _is_headline_like(line: _Line) -> bool:
    return (
        _HEADLINE_MIN_WORDS <= line.words <= _HEADLINE_MAX_WORDS
        and not line.text.rstrip("\"'»”’) ").endswith(_SENTENCE_END)
        and not date_line_mentions(line.text)
    )


def _is_sentence(line: _Line) -> bool:
    return line.text.rstrip("\"'»”’) ").endswith((".", "!", "?", "؟", "…"))


def _is_byline_like(line: _Line) -> bool:
    return line.words <= _BYLINE_MAX_WORDS and not line.text.endswith((*_SENTENCE_END, "?", "؟"))


def _make_line(text: str) -> _Line:
    key = normalize_text(_strip_site_suffix(text))
    return _Line(text, key, len(key.split()))


def _title_text(text: str) -> str:
    stripped = _strip_site_suffix(text)
    # Leading decoration such as "🔴🔴🔴" or bullets is not part of the headline.
    start = 0
    while start < len(stripped) and (
        stripped[start] in _EDGE_SYMBOLS or unicodedata.category(stripped[start]) in ("So", "Sk", "Cf")
    ):
        start += 1
    return stripped[start:].strip()


def _find_headline(lines: list[_Line]) -> int | None:
    first_long = next((i for i, line in enumerate(lines) if line.words >= _LONG_PARAGRAPH_WORDS), len(lines))
    zone = range(min(first_long, _HEADLINE_SEARCH_LINES))
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    for index in zone:
        if counts[lines[index].key] > 1 and lines[index].words >= _HEADLINE_MIN_WORDS:
            return index
    candidates = [i for i in zone if _is_headline_like(lines[i])]
    if not candidates:
        return None
    return max(candidates, key=lambda i: (lines[i].words, -i))


def _shorten(sentence: str) -> str:
    if len(sentence) <= _TITLE_MAX_CHARS:
        return sentence
    cut = sentence[:_TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _drop_metadata(raw: str) -> str:
    match = _METADATA.match(raw)
    if match is None:
        return raw
    rest = raw[match.end() :]
    first, _, remainder = rest.partition("\n")
    if not any(c.isalpha() for c in _TIME.sub("", first)):
        return remainder
    return rest


def clean_text(raw: str) -> CleanedText:
    """Headline and article paragraphs of a crawled page, without site furniture.

    When the page has no headline line, its opening sentence becomes the title and the
    text starts after it (a sentence too long for a title stays in the text, and the
    title is its shortened form).
    """
    lines = [_make_line(t) for t in map(_tidy, _drop_metadata(raw).splitlines()) if t]
    lines = [line for line in lines if not _is_furniture(line)]
    headline = _find_headline(lines)
    title = ""
    if headline is not None:
        title = _title_text(lines[headline].text)
        title_key = lines[headline].key
        first_long = next(
            (i for i, line in enumerate(lines) if i > headline and line.words >= _LONG_PARAGRAPH_WORDS),
            len(lines),
        )
        # Before the headline is page chrome, but a full sentence is kept wherever it stands.
        body = [
            line
            for i, line in enumerate(lines)
            if line.key != title_key
            and (i > headline or _is_sentence(line))
            and not (headline < i < first_long and _is_byline_like(line))
        ]
    else:
        body = lines
    paragraphs: list[str] = []
    seen: set[str] = set()
    for line in body:
        if line.key in seen:
            continue
        seen.add(line.key)
        paragraphs.append(line.text)
    if not title and paragraphs:
        sentences = split_sentences(paragraphs[0])
        if sentences:
            title = _shorten(sentences[0])
            if title == sentences[0]:
                rest = paragraphs[0][paragraphs[0].find(title) + len(title) :].strip()
                paragraphs = ([rest] if rest else []) + paragraphs[1:]
    return CleanedText(title=title, text="\n\n".join(paragraphs), paragraphs=tuple(paragraphs))
