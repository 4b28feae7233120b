"""/doc: one document in full, with everything detected about it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from handlers.context import gettext, services
from handlers.render import citation, country_label, escape
from handlers.replies import reply_html


def _document_id(text: str) -> int | None:
    digits = text.strip().lstrip("#")
    return int(digits) if digits.isdigit() and len(digits) < 12 else None


async def doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/doc <id>``: the document's metadata, then its full text."""
    _lang, _ = gettext(update, context)
    document_id = _document_id(" ".join(context.args or []))
    if document_id is None:
        await reply_html(update, _("Which document? Send its number, for example: /doc 1"))
        return
    await send_document(update, context, document_id)


async def doc_shortcut(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/doc_12`` as printed under every excerpt."""
    message = update.effective_message
    command = (message.text or "").split()[0].split("@")[0] if message else ""
    document_id = _document_id(command.removeprefix("/doc_"))
    if document_id is not None:
        await send_document(update, context, document_id)


async def send_document(update: Update, context: ContextTypes.DEFAULT_TYPE, document_id: int) -> None:
    """Reply with one document, or say it does not exist."""
    lang, _ = gettext(update, context)
    document = await services(context).documents.get(document_id)
    if document is None:
        await reply_html(update, _("There is no document number {id}.").format(id=document_id))
        return
    messengers = ", ".join(document.messengers) or "—"
    lines = [
        f"<b>{escape(document.title)}</b>",
        citation(document, lang),
        _("Country: {country}").format(country=country_label(document.country, lang)),
        _("Language: {language}").format(language=escape(document.language)),
        _("Messengers: {messengers}").format(messengers=escape(messengers)),
        "",
        escape(document.text),
    ]
    await reply_html(update, "\n".join(lines))


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("doc", doc))
    application.add_handler(MessageHandler(filters.Regex(r"^/doc_\d+(@\w+)?$"), doc_shortcut))
