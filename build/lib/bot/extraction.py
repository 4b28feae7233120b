"""From what an admin sends to plain article text: file decoding, HTML to text, boilerplate (pure).

No I/O beyond reading the packaged cue list: bytes or markup in, text and metadata out.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path, PurePosixPath

import trafilatura

MAX_FILE_BYTES = 1024 * 1024
MIN_ARTICLE_WORDS = 8
# Lines this short are menus or labels unless they are part of a longer article.
SHORT_LINE_WORDS = 3
BOILERPLATE_LINE_WORDS = 12
TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

_BOILERPLATE_FILE = Path(__file__).with_name("boilerplate.toml")
_WORD = re.compile(r"\w+", re.UNICODE)
_NOISE_ONLY = re.compile(r"^[\W\d_]*$|^(?:\s*(?:https?://\S+|#\w+|@\w+)[\s|·•,;:]*)+$", re.UNICODE)
_BINARY_SIGNATURES = (
    b"%PDF",  # PDF
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"RIFF",  # WebP, WAV, AVI
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"BM",  # bitmap (checked with a NUL below: "BM" alone starts words too)
    b"PK\x03\x04",  # ZIP, DOCX, ODT, EPUB
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"BZh",
    b"\xfd7zXZ",
    b"\xd0\xcf\x11\xe0",  # old Office documents
    b"\x7fELF",
    b"MZ",  # Windows executables (also checked with a NUL)
    b"OggS",
    b"ID3",
    b"\x00\x00\x00",  # MP4, HEIC and other ISO media files
)


class FileProblem(StrEnum):
    """Why a file cannot be read as a document."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    UNSUPPORTED = "unsupported"


class UnreadableFileError(ValueError):
    """A file that is not a text document this bot reads."""

    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class NoArticleError(ValueError):
    """Text or a page that holds no article: nothing, or only site boilerplate."""


@dataclass(frozen=True)
class Article:
    """An article's text with the metadata its page states."""

    title: str | None
    text: str
    published: date | None = None
    site_name: str | None = None

    def as_raw_text(self) -> str:
        """Title and text as one document text (the title once, as its first line)."""
        text = self.text.strip()
        title = (self.title or "").strip()
        if not title or text.startswith(title):
            return text
        return f"{title}\n\n{text}"


def file_kind(file_name: str | None) -> str | None:
    """``text``, ``markdown`` or ``html`` for the file names this bot reads; None for any other."""
    if not file_name:
        return None
    return TEXT_SUFFIXES.get(PurePosixPath(file_name).suffix.lower())


def _has_binary_signature(data: bytes) -> bool:
    head = data[:16]
    has_nul = b"\x00" in data[:4096]
    for signature in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return signature not in (b"BM", b"MZ") or has_nul
    return False


def looks_binary(data: bytes) -> bool:
    """Whether bytes are a known binary format (PDF, image, archive, office file …) or not text at all."""
    return _has_binary_signature(data) or _decode(data) is None


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 (with BOM, or plainly UTF-16), or CP1251.

    Raises UnreadableFileError for an empty, too large or binary file.
    """
    if not data.strip():
        raise UnreadableFileError(FileProblem.EMPTY)
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFileError(FileProblem.TOO_LARGE)
    text = _decode(data)
    if text is None or _control_share(text) > 0.01:
        raise UnreadableFileError(FileProblem.BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise UnreadableFileError(FileProblem.EMPTY)
    return text


def _decode(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return _try(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _try(data, "utf-16")
    if _has_binary_signature(data):
        return None
    decoded = _try(data, "utf-8")
    if decoded is not None and _control_share(decoded) <= 0.01:
        return decoded
    order = _utf16_byte_order(data)
    if order is not None:
        decoded = _try(data, order)
        if decoded is not None and _control_share(decoded) <= 0.01 and _letter_share(decoded) >= 0.6:
            return decoded
    if b"\x00" in data:
        return None
    decoded = _try(data, "cp1251")
    # CP1251 maps almost every byte to something: accept it only when the result reads like words.
    if decoded is not None and _letter_share(decoded) >= 0.6:
        return decoded
    return None


def _utf16_byte_order(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: one byte of each pair (the high one) barely varies, because
    a text's letters come from one or two alphabets (NUL for Latin, 0x04 for Cyrillic, 0x06 for Persian)."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    for order, high, low in (
        ("utf-16-le", sample[1::2], sample[0::2]),
        ("utf-16-be", sample[0::2], sample[1::2]),
    ):
        if _top_share(high) >= 0.85 and _top_share(low) < 0.6:
            return order
    return None


def _top_share(values: bytes) -> float:
    """How much of a byte sequence its three most common values make up."""
    return sum(count for _value, count in Counter(values).most_common(3)) / max(len(values), 1)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _control_share(text: str) -> float:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls / max(len(text), 1)


def _letter_share(text: str) -> float:
    visible = [char for char in text if not char.isspace()]
    if not visible:
        return 0.0
    return sum(1 for char in visible if char.isalpha() or char in ".,;:!?-—–()«»\"'0123456789") / len(visible)


def markdown_to_text(markdown: str) -> str:
    """Markdown reduced to plain text: headings, emphasis, links, images, quotes and code fences."""
    lines = []
    for line in markdown.split("\n"):
        if line.strip().startswith("```"):
            continue
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", line)
        line = re.sub(r"`([^`]+)`", r"\1", line)
        lines.append(line.rstrip())
    return "\n".join(lines).strip()


def html_to_article(markup: str, *, url: str | None = None) -> Article:
    """The main text of an HTML page, with its title, date and site name; NoArticleError if none."""
    extracted = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # No deduplicate: it remembers paragraphs across calls and would cut a page fetched twice.
    )
    text = _extracted_field(extracted, "text")
    if not text or not has_article(text):
        raise NoArticleError("no article text in the page")
    published = None
    if stated := _extracted_field(extracted, "date"):
        try:
            published = date.fromisoformat(stated[:10])
        except ValueError:
            published = None
    title = _extracted_field(extracted, "title")
    return Article(
        title=" ".join(title.split()) if title else None,
        text=text.strip(),
        published=published,
        site_name=_extracted_field(extracted, "sitename"),
    )


def _extracted_field(extracted: object, name: str) -> str | None:
    value = getattr(extracted, name, None) if extracted is not None else None
    return value.strip() or None if isinstance(value, str) else None


def file_to_article(data: bytes, file_name: str | None) -> Article:
    """A .txt, .md or .html file as an article (raises UnreadableFileError or NoArticleError)."""
    kind = file_kind(file_name)
    if kind is None:
        raise UnreadableFileError(FileProblem.BINARY if looks_binary(data) else FileProblem.UNSUPPORTED)
    text = decode_text(data)
    if kind == "html":
        return html_to_article(text)
    if kind == "markdown":
        text = markdown_to_text(text)
    if not has_article(text):
        raise NoArticleError("no article text in the file")
    return Article(title=None, text=text)


@lru_cache(maxsize=1)
def boilerplate_cues() -> re.Pattern[str]:
    """The curated cue phrases of site boilerplate (English, Russian, Kazakh, Persian) as one pattern."""
    with _BOILERPLATE_FILE.open("rb") as handle:
        cues = tomllib.load(handle)["cues"]
    parts = []
    for cue in cues:
        cue = cue.casefold()
        if cue.endswith("*"):
            parts.append(re.escape(cue[:-1]))
        else:
            parts.append(re.escape(cue) + r"(?!\w)")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.UNICODE)


def is_boilerplate_line(line: str) -> bool:
    """A menu, share bar, footer or link-only line rather than article text."""
    stripped = line.strip()
    if not stripped or "©" in stripped:
        return True
    if _NOISE_ONLY.match(stripped):
        return True
    words = _WORD.findall(stripped)
    if len(words) <= BOILERPLATE_LINE_WORDS:
        return boilerplate_cues().search(stripped.casefold()) is not None
    return False


def article_words(text: str) -> int:
    """How many words of a text are article text: not boilerplate lines, not stray short labels."""
    total = 0
    for line in text.split("\n"):
        if is_boilerplate_line(line):
            continue
        words = len(_WORD.findall(line))
        if words > SHORT_LINE_WORDS:
            total += words
    return total


def article_text(text: str) -> str:
    """The text without its boilerplate lines."""
    return "\n".join(line for line in text.split("\n") if not is_boilerplate_line(line))


def has_article(text: str) -> bool:
    """Whether a text holds an article, not just site furniture (menus, share bars, copyright)."""
    return article_words(text) >= MIN_ARTICLE_WORDS
