"""What every handler needs from the update and the application: services and the reader's language."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.i18n import LANGUAGES, interface_language, language_of_script, translator
from bot.services import Services
from storage.users import UserStore

SERVICES_KEY = "services"
USERS_KEY = "users"
# In user_data: the language the user chose with /language, and whether it was read from the database.
CHOSEN_LANGUAGE_KEY = "interface_language"
LANGUAGE_LOADED_KEY = "interface_language_loaded"


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The running bot's services (set up in ``post_init``)."""
    found = context.bot_data.get(SERVICES_KEY)
    if not isinstance(found, Services):
        raise RuntimeError("services are not set up: the application was not initialised")
    return found


def install_services(application: Application, found: Services) -> None:
    """Make the services available to every handler."""
    application.bot_data[SERVICES_KEY] = found


def users(context: ContextTypes.DEFAULT_TYPE) -> UserStore:
    """Readers' preferences, on the services' database."""
    database = services(context).database
    store = context.bot_data.get(USERS_KEY)
    if not isinstance(store, UserStore) or store.database is not database:
        store = UserStore(database)
        context.bot_data[USERS_KEY] = store
    return store


def _update_text(update: Update) -> str:
    if update.inline_query:
        return update.inline_query.query
    message = update.effective_message
    return (message.text or message.caption or "") if message else ""


def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The interface language for whoever sent the update.

    The language chosen with /language wins; then the user's Telegram language when it is one of
    ours; then the script the user writes in (a Persian query gets a Persian answer); then the default.
    """
    chosen = context.user_data.get(CHOSEN_LANGUAGE_KEY) if context.user_data is not None else None
    if chosen in LANGUAGES:
        return str(chosen)
    default = services(context).settings.default_language
    user = update.effective_user
    telegram = interface_language(user.language_code if user else None, "")
    if telegram:
        return telegram
    return language_of_script(_update_text(update)) or default


def gettext(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, Callable[[str], str]]:
    """The reader's language and its ``_``."""
    lang = language(update, context)
    return lang, translator(lang)


async def load_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Read the user's chosen language from the database once per user per process."""
    user = update.effective_user
    if user is None or context.user_data is None or context.user_data.get(LANGUAGE_LOADED_KEY):
        return
    chosen = await users(context).language(user.id)
    context.user_data[LANGUAGE_LOADED_KEY] = True
    if chosen:
        context.user_data[CHOSEN_LANGUAGE_KEY] = chosen


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE, chosen: str) -> None:
    """Remember the user's interface language in the database and for the next updates."""
    user = update.effective_user
    if user is None:
        return
    await users(context).set_language(user.id, chosen)
    if context.user_data is not None:
        context.user_data[CHOSEN_LANGUAGE_KEY] = chosen
        context.user_data[LANGUAGE_LOADED_KEY] = True
