"""The one error handler: log with the update's context, apologise in the reader's language, report."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import interface_language, translator
from bot.settings import Settings
from handlers.context import SERVICES_KEY, language
from handlers.render import MESSAGE_LIMIT, escape

log = logging.getLogger(__name__)

REPORT_TRACEBACK_CHARS = 3000


def describe(update: object) -> str:
    """The update in one line for logs and reports: its kind, chat, user and what was asked."""
    if not isinstance(update, Update):
        return repr(update)[:200]
    parts = [f"update={update.update_id}"]
    if update.effective_chat:
        parts.append(f"chat={update.effective_chat.id} ({update.effective_chat.type})")
    if update.effective_user:
        parts.append(f"user={update.effective_user.id}")
    if update.callback_query:
        parts.append(f"button={update.callback_query.data!r}")
    elif update.inline_query:
        parts.append(f"inline={update.inline_query.query[:100]!r}")
    elif update.effective_message and update.effective_message.text:
        parts.append(f"text={update.effective_message.text[:100]!r}")
    return " ".join(parts)


def report_text(update: object, error: BaseException | None) -> str:
    """An error report for the error chat: escaped, with the end of the traceback, under the limit."""
    trace = "".join(traceback.format_exception(error)) if error else "no exception"
    trace = trace[-REPORT_TRACEBACK_CHARS:]
    name = type(error).__name__ if error else "Error"
    text = f"⚠️ <b>{escape(name)}</b>\n{escape(describe(update))}\n\n<pre>{escape(trace)}</pre>"
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 7] + "</pre>"


def _reader_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    if SERVICES_KEY in context.bot_data:
        return language(update, context)
    user = update.effective_user
    return interface_language(user.language_code if user else None)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with the update's context; apologise to the reader; report to ERROR_CHAT_ID."""
    log.error("handler failed: %s", describe(update), exc_info=context.error)
    settings = context.bot_data.get("settings")
    if isinstance(settings, Settings) and settings.error_chat_id is not None:
        try:
            await context.bot.send_message(settings.error_chat_id, report_text(update, context.error))
        except TelegramError as error:
            log.warning("could not report the error to chat %s: %s", settings.error_chat_id, error)
    if not isinstance(update, Update):
        return
    _ = translator(_reader_language(update, context))
    apology = _("Sorry, something went wrong on my side. Please try again in a moment.")
    try:
        if update.callback_query:
            await update.callback_query.answer(apology)
        elif update.effective_message:
            await update.effective_message.reply_text(apology, do_quote=False)
    except TelegramError:  # the apology itself failed (the chat is gone, the query expired): logged above
        log.warning("could not apologise: %s", describe(update))
