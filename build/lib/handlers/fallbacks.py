"""Buttons nobody else handles: the page counter, and old or malformed buttons get a short answer."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from handlers.context import gettext
from handlers.keyboards import NOOP


async def counter_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The ``2/5`` in a pager: nothing to do, but Telegram wants an answer."""
    if update.callback_query:
        await update.callback_query.answer()


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button from an older version of the bot, or data no handler understands."""
    if update.callback_query:
        _lang, _ = gettext(update, context)
        await update.callback_query.answer(_("This button no longer works. Please send the command again."))


def register(application: Application) -> None:
    """Add the catch-all button handlers; register them after every feature module."""
    application.add_handler(CallbackQueryHandler(counter_button, pattern=f"^{NOOP}$"))
    application.add_handler(CallbackQueryHandler(stale_button))
