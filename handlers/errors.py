"""The one error handler: log with context, apologise to the reader in their language."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import interface_language, translator

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with the update's chat and user; tell the reader something went wrong."""
    chat_id = user_id = None
    if isinstance(update, Update):
        chat_id = update.effective_chat.id if update.effective_chat else None
        user_id = update.effective_user.id if update.effective_user else None
    log.error("handler failed: chat=%s user=%s", chat_id, user_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    user = update.effective_user
    _ = translator(interface_language(user.language_code if user else None))
    try:
        await update.effective_message.reply_text(
            _("Sorry, something went wrong on my side. Please try again in a moment.")
        )
    except Exception:  # the apology itself failed (e.g. the chat is gone): already logged above
        log.warning("could not send the apology to chat=%s", chat_id)
