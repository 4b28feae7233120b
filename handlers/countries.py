"""/countries and /country: what the documents say, country by country."""

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
from handlers.render import country_label, document_entry, escape
from handlers.replies import reply_html

COUNTRY_PAGE = 5


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
    await reply_html(update, "\n".join(lines))


async def country(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One country's documents, newest first, each with an excerpt and its source."""
    _lang, _ = gettext(update, context)
    query = " ".join(context.args or []).strip()
    if not query:
        await reply_html(update, _("Which country? For example: /country Iran or /country kz"))
        return
    code = resolve_country(query)
    if code is None:
        await reply_html(
            update,
            _("I don't know a country called “{name}”. Try /countries to see the ones I have.").format(
                name=escape(query[:100])
            ),
        )
        return
    await send_country(update, context, code)


async def country_shortcut(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/country_kz`` as printed by /countries."""
    message = update.effective_message
    command = (message.text or "").split()[0].split("@")[0] if message else ""
    code = resolve_country(command.removeprefix("/country_"))
    if code:
        await send_country(update, context, code)


async def country_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A country button pressed under /start."""
    query = update.callback_query
    if query is None:
        return
    code = resolve_country((query.data or "").removeprefix("country:"))
    await query.answer()
    if code:
        await send_country(update, context, code)


async def send_country(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str) -> None:
    """Reply with a country's newest documents."""
    lang, _ = gettext(update, context)
    ngettext = plural_translator(lang)
    store = services(context).documents
    total = next((c.documents for c in await store.country_counts() if c.country == code), 0)
    if total == 0:
        await reply_html(
            update, _("I have no documents about {country} yet.").format(country=country_label(code, lang))
        )
        return
    documents = await store.by_country(code, limit=COUNTRY_PAGE)
    header = f"{country_label(code, lang)} — " + ngettext("{n} document", "{n} documents", total).format(
        n=total
    )
    entries = [document_entry(document, lang) for document in documents]
    await reply_html(update, "\n\n".join([f"<b>{header}</b>", *entries]))


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("countries", countries))
    application.add_handler(CommandHandler(["country", "policy"], country))
    application.add_handler(CallbackQueryHandler(country_button, pattern=r"^country:"))
    application.add_handler(MessageHandler(filters.Regex(r"^/country_[A-Za-z]{2}(@\w+)?$"), country_shortcut))
