"""Everything that turns data into Telegram HTML: escaping, citations, splitting long messages.

No handler builds HTML from document or user text by itself: it goes through these functions, which
escape every piece they are given.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from bot.briefs import CountryBrief
from bot.i18n import N_, format_published, plural_translator, translator
from bot.search import Passage
from bot.timeline import Timeline, TimelineEvent
from bot.understanding import country_flag, country_name
from storage.documents import Document

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
# Right-to-left mark: keeps a Persian paragraph right-to-left even when it opens with Latin or digits.
RLM = "\u200f"
_RTL_LANGUAGES = frozenset({"fa", "ar", "ur", "ps", "he"})
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
        _ = translator(language)
        return "🌐 " + _("unknown country")
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


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji flag is four)."""
    return len(text.encode("utf-16-le")) // 2


def directional(text: str, language: str | None) -> str:
    """Plain text with each paragraph marked right-to-left when the text's language is written so."""
    if language not in _RTL_LANGUAGES:
        return text
    return "\n".join(RLM + line if line.strip() else line for line in text.split("\n"))


def excerpt(text: str, limit: int = 300) -> str:
    """The opening of a text cut at a word boundary (plain text, not escaped)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—-") + "…"


def trimmed(passage: Passage, limit: int) -> Passage:
    """The passage cut at a word boundary to at most ``limit`` characters, its marks kept inside."""
    if len(passage.text) <= limit:
        return passage
    cut = passage.text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-")
    spans = tuple((start, end) for start, end in passage.highlights if end <= len(cut))
    return Passage(cut + "…", spans)


def document_entry(
    document: Document,
    language: str,
    *,
    passage: Passage | None = None,
    number: int | None = None,
    body_limit: int = 600,
) -> str:
    """A document as one list entry: title, citation, then an excerpt or the matched passage."""
    if passage:
        shown = trimmed(passage, body_limit)
        body = marked(shown.text, shown.highlights)
    else:
        body = escape(excerpt(document.text, min(body_limit, 300)))
    if document.language in _RTL_LANGUAGES:
        body = RLM + body
    prefix = f"{number}. " if number is not None else "📄 "
    return f"{prefix}<b>{escape(document.title)}</b>\n{citation(document, language)}\n{body}"


def entries_within(entries: list[str], header: str, limit: int = MESSAGE_LIMIT - 96) -> str:
    """Header and entries joined by blank lines, as many whole entries as fit in one message."""
    out = header
    for entry in entries:
        candidate = f"{out}\n\n{entry}"
        if utf16_len(candidate) > limit:
            break
        out = candidate
    return out


# Policy-action kinds as the understanding package names them, shown in the reader's language.
ACTION_NAMES = {
    "block": N_("blocking"),
    "throttle": N_("throttling"),
    "unblock": N_("unblocking"),
    "deny": N_("official denial"),
    "state_messenger": N_("state messenger"),
    "legal": N_("laws and courts"),
    "cooperation": N_("talks with the platform"),
}
# Messenger names are proper names; the catalogs spell them as readers of each language do.
MESSENGER_NAMES = {
    "Telegram": N_("Telegram"),
    "WhatsApp": N_("WhatsApp"),
    "Signal": N_("Signal"),
    "Viber": N_("Viber"),
    "Aitu": N_("Aitu"),
    "Soroush": N_("Soroush"),
    "Gap": N_("Gap"),
    "Eitaa": N_("Eitaa"),
    "Bale": N_("Bale"),
    "Rubika": N_("Rubika"),
    "iGap": N_("iGap"),
    "Instagram": N_("Instagram"),
    "Max": N_("Max"),
    "WeChat": N_("WeChat"),
    "Skype": N_("Skype"),
    "Telegram Talaei": N_("Telegram Talaei"),
    "Hotgram": N_("Hotgram"),
    "Facebook Messenger": N_("Facebook Messenger"),
    "IMO": N_("IMO"),
    "Line": N_("Line"),
    "Discord": N_("Discord"),
    "Facebook": N_("Facebook"),
    "YouTube": N_("YouTube"),
    "Zangi": N_("Zangi"),
    "Botim": N_("Botim"),
}


def action_name(kind: str, language: str) -> str:
    """A policy-action kind in the reader's language (plain text)."""
    known = ACTION_NAMES.get(kind.lower())
    return translator(language)(known) if known else kind.replace("_", " ")


def messenger_name(name: str, language: str) -> str:
    """A messenger's name as readers of the language write it (plain text)."""
    known = MESSENGER_NAMES.get(name)
    return translator(language)(known) if known else name


def joined(items: Sequence[str], language: str) -> str:
    """Items listed with the language's comma (Persian writes ``،``)."""
    return ("، " if language in _RTL_LANGUAGES else ", ").join(items)


def document_links(ids: Sequence[int]) -> str:
    """``/doc_3, /doc_5``: tappable references to documents."""
    return ", ".join(f"/doc_{document_id}" for document_id in ids)


def brief_text(brief: CountryBrief, language: str, *, entries: int = 5, total: int | None = None) -> str:
    """A country brief: what the sources report about each messenger, then the newest documents."""
    _ = translator(language)
    ngettext = plural_translator(language)
    count = total if total is not None else brief.documents
    header = f"{country_label(brief.country, language)} — " + ngettext(
        "{n} document", "{n} documents", count
    ).format(n=count)
    lines = [f"<b>{header}</b>"]
    span = date_span(brief.date_from, brief.date_to)
    sources = ngettext("From {n} source", "From {n} sources", brief.sources).format(n=brief.sources)
    lines.append(escape(f"{sources}, {span}." if span else f"{sources}."))
    if brief.messenger_actions:
        lines += ["", _("<b>What the sources report</b>")]
        for report in brief.messenger_actions[:8]:
            lines.append(
                "• "
                + escape(
                    f"{messenger_name(report.messenger, language)} — {action_name(report.action, language)}"
                )
                + f": {document_links(report.document_ids)}"
            )
    if brief.entries:
        lines += ["", _("<b>Newest documents</b>")]
        for entry in brief.entries[:entries]:
            sentence = escape(excerpt(entry.key_sentence, 400))
            if entry.document.language in _RTL_LANGUAGES:
                sentence = RLM + sentence
            lines.append(f"📄 {sentence}\n{citation(entry.document, language)}")
    return "\n".join(lines)


def date_span(first: str | None, last: str | None) -> str:
    """``2017 – 2024`` (years), or one year, or empty when no dates are known (plain text)."""
    years = sorted({value[:4] for value in (first, last) if value})
    if not years:
        return ""
    if len(years) == 1:
        return years[0]
    return f"{years[0]} – {years[-1]}"


def event_line(event: TimelineEvent, language: str) -> str:
    """One timeline event for the text timeline: date, what happened, title and citation."""
    _ = translator(language)
    day = format_published(event.date, event.precision, language)
    what = joined([messenger_name(name, language) for name in event.messengers], language)
    if event.actions:
        actions = joined([action_name(kind, language) for kind in event.actions], language)
        what = f"{what or _('messengers')} — {actions}"
    source = event.source or _("source not recorded")
    title = escape(excerpt(event.title, 200))
    if event.language in _RTL_LANGUAGES:
        title = RLM + title
    head = f"<b>{escape(day)}</b>" + (f" · {escape(what)}" if what else "")
    return f"{head}\n{title}\n{escape(source)} · /doc_{event.document_id}"


def timeline_text(timeline: Timeline, language: str) -> str:
    """The timeline as text, oldest first, for screen readers and for full titles."""
    _ = translator(language)
    header = _("<b>{country}: timeline</b>").format(country=country_label(timeline.country, language))
    lines = [header]
    for event in timeline.events:
        lines += ["", event_line(event, language)]
    if timeline.undated:
        lines += ["", _("<b>Without a known date</b>")]
        for event in timeline.undated:
            lines += ["", event_line(event, language)]
    return "\n".join(lines)


def document_card(document: Document, language: str, summary: Sequence[str]) -> str:
    """/doc's head: title, source, date, language, country, messengers, actions and summary."""
    _ = translator(language)
    messengers = joined([messenger_name(name, language) for name in document.messengers], language) or "—"
    actions = (
        joined(list(dict.fromkeys(action_name(a.kind, language) for a in document.actions)), language) or "—"
    )
    lines = [
        f"<b>{escape(document.title)}</b>",
        citation(document, language),
        _("Country: {country}").format(country=country_label(document.country, language)),
        _("Language: {language}").format(language=escape(language_name(document.language, language))),
        _("Messengers: {messengers}").format(messengers=escape(messengers)),
        _("Actions: {actions}").format(actions=escape(actions)),
    ]
    if summary:
        lines += ["", _("<b>Summary</b>")]
        lines += ["• " + escape(directional(sentence, document.language)) for sentence in summary]
    return "\n".join(lines)


def document_body(document: Document) -> str:
    """The document's full text, escaped, Persian kept right-to-left."""
    return escape(directional(document.text, document.language))


def document_file_text(document: Document, language: str) -> str:
    """The document as a plain-text file: title, source, address, date, then the full text."""
    date_text = format_published(document.published, document.date_precision, language)
    head = [document.title, document.source, document.url, date_text]
    return "\n".join(line for line in head if line) + "\n\n" + document.text + "\n"


DOCUMENT_LANGUAGE_NAMES = {
    "en": N_("English"),
    "ru": N_("Russian"),
    "kk": N_("Kazakh"),
    "fa": N_("Persian"),
    "ar": N_("Arabic"),
    "uz": N_("Uzbek"),
    "ky": N_("Kyrgyz"),
    "tg": N_("Tajik"),
    "zh": N_("Chinese"),
}


def language_name(code: str, language: str) -> str:
    """A document language's name in the reader's language (the code when it has no name here)."""
    known = DOCUMENT_LANGUAGE_NAMES.get(code)
    return translator(language)(known) if known else code


def shared_excerpt(document: Document, language: str, *, passage: Passage | None = None) -> str:
    """What inline mode posts into a chat: title, the excerpt or passage, and the citation."""
    if passage and passage.text:
        shown = trimmed(passage, 700)
        body = marked(shown.text, shown.highlights)
    else:
        body = escape(excerpt(document.text, 500))
    if document.language in _RTL_LANGUAGES:
        body = RLM + body
    date_text = format_published(document.published, document.date_precision, language)
    cited = f"— {source_link(document, language)}, {escape(date_text)}"
    return f"<b>{escape(document.title)}</b>\n\n{body}\n\n{cited}"


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
    if utf16_len(markup) <= limit:
        return [markup]
    parts: list[str] = []
    rest = markup
    while rest:
        if utf16_len(rest) <= limit:
            parts.append(rest)
            break
        # Room for the closing and reopening tags; the window is counted as Telegram counts.
        cut = _cut_position(rest, _fitting(rest, limit - 64))
        head, rest = rest[:cut], rest[cut:]
        open_tags = _open_tags(head)
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        reopening = "".join(f"<{name}{attrs}>" for name, attrs in open_tags)
        parts.append(head.rstrip() + closing)
        rest = reopening + rest.lstrip()
    return [part for part in parts if plain_text(part).strip()]


def _fitting(text: str, units: int) -> int:
    """How many characters from the start of ``text`` fit in ``units`` UTF-16 code units."""
    total = 0
    for index, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > units:
            return index
    return len(text)


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
    label = _("new document")
    header = f"🔔 <b>{country_label(document.country, language)}</b> · {escape(label)}"
    lines = [header, f"<b>{escape(excerpt(document.title, 300))}</b>", citation(document, language)]
    if summary:
        lines += ["", escape(excerpt(" ".join(summary), 700))]
    return "\n".join(lines)
