"""/doc and /latest: one document in full, with everything detected about it; the newest documents."""

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

from bot.briefs import summarize
from handlers.context import gettext, services
from handlers.keyboards import document_keyboard, full_text_keyboard
from handlers.render import document_body, document_card, document_entry, document_file_text
from handlers.replies import fits_in_messages, reply_file, reply_html

LATEST_DEFAULT = 5
LATEST_MAX = 20


def document_id_of(text: str) -> int | None:
    """A document number as typed: ``12`` or ``#12``."""
    digits = text.strip().lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) < 12 else None


async def doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/doc <id>``: the document's metadata and summary, then its full text."""
    _lang, _ = gettext(update, context)
    document_id = document_id_of(" ".join(context.args or []))
    if document_id is None:
        await reply_html(update, _("Which document? Send its number, for example: /doc 1"))
        return
    await send_document(update, context, document_id)


async def doc_shortcut(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/doc_12`` as printed under every excerpt."""
    message = update.effective_message
    command = (message.text or "").split()[0].split("@")[0] if message else ""
    document_id = document_id_of(command.removeprefix("/doc_"))
    if document_id is not None:
        await send_document(update, context, document_id)


async def doc_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``doc:<id>``: the "full text" button under results."""
    query = update.callback_query
    if query is None:
        return
    _lang, _ = gettext(update, context)
    document_id = document_id_of((query.data or "").removeprefix("doc:"))
    if document_id is None:
        await query.answer(_("This button no longer works. Please send the command again."))
        return
    await query.answer()
    await send_document(update, context, document_id)


async def send_document(update: Update, context: ContextTypes.DEFAULT_TYPE, document_id: int) -> None:
    """Reply with one document (its full text as a .txt file when it would take over three messages)."""
    lang, _ = gettext(update, context)
    document = await services(context).documents.get(document_id)
    if document is None:
        await reply_html(update, _("There is no document number {id}.").format(id=document_id))
        return
    card = document_card(document, lang, summarize(document))
    keyboard = document_keyboard(document.country, lang)
    full = f"{card}\n\n{document_body(document)}"
    if fits_in_messages(full):
        await reply_html(update, full, keyboard=keyboard)
        return
    await reply_html(update, card)
    caption = _("Full text of document {id}, {n} characters.").format(id=document.id, n=len(document.text))
    await reply_file(
        update,
        document_file_text(document, lang),
        f"document_{document.id}.txt",
        caption=caption,
        keyboard=keyboard,
    )


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/latest [n]``: the newest documents, five unless asked for up to twenty."""
    lang, _ = gettext(update, context)
    argument = (context.args or [""])[0]
    count = int(argument) if argument.isdigit() else LATEST_DEFAULT
    count = min(max(count, 1), LATEST_MAX)
    documents = await services(context).documents.latest(limit=count)
    if not documents:
        await reply_html(update, _("I have no documents yet."))
        return
    entries = [
        document_entry(document, lang, number=i + 1, body_limit=300) for i, document in enumerate(documents)
    ]
    numbered = [(i + 1, document.id) for i, document in enumerate(documents)]
    header = _("🆕 <b>Newest documents</b>")
    await reply_html(update, "\n\n".join([header, *entries]), keyboard=full_text_keyboard(numbered))


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("doc", doc))
    application.add_handler(CommandHandler("latest", latest))
    application.add_handler(CallbackQueryHandler(doc_button, pattern=r"^doc:"))
    application.add_handler(MessageHandler(filters.Regex(r"^/doc_\d+(@\w+)?$"), doc_shortcut))
