"""Everything that turns data into Telegram HTML: escaping, citations, splitting long messages.

No handler builds HTML from document or user text by itself: it goes through these functions, which
escape every piece they are given.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from bot.i18n import format_published, translator
from bot.search import Passage
from bot.understanding import country_flag, country_name
from storage.documents import Document

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
_TAG = re.compile(r"<(/?)([a-z]+)([^>]*)>")
_ENTITY = re.compile(r"&(?:[a-z]+|#\d+);")


def escape(text: str) -> str:
    """Text made safe for Telegram HTML."""
    return html.escape(text, quote=False)


def attribute(text: str) -> str:
    """Text made safe inside a quoted HTML attribute."""
    return html.escape(text, quote=True)


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escaped text with the given character spans in bold."""
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def country_text(code: str | None, language: str) -> str:
    """Flag and name of a country as plain text (``🌐`` and "unknown country" when there is none)."""
    if not code:
        return "🌐 " + translator(language)("unknown country")
    return f"{country_flag(code)} {country_name(code, language)}"


def country_label(code: str | None, language: str) -> str:
    """Flag and name of a country, escaped for HTML."""
    return escape(country_text(code, language))


def source_link(document: Document, language: str) -> str:
    """The document's source, linked when its address is known."""
    _ = translator(language)
    name = document.source or _("source not recorded")
    if document.url:
        return f'<a href="{attribute(document.url)}">{escape(name)}</a>'
    return escape(name)


def citation(document: Document, language: str) -> str:
    """``Source · date · #id``: how every excerpt names where it comes from."""
    date_text = format_published(document.published, document.date_precision, language)
    return f"{source_link(document, language)} · {escape(date_text)} · /doc_{document.id}"


def excerpt(text: str, limit: int = 300) -> str:
    """The opening of a text cut at a word boundary (plain text, not escaped)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—-") + "…"


def document_entry(document: Document, language: str, *, passage: Passage | None = None) -> str:
    """A document as one list entry: title, citation, then an excerpt or the matched passage."""
    body = marked(passage.text, passage.highlights) if passage else escape(excerpt(document.text))
    return f"📄 <b>{escape(document.title)}</b>\n{citation(document, language)}\n{body}"


def plain_text(markup: str) -> str:
    """Telegram HTML reduced to readable plain text (links keep their address)."""
    markup = re.sub(r'<a href="([^"]*)">(.*?)</a>', lambda m: f"{m.group(2)} ({m.group(1)})", markup)
    return html.unescape(_TAG.sub("", markup))


def split_message(markup: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split HTML into parts of at most ``limit`` characters.

    Cuts fall on paragraph, then line, then sentence, then word boundaries; a tag open at a cut is
    closed at the end of its part and opened again at the start of the next, and no cut falls inside
    a tag or an entity.
    """
    if len(markup) <= limit:
        return [markup]
    parts: list[str] = []
    rest = markup
    while rest:
        if len(rest) <= limit:
            parts.append(rest)
            break
        cut = _cut_position(rest, limit - 64)  # room for the closing and reopening tags
        head, rest = rest[:cut], rest[cut:]
        open_tags = _open_tags(head)
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        reopening = "".join(f"<{name}{attrs}>" for name, attrs in open_tags)
        parts.append(head.rstrip() + closing)
        rest = reopening + rest.lstrip()
    return [part for part in parts if plain_text(part).strip()]


def _cut_position(markup: str, limit: int) -> int:
    window = markup[:limit]
    protected = _protected_ranges(markup[: limit + 2048])
    for separator in ("\n\n", "\n", ". ", "? ", "! ", "؟ ", " "):
        position = window.rfind(separator)
        while position > 0:
            cut = position + len(separator)
            if not any(start < cut < end for start, end in protected):
                if cut > limit // 4:
                    return cut
                break
            position = window.rfind(separator, 0, position)
    # A single unbroken run: cut where no tag or entity is split.
    cut = limit
    while any(start < cut < end for start, end in protected):
        cut -= 1
    return max(cut, 1)


def _protected_ranges(markup: str) -> list[tuple[int, int]]:
    ranges = [(m.start(), m.end()) for m in _TAG.finditer(markup)]
    ranges += [(m.start(), m.end()) for m in _ENTITY.finditer(markup)]
    return ranges


def _open_tags(markup: str) -> list[tuple[str, str]]:
    stack: list[tuple[str, str]] = []
    for match in _TAG.finditer(markup):
        closing, name, attrs = match.groups()
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    del stack[index]
                    break
        else:
            stack.append((name, attrs))
    return stack


def notification(document: Document, summary: Sequence[str], language: str) -> str:
    """A new document announced to subscribers: country, title, date and source, a summary of it."""
    _ = translator(language)
    header = f"🔔 <b>{country_label(document.country, language)}</b> · {escape(_('new document'))}"
    lines = [header, f"<b>{escape(excerpt(document.title, 300))}</b>", citation(document, language)]
    if summary:
        lines += ["", escape(excerpt(" ".join(summary), 700))]
    return "\n".join(lines)
