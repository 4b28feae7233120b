"""/search, and any plain message in a private chat: answers from the documents, with sources.

Results come five a page; the ◀ ▶ buttons edit the same message. The query itself is not in the
buttons (callback data is limited to 64 bytes): each chat keeps its recent queries under short keys.
"""

from __future__ import annotations

from collections.abc import Callable

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
from bot.query import FilterError
from bot.search import Ranking, SearchEngine, SearchQuery
from handlers.context import gettext, services
from handlers.flood import admit
from handlers.keyboards import paged_keyboard, parse_page
from handlers.render import document_entry, entries_within, escape
from handlers.replies import edit_html, reply_html

PAGE_SIZE = 5
MAX_RESULTS = 50
QUERY_LIMIT = 500
# How many recent queries each chat remembers for its page buttons.
REMEMBERED_QUERIES = 32
QUERIES_KEY = "search_queries"
COUNTER_KEY = "search_counter"


def remember_query(chat_data: dict[str, object], text: str) -> str:
    """Store a query under a short new key, forgetting the oldest beyond ``REMEMBERED_QUERIES``."""
    queries = chat_data.setdefault(QUERIES_KEY, {})
    assert isinstance(queries, dict)
    counter = int(str(chat_data.get(COUNTER_KEY, 0))) + 1
    chat_data[COUNTER_KEY] = counter
    key = _base36(counter)
    queries[key] = text
    while len(queries) > REMEMBERED_QUERIES:
        del queries[next(iter(queries))]
    return key


def recalled_query(chat_data: dict[str, object] | None, key: str) -> str | None:
    """The query stored under the key, if this chat still remembers it."""
    queries = chat_data.get(QUERIES_KEY) if chat_data is not None else None
    found = queries.get(key) if isinstance(queries, dict) else None
    return found if isinstance(found, str) else None


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


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
    if message and message.text and message.text.strip():
        await answer_search(update, context, message.text.strip())


def filter_problem(error: FilterError, _: Callable[[str], str]) -> str:
    """What is wrong with a filter the reader wrote, and how to write it (plain text)."""
    if error.kind == "country":
        problem = _(
            "I don't know the country “{value}”. Write a name, a code or a flag: country:Iran, country:KZ."
        )
    elif error.kind == "language":
        problem = _("I don't know the language “{value}”. Write a code: lang:en, lang:ru, lang:kk, lang:fa.")
    elif error.kind == "range":
        problem = _("The dates are the wrong way round: {value}.")
    else:
        problem = _("I can't read the date “{value}”. Write a year, a month or a day: from:2024, to:2025-06.")
    return problem.format(value=error.value)


async def results_page(
    engine: SearchEngine, ranking: Ranking, text: str, page: int, lang: str
) -> tuple[str, int, int, list[tuple[int, int]]]:
    """One page of results, only its documents read: the message, the page shown, the number of pages,
    and (number, document id) pairs."""
    ngettext = plural_translator(lang)
    found = len(ranking.documents)
    pages = max(1, -(-found // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = await engine.hits(ranking, page * PAGE_SIZE, (page + 1) * PAGE_SIZE)
    counted = ngettext("{n} document found", "{n} documents found", found).format(n=found)
    header = f"🔎 <b>“{escape(text)}”</b> — {escape(counted)}"
    numbered = [(page * PAGE_SIZE + index + 1, hit.document.id) for index, hit in enumerate(shown)]
    entries = [
        document_entry(hit.document, lang, passage=hit.passage, number=number, body_limit=450)
        for (number, _id), hit in zip(numbered, shown, strict=True)
    ]
    return entries_within(entries, header), page, pages, numbered


async def answer_search(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Reply with the first page of the best matching documents and their passages."""
    if not await admit(update, context):
        return
    lang, _ = gettext(update, context)
    text = text[:QUERY_LIMIT]
    try:
        question = SearchQuery.read(text, limit=MAX_RESULTS)
    except FilterError as error:
        await reply_html(update, escape(filter_problem(error, _)))
        return
    if not question.text:
        await reply_html(
            update, _("What should I look for? Add words to the filters, e.g. Telegram country:Iran")
        )
        return
    engine = services(context).search
    ranking = await engine.rank(question)
    if not ranking.documents:
        await reply_html(
            update,
            _("Nothing found for “{query}”. Try other words, or /countries.").format(query=escape(text)),
        )
        return
    key = remember_query(context.chat_data, text) if context.chat_data is not None else "0"
    message, _page, pages, numbered = await results_page(engine, ranking, text, 0, lang)
    await reply_html(update, message, keyboard=paged_keyboard("sp", key, 0, pages, numbered))


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``sp:<key>:<page>``: another page of results, shown by editing the same message."""
    query = update.callback_query
    if query is None:
        return
    lang, _ = gettext(update, context)
    parsed = parse_page(query.data or "", "sp")
    text = recalled_query(context.chat_data, parsed[0]) if parsed else None
    if parsed is None or text is None:
        await query.answer(_("These results have expired. Please search again."))
        return
    if not await admit(update, context):
        return
    engine = services(context).search
    ranking = await engine.rank(SearchQuery.read(text, limit=MAX_RESULTS))
    if not ranking.documents:
        await query.answer(_("These results have expired. Please search again."))
        return
    await query.answer()
    message, page, pages, numbered = await results_page(engine, ranking, text, parsed[1], lang)
    await edit_html(query, message, keyboard=paged_keyboard("sp", parsed[0], page, pages, numbered))


def register(application: Application) -> None:
    """Add this feature's handlers; the plain-text search goes last so commands come first."""
    application.add_handler(CommandHandler("search", search_command))
    application.add_handler(CallbackQueryHandler(page_button, pattern=r"^sp:"))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, search_text)
    )
