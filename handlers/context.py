"""What every handler needs from the update and the application: services and the reader's language."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.i18n import interface_language, translator
from bot.services import Services

SERVICES_KEY = "services"


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The running bot's services (set up in ``post_init``)."""
    found = context.bot_data.get(SERVICES_KEY)
    if not isinstance(found, Services):
        raise RuntimeError("services are not set up: the application was not initialised")
    return found


def install_services(application: Application, found: Services) -> None:
    """Make the services available to every handler."""
    application.bot_data[SERVICES_KEY] = found


def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The interface language for whoever sent the update."""
    user = update.effective_user
    default = services(context).settings.default_language
    return interface_language(user.language_code if user else None, default)


def gettext(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, Callable[[str], str]]:
    """The reader's language and its ``_``."""
    lang = language(update, context)
    return lang, translator(lang)
