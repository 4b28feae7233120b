"""/search, and any plain message in a private chat: answers from the documents, with sources."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot.search import SearchQuery
from handlers.context import gettext, services
from handlers.render import document_entry, escape
from handlers.replies import reply_html

RESULTS_SHOWN = 5
QUERY_LIMIT = 500


async def search_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/search <words>``."""
    _lang, _ = gettext(update, context)
    text = " ".join(context.args or []).strip()
    if not text:
        await reply_html(update, _("What should I look for? For example: /search Telegram Iran"))
        return
    await answer_search(update, context, text)


async def search_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A plain message in a private chat is a search."""
    message = update.effective_message
    if message and message.text:
        await answer_search(update, context, message.text)


async def answer_search(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Reply with the best matching documents and their passages."""
    lang, _ = gettext(update, context)
    text = text[:QUERY_LIMIT]
    hits = await services(context).search.search(SearchQuery(text=text, limit=RESULTS_SHOWN))
    if not hits:
        await reply_html(
            update,
            _("Nothing found for “{query}”. Try other words, or /countries.").format(query=escape(text)),
        )
        return
    header = _("🔎 <b>Results for “{query}”</b>").format(query=escape(text))
    entries = [document_entry(hit.document, lang, passage=hit.passage) for hit in hits]
    await reply_html(update, "\n\n".join([header, *entries]))


def register(application: Application) -> None:
    """Add this feature's handlers; the plain-text search goes last so commands come first."""
    application.add_handler(CommandHandler("search", search_command))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, search_text)
    )
