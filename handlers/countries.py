"""/countries and /country (alias /policy): what the documents say, country by country."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.i18n import plural_translator
from bot.understanding import resolve_country
from handlers.context import gettext, services
from handlers.flood import admit
from handlers.keyboards import (
    brief_keyboard,
    country_keyboard,
    paged_keyboard,
    parse_country,
    parse_page,
    pressed_country,
)
from handlers.render import brief_text, country_label, document_entry, entries_within, escape
from handlers.replies import edit_html, reply_html

SOURCES_PAGE = 5
_REGIONAL_A = 0x1F1E6


def flag_country(text: str) -> str | None:
    """The ISO code of a flag emoji (two regional-indicator letters), e.g. 🇮🇷 → IR."""
    letters = [ord(char) - _REGIONAL_A for char in text.strip()]
    if len(letters) == 2 and all(0 <= letter < 26 for letter in letters):
        return "".join(chr(ord("A") + letter) for letter in letters)
    return None


def find_country(text: str) -> str | None:
    """A country's ISO code from what a reader typed: a name in any language, a code or a flag."""
    text = text.strip()
    if not text:
        return None
    return flag_country(text) or resolve_country(text)


async def countries(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every country with documents, and how many each has."""
    lang, _ = gettext(update, context)
    ngettext = plural_translator(lang)
    counts = await services(context).documents.country_counts()
    if not counts:
        await reply_html(update, _("I have no documents yet."))
        return
    lines = [_("<b>Countries I have documents about</b>"), ""]
    for entry in counts:
        documents = ngettext("{n} document", "{n} documents", entry.documents).format(n=entry.documents)
        lines.append(f"{country_label(entry.country, lang)} — {documents} · /country_{entry.country.lower()}")
    keyboard = country_keyboard([(c.country, c.documents) for c in counts], lang)
    await reply_html(update, "\n".join(lines), keyboard=keyboard)


async def asked_country(update: Update, context: ContextTypes.DEFAULT_TYPE, prompt: str) -> str | None:
    """The country a command's argument names; without one the reader gets ``prompt`` (translated), an
    unknown name gets a short explanation, and both give None."""
    _lang, _ = gettext(update, context)
    query = " ".join(context.args or []).strip()
    if not query:
        await reply_html(update, prompt)
        return None
    code = find_country(query)
    if code is None:
        await reply_html(
            update,
            _("I don't know a country called “{name}”. Try /countries to see the ones I have.").format(
                name=escape(query[:100])
            ),
        )
    return code


async def country(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/country <name|code|flag>``: the country's brief."""
    _lang, _ = gettext(update, context)
    code = await asked_country(update, context, _("Which country? For example: /country Iran or /country kz"))
    if code:
        await send_country(update, context, code)


async def country_shortcut(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/country_kz`` as printed by /countries."""
    message = update.effective_message
    command = (message.text or "").split()[0].split("@")[0] if message else ""
    code = find_country(command.removeprefix("/country_"))
    if code:
        await send_country(update, context, code)


async def country_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A country button (``country:<CC>``) pressed under /start, /countries or a document."""
    code = await pressed_country(update, context, "country")
    if code and update.callback_query and await admit(update, context):
        await update.callback_query.answer()
        await send_country(update, context, code, admitted=True)


async def send_country(
    update: Update, context: ContextTypes.DEFAULT_TYPE, code: str, *, admitted: bool = False
) -> None:
    """Reply with a country's brief: what the sources report, the newest documents, and buttons."""
    if not admitted and not await admit(update, context):
        return
    lang, _ = gettext(update, context)
    found = await services(context).briefs.brief(code)
    if found is None:
        await reply_html(
            update, _("I have no documents about {country} yet.").format(country=country_label(code, lang))
        )
        return
    brief, total = found
    await reply_html(update, brief_text(brief, lang, total=total), keyboard=brief_keyboard(code, lang))


async def sources_page_text(
    context: ContextTypes.DEFAULT_TYPE, code: str, page: int, lang: str
) -> tuple[str, int, list[tuple[int, int]]]:
    """A page of a country's documents, newest first: text, page count, (number, document id) pairs."""
    ngettext = plural_translator(lang)
    store = services(context).documents
    total = next((c.documents for c in await store.country_counts() if c.country == code), 0)
    pages = max(1, -(-total // SOURCES_PAGE))
    page = min(max(page, 0), pages - 1)
    documents = await store.by_country(code, limit=SOURCES_PAGE, offset=page * SOURCES_PAGE)
    header = (
        f"<b>{country_label(code, lang)} — "
        + ngettext("{n} document", "{n} documents", total).format(n=total)
        + "</b>"
    )
    numbered = [(page * SOURCES_PAGE + index + 1, document.id) for index, document in enumerate(documents)]
    entries = [
        document_entry(document, lang, number=number, body_limit=300)
        for (number, _id), document in zip(numbered, documents, strict=True)
    ]
    return entries_within(entries, header), pages, numbered


async def sources_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``src:<CC>`` under a brief: the country's documents, newest first, as a new paged message."""
    code = await pressed_country(update, context, "src")
    if code is None or update.callback_query is None:
        return
    await update.callback_query.answer()
    lang, _ = gettext(update, context)
    text, pages, numbered = await sources_page_text(context, code, 0, lang)
    await reply_html(update, text, keyboard=paged_keyboard("docs", code, 0, pages, numbered))


async def sources_page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``docs:<CC>:<page>``: another page of a country's documents, in the same message."""
    query = update.callback_query
    if query is None:
        return
    lang, _ = gettext(update, context)
    parsed = parse_page(query.data or "", "docs")
    code = parse_country(f"c:{parsed[0]}", "c") if parsed else None
    if parsed is None or code is None:
        await query.answer(_("This button no longer works. Please send the command again."))
        return
    await query.answer()
    text, pages, numbered = await sources_page_text(context, code, parsed[1], lang)
    page = min(parsed[1], pages - 1)
    await edit_html(query, text, keyboard=paged_keyboard("docs", code, page, pages, numbered))


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("countries", countries))
    application.add_handler(CommandHandler(["country", "policy"], country))
    application.add_handler(CallbackQueryHandler(country_button, pattern=r"^country:"))
    application.add_handler(CallbackQueryHandler(sources_button, pattern=r"^src:"))
    application.add_handler(CallbackQueryHandler(sources_page_button, pattern=r"^docs:"))
    application.add_handler(MessageHandler(filters.Regex(r"^/country_[A-Za-z]{2}(@\w+)?$"), country_shortcut))
