"""Inline mode: ``@bot <words>`` in any chat offers documents; choosing one posts a cited excerpt."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, InlineQueryHandler

from bot.i18n import format_published
from bot.query import FilterError
from bot.search import Passage, SearchQuery
from handlers.context import gettext, services
from handlers.flood import admit
from handlers.render import excerpt, shared_excerpt
from handlers.search import filter_problem
from storage.documents import Document

INLINE_RESULTS = 10
QUERY_LIMIT = 256


def article(
    document: Document, language: str, bot_username: str | None, passage: Passage | None, full_text_label: str
) -> InlineQueryResultArticle:
    """One inline result: title, source and date, an excerpt; it posts the cited excerpt."""
    date_text = format_published(document.published, document.date_precision, language)
    source = document.source or "—"
    snippet = excerpt(passage.text if passage and passage.text else document.text, 120)
    keyboard = None
    if bot_username:
        link = f"https://t.me/{bot_username}?start=doc_{document.id}"
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(full_text_label, url=link)]])
    return InlineQueryResultArticle(
        id=str(document.id),
        title=excerpt(document.title, 100),
        description=f"{source} · {date_text}\n{snippet}",
        input_message_content=InputTextMessageContent(
            shared_excerpt(document, language, passage=passage),
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        reply_markup=keyboard,
    )


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline query in one call: matching documents, or the newest for an empty query."""
    query = update.inline_query
    if query is None or not await admit(update, context):
        return
    lang, _ = gettext(update, context)
    text = query.query.strip()[:QUERY_LIMIT]
    found = services(context)
    pairs: list[tuple[Document, Passage | None]]
    try:
        question = SearchQuery.read(text, limit=INLINE_RESULTS)
    except FilterError as error:
        # No results; the button above them says what is wrong with the filter (and opens the bot).
        button = InlineQueryResultsButton(text=excerpt(filter_problem(error, _), 64), start_parameter="help")
        await query.answer(
            [], cache_time=found.settings.inline_cache_seconds, is_personal=True, button=button
        )
        return
    if question.text:
        hits = await found.search.search(question)
        pairs = [(hit.document, hit.passage) for hit in hits]
    elif text:
        pairs = []  # filters and no words: nothing to look for
    else:
        pairs = [(document, None) for document in await found.documents.latest(limit=INLINE_RESULTS)]
    label = _("📄 Full text")
    results = [article(document, lang, context.bot.username, passage, label) for document, passage in pairs]
    await query.answer(results, cache_time=found.settings.inline_cache_seconds, is_personal=True)


def register(application: Application) -> None:
    """Add this feature's handler."""
    application.add_handler(InlineQueryHandler(inline_query))
